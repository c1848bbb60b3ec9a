"""Whether a short form names a longer name of the same article: its last words (a surname,
'the Chronicle'), a person's first name or a short first name ('Josh' of 'Joshua'), an
acronym, a company's name without its legal form, an organisation's or product's name with
words left out, a bare word opening an organisation's name; and when it may not be the same
thing (a place inside a place's name, a modifier left out, two names run together).

Why apart: these are the rules, one small test each, that the clustering loop in
``clusters`` asks before joining a mention to a fuller name; kept apart, each can be
read and tested alone.
"""

from __future__ import annotations

import re

from .cluster_keys import ALIASES, PLACE_LABELS, Cluster, is_person_cluster, norp_stem
from .names import org_designated
from .partial_names import acronym_variants
from .person_marks import first_name_known
from .places import known_place
from .word_lists import (
    ACRONYM_SKIP,
    COMPANY_FORMS,
    CONTINENTS,
    DROPPED_HEADS,
    LEGAL_FORMS,
    NAME_SUFFIXES,
    OBJECT_WORDS,
    PLACE_TYPES,
    VARIANT_WORDS,
)


def initials(words: list[str], skip_small: bool) -> str:
    """'National Security Council' -> 'nsc' (small words left out when ``skip_small``)."""
    return "".join(w[0] for w in words if w and not (skip_small and w in ACRONYM_SKIP)).lower()


def without_suffix(words: list[str]) -> list[str]:
    """A person's name words without a trailing generational suffix ('jr.', 'iii')."""
    return words[:-1] if len(words) > 1 and words[-1].strip(",") in NAME_SUFFIXES else words


def legal_core(words: list[str]) -> list[str]:
    """A company's name words without its trailing legal form ('softbank group corp' -> 'softbank')."""
    core = list(words)
    while len(core) > 1 and core[-1].strip(",") in LEGAL_FORMS:
        core.pop()
    return core


def covers(long: list[str], short: list[str], person: bool, org: bool = False) -> bool:
    """Whether the name ``short`` is a partial mention of ``long`` (lower-case words):
    its last words ('Chronicle' of 'San Francisco Chronicle'); for a person also the
    first name ('Tony' of 'Tony Soprano') or first and last name ('John Ford' of 'John
    Milo Ford'); a generational suffix is no part of the comparison ('Kendrew' of 'Joseph R.
    Kendrew Jr.'); for a company, the name without its legal form or with another spelling of it
    ('SoftBank' of 'SoftBank Group Corp', 'Sierra Nevada Corp.' of 'Sierra Nevada Corporation')."""
    if org and len(" ".join(short)) < len(" ".join(long)) and legal_core(short) == legal_core(long) != long:
        return True
    if person:
        long, short = without_suffix(long), without_suffix(short)
        if len(short) == len(long) > 2 and short != long and all(
                a == b or (len(a.rstrip(".")) == 1 and b.startswith(a.rstrip("."))) for a, b in zip(short, long, strict=True)):
            return True  # 'John M. Ford' of 'John Milo Ford'
    if len(short) >= len(long):
        return False
    if long[-len(short):] == short:
        return long[-len(short) - 1] not in OBJECT_WORDS  # 'England' is no 'Bank of England'
    if person and len(short) == 1 and short[0] == long[0]:
        return True
    if org and shortened_org(long, short):
        return True
    return person and len(short) >= 2 and short[0] == long[0] and short[-1] == long[-1]


def shortened_org(long: list[str], short: list[str]) -> bool:
    """'House Committee' of 'House Select Committee on Fisheries': an organisation's name
    written with words left out — same first word, the other words in order, and not just the
    long name's first words ('New York' is no short form of 'New York Times')."""
    if len(short) < 2 or short[0] != long[0] or long[:len(short)] == short:
        return False
    rest = iter(long[1:])
    return all(w in rest for w in short[1:])


def acronym_of(short: str, names: list[str], defined: dict[str, str]) -> str | None:
    """The fullest name an all-capitals mention abbreviates: as the article defines it
    ('… Prevention (CDC)') or by its initials, when exactly one name fits."""
    if not (short.isupper() and 2 <= len(short.replace(".", "")) <= 6 and " " not in short):
        return None
    key = short.replace(".", "").lower()
    if key in defined and defined[key].lower() in {n.lower() for n in names}:
        return defined[key]
    fits = {n for n in names if len(n.split()) > 1 and key in (
        initials(n.lower().split(), True), initials(n.lower().split(), False),
        initials(n.lower().replace("-", " ").split(), True))  # 'TPP' of 'Trans-Pacific Partnership'
        or key in acronym_variants(n.lower().split())}
    return next(iter(fits)) if len(fits) == 1 else None


#: Shortest first name that may be the short form of a longer one ('Jo' is too short to tell).
SHORT_FIRST_NAME_MIN = 3


def short_first_name_of(short: list[str], long: list[str]) -> bool:
    """'Josh Apte' of 'Joshua Apte', 'Chris Lee' of 'Christopher Lee': the same surname (and
    middle words) with a first name that begins the other one; a middle initial or a
    generational suffix written in one only is no difference ('Pat Lind' of 'Patrick W. Lind Jr.')."""
    short, long = without_middle_initials(without_suffix(short)), without_middle_initials(without_suffix(long))
    return (len(short) == len(long) >= 2 and short[1:] == long[1:] and short[0] != long[0]
            and len(short[0]) >= SHORT_FIRST_NAME_MIN and long[0].startswith(short[0]))


def without_middle_initials(words: list[str]) -> list[str]:
    """'patrick w. lind' -> 'patrick lind': a middle initial is often left out of a name the
    article writes again; the first and last words stay whatever they are."""
    if len(words) < 3:
        return words
    return [words[0], *(w for w in words[1:-1] if not is_initials(w)), words[-1]]


def is_initials(word: str) -> bool:
    """'w.', 'b.u.', 'j': one to three single letters, each with or without a full stop."""
    return re.fullmatch(r"(?:[^\W\d_]\.?){1,3}", word) is not None and (len(word) == 1 or "." in word)


def initialled_first_name_of(short: list[str], long: list[str]) -> bool:
    """'B.U. Ortiz' (or 'B. U. Ortiz') of 'Benjamin Ortiz', 'J. Ramirez' of 'Julia M. Ramirez':
    a first name written as initials, the first of them the long name's first letter, any
    second one its middle name's (when it writes one), and the same surname (a suffix aside)."""
    short, long = without_suffix(short), without_suffix(long)
    if not 2 <= len(short) <= 3 or len(long) < 2 or short[-1] != long[-1] \
            or not all(is_initials(w) for w in short[:-1]):
        return False
    letters = "".join(short[:-1]).replace(".", "")
    if is_initials(long[0]) or len(long[0]) < 2 or not long[0].startswith(letters[0]):
        return False
    middles = long[1:-1]
    return len(letters) == 1 or not middles or all(
        m.startswith(x) for x, m in zip(letters[1:], middles, strict=False))


#: Labels of a name that a head news drops may end ('Hubble Space Telescope' is read as a facility).
_THING_LABELS = frozenset({"ORG", "FAC", "PRODUCT"})


def organisation_opened(low: str, by_name: dict[str, Cluster], person_marked: frozenset[int]) -> str | None:
    """'Goddard' (read as a person: 'Goddard planetary scientist …') in an article naming the
    'Goddard Space Flight Center' and no person Goddard: a bare word the model reads as a
    person's, written with no person's mark, that opens exactly one longer name of an
    organisation of the article is a short form of it. Not a place ('Washington' of the
    'Washington Post') nor a name the model also reads as an organisation ('Apple' of 'Apple
    Music' stays the company). So is a bare word of any reading, named only after the one
    longer name of the article it opens, when that name ends in a business's form or an
    institution's or instrument's head ('Tyvak' after 'Tyvak Nano-Satellite Systems Inc', 'Harvard'
    after 'Harvard University', 'Hubble' after the 'Hubble Space Telescope' read as a facility;
    not 'Apple' before 'Apple Music', nor the place 'Washington' after 'Washington University')."""
    cl = by_name[low]
    if len(low.split()) != 1 or cl.alias_label is not None or known_place(cl.name):
        return None
    if any(m.titled or m.gender or m.start in person_marked or m.after_the for m in cl.mentions):
        return None  # a person's mark, or a thing's 'the' ('the Moon' opens no 'Moon Express')
    if not all(m.label == "PERSON" for m in cl.mentions):
        opened = [other for other in by_name if len(other.split()) > 1 and other.split()[0] == low]
        if len(opened) != 1 or by_name[opened[0]].alias_label is not None:
            return None
        long = by_name[opened[0]]
        first = min(m.start for m in long.mentions)
        return opened[0] if (dropped_head(opened[0].split())
                             and all(m.label in _THING_LABELS for m in long.mentions)
                             and all(m.start > first for m in cl.mentions)) else None
    fits = [other for other, ocl in by_name.items()
            if len(other.split()) > 1 and other.split()[0] == low and ocl.alias_label is None
            and other.split()[1] not in PLACE_TYPES | {"city"}  # 'Berrien' of 'Berrien County …'
            and all(m.label == "ORG" for m in ocl.mentions)]
    return fits[0] if len(fits) == 1 else None


def dropped_head(words: list[str]) -> bool:
    """'tyvak nano-satellite systems inc', 'harvard university', 'alden capital': a name ending in
    a business's form or an institution's head, which news leaves out once the name is given."""
    return words[-1].strip(",") in COMPANY_FORMS | DROPPED_HEADS


def place_in_place(short: Cluster, long: Cluster) -> bool:
    """'Virginia' of 'West Virginia', 'London' of 'Breitbart London', 'Delhi' of 'New Delhi':
    a place inside a longer name is another thing, no short form of it (however the model
    labelled some of its mentions) — a name read as a place that is a known place or a
    continent, or whose longer name is read as a place too; or a known place in a known place."""
    place = all(m.label in PLACE_LABELS for m in short.mentions)
    if place and (known_place(short.name) or short.name.lower() in CONTINENTS
                  or all(m.label in PLACE_LABELS for m in long.mentions)):
        return True
    return known_place(short.name) and known_place(long.name)


def product_shortened(short: Cluster, words: list[str], long: Cluster, long_words: list[str]) -> bool:
    """'the Smart Keyboard' after 'Smart Keyboard Folio': a thing's name the article has
    written in full, then shortened to its first two words or more, is the same thing — only
    after the full name and not more often than it ('Apple TV', named first and often, is no
    short form of a later 'Apple TV Channels'; the model reads either as a person's name as
    often as an organisation's); never another model of it (a number, 'Pro', 'Lite' left out),
    a body's part ('U.S. House' of '… Intelligence Committee'), a person's name (a title, a
    known first name), a place's ('New York' of 'New York Times') or a work's ('Star Trek' of
    'Star Trek Beyond')."""
    if len(words) < 2 or len(words) >= len(long_words) or long_words[:len(words)] != words:
        return False
    if org_designated(long.name):
        return False  # 'U.S. House' of 'U.S. House Intelligence Committee': a body and its part
    if any(c.isdigit() for w in long_words for c in w) or set(long_words[len(words):]) & VARIANT_WORDS:
        return False  # 'iPhone 11' of 'iPhone 11 Pro', 'Nintendo Switch' of '… Switch Lite': models
    things = {"ORG", "PRODUCT", "FAC", "PERSON"}  # the model reads a product's name as any of them
    if not {m.label for m in short.mentions + long.mentions} <= things \
            or any(m.titled for m in short.mentions + long.mentions) or first_name_known(long.name):
        return False
    first_full = min(m.start for m in long.mentions)
    return all(m.start > first_full for m in short.mentions) and len(short.mentions) <= len(long.mentions)


def can_be_same(short: Cluster, words: list[str], long: Cluster, long_words: list[str],
                by_name: dict[str, Cluster], place_read: frozenset[int]) -> bool:
    """Whether the partial mention ``short`` may be the thing ``long`` names, beyond the
    words matching (:func:`covers`): a name the article uses as a place and never with a
    title is no first name of a longer name ('Castava' of 'Castava Watch'); a thing's last
    words are its short form only when the words left out name something of their own
    (:func:`names_a_qualifier`): 'the House' is not the 'White House' (a person's surname
    always is, also of a name opening with a known first name the model read as an
    organisation: 'Holt' of 'Lester Holt'; not a name read as a person's only after 'the': 'the
    Moon' is no surname of 'Blue Moon')."""
    if words == long_words[:len(words)] and not short.alias_label:
        if any(m.start in place_read for m in short.mentions) and not any(m.titled for m in short.mentions):
            return False
    if long_words[-len(words):] == words and not (
            surname_reading(short) or is_person_cluster(long) or first_name_known(long.name)):
        return names_a_qualifier(long_words[:-len(words)], by_name)
    return True


def surname_reading(short: Cluster) -> bool:
    """A cluster some mention of which reads as a person's other than after 'the' ('reach the
    Moon' is a thing's name), or with a title."""
    return any(m.titled or (m.label == "PERSON" and not m.after_the) for m in short.mentions)


def names_a_qualifier(words: list[str], by_name: dict[str, Cluster]) -> bool:
    """'San Francisco' of 'San Francisco Chronicle', 'ESA' of 'ESA Topical Team', 'Afghan' of
    'Afghan Taliban', '2020' of '2020 Sentra': the words a short form leaves out are a known
    place, a name of the article (a place, group, owner or brand the long name is qualified
    by), a model year or a model's designation ('LC500' of 'LC500 Convertible'), not a modifier
    of its head ('White' House)."""
    left = " ".join(words)
    return bool(left) and (known_place(left) or left in CONTINENTS or left in ALIASES or left in by_name
                           or "norp " + norp_stem(left) in by_name or left.isdigit()
                           or model_designation(words))


def model_designation(words: list[str]) -> bool:
    """'lc500', 'lexus lc 500': words naming a model by a number written in them (letters and
    digits in one word, or a number after a name), as a model year does."""
    return any(any(c.isdigit() for c in w) and any(c.isalpha() for c in w) for w in words) or (
        len(words) > 1 and words[-1].isdigit())


def two_names(words: list[str], by_name: dict[str, Cluster]) -> bool:
    """'Obama White House': a name the model ran together from a person's name of the
    article and another thing's name of two words or more is the fullest name of neither
    ('ESA Topical Team' is still the fullest name of 'Topical Team')."""
    for k in range(1, len(words) - 1):
        head, rest = by_name.get(" ".join(words[:k])), by_name.get(" ".join(words[k:]))
        if head is not None and rest is not None and is_person_cluster(head) and not is_person_cluster(rest):
            return True
    return False
