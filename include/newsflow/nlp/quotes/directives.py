"""Directives: a request with an infinitive ('Police asked anyone with information to contact
them', 'appealed to residents to stay calm') reported as the addressee and the action.

Why apart: the content is no complement of the verb but its addressee and an infinitive that
the parser hangs anywhere (ATTRIBUTION-GUIDELINE H8), so it is found by reading the words after
the addressee rather than the verb's frame.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .records import Candidate
from .report_spans import Taken, reported_in_paragraph
from .scores import REPORTED_CLAUSE
from .state import QuoteState
from .syntax import last_word


def _addressee(tok: Token) -> Token | None:
    """Whom a directive addresses: its object after it ('asked anyone …'), or the object of
    'on' / 'to' ('called on the government', 'appealed to residents')."""
    for child in tok.rights:
        if child.dep_ in ("dobj", "dative") and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return child
        if addressee_prep(child):
            return next(c for c in child.children if c.dep_ == "pobj")
    return None


def opens_a_that_clause(t: Token) -> bool:
    """'told The Hill in a statement that her client did not intend to cause harm': an infinitive
    after a 'that' clause opened since the addressee is that clause's, not the request's."""
    return t.lower_ == "that" and t.dep_ == "mark"


def _request_end(inf: Token) -> int:
    """The last token of a requested action: the infinitive's phrase without a trailing
    clause of time or reason, which is the writer's ('telling Christie to go home after
    Christie was pressed …')."""
    doc = inf.doc
    for i in range(inf.i + 1, inf.right_edge.i + 1):
        if doc[i].dep_ == "mark" and doc[i].head.dep_ == "advcl" and doc[i].head.i > i:
            return i - 1
    return inf.right_edge.i


def directive(st: QuoteState, tok: Token, taken: Taken) -> Candidate | None:
    """'Police asked anyone with information to contact them', 'appealed to residents to stay
    calm': a request with an infinitive is an attribution (ATTRIBUTION-GUIDELINE H8), its
    content the addressee and the infinitive ('X to Y'), wherever the parser hung the
    infinitive (on the addressee's relative clause, often)."""
    doc = st.doc
    who = _addressee(tok)
    if who is None:
        return None
    sent_end = tok.sent.end
    inf = None
    for i in range(who.i + 1, min(sent_end - 1, who.i + 14)):
        t = doc[i]
        if t.text in (",", ";", ":") or st.quoted[i] or opens_a_that_clause(t):
            return None
        if t.tag_ == "TO" and doc[i + 1].tag_ == "VB":
            inf = doc[i + 1]
            break
    if inf is None:
        return None
    s_tok, e_tok = who.left_edge.i, min(max(_request_end(inf), who.right_edge.i), sent_end - 1)
    e_tok = last_word(doc, s_tok, e_tok)
    if any(st.quoted[i] for i in range(s_tok, e_tok + 1)):
        return None
    return reported_in_paragraph(st, tok, s_tok, e_tok, taken, REPORTED_CLAUSE)


#: prepositions that name whom a directive addresses ('call on X to', 'appeal to X to')
_ADDRESSEE_PREPS = frozenset({"on", "upon", "to"})


def addressee_prep(child: Token) -> bool:
    """'on' in 'called on the government', 'to' in 'appealed to residents': the addressee's
    preposition, with its object."""
    return child.dep_ == "prep" and child.lower_ in _ADDRESSEE_PREPS and any(
        c.dep_ == "pobj" for c in child.children)


def doc_next_is_infinitive(doc: Doc, i: int) -> bool:
    """Whether the token at ``i`` opens an infinitive ('to raise wages')."""
    return doc[i].tag_ == "TO" and i + 1 < len(doc) and doc[i + 1].tag_ == "VB"
