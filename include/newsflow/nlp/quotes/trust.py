"""Trust: named rules for what a reader of "who said what" should not take as speech.

They never remove a candidate (PolNeAR counts many of them, and recall matters there). A belief,
want or finding ("experts believe …", "a study found …") becomes kind `stance`, shown apart from
speech; a doubtful attribution keeps its kind with its confidence capped at DOUBTFUL, below any
threshold a user filters at. Chosen on the real-world selection half (tests/data/realworld);
PolNeAR's all-prediction content scores are unchanged by construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..doctext import doc_text
from .lexicon import (
    DOCUMENT_NOUNS,
    EVIDENCE_NOUNS,
    FIRST_PERSON_WORDS,
    READER_PRONOUNS,
    SPEAKER_PRONOUNS,
    SUBJECT_PRONOUNS,
)
from .marks import inside_a_quotation
from .not_speech import EVALUATIVE_CUES, NOUN_PHRASE_CUES
from .records import Quote
from .scores import DOUBTFUL
from .sources import (
    PERSONAL_RELATIVES,
    SPEAKING_LABELS,
    a_reference_text,
    person_or_institution_noun,
)
from .syntax import content_span, cue_head, speaker_span
from .unlikely import DOUBTS as PARSE_DOUBTS
from .word_lists import DEMAND_OR_ADMISSION_FRAMES, STANCE_CUE_LEMMAS

__all__ = ["DOUBTFUL", "apply_doubts", "apply_trust", "is_stance"]


#: Words that are not a source on their own: relative, demonstrative, expletive, articles.
_NOT_A_SOURCE = frozenset({"that", "which", "this", "these", "those", "it", "who", "whom", "what",
                           "there", "here", "one", "a", "an", "the", ""})


def _word_forms(lemma: str) -> set[str]:
    """The forms a cue is written in ('deny' -> denies, denied, denying)."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms | _IRREGULAR.get(lemma, set())


#: the irregular forms of NOUN_PHRASE_CUES (without them 'said' and 'told' were not speech cues
#: here, and every short reported clause after them was doubted: 'says the man died')
_IRREGULAR = {"say": {"said"}, "tell": {"told"}, "write": {"wrote", "written"},
              "admit": {"admitted", "admitting"}, "rebut": {"rebutted", "rebutting"}}


#: Cues that take a bare noun phrase as what was communicated ("denied the allegations"),
#: as written: the same verbs the indirect pass keeps such an object for.
_NOUN_PHRASE_CUES = frozenset(f for lemma in NOUN_PHRASE_CUES for f in _word_forms(lemma))
_WORD = re.compile(r"\w+")


def addressed_to_the_reader(q: Quote, text: str) -> bool:
    """'you' is the author talking to the reader (how-to pieces, reviews), not a source."""
    return (q.speaker_text or "").strip().lower() in READER_PRONOUNS or (q.speaker or "").strip().lower() in READER_PRONOUNS


def the_author_speaking(q: Quote, text: str) -> bool:
    """'Prior to September, I would have said Wi-Fi 6 was too new', 'we estimate that …': a
    first-person source outside any quotation is the writer (real-world selection and study
    sets: 10 such speech attributions, none right); inside one it is the quoted speaker ('"I
    told him …," she said')."""
    written = (q.speaker_text or "").strip()
    if q.kind == "direct" or written == "US" or written.lower() not in FIRST_PERSON_WORDS:
        return False
    at = q.cue_start if q.cue_start is not None else q.speaker_start
    return at is not None and not inside_a_quotation(text, at)


def speaker_is_not_a_source(q: Quote, text: str) -> bool:
    """An empty, relative or demonstrative speaker left unresolved ('That', 'which')."""
    if q.kind == "direct":
        return False
    speaker = (q.speaker or "").strip()
    if a_described_group(q, text):
        return False
    return speaker.lower() in _NOT_A_SOURCE and not (len(speaker) > 1 and speaker.isupper())  # 'WHO' is an acronym


#: 'one in four voters', 'one in 10 respondents': a ratio of people after 'one'
_ONE_IN_N = re.compile(r"\s+in\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b", re.IGNORECASE)


def a_described_group(q: Quote, text: str) -> bool:
    """'among those who say they will not vote', 'a majority of those who said …', 'One in four
    voters said …': 'those' resolved from a 'who' mention (people, described by the clause: the
    guideline's 'A student who says …') or a ratio 'one in N' is a group of sources, no
    unresolved demonstrative (PolNeAR train: 5 of 9 such doubted speech attributions gold; the
    other four are poll answers of the same shape, 'those who said X', that PolNeAR leaves out)."""
    speaker = (q.speaker or "").strip().lower()
    if speaker not in ("those", "one") or q.speaker_end is None:
        return False
    if (q.speaker_text or "").strip().lower() in PERSONAL_RELATIVES:
        return True
    return speaker == "one" and _ONE_IN_N.match(text, q.speaker_end) is not None


def bare_object_of_a_non_speech_cue(q: Quote, doc: Doc) -> bool:
    """A short noun phrase after a verb that does not report speech ('toured the world supporting
    the likes of X', 'revealed what could be …') is an object, not what someone said; a clause
    ('according to police, the man was armed') is not."""
    if q.kind != "indirect":
        return False
    words = _WORD.findall(doc_text(doc)[q.start:q.end])
    cue = set((q.cue or "").lower().split())
    if len(words) > 4 or cue & _NOUN_PHRASE_CUES:
        return False
    span = content_span(q, doc)
    head = cue_head(q, doc)
    if span is not None and head is not None and says_something_of_its_object(head):
        return False
    return span is None or not any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in span)


def says_something_of_its_object(head: Token) -> bool:
    """'Lexus called the car a concept', 'she described him as tired', 'called for a meeting',
    'confessed to the theft': a cue that characterises its object or demands or admits it
    communicates even with only a noun phrase after it; naming ('everyone called him Mike', a
    name for complement) does not, nor does a passive ('what are called progressive taxes', 'the
    state was called for the senator')."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children):
        return False
    if any(c.dep_ == "oprd" and c.pos_ in ("NOUN", "ADJ") for c in head.children):
        return True
    if described_as(head) and any(c.dep_ == "dobj" for c in head.children):
        return True
    preps = {c.lower_ for c in head.children if c.dep_ == "prep"}
    return any((head.lemma_.lower(), p) in DEMAND_OR_ADMISSION_FRAMES for p in preps)


def no_one_named(q: Quote, text: str) -> bool:
    """'"We will appeal," he said.' with no person 'he' can stand for, or a quotation no frame
    gives a speaker: whoever said it is unknown, and a reader of "who said what" cannot use it
    (ATTRIBUTION-GUIDELINE: a speaker is never a bare pronoun; issue 17: an unresolved pronoun
    stays the mention, with a low confidence rather than a wrong name). Kept, doubted."""
    speaker = (q.speaker or "").strip()
    if (len(speaker) > 1 and speaker.isupper()) or a_described_group(q, text):
        return False  # 'US', 'WHO': a country, an organisation
    return speaker.lower() in SPEAKER_PRONOUNS or speaker.lower() in _NOT_A_SOURCE


DOUBTS: tuple[Callable[[Quote, str], bool], ...] = (
    addressed_to_the_reader, speaker_is_not_a_source, the_author_speaking, no_one_named,
)




def cue_lemma(q: Quote, doc: Doc) -> str | None:
    """The lemma of the cue's head word, when the cue has offsets in the Doc."""
    head = cue_head(q, doc)
    return head.lemma_.lower() if head is not None else None


#: Cues that are a finding when evidence is their subject ('a study suggests', 'the data
#: indicate') and a communication when a person or body is ('members of Congress have
#: suggested that …', 'the senator indicated he would run': ATTRIBUTION-GUIDELINE §1).
EVIDENCE_OR_SPEECH_LEMMAS = frozenset({"suggest", "indicate"})



def said_by_someone(q: Quote) -> bool:
    """Whether the speaker is a person or a body (a name of one, 'he', a noun for people or an
    institution: 'members of Congress', or a document one issued), not evidence ('a study',
    'the data')."""
    if q.speaker_label in SPEAKING_LABELS or (q.speaker_text or "").strip().lower() in SUBJECT_PRONOUNS:
        return True
    head = (q.speaker or "").lower().split(" of ")[0].split()  # 'members of Congress': 'members'
    if not head or q.speaker_label != "ANON" or head[-1] in EVIDENCE_NOUNS:
        return False
    return person_or_institution_noun(head[-1]) or head[-1] in DOCUMENT_NOUNS


def is_stance(q: Quote, doc: Doc) -> bool:
    """Reported thinking, wanting or finding rather than speech ('Rubio wants to …'); 'suggest'
    and 'indicate' only with evidence for their subject."""
    if q.kind not in ("indirect", "mixed"):
        return False
    lemma = cue_lemma(q, doc)
    if lemma in EVIDENCE_OR_SPEECH_LEMMAS and said_by_someone(q):
        return False
    return lemma in STANCE_CUE_LEMMAS


def apply_doubts(quotes: list[Quote], text: str) -> list[Quote]:
    """The quotes, each doubted one with its confidence capped at DOUBTFUL."""
    return [replace(q, confidence=min(q.confidence, DOUBTFUL)) if any(rule(q, text) for rule in DOUBTS) else q
            for q in quotes]


def negated_cue(q: Quote, doc: Doc) -> bool:
    """'it didn't say when the wagon will go on sale', 'did not immediately respond to a request
    for comment', 'never told police that …': a speech act the sentence says did not happen
    reports nothing (fresh set: 3 such speech attributions, none right)."""
    head = cue_head(q, doc)
    return q.kind != "direct" and head is not None and any(c.dep_ == "neg" for c in head.children)


#: Verbs whose bare noun-phrase object is a topic, not what was said (ATTRIBUTION-GUIDELINE §2:
#: 'described (a bare topic with no content)'); 'described X as Y' has content. The second set
#: (issue 17): what one refers, responds or replies to, answers or addresses is what was spoken
#: of ('referred to those comments', 'responded to the allegations', 'answer my questions').
TOPIC_CUE_LEMMAS = frozenset({"describe", "discuss"}) | frozenset({"refer", "respond", "reply", "answer", "address"})


def described_topic(q: Quote, doc: Doc) -> bool:
    """'describing … the horrific details of the "physical fight"', 'discussed the budget': a
    topic, not a proposition (PolNeAR counts some, so doubted, not dropped); a noun phrase with a
    clause inside it is one too ('responding to alerts that do not require action', 'referring
    to the company on whose board he sat')."""
    head = cue_head(q, doc)
    if head is None or head.lemma_.lower() not in TOPIC_CUE_LEMMAS or q.kind == "direct":
        return False
    span = content_span(q, doc)
    if span is None or any(t.lower_ == "as" for t in span) or described_as(head):
        return False
    return span.root.pos_ in ("NOUN", "PROPN", "PRON") or not any(t.pos_ in ("VERB", "AUX") for t in span)


def described_as(head: Token) -> bool:
    """'what the host described as the hardest verdict': a cue with its own 'as' says what its
    object is, even when the object ('what') stands before it, outside the content."""
    return any(c.dep_ == "prep" and c.lower_ == "as" for c in head.children)


def _a_noun_phrase(span: Span) -> bool:
    """Whether a content is a noun phrase (its root a noun or pronoun), not a clause, with no
    quotation in it and no 'X as Y' ('defended the plan as necessary' says something)."""
    return span.root.pos_ in ("NOUN", "PROPN", "PRON") and not any(
        t.lower_ == "as" or t.is_quote for t in span)


def evaluated_object(q: Quote, doc: Doc) -> bool:
    """'defending the state budget approved by Republicans in April', 'touting their
    homegrown technology stacks': an evaluative act with only an object, however long, says
    nothing to mark (ATTRIBUTION-GUIDELINE H3; the short ones were already doubted)."""
    head = cue_head(q, doc)
    if q.kind != "indirect" or head is None or head.lemma_.lower() not in EVALUATIVE_CUES:
        return False
    span = content_span(q, doc)
    return span is not None and _a_noun_phrase(span)


def asked_about_a_topic(q: Quote, doc: Doc) -> bool:
    """'asked Morrison about concerns within the NSC': a question's topic, not what was said
    (ATTRIBUTION-GUIDELINE §2, 'spoke about'); 'asked whether …' and 'asked for …' are kept."""
    head = cue_head(q, doc)
    if q.kind != "indirect" or head is None or head.lemma_.lower() != "ask":
        return False
    span = content_span(q, doc)
    return span is not None and _a_noun_phrase(span) and any(t.lower_ == "about" for t in span)


def a_relative_clause(q: Quote, doc: Doc) -> bool:
    """'the third witness testifying Tuesday who listened in on the call': a content that opens
    with a relative pronoun describes the source; it is not what the source said."""
    span = content_span(q, doc)
    return q.kind == "indirect" and span is not None and span[0].tag_ in ("WP", "WDT", "WP$") \
        and span[0].lower_ in ("who", "which", "whom", "whose") and not an_embedded_question(span[0])


def an_embedded_question(wh: Token) -> bool:
    """'asked whom she supported', 'explained who the boxer was', 'announces who it believes
    deserves the title': a wh-word after no noun, whose clause is no relative clause on one, opens
    the question asked or answered, which is what was said; 'the witness (,) who listened in' is
    a relative clause however it is parsed (PolNeAR train: 12 of 17 such doubted contents gold)."""
    before = wh.doc[wh.i - 1] if wh.i > 0 else None
    if before is not None and before.text == "," and wh.i > 1:
        before = wh.doc[wh.i - 2]
    if before is not None and before.pos_ in ("NOUN", "PROPN"):
        return False
    verb = wh
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ != "relcl"


def according_to_a_rule_text(q: Quote, doc: Doc) -> bool:
    """'According to the constitution, the president must be 35', 'built by a giant, according to
    legend': what 'according to' a rule's text or a work of reference holds is what the rule
    provides or the reference shows; no source communicated it (ATTRIBUTION-GUIDELINE §1: a source
    is a person, a body or a document it issued; 'according to records / a tally' stay)."""
    if not (q.cue or "").lower().startswith("according"):
        return False
    span = speaker_span(q, doc)
    return span is not None and a_reference_text(span.root)


#: Doubts that read the parse.
DOC_DOUBTS: tuple[Callable[[Quote, Doc], bool], ...] = (
    negated_cue, bare_object_of_a_non_speech_cue, described_topic, evaluated_object, asked_about_a_topic,
    a_relative_clause, according_to_a_rule_text, *PARSE_DOUBTS,
)


def apply_trust(quotes: list[Quote], doc: Doc) -> list[Quote]:
    """Stances named as such, then doubts applied: what the quotes component stores."""
    kinded = [replace(q, kind="stance") if is_stance(q, doc) else q for q in quotes]
    doubted = apply_doubts(kinded, doc_text(doc))
    return [replace(q, confidence=min(q.confidence, DOUBTFUL)) if any(rule(q, doc) for rule in DOC_DOUBTS) else q
            for q in doubted]
