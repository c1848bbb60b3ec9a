"""Businesses by use: a name with no person's mark written as a business's ('maker Brydge',
'at Best Buy', "SpaceX's Starship", 'Anker also has chargers', 'Brydge proved it was …', 'owned by
Alibaba', "Eurogamer's review", 'a survey from Piper Jaffray', 'Like Yahoo!.'), and an outlet
cited as a source of news ('Deadline reports', 'reports from The Wrap'). The uses are read over
every place the article writes the name, also where the model saw no name.

Why apart from ``labels``: these are uses, not kinds the article states, and the product
rules (``products``) ask the same absence of a person's mark (``no_person_mark``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Token

from ..doctext import doc_text
from .media import reporter
from .mentions import Mention
from .names import clean_name
from .person_marks import (
    first_name_known,
    listed_with_people,
    member_of,
    pronoun_follows,
    role_in_apposition,
    role_noun_before,
    speech_subject,
    strong_person_mark,
    surname_alone,
)
from .place_readings import firm_place_reading, place_use
from .places import known_place, known_region
from .word_lists import (
    BUSINESS_ACTS,
    BUSINESS_THINGS,
    COMPANY_FORMS,
    COMPANY_NOUNS,
    CORPORATE_THINGS,
    DOCUMENT_NOUNS,
    GO_VERBS,
    OWNED_BY_VERBS,
    OWNED_WORDS,
    PERSON_PRONOUNS,
    PUBLISHED_IN,
    ROLE_ENDINGS,
    SELL_VERBS,
    STAFF_NOUNS,
    SUPPLY_VERBS,
)
from .word_search import standalone_places


def company_use(doc: Doc, m: Mention, place_read: bool = False, pronoun: bool = True) -> bool:
    """A use a business has and a bare name of a person rarely does: a company noun before it
    ('maker Brydge'), a possessive before a thing ("SpaceX's Starship", "Nomad's version"), a
    shop, source or owner ('at X', 'rushed to X', 'provided by X', 'owned by X', 'a survey from
    X', 'according to X'), listed with organisations, the subject of a business's act ('Anker
    also has chargers', 'X announced'), a name written with its '!' ('Yahoo!.'), or a later 'it'
    as subject ('Brydge proved it was …'). For a name the model reads as a place, only the uses
    no place has count ("Britain's NHS", 'at the U.K.' are a place's; "X's CEO", 'owned by X'
    are no place's); without ``pronoun`` a later 'it' does not count (a region or planet is an
    'it' too: 'Europa is cold and it …')."""
    head = doc[m.tok_end - 1]
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    if (prev is not None and prev.is_lower and prev.lower_ in COMPANY_NOUNS) or company_in_apposition(m, head):
        return True
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in SELL_VERBS and any(
            c.dep_ == "dobj" and c.lower_ in BUSINESS_THINGS for c in head.head.children):
        return True
    if owns(doc, m, CORPORATE_THINGS) or owned_by(doc, m) or exclaimed_name(doc, m):
        return True
    if place_read:
        return pronoun and it_follows(doc, m)
    if owns(doc, m, BUSINESS_THINGS, loose=True):
        return True
    prep = preposition_of(doc, m)
    if prep is not None:
        verb = prep.head.lemma_.lower()
        if prep.lower_ == "at" or (prep.lower_ == "to" and verb in GO_VERBS) or (
                prep.lower_ in ("by", "from") and verb in SUPPLY_VERBS) or source_of(prep):
            return True
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in BUSINESS_ACTS:
        return True
    conj = [t.ent_type_ for t in head.conjuncts if not (m.tok_start <= t.i < m.tok_end)]
    if "ORG" in conj and all(t and t not in ("PERSON", "GPE", "NORP") for t in conj):
        return True
    return it_follows(doc, m)


def company_in_apposition(m: Mention, head: Token) -> bool:
    """'the nine companies selected by NASA: Astrobotic, Draper, …', 'two startups, Varo and
    Chime': the name, or the first of the list it is in, set off after a company noun."""
    first = head
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    return (first.dep_ == "appos" and first.head.i < m.tok_start and first.head.is_lower
            and first.head.lemma_.lower() in COMPANY_NOUNS)


def owns(doc: Doc, m: Mention, things: frozenset[str], loose: bool = False) -> bool:
    """"SpaceX's Starship", "Eurogamer's review", "Alibaba's CEO": the name as the possessive of
    one of ``things`` (with ``loose`` also of a name or of something new: "Apple's new …")."""
    head = doc[m.tok_end - 1]
    if not (m.tok_end < len(doc) and doc[m.tok_end].tag_ == "POS" and head.dep_ == "poss"):
        return False
    owned = head.head
    if owned.lower_ in things:
        return True
    return loose and (
        (bool(owned.ent_type_) and owned.ent_type_ != "PERSON") or any(c.lower_ == "new" for c in owned.children))


def owned_by(doc: Doc, m: Mention) -> bool:
    """'the site owned by Alibaba', 'developed by Respawn', 'an Alibaba-owned site': the
    owner, maker or publisher of something (not 'founded by', 'led by': people's acts)."""
    head = doc[m.tok_end - 1]
    if m.tok_end + 1 < len(doc) and doc[m.tok_end].text == "-" and doc[m.tok_end + 1].lower_ in OWNED_WORDS:
        return True
    prep = preposition_of(doc, m)
    return (prep is not None and prep.lower_ == "by" and head.dep_ == "pobj"
            and prep.head.lemma_.lower() in OWNED_BY_VERBS and prep.head.tag_ == "VBN")


def preposition_of(doc: Doc, m: Mention) -> Token | None:
    """The preposition the name is the object of, also through a list ('At Chime and Varo'):
    the word right before the name, or the first item's preposition."""
    head = doc[m.tok_end - 1]
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    if prev is not None and head.dep_ == "pobj" and prev.head.i != head.i:
        return prev
    first = head
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first.i != head.i and first.dep_ == "pobj" and first.head.dep_ in ("prep", "agent"):
        return first.head
    return None


def source_of(prep: Token) -> bool:
    """'a new survey from X', 'data from X', 'according to X', 'published in X', 'featured in X',
    'a paper in X' (a journal): a
    source of a document or of figures ('according to' asks no person's mark anywhere, as every
    rule here; a known place is never read here: 'published in London')."""
    if prep.lower_ == "from" and prep.head.lemma_.lower() in DOCUMENT_NOUNS:
        return True
    if prep.lower_ == "in" and prep.head.lemma_.lower() in PUBLISHED_IN:
        return True
    return prep.lower_ == "to" and prep.head.lower_ == "according"


def staff_at(doc: Doc, m: Mention) -> bool:
    """'analysts at Piper Jaffray', 'a senior engineer at X': the employer of a noun of a job,
    which no person's name is (a name with a known first name too)."""
    prep = preposition_of(doc, m)
    if prep is None or prep.lower_ != "at" or prep.head.pos_ != "NOUN":
        return False
    return prep.head.lemma_.lower() in STAFF_NOUNS or prep.head.lower_ in STAFF_NOUNS


def firm_company_use(doc: Doc, m: Mention) -> bool:
    """A business's use that even a name opening with a known first name only has as a
    business ('analysts at Morgan Stanley', 'a survey from Piper Jaffray', "X's shares")."""
    prep = preposition_of(doc, m)
    return staff_at(doc, m) or owns(doc, m, CORPORATE_THINGS - {"review", "reviews", "app", "apps"}) or (
        prep is not None and prep.lower_ == "from" and prep.head.lemma_.lower() in DOCUMENT_NOUNS)


def exclaimed_name(doc: Doc, m: Mention) -> bool:
    """'Like Yahoo!.', 'booyah!, a bank': an exclamation mark written onto the name and followed
    by more of the sentence's punctuation is part of a brand's name; no person's name has one."""
    e = m.tok_end
    return (e + 1 < len(doc) and doc[e].text == "!" and not doc[e - 1].whitespace_
            and doc[e + 1].text in (".", ",", ";", ":", ")"))


def it_follows(doc: Doc, m: Mention) -> bool:
    """'Brydge proved it was up to it': a subject followed in its sentence by 'it' as a subject
    with no other name between is a thing (the counterpart of ``pronoun_follows``)."""
    if doc[m.tok_end - 1].dep_ not in ("nsubj", "nsubjpass"):
        return False
    for tok in doc[m.tok_end: doc[m.tok_end - 1].sent.end]:
        if tok.ent_type_:
            return False
        if tok.lower_ in PERSON_PRONOUNS and tok.dep_ in ("nsubj", "nsubjpass"):
            return False
        if tok.lower_ == "it" and tok.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


def no_person_mark(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """No mention has any mark of a person: no title, no known first name, no 'X said', no
    later 'he'/'she', no role noun before or after it (a company noun is none)."""
    return not any(first_name_known(clean_name(m.text)) for m in mentions) and not person_use(doc, mentions)


def person_use(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """A person's mark besides the name's own first name: a title, 'X said', a later
    'he'/'she', a role noun before or after it, listed with people."""
    return any(
        m.titled or speech_subject(doc, m) or pronoun_follows(doc, m)
        or (role_noun_before(doc, m) and doc[m.tok_start - 1].lower_.endswith(ROLE_ENDINGS)
            and doc[m.tok_start - 1].lower_ not in COMPANY_NOUNS)
        or role_in_apposition(doc, m) or listed_with_people(doc, m) or m.listed
        for m in mentions)


def person_by_name(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """How a person's name, not a business's, is written: 'Sui-Lee Wee of the New York Times',
    or by the last word alone ('reports Wee'; a product is shortened so too, 'the Switch', so
    this is no mark against a product)."""
    return surname_alone(mentions) or any(member_of(doc, m) for m in mentions)


def unmarked_company(doc: Doc, mentions: Sequence[Mention], name: str) -> bool:
    """'Anker', 'Orbit Beyond' read as a person, 'Brydge' as a place: a name with no person's
    mark used as a business (``company_use``) and never as a place is an organisation; so is a
    name opening with a known first name whose only person's mark that is, used as only a
    business is ('analysts at Piper Jaffray'). Every place the article writes the name counts,
    also where the model saw no name ('Respawn clearly needed more time …, and it may …'); there
    only a strong person's mark (a title, 'X said', a later 'he') says person, not a list the
    model read a company of as a person ('Astrobotic, Draper, Lockheed Martin')."""
    if known_place(name) or known_region(name):
        return False
    unread = unread_mentions(doc, mentions, name)
    seen = list(mentions) + unread
    if not no_person_mark(doc, mentions) or strong_person_mark(doc, unread) or person_by_name(doc, seen):
        return first_named_company(doc, seen, name)
    if any(place_use(doc, m) and not company_use(doc, m) for m in mentions) or any(
            firm_place_reading(doc, m) for m in unread):
        return False  # where the model saw no name, only 'in X' (not 'SpaceX, Hawthorne, Calif.')
    votes = Counter(m.label for m in mentions)
    place_read = votes.get("GPE", 0) + votes.get("LOC", 0) > votes.get("PERSON", 0)
    pronoun = votes.get("LOC", 0) <= votes.get("GPE", 0)  # a region or planet is an 'it' too
    return opens_company_name(doc, name) or any(company_use(doc, m, place_read, pronoun) for m in seen)


def first_named_company(doc: Doc, mentions: Sequence[Mention], name: str) -> bool:
    """'a new survey from Piper Jaffray', 'analysts at Morgan Stanley': a name of two words
    opening with a known first name, with no other person's mark and never written by its last
    word alone (a person's surname is), used as a business by a use no person has."""
    words = name.split()
    if len(words) != 2 or person_use(doc, mentions) or person_by_name(doc, mentions):
        return False
    return any(firm_company_use(doc, m) for m in mentions)


def opens_company_name(doc: Doc, name: str) -> bool:
    """'Tyvak' where the article names 'Tyvak Nano-Satellite Systems Inc': a one-word name
    that opens a longer name of the article ending in a business's form is its short name."""
    return " " not in name and name in article_words(doc).company_openers


@dataclass(frozen=True)
class ArticleWords:
    """What every cluster of one article asks of its words, read once (the model's names are
    set before the entities component runs): the text, the words it writes in lower case, the
    first words of its names ending in a business's form."""

    text: str
    lower: frozenset[str]
    company_openers: frozenset[str]


#: One article's words while its clusters are labelled (weakly held: gone with the Doc).
_ARTICLE_WORDS: WeakKeyDictionary[Doc, ArticleWords] = WeakKeyDictionary()


def article_words(doc: Doc) -> ArticleWords:
    """The article's :class:`ArticleWords`, built on first use (Doc.text re-joins every token on
    each access, and an article has dozens of clusters to label)."""
    cached = _ARTICLE_WORDS.get(doc)
    if cached is not None:
        return cached
    openers = set()
    for ent in doc.ents:
        words = ent.text.split()
        if len(words) > 1 and words[-1].lower().strip(",") in COMPANY_FORMS:
            openers.add(words[0])
    built = ArticleWords(doc_text(doc), frozenset(t.text for t in doc if t.is_lower), frozenset(openers))
    _ARTICLE_WORDS[doc] = built
    return built


def outlet_use(doc: Doc, m: Mention) -> bool:
    """'Deadline reports that …', 'reports from The Wrap and Deadline', 'published in Nature
    Astronomy': a source of news, the subject of reporting or the source a report is from (not
    'according to X' alone, which a work is too: 'according to the Bible')."""
    if reporter(doc, m):
        return True
    prep = preposition_of(doc, m)
    return prep is not None and source_of(prep) and prep.head.lower_ != "according"


def news_outlet(doc: Doc, mentions: Sequence[Mention], name: str) -> bool:
    """'The Wrap', 'Deadline' read as titles of works: a name with no person's mark that the
    article cites as a source of news is an outlet, an organisation (a title in quote marks or
    called a film is settled before: 'the film “Deadline”')."""
    if known_place(name) or known_region(name):
        return False
    unread = unread_mentions(doc, mentions, name)
    seen = list(mentions) + unread
    return (no_person_mark(doc, mentions) and not strong_person_mark(doc, unread)
            and not person_by_name(doc, seen) and any(outlet_use(doc, m) for m in seen))


def unread_mentions(doc: Doc, mentions: Sequence[Mention], name: str) -> list[Mention]:
    """The places the article writes the name (the same words, in the same case) where the
    model saw no name: more uses to read ('Respawn clearly needed more time'); not inside a
    longer name ('Respawn Entertainment') nor a sentence's first word the article also writes in
    lower case ('Current figures …' next to 'current')."""
    if not name.strip():
        return []
    taken = frozenset(i for m in mentions for i in range(m.tok_start, m.tok_end))
    found_before = _UNREAD.setdefault(doc, {})
    if (name, taken) not in found_before:
        found_before[name, taken] = _unread(doc, name, taken)
    return list(found_before[name, taken])


#: Each article's unread places per name and taken tokens (weakly held: gone with the Doc): a
#: cluster's label asks for them more than once.
_UNREAD: WeakKeyDictionary[Doc, dict[tuple[str, frozenset[int]], list[Mention]]] = WeakKeyDictionary()


def _unread(doc: Doc, name: str, taken: frozenset[int]) -> list[Mention]:
    words = article_words(doc)
    out: list[Mention] = []
    for start, end in standalone_places(words.text, name, "-", "-"):
        span = doc.char_span(start, end)
        if span is None or any(t.i in taken or t.ent_type_ for t in span):
            continue
        first, after = span[0], doc[span.end] if span.end < len(doc) else None
        if first.is_sent_start and first.lower_ in words.lower:
            continue
        before = doc[span.start - 1] if span.start > 0 else None
        if (after is not None and after.is_alpha and after.text[:1].isupper()) or (
                before is not None and before.is_alpha and before.text[:1].isupper() and not before.is_sent_start):
            continue  # 'Respawn Entertainment', 'Blue Respawn': part of a longer name
        out.append(Mention(start=span.start_char, end=span.end_char, text=span.text, label="",
                           sent=None, tok_start=span.start, tok_end=span.end))
    return out
