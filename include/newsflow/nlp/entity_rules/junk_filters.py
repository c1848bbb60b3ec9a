"""Spans the NER calls entities that hold no name, left out of the mentions.

Why apart: each is a test on a span already trimmed, not a repair of it — a contraction fragment
("n't", "gon"), a unit ("5 GW"), a number alone as a person ("2018"), a "date" with no word of time
("61W"), a web address ("pic.twitter.com/…"), a bare title ("Col") or a section heading alone
on its line ("Roadmap").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .names import TRIM_CHARS
from .word_lists import TIME_WORDS, TITLES, UNITS


def has_name_shape(text: str) -> bool:
    """A name has a capital letter or a digit somewhere ('eBay', '2020'); 'n't', 'gon'
    (of 'gonna') and other lower-case fragments are no names."""
    return any(ch.isupper() or ch.isdigit() for ch in text)


#: A web address with a scheme or a path ('https://…', 'pic.twitter.com/4p7S…'); a site's
#: name alone ('Wired.com') is the site's name and stays.
_WEB_ADDRESS = re.compile(r"://|\bwww\.\S+/|\.[a-z]{2,6}/\S")


def is_web_address(text: str) -> bool:
    """'https://www.example.com/tickets', 'pic.twitter.com/AbC123': a link the model reads as a
    person or a body names no one; the page it points to is no entity of the text."""
    return _WEB_ADDRESS.search(text) is not None


#: Labels a name of digits alone can have ('1917' the film, '2020' the games).
NUMBER_NAME_LABELS = frozenset({"DATE", "EVENT", "WORK_OF_ART", "PRODUCT"})


def number_only(text: str, label: str) -> bool:
    """'2018' as a PERSON, '1995' as an ORG: no letter at all is no person, place or body."""
    return label not in NUMBER_NAME_LABELS and not any(ch.isalpha() for ch in text)


def is_unit(doc: Doc, start: int, end: int) -> bool:
    """'5 GW', '300 MW': a measurement unit after a number, not an organisation."""
    if end - start != 1:
        return False
    word = doc[start].lower_
    after_number = start > 0 and doc[start - 1].like_num
    # power and frequency units are never names; 'GB' or 'MT' only after a number
    return word in UNITS and (after_number or word.endswith(("w", "wh", "hz")))


def date_shaped(text: str) -> bool:
    """'61W', '8 or later': a span the model calls a date that opens with a number but has no
    word of time, no year, ordinal or decade, is a unit or a model number, no date."""
    words = re.findall(r"[A-Za-z]+|\d+", text)
    if not text[:1].isdigit():
        return True
    if any(w.lower() in TIME_WORDS for w in words):
        return True
    if re.search(r"\d{4}|\d+(st|nd|rd|th)\b|\d+s\b|\d+/\d+|\d+-\d+", text):
        return True
    return False


def is_bare_title(words: list[str]) -> bool:
    """"Col" (of 'Lt Col'), "Senator": title words only, no name."""
    return bool(words) and all(w.lower().rstrip(".") in TITLES or w.lower() in TITLES for w in words)


def is_heading(text: str, start: int, end: int, n_tokens: int) -> bool:
    """'Module' / 'Roadmap' alone on a line: a section heading, not a one-word name."""
    if n_tokens != 1:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start: len(text) if line_end < 0 else line_end]
    return line.strip(TRIM_CHARS) == text[start:end].strip(TRIM_CHARS) and "\n" in text
