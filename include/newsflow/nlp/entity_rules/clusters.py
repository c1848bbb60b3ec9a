"""Mentions of one article grouped into clusters, one per real thing, under its fullest name.

Why: analysts count by key, so 'Kerry', 'Secretary Kerry' and 'John Kerry', or 'NSC' and
'National Security Council', or 'House Committee' and 'House Select Committee on
Fisheries', or 'the Chronicle' and 'San Francisco Chronicle' must be one
key. A partial mention joins the fullest name of the article it is part of (its last
words, a person's first name, an acronym of its initials or one the article defines),
only when that fullest name is unique; an ambiguous short form stays on its own. A known
place, a continent or the object of 'of' is no short form ('London' of 'Breitbart London',
'England' of 'Bank of England'). The short form must be able to be the same thing: a name
the article uses as a place ('in Castava', a dateline) is no first name of a longer name
('Castava Watch'), and a thing's last words join it only when the words left out name
another thing of their own, a place or a name of the article ('the Chronicle' of 'San
Francisco Chronicle', not 'the House' of 'White House': dropping words is a surname's
rule). A surname two people of the article share goes to one of them: the one an
honorific's gender allows ('Mrs. Clinton'), named nearby, or the subject. A short first name
with the same surname is the long one's person ('Josh Apte' of 'Joshua Apte'), and a bare word read
as a person with no person's mark that opens one organisation's name is that organisation
('Goddard' of 'Goddard Space Flight Center'): within one article only.

The clustering loop lives here: :func:`split_run_together` and :func:`build_clusters`, which
find each mention's fullest name. The parts it uses live apart, one job each: the ``Cluster``
record, the name a mention writes, the key it is grouped by and the name a cluster is shown
under in ``cluster_keys``; the tests of whether a short form names a longer name
(surname, first name, acronym, legal form, a place inside a place) in ``short_forms``;
the choice among the people a shared surname fits in ``shared_surnames``; the joining of
one name's clusters that its mentions' labels kept apart in ``label_joins``.
"""

from __future__ import annotations

import re

from .cluster_keys import ALIASES, Cluster, cluster_key, display_name, mention_name
from .event_days import edition_of
from .label_joins import join_group_words, join_same_key_names
from .mentions import Mention
from .names import clean_name
from .partial_names import (
    body_names,
    first_name_read_as_thing,
    join_spelling_variants,
    particle_surname,
    person_by_parts,
)
from .person_marks import first_name_known
from .shared_surnames import name_gender, share_ambiguous, surname_targets
from .short_forms import (
    acronym_of,
    can_be_same,
    covers,
    initialled_first_name_of,
    organisation_opened,
    place_in_place,
    product_shortened,
    short_first_name_of,
    two_names,
    without_middle_initials,
    without_suffix,
)

#: Labels of names that cluster (dates and languages keep their own text).
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})


def split_run_together(mentions: list[Mention]) -> list[Mention]:
    """'the Obama White House' as one mention: a person's name of the article run into the
    name of another thing of the article (of two words or more) is two mentions, the person's
    and the thing's (so neither key holds the other)."""
    people = {mention_name(m).lower() for m in mentions if m.label == "PERSON"}
    things = {mention_name(m).lower(): m.label for m in mentions
              if m.label in NAME_LABELS and m.label != "PERSON"}
    out: list[Mention] = []
    for m in mentions:
        words = list(re.finditer(r"\S+", m.text))
        first = next((i for i, w in enumerate(words) if not w.group().islower()), 0)
        cut, rest = None, ""
        if len(words) == m.tok_end - m.tok_start and m.label in NAME_LABELS:
            for k in range(first + 1, len(words) - 1):
                head = " ".join(w.group() for w in words[first:k]).lower()
                rest = " ".join(w.group() for w in words[k:]).lower()
                if head in people and rest in things:
                    cut = k
                    break
        if cut is None:
            out.append(m)
            continue
        a_end, b_start = m.start + words[cut - 1].end(), m.start + words[cut].start()
        out.append(Mention(m.start + words[first].start(), a_end, m.text[words[first].start():words[cut - 1].end()],
                           "PERSON", m.sent, m.tok_start + first, m.tok_start + cut))
        out.append(Mention(b_start, m.end, m.text[words[cut].start():], things[rest], m.sent,
                           m.tok_start + cut, m.tok_end))
    return out


def build_clusters(mentions: list[Mention], defined: dict[str, str],
                   place_read: frozenset[int] = frozenset(),
                   person_marked: frozenset[int] = frozenset()) -> list[Cluster]:
    """Mentions of names grouped under their fullest name (see the module docstring);
    ``place_read`` holds the starts of the mentions the article uses as places,
    ``person_marked`` those written with a person's mark (a title, 'X said', a later 'he')."""
    by_name: dict[str, Cluster] = {}
    for m in mentions:
        if m.label not in NAME_LABELS:
            continue
        name = mention_name(m)
        cl = by_name.setdefault(cluster_key(m, name), Cluster(name))
        cl.mentions.append(m)
        if clean_name(m.text).lower() in ALIASES:
            cl.alias_label = ALIASES[clean_name(m.text).lower()][1]
    join_spelling_variants(by_name)
    join_short_first_names(by_name)
    join_initialled_first_names(by_name)
    roots: dict[str, str] = {}
    ambiguous: dict[str, set[str]] = {}
    named = named_clusters(by_name)
    for low in by_name:
        roots[low] = find_root(low, by_name, defined, roots, set(), ambiguous, place_read, named)
        if roots[low] == low and low not in ambiguous:
            roots[low] = (organisation_opened(low, by_name, person_marked)
                          or first_name_read_as_thing(low, by_name, person_marked) or low)
    roots = {low: roots[root] for low, root in roots.items()}  # joined to a name itself joined on
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
    clusters = [cl for cl in merged.values() if cl.mentions]
    clusters = join_group_words(join_same_key_names(clusters), place_read)
    for cl in clusters:
        cl.name = display_name(cl)
    return clusters


def join_short_first_names(by_name: dict[str, Cluster]) -> None:
    """One person written with a short and a long first name in one article ('Josh Apte' and
    'Joshua Apte') is one cluster under the long name: only between names the model reads as
    a person's wherever written, when the long first name is one the lexicon knows ('Mac Pro' is
    no 'MacBook Pro'), exactly one long form fits and the lexicon's genders of the two first
    names do not differ ('Chris Lee' is not 'Christine Lee' when the article has both 'Christopher
    Lee' and 'Christine Lee'). Within one article only: the key is the long name's."""
    people = {low: cl for low, cl in by_name.items()
              if cl.alias_label is None and all(m.label == "PERSON" for m in cl.mentions)}
    for low, cl in list(people.items()):
        words = low.split()
        fits = [other for other in people if other in by_name and short_first_name_of(words, other.split())
                and first_name_known(people[other].name)]
        if len(fits) != 1 and not one_person_written_twice(fits):
            continue
        long = max(fits, key=len)
        g_short, g_long = name_gender(cl.name), name_gender(people[long].name)
        if g_short and g_long and g_short != g_long:
            continue
        people[long].mentions.extend(cl.mentions)
        cl.mentions.clear()
        del by_name[low]


def one_person_written_twice(fits: list[str]) -> bool:
    """'Patrick W. Lind' and 'Patrick Lind Jr.': long names that differ only by a middle initial
    or a generational suffix one of them leaves out are one person's (joined later), so a short
    first name fitting both fits one person; two different middle initials are two people."""
    cores = {tuple(without_middle_initials(without_suffix(f.split()))) for f in fits}
    middles = {w.rstrip(".") for f in fits for w in without_suffix(f.split())[1:-1]}
    return len(fits) > 1 and len(cores) == 1 and len(middles) <= 1


def join_initialled_first_names(by_name: dict[str, Cluster]) -> None:
    """'B.U. Ortiz' and 'Benjamin Ortiz' in one article are one person under the written-out
    name: a first name written as initials joins the one full name of the article (read as a
    person's wherever written) that its initials and surname fit; two fits ('J. Lee' next to
    'Jane Lee' and 'John Lee') or a clash of the honorific's and first name's genders keep it
    apart. Within one article only: the key is the full name's."""
    people = {low: cl for low, cl in by_name.items()
              if cl.alias_label is None and all(m.label == "PERSON" for m in cl.mentions)}
    for low, cl in list(people.items()):
        fits = [other for other in people if other in by_name and other != low
                and initialled_first_name_of(low.split(), other.split())]
        if len(fits) != 1:
            continue
        said = {m.gender for m in cl.mentions if m.gender}
        g_long = name_gender(people[fits[0]].name)
        if g_long and said and said != {g_long}:
            continue
        people[fits[0]].mentions.extend(cl.mentions)
        cl.mentions.clear()
        del by_name[low]


#: A cluster a name may be a partial mention of: the cluster, its name's words, whether it reads
#: as a person's (a mention read so, or :func:`person_by_parts`) and whether every mention as an
#: organisation's.
NamedCluster = tuple[Cluster, list[str], bool, bool]


def named_clusters(by_name: dict[str, Cluster]) -> dict[str, NamedCluster]:
    """The clusters a name may be a partial mention of, each with what the comparison asks of
    it, worked out once while the roots are found (a name is compared with every other of the
    article, and neither the clusters nor their labels change meanwhile)."""
    return {other: (ocl, other.split(),
                    any(m.label == "PERSON" for m in ocl.mentions) or person_by_parts(other, by_name),
                    all(m.label == "ORG" for m in ocl.mentions))
            for other, ocl in by_name.items() if ocl.alias_label is None and not other.startswith("norp ")}


def find_root(low: str, by_name: dict[str, Cluster], defined: dict[str, str],
              roots: dict[str, str], seen: set[str], ambiguous: dict[str, set[str]] | None = None,
              place_read: frozenset[int] = frozenset(), named: dict[str, NamedCluster] | None = None) -> str:
    """The fullest name ``low`` is a partial mention of (itself when none, or when two
    different fullest names fit: 'Ford' next to 'Mike Ford' and 'Doug Ford', noted in
    ``ambiguous``); ``named`` is :func:`named_clusters` of ``by_name`` (worked out here if not given)."""
    if low in roots:
        return roots[low]
    if named is None:
        named = named_clusters(by_name)
    seen = seen | {low}
    cl = by_name[low]
    if cl.alias_label is not None:
        return low
    acr = acronym_of(cl.name, [c.name for c in by_name.values()], defined)
    if acr is not None and acr.lower() in by_name and acr.lower() not in seen:
        return find_root(acr.lower(), by_name, defined, roots, seen, ambiguous, place_read, named)
    words = cl.name.lower().split()
    person = any(m.label == "PERSON" for m in cl.mentions)
    org = all(m.label == "ORG" for m in cl.mentions)
    cands = [
        other for other, (ocl, other_words, person_like, all_org) in named.items() if other not in seen
        if (covers(other_words, words, person and person_like, org and all_org)
            or product_shortened(cl, words, ocl, other_words) or particle_surname(other_words, words)
            or edition_of(cl, words, ocl, other_words))
        and not place_in_place(cl, ocl)
        and not two_names(other_words, by_name)
        and can_be_same(cl, words, ocl, other_words, by_name, place_read)
    ] or body_names(cl, words, by_name, seen)
    surname = [c for c in cands if c.split()[-len(words):] == words]
    found = {find_root(c, by_name, defined, roots, seen, ambiguous, place_read, named) for c in surname or cands}
    if len(found) > 1 and ambiguous is not None:
        ambiguous[low] = found
    return next(iter(found)) if len(found) == 1 else low
