"""A mention's name without its wrapping: punctuation, a possessive, a title before it.

Why apart: the same cleaning is what every later pass (clustering, labels, speakers) compares
names by, and the title words also tell a person ('Mr.', 'Lt Col') and a gender ('Mrs.').
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

#: Titles written before names; they are not part of the person's canonical name.
TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. sen sen. senator rep rep. gov gov. governor
    president vice secretary minister prime gen gen. general lt lt. col col. sgt capt capt.
    judge justice rev rev. sir lord lady king queen prince princess pope chairman
    chancellor mayor ambassador professor prof prof. speaker premier deputy spokesman
    spokeswoman representative candidate nominee former foreign state captain headteacher
    headmaster headmistress principal director commissioner councillor councilor alderman
    inspector superintendent detective sergeant constable officer coach dean bishop
    archbishop rabbi imam pastor father sister doctor nurse lieutenant colonel commander
    admiral marshal chief executive ceo chair chairwoman chairperson president-elect
    senator-elect leader manager economist analyst mp mep cardinal sheikh emir
    spokesperson maj maj. adm adm. cpl pvt supt cmdr hon hon. atty insp det sgt.""".split()
)

#: words that only occur inside a title phrase ("Library Director", "Foreign Minister")
TITLE_MODIFIERS = frozenset(
    """library school city county state regional deputy assistant associate acting interim
    executive managing foreign finance interior defence defense health education justice
    police fire prime vice general first junior senior attorney surgeon union party
    district national federal council club team head chief""".split()
)

POSSESSIVE = ("'s", "’s", "'", "’")

TRIM_CHARS = " \t\n\r.,;:!?\"'“”‘’«»()[]{}-–—"


def clean_name(text: str) -> str:
    """The mention without surrounding punctuation or a possessive; a handle's '@' is no part
    of the name ('@Ilhan' writes 'Ilhan', the account of the article's Ilhan Omar)."""
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
