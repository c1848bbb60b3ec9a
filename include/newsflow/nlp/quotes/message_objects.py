"""Noun-phrase messages without a clause: the object of a phrasal cue ('ruled out a rate cut'),
the noun a message verb's relative clause hangs on ('the plan the mayor announced') and the 'of'
phrase of a telling verb ('told them of her death', the addressee left out).

Why apart: all three are ATTRIBUTION-GUIDELINE H3 objects (announce / confirm / deny + NP is what
was communicated) that the clause frames of ``indirect`` miss: the phrasal cue's lemma alone has
no object frame, the relative clause's object sits before the cue, and the telling verb's own
object is the addressee (issue 17,
notfound4: among the not-found attributions of the chosen-on sets).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .records import Candidate
from .report_spans import Taken, reported_in_paragraph
from .scores import NOUN_CONTENT
from .state import QuoteState
from .syntax import last_word
from .word_lists import ADDRESSEE_OF_CUES, PHRASAL_MESSAGE_CUES, RELATIVE_MESSAGE_CUES

_RELATIVE_WORDS = frozenset({"which", "that"})


def phrasal_message_object(tok: Token) -> Token | None:
    """'The government has ruled out Taliban involvement': a phrasal cue whose particle makes
    its object the message (a denial), though the verb alone ('ruled that …') takes a clause."""
    lemma = tok.lemma_.lower()
    if not any(c.dep_ == "prt" and (lemma, c.lower_) in PHRASAL_MESSAGE_CUES for c in tok.children):
        return None
    return next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)


def message_in_relative(st: QuoteState, tok: Token, taken: Taken) -> Candidate | None:
    """'its lunar lander, which Bezos announced last year', 'the figure McKinley cited': a
    message verb in a relative clause whose object is the gap; what was announced or cited is
    the noun phrase the clause hangs on, up to the clause (ATTRIBUTION-GUIDELINE §3, H3)."""
    noun = tok.head
    if not _object_gap_relative(tok):
        return None
    first = min(tok.left_edge.i, *(c.left_edge.i for c in tok.children if c.i < tok.i))
    s_tok, e_tok = noun.left_edge.i, first - 1
    doc = st.doc
    e_tok = last_word(doc, s_tok, e_tok)
    if e_tok - s_tok < 1 or _clause_between(doc[noun.i + 1:first]):
        return None
    cand = reported_in_paragraph(st, tok, s_tok, e_tok, taken, NOUN_CONTENT)
    return cand if cand is not None and cand.speaker_tok is not None else None


def _object_gap_relative(tok: Token) -> bool:
    """A relative clause ('which X announced', 'X cited') on a noun before it, with a subject of
    its own, no clause or object after the cue (the noun is what it governs), not a naming one."""
    noun = tok.head
    if (tok.dep_ != "relcl" or tok.lemma_.lower() not in RELATIVE_MESSAGE_CUES or noun.i > tok.i
            or noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ == "appos" or tok.tag_ not in ("VBD", "VBZ", "VBP", "VBN")):
        return False
    kids = list(tok.children)
    if not any(c.dep_ == "nsubj" and c.i < tok.i and c.lower_ not in _RELATIVE_WORDS and c.tag_ not in ("WDT", "WP")
               for c in kids):
        return False
    if any(c.dep_ in ("ccomp", "xcomp", "dative", "oprd") or (c.dep_ == "dobj" and c.i > tok.i) for c in kids):
        return False
    return all(c.lower_ in _RELATIVE_WORDS for c in kids if c.dep_ == "dobj")


def _clause_between(words: Span) -> bool:
    """'the only game not offering the quality Google promised': a verb between the noun and the
    relative clause means the parser hung the clause on the wrong noun (the object is 'quality')."""
    return any(t.pos_ in ("VERB", "AUX") for t in words)


def told_of(tok: Token, comp: Token) -> bool:
    """'informed passengers of the delay': after a telling verb, the 'of' phrase is the message
    and the object only whom it reached (ATTRIBUTION-GUIDELINE §3: the content is the message)."""
    return tok.lemma_.lower() in ADDRESSEE_OF_CUES and comp.dep_ == "pobj" and comp.head.lower_ == "of"


def of_phrase_of_a_thing(tok: Token, comp: Token) -> bool:
    """'riders will tell you the quality of the rides has dropped': an 'of' phrase hung on a
    telling verb's object that is a thing, not whom it was told, belongs to that object; the
    news told is elsewhere (or nowhere)."""
    prep = comp.head
    return (tok.lemma_.lower() in ADDRESSEE_OF_CUES and prep.lower_ == "of" and prep.head.i != tok.i
            and prep.head.pos_ not in ("PRON", "PROPN"))
