"""Complements a reporting verb's frame picks that hold no content (issue 17, fresh5 errors):
the feeling an 'express' names, an infinitive of purpose, the result of 'so many … that'.

Why apart from ``verb_frames``: each reads only the cue and the complement its frame chose,
and that module is near its size limit; ``indirect`` asks these before building a candidate.
"""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import SPEECH_LEMMAS
from .sources import person_or_institution_noun
from .word_lists import FEELING_CUES

#: entity labels of what can be spoken to
_ADDRESSABLE_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def addressable(tok: Token) -> bool:
    """A name, a personal pronoun or a noun for people or an institution: someone who can be
    asked something, or cited as a source ('citing the regional health commission')."""
    return (tok.pos_ == "PROPN" or (tok.pos_ == "PRON" and tok.lower_ != "it")
            or tok.ent_type_ in _ADDRESSABLE_ENTS or person_or_institution_noun(tok.lemma_))


def feeling_without_content(lemma: str, comp: Token) -> bool:
    """'lawmakers expressed outrage over the breakdown', 'voiced concern about delays': a feeling
    voiced with no clause of what was said is no attribution (ATTRIBUTION-GUIDELINE H6);
    'expressed hope that …' keeps its clause."""
    return (lemma in FEELING_CUES and comp.dep_ == "dobj" and comp.pos_ in ("NOUN", "PROPN")
            and not any(t.dep_ in ("nsubj", "nsubjpass", "ccomp") or t.tag_ == "TO" for t in comp.subtree))


def purpose_infinitive(tok: Token, comp: Token) -> bool:
    """'campaigns have been pressing the boundaries to get attention', 'promised the money to
    repair roads': an infinitive after an object that is a thing, not someone who could be
    asked, says what the act was for; a request names its addressee ('pressed officials to act')."""
    if comp.dep_ != "advcl" or comp.head.i != tok.i or comp.tag_ != "VB":
        return False
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in comp.children):
        return False
    objects = [c for c in tok.children if c.dep_ == "dobj" and c.i < comp.i]
    return bool(objects) and not any(addressable(o) for o in objects)


def degree_word(t: Token) -> bool:
    """'so' before a quantity or quality ('so many', 'so angry'), 'such' before a noun ('such a
    crowd'): the degree a result clause follows from; 'such as' lists examples."""
    if t.lower_ == "so":
        return t.dep_ == "advmod" and t.head.pos_ in ("ADJ", "ADV", "DET") and t.head.i == t.i + 1
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return (t.lower_ == "such" and t.dep_ in ("amod", "predet", "det")
            and nxt is not None and nxt.lower_ != "as")


def result_of_so(tok: Token, comp: Token) -> bool:
    """'So many people were talking about the slogan that it became a top trend': a 'that' clause
    after 'so' / 'such' in the cue's clause, past the cue's own complement, says what followed, not
    what was said ('so many people said that …', the 'that' opening the complement, stays)."""
    subjects = [c for c in tok.lefts if c.dep_ in ("nsubj", "nsubjpass") and c.i != comp.i]
    degree = any(degree_word(t) for c in subjects for t in c.subtree)
    clauses = [comp, *(c for c in tok.children if c.dep_ in ("ccomp", "advcl") and c.i != comp.i)]
    return degree and any(t.lower_ == "that" and t.dep_ == "mark" and t.head.i != comp.i
                          for c in clauses for t in c.subtree)



def known_for_speaking(lemma: str, comp: Token) -> bool:
    """'She was known for telling colleagues that …': a reputation whose content is a speech act
    names no act of its own; the gerund is the cue (its subject the source), not 'known'."""
    return (lemma == "know" and comp.head.lower_ == "for" and comp.tag_ == "VBG"
            and comp.lemma_.lower() in SPEECH_LEMMAS)
