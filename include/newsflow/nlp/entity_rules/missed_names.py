"""People the model did not tag, added where the sentence marks the name as a person's.

Why: the small model misses names it has rarely seen ('Eswar Prasad, a trade professor at
Cornell, said …'); with no entity there, a later 'he said' went to the last person it had
tagged, paragraphs before. Only strong evidence adds one: the subject of a verb of speech, two
or three capitalised proper nouns with no article, and a known first name or a role noun set
off after it ('a trade professor'). Also the bare surnames it did not tag of people the
article names in full ('Bridenstine responded' after 'Jim Bridenstine'): see
:func:`missed_surnames`.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from .mentions import Mention, sent_index
from .names import clean_name, honorific_gender, strip_title, titled_before
from .person_marks import first_name_known
from .places import known_place, known_region
from .short_forms import without_middle_initials
from .word_lists import ARTICLES, NAME_SUFFIXES, ROLE_ENDINGS, SPEECH_VERBS
from .word_search import standalone_places


def missed_speakers(doc: Doc, doc_text: str, sent_starts: list[int], mentions: list[Mention]) -> list[Mention]:
    """PERSON mentions for the untagged names that speak (none overlapping a kept mention or an entity)."""
    taken = {i for m in mentions for i in range(m.tok_start, m.tok_end)} | {i for e in doc.ents for i in range(e.start, e.end)}
    out: list[Mention] = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in SPEECH_VERBS:
            continue
        for subj in verb.children:
            if subj.dep_ != "nsubj" or subj.pos_ != "PROPN" or subj.i in taken:
                continue
            first = subj.i
            while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].dep_ == "compound" \
                    and doc[first - 1].head.i == subj.i:
                first -= 1
            words = doc[first: subj.i + 1]
            if not 2 <= len(words) <= 3 or any(t.i in taken or not capitalised(t.text) for t in words):
                continue
            if any(c.dep_ == "det" for c in subj.children):
                continue  # 'the Hill said': a thing's name
            if not (first_name_known(words.text) or role_after(subj)):
                continue
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            out.append(Mention(start, end, doc_text[start:end], "PERSON", sent_index(sent_starts, start),
                               first, subj.i + 1))
    return out


def capitalised(word: str) -> bool:
    """'Prasad', 'Al-Amin', not 'IBM' or 'iPhone'."""
    return word[:1].isupper() and word[1:].replace("-", "").replace("'", "").islower()


def role_after(head: Token) -> bool:
    """'Eswar Prasad, a trade professor at Cornell,': a lower-case noun of a role set off after the name."""
    return any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.is_lower and c.lower_.endswith(ROLE_ENDINGS)
               for c in head.children)


class NamePart(NamedTuple):
    """A surname or first name of the article's people named in full: who owns it (first and
    last name), whether it is only ever a first name, and whether every owner's first name
    is one the lexicon knows ('Jim Bridenstine'; not 'Wireless Black')."""

    people: frozenset[str]
    first: bool
    known: bool


def missed_surnames(doc: Doc, doc_text: str, sent_starts: list[int], mentions: list[Mention]) -> list[Mention]:
    """Mentions for the bare surnames (and unshared first names) the model did not tag.

    Why: the small model tags 'Jim Bridenstine' but often not 'Bridenstine responded' or
    'Indeed, Doctor asserts' later, so the person's later mentions never met the full name
    (issue 18: 22 of 61 missed mentions of one unseen set). A name part joins only when exactly
    one person of the article owns it; a surname two people share ('Ford' of 'Doug Ford' and
    'Rob Ford') joins neither. A word the model tags elsewhere alone takes that reading
    (:func:`reading_of`): the rules that decide those mentions decide it too."""
    taken = {i for m in mentions for i in range(m.tok_start, m.tok_end)} | {i for e in doc.ents for i in range(e.start, e.end)}
    out: list[Mention] = []
    readings = readings_by_name(mentions)
    for part, owner in name_part_owners(mentions).items():
        if len(owner.people) != 1 or known_region(part):
            continue
        label = reading_of(readings.get(part))
        for start, end in standalone_places(doc_text, part, "'’-", "-"):
            span = doc.char_span(start, end)
            if span is None or any(t.i in taken for t in span) or not standalone_name(doc, span.start, span.end):
                continue
            if not person_reading(span, owner, known_place(part)):
                continue
            out.append(Mention(start, end, part, label, sent_index(sent_starts, start),
                               span.start, span.end, titled=titled_before(doc, span.start),
                               gender=honorific_gender(doc, span.start)))
    return out


def name_part_owners(mentions: list[Mention]) -> dict[str, NamePart]:
    """Each surname and first name of the article's people named in full ('Jim Bridenstine'
    gives 'Bridenstine' and 'Jim'): 'Patrick W. Carlineo Jr.' and 'Patrick Carlineo' are one
    owner; a word one person's surname and another's first name has two."""
    owners: dict[str, NamePart] = {}
    for m in mentions:
        if m.label != "PERSON":
            continue
        words = without_middle_initials(strip_title(clean_name(m.text).split()))
        words = words[:-1] if len(words) > 2 and words[-1].lower().strip(",") in NAME_SUFFIXES else words
        if len(words) < 2 or not (capitalised_name(words[0]) and capitalised_name(words[-1])):
            continue
        person = f"{words[0]} {words[-1]}"
        known = first_name_known(person)
        for part, first in ((words[-1], False), (words[0], True)):
            was = owners.get(part, NamePart(frozenset(), True, True))
            owners[part] = NamePart(was.people | {person}, was.first and first, was.known and known)
    return owners


def readings_by_name(mentions: list[Mention]) -> dict[str, Counter[str]]:
    """The labels the article's mentions take, by their cleaned name (built once per article:
    asked per name part, a scan of every mention each time cost more than the rule's search)."""
    readings: dict[str, Counter[str]] = {}
    for m in mentions:
        readings.setdefault(clean_name(m.text), Counter())[m.label] += 1
    return readings


def reading_of(readings: Counter[str] | None) -> str:
    """The label of the mentions written as a name part alone ('Bridenstine said' read as ORG),
    PERSON when one of them is a person's or none is tagged: an untagged 'Ford' next to the
    company 'Ford' and 'Doug Ford' stays with the company's reading, not made a person's."""
    return "PERSON" if not readings or "PERSON" in readings else readings.most_common(1)[0][0]


def capitalised_name(word: str) -> bool:
    """'Bridenstine', 'Soon-Shiong', "O'Neil": each hyphen-joined part capitalised (no 'IBM')."""
    return all(capitalised(p) for p in word.split("-"))


def standalone_name(doc: Doc, start: int, end: int) -> bool:
    """No capitalised word runs into the tokens [start, end) ('Reed Hastings', 'Harper Collins',
    'the Young Turks'), no determiner before them ('the Doctor', 'the new Pro'), and read as a
    proper noun (one word may be read as a noun: 'Doctor asserts'): a word of a longer name or
    a thing's name is no person's surname. A title before ('Rep. Aderholt') is the person's."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and not doc[start].is_sent_start:
        if before.lower_ in ARTICLES or (name_before(before) and not titled_before(doc, start)):
            return False
    if after is not None and not after.is_sent_start and after.text[:1].isupper():
        return False
    if any(c.dep_ == "det" for c in doc[end - 1].children):
        return False
    return any(t.pos_ == "PROPN" for t in doc[start:end]) or (end - start == 1 and doc[start].pos_ == "NOUN")


def person_reading(span: Span, owner: NamePart, place: bool) -> bool:
    """Whether a capitalised name part may be read as its owner's: not when it opens a
    sentence ('Young people …', 'Will the plan …'), names a city ('in Buckley') or belongs to a
    name with an unknown first name ('Wireless Black') unless it is its verb's subject ('Young
    said', 'Buckley agreed', 'Prakash said'); a first name only as a proper noun inside a
    sentence ('Grant programs …' is no Grant Sabatier)."""
    if owner.first:
        return owner.known and not span[0].is_sent_start and span[-1].pos_ == "PROPN"
    return not (span[0].is_sent_start or place or not owner.known) or subject_name(span[-1])


def name_before(word: Token) -> bool:
    """A capitalised word before a name that may be part of it: not a sentence's first word
    read as no proper noun ('Because Dempsey suspected', 'Indeed Doctor says')."""
    return word.text[:1].isupper() and (word.pos_ == "PROPN" or not word.is_sent_start)


def subject_name(head: Token) -> bool:
    """'Bridenstine responded', 'Aderholt then turned': a proper noun that is its verb's subject
    (a capitalised word opening a sentence is a name only so)."""
    return head.pos_ == "PROPN" and head.dep_ in ("nsubj", "nsubjpass")
