"""What the reported-speech frames share: the spans the earlier passes took, a content
clipped to its cue's paragraph, a candidate that holds its content only, and one that has its
cue and speaker filled in.

Why apart: every frame of pass 3 (``indirect``, ``clause_extent``, ``directives``,
``parentheticals``, ``source_phrases``) checks its content against the direct quotes and the
cue's paragraph, so these sit below all of them (no import cycle between the frames).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Token

from .marks import QuoteRun, paragraph_bounds
from .records import Candidate
from .speaker_mentions import fill_cue
from .state import QuoteState


@dataclass(frozen=True)
class Taken:
    """What the earlier passes took: direct-quote pieces (sorted, with their starts for
    bisection) and the opening marks of every quote-mark run."""

    dstarts: list[int]
    spans: list[tuple[int, int]]
    mark_pos: list[int]
    runs: list[QuoteRun]

    @classmethod
    def of(cls, direct: list[Candidate], runs: list[QuoteRun]) -> Taken:
        spans = sorted(p for c in direct for p in c.pieces)
        return cls([s for s, _ in spans], spans, sorted(r.open_pos for r in runs), runs)


def reported(pieces: list[tuple[int, int]], kind: str, confidence: float) -> Candidate:
    """A candidate with its content only: ``fill_cue`` / ``give_speaker`` add the rest."""
    return Candidate(pieces=pieces, kind=kind, cue_tok=None, cue_text=None, cue_bounds=None,
                     speaker_tok=None, speaker_bounds=None, confidence=confidence)


def same_paragraph(st: QuoteState, cue: Token, s: int, e: int) -> tuple[int, int]:
    """Clip a content to the cue's paragraph (a headline without a full stop is
    parsed into the next sentence); an empty result means no content."""
    text = st.text
    ps, pe = paragraph_bounds(text, cue.idx)
    s, e = max(s, ps), min(e, pe)
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",.;:"):
        e -= 1
    return (s, e) if e > s else (s, s)


def content_in_paragraph(st: QuoteState, cue: Token, s_tok: int, e_tok: int, dstarts: list[int],
                         spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Tokens ``s_tok..e_tok`` as a content's characters clipped to the cue's paragraph; None when
    under three characters are left or they overlap a direct quotation (it is that quote's)."""
    doc = st.doc
    s, e = same_paragraph(st, cue, doc[s_tok].idx, doc[e_tok].idx + len(doc[e_tok].text))
    return None if e - s < 3 or overlaps(st, dstarts, spans, s, e) else (s, e)


def reported_in_paragraph(st: QuoteState, cue: Token, s_tok: int, e_tok: int, taken: Taken,
                          confidence: float) -> Candidate | None:
    """Tokens ``s_tok..e_tok`` as an indirect candidate of ``cue`` (clipped to its paragraph, as
    :func:`content_in_paragraph` says), its cue and speaker filled in from the cue's sentence."""
    span = content_in_paragraph(st, cue, s_tok, e_tok, taken.dstarts, taken.spans)
    if span is None:
        return None
    cand = reported([span], "indirect", confidence)
    fill_cue(st, cand, cue, cue.sent.start_char, cue.sent.end_char)
    return cand


def overlaps(st: QuoteState, dstarts: list[int], spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) overlaps one of the sorted direct-quote ``spans``."""
    k = bisect.bisect_right(dstarts, e)
    for j in range(max(0, k - 3), k):
        ds, de = spans[j]
        if ds < e and s < de:
            return True
    return False
