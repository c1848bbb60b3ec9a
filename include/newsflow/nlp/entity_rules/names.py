"""A mention's name without its wrapping: punctuation, a possessive, a title before it.

Why apart: the same cleaning is what every later pass (clustering, labels, speakers) compares
names by, and the title words also tell a person ('Mr.', 'Lt Col') and a gender ('Mrs.').
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .word_lists import ORG_DESIGNATORS, REGIONS, TITLE_MODIFIERS, TITLES

POSSESSIVE = ("'s", "’s", "'", "’")

TRIM_CHARS = " \t\n\r.,;:!?\"'“”‘’«»()[]{}-–—"


@lru_cache(maxsize=65536)
def clean_name(text: str) -> str:
    """The mention without surrounding punctuation or a possessive; a handle's '@' is no part
    of the name ('@Ilhan' writes 'Ilhan', the account of the article's Ilhan Omar). Cached: a
    pure function of the text, which the passes ask of every mention again and again."""
    text = text.strip(TRIM_CHARS).lstrip("@")
    for pos in POSSESSIVE:
        if text.endswith(pos):
            text = text[: -len(pos)]
    return re.sub(r"\s+", " ", text).strip(TRIM_CHARS)


def named_for_its_head(name: str, heads: frozenset[str]) -> bool:
    """A capitalised name of two words or more whose last word is one of ``heads`` ('Moscone
    Center', 'Keck Observatory', 'Parker Solar Probe'): the head noun says what kind of thing it is."""
    words = name.split()
    return len(words) > 1 and words[-1].lower() in heads and words[0][:1].isupper()


def org_designated(name: str) -> bool:
    """'Ascom Holding AG', 'Tufts University', 'Ascom North America': a designator or a
    region written after the first word makes it an organisation."""
    return any(w.lower().strip(",") in ORG_DESIGNATORS | REGIONS for w in name.split()[1:])


def strip_title(words: list[str]) -> list[str]:
    """"Headteacher Amina Yusuf" / "Library Director Jo Lind" -> the name without its title.

    A title phrase is title words, optionally led by modifiers that only make sense in a
    title ("Library", "Deputy"); at least one word of the name always remains."""
    i = 0
    cut = 0
    while i < len(words) - 1 and i < 4:
        w = words[i].lower().rstrip(",")
        if w in TITLES:
            i += 1
            cut = i
        elif w in TITLE_MODIFIERS or w.endswith("'s") or w.endswith("’s"):
            i += 1  # only cut if a title word follows
        else:
            break
    return words[cut:]


#: Honorifics that say a person's gender.
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f"}


def honorific_gender(doc: Doc, start: int) -> str:
    """'m' after 'Mr.', 'f' after 'Mrs.'/'Ms.'/'Miss', else ''."""
    return HONORIFIC_GENDER.get(doc[start - 1].lower_, "") if start > 0 else ""


def titled_before(doc: Doc, start: int) -> bool:
    """A title or honorific right before the mention ('Mr. Holt', 'Lt Col Ana Ruiz')."""
    return start > 0 and (doc[start - 1].lower_ in TITLES or doc[start - 1].lower_.rstrip(".") in TITLES)
