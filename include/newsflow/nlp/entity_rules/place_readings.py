"""Place readings of one mention: after a place's preposition ('in Kyiv'), before a region
('Madison, Wis.', 'Irving, TX'), or in a dateline ('BAAR, SWITZERLAND', 'KYIV, Ukraine
(Reuters) —'); and the place gazetteer as the last tie-breaker.

Why apart from ``labels``: how the article uses a name as a place is asked by the label
rules, by the business rules (``companies``) and by the entity pipeline
(``firm_place_reading`` keeps a place from joining a longer name).
"""

from __future__ import annotations

from spacy.tokens import Doc

from .media import took_to
from .mentions import Mention
from .names import clean_name
from .places import known_place, known_region, state_abbreviation
from .span_joins import city_state_written
from .word_lists import FIRM_PLACE_PREPS, PLACE_PREPS


def place_use(doc: Doc, m: Mention) -> bool:
    """'in Kyiv', 'Madison, Wis.': the mention read as a place (a possessive or a
    compound modifier is a person's 'Smith's view', 'the Trump administration')."""
    last = doc[m.tok_end - 1]
    if last.dep_ in ("compound", "poss") or (m.tok_end < len(doc) and doc[m.tok_end].tag_ == "POS"):
        return False
    prev = doc[m.tok_start - 1].lower_ if m.tok_start > 0 else ""
    if prev in PLACE_PREPS and doc[m.tok_start - 1].dep_ == "prep" and not took_to(doc, m):
        return True
    nxt = m.tok_end
    if nxt + 1 < len(doc) and doc[nxt].text == "-" and doc[nxt + 1].lower_ == "based":
        return True  # 'a Madison-based firm'
    return (nxt + 1 < len(doc) and doc[nxt].text == "," and (
        (doc[nxt + 1].ent_type_ == "GPE" and not doc[nxt + 1].ent_iob_ == "I")
        or known_region(doc[nxt + 1].text)))


def _line_start(doc: Doc, i: int) -> bool:
    """Token ``i`` opens a line: the first of the text, or after a newline."""
    return i == 0 or "\n" in doc[i - 1].whitespace_ + doc[i - 1].text


#: What may follow the region that ends an address ('…, Ohio.', '…, Ohio / July 26').
ADDRESS_ENDS = frozenset({".", "/", ";", ")", "|", "—", "–", "-", "--", ":"})


def dateline_place(doc: Doc, m: Mention) -> bool:
    """'BAAR, SWITZERLAND', 'Madison, Wisconsin', 'Cuyahoga Falls, OH': a name followed by a
    comma and a known country or US state is a place when it is a known place itself, opens a
    line, or ends an address there ('…, Ohio.', '…, Ohio /'); before a US state's abbreviation
    always (a person's party and state are written 'R-Wis.', not ', Wis.'), also when the mention
    holds the abbreviation ('Washington, DC' as one place: :func:`city_state_written`)."""
    if city_state_written(doc, m.tok_start, m.tok_end):
        return True
    e = m.tok_end
    if not (e + 1 < len(doc) and doc[e].text == ","):
        return False
    region = doc[e + 1: e + 3]
    if known_region(region[:1].text):
        after = e + 2
    elif known_region(region.text):
        after = e + 3
    else:
        return False
    if state_abbreviation(region[:1].text):
        return True  # 'Cuyahoga Falls, OH', 'Madison, Wis.': only places are written so
    at_line_start = _line_start(doc, m.tok_start)
    # not a list of countries ('Europe, Japan, Canada and Mexico')
    address = after >= len(doc) or doc[after].text in ADDRESS_ENDS or doc[after].is_space
    return at_line_start or address or known_place(clean_name(m.text))


DATELINE_DASHES = frozenset({"—", "–", "--", "-", "("})


def dateline_region(doc: Doc, m: Mention) -> bool:
    """'DORVIK, Castava — A convoy …', 'KYIV, Ukraine (Reuters) —': the name after a dateline's
    city in capitals at the start of a line, before the dateline's dash, is its country or
    region (a word or two may come between: 'MERA CAMP, Castava border —')."""
    s = m.tok_start
    if s < 2 or doc[s - 1].text != ",":
        return False
    j = s - 2
    while j >= 0 and doc[j].is_alpha and doc[j].is_upper and not _line_start(doc, j):
        j -= 1
    if not (j >= 0 and doc[j].is_alpha and doc[j].is_upper and len(doc[j]) > 1 and _line_start(doc, j)):
        return False
    return any(t.text in DATELINE_DASHES for t in doc[m.tok_end: m.tok_end + 2])


def dateline_city(doc: Doc, m: Mention) -> bool:
    """'MERA CAMP, Velora border —': a name in capitals opening a line, followed by a comma,
    a capitalised name or two and the dateline's dash, is the dateline's place."""
    span = doc[m.tok_start: m.tok_end]
    e = m.tok_end
    if not (_line_start(doc, m.tok_start) and all(t.is_upper or not t.is_alpha for t in span)
            and e + 1 < len(doc) and doc[e].text == "," and doc[e + 1].text[:1].isupper()):
        return False
    return any(t.text in DATELINE_DASHES for t in doc[e + 2: e + 5])


def dateline_opening(doc: Doc, m: Mention) -> bool:
    """'CASTAVA (Reuters) -', 'KYIV — ': a name in capitals opening a line, right before the
    dateline's dash or its agency in brackets, is the dateline's place."""
    span = doc[m.tok_start: m.tok_end]
    return (_line_start(doc, m.tok_start) and any(t.is_alpha for t in span)
            and all(t.is_upper or not t.is_alpha for t in span)
            and m.tok_end < len(doc) and doc[m.tok_end].text in DATELINE_DASHES)


def place_reading(doc: Doc, m: Mention) -> bool:
    """One mention the article uses as a place: after a place's preposition ('in Castava'),
    in a dateline, or before a region ('Madison, Wis.')."""
    return place_use(doc, m) or dateline_reading(doc, m)


def dateline_reading(doc: Doc, m: Mention) -> bool:
    """One mention in a dateline's place ('CASTAVA (Reuters) -', 'DORVIK, Castava —')."""
    return (dateline_place(doc, m) or dateline_region(doc, m) or dateline_city(doc, m)
            or dateline_opening(doc, m))


def firm_place_reading(doc: Doc, m: Mention) -> bool:
    """One mention only a place can be: after 'in'/'near'/…, or in a dateline; the evidence
    that keeps a place of the article from being the first name of a longer name."""
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    return (prev is not None and prev.lower_ in FIRM_PLACE_PREPS and place_use(doc, m)) or dateline_reading(doc, m)


def state_after_place(doc: Doc, m: Mention) -> bool:
    """'Irving, TX', 'Columbia, S.C.': a US state's abbreviation after a capitalised name and
    a comma is the state."""
    s = m.tok_start
    return (m.tok_end - s == 1 and s >= 2 and doc[s - 1].text == "," and doc[s - 2].text[:1].isupper()
            and state_abbreviation(doc[s].text))


def gazetteer_place(name: str) -> bool:
    """A capitalised name with no person's marks that is a known country, US state or city
    of some population ('Kyiv', 'Madagascar', 'Sioux Falls'): the last tie-breaker."""
    return all(w[:1].isupper() for w in name.split()) and known_place(name)
