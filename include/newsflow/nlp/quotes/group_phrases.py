"""Group antecedents: the noun phrase an 'it' / 'they' stands for when the nearest name only
modifies it.

Why apart from ``pronouns``: the search there finds the nearest organisation, place or group
name; on unseen news that name is often a word inside a larger source ('France's foreign
ministry said … it would', 'leaders of the GOP-dominated Senate … They said', 'Washington
and the Taliban … They'), and the pronoun was given the modifier ('France', 'GOP', 'Taliban';
issue 17). These rules read the name's place in its phrase and give the phrase instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..entities import Entity, normalise_key
from .lexicon import NAME_TITLES
from .sources import document_noun, person_or_institution_noun
from .speaker_mentions import conjuncts
from .syntax import TITLE_ABBREVIATIONS, mention_bounds, strip_det

if TYPE_CHECKING:  # pragma: no cover (state imports speakers, which imports pronouns)
    from .state import QuoteState

#: (speaker, label, key) of a group antecedent
GroupRef = tuple[str, str | None, str | None]


def only_modifies(st: QuoteState, ent: Entity) -> bool:
    """Whether ``ent`` is only part of a modifier (:func:`person_label`, or
    :func:`hyphen_modifier` of a phrase that is no subject): no antecedent for 'it' / 'they'."""
    if person_label(st, ent):
        return True
    if not hyphen_modifier(st, ent):
        return False
    noun = modified_noun(st.doc[st.ix.token_at(ent.end - 1)])
    return noun is None or not (noun.dep_ in ("nsubj", "nsubjpass") or subject_members(noun))


def subject_members(tok: Token) -> bool:
    """'Gov. Holt and leaders of the Legislature have avoided …': a body after 'of' whose
    members are (part of) a sentence's subject; 'they' stands for that subject."""
    noun = members_of(tok)
    return noun is not None and coordination(noun)[0].dep_ in ("nsubj", "nsubjpass")


def modified_noun(tok: Token) -> Token | None:
    """'the GOP-dominated Legislature': the noun the hyphened modifier holding ``tok`` modifies."""
    cur = tok
    for _ in range(4):
        if cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.pos_ in ("NOUN", "PROPN") and cur.i > tok.i:
            return cur
    return None


def person_label(st: QuoteState, ent: Entity) -> bool:
    """'Ohio GOP Gov. Tom Reed', 'Senate Majority Leader Ann Holt': a party or body written
    before a title in a person's name labels that person; a later 'they' is not the party (a
    firm before a job, 'Apple CEO Tim Cook', is left alone: 'it' may well be the firm)."""
    tok = st.doc[st.ix.token_at(ent.end - 1)]
    nxt = tok.i + 1
    if tok.dep_ != "compound" or nxt >= len(st.doc) or not title_word(st.doc[nxt].text):
        return False
    while tok.dep_ == "compound" and tok.head.i > tok.i:
        tok = tok.head
    named = st.ent_by_tok.get(tok.i)
    return named is not None and named is not ent and named.label == "PERSON"


def title_word(word: str) -> bool:
    """'Gov.', 'Sen', 'Leader', 'President': a title written before a person's name."""
    return word.rstrip(".") in TITLE_ABBREVIATIONS or (word.istitle() and word.lower() in NAME_TITLES)


def hyphen_modifier(st: QuoteState, ent: Entity) -> bool:
    """'the GOP-dominated Legislature', 'Kremlin-backed media', 'a US-led coalition': a name
    joined by a hyphen to the word after it is part of a modifier: a later 'it' or 'they' stands
    for the phrase it modifies, if for anything."""
    return st.text.startswith(("-", "‑"), ent.end) and st.text[ent.end + 1:ent.end + 2].isalpha()


def phrase_antecedent(st: QuoteState, ent: Entity, they: bool) -> GroupRef | None:
    """The phrase the nearest name ``ent`` sits in, when that phrase is what the pronoun stands
    for: its owner's noun for people or a body ("France's foreign ministry"), for 'they' also the
    people 'of' it ('leaders of the Senate') and the whole of 'X and Y' ('Washington and the
    Taliban'); for a name hyphened to a modifier, the phrase it modifies ('the US-led coalition');
    None when the name stands on its own."""
    tok = name_tok = st.doc[st.ix.token_at(ent.end - 1)]
    if hyphen_modifier(st, ent) and (held := modified_noun(tok)) is not None:
        tok = held  # 'The US-led coalition … It said': the coalition
    noun = owned_source(tok) if tok is name_tok else None
    if noun is None:
        noun = (members_of(tok) if they else None) or tok
    if they and len(parts := coordination(noun)) > 1:
        s = mention_bounds(parts[0], st.ent_by_tok)[0]
        e = max(mention_bounds(parts[-1], st.ent_by_tok)[1], mention_bounds(noun, st.ent_by_tok)[1])
    elif noun is not name_tok:
        s, e = mention_bounds(noun, st.ent_by_tok)
    else:
        return None
    name = strip_det(st.text[s:e])
    return name, "ANON", normalise_key("anon", name)


def owned_source(tok: Token) -> Token | None:
    """"France's foreign ministry": the possessor names whose body speaks; the owned noun, when
    it is one for people or an institution, even tagged a name ('Ministry'); a document stays its
    owner's: "Boeing's statement … it said" is Boeing."""
    noun = tok.head
    if tok.dep_ != "poss" or noun.i == tok.i or noun.pos_ not in ("NOUN", "PROPN") or document_noun(noun):
        return None
    return noun if person_or_institution_noun(noun.lemma_) else None


def members_of(tok: Token) -> Token | None:
    """'leaders of the Senate', 'members of the union': a plural noun for people whose 'of'
    phrase holds the name (the members are 'they', not the body)."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "of" or prep.head.i == prep.i:
        return None
    noun = prep.head
    ok = noun.tag_ == "NNS" and noun.pos_ == "NOUN" and person_or_institution_noun(noun.lemma_)
    return noun if ok else None


def coordination(tok: Token) -> list[Token]:
    """'Washington and the Taliban', 'Gov. Holt and leaders of …': every nominal conjunct of
    the 'and' phrase ``tok`` belongs to, first to last (just ``tok`` when it belongs to none)."""
    first = tok
    while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ in ("PROPN", "NOUN", "PRON"):
        first = first.head
    return conjuncts(first)
