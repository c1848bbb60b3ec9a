"""Partial and variant names within one article that must share the fullest name's key: a
spelling variant ('Francois Hollande' of 'François Hollande'), a surname without its particle
('Assad' of 'Bashar al-Assad'), a bare first name the model read as a thing ('Dale wrote' after
'Dale Ford'), a public body's inverted, shortened or object-only name ('the Justice Department',
'the Intelligence Committee', 'Homeland Security'); and a title word that opens an
organisation's name kept in it ('General Motors' is no 'Motors').

Why apart: analysts count mentions and quotes per key, so each of these split one real thing
over several keys (issue 18). The clustering loop (``clusters``) asks these rules; a
short form that fits two fuller names ('Intelligence Committee' next to the House's and the
Senate's) still joins neither there.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from .names import clean_name, org_designated, strip_title
from .places import known_place
from .word_lists import (
    ACRONYM_SKIP,
    LEGAL_FORMS,
    OBJECT_NAMED_BODIES,
    ORG_DESIGNATORS,
    PUBLIC_BODY_HEADS,
    SURNAME_PARTICLES,
)

if TYPE_CHECKING:  # the cluster record's module imports the mentions, which import this one
    from .cluster_keys import Cluster
    from .mentions import Mention


def all_org(*clusters: Cluster) -> bool:
    """Every mention of the clusters is read as an organisation's name."""
    return all(m.label == "ORG" for cl in clusters for m in cl.mentions)


def inverted_body(short: Cluster, words: list[str], long: Cluster, long_words: list[str]) -> bool:
    """'Justice Department' of 'Department of Justice': a body's head word written after its
    object instead of before it with 'of' names the same body (both read as organisations)."""
    if len(long_words) < 3 or long_words[1] != "of" or long_words[0] not in PUBLIC_BODY_HEADS:
        return False
    return words == long_words[2:] + long_words[:1] and all_org(short, long)


def body_part_kept(short: Cluster, words: list[str], long: Cluster, long_words: list[str]) -> bool:
    """'Intelligence Committee' of 'House Intelligence Committee', 'Bureau of Prisons' of
    'Federal Bureau of Prisons', 'Homeland Security' of 'Department of Homeland Security': a
    body's name of two words or more that keeps its head word (or, for a department or
    ministry, its whole object) and drops the qualifier before it is the same body — unlike a
    single word left ('the House' is no 'White House')."""
    if len(words) < 2 or len(words) >= len(long_words) or long_words[-len(words):] != words:
        return False
    if not all_org(short, long):
        return False
    left = long_words[:-len(words)]
    if left[-2:-1] and left[-1] == "of":
        return len(left) == 2 and left[0] in OBJECT_NAMED_BODIES
    head = words[:words.index("of")] if "of" in words else words
    return bool(set(head) & PUBLIC_BODY_HEADS) and words[0] not in {"of", "and", "&"}


def title_opens_org_name(label: str, words: list[str]) -> bool:
    """'General Motors', 'Premier League', 'Prince Foundation': a title word opening a name
    the model reads as no person's, whose last word names an organisation, is part of that
    name, not a title before a person's ('Motors' and 'League' would be keys of their own)."""
    left = strip_title(words)
    return (label != "PERSON" and len(left) < len(words)
            and words[-1].lower().strip(",.") in ORG_DESIGNATORS | PUBLIC_BODY_HEADS)


def body_names(cl: Cluster, words: list[str], by_name: dict[str, Cluster], seen: set[str]) -> list[str]:
    """The fuller names of a body ``cl`` is an inverted or shortened name of
    (:func:`inverted_body`, :func:`body_part_kept`): asked only when no other fuller name fits,
    so a qualifier the article names ('UN Security Council') wins over a capitalised
    adjective ('Key Security Council powers')."""
    if len(words) < 2:
        return []  # neither rule takes one word: an inverted name keeps two, a kept part two or more
    return [other for other, ocl in by_name.items()
            if other not in seen and ocl.alias_label is None and not other.startswith("norp ")
            and (inverted_body(cl, words, ocl, other.split()) or body_part_kept(cl, words, ocl, other.split()))]


def bare_first_name(m: Mention) -> bool:
    """A one-word mention the model reads as no person's that is a common first name ('Dale'
    as ORG): its person's marks are worth finding (:func:`first_name_read_as_thing`)."""
    from ..quotes.gender import opens_with_first_name  # lazily: the quotes import the entities

    name = clean_name(m.text)
    return m.label != "PERSON" and len(name.split()) == 1 and opens_with_first_name(name)


def first_name_read_as_thing(low: str, by_name: dict[str, Cluster], person_marked: frozenset[int]) -> str | None:
    """'Dale wrote' read as an organisation in an article naming 'Dale Ford': a bare first name
    read as no person's that opens exactly one longer name of the article, a person's with a
    known first name, is that person's first name when written with a person's mark (a title,
    'X said', a later 'she') or only after the full name (news names a person in full first;
    'Chelsea' the club named before 'Chelsea Clinton' stays the club). Not a known place:
    'Jordan' of 'Michael Jordan' read as the country."""
    from .person_marks import first_name_known  # lazily: it imports the mentions

    cl = by_name[low]
    if len(low.split()) != 1 or cl.alias_label is not None or known_place(cl.name):
        return None
    if any(m.label == "PERSON" for m in cl.mentions):
        return None
    opened = [other for other in by_name if len(other.split()) > 1 and other.split()[0] == low]
    if len(opened) != 1 or by_name[opened[0]].alias_label is not None:
        return None
    full = by_name[opened[0]]
    if not (all(m.label == "PERSON" for m in full.mentions) and first_name_known(full.name)):
        return None
    first_full = min(m.start for m in full.mentions)
    marked = any(m.start in person_marked for m in cl.mentions)
    return opened[0] if marked or all(m.start > first_full for m in cl.mentions) else None


def person_by_parts(low: str, by_name: dict[str, Cluster]) -> bool:
    """'Kate York' read as a place in an article where 'York said': a name of two words or
    more opening with a known first name whose last word the article uses alone as a person's
    name is a person's full name, so its first name ('Kate') may join it."""
    from .person_marks import first_name_known  # lazily: it imports the mentions

    words = low.split()
    last = by_name.get(words[-1]) if len(words) > 1 else None
    return ((last is not None and any(m.label == "PERSON" for m in last.mentions)
             and first_name_known(by_name[low].name)) or person_by_first_name(low, by_name))


def person_by_first_name(low: str, by_name: dict[str, Cluster]) -> bool:
    """'Rose-Lynn Harlan' read as an organisation in an article that writes 'Rose-Lynn' alone
    as a person's name, twice or more and mostly so: a first name and a surname (two
    words, a known first name, read as a person's or an organisation's, never after 'the', no
    place and no organisation's word: not 'the Jordan Valley') of the person the article calls
    by that first name, so the first name may join it."""
    from .person_marks import first_name_known

    words = low.split()
    first = by_name.get(words[0]) if len(words) == 2 else None
    if first is None:
        return False
    people = sum(m.label == "PERSON" for m in first.mentions)
    name = by_name[low].name
    return (people >= 2 and people * 2 > len(first.mentions)
            and all(m.label in ("PERSON", "ORG") and not m.after_the for m in by_name[low].mentions)
            and first_name_known(name) and not known_place(name) and not org_designated(name))


def particle_surname(long: list[str], short: list[str]) -> bool:
    """'Assad' of 'Bashar al-Assad': a one-word name that is the last word of a longer name
    without the particle joined to it by a hyphen."""
    if len(short) != 1 or len(long) < 2:
        return False
    last, name = long[-1], short[0]
    return last.endswith(name) and last[:len(last) - len(name)] in SURNAME_PARTICLES


def folded(name: str) -> str:
    """'François Hollande' -> 'francois hollande', "O’Neil" -> "o'neil", 'Abu-Laban' ->
    'abu laban', 'John F. Kennedy' -> 'john f kennedy', 'Zelenskiy' -> 'zelensky': one spelling
    for one name."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = s.replace("’", "'").replace("‘", "'").replace(".", "").replace("-", " ")
    return " ".join(transliterated(w) for w in s.split())


def transliterated(word: str) -> str:
    """'zelenskiy', 'zelenskyy' -> 'zelensky': the endings one Slavic sound is transliterated
    with (-iy, -yy, -y) are one spelling of one name (no English name ends in 'iy' or 'yy')."""
    return word[:-2] + "y" if len(word) > 4 and word.endswith(("iy", "yy")) else word


def join_spelling_variants(by_name: dict[str, Cluster]) -> None:
    """'François Hollande' and 'Francois Hollande' (an accent, a curly apostrophe, a hyphen or a
    full stop apart) are one name of one cluster, under the spelling written most often: two
    clusters would make every short form ('Hollande') ambiguous between them."""
    groups: dict[str, list[str]] = {}
    for low, cl in by_name.items():
        if cl.alias_label is None and not low.startswith("norp "):
            groups.setdefault(folded(low), []).append(low)
    for lows in groups.values():
        if len(lows) < 2:
            continue
        keep = max(lows, key=lambda k: len(by_name[k].mentions))
        for low in lows:
            if low != keep:
                by_name[keep].mentions.extend(by_name.pop(low).mentions)
    surname_as_written(by_name)


def surname_as_written(by_name: dict[str, Cluster]) -> None:
    """'Volodymyr Zelensky' … 'Zelenskyy': a one-word name that is another transliteration of a
    full name's last word goes under that word as the full name writes it, where the surname
    joins its full name."""
    lasts = {folded(low.split()[-1]): cl.name.split()[-1] for low, cl in by_name.items()
             if " " in low and not low.startswith("norp ")}
    for low in [low for low in by_name if " " not in low]:
        written = lasts.get(folded(low))
        if written is None or written.lower() == low or by_name[low].alias_label is not None \
                or transliterated(low) == low == transliterated(written.lower()):
            continue  # only the endings of transliteration apart ('zelenskiy', 'zelensky')
        cl = by_name.pop(low)
        if written.lower() in by_name:
            by_name[written.lower()].mentions.extend(cl.mentions)
        else:
            cl.name = written
            by_name[written.lower()] = cl


def acronym_variants(words: list[str]) -> set[str]:
    """Initials an acronym may take besides the whole name's: those of the words before a last
    'and' ('CDC' of 'Centers for Disease Control and Prevention', named before it grew) and
    those of a department's or ministry's object ('HHS' of 'Department of Health and Human
    Services'), of a company's name without its legal form ('PG&E' of 'Pacific Gas & Electric
    Co.') and of a body's name without the place it opens with ('PUC' of 'California Public
    Utilities Commission'); small words left out. Lower-case words in, lower-case initials out."""
    from .short_forms import initials  # lazily: the short forms ask this module

    out = set()
    if "and" in words[2:]:
        head = words[:len(words) - 1 - words[::-1].index("and")]
        if len([w for w in head if w not in ("of", "for", "the", "on", "in")]) >= 2:
            out.add(initials(head, True))
    if len(words) > 3 and words[0] in OBJECT_NAMED_BODIES and words[1] == "of":
        out.add(initials(words[2:], True))
    core = without_legal_form(words)
    if core != words and len(core) >= 2:
        out |= {initials(core, False), initials(core, True)}
    rest = after_leading_place(core)
    if rest:
        out.add(initials(rest, True))
    return out


def without_legal_form(words: list[str]) -> list[str]:
    """'pacific gas & electric co.' -> 'pacific gas & electric': a company's acronym leaves out
    its legal form ('PG&E'), so its initials are those of the words before it."""
    core = list(words)
    while len(core) > 1 and core[-1].strip(",") in LEGAL_FORMS:
        core.pop()
    return core


def after_leading_place(words: list[str]) -> list[str]:
    """'california public utilities commission' -> 'public utilities commission': a body named
    after its state or city is written by its own initials once the place is plain ('the PUC');
    the words after a leading known place of one or two words, when two or more of them are
    the body's own (not 'of', 'the')."""
    for k in (2, 1):
        rest = [w for w in words[k:] if w not in ACRONYM_SKIP]
        if len(words) > k and len(rest) >= 2 and known_place(" ".join(words[:k])):
            return words[k:]
    return []
