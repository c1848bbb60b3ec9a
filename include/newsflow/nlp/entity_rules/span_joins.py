"""Span joins: a place the model cuts out of a longer name is put back into that name.

Why: the small model reads the place inside an organisation's name as a place of its own ("the
Federal Reserve Bank" + "New York", "New York" + "State Attorney General", "Lexus" + "Philippines")
and the capital's district as a second place ("Washington" + "DC"). The place's key then
takes a mention of another thing (a bank, an office, a company's national arm) and, across
articles, joins it to the city; 'DC' becomes a key of its own. Each rule here
joins the pieces back into one span before the spans are cut and trimmed
(:func:`span_repairs.name_parts`), so the place's own key takes only the mentions that
stand alone. So too a brand the model reads apart from its product's model words and number
('Lexus' + 'LC 500', 'Logitech' + 'MX Master 2S'): the brand's key would take its products'
mentions. A role word before an organisation's name ('Founder of Ceres Robotics Inc.') is cut
off it in :func:`span_repairs.trim_span` (:func:`role_before_name`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import islice

from spacy.tokens import Doc, Span, Token

from .places import known_region, state_abbreviation
from .word_lists import (
    NUMBERED_NOT_PRODUCT,
    OFFICE_HEADS,
    ORG_ENDINGS,
    PLACE_BODY_HEADS,
    PLACE_TYPE_WORDS,
    ROLE_WORDS,
    TITLES,
)

#: The model's labels of places.
PLACE_LABELS = frozenset({"GPE", "LOC"})


def joined_names(ents: Sequence[Span]) -> list[Span]:
    """The entity spans with each organisation's name holding a place joined back into one span
    (:func:`body_of_place`, :func:`body_before_place`, :func:`place_office`,
    :func:`company_country`, :func:`university_campus`), 'Washington, DC' into one place (:func:`city_state`) and each brand's
    model into one product (:func:`brand_model`); the spans the joined one covers go. A city's
    state after it gets its own place span (:func:`state_after_city`)."""
    ents = list(ents)
    out: list[Span] = []
    covered = -1
    for i, ent in enumerate(ents):
        if ent.start < covered:
            continue
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        joined = ((nxt is not None and (body_of_place(ent, nxt) or company_country(ent, nxt, ents)
                                        or university_campus(ent, nxt)))
                  or body_before_place(ent, out[-1].end if out else 0) or place_office(ent) or city_state(ent)
                  or brand_model(ent, islice(ents, i + 1, None)))
        state = None if joined else state_after_city(ent)
        if state is not None:
            out.extend((ent, state))
            covered = state.end
        elif joined:
            out.append(joined)
            covered = joined.end
        else:
            out.append(ent)
    return out


def body_of_place(ent: Span, nxt: Span) -> Span | None:
    """'the Federal Reserve Bank' + 'of' + 'New York': an organisation whose head is a body's
    ('Bank', 'University', 'Council') followed by 'of' and a place is one organisation's name."""
    doc = ent.doc
    if ent.label_ != "ORG" or nxt.label_ not in PLACE_LABELS or nxt.start != ent.end + 1:
        return None
    head, of = ent[-1], doc[ent.end]
    if of.lower_ != "of" or head.lower_ not in PLACE_BODY_HEADS or not head.text[:1].isupper() or of.head.i != head.i:
        return None
    return Span(doc, ent.start, nxt.end, label="ORG")


def body_before_place(ent: Span, free_from: int) -> Span | None:
    """'University of' + 'Michigan' where the model reads only the place: capitalised words outside
    any name ending in a body's head, then 'of', before a place, are one organisation's name with
    it (the words start after ``free_from``, the end of the span before)."""
    doc = ent.doc
    if ent.label_ not in PLACE_LABELS or ent.start < 2 or doc[ent.start - 1].lower_ != "of":
        return None
    head = doc[ent.start - 2]
    if not (head.lower_ in PLACE_BODY_HEADS and _free_capitalised(head) and doc[ent.start - 1].head.i == head.i):
        return None
    start = head.i
    while start - 1 >= free_from and _free_capitalised(doc[start - 1]):
        start -= 1
    return Span(doc, start, ent.end, label="ORG")


def _free_capitalised(tok: Token, spaced: bool = True) -> bool:
    """A capitalised proper noun outside any entity (followed by a space on the same line when
    ``spaced``)."""
    return (tok.ent_iob_ == "O" and tok.is_alpha and tok.text[:1].isupper() and not tok.is_upper
            and tok.tag_ in ("NNP", "NNPS") and (tok.whitespace_ == " " or not spaced))


def place_office(ent: Span) -> Span | None:
    """'New York' + 'State Attorney General', 'the New York State' + 'Attorney General', 'the United
    States' + 'Senate': a place (or a name ending in a place type) that modifies capitalised words
    outside any name, which end there and in a body's head (or, after 'State', 'County', 'City', an
    office's: 'Attorney General'), is one organisation's name with them. Not a title before a
    person's name ('Texas Gov. Greg Abbott': the words do not end there)."""
    doc = ent.doc
    ends_in_type = ent[-1].lower_ in PLACE_TYPE_WORDS
    if not (ent.label_ in PLACE_LABELS or (ent.label_ == "ORG" and ends_in_type)) or ent[-1].whitespace_ != " ":
        return None
    i = ent.end
    while i < len(doc) and _free_capitalised(doc[i]):
        i += 1
    if i < len(doc) and doc[i].whitespace_ != " " and _free_capitalised(doc[i], spaced=False):
        i += 1  # the last word, before punctuation ('General,')
    if i == ent.end or ent.text.isupper():
        return None
    if i < len(doc) and doc[i].is_alpha and doc[i].text[:1].isupper():
        return None  # the name goes on ('… Attorney General Letitia James')
    run = doc[ent.end:i]
    last = run[-1]
    if not (ent.end <= ent[-1].head.i < i and not (ent.end <= last.head.i < i)):
        return None  # the place does not modify the words, or they do not end in their head
    typed = ends_in_type or run[0].lower_ in PLACE_TYPE_WORDS
    if last.lower_ in PLACE_BODY_HEADS or (typed and last.lower_ in OFFICE_HEADS):
        return Span(doc, ent.start, i, label="ORG")
    return None


#: A state university's name the model reads apart from its campus city ('the University of
#: California', 'California State University'): the state after 'University of' or before 'State
#: University'.
_STATE_UNIVERSITY = re.compile(r"(?:^|\s)(?:University of ((?:[A-Z][\w.]* ?){1,3})|((?:[A-Z][\w.]* ){1,2})State University)$")


def university_campus(ent: Span, nxt: Span) -> Span | None:
    """'the University of California' + ', ' + 'San Francisco', 'California State University' + ', '
    + 'Fullerton': a state's (or country's) university, a comma and a city is one campus's name (a
    state's system names its campuses so), and the city keys only where it stands alone; not after
    another university ('the University of Goethe, Frankfurt': an address) nor before a country."""
    doc = ent.doc
    if ent.label_ != "ORG" or nxt.label_ != "GPE" or nxt.start != ent.end + 1 or doc[ent.end].text != ",":
        return None
    match = _STATE_UNIVERSITY.search(ent.text)
    if match is None or not known_region((match.group(1) or match.group(2)).strip()):
        return None
    if known_region(nxt.text) or nxt.text.isupper():
        return None
    return Span(doc, ent.start, nxt.end, label="ORG")


def company_country(ent: Span, nxt: Span, ents: Sequence[Span]) -> Span | None:
    """'Lexus' + 'Philippines' ('Lexus Philippines offers …'): a company the article also names
    alone, written right before a country (or US state) it modifies, which ends the name, is the
    company's arm there: one organisation's name."""
    doc = ent.doc
    if ent.label_ != "ORG" or nxt.label_ != "GPE" or nxt.start != ent.end or ent[-1].whitespace_ != " ":
        return None
    if ent[-1].dep_ != "compound" or not (nxt.start <= ent[-1].head.i < nxt.end) or not known_region(nxt.text):
        return None
    if nxt[-1].dep_ == "compound" or nxt.text.isupper() or ent.text.isupper():
        return None  # the country modifies a word after it ('the Pfizer Germany deal'), a headline
    name = ent.text.lower()
    if not any(o.label_ == "ORG" and o.text.lower() == name and o.start != ent.start for o in ents):
        return None
    return Span(doc, ent.start, nxt.end, label="ORG")


#: A model's number: digits, or digits and letters ('500', '3', '2S'), not a year ('2019').
_MODEL_NUMBER = re.compile(r"(?!(?:19|20)\d\d$)(?=\w*\d)[0-9A-Za-z]{1,4}")
#: Words a product's name holds before its number, at most ('MX Master' of 'Logitech MX Master 3').
MAX_MODEL_WORDS = 3
#: What the model may read the pieces of a product's name as ('MX' PRODUCT, '2S' CARDINAL).
_MODEL_PART_LABELS = frozenset({"PRODUCT", "CARDINAL"})
#: A number the model reads so is no model's ('6 8%', '$99', '2019').
_NO_MODEL_PART_LABELS = frozenset({"PERCENT", "MONEY", "QUANTITY", "DATE", "TIME", "ORDINAL"})


def brand_model(ent: Span, after: Iterable[Span]) -> Span | None:
    """'Lexus' + 'LC 500', 'Logitech' + 'MX Master 2S', 'MX' + 'Master 3': a brand (or a product's
    first word) followed by capitalised words and a model's number is one product's name up to the
    number (a heading's 'Logitech MX Master 3 Mouse' is the 'Logitech MX Master 3' of the text): the
    brand's key must not take its products' mentions. Not a score or a list ('Wild 4, Sabres 1'): a
    word comes first, and no other name is crossed but the model's pieces of the product (a number,
    a product; a name holding the number, '3 Mouse', goes with it)."""
    doc = ent.doc
    if ent.label_ not in ("ORG", "PRODUCT") or ent.text.isupper() and len(ent) > 1:
        return None
    i = ent.end
    while i < len(doc) and doc[i - 1].whitespace_ == " " and doc[i].is_alpha and doc[i].text[:1].isupper() \
            and doc[i].tag_ in ("NNP", "NNPS") and not doc[i].is_stop and doc[i].lower_ not in TITLES:
        i += 1
    if i == ent.end or i - ent.end > MAX_MODEL_WORDS or i >= len(doc) or doc[i - 1].whitespace_ != " " \
            or not _MODEL_NUMBER.fullmatch(doc[i].text):
        return None
    if any(t.lower_ in NUMBERED_NOT_PRODUCT for t in doc[ent.end:i]):
        return None  # 'House Bill 1523', 'Teamsters Local 294': a law's or a body's number
    end = i + 1
    for other in after:
        if other.start >= end:
            break
        if other.label_ in _NO_MODEL_PART_LABELS or not (
                other.start <= i < other.end or (other.end <= end and other.label_ in _MODEL_PART_LABELS)):
            return None  # 'LB Sione Takitaki 6 8%': a player's statistics
    return Span(doc, ent.start, end, label="PRODUCT")


def city_state(ent: Span) -> Span | None:
    """'Washington' + ',' + 'DC': the capital and its district's abbreviation are one place (the
    gold's 'Washington, DC'); a city and a state's abbreviation are two (:func:`state_after_city`)."""
    abbr = _abbreviation_after(ent)
    if abbr is None or abbr.text.replace(".", "").upper() != "DC" or not abbreviates(abbr.text, ent.text):
        return None
    if abbr.ent_iob_ == "B" and abbr.i + 1 < len(ent.doc) and ent.doc[abbr.i + 1].ent_iob_ == "I":
        return None  # the abbreviation opens a longer name
    return Span(ent.doc, ent.start, abbr.i + 1, label=ent.label_)


#: A US ZIP code after a state's postal code ('Los Angeles, CA 90069').
_ZIP = re.compile(r"\d{5}(?:-\d{4})?")


def state_after_city(ent: Span) -> Span | None:
    """'HAYWARD, Calif.', 'Los Angeles, CA 90069', 'New York, NY': a place, a comma and a US
    state's abbreviation name two places, the city and its state (a reader sees both; the state
    keys as its name written out, ``places.state_name``): the abbreviation's own place span,
    also where the model missed it or read it with an address's ZIP code as a date ('CA 90069')."""
    abbr = _abbreviation_after(ent)
    if abbr is None or abbr.text.replace(".", "").upper() == "DC":
        return None
    doc = ent.doc
    nxt = doc[abbr.i + 1] if abbr.i + 1 < len(doc) else None
    if abbr.ent_iob_ == "B" and nxt is not None and nxt.ent_iob_ == "I" and not _ZIP.fullmatch(nxt.text):
        return None  # the abbreviation opens a longer name
    return Span(doc, abbr.i, abbr.i + 1, label="GPE")


def _abbreviation_after(ent: Span) -> Token | None:
    """The US state's abbreviation after a place and a comma on the same line ('Hayward, Calif.'),
    not a state's own in a list ('Iowa, N.H. and S.C.'; but 'New York, NY')."""
    doc = ent.doc
    e = ent.end
    if ent.label_ not in PLACE_LABELS or e + 1 >= len(doc) or doc[e].text != "," or "\n" in doc[e].whitespace_:
        return None
    abbr = doc[e + 1]
    if not state_abbreviation(abbr.text) or state_abbreviation(ent.text) or abbr.ent_iob_ == "I":
        return None
    if known_region(ent.text) and not abbreviates(abbr.text, ent.text):
        return None  # a list of states: 'Iowa, N.H. and S.C.' (not 'New York, NY', 'Washington, D.C.')
    return abbr


def abbreviates(abbr: str, name: str) -> bool:
    """'NY' / 'N.Y.' of 'New York' (the initials of a state's name), and 'DC' / 'D.C.' of the capital
    ('Washington')."""
    letters = abbr.replace(".", "").lower()
    return letters == "dc" or letters == "".join(w[0] for w in name.lower().split())


def city_state_written(doc: Doc, start: int, end: int) -> bool:
    """The tokens ``start..end`` are 'City, ST' as :func:`city_state` joins them ('Washington, DC'),
    or as the model itself writes a city with its state in one span ('Houston, TX')."""
    return end - start >= 3 and doc[end - 2].text == "," and state_abbreviation(doc[end - 1].text)


def role_before_name(doc: Doc, start: int, end: int) -> int:
    """'Founder of Ceres Robotics Inc.': a role word and 'of' opening an organisation's span are no
    part of its name when what follows is an organisation's name (it ends in a legal form or a
    body's head, or the model reads it as an organisation elsewhere): the name starts after them."""
    if end - start < 3 or doc[start].lower_ not in ROLE_WORDS or doc[start + 1].lower_ != "of":
        return start
    rest = start + 2
    if doc[rest].lower_ == "the" and end - rest > 1:
        rest += 1
    name = doc[rest:end].text.lower()
    if doc[end - 1].lower_ in ORG_ENDINGS or any(
            e.label_ == "ORG" and e.text.lower().removeprefix("the ") == name and e.start != start for e in doc.ents):
        return rest
    return start
