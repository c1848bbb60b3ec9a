"""Mentions of one article grouped into clusters, one per real thing, under its fullest name.

Why: analysts count by key, so 'Kerry', 'Secretary Kerry' and 'John Kerry', or 'NSC' and
'National Security Council', or 'House Committee' and 'House Select Committee on
Fisheries', or 'the Chronicle' and 'San Francisco Chronicle' must be one
key. A partial mention joins the fullest name of the article it is part of (its last
words, a person's first name, an acronym of its initials or one the article defines),
only when that fullest name is unique; an ambiguous short form stays on its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .entity_mentions import Mention, clean_name, strip_title

#: Labels of names that cluster (dates and languages keep their own text).
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: Small words an acronym leaves out ('Centers for Disease Control and Prevention').
#: Place types written after a place's name ('Logar province', 'Kern County').
PLACE_TYPES = frozenset("province county district region prefecture oblast state".split())
ACRONYM_SKIP = frozenset("of for and the & on in de du la to".split())

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


def mention_name(m: Mention) -> str:
    """The name a mention writes: without title for a person, without a leading 'the'."""
    name = clean_name(m.text)
    if name.lower() in ALIASES:
        return ALIASES[name.lower()][0]
    if m.label == "PERSON" or m.titled:
        name = " ".join(strip_title(name.split()))
    if m.label in PLACE_LABELS:
        name = place_type_dropped(name)
    if name.lower().startswith("the ") and len(name) > 4:
        name = name[4:]
    return name


def place_type_dropped(name: str) -> str:
    """'Logar province' -> 'Logar': a place type after a place name is not part of it."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() in PLACE_TYPES:
        return " ".join(words[:-1])
    return name


def norp_stem(name: str) -> str:
    """'Ukrainians' / 'Ukrainian', 'Democrats' / 'Democratic': one group, one stem."""
    low = name.lower()
    low = low[:-1] if low.endswith("s") and len(low) > 4 else low
    return low[:-2] if low.endswith("ic") and len(low) > 5 else low


def cluster_key(m: Mention, name: str) -> str:
    """The name a mention is grouped by before partial mentions are joined."""
    if m.label == "NORP":
        return "norp " + norp_stem(name)
    return name.lower()


def initials(words: list[str], skip_small: bool) -> str:
    """'National Security Council' -> 'nsc' (small words left out when ``skip_small``)."""
    return "".join(w[0] for w in words if w and not (skip_small and w in ACRONYM_SKIP)).lower()


#: Generational suffixes written after a person's surname ('Joseph R. Kendrew Jr.').
NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


def without_suffix(words: list[str]) -> list[str]:
    """A person's name words without a trailing generational suffix ('jr.', 'iii')."""
    return words[:-1] if len(words) > 1 and words[-1].strip(",") in NAME_SUFFIXES else words


def covers(long: list[str], short: list[str], person: bool, org: bool = False) -> bool:
    """Whether the name ``short`` is a partial mention of ``long`` (lower-case words):
    its last words ('Chronicle' of 'San Francisco Chronicle'); for a person also the
    first name ('Tony' of 'Tony Soprano') or first and last name ('John Ford' of 'John
    Milo Ford'); a generational suffix is no part of the comparison ('Kendrew' of 'Joseph R.
    Kendrew Jr.')."""
    if person:
        long, short = without_suffix(long), without_suffix(short)
    if len(short) >= len(long):
        return False
    if long[-len(short):] == short:
        return True
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
        initials(n.lower().split(), True), initials(n.lower().split(), False))}
    return next(iter(fits)) if len(fits) == 1 else None


def build_clusters(mentions: list[Mention], defined: dict[str, str]) -> list[Cluster]:
    """Mentions of names grouped under their fullest name (see the module docstring)."""
    by_name: dict[str, Cluster] = {}
    for m in mentions:
        if m.label not in NAME_LABELS:
            continue
        name = mention_name(m)
        cl = by_name.setdefault(cluster_key(m, name), Cluster(name))
        cl.mentions.append(m)
        if clean_name(m.text).lower() in ALIASES:
            cl.alias_label = ALIASES[clean_name(m.text).lower()][1]
    roots: dict[str, str] = {}
    ambiguous: dict[str, set[str]] = {}
    for low in by_name:
        roots[low] = find_root(low, by_name, defined, roots, set(), ambiguous)
    merged: dict[str, Cluster] = {}
    for low, cl in by_name.items():
        root = roots[low]
        target = merged.setdefault(root, Cluster(by_name[root].name, alias_label=by_name[root].alias_label))
        if root == low and low in ambiguous and surname_targets(cl, ambiguous[low], by_name):
            continue  # shared out below, once every full name has its mentions
        target.mentions.extend(cl.mentions)
    for low, fits in ambiguous.items():
        if roots[low] == low and (targets := surname_targets(by_name[low], fits, by_name)):
            share_ambiguous(by_name[low].mentions, [merged[r] for r in targets if r in merged])
    for cl in merged.values():
        cl.name = display_name(cl)
    return [cl for cl in merged.values() if cl.mentions]


def is_person_cluster(cl: Cluster) -> bool:
    """Some mention of the cluster is read as a person's, or written with a title."""
    return any(m.label == "PERSON" or m.titled for m in cl.mentions)


def surname_targets(cl: Cluster, fits: set[str], by_name: dict[str, Cluster]) -> list[str]:
    """The full names an ambiguous bare name is shared out among (none: it keeps its own key).

    A name read as a person everywhere goes to any of them. One the model reads as a person
    only sometimes ('Dalby, 69, has emerged' as ORG next to 'Robert Dalby' and 'Tim Dalby')
    is still one of the people it fits: left on its own it would be a key holding several
    people across articles."""
    if all(m.label == "PERSON" for m in cl.mentions):
        return sorted(fits)
    if not is_person_cluster(cl):
        return []
    return sorted(r for r in fits if r in by_name and is_person_cluster(by_name[r]))


def share_ambiguous(mentions: list[Mention], fits: list[Cluster]) -> None:
    """A surname that fits two full names ('Trump' after 'Donald Trump' and 'Ivanka Trump')
    means the one named last before it (else the first named after it): the key of a bare
    surname must never hold two people across articles."""
    full = [(m.start, cl) for cl in fits for m in cl.mentions]
    if not full:
        return
    for m in mentions:
        before = [(s, cl) for s, cl in full if s < m.start]
        _, cl = max(before, key=lambda x: x[0]) if before else min(full, key=lambda x: x[0])
        cl.mentions.append(m)


def find_root(low: str, by_name: dict[str, Cluster], defined: dict[str, str],
              roots: dict[str, str], seen: set[str], ambiguous: dict[str, set[str]] | None = None) -> str:
    """The fullest name ``low`` is a partial mention of (itself when none, or when two
    different fullest names fit: 'Ford' next to 'Mike Ford' and 'Doug Ford', noted in
    ``ambiguous``)."""
    if low in roots:
        return roots[low]
    seen = seen | {low}
    cl = by_name[low]
    if cl.alias_label is not None:
        return low
    acr = acronym_of(cl.name, [c.name for c in by_name.values()], defined)
    if acr is not None and acr.lower() in by_name and acr.lower() not in seen:
        return find_root(acr.lower(), by_name, defined, roots, seen, ambiguous)
    words = cl.name.lower().split()
    person = any(m.label == "PERSON" for m in cl.mentions)
    place = all(m.label in PLACE_LABELS for m in cl.mentions)
    org = all(m.label == "ORG" for m in cl.mentions)
    cands = [
        other for other, ocl in by_name.items()
        if other not in seen and ocl.alias_label is None and not other.startswith("norp ")
        and covers(other.split(), words, person and any(m.label == "PERSON" for m in ocl.mentions),
                   org and all(m.label == "ORG" for m in ocl.mentions))
        and not (place and all(m.label in PLACE_LABELS for m in ocl.mentions))  # Virginia / West Virginia
    ]
    found = {find_root(c, by_name, defined, roots, seen, ambiguous) for c in cands}
    if len(found) > 1 and ambiguous is not None:
        ambiguous[low] = found
    return next(iter(found)) if len(found) == 1 else low


def display_name(cl: Cluster) -> str:
    """The cluster's name as the article writes it most often (its fullest form)."""
    root = cl.name.lower()
    forms = Counter(
        n for m in cl.mentions
        if (n := mention_name(m)).lower() == root or norp_stem(n) == norp_stem(root)
    )
    return forms.most_common(1)[0][0] if forms else cl.name
