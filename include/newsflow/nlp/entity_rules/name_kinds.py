"""Labels a name's own form or its nearest words give, whatever reading the model gave it.

Why: the small model reads a law, an event or a region by its first words ('Hong Kong … Act'
as an organisation, 'Los Angeles Auto Show' as an organisation, 'San Francisco Bay Area' as a
facility), a site named with a lower-case noun as a person ('the Hoa Lo prison'), a group of
people as a person or a product ('Delhiites', 'a million Uighurs', 'the Sikh minority') and a
car model as a place ('the Altima'), a device named by its noun as an organisation ('the …
Mesh Router'). Each family below is a class of evidence, not a list of things: the name's last
word (a law's, an event's, a device's), a facility noun after it, a demonym's ending or a group
noun, a model year, a maker or a vehicle noun next to it, a device part's noun after it ('the Q12
motion coprocessor'); an ordinal before 'Amendment' makes a law even of a work's reading. A person's
strong mark (a title, 'X said', 'X … he') keeps a person. Called last by ``labels.decide_label``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from .mentions import Mention
from .names import clean_name
from .person_marks import first_name_known, strong_person_mark
from .place_readings import place_reading
from .places import known_place, known_region
from .word_lists import (
    BODY_OR_EVENT,
    CAR_NOUNS,
    COMMUNITY_NOUNS,
    DEMONYM_ADJECTIVE_ENDINGS,
    DEMONYM_ENDINGS,
    EVENT_CUES,
    FACILITY_NOUNS,
    GROUP_WORDS,
    MODEL_NOUNS,
    PREMISES_NOUNS,
    PRODUCT_HEADS,
    TRIM_WORDS,
)

#: A year written before a model or inside an event's name ('the 2020 Sentra', 'the 2019 … Conference').
_YEAR = re.compile(r"(19|20)\d\d")
#: Last words that say a name is a law, an event, a region or an award ('… Act', '… Summit',
#: '… Valley', 'Nobel Prize', 'Philip K. Dick Award'; the gold reads awards as works, as OntoNotes).
NAME_HEADS: dict[str, str] = {
    **dict.fromkeys("act bill amendment".split(), "LAW"),
    **dict.fromkeys("""summit olympics paralympics conference festival expo marathon championship
        championships""".split(), "EVENT"),
    **dict.fromkeys("valley region".split(), "LOC"),
    **dict.fromkeys("award prize medal".split(), "WORK_OF_ART"),  # an award's name, as a title's
}
#: Two-word endings of the same kind ('Los Angeles Auto Show', 'San Francisco Bay Area').
NAME_HEAD_PAIRS: dict[tuple[str, str], str] = {
    ("auto", "show"): "EVENT", ("motor", "show"): "EVENT", ("air", "show"): "EVENT",
    ("world", "cup"): "EVENT", ("bay", "area"): "LOC",
}
#: Labels a name's last word may replace (a NORP or a work keeps its own reading: 'the Jazz Festival' album).
HEAD_REPLACES = frozenset({"ORG", "PERSON", "GPE", "FAC", "PRODUCT", "LOC", "EVENT", "LAW"})


def name_head_label(name: str) -> str | None:
    """'Hong Kong Human Rights and Democracy Act' -> LAW, 'Los Angeles Auto Show' -> EVENT,
    'Silicon Valley' -> LOC: the label a name of two words or more says by its last word(s),
    written with a capital (a lower-case 'act' is no name's)."""
    words = name.split()
    if len(words) < 2 or not words[-1][:1].isupper() or not words[0][:1].isupper():
        return None
    low = [w.lower().strip(".,") for w in words]
    pair = NAME_HEAD_PAIRS.get((low[-2], low[-1]))
    return pair or NAME_HEADS.get(low[-1])


#: 'First Amendment', '14th Amendment', 'Twenty-fifth Amendment': a constitution's numbered article.
_NUMBERED_AMENDMENT = re.compile(
    r"(?:the |The )?(?:\d{1,2}(?:st|nd|rd|th)|(?:Twenty-)?(?:[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]ifth|[Ss]ixth"
    r"|[Ss]eventh|[Ee]ighth|[Nn]inth)|Tenth|Eleventh|Twelfth|Thirteenth|Fourteenth|Fifteenth|Sixteenth"
    r"|Seventeenth|Eighteenth|Nineteenth|Twentieth) Amendment"
)


def numbered_amendment(name: str) -> bool:
    """'The First Amendment', 'the 14th Amendment': an ordinal before 'Amendment' names an article
    of a constitution, a law, even where the model read it as a work's title (a capital 'The'
    opening a sentence looks like a title's)."""
    return _NUMBERED_AMENDMENT.fullmatch(name) is not None


def event_use(doc: Doc, m: Mention) -> bool:
    """'at the … Conference', 'attended the annual … Conference', 'the 2019 … Conference': the
    name as something held, not a body."""
    before = [t.lower_ for t in doc[max(0, m.tok_start - 3): m.tok_start]]
    return any(w in EVENT_CUES for w in before) or any(_YEAR.fullmatch(t.text) for t in doc[m.tok_start: m.tok_end])


def head_label(doc: Doc, mentions: Sequence[Mention], name: str) -> str | None:
    """The label the name's last word says, a body-or-event head only with an event use."""
    label = name_head_label(name)
    if label == "EVENT" and name.split()[-1].lower() in BODY_OR_EVENT and not any(
            event_use(doc, m) for m in mentions):
        return None
    return label


def facility_after(doc: Doc, m: Mention, not_nouns: frozenset[str] = frozenset()) -> bool:
    """'the Hoa Lo prison', 'at the Moscone convention center': the name, after an article or a
    possessive, is followed by a lower-case facility noun (one more lower-case noun may come
    between: 'convention')."""
    if m.tok_start == 0 or doc[m.tok_start - 1].lower_ not in ("the", "'s", "’s"):
        return False
    for i in range(m.tok_end, min(m.tok_end + 2, len(doc))):
        tok = doc[i]
        if not (tok.is_lower and tok.pos_ == "NOUN"):
            return False
        if tok.lower_ in FACILITY_NOUNS:
            return tok.lower_ not in not_nouns
    return False


def facility_by_noun(doc: Doc, mentions: Sequence[Mention], name: str, label: str) -> bool:
    """Most mentions written before a facility noun, none used as a place, no known place: a
    site named after its proper name ('the Hoa Lo prison'; a first name does not count against
    it, 'the John Wayne airport', since no person's name takes the article)."""
    hits = sum(facility_after(doc, m, PREMISES_NOUNS if label == "ORG" else frozenset()) for m in mentions)
    return (hits * 2 > len(mentions) and not known_place(name) and not surname_of(doc, name)
            and not any(place_reading(doc, m) for m in mentions))


def surname_of(doc: Doc, name: str) -> bool:
    """'the Obama library' where the article names Barack Obama: the person's name, not the site's."""
    return any(e.label_ == "PERSON" and len(e) > 1 and e[0].is_alpha and e[0].text[:1].isupper()
               and e.text != name and e.text.endswith(" " + name) for e in doc.ents)


#: Shorter names with those endings are names or plurals of other words ('Whites', 'Deans').
MIN_DEMONYM = 7


def group_of_people(doc: Doc, mentions: Sequence[Mention], name: str, label: str) -> bool:
    """'Delhiites', 'a million Uighurs', 'the Sikh religious minority': a one-word name that is
    a demonym's plural by its ending, a plural counted or gathered ('all', 'a million', 'ethnic')
    or listed with a group noun ('Uighurs and other minorities'), or that modifies a group noun;
    not a family the article names ('the Smiths' next to 'Ann Smith'), a person or a known place;
    an organisation by its use only (a team: 'the Cleveland Guardians')."""
    if " " in name or not name[:1].isupper() or any(c.isupper() or c.isdigit() for c in name[1:]):
        return False
    if known_place(name) or known_place("the " + name) or first_name_known(name) or family_of(doc, name):
        return False
    plural = name.endswith("s") and not name.endswith(("ss", "us"))
    if plural and singular_is_thing(doc, name):
        return False  # 'thousands of Teslas' next to 'a Tesla': the maker's cars
    if plural and label != "ORG" and len(name) >= MIN_DEMONYM and name.lower().endswith(DEMONYM_ENDINGS):
        return True
    return any(group_use(doc, m, plural) for m in mentions)


def group_use(doc: Doc, m: Mention, plural: bool) -> bool:
    """One mention used as a group: a plural after a counting word or next to a group noun,
    or any form before a group noun ('the Sikh minority', 'Sikh religious minority')."""
    i = m.tok_end
    while i < len(doc) and i < m.tok_end + 2 and doc[i].is_lower and doc[i].pos_ == "ADJ":
        i += 1
    if i < len(doc) and doc[i].lower_ in COMMUNITY_NOUNS and not (
            i + 1 < len(doc) and doc[i + 1].pos_ in ("NOUN", "PROPN")):
        return True  # not 'the Senate minority leader': the group noun ends the phrase
    if not plural or (m.tok_end < len(doc) and doc[m.tok_end].pos_ in ("NOUN", "PROPN")):
        return False  # 'many Steelers fans': the name modifies the people counted
    head = doc[m.tok_end - 1]
    before = doc[m.tok_start - 1] if m.tok_start > 0 else None
    if before is not None and before.lower_ in GROUP_WORDS:
        return True
    return any(t.lower_ in COMMUNITY_NOUNS for t in head.conjuncts)


def demonym_adjective(doc: Doc, mentions: Sequence[Mention], name: str) -> bool:
    """'Ukrainian officials', 'a Glaswegian singer', 'the Afghan government': a one-word name
    with a people's ending that the article writes as an adjective is the people's (NORP), not
    the place's or a person's; a known place is not ('Milan', 'Oman'), nor a region's adjective
    the model reads as a region ('a Caribbean island', LOC: called only for other readings)."""
    if " " in name or len(name) < 4 or not name[:1].isupper() or known_place(name):
        return False
    return name.lower().endswith(DEMONYM_ADJECTIVE_ENDINGS) and any(
        doc[m.tok_end - 1].tag_ == "JJ" for m in mentions)


def singular_is_thing(doc: Doc, name: str) -> bool:
    """The plural's singular is written in the article as an organisation, product or place."""
    return any(e.text == name[:-1] and e.label_ in ("ORG", "PRODUCT", "GPE", "FAC") for e in doc.ents)


def family_of(doc: Doc, name: str) -> bool:
    """'the Bergs' where the article names a Berg: a family, people."""
    return name.endswith("s") and any(
        e.label_ == "PERSON" and e.text.split()[-1] == name[:-1] for e in doc.ents)


_CODE = re.compile(r"[A-Za-z]+-?\d+[A-Za-z]*|\d+")


def model_year_or_maker(doc: Doc, m: Mention, maker: bool) -> bool:
    """'the 2020 Sentra', "Nissan's Altima" (with ``maker``; not "Apple's China sales"): a model
    year or a maker's possessive right before the name."""
    s = m.tok_start
    if s > 0 and _YEAR.fullmatch(doc[s - 1].text):
        return True
    return (maker and s > 1 and doc[s - 1].tag_ == "POS" and doc[s - 2].ent_type_ == "ORG"
            and doc[m.tok_end - 1].dep_ != "compound")


def example_of_models(doc: Doc, m: Mention) -> bool:
    """'newer Nissan models like the Altima and Maxima': the name (or the first of a list it is
    in) after 'like'/'such as' that follows a noun of a product line."""
    head = doc[m.tok_end - 1]
    for h in (head, *(c for c in head.conjuncts if c.i < m.tok_start)):
        if h.dep_ == "pobj" and h.head.lower_ in ("like", "as") and h.head.head.lower_ in MODEL_NOUNS:
            return True
    return False


def vehicle_noun_after(doc: Doc, m: Mention) -> bool:
    """'the Mustang performance car', 'the Mach E SUV': a vehicle noun within three words after
    the name, with only lower-case words or a single capital letter between."""
    for tok in doc[m.tok_end: m.tok_end + 3]:
        if tok.lower_ in CAR_NOUNS and tok.pos_ in ("NOUN", "PROPN"):  # 'SUV' is often PROPN
            return True
        if not (tok.is_lower or (len(tok) == 1 and tok.is_upper)):
            return False
    return False


def coded_model(name: str) -> bool:
    """'RAV4 Hybrid', 'Galaxy S10 Plus': a name with a model code (letters and digits) and a
    trim word last."""
    words = name.split()
    return (len(words) > 1 and words[-1].lower() in TRIM_WORDS
            and any(_CODE.fullmatch(w) and any(c.isdigit() for c in w) for w in words[:-1]))


def product_model(doc: Doc, mentions: Sequence[Mention], name: str, label: str) -> bool:
    """A name used as a product model more often than as a place; an organisation only by its
    model code ('the Ford SUV' names the maker), a person's reading not by a maker's possessive
    ("Huawei's Meng"), a known place not by a vehicle noun alone ('Detroit car makers'), a country
    or US state never."""
    if coded_model(name):
        return True
    if label == "ORG" or known_region(name) or first_name_known(name):
        return False
    place = known_place(name)
    models = sum(model_year_or_maker(doc, m, label != "PERSON") or example_of_models(doc, m)
                 or (not place and vehicle_noun_after(doc, m)) for m in mentions)
    return models > sum(place_reading(doc, m) for m in mentions)


def product_head_name(doc: Doc, name: str) -> bool:
    """'the Linksys Velop Mesh Router' … 'the router', 'the LC500 Convertible': a name of two
    words or more whose capitalised last word is a device's or vehicle's noun, which the article
    also writes as a common noun or the name carries a model code ('Land Rover', a maker, has
    neither)."""
    words = name.split()
    if len(words) < 2 or not words[-1][:1].isupper() or words[-1].lower() not in PRODUCT_HEADS:
        return False
    head = words[-1].lower()
    coded = any(ch.isdigit() for w in words[:-1] for ch in w)
    return coded or any(t.is_lower and t.pos_ == "NOUN" and t.lemma_ == head for t in doc)


#: Lower-case nouns of a device's part or a piece of software a product's name is written before
#: ('the Q12 motion coprocessor', 'the Kestrel browser', 'a Lumen display').
PART_NOUNS = frozenset("chip chipset processor coprocessor camera lens sensor display screen browser".split())


def names_a_part(doc: Doc, m: Mention) -> bool:
    """'the Q12 motion coprocessor', '12MP eVista rear camera': the mention modifies a part's noun,
    with only lower-case words between."""
    head = doc[m.tok_end - 1]
    if head.dep_ not in ("compound", "amod", "nmod"):
        return False
    for tok in doc[m.tok_end: m.tok_end + 3]:
        if tok.lower_ in PART_NOUNS and tok.pos_ == "NOUN" and tok.i == head.head.i:
            return True
        if not tok.is_lower:
            return False
    return False


def coined_name(name: str) -> bool:
    """'Q12', 'eVista', 'SnapCam': a one-word name with a digit or a capital inside, a model's or
    a coined product's, not a maker's plain name ('an Intel chip' names the maker)."""
    return " " not in name and (any(c.isdigit() for c in name) or any(c.isupper() for c in name[1:]))


def part_of_device(doc: Doc, mentions: Sequence[Mention], name: str, label: str) -> bool:
    """Every mention names a device's part or a program by the noun it modifies ('the Kestrel
    browser' read as a person, 'the Lumen display' as a place): a product; an organisation's
    reading only for a coined name ('the Q12 motion coprocessor'), since a maker modifies its
    parts too ('a Samsung display')."""
    if label == "ORG" and not coined_name(name):
        return False
    return bool(mentions) and all(names_a_part(doc, m) for m in mentions)


def kind_by_name(doc: Doc, mentions: Sequence[Mention], name: str, label: str) -> str:
    """The label after the name's own form and nearest words (see the module docstring);
    ``label`` is the one decided so far, kept when nothing here speaks."""
    name = clean_name(name)
    if strong_person_mark(doc, mentions):
        return label
    head = head_label(doc, mentions, name)
    if head is not None and label in HEAD_REPLACES:
        return head
    if label == "WORK_OF_ART" and numbered_amendment(name):
        return "LAW"
    if label in ("GPE", "PERSON", "EVENT", "ORG") and demonym_adjective(doc, mentions, name):
        return "NORP"
    if label in ("GPE", "LOC", "PERSON", "ORG", "FAC", "WORK_OF_ART") and product_head_name(doc, name):
        return "PRODUCT"
    if label in ("PERSON", "GPE", "LOC", "ORG") and part_of_device(doc, mentions, name, label):
        return "PRODUCT"
    if label in ("NORP", "WORK_OF_ART", "EVENT", "LAW"):
        return label
    if label in ("PERSON", "GPE", "LOC", "PRODUCT", "ORG") and facility_by_noun(doc, mentions, name, label):
        return "FAC"
    if label in ("PERSON", "PRODUCT", "ORG", "GPE") and group_of_people(doc, mentions, name, label):
        return "NORP"
    if label in ("GPE", "LOC", "PERSON", "ORG") and product_model(doc, mentions, name, label):
        return "PRODUCT"
    return label
