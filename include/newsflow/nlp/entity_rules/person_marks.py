"""A person's marks on one mention: a speech verb's subject, a later 'he'/'she', a role noun
or a title, a known first name, a list of people; and a person's full name the model read as
an organisation ('host Sean Hannity', 'Channing D. Phillips').

Why apart from ``labels``: the label rules, the business rules (``companies``)
and the product rules (``products``) all ask whether a name is written as a person's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from .mentions import Mention
from .names import clean_name, strip_title
from .word_lists import PERSON_PRONOUNS, ROLE_ENDINGS, SPEECH_VERBS, TEAM_ROLES


def first_name_known(name: str) -> bool:
    """Whether a multi-word name starts with a common first name of either gender from the
    lexicon ('Eva-Marie Persson', 'Taylor Swift'); imported lazily: the quotes package itself
    imports this module's users."""
    from ..quotes.gender import opens_with_first_name

    words = strip_title(name.split())
    return len(words) > 1 and opens_with_first_name(" ".join(words))


def speech_subject(doc: Doc, m: Mention) -> bool:
    """'Schiff said': the mention's head is the subject of a verb of speech."""
    head = doc[m.tok_end - 1]
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in SPEECH_VERBS and not has_article(head)


def has_article(head: Token) -> bool:
    """'The Chronicle said': a name with an article of its own is a thing's, even as a speaker."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in head.children)


def pronoun_follows(doc: Doc, m: Mention) -> bool:
    """'Lund told reporters she would stay': a name that is a subject, followed in its
    sentence by 'he'/'she' as a subject with no other name between, is a person's (a cheap
    stand-in for the quotes' pronoun resolution, which runs later)."""
    head = doc[m.tok_end - 1]
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return False
    for tok in doc[m.tok_end: head.sent.end]:
        if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return False
        if tok.lower_ in PERSON_PRONOUNS and tok.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


def strong_person_mark(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """A title or honorific, the subject of a verb of speech or of a later 'he'/'she':
    what no work, product or place takes."""
    return any(m.titled or speech_subject(doc, m) or pronoun_follows(doc, m) for m in mentions)


def role_noun_before(doc: Doc, m: Mention) -> bool:
    """'host Sean Hannity', 'strategist Charlie Black': a lower-case common noun right
    before the name, modifying it."""
    if m.tok_start == 0:
        return False
    prev = doc[m.tok_start - 1]
    return prev.pos_ == "NOUN" and prev.is_lower and prev.dep_ == "compound" and \
        m.tok_start <= prev.head.i < m.tok_end


def role_in_apposition(doc: Doc, m: Mention) -> bool:
    """'Glenn Harlan Reynolds, a University of Tennessee law professor', 'Mason Rudolph, a
    backup quarterback': a noun of a role (by its ending, or a team's staff or player) set off
    after the name (only used with a known first name: 'Ascom, a provider')."""
    head = doc[m.tok_end - 1]
    return any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.is_lower
               and (c.lower_.endswith(ROLE_ENDINGS) or c.lower_ in TEAM_ROLES) for c in head.children)


def listed_with_people(doc: Doc, m: Mention) -> bool:
    """'Justin Bieber, Demi Lovato and Ariana Grande': a name listed with people's names."""
    head = doc[m.tok_end - 1]
    return any(t.ent_type_ == "PERSON" and not (m.tok_start <= t.i < m.tok_end) for t in head.conjuncts)


def member_of(doc: Doc, m: Mention) -> bool:
    """'Sui-Lee Wee of the New York Times', 'Ana Ruiz of Goldman Sachs': a name followed by 'of'
    and an organisation's name is a person who works there (a business is not written so)."""
    e = m.tok_end
    if e + 1 >= len(doc) or doc[e].lower_ != "of":
        return False
    nxt = doc[e + 2] if doc[e + 1].lower_ == "the" and e + 2 < len(doc) else doc[e + 1]
    return nxt.ent_type_ == "ORG" and nxt.text[:1].isupper() and (
        nxt.ent_iob_ == "B" or doc[nxt.i - 1].ent_iob_ == "B")  # 'the New York Times' may start at 'the'


def surname_alone(mentions: Sequence[Mention]) -> bool:
    """'Sui-Lee Wee' … 'reports Wee': a name of two or three words the article also writes by its
    last word alone is a person's (a business is shortened by its first words: 'Goldman'; 'The
    Wrap' … 'Wrap' is no first name and surname)."""
    names = [[w for i, w in enumerate(clean_name(m.text).split()) if i or w.lower() != "the"] for m in mentions]
    lasts = {n[-1] for n in names if 1 < len(n) <= 3}
    return any(len(n) == 1 and n[0] in lasts for n in names)


#: 'Channing D. Phillips', 'George H.W. Bush': first name, initials, surname.
_INITIAL_NAME = re.compile(r"^[A-Z][a-z]+(?: [A-Z]\.(?:[A-Z]\.)*)+ [A-Z][a-z]+(?:-[A-Z][a-z]+)?$")


def person_shaped(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """A person the model read as an organisation or a place ('Fox News host Sean Hannity',
    ORG): a known first name before a surname with a person's use — a title or a role noun
    before it, 'X said', a later 'he'/'she', listed with people — or the shape of first name,
    middle initial and surname ('Channing D. Phillips')."""
    for m in mentions:
        name = clean_name(m.text)
        if _INITIAL_NAME.match(name):
            return True
        if first_name_known(name) and len(name.split()) <= 3 and (
            m.titled or role_noun_before(doc, m) or speech_subject(doc, m)
            or pronoun_follows(doc, m) or listed_with_people(doc, m) or role_in_apposition(doc, m)
        ):
            return True
    return False


def thing_after_the(doc: Doc, m: Mention) -> bool:
    """'reach the Moon', 'across the Atlantic': one singular name read as a person's right after
    'the' is a thing's name (a person's is written bare: 'met Moon'); a name modifying a noun
    after it is a person's still ('the Obama administration'), and so is a family ('the Clintons')."""
    if m.label != "PERSON" or m.tok_end - m.tok_start != 1 or m.tok_start == 0 or m.titled:
        return False
    tok = doc[m.tok_start]
    nxt = doc[m.tok_end] if m.tok_end < len(doc) else None
    return (doc[m.tok_start - 1].lower_ == "the" and tok.tag_ == "NNP" and tok.dep_ != "compound"
            and not tok.text.endswith("s")
            and not (nxt is not None and nxt.pos_ in ("NOUN", "PROPN")))


def things_after_the(doc: Doc, mentions: list[Mention]) -> None:
    """Each mention of :func:`thing_after_the` marked so (``after_the``): its person's reading is
    no surname of a longer name ('Moon' of 'Blue Moon' stays apart)."""
    for m in mentions:
        m.after_the = thing_after_the(doc, m)
