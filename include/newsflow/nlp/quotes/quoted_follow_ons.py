"""A sentence ending in a quoted sentence of its own, with no cue, right after an attribution in
its paragraph: the same source goes on speaking ('… , says analyst Ken Doctor. That has produced
a strategy of “cost-cutting for a decade.”').

Why apart: the direct pass takes a quotation only when it is a sentence of its own and the
reported-speech pass only with a cue, so these mixed follow-ons fell between them (issue 17,
notfound4: cue-less quotations among the not-found attributions). ATTRIBUTION-GUIDELINE §3: a
follow-on in the paragraph of its speaker, cue null, speaker from context; the quoted part stays
inside the content, marks included.
"""

from __future__ import annotations

from spacy.tokens import Span

from .lexicon import CLOSE_DOUBLE
from .marks import QuoteRun, paragraph_bounds
from .records import Candidate
from .scores import FOLLOW_ON
from .state import QuoteState

#: fewest words a quoted clause needs to be someone's sentence, not a label or a scare quote
_MIN_QUOTED_WORDS = 4
#: a name in these, or in a word in them, is (part of) a clause's subject
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "poss"}


def quoted_sentence_follow_ons(st: QuoteState, runs: list[QuoteRun], cands: list[Candidate]) -> list[Candidate]:
    """Mixed follow-ons: a cue-less sentence closing on a quoted sentence end, after an attribution."""
    out: list[Candidate] = []
    for r in runs:
        sent = _sentence_closed_by_quote(st, r)
        if sent is None or any(_touches(c, sent.start_char, sent.end_char) for c in cands):
            continue
        prev = _attribution_before(st, sent, cands)
        if prev is None or _subject_names_another(st, sent, r.open_pos, prev):
            continue
        s = _after_last_colon(st.text, sent.start_char, r.open_pos)
        e = r.after
        out.append(Candidate(pieces=[(s, e)], kind="mixed", cue_tok=None, cue_text=None, cue_bounds=None,
                             speaker_tok=prev.speaker_tok, speaker_bounds=prev.speaker_bounds,
                             confidence=FOLLOW_ON, follows=prev))
    return out


def _sentence_closed_by_quote(st: QuoteState, r: QuoteRun) -> Span | None:
    """The sentence a closed, untaken quotation ends, when the quotation does not open it and
    closes on a sentence end of its own ('… of “a decade of cuts in local news.”')."""
    if r.close_pos is None or len(r.pieces) > 1 or r.close_len != 1 or st.text[r.close_pos] not in CLOSE_DOUBLE + '"':
        return None
    inside = st.ix.tokens_between(r.start, r.end)
    if not inside or any(st.quoted[i] for i in inside) or len(st.text[r.start:r.end].split()) < _MIN_QUOTED_WORDS:
        return None
    if st.text[r.end - 1] not in ".!?":
        return None
    sent = st.doc[inside[0]].sent
    if st.text[sent.start_char:r.open_pos].strip() == "" or st.text[r.after:sent.end_char].strip(" .\n\t\r") != "":
        return None  # a quotation that is its own sentence is the direct pass's
    return sent


def _touches(c: Candidate, s: int, e: int) -> bool:
    """Whether an attribution's content or cue lies in [s, e)."""
    spans = [*c.pieces, *([c.cue_bounds] if c.cue_bounds is not None else [])]
    return any(a < e and s < b for a, b in spans)


def _attribution_before(st: QuoteState, sent: Span, cands: list[Candidate]) -> Candidate | None:
    """The attribution with a speaker in the sentence just before, in the same paragraph."""
    if sent.start == 0:
        return None
    before = st.doc[sent.start - 1].sent
    ps, _ = paragraph_bounds(st.text, sent.start_char)
    if before.start_char < ps:
        return None
    found = [c for c in cands if c.speaker_bounds is not None and c.kind != "stance"
             and _touches(c, before.start_char, before.end_char)]
    return max(found, key=lambda c: c.pieces[-1][1], default=None)


def _subject_names_another(st: QuoteState, sent: Span, open_pos: int, prev: Candidate) -> bool:
    """'Journalist Jorge Ramos replied with a study proving “…”', 'Rubio's slogan was that …': a
    subject naming someone other than the source before makes the quotation theirs, not a follow-on."""
    assert prev.speaker_bounds is not None
    speaker = set(st.text[slice(*prev.speaker_bounds)].split())
    return any(t.pos_ == "PROPN" and t.text not in speaker and t.idx < open_pos
               and _SUBJECT_DEPS & {t.dep_, t.head.dep_} for t in sent)


def _after_last_colon(text: str, s: int, open_pos: int) -> int:
    """'That could be part of it: There could be dangers “if …”': after a colon, the writer's
    lead-in is over and the source's point begins."""
    k = text.rfind(":", s, open_pos)
    if k < 0:
        return s
    k += 1
    while k < open_pos and text[k].isspace():
        k += 1
    return k
