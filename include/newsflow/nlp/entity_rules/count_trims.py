"""A count the model ran into a person's name, cut off: 'Megan Cook 4 goals', 'Jordan Munoz 8
saves' (a results line of a school sports report).

Why: with the number in it the name reads as a title or a body ('work_of_art:megan cook 4'),
one key per line instead of the person's. The number counts the noun after it; a person's name
(two or three capitalised words opening with a known first name, or an initial and a surname)
never ends in a number.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .mentions import Mention
from .person_marks import first_name_known


def counted_noun_after(doc: Doc, m: Mention) -> bool:
    """The mention's last token is a number and the token after it a lower-case word it counts
    ('4 goals', '1 assist', '8 saves': the model may read 'saves' as a verb)."""
    last = doc[m.tok_end - 1]
    nxt = doc[m.tok_end] if m.tok_end < len(doc) else None
    return (last.like_num and nxt is not None and nxt.is_lower and nxt.is_alpha
            and nxt.idx == last.idx + len(last.text) + 1)


#: An initial and a surname ('K. Hupfer', 'J. R. Smith'): a person's name as results lists write it.
_INITIAL_SURNAME = re.compile(r"(?:[A-Z]\. ?){1,2}[A-Z][\w'-]+")


def person_name_shaped(name: str) -> bool:
    """Two or three capitalised words opening with a first name the lexicon knows, or an
    initial and a surname."""
    words = name.split()
    return (2 <= len(words) <= 3 and all(w[:1].isupper() for w in words)
            and (first_name_known(name) or _INITIAL_SURNAME.fullmatch(name) is not None))


def trim_counts(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Each mention of a person's name with a count after it, cut to the name as a person
    (see the module docstring); the others unchanged."""
    out: list[Mention] = []
    for m in mentions:
        if m.tok_end - m.tok_start >= 3 and counted_noun_after(doc, m):
            name = doc[m.tok_start: m.tok_end - 1]
            if person_name_shaped(name.text):
                m = Mention(m.start, name.end_char, name.text, "PERSON", m.sent, m.tok_start, m.tok_end - 1,
                            m.titled, gender=m.gender)
        out.append(m)
    return out
