"""A place's possessive before a facility's name: 'Nashville's Grand Ole Opry', 'Chicago's Wrigley
Field' name two things, the city and the hall or ground in it.

Why: the model reads the whole as one facility, so the city's key never gets that mention and the
facility's key, across articles, differs from the one of the plain 'Grand Ole Opry'. A name with a
possessive of its own stays one ('Martha's Vineyard', 'St. John's Wood': no known place before it).
"""

from __future__ import annotations

from spacy.tokens import Span

from .names import POSSESSIVE
from .places import known_place

#: Labels the model gives a facility or a venue's operator named after its city's possessive.
_OWNED_LABELS = frozenset({"FAC", "ORG"})


def place_owner_parts(ent: Span) -> tuple[Span, Span] | None:
    """'Nashville' (a place) + "'s" + 'Grand Ole Opry' (a facility's capitalised name) when the model
    read the three as one facility: the place and the facility, each with its own span."""
    if ent.label_ not in _OWNED_LABELS or len(ent) < 3:
        return None
    doc = ent.doc
    first = ent.start + 1 if ent[0].lower_ == "the" else ent.start
    pos = next((i for i in range(first + 1, ent.end - 1) if doc[i].tag_ == "POS" or doc[i].text in POSSESSIVE), None)
    if pos is None or not known_place(doc[first:pos].text):
        return None
    after = doc[pos + 1:ent.end]
    if not all(t.text[:1].isupper() for t in after if t.is_alpha):
        return None
    return Span(doc, first, pos, label="GPE"), Span(doc, pos + 1, ent.end, label=ent.label_)
