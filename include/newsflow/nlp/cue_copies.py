"""One attribution per cue where the tagger's copy of a rule quote meets it (``combine``).

Why a seam of its own: ``combine._add`` leaves out a tagger attribution that overlaps a rule
quote by more than ``MAX_OVERLAP`` of the tagger's length, so a longer copy of the same cue
passes ('he said he pressed his team to …, then trimmed that a little and asked for …': the
rules took 'then trimmed that a little', the tagger the whole clause), and one cue then
carries two attributions, one of them always a false positive (ATTRIBUTION-GUIDELINE §3: one
cue, one attribution). The two become one: the rule quote (its cue, speaker and origin) over
the union of both contents. Chosen on the real-world chosen-on sets (issue 17: 4 of their 14
duplicates at confidence 0 were such copies, and 1 a follow-on inside a joined copy; all 5 go,
no match is lost).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc

if TYPE_CHECKING:  # pragma: no cover (quotes imports combine, which imports this module)
    from .quotes.records import Quote

Pieces = list[tuple[int, int]]


def _overlaps(a: Pieces, b: Pieces) -> bool:
    return any(min(e1, e2) > max(s1, s2) for s1, e1 in a for s2, e2 in b)


def _inside(inner: Pieces, outer: Pieces) -> bool:
    return all(any(s2 <= s1 and e1 <= e2 for s2, e2 in outer) for s1, e1 in inner)


def same_cue_copy(rule: Quote, model: Quote) -> bool:
    """A tagger attribution with a rule quote's cue and speaker whose content overlaps the
    rule's: the one attribution that cue makes, found twice."""
    return (model.cue_start is not None and model.cue_start == rule.cue_start
            and (model.speaker or "") == (rule.speaker or "") and _overlaps(rule.pieces(), model.pieces()))


def before_the_cue_sentence(doc: Doc, piece: tuple[int, int], cue_start: int) -> bool:
    """'Analysts are trying to assess which companies will succeed. Mayer said it depends on
    …': a tagger piece that ends before the cue's sentence begins is another sentence's
    content (the tagger joins pieces across a source and a cue), not what the cue reports."""
    cue = doc.char_span(cue_start, cue_start + 1, alignment_mode="expand")
    return cue is not None and len(cue) > 0 and piece[1] <= cue[0].sent.start_char


def _union(a: Pieces, b: Pieces) -> Pieces:
    """The pieces of both, overlapping ones joined, in text order."""
    out: Pieces = []
    for s, e in sorted(a + b):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _joined_kind(rule: Quote, model: Quote, pieces: Pieces) -> str:
    """The kind of the joined attribution: the copy's when its pieces hold all of it, else
    mixed when either was in quote marks."""
    if pieces == rule.pieces():
        return rule.kind
    if _inside(pieces, model.pieces()):
        return model.kind
    return "mixed" if "indirect" in (rule.kind, model.kind) and rule.kind != model.kind else rule.kind


def joined_copy(doc: Doc, text: str, rule: Quote, model: Quote) -> Quote:
    """The rule quote over the union of its content and its tagger copy's (the copy's pieces
    before the cue's sentence left out)."""
    assert model.cue_start is not None  # same_cue_copy holds
    extra = [p for p in model.pieces() if not before_the_cue_sentence(doc, p, model.cue_start)]
    pieces = _union(rule.pieces(), extra)
    start, end = pieces[0][0], pieces[-1][1]
    return replace(rule, spans=pieces, start=start, end=end, text=text[start:end],
                   kind=_joined_kind(rule, model, pieces))


def follow_on_inside(q: Quote, other: Quote) -> bool:
    """'“He could have had a better career,” Hayden said, “if he had …” and stuck to one genre.
    “But Mike wrote what he wanted.”': a cue-less follow-on wholly inside another attribution of
    its speaker is a piece of that one, not one more."""
    return (q is not other and q.cue_start is None and (q.speaker or "") == (other.speaker or "")
            and _inside(q.pieces(), other.pieces()))


def _mostly_taken(model: Quote, quotes: list, max_overlap: float) -> bool:
    """Whether a rule quote's piece covers more than ``max_overlap`` of the model's content
    (``combine._add`` leaves such an addition out: the rule quote is the attribution)."""
    pieces = model.pieces()
    length = sum(e - s for s, e in pieces)
    return any(sum(max(0, min(e, pe) - max(s, ps)) for s, e in pieces) > max_overlap * length
               for q in quotes for ps, pe in q.pieces())


def merge_cue_copies(
    doc: Doc, text: str, quotes: list, additions: list, max_overlap: float,
) -> tuple[list, list]:
    """The rule ``quotes`` joined with their tagger copies that ``combine._add`` would keep beside
    them (and without the follow-ons the joined content now holds), and the other ``additions``."""
    out = list(quotes)
    rest = []
    for mq in additions:
        k = None if _mostly_taken(mq, quotes, max_overlap) else next(
            (i for i, q in enumerate(out) if same_cue_copy(q, mq)), None)
        if k is None:
            rest.append(mq)
            continue
        joined = out[k] = joined_copy(doc, text, out[k], mq)
        out = [q for q in out if not follow_on_inside(q, joined)]
    return out, rest
