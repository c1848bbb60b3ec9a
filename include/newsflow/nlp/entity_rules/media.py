"""Platforms and media: a name something is posted, streamed or reported on or by ('took to
Twitter', 'streaming on Netflix', 'some Twitter users', 'Bloomberg reported').

Why apart from ``labels``: the small model reads a platform as a place or a person;
these uses say it is a medium, and the place readings (``place_readings``) ask them too
('took to Twitter' is no destination).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from .mentions import Mention
from .places import known_place
from .word_lists import ACCOUNT_NOUNS, MEDIUM_HEADS, REPORT_VERBS, VOICE_VERBS


def reporter(doc: Doc, m: Mention) -> bool:
    """'Bloomberg reported …': the subject of a verb of reporting (not a place's act)."""
    head = doc[m.tok_end - 1]
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in REPORT_VERBS


def posted_on(doc: Doc, m: Mention) -> bool:
    """'wrote on Facebook', 'available on Netflix', 'posted via Twitter': the object of 'on'
    or 'via' after a verb or noun of publishing (an article is no evidence against a place:
    'the West Bank'; nor is 'on' or 'via' alone: 'on the Las Vegas Strip', 'via Moscow')."""
    head = doc[m.tok_end - 1]
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    if prev is None or prev.dep_ != "prep" or head.dep_ != "pobj":
        return False
    return prev.lower_ in ("on", "via") and prev.head.lemma_.lower() in MEDIUM_HEADS


def platform(doc: Doc, mentions: Sequence[Mention], name: str) -> bool:
    """'streaming on Quibflix', 'took to Twitter': a one-word name something is posted or
    streamed on is a platform, even where it 'says' things; no person is written so (a title
    still says person)."""
    if len(name.split()) != 1 or any(m.titled for m in mentions) or known_place(name):
        return False
    return any(posted_on(doc, m) or took_to(doc, m) or names_an_account(doc, m) for m in mentions)


def names_an_account(doc: Doc, m: Mention) -> bool:
    """'the Senate's Twitter handle', 'some Twitter users', 'his Instagram announcement': a
    one-word name right before a noun of a platform's parts modifies it as a platform's."""
    head = doc[m.tok_end - 1]
    return (head.dep_ == "compound" and head.head.i == m.tok_end
            and head.head.lemma_.lower() in ACCOUNT_NOUNS)


def took_to(doc: Doc, m: Mention) -> bool:
    """'took to Twitter', 'takes to Instagram', 'turned to Twitter to describe his city as …': a
    platform, not a destination."""
    if m.tok_start == 0:
        return False
    prev = doc[m.tok_start - 1]
    if prev.lower_ != "to" or any(c.dep_ == "dobj" for c in prev.head.children):
        return False  # not 'took the child to Forest Hill'
    return prev.head.lemma_ == "take" or turned_to_post(prev.head)


def turned_to_post(verb: Token) -> bool:
    """'turned to Twitter to describe …', 'turns to Instagram to share …': 'turn to' followed by
    a purpose clause of posting or voicing something."""
    return verb.lemma_ == "turn" and any(
        c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in VOICE_VERBS and c.i > verb.i
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in verb.children)
