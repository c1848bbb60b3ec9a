"""Edges of a reported clause that the parse puts in the wrong place: a word or phrase the
parser hangs on the cue that belongs to the content (a lead-in before a closing tag, a second
gerund of the object, the reported clause's second half, a reason or past event after it), and
one it hangs on the content that is the writer's or the cue's (a sentence-opening conjunction,
a '— which' comment, a first-person aside, the medium spoken in).

Why apart: ``clause_extent`` widens and cuts the content of every frame and is near its size
limit; these rules came from the real-world chosen-on sets' extent errors (issue 17) and each
moves one edge for one shape of sentence.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .clause_runs import answers_the_negation
from .lexicon import (
    CLOSE_DOUBLE,
    OPENING_CONJUNCTIONS,
    PARTICIPLE_SPEECH,
    SOURCE_NOUNS,
    SPEECH_LEMMAS,
)
from .word_lists import HEARSAY_ADVERBS, MEDIUM_NOUNS


def without_opening_conjunction(doc: Doc, s_tok: int, e_tok: int) -> int:
    """'But the new terminal will not open before spring, the director said', 'And the harvest was
    the smallest in a decade, according to the union': a conjunction opening the sentence ties it to the writer's sentence before,
    so it is the writer's link, not part of the reported proposition (ATTRIBUTION-GUIDELINE §3)."""
    first = doc[s_tok]
    if e_tok - s_tok < 1 or first.i != first.sent.start or first.lower_ not in OPENING_CONJUNCTIONS:
        return s_tok
    if first.dep_ != "cc" and not (first.dep_ in ("advmod", "mark", "dep") and first.head.pos_ in ("VERB", "AUX")):
        return s_tok  # 'So far, …', 'So many people …': the word belongs to the phrase it opens
    s_tok += 1
    while s_tok < e_tok and (doc[s_tok].is_punct or doc[s_tok].is_space):
        s_tok += 1
    return s_tok


#: dependencies of an adverbial opening the sentence ('During a search of the boat, …')
_LEAD_IN_DEPS = frozenset({"prep", "advcl", "npadvmod"})


def with_lead_in(cue: Token, s_tok: int) -> int:
    """'During a search of the boat, investigators located …, Perez said': the parser hangs
    the sentence's opening adverbial on the closing tag's verb, yet it sets the scene of the
    reported clause before the tag, which is the content (ATTRIBUTION-GUIDELINE §3: 'Y, X said'
    -> Y, its full clause); not a source or medium phrase ('In a statement, …')."""
    doc = cue.doc
    if s_tok < 2 or doc[s_tok - 1].text != ",":
        return s_tok
    for child in cue.lefts:
        if (child.dep_ in _LEAD_IN_DEPS and child.right_edge.i == s_tok - 2
                and child.left_edge.i == without_opening_conjunction(doc, cue.sent.start, child.right_edge.i)
                and child.right_edge.i > child.left_edge.i and not _names_a_source(child)):
            return child.left_edge.i
    return s_tok


def _names_a_source(phrase: Token) -> bool:
    """'In a statement, …', 'According to …', 'Speaking to reporters, …': a lead-in that says
    where or how the source spoke is the tag's own, not the content's."""
    if phrase.lower_ in ("according", "per") or phrase.lemma_.lower() in SPEECH_LEMMAS:
        return True
    return any(t.lemma_.lower() in SOURCE_NOUNS or t.lemma_.lower() in MEDIUM_NOUNS for t in phrase.subtree)


def dash_comment(doc: Doc, i: int) -> bool:
    """'says ten hours is what buyers can expect — which is two hours more than …': a dash and 'which'
    open the writer's comment on the whole reported clause, not more of it."""
    return doc[i].text in ("—", "–", "--") and i + 1 < len(doc) and doc[i + 1].lower_ == "which"


def writers_own_clause(word: Token) -> Token | None:
    """'… will keep its 6-inch screen, although given the source, we would not rule out a larger
    one': a clause joined after a comma whose subject is 'we' / 'I' outside quote marks is the
    writer speaking (reported speech puts the source's own 'I' into the third person)."""
    clause = word
    while clause.head.i != clause.i and clause.head.left_edge.i == word.i:
        clause = clause.head
    if clause.left_edge.i != word.i or clause.dep_ not in ("conj", "advcl"):
        return None
    if any(t.is_quote for t in clause.subtree):
        return None
    first_person = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("we", "i") for c in clause.children)
    return clause if first_person else None


def before_the_cues_medium(comp: Token, e_tok: int) -> int:
    """'announced that she was leaving the band in a video on Sunday', 'said he would resign in a
    statement': a medium phrase ending the clause, hung by the parser on a verb that
    is no act of speech, tells where the source spoke, not what; on a speech verb ('said he had
    announced it in a letter') it is part of the reported act."""
    if comp.lemma_.lower() in SPEECH_LEMMAS or comp.lemma_.lower() in PARTICIPLE_SPEECH:
        return e_tok
    for prep in comp.rights:
        later = [c for c in comp.rights if c.i > prep.i]
        if (prep.dep_ == "prep" and prep.lower_ in ("in", "on", "via", "during")
                and max([prep.right_edge.i] + [c.right_edge.i for c in later]) >= e_tok
                and all(c.dep_ in ("prep", "npadvmod", "advmod", "punct") for c in later)
                and prep.i > comp.i and any(_a_new_medium(c) for c in prep.children)):
            end = prep.i - 1
            while end > comp.i and (comp.doc[end].is_punct or comp.doc[end].is_space):
                end -= 1
            return end
    return e_tok


def _a_new_medium(pobj: Token) -> bool:
    """'in a statement', 'in a video': one medium, newly named, is the cue's; 'on the budget
    speech', 'in online posts' name a thing the reported clause itself is about."""
    return pobj.dep_ == "pobj" and pobj.lemma_.lower() in MEDIUM_NOUNS and pobj.tag_ == "NN" and any(
        c.dep_ == "det" and c.lower_ in ("a", "an") for c in pobj.children)


def with_gerund_conjunct(cue: Token, e_tok: int) -> int:
    """'admitted to speeding through the village, and leaving the scene …', 'accused the council of
    neglect and wasting its reserves': the parser hangs the second gerund of the
    preposition's object on the cue; with no subject of its own it is more of the same object
    (the cue's own next act would be a finite verb, 'admitted it and left', or a speech verb of
    its own, 'pointing to his record and saying that …')."""
    doc = cue.doc
    for conj in cue.rights:
        if conj.dep_ != "conj" or conj.tag_ != "VBG" or conj.i <= e_tok:
            continue
        between = doc[e_tok + 1:conj.i]
        if (any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children) or conj.lemma_.lower() in PARTICIPLE_SPEECH
                or not any(t.dep_ == "cc" for t in between) or not all(t.dep_ in ("cc", "punct") for t in between)):
            return e_tok
        return conj.right_edge.i
    return e_tok


def hearsay_relative(rel: Token) -> bool:
    """'… had been contacted by the attorney general's office, which will reportedly focus on …':
    a relative clause the writer marks as hearsay ('reportedly', 'allegedly') is the writer's
    note from another source, not part of what the speaker said."""
    return any(c.dep_ == "advmod" and c.lower_ in HEARSAY_ADVERBS for c in rel.children)


def with_nested_report(cue: Token, comp: Token, e_tok: int) -> int:
    """'says he was arrested a block away after employees of a store said he tried to steal a
    ladder': the parser makes the nested report's verb a second clause of the cue and loses its
    subject (the noun just before it); a nested report stays inside the outer content
    (ATTRIBUTION-GUIDELINE §2: both are annotated)."""
    for sib in cue.rights:
        if (sib.dep_ == "ccomp" and sib.i > comp.i and sib.left_edge.i == e_tok + 1 and sib.lemma_.lower() in SPEECH_LEMMAS
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in sib.children)):
            return sib.right_edge.i
    return e_tok


#: auxiliaries that mark a clause as shifted back into the reported time ('had been made
#: clear', 'would resume'), which a verb coordinated with the cue itself does not take
_BACKSHIFT_AUX = frozenset({"had", "would", "could", "might", "should", "'d"})


def with_coordinated_clause(cue: Token, comp: Token, e_tok: int) -> int:
    """'The agency reports 28 people were quarantined, and displayed no symptoms', 'explained the
    evidence was credible, but after more inquiries it had been made clear that …': the parser
    hangs the reported clause's second half on the cue; a verb in another tense than the cue's
    (or backshifted with 'had' / 'would') cannot be the cue's own next act, so it is more of what
    was said (ATTRIBUTION-GUIDELINE §3: the full reported proposition)."""
    doc = cue.doc
    for conj in cue.rights:
        if conj.dep_ != "conj" or conj.i <= e_tok or conj.pos_ not in ("VERB", "AUX"):
            continue
        between = [t for t in doc[e_tok + 1:conj.left_edge.i] if t.head.i == cue.i or t.head.i == conj.i]
        if (len(between) != conj.left_edge.i - e_tok - 1 or not any(t.dep_ == "cc" for t in between)
                or conj.lemma_.lower() in SPEECH_LEMMAS
                or not (_shifted_from(cue, comp, conj) or answers_the_negation(comp, conj))):
            return e_tok
        return conj.right_edge.i
    return e_tok


def _shifted_from(cue: Token, comp: Token, verb: Token) -> bool:
    """Whether ``verb`` is backshifted with a past perfect or modal auxiliary ('had been made',
    'would resume'), or shares the reported clause's tense where that differs from the cue's
    ('reports … were quarantined, and displayed'; not 'says the budget is balanced, and thanked')."""
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _BACKSHIFT_AUX for c in verb.children):
        return True
    tenses = [_finite_tag(t) for t in (cue, comp, verb)]
    if not all(t in ("VBD", "VBZ", "VBP") for t in tenses):
        return False
    cue_past, comp_past, verb_past = (t == "VBD" for t in tenses)
    return verb_past == comp_past != cue_past


def _finite_tag(verb: Token) -> str:
    """The tag of the word carrying a verb's tense: its first auxiliary, else the verb."""
    aux = [c for c in verb.lefts if c.dep_ in ("aux", "auxpass")]
    return aux[0].tag_ if aux else verb.tag_


def with_hanging_adjunct(cue: Token, e_tok: int) -> int:
    """'says the road was closed, because ice had formed overnight', 'have confirmed a third case
    has been reported, after two people caught it last week': the parser hangs a clause after the
    reported clause on the cue; a reason is the source's explanation, and a finite past-tense
    clause cannot date a present or present-perfect cue, so either is more of what was said."""
    doc = cue.doc
    for adv in cue.rights:
        if adv.dep_ != "advcl" or adv.left_edge.i <= e_tok:
            continue
        mark = next((c for c in adv.children if c.dep_ == "mark"), None)
        if (mark is None or mark.i != adv.left_edge.i or any(t.text != "," for t in doc[e_tok + 1:mark.i])
                or not any(c.dep_ in ("nsubj", "nsubjpass") for c in adv.children)
                or adv.lemma_.lower() in SPEECH_LEMMAS):
            return e_tok
        if mark.lower_ == "because" or (_finite_tag(adv) == "VBD" and _present_tense(cue)):
            return adv.right_edge.i
        return e_tok
    return e_tok


def _present_tense(verb: Token) -> bool:
    """A verb in the present ('says') or present perfect ('have confirmed')."""
    return _finite_tag(verb) in ("VBZ", "VBP")


def with_grounds(cue: Token, e_tok: int) -> int:
    """'charged the mayor with fraud by forging the signatures', 'accused the club of negligence
    because it ignored the warnings': the parser hangs the act or reason the charge rests on on
    the cue; it is what the accusers say was done, so part of the accusation (the reason of
    'blasted X for Y' already is)."""
    for child in cue.rights:
        if child.i <= e_tok:
            continue
        if child.left_edge.i != e_tok + 1 or not _grounds(child):
            return e_tok
        return child.right_edge.i
    return e_tok


def _grounds(child: Token) -> bool:
    """'by forging …' (a means with a gerund) or 'because it ignored …' (a reason with a subject)."""
    if child.dep_ == "prep" and child.lower_ == "by":
        return any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in child.children)
    return child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "because" for c in child.children) and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in child.children)


#: a closing mark as its own token (straight and doubled-apostrophe ones included)
_CLOSING_MARKS = frozenset({*CLOSE_DOUBLE, '"', "''", "’", "'"})


def closes_quote_before_participle(doc: Doc, i: int) -> bool:
    """'told Newsmax that the governor “had a costly policy,” adding, “…”': in the American style
    the comma sits inside the closing mark, so the participle that is speech of its own comes
    after the mark, not right after the comma."""
    return (i + 2 < len(doc) and doc[i + 1].is_quote and doc[i + 1].text in _CLOSING_MARKS
            and doc[i + 2].tag_ == "VBG")
