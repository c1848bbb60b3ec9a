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
import re
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..entities import Entity, normalise_key
from .gender import in_quote_marks, person_gender, place_like, remember_pronoun
from .group_phrases import only_modifies, phrase_antecedent, subject_members
from .lexicon import GENDER_WORDS, NAME_TITLES, PRONOUN_GENDER, PRONOUNS_GROUP, PRONOUNS_PERSON
from .people import person_named
from .syntax import TITLE_ABBREVIATIONS, mention_bounds, strip_det

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
    if low == "i" and the_writers_own(st, sp_s, quote_spans):
        writer = self_named_writer(st)  # 'I' in the narration: the writer, never a name nearby
        return (writer.canonical, writer.label, writer.key, True) if writer else (None, None, None, False)
    if low in PRONOUNS_PERSON:
        gender = PRONOUN_GENDER.get(low)
        ref = person_antecedent(st, sp_s, quote_spans, gender, exclude)
        if ref is None and (noun := described_person(st, sp_s, gender, quote_spans)) is not None:
            n_s, n_e = mention_bounds(noun, st.ent_by_tok)
            name = strip_det(st.text[n_s:n_e])
            return name, "ANON", normalise_key("anon", name), True
        if ref is None:
            return None, None, None, False  # no fitting person: unresolved, not a wrong name
        if record:
            remember_pronoun(st, ref, gender)
        return ref.canonical, ref.label, ref.key, True
    if low in PRONOUNS_GROUP:
        # 'it' / 'they': the latest organisation, group or place (else unresolved);
        # 'it was reported that …' is no one
        pleonastic = low == "it" and head is not None and (head.dep_ in ("nsubjpass", "expl") or extraposed_it(head))
        ref2 = None if pleonastic else group_antecedent(st, sp_s, low, quote_spans)
        return (*ref2, True) if ref2 is not None else (None, None, None, False)
    return None


def described_person(
    st: QuoteState, pos: int, gender: str | None, quote_spans: list[tuple[int, int]]
) -> Token | None:
    """'… spoke to one mother, who knew her daughter was on Instagram. "…," she said': where no
    named person fits a 'he' / 'she', the nearest noun of that gender for a person ('mother',
    'spokesman', 'woman') in its sentence or the two before, outside quotations, is who it is;
    not one owned by a pronoun of that gender ('her teenage daughter': 'she' is the owner)."""
    if gender is None:
        return None
    at = st.ix.token_at(pos)
    first = st.doc[at].sent.start
    for _ in range(2):
        first = st.doc[first - 1].sent.start if first > 0 else first
    for i in range(at - 1, first - 1, -1):
        tok = st.doc[i]
        if (tok.tag_ == "NN" and GENDER_WORDS.get(tok.lower_) == gender and i not in st.ent_by_tok
                and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr", "conj")
                and not in_spans(quote_spans, tok.idx) and not in_quote_marks(st, tok.idx)
                and not any(c.dep_ == "poss" and PRONOUN_GENDER.get(c.lower_) == gender for c in tok.children)):
            return tok
    return None


def the_writers_own(st: QuoteState, pos: int, quote_spans: list[tuple[int, int]]) -> bool:
    """Whether an 'I' at ``pos`` is the narration's (outside quote marks, direct quotes and Q&A
    answers): the writer speaking ('As I write this review', 'I'm here to tell you that …'),
    not the person the article named last (ATTRIBUTION-GUIDELINE §2: author voice)."""
    return not (in_spans(quote_spans, pos) or in_quote_marks(st, pos) or st.quoted[st.ix.token_at(pos)])


#: 'my name is Pamela Ross', "I'm Pamela Ross": the writer of a first-person piece names herself
_SELF_NAMING = re.compile(r"(?:\bmy name is|\bI am|\bI[’']m)\s+$")


def self_named_writer(st: QuoteState) -> Entity | None:
    """The one person the narration introduces as its writer ('If we haven't met yet, my name
    is Pamela Ross'), outside quote marks; None when the article names no writer or several."""
    found = {ent.key: ent for ent in st.entities if ent.label == "PERSON" and not in_quote_marks(st, ent.start)
             and _SELF_NAMING.search(st.text, max(0, ent.start - 16), ent.start)}
    return next(iter(found.values())) if len(found) == 1 else None


def extraposed_it(it: Token) -> bool:
    """"it's all but guaranteed that …", 'Is it fair to say that …': an 'it' subject of a passive
    with a that-clause, or of 'be' with an adjective and a clause, stands for that clause, not
    for a body named before (no 'it' said it)."""
    verb = it.head
    if it.dep_ != "nsubj" or verb.i == it.i:
        return False
    deps = {c.dep_ for c in verb.children}
    if "auxpass" in deps:
        return "ccomp" in deps  # 'it is guaranteed that …' (not 'it was forced to admit')
    return verb.lemma_ == "be" and "acomp" in deps and bool(deps & {"xcomp", "ccomp"})


def person_antecedent(
    st: QuoteState, pos: int, quote_spans: list[tuple[int, int]], gender: str | None,
    exclude: frozenset[str] = frozenset(),
) -> Entity | None:
    """The person a 'he' / 'she' at ``pos`` stands for (none keyed in ``exclude``): the nearest earlier person mention
    that can be one (:func:`can_be_antecedent`), a subject preferred within its sentence
    ('Young told Stafford …. He said': Young), the main clause's subject before a subordinate
    clause's (:func:`main_clause_subject`), at most 3,000 characters back. When that sentence
    names people only as owners or after a preposition, a subject of the sentence before it
    is the likelier topic ('Andrew claims … . … spending three days at Epstein's mansion.
    During the visit, he was photographed': Andrew)."""
    mentions = person_mentions(st)
    k = bisect.bisect_left(mentions, pos, key=lambda m: m[0])
    found = embedded = None
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
            if embedded is not None:
                return embedded
            if earlier_start == -1 and only_oblique(st, mentions, k, sent_start):
                earlier_start = tok.sent.start
            if tok.sent.start != earlier_start:
                break
        if tok.dep_ in ("nsubj", "nsubjpass") or owns_the_subject(tok):
            if main_clause_subject(tok):
                return ent
            embedded = embedded or ent
    return embedded or found


def main_clause_subject(tok: Token) -> bool:
    """'Figgins declined to address whether Thomas slept on the night Epstein died. "…," he
    said': a subject (or its owner) of the sentence's main verb outranks the subjects of
    clauses inside it, which a backward search meets first (the topic is the main clause's)."""
    if tok.dep_ == "poss":
        tok = tok.head
    verb = tok.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ in ("ROOT", "parataxis")


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
    """Whether a PERSON entity reads as a person's name: a name of two words or more, one
    word the article or the first-name list gives a gender, or one the article writes after
    a title (:func:`titled_keys`). A lone 'Award' or 'Universal' spaCy tagged PERSON (a title
    fragment, a studio) is no 'he' / 'I' (issue 17)."""
    return len(ent.canonical.split()) > 1 or person_gender(st, ent) is not None or ent.key in titled_keys(st)


def titled_keys(st: QuoteState) -> set[str]:
    """Keys of the one-word PERSON names the article writes after a capitalised title ('President
    Trump', 'Sen. Warren', 'Coach Tomlin'): a person's name though no full name is given, so
    'Trump sent a message. "…," he said' finds him (built once per article)."""
    if st.titled_keys is None:
        st.titled_keys = {ent.key for ent in st.entities if ent.label == "PERSON" and after_a_title(st, ent)}
    return st.titled_keys


def after_a_title(st: QuoteState, ent: Entity) -> bool:
    """Whether the word before ``ent`` is a title ('President', 'Judge', 'Sen.'), capitalised."""
    first = st.ix.token_at(ent.start)
    if first == 0:
        return False
    prev = st.doc[first - 1]
    word = prev.text.rstrip(".")
    return word in TITLE_ABBREVIATIONS or (prev.text.istitle() and prev.lower_ in NAME_TITLES)


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
    analysts), or group-noun speaker ('the airline … It said', 'Unions said … They said'); a
    name that only owns or joins a larger phrase gives that phrase (``group_phrases``)."""
    they = pron in ("they", "them")
    labels = ("ORG", "NORP") if they else ("ORG", "GPE")
    best: tuple[int, tuple[str, str | None, str | None]] | None = None
    ent = antecedent(st, pos, quote_spans, labels, they)
    if ent is not None and st.dateline_end(ent.start) is None:
        best = (ent.start, phrase_antecedent(st, ent, they) or (ent.canonical, ent.label, ent.key))
    for hpos, speaker, label, key, plural in reversed(st.history):
        if hpos >= pos:
            continue
        if pos - hpos > 3000 or (best is not None and hpos <= best[0]):
            break
        if label != "ANON" or plural is None or plural == they:
            best = (hpos, (speaker, label, key))
            break
    return best[1] if best is not None else None


def antecedent(
    st: QuoteState, pos: int, quote_spans: list[tuple[int, int]], labels: tuple[str, ...], they: bool = False
) -> Entity | None:
    """The nearest earlier entity with one of ``labels``, outside direct quotes and at
    most 3,000 characters back, that is a mention of its own (not 'US' in 'the US military');
    when that one is only a preposition's object or an owner, a subject of its sentence or of
    the one before is the likelier topic (:func:`oblique_mention`), unless for 'they' it names
    the members who are a subject ('leaders of the Legislature have …': ``subject_members``)."""
    k = bisect.bisect_left(st.ent_starts, pos)
    found: Entity | None = None
    window = -1
    for j in range(k - 1, -1, -1):
        ent = st.entities[j]
        if pos - ent.start > 3000:
            break
        if (ent.label not in labels or in_spans(quote_spans, ent.start) or noun_modifier(st, ent)
                or only_modifies(st, ent)):
            continue
        tok = mention_head(st, ent.start)
        if found is None:
            if not oblique_mention(tok) or (they and subject_members(tok)):
                return ent
            found, sent = ent, tok.sent
            window = st.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        elif tok.i < window:
            break
        elif tok.dep_ in ("nsubj", "nsubjpass") or owns_the_subject(tok):
            return ent
    return found


def oblique_mention(tok: Token) -> bool:
    """'Boeing … confirmed that its approach uses the SLS. In a statement released the day
    the proposals were due to NASA, it said …': a body named only after a preposition or as
    an owner is seldom what a later 'it' / 'they' stands for when a subject just before fits."""
    return tok.dep_ == "pobj" or (tok.dep_ == "poss" and not owns_the_subject(tok))


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
