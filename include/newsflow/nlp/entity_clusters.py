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
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .entity_labels import org_designated
from .entity_mentions import Mention
from .entity_names import clean_name, strip_title
from .entity_person_marks import first_name_known
from .entity_places import known_place, state_abbreviation

#: Labels of names that cluster (dates and languages keep their own text).
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: Small words an acronym leaves out ('Centers for Disease Control and Prevention').
#: Place types written after a place's name ('Logar province', 'Kern County').
PLACE_TYPES = frozenset("province county district region prefecture oblast state".split())
ACRONYM_SKIP = frozenset("of for and the & on in de du la to".split())
#: Words after which the rest of a name is its object, not its head ('Bank of England',
#: 'Centers for Disease Control'): the object is another thing.
OBJECT_WORDS = frozenset("of for on in at de du des del la le to".split())
#: Continents and world regions, places of their own wherever a name ends in them
#: ('Europe' is no short form of 'Life Care Solutions Europe').
CONTINENTS = frozenset("""europe asia africa america americas antarctica oceania australia
    caribbean scandinavia balkans""".split())
#: Determiners and possessives before a name, no part of it ('another Justice Department').
LEADING_DETERMINERS = ("the ", "a ", "an ", "another ", "this ", "that ", "these ", "those ",
                       "its ", "their ", "his ", "her ", "our ", "every ", "each ")

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
        name = place_type_dropped(state_dropped(name))
    return without_determiner(name)


def without_determiner(name: str) -> str:
    """'the Chronicle', 'a White House', 'another Justice Department' -> the name alone ('the'
    in any case, as before; other determiners only in lower case: 'This American Life' stays)."""
    low = name.lower()
    for det in LEADING_DETERMINERS:
        if low.startswith(det) and len(name) > len(det) and (det == "the " or name[:1].islower()):
            return name[len(det):]
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


#: Words of a company's legal form: 'SoftBank Group Corp', 'Sierra Nevada Corp.' and 'Sierra
#: Nevada Corporation' are the companies 'SoftBank' and 'Sierra Nevada' (not 'bank' or
#: 'university': 'Washington' is no 'Washington University').
LEGAL_FORMS = frozenset("inc inc. corp corp. corporation co co. company ltd ltd. limited llc plc ag gmbh sa nv group holdings".split())


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
        initials(n.lower().split(), True), initials(n.lower().split(), False))}
    return next(iter(fits)) if len(fits) == 1 else None


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
    join_short_first_names(by_name)
    roots: dict[str, str] = {}
    ambiguous: dict[str, set[str]] = {}
    for low in by_name:
        roots[low] = find_root(low, by_name, defined, roots, set(), ambiguous, place_read)
        if roots[low] == low and low not in ambiguous:
            roots[low] = organisation_opened(low, by_name, person_marked) or low
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
    for cl in merged.values():
        cl.name = display_name(cl)
    return [cl for cl in merged.values() if cl.mentions]


#: Shortest first name that may be the short form of a longer one ('Jo' is too short to tell).
SHORT_FIRST_NAME_MIN = 3


def short_first_name_of(short: list[str], long: list[str]) -> bool:
    """'Josh Apte' of 'Joshua Apte', 'Chris Lee' of 'Christopher Lee': the same surname (and
    middle words) with a first name that begins the other one."""
    return (len(short) == len(long) >= 2 and short[1:] == long[1:] and short[0] != long[0]
            and len(short[0]) >= SHORT_FIRST_NAME_MIN and long[0].startswith(short[0]))


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
        if len(fits) != 1:
            continue
        g_short, g_long = name_gender(cl.name), name_gender(people[fits[0]].name)
        if g_short and g_long and g_short != g_long:
            continue
        people[fits[0]].mentions.extend(cl.mentions)
        cl.mentions.clear()
        del by_name[low]


def organisation_opened(low: str, by_name: dict[str, Cluster], person_marked: frozenset[int]) -> str | None:
    """'Goddard' (read as a person: 'Goddard planetary scientist …') in an article naming the
    'Goddard Space Flight Center' and no person Goddard: a bare word the model reads as a
    person's, written with no person's mark, that opens exactly one longer name of an
    organisation of the article is a short form of it. Not a place ('Washington' of the
    'Washington Post') nor a name the model also reads as an organisation ('Apple' of 'Apple
    Music' stays the company)."""
    cl = by_name[low]
    if len(low.split()) != 1 or cl.alias_label is not None or known_place(cl.name):
        return None
    if not all(m.label == "PERSON" and not m.titled and not m.gender and m.start not in person_marked
               for m in cl.mentions):
        return None
    fits = [other for other, ocl in by_name.items()
            if len(other.split()) > 1 and other.split()[0] == low and ocl.alias_label is None
            and other.split()[1] not in PLACE_TYPES | {"city"}  # 'Berrien' of 'Berrien County …'
            and all(m.label == "ORG" for m in ocl.mentions)]
    return fits[0] if len(fits) == 1 else None


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
    means, among those an honorific's gender does not rule out ('Mr. Clinton', 'Mrs. Clinton'), the one
    named in its sentence or the sentence before (the last named, if both), else the one the
    article names far most (twice as often as any other), else the one it names in full
    first, its subject: the key of a bare surname must never hold two people across articles,
    and a passing namesake ('Davis Manafort', the firm; 'Bill Clinton' in an article on
    Hillary Clinton) must not take the surname of the article's subject."""
    fits = [cl for cl in fits if cl.mentions]
    if not fits:
        return
    genders = {id(cl): name_gender(cl.name) for cl in fits}
    chosen = []
    for m in mentions:
        # the lexicon knows too few first names to pick by gender: it only rules out
        by_gender = [cl for cl in fits if m.gender and genders[id(cl)] in (m.gender, "")]
        chosen.append(choose_fit(m, by_gender or fits))
    for m, cl in zip(mentions, chosen, strict=True):
        cl.mentions.append(m)


def choose_fit(m: Mention, fits: list[Cluster]) -> Cluster:
    """The full name a shared surname means among ``fits`` (see :func:`share_ambiguous`)."""
    full = [(x.start, x.sent, cl) for cl in fits for x in cl.mentions]
    near = [(start, cl) for start, sent, cl in full if start < m.start and m.sent is not None
            and sent is not None and 0 <= m.sent - sent <= 1]
    if near:
        return max(near, key=lambda x: x[0])[1]
    same = [cl for _, sent, cl in full if m.sent is not None and sent == m.sent]
    if len({id(c) for c in same}) == 1:
        return same[0]
    counts = sorted((len(cl.mentions) for cl in fits), reverse=True)
    if len(counts) < 2 or (counts[0] >= 2 * counts[1] and counts[0] - counts[1] >= 2):
        return next(cl for cl in fits if len(cl.mentions) == counts[0])
    return min(full, key=lambda x: x[0])[2]  # the article's subject is named in full first


def name_gender(name: str) -> str:
    """The gender a full name's first name says ('' when unknown); imported lazily: the
    quotes package imports this module's users."""
    from .quotes.gender import first_name_gender

    return (first_name_gender(name) or "") if len(name.split()) > 1 else ""


def find_root(low: str, by_name: dict[str, Cluster], defined: dict[str, str],
              roots: dict[str, str], seen: set[str], ambiguous: dict[str, set[str]] | None = None,
              place_read: frozenset[int] = frozenset()) -> str:
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
        return find_root(acr.lower(), by_name, defined, roots, seen, ambiguous, place_read)
    words = cl.name.lower().split()
    person = any(m.label == "PERSON" for m in cl.mentions)
    place = all(m.label in PLACE_LABELS for m in cl.mentions)
    org = all(m.label == "ORG" for m in cl.mentions)
    cands = [
        other for other, ocl in by_name.items()
        if other not in seen and ocl.alias_label is None and not other.startswith("norp ")
        and (covers(other.split(), words, person and any(m.label == "PERSON" for m in ocl.mentions),
                    org and all(m.label == "ORG" for m in ocl.mentions))
             or product_shortened(cl, words, ocl, other.split()))
        and not (place and (known_place(cl.name) or cl.name.lower() in CONTINENTS
                            or all(m.label in PLACE_LABELS for m in ocl.mentions)))
        and not (known_place(cl.name) and known_place(ocl.name))
        and not two_names(other.split(), by_name)
        and can_be_same(cl, words, ocl, other.split(), by_name, place_read)
    ]  # 'Virginia' of 'West Virginia', 'London' of 'Breitbart London', 'Delhi' of 'New Delhi'
    # (however the model labelled some of its mentions): another thing
    surname = [c for c in cands if c.split()[-len(words):] == words]
    found = {find_root(c, by_name, defined, roots, seen, ambiguous, place_read) for c in surname or cands}
    if len(found) > 1 and ambiguous is not None:
        ambiguous[low] = found
    return next(iter(found)) if len(found) == 1 else low


#: Words after a product's name that make another model of it ('iPhone 11 Pro Max', 'Switch Lite').
VARIANT_WORDS = frozenset("pro max mini plus lite ultra air se xl xs neo edge prime go".split())


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
    organisation: 'Holt' of 'Lester Holt')."""
    if words == long_words[:len(words)] and not short.alias_label:
        if any(m.start in place_read for m in short.mentions) and not any(m.titled for m in short.mentions):
            return False
    if long_words[-len(words):] == words and not (
            is_person_cluster(short) or is_person_cluster(long) or first_name_known(long.name)):
        return names_a_qualifier(long_words[:-len(words)], by_name)
    return True


def names_a_qualifier(words: list[str], by_name: dict[str, Cluster]) -> bool:
    """'San Francisco' of 'San Francisco Chronicle', 'ESA' of 'ESA Topical Team', 'Afghan' of
    'Afghan Taliban', '2020' of '2020 Sentra': the words a short form leaves out are a known
    place, a name of the article (a place, group, owner or brand the long name is qualified
    by) or a model year, not a modifier of its head ('White' House)."""
    left = " ".join(words)
    return bool(left) and (known_place(left) or left in CONTINENTS or left in ALIASES or left in by_name
                           or "norp " + norp_stem(left) in by_name or left.isdigit())


def two_names(words: list[str], by_name: dict[str, Cluster]) -> bool:
    """'Obama White House': a name the model ran together from a person's name of the
    article and another thing's name of two words or more is the fullest name of neither
    ('ESA Topical Team' is still the fullest name of 'Topical Team')."""
    for k in range(1, len(words) - 1):
        head, rest = by_name.get(" ".join(words[:k])), by_name.get(" ".join(words[k:]))
        if head is not None and rest is not None and is_person_cluster(head) and not is_person_cluster(rest):
            return True
    return False


def display_name(cl: Cluster) -> str:
    """The cluster's name as the article writes it most often (its fullest form)."""
    root = cl.name.lower()
    forms = Counter(
        n for m in cl.mentions
        if (n := mention_name(m)).lower() == root or norp_stem(n) == norp_stem(root)
    )
    return forms.most_common(1)[0][0] if forms else cl.name
