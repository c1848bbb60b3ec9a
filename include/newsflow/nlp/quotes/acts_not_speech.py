"""Speech verbs used for an act that tells nobody anything: summoning experts ('called in
engineers to inspect …'), taking a place ('claim their spot'), apologising for a thing with
nothing said (H6), talking to oneself ('I kept telling myself, "…"').

Why after every pass, like ``unlikely``'s DROPS: the frames read the verb and its complement,
and only the finished prediction shows the particle, the possessive or the reflexive that makes
the verb no report of speech (ATTRIBUTION-GUIDELINE §2, non-communication verbs; H6). A module of
its own because ``unlikely`` is at its size limit. Issue 17, fp6: false positives of the sixth
real-world set (review and blog pages), each a class any English page shows.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from .lexicon import DOCUMENT_NOUNS
from .records import Quote
from .syntax import content_span, cue_head
from .word_lists import (
    ADDRESSING_LEMMAS,
    APOLOGY_LEMMAS,
    REFLEXIVE_PRONOUNS,
    SUMMONING_PARTICLES,
    TAKING_CLAIM_DETERMINERS,
)

__all__ = ["ACT_DROPS", "drop_acts"]


def summoned(q: Quote, doc: Doc) -> bool:
    """'The agency has called in outside engineers to assess the damage': 'call in' with an
    object summons people to do a job; it reports no request anyone voiced (unlike 'called on')."""
    head = cue_head(q, doc)
    if head is None or head.lemma_.lower() != "call" or _calls_for(head):
        return False
    if any(c.dep_ == "prt" and c.lower_ in SUMMONING_PARTICLES for c in head.children):
        return any(c.dep_ == "dobj" for c in head.children)  # 'will call in live to discuss …' phones
    return any(_summoning_in(c) for c in head.children if c.i == head.i + 1 and c.dep_ == "prep")


def _calls_for(head: Token) -> bool:
    """'called in his homily for peace': 'call … for' voices a request whatever stands between."""
    return any(c.dep_ == "prep" and c.lower_ == "for" for c in head.children)


def _summoning_in(prep: Token) -> bool:
    """'called in the design team' parsed as a preposition: 'in' right after 'call' with people or
    a body for object, not a statement or a speech ('called in a statement for calm')."""
    return prep.lower_ in SUMMONING_PARTICLES and any(
        g.dep_ == "pobj" and g.lemma_.lower() not in DOCUMENT_NOUNS for g in prep.children)


def _object_root(q: Quote, doc: Doc, head: Token) -> Token | None:
    """The content's root when it is the cue's own noun-phrase object (direct, or after 'for')."""
    span = content_span(q, doc)
    if span is None:
        return None
    root = span.root
    if root.dep_ == "dobj" and root.head == head:
        return root
    if root.dep_ == "pobj" and root.head.head == head:
        return root
    return None


def a_place_taken(q: Quote, doc: Doc) -> bool:
    """'newcomers claim their place in the market', 'fans claimed their seats': 'claim' with an
    object the subject owns takes possession of it; a claim that is said has a clause or a
    noun of assertion ('claimed responsibility', 'claimed victory')."""
    head = cue_head(q, doc)
    if head is None or head.lemma_.lower() != "claim":
        return False
    obj = _object_root(q, doc, head)
    return obj is not None and obj.dep_ == "dobj" and any(
        c.dep_ == "poss" and c.lower_ in TAKING_CLAIM_DETERMINERS for c in obj.children)


def apology_for_a_thing(q: Quote, doc: Doc) -> bool:
    """'He apologized for his late arrival': an apology with only what it was for and no words of
    the speaker is an emotive act with an object (ATTRIBUTION-GUIDELINE H6), no content; one for
    a thing with a clause in it ('for his suggestion that Carson was dropping out') tells it."""
    head = cue_head(q, doc)
    if q.kind != "indirect" or head is None or head.lemma_.lower() not in APOLOGY_LEMMAS:
        return False
    obj = _object_root(q, doc, head)
    return obj is not None and obj.pos_ in ("NOUN", "PROPN", "PRON") and not any(
        t.pos_ in ("VERB", "AUX") for t in obj.subtree)


def talking_to_oneself(q: Quote, doc: Doc) -> bool:
    """'I kept telling myself, "This matters."', 'she asked herself whether …': words addressed to
    oneself are a thought put as speech; nobody was told anything."""
    head = cue_head(q, doc)
    if head is None:
        return False
    addressees = [c for c in head.children
                  if c.dep_ in ("dobj", "dative", "iobj") and head.lemma_.lower() in ADDRESSING_LEMMAS]
    addressees += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "to"
                   for g in c.children if g.dep_ == "pobj"]
    return any(a.lower_ in REFLEXIVE_PRONOUNS for a in addressees)


#: Rules that remove a prediction whose verb reports no speech here.
ACT_DROPS: tuple[Callable[[Quote, Doc], bool], ...] = (
    summoned, a_place_taken, apology_for_a_thing, talking_to_oneself,
)


def drop_acts(quotes: list[Quote], doc: Doc) -> list[Quote]:
    """The quotes without those an ACT_DROPS rule finds are no attribution."""
    return [q for q in quotes if not any(rule(q, doc) for rule in ACT_DROPS)]
