"""Where a reported noun phrase ends: before an adverbial clause that tells when or why of the
report, not of the thing reported ('reported earnings that topped estimates | as revenue fell
short', 'called for more | even as the lights came up'); and where a reported clause begins:
at its subject, which the parser may take for the cue's object ('added | the exact cause
remained unclear').

Why after the passes: the parser hangs such a clause on the object's relative clause or on the
object itself as often as on the cue, and the frame then takes it into the content; only a
content with no clause of its own (a noun phrase object, its relative clauses aside) is cut, so
'said the plan failed as costs rose' keeps its clause whole (ATTRIBUTION-GUIDELINE §3: for a
noun-phrase object the content is that noun phrase). Issue 17, fp6: chosen-on extent errors.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .records import Quote
from .syntax import content_span, cue_head
from .word_lists import CLAUSE_MARKERS

#: Tags of a finite verb: a content holding one (outside a relative clause) is a clause.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _in_relative_clause(tok: Token, span: Span) -> bool:
    """Whether ``tok`` belongs to a relative or reduced clause of a noun inside the span ('earnings
    that topped …'); a clause the parser hung on the cue's object ('tells the paper that he fought
    …') is the content's own."""
    return any(t.dep_ in ("relcl", "acl") and span.start <= t.i < span.end and span.start <= t.head.i < span.end
               for t in (tok, *tok.ancestors))


def _clause_marker(tok: Token, span: Span) -> bool:
    """'as' / 'while' opening an adverbial clause with a subject of its own, the clause hung on
    the cue (outside the content) or on a relative clause of the object: the report's
    circumstance; one hung on a verb of the content ('consider X to be illegal as they are …')
    gives the source's reason, and stays, as 'because' always does (``CLAUSE_MARKERS``)."""
    if not (tok.dep_ == "mark" and tok.lower_ in CLAUSE_MARKERS and tok.head.dep_ == "advcl" and tok.head.i > tok.i):
        return False
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.head.children):
        return False  # 'a bill that would ban cloning while protecting research': the bill's own
    gov = tok.head.head
    return not span.start <= gov.i < span.end or gov.dep_ == "relcl"


def before_an_adverbial_clause(q: Quote, doc: Doc) -> Quote:
    """``q`` cut before the first adverbial clause of a content that is a noun phrase after its cue."""
    if q.kind != "indirect" or len(q.pieces()) != 1 or q.cue_start is None or q.cue_start > q.start:
        return q
    span = content_span(q, doc)
    if span is None:
        return q
    marker = next((t for t in span[1:] if _clause_marker(t, span)), None)
    if marker is None:
        return q
    if any(t.tag_ in FINITE_TAGS and not _in_relative_clause(t, span) for t in doc[span.start:marker.i]):
        return q  # 'said the plan failed as costs rose': a clause, its adverbial its own
    cut = marker.i
    while cut - 1 > span.start and doc[cut - 1].dep_ == "advmod" and doc[cut - 1].head == marker.head:
        cut -= 1  # 'even as'
    while cut - 1 > span.start and doc[cut - 1].is_punct:
        cut -= 1
    end = doc[cut - 1].idx + len(doc[cut - 1].text)
    if end <= q.start:
        return q
    return replace(q, end=end, text=doc.text[q.start:end], spans=[(q.start, end)])


def with_its_subject(q: Quote, doc: Doc) -> Quote:
    """'… but added the exact circumstances remained unclear': a reported clause with no subject
    of its own, right after a noun phrase the parser made the cue's object, begins at that noun
    phrase (its subject); the content is the whole clause (ATTRIBUTION-GUIDELINE §3)."""
    if q.kind != "indirect" or len(q.pieces()) != 1:
        return q
    head, span = cue_head(q, doc), content_span(q, doc)
    if head is None or span is None or span.root.head != head or span.root.dep_ != "ccomp":
        return q
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj", "mark") for c in span.root.children):
        return q  # a subject of its own, or 'asked Trump | if having Muslims register …': opened by its marker
    obj = next((c for c in head.children if c.dep_ == "dobj" and c.right_edge.i + 1 == span.start), None)
    if obj is None or obj.left_edge.i <= head.i:
        return q
    start = obj.left_edge.idx
    return replace(q, start=start, text=doc.text[start:q.end], spans=[(start, q.end)])
