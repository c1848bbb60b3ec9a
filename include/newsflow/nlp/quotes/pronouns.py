"""Pronoun speakers: who a 'he' / 'she', an 'it' / 'they' or a 'who' / 'that' stands for.

Why apart from ``speakers``: finding the mention a frame names is syntax within one
sentence; a pronoun's antecedent is a search back through the article (at most 3,000
characters) over its person mentions, organisations and places and the speakers already
resolved (``st.history``), with agreement (``gender``) deciding who a 'he' or 'she' may
be. A wrong antecedent is the commonest wrong speaker on real news; the search and its
guards (quoted names are no antecedents, 'US' in 'the US military' is no 'it') sit here.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..entities import Entity
from .gender import in_quote_marks, person_gender, place_like, remember_pronoun
from .lexicon import PRONOUN_GENDER, PRONOUNS_GROUP, PRONOUNS_PERSON
from .people import person_named

if TYPE_CHECKING:  # pragma: no cover (state imports speakers, which imports this module)
    from .state import QuoteState

#: Relative pronouns that can be a reporting clause's subject ('officials who said').
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})

#: Possessive pronouns that name a source ('his warning that …', 'their statement said'):
#: resolved as the personal pronoun they go with.
POSSESSIVES = {"his": "he", "their": "they", "its": "it"}

#: (speaker, label, key, found through an antecedent) of one mention
Resolved = tuple[str | None, str | None, str | None, bool]


def relative_antecedent(subj: Token) -> Token:
    """'neighbours that say the measure breaks rules': a relative pronoun subject stands
    for the noun its clause modifies (the neighbours speak, not 'that')."""
    if subj.lower_ not in RELATIVE_PRONOUNS or subj.tag_ not in ("WDT", "WP"):
        return subj
    verb = subj.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head  # 'officials who met and said': the clause is the first conjunct's
    if verb.dep_ == "relcl" and verb.head.i != verb.i and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    return subj


def resolve_pronoun(
    st: QuoteState, low: str, sp_s: int, head: Token | None, quote_spans: list[tuple[int, int]],
    record: bool, exclude: frozenset[str] = frozenset(),
) -> Resolved | None:
    """Who the personal pronoun ``low`` (lower-cased) at ``sp_s`` is: 'he' / 'she' the nearest
    fitting person (none keyed in ``exclude``; ``record`` remembers the pronoun's gender for
    that person), 'it' / 'they' the nearest organisation, place or group speaker;
    ``(None, None, None, False)`` when none fits; None when ``low`` is no such pronoun."""
    low = POSSESSIVES.get(low, low)
    if low in PRONOUNS_PERSON:
        gender = PRONOUN_GENDER.get(low)
        ref = person_antecedent(st, sp_s, quote_spans, gender, exclude)
        if ref is None:
            return None, None, None, False  # no fitting person: unresolved, not a wrong name
        if record:
            remember_pronoun(st, ref, gender)
        return ref.canonical, ref.label, ref.key, True
    if low in PRONOUNS_GROUP:
        # 'it' / 'they': the latest organisation, group or place (else unresolved);
        # 'it was reported that …' is no one
        pleonastic = low == "it" and head is not None and head.dep_ in ("nsubjpass", "expl")
        ref2 = None if pleonastic else group_antecedent(st, sp_s, low, quote_spans)
        return (*ref2, True) if ref2 is not None else (None, None, None, False)
    return None


def person_antecedent(
    st: QuoteState, pos: int, quote_spans: list[tuple[int, int]], gender: str | None,
    exclude: frozenset[str] = frozenset(),
) -> Entity | None:
    """The person a 'he' / 'she' at ``pos`` stands for (none keyed in ``exclude``): the nearest earlier person mention
    that can be one (:func:`can_be_antecedent`), a subject preferred within its sentence
    ('Young told Stafford …. He said': Young), at most 3,000 characters back. When that sentence
    names people only as owners or after a preposition, a subject of the sentence before it
    is the likelier topic ('Andrew claims … . … spending three days at Epstein's mansion.
    During the visit, he was photographed': Andrew)."""
    mentions = person_mentions(st)
    k = bisect.bisect_left(mentions, pos, key=lambda m: m[0])
    found: Entity | None = None
    sent_start = earlier_start = -1
    for j in range(k - 1, -1, -1):
        mpos, ent = mentions[j]
        if pos - mpos > 3000:
            break
        if ent.key in exclude or not can_be_antecedent(st, ent, mpos, quote_spans, gender):
            continue
        tok = mention_head(st, mpos)
        if found is None:
            found, sent_start = ent, tok.sent.start
        elif tok.sent.start != sent_start:
            if earlier_start == -1 and only_oblique(st, mentions, k, sent_start):
                earlier_start = tok.sent.start
            if tok.sent.start != earlier_start:
                break
        if tok.dep_ in ("nsubj", "nsubjpass") or owns_the_subject(tok):
            return ent
    return found


def owns_the_subject(tok: Token) -> bool:
    """'Mr. Trump's theatrical embrace is not limited to China. He has …': the owner of a
    sentence's subject is its topic, as a subject is (not an owner after a preposition: 'at
    Epstein's mansion')."""
    return tok.dep_ == "poss" and tok.head.dep_ in ("nsubj", "nsubjpass")


def only_oblique(st: QuoteState, mentions: list[tuple[int, Entity]], k: int, sent_start: int) -> bool:
    """Whether every person mention before index ``k`` in the sentence starting at token
    ``sent_start`` is an owner ('Epstein's mansion') or a preposition's object ('with Epstein')."""
    start_char = st.doc[sent_start].idx
    heads = [mention_head(st, mpos) for mpos, _ in mentions[:k] if mpos >= start_char]
    return bool(heads) and all(h.dep_ in ("poss", "pobj") and not owns_the_subject(h) for h in heads)


def can_be_antecedent(
    st: QuoteState, ent: Entity, pos: int, quote_spans: list[tuple[int, int]], gender: str | None
) -> bool:
    """A person mention outside quote marks, not a place spaCy took for a person ('in
    Madison'), of no other gender than the pronoun's ('she said' after 'Mr. Holt': not him)."""
    if in_spans(quote_spans, pos) or in_quote_marks(st, pos) or place_like(st, ent.key):
        return False
    said = PRONOUN_GENDER.get(st.doc[st.ix.token_at(pos)].lower_)
    if said is not None:  # a pronoun of the chain: its own gender speaks
        return gender is None or said == gender
    if not name_like(st, ent):
        return False
    return gender is None or person_gender(st, ent) in (None, gender)


def name_like(st: QuoteState, ent: Entity) -> bool:
    """Whether a PERSON entity reads as a person's name: a name of two words or more, or one
    word the article or the first-name list gives a gender. A lone 'Award' or 'Universal'
    spaCy tagged PERSON (a title fragment, a studio) is no 'he' / 'I' (issue 17)."""
    return len(ent.canonical.split()) > 1 or person_gender(st, ent) is not None


def mention_head(st: QuoteState, pos: int) -> Token:
    """The head of the name starting at ``pos`` ('Tom' -> 'Young' in 'Tom Young')."""
    tok = st.doc[st.ix.token_at(pos)]
    while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
        tok = tok.head
    return tok


def person_mentions(st: QuoteState) -> list[tuple[int, Entity]]:
    """Every mention of a person, by position: the PERSON entities, and a bare surname
    spaCy left untagged whose person the article names in full ('Young, in his testimony,'
    after 'Tom Young')."""
    if st.person_mentions is None:
        found = [(e.start, e) for e in st.entities if e.label == "PERSON" or who_clause_names(st, e)]
        for tok in st.doc:
            if tok.pos_ == "PROPN" and tok.i not in st.ent_by_tok and tok.dep_ in ("nsubj", "nsubjpass"):
                named = person_named(st, tok.text)
                if named is not None and named.start < tok.idx:
                    found.append((tok.idx, named))
        st.person_mentions = sorted(found, key=lambda m: m[0])
        add_pronoun_chain(st)
    return st.person_mentions


def who_clause_names(st: QuoteState, ent: Entity) -> bool:
    """A name labelled a place or an organisation that a 'who' clause modifies is a person
    ('Tommy — who only goes by his first name online — retired …'): places and bodies take
    'which' / 'where'."""
    if ent.label not in ("GPE", "ORG", "NORP"):
        return False
    head = st.doc[st.ix.token_at(ent.end - 1)]
    return head.pos_ == "PROPN" and any(
        c.dep_ == "relcl" and any(g.dep_ == "nsubj" and g.lower_ == "who" for g in c.children)
        for c in head.rights
    )


def add_pronoun_chain(st: QuoteState) -> None:
    """Add each subject 'he' / 'she' of the narration to ``st.person_mentions`` as a mention of
    the person it stands for, in text order: a later pronoun then finds the chain ('Stafford …
    responded. He then referred to Cooke's testimony … "…," he concluded': the subject 'He',
    not Cooke named after it, is the nearest mention of its sentence)."""
    mentions = st.person_mentions
    assert mentions is not None
    for tok in st.doc:
        gender = PRONOUN_GENDER.get(tok.lower_)
        if gender is None or tok.dep_ not in ("nsubj", "nsubjpass") or in_quote_marks(st, tok.idx):
            continue
        ref = person_antecedent(st, tok.idx, [], gender)
        if ref is not None:
            bisect.insort(mentions, (tok.idx, ref), key=lambda m: m[0])


def group_antecedent(
    st: QuoteState, pos: int, pron: str, quote_spans: list[tuple[int, int]]
) -> tuple[str, str | None, str | None] | None:
    """The speaker 'it' / 'they' stands for: the nearest earlier ORG/GPE mention for 'it', ORG/NORP
    for 'they' (a country or city is 'it': 'Analysts expect … in the U.S. … They say': the
    analysts), or group-noun speaker ('the airline … It said', 'Unions said … They said')."""
    they = pron in ("they", "them")
    labels = ("ORG", "NORP") if they else ("ORG", "GPE")
    best: tuple[int, tuple[str, str | None, str | None]] | None = None
    ent = antecedent(st, pos, quote_spans, labels)
    if ent is not None and st.dateline_end(ent.start) is None:
        best = (ent.start, (ent.canonical, ent.label, ent.key))
    for hpos, speaker, label, key, plural in reversed(st.history):
        if hpos >= pos:
            continue
        if pos - hpos > 3000 or (best is not None and hpos <= best[0]):
            break
        if label != "ANON" or plural == they:
            best = (hpos, (speaker, label, key))
            break
    return best[1] if best is not None else None


def antecedent(
    st: QuoteState, pos: int, quote_spans: list[tuple[int, int]], labels: tuple[str, ...]
) -> Entity | None:
    """The nearest earlier entity with one of ``labels``, outside direct quotes and at
    most 3,000 characters back, that is a mention of its own (not 'US' in 'the US military')."""
    k = bisect.bisect_left(st.ent_starts, pos)
    for j in range(k - 1, -1, -1):
        ent = st.entities[j]
        if pos - ent.start > 3000:
            break
        if ent.label in labels and not in_spans(quote_spans, ent.start) and not noun_modifier(st, ent):
            return ent
    return None


def noun_modifier(st: QuoteState, ent: Entity) -> bool:
    """'the US military said in a statement … It said': 'US' only modifies the noun that
    speaks, so a later 'it' stands for the military (kept in ``st.history``), not the US."""
    tok = st.doc[st.ix.token_at(ent.end - 1)]
    return (tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ == "NOUN"
            and tok.head.i not in st.ent_by_tok and tok.head.i > tok.i)


def in_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of the sorted, disjoint ``spans``."""
    q = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return q >= 0 and spans[q][0] <= pos < spans[q][1]
