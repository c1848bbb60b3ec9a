"""The record of one cluster of mentions and the names it goes by: the name a mention writes
(no title, leading 'the', state or place type; one name for 'U.S.' and 'America'), the key
mentions are first grouped by, and the name a cluster is shown under.

Why apart: the clustering loop (``clusters``), the tests of short forms
(``short_forms``) and the sharing of surnames (``shared_surnames``) all read
the record and these names; kept below them, this module imports none of them (no cycle).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .mentions import Mention
from .names import TRIM_CHARS, clean_name, strip_title
from .places import state_abbreviation, state_name
from .word_lists import LEADING_DETERMINERS, PLACE_TYPES

#: A prefix in lower case joined by a hyphen to a capitalised word ('pan-', 'intra-', 'anti-').
_GROUP_PREFIX = re.compile(r"^[a-z]{2,6}-(?=[A-Z])")

#: Labels of places (a place type or a state after their name is dropped).
PLACE_LABELS = frozenset({"GPE", "LOC"})

#: Aliases of the places and bodies most often written several ways.
ALIASES: dict[str, tuple[str, str]] = {}
for _canon, _label, _names in (
    ("United States", "GPE", ("us", "u.s.", "u.s", "usa", "u.s.a.", "united states",
                              "the united states", "the us", "the u.s.", "america",
                              "united states of america", "the united states of america")),
    ("United Kingdom", "GPE", ("uk", "u.k.", "the uk", "the u.k.", "britain", "great britain",
                               "united kingdom", "the united kingdom")),
    ("United Nations", "ORG", ("un", "u.n.", "the un", "the u.n.", "united nations",
                               "the united nations")),
    ("European Union", "ORG", ("eu", "e.u.", "the eu", "the european union", "european union")),
    ("Russia", "GPE", ("russia", "russian federation", "the russian federation")),
):
    for _n in _names:
        ALIASES[_n] = (_canon, _label)


@dataclass
class Cluster:
    """The mentions of one real thing, its fullest name and (once decided) its label."""

    name: str
    mentions: list[Mention] = field(default_factory=list)
    alias_label: str | None = None


def is_person_cluster(cl: Cluster) -> bool:
    """Some mention of the cluster is read as a person's, or written with a title."""
    return any(m.label == "PERSON" or m.titled for m in cl.mentions)


def mention_name(m: Mention) -> str:
    """The name a mention writes: without title for a person, without a leading 'the'."""
    return written_name(m.text, m.label, m.titled)


@lru_cache(maxsize=65536)
def written_name(text: str, label: str, titled: bool) -> str:
    """:func:`mention_name` of a mention's text, label and title mark; cached by those values (a
    mention's label changes between passes), as clustering asks it of each mention many times."""
    name = clean_name(text)
    if name.lower() in ALIASES:
        return ALIASES[name.lower()][0]
    if label == "PERSON" or titled:
        name = " ".join(strip_title(name.split()))
    if label in PLACE_LABELS:
        name = state_name(name) or place_type_dropped(state_dropped(name))
    return without_determiner(name)


def without_determiner(name: str) -> str:
    """'the Chronicle', 'a White House', 'another Justice Department' -> the name alone ('the'
    in any case, as before; other determiners only in lower case: 'This American Life' stays);
    a quote mark the determiner kept outside the name goes with it ('the "Black Death' is the
    'Black Death' the article also writes without quote marks: one cluster, one label)."""
    low = name.lower()
    for det in LEADING_DETERMINERS:
        if low.startswith(det) and len(name) > len(det) and (det == "the " or name[:1].islower()):
            return name[len(det):].strip(TRIM_CHARS) or name[len(det):]
    return name


def place_type_dropped(name: str) -> str:
    """'Logar province' -> 'Logar': a place type after a place name is not part of it."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() in PLACE_TYPES:
        return " ".join(words[:-1])
    return name


def state_dropped(name: str) -> str:
    """'Washington, DC', 'San Bernardino, Calif.' -> the city: the state's abbreviation an address
    writes after it is no part of its name (the key is the city's, as where it stands alone)."""
    head, comma, abbr = name.rpartition(",")
    abbr = abbr.strip()
    if comma and head.strip() and (state_abbreviation(abbr) or state_abbreviation(abbr + ".")):
        return head.strip()
    return name


def state_written_out(label: str, name: str) -> str:
    """'GA' of 'Alpharetta, GA' where the model read the city as a person and 'GA' as an
    organisation: a cluster labelled a place at last whose name is a US state's abbreviation is
    named as the state written out (as :func:`mention_name` names a place's mention), one key."""
    return (state_name(name) or name) if label in PLACE_LABELS else name


def norp_stem(name: str) -> str:
    """'Ukrainians' / 'Ukrainian', 'Democrats' / 'Democratic', 'pan-European' / 'European': one
    group, one stem (see :func:`group_prefix_dropped`)."""
    low = group_prefix_dropped(name).lower()
    low = low[:-1] if low.endswith("s") and len(low) > 4 else low
    return low[:-2] if low.endswith("ic") and len(low) > 5 else low


def group_prefix_dropped(name: str) -> str:
    """'pan-European', 'intra-Afghan', 'pro-Israeli' -> the group's own word: a prefix in lower
    case joined by a hyphen to a group's name ('pan-European rules', 'intra-Afghan talks') says
    how a thing relates to the group, not which group it is ('Hungarian-American', two names,
    stays whole)."""
    return _GROUP_PREFIX.sub("", name, count=1)


def cluster_key(m: Mention, name: str) -> str:
    """The name a mention is grouped by before partial mentions are joined."""
    if m.label == "NORP":
        return "norp " + norp_stem(name)
    return name.lower()


def display_name(cl: Cluster) -> str:
    """The cluster's name as the article writes it most often (its fullest form); of forms
    written as often, a group's own word before one with a prefix ('Lebanese', not 'intra-Lebanese')."""
    root = cl.name.lower()
    forms = Counter(
        n for m in cl.mentions
        if (n := mention_name(m)).lower() == root or norp_stem(n) == norp_stem(cl.name)
    )
    return max(forms, key=lambda n: (forms[n], group_prefix_dropped(n) == n)) if forms else cl.name
