"""Frames set inside or beside their content: 'Acts of protest, Mr. Obama said, are …',
'This system, says Richard Locksley, an immunologist, helps …', '… a second look, as Clyburn
noted.': the content is the clause around the frame, a piece on each side of it.

Why apart: here the cue's clause does not hold the content but interrupts it, so the frame
(its subject, its own dependents, a connective before it) is cut out of the sentence instead.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .clause_edges import without_opening_conjunction
from .lexicon import OPENING_CONJUNCTIONS, TAG_NOUN_LEMMAS
from .marks import paragraph_bounds
from .records import Candidate
from .report_spans import Taken, overlaps, reported
from .scores import REPORTED_CLAUSE
from .speaker_mentions import fill_cue, give_speaker, named_appositive
from .state import QuoteState
from .syntax import subject_of


def parenthetical(
    st: QuoteState, tok: Token, s_tok: int, e_tok: int, dstarts: list[int], dspans: list[tuple[int, int]]
) -> Candidate | None:
    """'Acts of protest, Mr. Obama said, are acts of patriotism': the content on both sides
    of a frame inside it; 'Still, he said, officials …' and 'This system, says Richard
    Locksley, an immunologist, helps …' too (a connective before the frame is the writer's)."""
    doc = st.doc
    subj = subject_of(tok)
    after = subj if subj is not None and subj.i > tok.i else None
    if subj is None:
        after = _inverted_subject(tok)
    left = tok.i if subj is None or subj.i > tok.i else min(subj.left_edge.i, tok.i)
    right = _frame_end(tok, after)
    if left <= s_tok or doc[left - 1].text != ",":
        return None
    pieces = _pieces_around(doc, s_tok, e_tok, left - 1, right)
    if pieces is None or overlaps(st, dstarts, dspans, pieces[0][0], pieces[-1][1]):
        return None
    if any(st.quoted[i] for i in range(s_tok, e_tok + 1)):
        return None
    cand = reported(pieces, "indirect", REPORTED_CLAUSE)
    fill_cue(st, cand, tok, tok.sent.start_char, tok.sent.end_char)
    if after is not None and subj is None:
        give_speaker(st, cand, named_appositive(st, after))
    return cand


#: dependents after the cue that give an 'as' clause content of its own ('as he said goodbye,
#: …', 'as she explained the rules, …'): then 'as' means 'while', and nothing is reported
_OWN_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "advcl", "conj", "attr", "acomp"})


def as_frame(st: QuoteState, tok: Token, taken: Taken) -> Candidate | None:
    """'As the International Business Times noted, Clinton raised …', '… a second look, as
    Clyburn noted.': an 'as' clause with a speech verb and no content of its own attributes
    the clause it hangs on (ATTRIBUTION-GUIDELINE §3: 'Y, X said' -> Y)."""
    doc = st.doc
    kids = list(tok.children)
    if not any(c.dep_ == "mark" and c.lower_ == "as" and c.i < tok.i for c in kids):
        return None
    if not any(c.dep_ == "nsubj" and c.i < tok.i for c in kids):
        return None
    if any(c.dep_ in _OWN_CONTENT_DEPS and c.i > tok.i and not (c.dep_ == "dobj" and tok.lemma_ == "tell")
           for c in kids):
        return None
    head = tok.head
    if head.pos_ not in ("VERB", "AUX") or head.i == tok.i:
        return None
    left, right = tok.left_edge.i, tok.right_edge.i
    while right > tok.i and doc[right].is_punct:
        right -= 1
    s_tok, e_tok = past_opening_link(doc, head.left_edge.i, left), head.right_edge.i
    if left > s_tok and doc[left - 1].text != ",":
        return None
    pieces = _pieces_around(doc, s_tok, e_tok, left, right)
    if pieces is None or any(st.quoted[i] for i in range(s_tok, e_tok + 1)):
        return None
    ps, pe = paragraph_bounds(st.text, tok.idx)
    pieces = [(max(a, ps), min(b, pe)) for a, b in pieces if min(b, pe) - max(a, ps) >= 3]
    if not pieces or overlaps(st, taken.dstarts, taken.spans, pieces[0][0], pieces[-1][1]):
        return None
    cand = reported(pieces, "indirect", REPORTED_CLAUSE)
    fill_cue(st, cand, tok, tok.sent.start_char, tok.sent.end_char)
    return cand


def past_opening_link(doc: Doc, s_tok: int, left: int) -> int:
    """'(As the newspaper first reported, the mayor backed the plan.)', 'But as the coach noted,
    …': a sentence set in brackets, or tied to the one before by a conjunction, opens with the
    bracket or the writer's link, not with the 'as' clause; the clause opens the content."""
    while s_tok < left and (doc[s_tok].text in ("(", "[") or doc[s_tok].lower_ in OPENING_CONJUNCTIONS):
        s_tok += 1
    return s_tok


#: dependents that give a finite verb a clause of its own: then it is no tag hung on a noun
_OWN_CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "mark", "advcl", "conj"})


def tag_hung_on_a_noun(st: QuoteState, tok: Token, taken: Taken) -> Candidate | None:
    """'The carrier agreed to buy 30 jets, executives of both firms announced Wednesday.': the
    small parser hangs the closing tag on the content's last noun as a modifier (a finite
    verb, which no reduced relative is) and makes its subject a conjunct of that noun; the
    sentence up to the comma is what was said, the conjunct speaks (ATTRIBUTION-GUIDELINE §3)."""
    doc = st.doc
    if tok.tag_ not in ("VBD", "VBZ", "VBP") or tok.dep_ not in ("acl", "relcl", "advcl") or tok.i < 2:
        return None
    if any(c.dep_ in _OWN_CLAUSE_DEPS or c.i < tok.i for c in tok.children):
        return None
    start = tok.sent.start
    comma = next((i for i in range(tok.i - 2, max(start, tok.i - 12), -1) if doc[i].text == ","), None)
    if comma is None:
        return None
    # the words between the comma and the cue: one noun phrase, which the parser made a conjunct
    speaker = next((t for t in doc[comma + 1:tok.i] if t.left_edge.i == comma + 1 and t.right_edge.i == tok.i - 1), None)
    if speaker is None or speaker.dep_ not in ("conj", "appos") or speaker.pos_ not in ("NOUN", "PROPN"):
        return None
    if comma - start < 5 or any(
            not (t.is_punct or t.is_space) for t in doc[tok.right_edge.i + 1:tok.sent.end]):
        return None  # no comma before the subject, a short opening, or more sentence after the tag
    cand = _clause_before_comma(st, tok, taken, start, comma)
    if cand is not None:
        give_speaker(st, cand, named_appositive(st, speaker))
    return cand


def _clause_before_comma(st: QuoteState, tok: Token, taken: Taken, first: int, comma: int) -> Candidate | None:
    """The reported clause from token ``first`` to the ``comma`` before the closing tag ``tok``,
    within its paragraph, with the tag as its cue; none when quote marks or a taken span are in it."""
    doc = st.doc
    if any(st.quoted[i] for i in range(tok.sent.start, comma)):
        return None
    ps, pe = paragraph_bounds(st.text, tok.idx)
    s, e = max(doc[first].idx, ps), min(doc[comma - 1].idx + len(doc[comma - 1].text), pe)
    if e - s < 3 or overlaps(st, taken.dstarts, taken.spans, s, e):
        return None
    cand = reported([(s, e)], "indirect", REPORTED_CLAUSE)
    fill_cue(st, cand, tok, tok.sent.start_char, tok.sent.end_char)
    return cand


def closing_tag_read_as_noun(st: QuoteState, tok: Token, taken: Taken) -> Candidate | None:
    """'The plume's vapour was detected directly, a new study reports.': the small parser reads a
    closing tag's verb as a noun (its subject as a compound); a reporting verb's form that ends
    its sentence right after a noun phrase set off by a comma is the tag, the sentence before the
    comma what was said and the phrase its source (ATTRIBUTION-GUIDELINE §3 'Y, X said')."""
    doc = st.doc
    if not _verb_form_read_as_noun(tok) or any(not (t.is_punct or t.is_space) for t in doc[tok.i + 1:tok.sent.end]):
        return None
    start = tok.sent.start
    comma = next((i for i in range(tok.i - 2, max(start, tok.i - 10), -1) if doc[i].text == ","), None)
    if comma is None or comma - start < 5 or not _plain_noun_phrase(doc[comma + 1:tok.i]):
        return None
    cand = _clause_before_comma(st, tok, taken, without_opening_conjunction(doc, start, comma - 1), comma)
    if cand is None:
        return None
    source = doc[tok.i - 1]
    give_speaker(st, cand, source)
    cand.speaker_bounds = (doc[comma + 1].idx, source.idx + len(source.text))  # the whole phrase: 'a new study'
    return cand


def _verb_form_read_as_noun(tok: Token) -> bool:
    """'reports', 'notes' (a third-person verb form) or 'say' after a plural: a reporting verb
    tagged as a noun, right after a noun (its subject's last word, not 'his claims')."""
    lemma, low = tok.lemma_.lower(), tok.lower_
    if tok.tag_ not in ("NN", "NNS") or lemma not in TAG_NOUN_LEMMAS or tok.i == 0:
        return False
    before = tok.doc[tok.i - 1]
    if before.pos_ not in ("NOUN", "PROPN"):
        return False
    third = low in (lemma + "s", lemma + "es") and before.tag_ in ("NN", "NNP")
    plural = low == lemma and before.tag_ in ("NNS", "NNPS")
    return third or plural


#: parts of speech of a short subject phrase: 'a new study', 'Spanish newspaper El Diario'
_PHRASE_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART"})


def _plain_noun_phrase(words: Span) -> bool:
    """Whether ``words`` are one noun phrase (no verb, no clause, no second comma)."""
    return bool(words) and all(t.pos_ in _PHRASE_POS for t in words) and any(t.pos_ in ("NOUN", "PROPN") for t in words)


def _inverted_subject(cue: Token) -> Token | None:
    """'This system, says Richard Locksley, an immunologist, helps …': the small parser makes
    the name after an inverted cue the subject of the clause around it; the name is the
    cue's subject when it follows the cue directly and a comma closes it."""
    doc = cue.doc
    if cue.i + 1 >= len(doc):
        return None
    nxt = doc[cue.i + 1]
    head = nxt
    while head.dep_ in ("compound", "flat", "det", "amod") and head.head.i > head.i:
        head = head.head
    if head.pos_ not in ("PROPN", "NOUN") or head.dep_ != "nsubj" or head.head.i != cue.head.i:
        return None
    end = head.right_edge.i
    if doc[end].text != "," and (end + 1 >= len(doc) or doc[end + 1].text != ","):
        return None
    return head


#: a parenthetical cue's own dependents after it: whom it addressed, where and when ('told
#: CNN', 'said in a statement on Saturday'); a conjunct or clause after it is content
_FRAME_DEPS = frozenset({"dobj", "dative", "prep", "npadvmod", "advmod", "agent"})


def _frame_end(cue: Token, after: Token | None) -> int:
    """The last token of a parenthetical frame: the cue, its own dependents after it ('told
    CNN', 'said on Saturday') and a subject after it ('says Richard Locksley, an …')."""
    right = cue.i
    for child in cue.rights:
        if child.dep_ in _FRAME_DEPS:
            right = max(right, child.right_edge.i)
    if after is not None:
        right = max(right, after.right_edge.i)
    while right > cue.i and cue.doc[right].is_punct:
        right -= 1
    return right


#: parts of speech of a one-word connective or sentence adverb before a parenthetical frame
#: ('Still,', 'Instead,', 'Meanwhile,', 'But,'): the writer's link, not the source's words
_CONNECTIVE_POS = frozenset({"ADV", "CCONJ", "SCONJ", "INTJ", "PART", "PUNCT"})


def _pieces_around(doc: Doc, s_tok: int, e_tok: int, left: int, right: int) -> list[tuple[int, int]] | None:
    """The content [s_tok, e_tok] without the frame [left, right] inside it: a piece on each
    side (one word is enough: 'Loyalty, he noted, has …'), a connective before the frame
    left out; None when the frame is not followed by ', …' or the end of the sentence."""
    a_end = left - 1
    while a_end >= s_tok and (doc[a_end].is_punct or doc[a_end].is_space):
        a_end -= 1
    while s_tok < a_end and (doc[s_tok].is_punct or doc[s_tok].is_space):
        s_tok += 1
    s_tok = without_opening_conjunction(doc, s_tok, a_end)
    connective = a_end - s_tok < 1 and all(doc[i].pos_ in _CONNECTIVE_POS for i in range(s_tok, a_end + 1))
    before = None if a_end < s_tok or connective else (doc[s_tok].idx, doc[a_end].idx + len(doc[a_end].text))
    after = None
    if right < e_tok and doc[right + 1].text == ",":
        b_start = right + 2
        while e_tok > b_start and (doc[e_tok].is_punct or doc[e_tok].is_space):
            e_tok -= 1
        if e_tok - b_start >= 1:
            after = (doc[b_start].idx, doc[e_tok].idx + len(doc[e_tok].text))
    elif any(not (doc[i].is_punct or doc[i].is_space) for i in range(right + 1, e_tok + 1)):
        return None  # the frame is not at the end of the sentence either
    if after is None and (before is None or a_end - s_tok < 1):
        return None  # one word before a frame that ends the sentence is no statement
    pieces = [p for p in (before, after) if p is not None]
    return pieces
