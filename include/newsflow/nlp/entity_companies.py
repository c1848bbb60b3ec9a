"""Businesses by use: a name with no person's mark written as a business's ('maker Brydge',
'at Best Buy', "SpaceX's Starship", 'Anker also has chargers', 'Brydge proved it was …').

Why apart from ``entity_labels``: these are uses, not kinds the article states, and the product
rules (``entity_products``) ask the same absence of a person's mark (``no_person_mark``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from .entity_mentions import Mention
from .entity_names import clean_name
from .entity_person_marks import (
    PERSON_PRONOUNS,
    ROLE_ENDINGS,
    first_name_known,
    listed_with_people,
    pronoun_follows,
    role_in_apposition,
    role_noun_before,
    speech_subject,
)
from .entity_place_readings import place_use
from .entity_places import known_place, known_region

#: Nouns of a business written right before its name ('case maker Brydge', 'retailer Best Buy').
COMPANY_NOUNS = frozenset("""maker manufacturer retailer company companies firm startup brand vendor
    provider developer publisher giant rival competitor supplier chain operator carrier""".split())


#: Lower-case nouns a business has and a person rarely does ("Nomad's version", "X's lineup").
BUSINESS_THINGS = frozenset("""version product products device devices charger chargers app service
    services lineup model models vehicle rocket lander hardware software stores store""".split())


#: Verbs whose subject, with a product as object, is a business ('Anker also has chargers').
SELL_VERBS = frozenset("have sell make offer ship launch release".split())


#: Verbs of going after which 'to X' is a shop or venue ('rushed over to Best Buy').
GO_VERBS = frozenset("go head rush run drive walk return come".split())


#: Verbs of supplying after which 'by X' or 'from X' is a source ('provided by Statista').
SUPPLY_VERBS = frozenset("provide supply make offer sell produce manufacture available buy order".split())


def company_use(doc: Doc, m: Mention, place_read: bool = False) -> bool:
    """A use a business has and a bare name of a person rarely does: a company noun before it
    ('maker Brydge'), a possessive before a thing ("SpaceX's Starship", "Nomad's version"), a
    shop or source ('at X', 'rushed to X', 'provided by X', 'from X'), listed with
    organisations, the subject of having or selling products ('Anker also has chargers'), or
    a later 'it' as subject ('Brydge proved it was …'). For a name the model reads as a place,
    only the uses no place has count ("Britain's NHS", 'at the U.K.' are a place's)."""
    head = doc[m.tok_end - 1]
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    if prev is not None and prev.is_lower and prev.lower_ in COMPANY_NOUNS:
        return True
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in SELL_VERBS and any(
            c.dep_ == "dobj" and c.lower_ in BUSINESS_THINGS for c in head.head.children):
        return True
    if place_read:
        return it_follows(doc, m)
    if m.tok_end < len(doc) and doc[m.tok_end].tag_ == "POS" and head.dep_ == "poss":
        owned = head.head
        if (owned.ent_type_ and owned.ent_type_ != "PERSON") or owned.lower_ in BUSINESS_THINGS or any(
                c.lower_ == "new" for c in owned.children):
            return True
    if prev is not None and head.dep_ == "pobj" and prev.head.i != head.i:
        verb = prev.head.lemma_.lower()
        if prev.lower_ == "at" or (prev.lower_ == "to" and verb in GO_VERBS) or (
                prev.lower_ in ("by", "from") and verb in SUPPLY_VERBS):
            return True
    conj = [t.ent_type_ for t in head.conjuncts if not (m.tok_start <= t.i < m.tok_end)]
    if "ORG" in conj and all(t and t not in ("PERSON", "GPE", "NORP") for t in conj):
        return True
    return it_follows(doc, m)


def it_follows(doc: Doc, m: Mention) -> bool:
    """'Brydge proved it was up to it': a subject followed in its sentence by 'it' as a subject
    with no other name between is a thing (the counterpart of ``pronoun_follows``)."""
    if doc[m.tok_end - 1].dep_ not in ("nsubj", "nsubjpass"):
        return False
    for tok in doc[m.tok_end: doc[m.tok_end - 1].sent.end]:
        if tok.ent_type_:
            return False
        if tok.lower_ in PERSON_PRONOUNS and tok.dep_ in ("nsubj", "nsubjpass"):
            return False
        if tok.lower_ == "it" and tok.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


def no_person_mark(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """No mention has any mark of a person: no title, no known first name, no 'X said', no
    later 'he'/'she', no role noun before or after it (a company noun is none)."""
    return not any(
        m.titled or first_name_known(clean_name(m.text)) or speech_subject(doc, m) or pronoun_follows(doc, m)
        or (role_noun_before(doc, m) and doc[m.tok_start - 1].lower_.endswith(ROLE_ENDINGS)
            and doc[m.tok_start - 1].lower_ not in COMPANY_NOUNS)
        or role_in_apposition(doc, m) or listed_with_people(doc, m)
        for m in mentions)


def unmarked_company(doc: Doc, mentions: Sequence[Mention], name: str) -> bool:
    """'Anker', 'Orbit Beyond' read as a person, 'Brydge' as a place: a name with no person's
    mark used as a business (``company_use``) and never as a place is an organisation."""
    if known_place(name) or known_region(name) or not no_person_mark(doc, mentions):
        return False
    if any(place_use(doc, m) and not company_use(doc, m) for m in mentions):
        return False
    votes = Counter(m.label for m in mentions)
    place_read = votes.get("GPE", 0) + votes.get("LOC", 0) > votes.get("PERSON", 0)
    return any(company_use(doc, m, place_read) for m in mentions)
