"""A name with a possessive inside it: 'Martha's Vineyard', "Dawson's Creek", "Founder's Edition".

Why: "The Verge's Stadia" is two names, an owner and its thing, and the span repairs cut such a
span at the possessive, keeping the owner; but a place, a show or a product is often named with a
possessive of its own, and the cut leaves a key of a first name or a common noun ('org:martha',
'org:founder') and loses the name. What tells them apart is the article: an owner is a name of
its own, written elsewhere without the thing ('The Verge', 'Google'), and a thing that is owned
is written elsewhere without its owner ('Stadia'); a name holding a possessive is written only
whole. A known place on either side is an owner or a place of its own ("Nashville's Grand Ole
Opry", "Hitler's Germany"), and an acronym is a body's name ("FX's Legion").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .places import known_place


def written_only_whole(doc: Doc, start: int, pos: int, end: int) -> bool:
    """The span ``doc[start:end]`` with a possessive at ``pos`` ends with one capitalised word
    after it, and the article writes neither the owner's words without that word after the
    possessive nor that word without a possessive before it; no side a known place, no owner in
    capitals (an acronym is a body's name: "FX's Legion") or after a capital 'The' inside a
    sentence ('The Verge')."""
    first = start + 1 if doc[start].lower_ in ("the", "a", "an") else start
    if end - pos != 2 or pos <= first or (doc[start].text == "The" and not doc[start].is_sent_start):
        return False  # 'at The Verge's Stadia': a capital 'The' inside a sentence opens the owner's name
    owner, word = doc[first:pos].text, doc[pos + 1].text
    if not (word.isalpha() and word[:1].isupper()) or owner.isupper() or known_place(owner) or known_place(word):
        return False
    text = doc.text
    whole = len(re.findall(rf"\b{re.escape(owner)}['’]s {re.escape(word)}\b", text))
    owner_alone = len(re.findall(rf"\b{re.escape(owner)}\b", text)) - whole
    word_alone = len(re.findall(rf"\b{re.escape(word)}\b", text)) - len(re.findall(rf"['’]s {re.escape(word)}\b", text))
    return whole > 0 and owner_alone == 0 and word_alone == 0
