"""Where a reported clause runs on past a mark the parser ends it at: a restatement after a colon
('…: that is, …'), a dash-set aside in its middle ('in 2010 – after … – in order to …'), a 'but'
half that answers its negation ('was not worried, but did fear …'), the second half of 'the
sooner …, the better …'; where it starts at the object a relative clause describes ('reported
wait times that exceeded …'); and where it stops before a trailing 'according to X' that names
another source for the same sentence; and where a second ', and that / how …' complement or a plan
noun's 'to' clause is hung on the cue (issue 17, fifth round, PolNeAR train IoU < 0.5 misses).

Why apart: ``clause_extent`` and ``clause_edges`` are near their size limit; these rules came
from the real-world chosen-on sets' extent errors (issue 17, third round).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .lexicon import DIRECTIVE_LEMMAS, SPEAKER_NOUNS, SPEECH_LEMMAS, TO_NOUNS
from .syntax import last_word
from .word_lists import ACTION_NOUNS, FOR_TO_REQUEST_LEMMAS, RESTATEMENT_OPENERS

_DASHES = frozenset({"—", "–", "--"})


def _a_new_report(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens ``[start, end)`` hold a speech verb or a quote mark (another report)."""
    return any(t.lemma_.lower() in SPEECH_LEMMAS or t.is_quote for t in doc[start:end])


def _paragraph_sentence_end(tok: Token) -> int:
    """The end of ``tok``'s sentence, or the paragraph's if a line break comes first (content
    never crosses one)."""
    return next((t.i for t in tok.doc[tok.i:tok.sent.end] if "\n" in t.text), tok.sent.end)


def _restatement_at(doc: Doc, i: int) -> int | None:
    """The index after a restatement opener ('that is', 'in other words') starting at ``i``."""
    for n in (1, 2, 3):
        if i + n <= len(doc) and doc[i:i + n].text.lower() in RESTATEMENT_OPENERS:
            return i + n
    return None


def with_restatement(doc: Doc, e_tok: int) -> int:
    """'have suggested the agency is not using the rocket enough: that is, it relies too much on …':
    a clause opened by 'that is' / 'in other words' after the content's colon (or comma, dash) restates the same
    proposition in the source's terms, so it is more of what was said (ATTRIBUTION-GUIDELINE §3)."""
    if e_tok + 2 >= len(doc) or doc[e_tok + 1].text not in (":", ",", ";", *_DASHES):
        return e_tok
    after = _restatement_at(doc, e_tok + 2)
    end = _paragraph_sentence_end(doc[e_tok])
    if after is None or _a_new_report(doc, after, end):
        return e_tok
    last = last_word(doc, after, end - 1)
    return last if last > after else e_tok


def past_dash_aside(doc: Doc, e_tok: int) -> int:
    """'said he visited the city in 2010 – after the ban was lifted – in order to sign the deal':
    the parser ends the reported clause at the first dash, yet a pair of dashes sets an aside
    inside the clause, which goes on after the second dash to the sentence's end."""
    if e_tok + 1 >= len(doc) or doc[e_tok + 1].text not in _DASHES:
        return e_tok
    end = _paragraph_sentence_end(doc[e_tok])
    close = next((t.i for t in doc[e_tok + 2:end] if t.text in _DASHES), None)
    if close is None or close - e_tok < 3 or doc[e_tok + 2].lower_ in ("which", "who") or _a_new_report(doc, e_tok + 2, end):
        return e_tok
    last = last_word(doc, close + 1, end - 1)
    if last <= close + 1 or doc[close + 1].pos_ in ("CCONJ", "PRON", "PROPN", "DET"):
        return e_tok  # '– …– and the council agreed', '– … – he added': the writer goes on
    return last


def answers_the_negation(comp: Token, conj: Token) -> bool:
    """'said he was not worried about the cost, but he did fear delays': an emphatic 'did' after
    'but' answers the reported clause's own negation, so the two halves are one statement (the
    cue's next act would not need the contrast)."""
    if not any(c.dep_ == "neg" for c in comp.children) or any(c.dep_ == "neg" for c in conj.children):
        return False
    if not any(c.dep_ == "cc" and c.lower_ == "but" and comp.i < c.i < conj.i for c in conj.head.children):
        return False
    return any(c.dep_ == "aux" and c.lemma_.lower() == "do" for c in conj.children)


def according_tail(doc: Doc, i: int, e_tok: int) -> bool:
    """'said it had traced all contacts, according to a report in the local press': a closing
    ', according to X' names where the writer has the sentence from, a source of its own for the
    whole sentence, not part of what the first source said."""
    if doc[i].text != "," or i + 2 > e_tok or doc[i + 1].lower_ != "according" or doc[i + 2].lower_ != "to":
        return False
    return doc[i + 1].right_edge.i >= e_tok


def with_relative_antecedent(cue: Token, comp: Token, s_tok: int) -> int:
    """'questioned the agency's approach that minimizes the rocket's role', 'reported wait times that
    exceeded two hours': the parser makes the object's relative clause the cue's complement and
    leaves the object out; a 'that' / 'which' subject right after a noun is a relative pronoun, and what was
    questioned is the noun with its clause (ATTRIBUTION-GUIDELINE §3: the object noun phrase)."""
    doc = cue.doc
    first = doc[s_tok]
    if (comp.dep_ != "ccomp" or comp.i < cue.i or first.lower_ not in ("that", "which") or first.head.i != comp.i
            or first.dep_ not in ("nsubj", "nsubjpass") or s_tok < cue.i + 2):
        return s_tok
    noun = doc[s_tok - 1]
    objects = [c for c in cue.children if cue.i < c.i < s_tok and c.dep_ in ("dobj", "npadvmod")]
    if noun.pos_ != "NOUN" or noun.lemma_.lower() in SPEAKER_NOUNS or not objects:
        return s_tok  # 'told reporters that was …': the addressee, and 'that' the clause's subject
    start = min(o.left_edge.i for o in objects)
    inside = {t.i for o in objects for t in o.subtree}
    if start != cue.i + 1 or any(i not in inside for i in range(start, s_tok)):
        return s_tok
    return start


def _opens_comparative(doc: Doc, i: int) -> bool:
    """Whether 'the' + a comparative ('the earlier', 'the more') starts at token ``i``."""
    return i + 1 < len(doc) and doc[i].lower_ == "the" and doc[i + 1].tag_ in ("JJR", "RBR")


def with_comparative_half(doc: Doc, s_tok: int, e_tok: int) -> int:
    """'advises the earlier patients seek treatment, the better their chances': in a comparative
    correlative the first half cannot stand alone, so the ', the more …' half after it is part of
    the same proposition (the parser makes it the sentence's main clause)."""
    if not _opens_comparative(doc, s_tok) or e_tok + 3 >= len(doc) or doc[e_tok + 1].text != ",":
        return e_tok
    if not _opens_comparative(doc, e_tok + 2):
        return e_tok
    end = _paragraph_sentence_end(doc[e_tok])
    if _a_new_report(doc, e_tok + 2, end):
        return e_tok
    last = last_word(doc, e_tok + 2, end - 1)
    return last if last > e_tok + 3 else e_tok


#: words that open a second complement clause of the same cue ('…, and that …', '…, and how …')
_COMPLEMENT_OPENERS = frozenset({"that", "how", "whether", "why", "what"})


def with_second_complement(cue: Token, e_tok: int) -> int:
    """'pointed out he had placed second twice, and that polls show him ahead', 'detailed the rising
    costs, and how the town would struggle': a clause opened by its own 'that' or wh-word after
    ', and' (or ', or') is a second complement of the same cue (the parser hangs it on the cue as a conjunct),
    so it is more of what was said (ATTRIBUTION-GUIDELINE §3: the complement clause of the cue)."""
    doc = cue.doc
    for conj in cue.rights:
        if conj.dep_ != "conj" or conj.i <= e_tok or conj.pos_ not in ("VERB", "AUX"):
            continue
        i = e_tok + 1
        while i < conj.i and (doc[i].dep_ == "cc" or doc[i].is_punct):
            i += 1
        opener = doc[i]
        if not any(t.dep_ == "cc" and t.lower_ in ("and", "or") for t in doc[e_tok + 1:i]) or opener.left_edge.i < e_tok:
            return e_tok
        if opener.lower_ not in _COMPLEMENT_OPENERS or (opener.lower_ == "that" and opener.dep_ != "mark"):
            return e_tok
        if opener.head.i != conj.i or _a_new_report(doc, opener.i, conj.i):
            return e_tok
        return conj.right_edge.i
    return e_tok


def with_object_infinitive(cue: Token, obj: Token, e_tok: int) -> int:
    """'defended his call to raise the minimum wage', 'announced steps to tighten gun sales': the
    parser hangs the 'to' clause of a plan or action noun on the cue, yet it says what the call or
    the steps are, so it is part of the object noun phrase (ATTRIBUTION-GUIDELINE §3)."""
    doc = cue.doc
    if e_tok + 2 >= len(doc) or doc[e_tok + 1].lower_ != "to" or cue.lemma_.lower() in DIRECTIVE_LEMMAS:
        return e_tok
    verb = doc[e_tok + 1].head
    if (verb.head.i != cue.i or verb.dep_ not in ("advcl", "xcomp") or verb.tag_ != "VB" or verb.left_edge.i != e_tok + 1
            or verb.lemma_.lower() in SPEECH_LEMMAS):
        return e_tok
    if obj.pos_ != "NOUN" or obj.lemma_.lower() not in TO_NOUNS | ACTION_NOUNS:
        return e_tok  # 'confirmed the layoffs to calm investors': the speaker's purpose, not the object's
    return verb.right_edge.i


def with_for_infinitive(cue: Token, obj: Token, e_tok: int) -> int:
    """'lobbied for the school board to delay the start of classes': the parser hangs the 'to'
    clause of 'for X to Y' on the cue, yet it says what X was asked to do (ATTRIBUTION-GUIDELINE H8)."""
    doc = cue.doc
    if (obj.dep_ != "pobj" or obj.head.lower_ != "for" or obj.head.head.i != cue.i or e_tok + 2 >= len(doc)
            or doc[e_tok + 1].lower_ != "to" or cue.lemma_.lower() not in FOR_TO_REQUEST_LEMMAS):
        return e_tok
    verb = doc[e_tok + 1].head
    if verb.head.i != cue.i or verb.dep_ not in ("advcl", "xcomp") or verb.tag_ != "VB" or verb.left_edge.i != e_tok + 1:
        return e_tok
    return verb.right_edge.i
