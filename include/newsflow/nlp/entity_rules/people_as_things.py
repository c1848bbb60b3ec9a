"""People the model read as things because it had not seen their names, or knows the name as a
thing's, found by what the article writes around them.

Why: the small model reads an unfamiliar full name as an organisation or a place ('the founders
Merav Eitan and Gaston Zahr' gives ORG for the first, 'photos of Freddie Spencer and Evel
Knievel' ORG for the second), and then the surname alone ('Eitan and Zahr …') as a place, so one
person ends under two keys, neither of them a person's; and it reads a surname it knows as a
company's ('Ford', 'Dell', 'Disney') as the company in every sentence of a profile of a man of
that name ("Ford's mother", 'Ford needed a sibling, as he had grown estranged').
Two readings, each a careful reader's:
- a list joins things of one kind: a name of two or three plain capitalised words listed only with
  people's full names is a person's name too, and its surname alone is that person (not a name
  with an organisation's word, 'Evans Capital', a digit, an article of its own, 'the Vox Media', a
  known place, nor one the article mostly writes outside such lists);
- a one-word name that is the surname of a person the article names in full, written with a
  person's mark no business takes (a title, a later 'he'/'she', a relative: "Ford's mother") and
  never with a business's ('analysts at Ford', 'Ford said it …'), is a person's in every mention.
Mentions are relabelled before the clustering, so the surname joins the full name (or, shared by
two people, the one the shared-surname rules choose).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from .cluster_keys import mention_name
from .companies import firm_company_use, it_follows
from .labels import head_written_lower
from .mentions import Mention
from .names import org_designated
from .person_marks import pronoun_follows
from .places import known_place
from .word_lists import KIN_NOUNS

#: Readings of a person's name the model gives when it has not seen the name.
THING_READINGS = frozenset({"ORG", "GPE", "LOC", "FAC", "PRODUCT"})
#: One word of a person's name: a capital, then lower-case letters (with a hyphen or apostrophe:
#: 'Rose-Lynn', "O'Neill"), or a prefix before a second capital ('McDowell', 'DeRozan').
_NAME_WORD = re.compile(r"(?:Mc|Mac|De|Di|La|Le|O')?[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?")


def name_words_only(name: str) -> bool:
    """'Merav Eitan', 'Evel Knievel': two or three words each written as a person's name word
    (no all-capitals acronym, no digit, no '&'), none of them an organisation's word."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(_NAME_WORD.fullmatch(w) for w in words) and not org_designated(
        name) and words[0].lower() not in ("the", "a", "an")


def mention_at(mentions: Sequence[Mention]) -> dict[int, Mention]:
    """Each token index covered by a mention, to its mention."""
    return {i: m for m in mentions for i in range(m.tok_start, m.tok_end)}


def listed_only_with_people(doc: Doc, m: Mention, by_token: dict[int, Mention]) -> bool:
    """The mention's head is listed ('X and Y', 'X, Y and Z') with the head of at least one
    person's full name written as one ('Dick Clark Productions' is a business's) and with no
    name the article reads as a thing."""
    head = doc[m.tok_end - 1]
    others = [by_token.get(t.i) for t in head.conjuncts if not (m.tok_start <= t.i < m.tok_end)]
    named = [o for o in others if o is not None]
    return bool(named) and all(o.label == "PERSON" for o in named) and any(
        name_words_only(mention_name(o)) for o in named)


def article_before(doc: Doc, m: Mention) -> bool:
    """'the Vox Media and …': a name after an article is a thing's (people's names take none)."""
    return m.tok_start > 0 and doc[m.tok_start - 1].lower_ in ("the", "a", "an")


def written_as_person_name(doc: Doc, m: Mention) -> bool:
    """Two or three plain name words, no known place, no article before it, and no word the
    article writes as a common noun ('… Caucus' and 'the caucus': people's names are not the
    article's nouns)."""
    name = mention_name(m)
    return (name_words_only(name) and not known_place(name) and not article_before(doc, m)
            and not head_written_lower(doc, name))


def listed_person(doc: Doc, m: Mention, by_token: dict[int, Mention]) -> bool:
    """A full name read as a thing, written as a person's name and listed only with people."""
    return (m.label in THING_READINGS and listed_only_with_people(doc, m, by_token)
            and written_as_person_name(doc, m))


def opens_organisation_names(mentions: Sequence[Mention]) -> frozenset[str]:
    """Names that open a longer name the article reads as an organisation's ('Congressional Black
    Caucus' of 'Congressional Black Caucus Foundation'): a body and its offshoots, which a list
    beside people does not make a person (a person's company, 'Dick Clark Productions', keeps his
    name apart too: this errs on the side of the model's reading)."""
    orgs = [mention_name(m) for m in mentions if m.label == "ORG"]
    return frozenset(o[:i] for o in orgs for i in range(len(o)) if o[i] == " ")


def mostly_listed(found: Sequence[Mention], mentions: Sequence[Mention]) -> frozenset[str]:
    """The names listed with people in at least half of the places the article writes them: one
    list beside people is no evidence against a name the article mostly uses as a thing ('Braun,
    Borchetta and Big Machine' where 'Big Machine' is a record label in six other sentences)."""
    listed = [mention_name(m) for m in found]
    return frozenset(n for n in listed if listed.count(n) * 2 >= sum(mention_name(m) == n for m in mentions))


def surname_of_listed(m: Mention, surnames: frozenset[str]) -> bool:
    """'Eitan' after 'Merav Eitan' was found a person: the surname alone read as a thing is
    that person (not a known place: 'Lagos' stays the city)."""
    name = mention_name(m)
    return m.label in THING_READINGS and name in surnames and not known_place(name)


def kin_of(doc: Doc, m: Mention) -> bool:
    """"Ford's mother", "Smith's late wife": the name owns a noun of a relative."""
    head = doc[m.tok_end - 1]
    return head.dep_ == "poss" and head.head.lower_ in KIN_NOUNS


def person_mark_no_business_has(doc: Doc, m: Mention) -> bool:
    """A title, a later 'he'/'she' as subject, a relative: marks a company name never takes
    ('Ford said' does not count: companies say things too)."""
    return m.titled or pronoun_follows(doc, m) or kin_of(doc, m)


def surnames_of_people(mentions: Sequence[Mention]) -> frozenset[str]:
    """The last words of the full names (two words or more) the article reads as people's."""
    return frozenset(mention_name(m).split()[-1] for m in mentions
                     if m.label == "PERSON" and len(mention_name(m).split()) > 1)


def surnames_read_as_things(doc: Doc, mentions: Sequence[Mention]) -> frozenset[str]:
    """One-word names read as things that are surnames of the article's people, written with a
    person's mark no business has (:func:`person_mark_no_business_has`) and never used as a
    business ('analysts at Ford', "Ford's shares", 'Ford said it …')."""
    surnames = surnames_of_people(mentions)
    by_name: dict[str, list[Mention]] = {}
    for m in mentions:
        name = mention_name(m)
        if m.label in THING_READINGS | {"PERSON"} and name in surnames:
            by_name.setdefault(name, []).append(m)
    return frozenset(
        name for name, same in by_name.items()
        if any(m.label in THING_READINGS for m in same) and not known_place(name)
        and any(person_mark_no_business_has(doc, m) for m in same)
        and not any(firm_company_use(doc, m) or it_follows(doc, m) for m in same))


def people_read_as_things(doc: Doc, mentions: Sequence[Mention]) -> None:
    """Relabel as PERSON, in place, the people the model read as things (see the module
    docstring): those listed with people first, then surnames with a person's mark."""
    relabel_listed(doc, mentions)
    relabel_marked_surnames(doc, mentions)


def relabel_listed(doc: Doc, mentions: Sequence[Mention]) -> None:
    """The full names listed only with people (none opening an organisation's name of the
    article), and the surnames alone of those names, become PERSON; every person's reading written as a person's name and listed only with people is
    marked ``listed``, a person's use the business rules respect ('Freddie Spencer and Evel
    Knievel', where the model read the first as ORG)."""
    by_token = mention_at(mentions)
    openers = opens_organisation_names(mentions)
    found = [m for m in mentions if listed_person(doc, m, by_token) and mention_name(m) not in openers]
    kept = mostly_listed(found, mentions)
    found = [m for m in found if mention_name(m) in kept]
    surnames = frozenset(mention_name(m).split()[-1] for m in found)
    for m in found:
        m.label = "PERSON"
    for m in mentions:
        if surname_of_listed(m, surnames):
            m.label = "PERSON"
    for m in mentions:
        m.listed = (m.label == "PERSON" and mention_name(m) not in openers
                    and listed_only_with_people(doc, m, by_token) and written_as_person_name(doc, m))


def relabel_marked_surnames(doc: Doc, mentions: Sequence[Mention]) -> None:
    """Every mention read as a thing of a surname of :func:`surnames_read_as_things` becomes PERSON."""
    surnames = surnames_read_as_things(doc, mentions)
    for m in mentions:
        if m.label in THING_READINGS and mention_name(m) in surnames:
            m.label = "PERSON"
