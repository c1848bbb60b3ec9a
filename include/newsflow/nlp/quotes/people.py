"""The article's person behind a speaker mention that does not name them in full.

Why apart from ``speakers``: 'Trump said', 'WALLACE:' and 'the judge said' name a person
only through the rest of the article: the full names it gives ('Donald Trump', 'Chris
Wallace') and the roles it gives them ('Judge Chris Holmes', 'the judge, Chris Holmes').
These lookups read every entity of the article (roles cached in ``st.roles``), not the
frame's syntax; each answers only when exactly one person fits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..entities import Entity
from .lexicon import NAME_TITLES, POSSESSIVE_PRONOUNS
from .sources import holders_by_noun, person_or_institution_noun
from .syntax import TITLE_ABBREVIATIONS, strip_det

if TYPE_CHECKING:  # pragma: no cover (state imports speakers, which imports this module)
    from .state import QuoteState


def person_named(st: QuoteState, label: str) -> Entity | None:
    """The article's person whose last name is ``label`` ('WALLACE' -> Chris Wallace)."""
    want = label.strip().lower()
    for ent in st.entities:
        if ent.label == "PERSON" and ent.canonical.lower().split()[-1:] == [want]:
            return ent
    return None


def person_by_part(st: QuoteState, mention: str) -> Entity | None:
    """The one person of the article whose name ends with (or starts with) the capitalised
    ``mention`` ('Trump' -> Donald Trump, 'Volker' -> Kurt Volker); None when several fit."""
    words = [w.lower() for w in strip_det(mention).split()]
    if not words or not all(w[:1].isalpha() for w in words) or not mention.strip()[:1].isupper():
        return None
    fits: dict[str, Entity] = {}
    for ent in st.entities:
        if ent.label == "PERSON":
            name = ent.canonical.lower().split()
            if len(name) > len(words) and (name[-len(words):] == words or name[: len(words)] == words):
                fits.setdefault(ent.key, ent)
    return next(iter(fits.values())) if len(fits) == 1 else None


def role_person(st: QuoteState, head: Token) -> Entity | None:
    """'the judge' when the article names exactly one judge ('the judge, Chris Holmes',
    'Judge Chris Holmes', 'Chris Holmes, the judge'): that person."""
    if head.pos_ != "NOUN" or head.tag_ != "NN":
        return None
    if any(c.dep_ in ("amod", "compound", "prep") or (c.dep_ == "poss" and c.lower_ not in POSSESSIVE_PRONOUNS)
           for c in head.children):
        return None  # 'the company's judge', 'a federal judge', 'the judge in Texas': another
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in head.children):
        return None  # 'his aunt' (one aunt named: 'his aunt, Jane Starner,') is her
    if st.roles is None:
        st.roles = article_roles(st)
    holders = st.roles.get(head.lemma_.lower(), [])
    return holders[0] if len(holders) == 1 else None


def article_roles(st: QuoteState) -> dict[str, list[Entity]]:
    """role noun -> the distinct persons the article gives that role, from a title before
    the name ('Judge Chris Holmes', 'spokeswoman Marie Harf') or an appositive."""
    people = (e for e in st.entities if e.label == "PERSON")
    return holders_by_noun(people, lambda ent: roles_of(st, ent))


def role_written_before(st: QuoteState, first: Token) -> str | None:
    """'heard by the judge, Chris Holmes, on Monday': a noun for a person set off by a comma
    right before the name is its role even where the parse hangs the name elsewhere (here on
    'case'). Only nouns for people ('In the letter, Chris Holmes …' gives no role)."""
    if first.i < 3 or st.doc[first.i - 1].text != ",":
        return None
    noun = st.doc[first.i - 2]
    if noun.pos_ != "NOUN" or noun.tag_ != "NN" or noun.i in st.ent_by_tok:
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" or c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS
               for c in noun.children):
        return None
    lemma = noun.lemma_.lower()
    return lemma if person_or_institution_noun(lemma) else None


def roles_of(st: QuoteState, ent: Entity) -> set[str]:
    """The role nouns written with one person mention: its title word, the noun it is an
    appositive of, or its own appositive noun."""
    out: set[str] = set()
    first = st.doc[st.ix.token_at(ent.start)]
    words = ent.text.split()
    if words and words[0].strip(".").lower() in NAME_TITLES:
        out.add(words[0].strip(".").lower())  # the title inside the entity: 'Judge Chris Holmes'
    if first.i > 0 and (prev := st.doc[first.i - 1]).dep_ == "compound" and prev.i not in st.ent_by_tok:
        if prev.pos_ == "NOUN" or prev.lower_ in NAME_TITLES:
            out.add(prev.lemma_.lower())  # 'spokeswoman Marie Harf', 'Police Chief Ed Alvarez'
    head = st.doc[st.ix.token_at(ent.end - 1)]
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        out.add(head.head.lemma_.lower())  # 'the judge, Chris Holmes,'
    if (role := role_written_before(st, first)) is not None:
        out.add(role)
    out.update(c.lemma_.lower() for c in head.rights if c.dep_ == "appos" and c.pos_ == "NOUN")
    return {r for r in out if r.isalpha() and r not in TITLE_ABBREVIATIONS}
