"""The quote rules over one Doc: the passes in their order, sharing one QuoteState.

Why the order matters: labelled paragraphs win over quote-mark runs inside them;
direct quotes mark their tokens before the indirect pass looks for reporting verbs;
follow-ons attach to the attributions before them; speakers resolve in text order so
'it' / 'they' can look back at the speakers named before them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from ..entities import Entity
from ..name_stops import through_name_stops
from .direct import find_direct
from .headlines import headline, speaker_labels
from .indirect import find_indirect
from .lexicon import CLOSE_DOUBLE
from .marks import paragraph_bounds
from .merge import attach_follow_ons, drop_nested
from .object_extent import before_an_adverbial_clause, with_its_subject
from .quoted_follow_ons import quoted_sentence_follow_ons
from .records import Quote
from .scores import FOLLOW_ON
from .signed_blurbs import signed_blurbs, signed_by_name
from .speakers import resolve
from .state import QuoteState
from .verbatim import column_letters, embedded_posts, interview_answers, signed_by_pen_name


def extract_with_state(
    doc: Doc, entities: Sequence[Entity], text: str | None = None
) -> tuple[list[Quote], QuoteState | None]:
    """All attributions in ``doc`` by position, and the state the passes left behind
    (None for an empty Doc) for whatever completes them (``combine``)."""
    if len(doc) == 0:
        return [], None
    st = QuoteState.build(doc, entities, text)
    runs = st.runs
    labels = speaker_labels(st)
    if labels:
        # 'PENCE: …' / 'Pat Caddell: …': the labelled paragraph wins over a quote-mark run
        lab_spans = [(c.pieces[0][0] - 60, c.pieces[-1][1]) for c in labels]
        runs = [r for r in runs if not any(a <= r.start < b for a, b in lab_spans)]
    letters = column_letters(st)
    blurbs = signed_blurbs(st)
    verbatim = embedded_posts(st) + interview_answers(st) + letters + blurbs
    if verbatim:
        # a post's line or an answer is the speaker's words whole, whatever quote marks it holds
        runs = [r for r in runs if not any(c.pieces[0][0] <= r.start < c.pieces[0][1] for c in verbatim)]
    direct = find_direct(st, runs) + labels + verbatim
    heads = headline(st) if not labels or labels[0].pieces[0][0] > 300 else []
    indirect = drop_nested(heads + find_indirect(st, direct, runs))
    direct = attach_follow_ons(st, direct, indirect)
    indirect += quoted_sentence_follow_ons(st, runs, direct + indirect)
    st.quote_spans.extend(sorted(p for c in direct for p in c.pieces))
    # in text order, so that 'it' / 'they' can look back at the speakers before them
    cands = sorted(direct + indirect, key=lambda c: min(p[0] for p in c.pieces))
    signed, named = {id(c) for c in letters}, {id(c) for c in blurbs}
    out = [with_closing_mark(without_tag_commas(resolve(st, c, st.quote_spans), st.text), st.text)
           for c in cands]
    out = [signed_by_pen_name(q) if id(c) in signed else signed_by_name(q) if id(c) in named else q
           for c, q in zip(cands, out, strict=True)]
    # extents the parse cut wrong: at a name's stop, past a time clause, after a subject it took for an object
    out = [with_its_subject(before_an_adverbial_clause(q, st.doc), st.doc) for q in through_name_stops(out, st.doc)]
    out = [part for q in out for part in by_paragraph(q, st.text)]
    out.sort(key=lambda q: (q.start, q.end))
    return out, st


#: marks that close a quoted piece right after its last character (straight ones included)
CLOSE_MARKS = frozenset(CLOSE_DOUBLE + "\"'’›")


def without_tag_commas(q: Quote, text: str) -> Quote:
    """'"… what we have achieved," she said': the comma before the closing mark stands for
    the full stop the speech tag displaces; it is the tag's, so a direct piece ends before
    it (and pieces shown one after the other do not read 'the problem, If …')."""
    if q.kind != "direct":
        return q
    spans = [(s, e - 1) if e - s > 1 and text[e - 1] == "," and text[e:e + 1] in CLOSE_MARKS else (s, e)
             for s, e in q.spans]
    if spans == q.spans:
        return q
    start, end = spans[0][0], spans[-1][1]
    return replace(q, spans=spans, start=start, end=end, text=text[start:end])


def by_paragraph(q: Quote, text: str) -> list[Quote]:
    """A direct quotation running on over paragraphs ('“… acts.¶“Other than …”', the first
    paragraph left open) is one attribution per paragraph: the cue's paragraph keeps the cue,
    the others are follow-ons of the same speaker (ATTRIBUTION-GUIDELINE §3, H5: content never crosses a
    paragraph break)."""
    if q.kind != "direct" or len(q.spans) < 2:
        return [q]
    groups: list[list[tuple[int, int]]] = [[q.spans[0]]]
    for s, e in q.spans[1:]:
        if "\n" in text[groups[-1][-1][1]:s]:
            groups.append([(s, e)])
        else:
            groups[-1].append((s, e))
    if len(groups) == 1:
        return [q]
    keep = 0  # the paragraph of the cue keeps it ('"…¶"…," she said'); else the first
    if (cue := q.cue_start) is not None:
        bounds = [paragraph_bounds(text, g[0][0]) for g in groups]
        keep = next((k for k, (ps, pe) in enumerate(bounds) if ps <= cue < pe), 0)
    out = []
    for k, spans in enumerate(groups):
        start, end = spans[0][0], spans[-1][1]
        part = replace(q, spans=spans, start=start, end=end, text=text[start:end])
        if k != keep:
            part = replace(part, cue=None, cue_start=None, cue_end=None, confidence=min(q.confidence, FOLLOW_ON))
        out.append(part)
    return out


def with_closing_mark(q: Quote, text: str) -> Quote:
    """'said the unions had "no fear of it either."': a mixed content that opens a quotation
    closes it too, so it never reads as a quotation left open."""
    if q.kind != "mixed" or not q.spans:
        return q
    s, e = q.spans[-1]
    piece = text[s:e]
    unclosed = piece.count("“") > piece.count("”") or piece.count('"') % 2 == 1
    if not unclosed or text[e:e + 1] not in ('"', "”"):
        return q
    spans = [*q.spans[:-1], (s, e + 1)]
    return replace(q, spans=spans, end=e + 1, text=text[q.start:e + 1])


def extract_quotes(doc: Doc, entities: Sequence[Entity], text: str | None = None) -> list[Quote]:
    """All attributions in ``doc`` (direct, mixed, indirect), ordered by position."""
    return extract_with_state(doc, entities, text)[0]
