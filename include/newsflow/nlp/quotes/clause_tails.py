"""Where a reported clause's right edge takes in the writer's material after it: a conjunction
left dangling when the parser hangs the next clause on the cue ('said the mayor is honest, and
three-quarters said …'), and an appositive gloss the writer adds to the clause's last name ('vowed
to repeal the Hyde Amendment, a federal provision that …', '… — a message that has not been heeded').

Why apart: ``clause_extent``, ``clause_edges`` and ``clause_runs`` are near their size limit; these
rules came from PolNeAR train content extents run too long (issue 17, sixth round).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .lexicon import SPEECH_LEMMAS
from .syntax import last_word

#: coordinating conjunctions that cannot end a proposition
_COORDINATORS = frozenset({"and", "but", "or", "nor"})

#: punctuation that sets off a trailing appositive
_GLOSS_MARKS = frozenset({",", "—", "–", "--"})


def without_dangling_conjunction(doc: Doc, s_tok: int, e_tok: int) -> int:
    """'said the mayor is honest, and three-quarters said …': when the parser hangs the next clause
    on the cue it leaves the conjunction on the first one; a proposition cannot end in 'and', so the
    conjunction is the writer's link to what comes next (ATTRIBUTION-GUIDELINE §3)."""
    end = e_tok
    while end > s_tok + 1 and doc[end].lower_ in _COORDINATORS and doc[end].dep_ == "cc":
        end = last_word(doc, s_tok, end - 1)
    return end


def before_writers_gloss(doc: Doc, s_tok: int, e_tok: int) -> int:
    """'has vowed to repeal the Parking Act, a city law that limits street parking', 'said the group
    would march on city hall — a message that has not been heeded': an indefinite noun with a
    relative clause of its own, set off at the content's end after a name or the whole clause, is the
    writer's gloss for the reader, not what the source said (the source knows what the Act is)."""
    for i in range(s_tok + 2, e_tok - 1):
        if doc[i].text not in _GLOSS_MARKS or doc[i + 1].lower_ not in ("a", "an"):
            continue
        noun = doc[i + 1].head
        if noun.left_edge.i != i + 1 or noun.right_edge.i < e_tok:
            continue
        glosses_name = noun.dep_ == "appos" and noun.head.pos_ == "PROPN" and noun.head.i == i - 1
        sums_up = noun.dep_ in ("npadvmod", "appos") and doc[i].text != "," and noun.head.pos_ in ("VERB", "AUX")
        if (glosses_name or sums_up) and any(c.dep_ in ("relcl", "acl") for c in noun.children):
            return last_word(doc, s_tok, i - 1)
    return e_tok


def another_sources_report(clause: Token) -> bool:
    """'said they were worried about the economy, and more than 4 in 10 said the senator …': a
    clause joined to the reported one whose verb is a speech verb with a subject of its own is
    another source's statement, not more of the first (ATTRIBUTION-GUIDELINE §3: two cues); one opened
    by its own 'that' ('…, and that doctors said …') is a second complement of the same cue."""
    return (clause.lemma_.lower() in SPEECH_LEMMAS and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
            and not any(c.dep_ == "mark" for c in clause.children))


#: personal pronouns that can take up the speaker in the writer's narration
_SPEAKER_PRONOUNS = frozenset({"he", "she", "they"})


def before_speakers_moment(cue: Token, comp: Token, e_tok: int) -> int:
    """'told lawmakers it was his duty to report the call, as he deflected attacks', 'says he is excited
    about the race as he faces a crucial test': an 'as' clause at the end whose subject is a pronoun for
    the speaker is the writer's narration of the moment of speaking, not part of what was said."""
    doc = cue.doc
    for adv in comp.rights:
        mark = next((c for c in adv.children if c.dep_ == "mark" and c.lower_ == "as"), None)
        if adv.dep_ != "advcl" or mark is None or mark.i != adv.left_edge.i or adv.right_edge.i < e_tok:
            continue
        subj = next((c for c in adv.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ not in _SPEAKER_PRONOUNS or not _takes_up_the_speaker(cue, comp, subj):
            continue
        return last_word(doc, comp.left_edge.i, mark.i - 1)
    return e_tok


def _takes_up_the_speaker(cue: Token, comp: Token, pronoun: Token) -> bool:
    """Whether ``pronoun`` can only be the cue's subject: it is that pronoun or a noun for it, and the
    reported clause has no person and no noun subject it could stand for."""
    speaker = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.lower_ in ("it", "i", "we", "you"):
        return False
    if speaker.pos_ == "PRON" and speaker.lower_ != pronoun.lower_:
        return False
    return not any(t.ent_type_ == "PERSON" or t.lower_ in _SPEAKER_PRONOUNS - {pronoun.lower_}
                   or t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")
                   for t in comp.subtree if t.i < pronoun.i)


def with_bare_infinitive_conjuncts(cue: Token, comp: Token, e_tok: int) -> int:
    """'pledged to enact judicial reform, fix the campaign finance system and create jobs': the parser
    hangs the later bare infinitives on the cue, yet a past or third-person cue's own next act would
    not be a bare 'fix'; they go on the 'to' list of what was pledged (ATTRIBUTION-GUIDELINE §3)."""
    doc = cue.doc
    if (comp.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children)
            or _finite_tag(cue) not in ("VBD", "VBZ", "VBN", "VBG")):
        return e_tok
    for conj in cue.rights:
        if conj.dep_ != "conj" or conj.i <= e_tok:
            continue
        if (conj.tag_ != "VB" or any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in conj.children)
                or not all(t.is_punct or t.dep_ == "cc" for t in doc[e_tok + 1:conj.left_edge.i])):
            return e_tok
        return _before_own_subject_clause(conj)
    return e_tok


def _before_own_subject_clause(verb: Token) -> int:
    """The end of ``verb``'s phrase, before a later clause joined to it with a subject of its own
    ('… fix the system and he, once again, pledged …': the writer's next sentence)."""
    doc = verb.doc
    for t in verb.subtree:
        if t.i > verb.i and t.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            end = t.left_edge.i - 1
            while end > verb.i and (doc[end].dep_ == "cc" or doc[end].is_punct):
                end -= 1
            return end
    return verb.right_edge.i


def _finite_tag(verb: Token) -> str:
    """The tag of the word carrying a verb's tense: its first auxiliary, else the verb."""
    aux = [c for c in verb.lefts if c.dep_ in ("aux", "auxpass")]
    return aux[0].tag_ if aux else verb.tag_


#: auxiliaries that open a condition by inversion ('should the chance arise', 'had he known')
_INVERTED_CONDITION_AUX = frozenset({"should", "had", "were"})


def with_inverted_condition(cue: Token, e_tok: int) -> int:
    """'said he would be honored to serve should the opportunity present itself': a condition opened
    by an inverted 'should' / 'had' / 'were' limits the reported clause before it, so it is part of
    what was said; the parser hangs it on the cue as a clause of its own."""
    doc = cue.doc
    if e_tok + 3 >= len(doc) or doc[e_tok + 1].lower_ not in _INVERTED_CONDITION_AUX:
        return e_tok
    verb = doc[e_tok + 1].head
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if (verb.head.i != cue.i or verb.dep_ not in ("ccomp", "advcl") or subj is None
            or not e_tok + 1 < subj.i < verb.i or verb.left_edge.i != e_tok + 1):
        return e_tok
    return last_word(doc, e_tok, verb.right_edge.i)
