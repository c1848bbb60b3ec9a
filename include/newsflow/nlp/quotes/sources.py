"""Sources: can a speaker mention speak at all, and whose is a document that 'said' something.

Why apart from ``speakers``: on real news many returned speakers were no source ('tuft cells',
'macroeconomic data', 'The caption', 'The general setup of visiting …'; issue 17). The
guideline's source is a person, group, organisation, a document they issued, or an outlet
(ATTRIBUTION-GUIDELINE §1). These rules answer, for one mention, whether its head denotes one
of those; an attribution whose speaker cannot speak keeps its place (PolNeAR counts some) with a
clearly low confidence, and a document's owner ('a report from X', "X's earlier testimony")
is named as the speaker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Token

from .lexicon import AUTHORING_VERBS, DOCUMENT_NOUNS, ORG_KIND_NOUNS, SPEAKER_NOUNS
from .scores import DOUBTFUL
from .word_lists import (
    ACCORDANCE_NOUNS,
    COMPOUND_PLACE_ENDS,
    COMPOUND_SPEAKER_MIN,
    EVENT_SENSE_SPEAKER_NOUNS,
    MORE_PERSON_NOUNS,
    REFERENCE_NOUNS,
    SHARE_NOUNS,
    SHARE_NOUNS_NEEDING_OF,
    SPEAKING_AGENT_VERBS,
)

if TYPE_CHECKING:  # pragma: no cover (state imports speakers, which imports this module)
    from ..entities import Entity
    from .state import QuoteState

#: Entity types that can speak: people, organisations, nationalities / groups, and a place
#: standing for its government ('China said').
SPEAKING_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Endings of nouns for people ('neurologist', 'historian', 'chairwoman', 'salespeople') or for
#: makers, people or firms ('policymaker', 'the German automaker').
PERSON_SUFFIXES = ("man", "men", "woman", "women", "person", "people", "ist", "ian", "ists", "ians", "maker", "makers")
#: Words those endings give that are no people ('list', 'median', 'amen').
NOT_PERSON_WORDS = frozenset("""list wrist twist fist mist exist assist persist insist median amen omen
    typewriter screwdriver""".split())
#: The confidence an attribution keeps when its speaker cannot speak: a doubted one (trust.DOUBTFUL),
#: so that ``confidence.calibrate`` keeps it at most there too.
NON_SOURCE_CONFIDENCE = DOUBTFUL
#: Agent endings of nouns for people ('writer', 'surgeon', 'delegate', 'trustee'); nouns for
#: places and bodies ('mission', 'station') end longer words that are none ('permission').
AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "eon", "ate", "ee")


def agent_not_act_or_place(noun: str) -> bool:
    """'-ment' ends nouns of an act ('government', 'management') and 'center' a place, not agents:
    compounds ending in them name the act or the place ('mismanagement', 'the epicenter')."""
    return not noun.endswith("ment") and noun not in COMPOUND_PLACE_ENDS


#: Speaker nouns for people long enough to name one at the end of a compound (``a_compound_speaker``).
_LONG_SPEAKER_NOUNS = tuple(n for n in SPEAKER_NOUNS if len(n) >= COMPOUND_SPEAKER_MIN and n.endswith(AGENT_ENDINGS)
                            and agent_not_act_or_place(n))
#: Relative pronouns used only of people: their antecedent is a source ('a booker who said').
PERSONAL_RELATIVES = frozenset({"who", "whom"})
#: Prepositions that name a document's author ('a report from Kotak', 'a letter by the mayor').
OWNER_PREPS = frozenset({"from", "by", "of"})


def _without_plural_s(low: str) -> str:
    """'officials' -> 'official', 'callers' -> 'caller': a noun as written, its plural 's' dropped."""
    return low[:-1] if low.endswith("s") else low


@lru_cache(maxsize=4096)
def person_or_institution_noun(lemma: str) -> bool:
    """Whether a common noun denotes people or an institution (a class list and the endings of
    nouns for people): what a reported speaker's head must be, short of a name. Cached: a pure
    test of a word, asked for every candidate speaker's head and scanning a list for compounds."""
    low = lemma.lower()
    if low in SPEAKER_NOUNS or (low.endswith("s") and _without_plural_s(low) in SPEAKER_NOUNS):
        return True  # 'residents', 'officials' as written (the lemma is tried first)
    if an_agent_of_speech(low) or a_compound_speaker(low) or _without_plural_s(low) in MORE_PERSON_NOUNS:
        return True
    if a_hyphenated_person(low):
        return True
    return len(low) > 4 and low not in NOT_PERSON_WORDS and low.endswith(PERSON_SUFFIXES)


def a_hyphenated_person(low: str) -> bool:
    """'caucus-goers said', 'fact-checkers noted', 'a co-founder told': a hyphenated noun is a kind
    of its last part, so it names people when that part does (PolNeAR train: such speakers were
    doubted as no source)."""
    *before, last = low.split("-")
    return bool(before) and len(last) > 2 and person_or_institution_noun(last)


def a_personal_relative(tok: Token) -> bool:
    """'a booker who said …', 'an impersonator who promises …': the relative pronoun 'who' is
    used of people (and bodies of them), so the noun right before it can speak whatever it is
    (PolNeAR train: such speakers were doubted as no source). Only right after its noun: after a
    comma the parse may take a nearer noun for the antecedent ('one Democrat familiar with the
    discussion, who added …', 'told Santilli on camera, who responds …')."""
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    return (tok.lower_ in PERSONAL_RELATIVES and tok.tag_ in ("WP", "WDT") and before is not None
            and before.pos_ in ("NOUN", "PROPN") and tok.head.dep_ == "relcl" and tok.head.head.i == before.i)


def an_agent_of_speech(low: str) -> bool:
    """'the narrator says', 'callers asked', 'a heckler yelled': the -er / -or noun of a verb of
    speaking is the person who speaks (PolNeAR train: narrators, callers, speakers, questioners
    among the doubted speakers of right speech attributions)."""
    word = _without_plural_s(low)
    for ending in ("er", "or", "r"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and (stem in SPEAKING_AGENT_VERBS or stem + "e" in SPEAKING_AGENT_VERBS):
            return True
    return False


def a_compound_speaker(low: str) -> bool:
    """'a retired neurosurgeon', 'superdelegates', 'his speechwriter': a closed compound whose last
    part is a speaker noun of some length names that kind of person (PolNeAR train: such speakers
    were doubted as no source)."""
    word = _without_plural_s(low)
    return word not in NOT_PERSON_WORDS and any(
        word.endswith(noun) and len(word) > len(noun) + 2 for noun in _LONG_SPEAKER_NOUNS)


def document_noun(tok: Token) -> bool:
    """A document or message a source issued ('the statement', 'a report', 'his testimony'):
    the guideline lets it be the source ('the statement said'). The word as written is tried
    too: the list names some in the plural only ('his remarks indicated …', lemma 'remark')."""
    return tok.pos_ == "NOUN" and (tok.lemma_.lower() in DOCUMENT_NOUNS or tok.lower_ in DOCUMENT_NOUNS)


def can_speak(st: QuoteState, tok: Token) -> bool:
    """Whether the mention headed by ``tok`` can be a source: a PERSON / ORG / NORP / GPE
    entity, a name or pronoun (resolved elsewhere), or a common noun for people, an
    institution or a document. 'cells', 'data', 'the caption', 'the process' cannot."""
    ent = st.ent_by_tok.get(tok.i)
    if ent is not None and ent.label in SPEAKING_LABELS:
        return True
    if tok.pos_ != "NOUN" or named_by_according_to(tok):
        return True  # a name the model did not tag, a pronoun, a quantifier ('Both'), an 'according to' source
    if an_event_between_people(tok):
        return False
    return (person_or_institution_noun(tok.lemma_) or person_or_institution_noun(tok.text) or document_noun(tok)
            or compounded_source(tok))


def named_by_according_to(tok: Token) -> bool:
    """'according to a tally by the AP', 'according to state business records', 'according to
    exit polling data': what 'according to' names is where the words come from, and a count, a
    record or a data set someone published is such a source (ATTRIBUTION-GUIDELINE §1; chosen-on
    gold: 'according to data from …', 'one estimate', 'evidence presented at trial'). PolNeAR
    train: 62 of 69 such doubted speech attributions were gold."""
    to = tok.head
    return (tok.dep_ == "pobj" and to.lower_ == "to" and to.head.lower_ == "according"
            and tok.lemma_.lower() not in ACCORDANCE_NOUNS and tok.lower_ not in ACCORDANCE_NOUNS
            and not a_reference_text(tok))


def a_reference_text(tok: Token) -> bool:
    """'according to the constitution / the rules / legend / the map': a rule's text or a work of
    reference (``REFERENCE_NOUNS``, singular or plural as written) says what a rule provides or
    what is shown, no source's words."""
    return tok.lemma_.lower() in REFERENCE_NOUNS or _without_plural_s(tok.lower_) in REFERENCE_NOUNS


def resolved_to_a_source(label: str | None) -> bool:
    """'Fields later said she was pushed', 'Trump at the time said …': a surname that is also a
    common word ('fields', 'trump', 'mills'), tagged a noun at the head of a sentence, is a name
    when the mention resolves to a person or body the article names (PolNeAR train: 17 of 20
    such doubted speech attributions were gold; the misses were extents, not speakers)."""
    return label in SPEAKING_LABELS


def an_event_between_people(tok: Token) -> bool:
    """'An exchange of letters suggests …', 'the exchange between the leaders showed …': a
    speaker noun that also names an event is that event with 'of', 'between' or 'with' after it,
    and an event cannot speak ('the exchange said' is a market)."""
    return tok.lemma_.lower() in EVENT_SENSE_SPEAKER_NOUNS and any(
        c.dep_ == "prep" and c.lower_ in ("of", "between", "with") for c in tok.children)


def compounded_source(tok: Token) -> bool:
    """'The company flat-out denied …' parsed with 'out' for head and 'company' its compound: a
    function word tagged a noun is a misparse, and a noun for people or an institution
    compounded to it is the mention's real head ('a campaign appearance', a real head naming an
    event, and 'job cuts', a modifier naming a thing, are no source)."""
    return tok.is_stop and any(c.dep_ == "compound" and c.pos_ == "NOUN" and person_or_institution_noun(c.lemma_)
                               for c in tok.children)


def a_share_of_people(tok: Token) -> bool:
    """'74 percent said …', 'half of voters say …', 'an increasing number of Democrats are warning
    …': a share or count is the people it counts when what follows its 'of' can speak, or when
    nothing does (a poll's respondents: 'Thirty percent said …'); 'half of the budget' cannot,
    nor a share noun that names a thing of its own without its 'of' ('the number suggests …')."""
    word = tok.lower_.split("-")[-1]
    if not (tok.like_num or word in SHARE_NOUNS or tok.lemma_.lower() in SHARE_NOUNS):
        return False
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return not names_a_thing_alone(tok)
    whole = next((c for c in of.children if c.dep_ == "pobj"), None)
    if whole is None:
        return False
    return (whole.pos_ in ("PROPN", "PRON") or whole.ent_type_ in SPEAKING_LABELS or a_share_of_people(whole)
            or person_or_institution_noun(whole.lemma_) or person_or_institution_noun(whole.text))


def names_a_thing_alone(tok: Token) -> bool:
    """'The number suggests …', 'the third quarter showed …': without its 'of', a share noun that
    also names a figure, a stake or a period is that thing, not a poll's respondents, unless a
    'who' clause says it counts people ('the number who said they …')."""
    if tok.lower_ not in SHARE_NOUNS_NEEDING_OF and tok.lemma_.lower() not in SHARE_NOUNS_NEEDING_OF:
        return False
    return not any(c.dep_ == "relcl" and any(w.lower_ == "who" for w in c.children) for c in tok.children)


def a_name_as_written(tok: Token) -> bool:
    """'Wealth-X says its business has tripled', "D'Souza argued …": a word capitalised inside a
    sentence that is not itself written in title case (a headline's 'Mayor Says Bridge Will
    Reopen') and with no determiner of its own is a name the tagger took for a common noun."""
    if tok.is_sent_start or not tok.text[:1].isupper() or tok.text.isupper() or determined(tok):
        return False
    words = [t for t in tok.sent if t.is_alpha]
    return sum(t.text[:1].isupper() for t in words) * 2 < len(words)


def determined(tok: Token) -> bool:
    """'the Internet suggested …', 'this Christmas shows …': a capitalised noun right after its
    own determiner is a thing's name or a common noun, no person's or firm's name as written
    ('the startup Brightline' has its determiner on the role before the name)."""
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    return before is not None and before.dep_ == "det" and before.head.i == tok.i


def stands_for_people(tok: Token) -> bool:
    """A speaker head no noun class names that still stands for people: a share of them or a name
    (``a_share_of_people``, ``a_name_as_written``); the doubt rules on a speaker that cannot speak
    let it pass."""
    return a_share_of_people(tok) or a_name_as_written(tok)


def mention_can_speak(st: QuoteState, heads: list[Token]) -> bool:
    """'Businesses and residents said': a conjoined mention speaks when one of its heads can, or
    stands for people ('Thirty percent said')."""
    return any(can_speak(st, tok) or stands_for_people(tok) for tok in heads)


def document_owner(st: QuoteState, tok: Token) -> Token | None:
    """'a report from Kotak Institutional Equities', "Cooke's earlier testimony", 'a letter by
    the mayor': the author of a document mention (a name or a noun that can speak), else None."""
    if not document_noun(tok):
        return None
    for child in tok.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN") and owner_can_speak(st, child):
            return child
        # 'a letter by the mayor'; 'an email sent by chairman Marcelo Claure'
        preps = [child] if child.dep_ == "prep" else [g for g in child.children if g.dep_ == "agent"] \
            if child.dep_ == "acl" and child.tag_ == "VBN" else []
        for prep in preps:
            if prep.lower_ not in OWNER_PREPS:
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and owner_can_speak(st, pobj) and not document_noun(pobj):
                    return pobj
    return author_in_relative_clause(st, tok) or detached_possessor(st, tok)


def author_in_relative_clause(st: QuoteState, tok: Token) -> Token | None:
    """'according to a document Matthesen prepared for her lawyers', 'a letter the mayor sent':
    the subject of a relative clause of making or sending the document (the document is its
    object: the clause has none of its own) wrote it."""
    for clause in tok.children:
        if clause.dep_ != "relcl" or clause.lemma_.lower() not in AUTHORING_VERBS:
            continue
        if any(c.dep_ == "dobj" and c.tag_ not in ("WDT", "WP") for c in clause.children):
            return None  # 'a report that Smith sent the board': the clause has an object of its own
        subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ in ("PROPN", "NOUN") and owner_can_speak(st, subj):
            return subj
    return None


def detached_possessor(st: QuoteState, tok: Token) -> Token | None:
    """"referred to Cooke's earlier testimony": spaCy may make 'Cooke' the preposition's
    object and hang the document noun apart; the name whose "'s" stands right before the
    noun phrase still owns it."""
    prev = tok.left_edge.i - 1
    if prev < 1 or st.doc[prev].dep_ != "case" or st.doc[prev].lower_ not in ("'s", "’s", "'", "’"):
        return None
    owner = st.doc[prev].head
    if owner.i != prev - 1 or owner.pos_ not in ("PROPN", "NOUN") or not owner_can_speak(st, owner):
        return None
    return owner


def owner_can_speak(st: QuoteState, tok: Token) -> bool:
    """A document's author must be a named source or a noun for people or an institution
    ("the company's statement"; not 'a report of the crash', 'the day's statement')."""
    ent = st.ent_by_tok.get(tok.i)
    if ent is not None:
        return ent.label in SPEAKING_LABELS
    if tok.pos_ == "PROPN":
        return True
    return tok.pos_ == "NOUN" and person_or_institution_noun(tok.lemma_)


def org_of_kind(st: QuoteState, head: Token) -> Entity | None:
    """'the utility said' when the article names one organisation as a utility (an appositive
    or a title word before its name: 'PG&E, the utility', 'the space agency NASA'), as
    ``people.role_person`` does for 'the judge': that organisation."""
    if head.pos_ != "NOUN" or head.tag_ != "NN" or head.lemma_.lower() not in ORG_KIND_NOUNS:
        return None
    if any(c.dep_ in ("poss", "compound", "prep", "amod") for c in head.children):
        return None  # 'the company's agency', 'a rival company', 'the agency in Texas': another
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    kinds = org_kinds(st, head.idx)
    holders = kinds.get(head.lemma_.lower(), [])
    return holders[0] if len(holders) == 1 else None


def org_kinds(st: QuoteState, before: int | None = None) -> dict[str, list[Entity]]:
    """kind noun -> the distinct organisations the article gives that kind, from an appositive
    ('PG&E, the utility' / 'the utility, PG&E') or a noun compound before the name ('the
    space agency NASA'); with ``before``, only kinds given before that offset: 'the company'
    points back to a company already named, not to 'investment company SoftBank' further on."""
    orgs = (e for e in st.entities if e.label == "ORG" and (before is None or e.start < before))
    return holders_by_noun(orgs, lambda ent: kinds_of(st, ent))


def holders_by_noun(ents: Iterable[Entity],
                    nouns_of: Callable[[Entity], Iterable[str]]) -> dict[str, list[Entity]]:
    """noun -> the distinct entities (by key, in the article's order) ``nouns_of`` gives it: the
    holders of a role or kind, which 'the spokeswoman' or 'the company' points back to."""
    out: dict[str, list[Entity]] = {}
    for ent in ents:
        for noun in nouns_of(ent):
            holders = out.setdefault(noun, [])
            if all(h.key != ent.key for h in holders):
                holders.append(ent)
    return out


def kinds_of(st: QuoteState, ent: Entity) -> set[str]:
    """The kind nouns written with one organisation mention (see :func:`org_kinds`)."""
    head = st.doc[st.ix.token_at(ent.end - 1)]
    found: set[str] = set()
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        found.add(head.head.lemma_.lower())
    found.update(c.lemma_.lower() for c in head.rights if c.dep_ == "appos" and c.pos_ == "NOUN")
    first = st.doc[st.ix.token_at(ent.start)]
    if first.i > 0 and (prev := st.doc[first.i - 1]).pos_ == "NOUN" and prev.i not in st.ent_by_tok:
        found.add(prev.lemma_.lower())
    return found & ORG_KIND_NOUNS
