"""Pass 3: reported speech — reporting verbs with a clausal complement, speech nouns,
'according to X', 'In a poll, …', colon frames and parenthetical frames.

A complement holding quote marks is *mixed* (or *direct* when it is nearly all quoted
words); the frames per verb are in ``lexicon.INDIRECT_FRAMES``.

This module is the pass itself: it walks the tokens, asks which frame each cue opens and builds
a verb's clause or colon frame. The frames' parts live apart, one job each: ``verb_frames``
(which dependent holds a verb's content), ``clause_extent`` (how far that content runs),
``parentheticals`` ('X, he said, Y', 'as X noted'), ``source_phrases`` ('according to X',
'In a poll, …', speech nouns), ``directives`` ('asked X to Y') and ``report_spans`` (what they
all share).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from .clause_extent import (
    content_tokens,
    continued_after_tag,
    relative_inside,
    split_at,
    with_sibling_clauses,
)
from .directives import directive
from .frame_guards import (
    feeling_without_content,
    known_for_speaking,
    purpose_infinitive,
    result_of_so,
)
from .lexicon import (
    AS_FRAME_LEMMAS,
    CAUSATIVE_LEMMAS,
    CONTENT_NOUNS,
    CUE_LEMMAS,
    DIRECTIVE_LEMMAS,
    PREDICATE_NOUNS,
    SPEECH_LEMMAS,
    STANCE_FRAMES,
    VERB_CUES,
)
from .marks import QuoteRun
from .message_objects import message_in_relative, phrasal_message_object
from .not_speech import (
    bare_object,
    hypothetical,
    in_idiom,
    names_a_thing,
    physical_phrasal,
    speaker_is_the_reader,
    withheld,
)
from .parentheticals import as_frame, closing_tag_read_as_noun, parenthetical, tag_hung_on_a_noun
from .records import Candidate
from .report_spans import Taken, content_in_paragraph, overlaps, reported
from .scores import REPORTED_CLAUSE, REPORTED_COLON, STANCE_CONFIDENCE
from .source_phrases import according, in_source, noun_content, per_source
from .speaker_mentions import fill_cue
from .state import QuoteState
from .verb_frames import CALLING_LEMMAS, Frame, one_word_message, verb_frame


def find_indirect(st: QuoteState, direct: list[Candidate], runs: list[QuoteRun]) -> list[Candidate]:
    """Reported speech outside the direct quotes, one candidate per cue token."""
    taken = Taken.of(direct, runs)
    inside = _inside_marks(st, runs)
    out: list[Candidate] = []
    for tok in st.doc:
        if (not may_open_frame(tok) or st.quoted[tok.i] or tok.i in inside or tok.i in st.used_cues
                or in_idiom(tok) or names_a_thing(tok)):
            continue
        cand = _candidate_at(st, tok, taken)
        if cand is None:
            continue
        if speaker_is_the_reader(cand):
            st.used_cues.discard(tok.i)  # no attribution here: the cue is free again
            continue
        out.append(cand)
    return out


def _inside_marks(st: QuoteState, runs: list[QuoteRun]) -> set[int]:
    """Tokens inside closed quote marks that the direct pass left (a mixed quote's part:
    'Customers "began to say we want you …," Cook told Benioff'): the source's words, so a
    speech verb there is not the writer's cue (ATTRIBUTION-GUIDELINE §2: nested in a quotation)."""
    return {ti for r in runs if r.close_pos is not None for ti in st.ix.tokens_between(r.start, r.end)}


#: The words :func:`_candidate_at` reads a frame at whatever their part of speech.
FRAME_WORDS = frozenset({"according", "per", "in"})


def may_open_frame(tok: Token) -> bool:
    """Whether :func:`_candidate_at` can find a frame at ``tok`` at all: only a frame word, a noun
    or a verb, or a word tagged as a noun (a verb the tagger took for one) can, and most words of
    an article are none, so this is asked before anything else (keep it in step with
    :func:`_candidate_at`)."""
    return tok.pos_ in ("NOUN", "VERB", "AUX") or tok.tag_ in ("NN", "NNS") or tok.lower_ in FRAME_WORDS


def _candidate_at(st: QuoteState, tok: Token, taken: Taken) -> Candidate | None:
    """The frame ``tok`` opens, if any: 'according to', 'In a poll,', a speech noun's
    clause, or a reporting verb's complement (else its colon frame)."""
    low = tok.lower_
    if low == "according" or (low == "per" and per_source(st, tok)):
        return according(st, tok)
    if low == "in" and tok.i - tok.sent.start <= 1 and tok.dep_ == "prep":
        return in_source(st, tok)
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and (cand := closing_tag_read_as_noun(st, tok, taken)) is not None:
        return cand
    if tok.pos_ == "NOUN" and (lemma in CONTENT_NOUNS or lemma in PREDICATE_NOUNS):
        return noun_content(st, tok, taken.dstarts, taken.spans, taken.mark_pos)
    if ((tok.pos_ not in ("VERB", "AUX") and not _verb_taken_for_noun(tok, lemma) and not _as_clause_read_as_noun(tok, lemma))
            or hypothetical(tok) or physical_phrasal(tok, lemma)):
        return None
    if lemma in CAUSATIVE_LEMMAS and _makes_speak(tok):
        return None
    if tok.dep_ == "relcl" and (cand := message_in_relative(st, tok, taken)) is not None:
        return cand
    if lemma in AS_FRAME_LEMMAS and tok.dep_ == "advcl" and (cand := as_frame(st, tok, taken)) is not None:
        return cand
    if lemma in AS_FRAME_LEMMAS and (cand := tag_hung_on_a_noun(st, tok, taken)) is not None:
        return cand
    frame = verb_frame(st, tok, lemma)
    if (frame is None or frame.comp is None or frame.quote_only) and lemma in DIRECTIVE_LEMMAS:
        if (cand := directive(st, tok, taken)) is not None:
            return cand
    if frame is None:
        return None
    if frame.comp is None:
        return _colon_frame(st, tok, lemma, taken)
    return _clause_frame(st, tok, lemma, frame, taken)


def _makes_speak(tok: Token) -> bool:
    """'led the manufacturer to announce …', 'prompted him to say …': the causative is no
    cue; the speech verb of its infinitive is (with the causative's object as speaker)."""
    return any(c.dep_ == "xcomp" and c.pos_ == "VERB" and c.lemma_.lower() in VERB_CUES
               and any(o.dep_ == "dobj" and o.i < c.i for o in tok.children) for c in tok.children)


def _verb_taken_for_noun(tok: Token, lemma: str) -> bool:
    """'the Congressional Budget Office projects that …', 'Many in the space community note he
    held …': a reporting verb tagged as a noun, yet heading the sentence with words before it
    (its subject) and a clause of its own after it: a verb."""
    return (tok.tag_ in ("NN", "NNS") and (tok.dep_ == "ROOT" or _subordinate_clause_head(tok)) and lemma in CUE_LEMMAS
            and any(c.dep_ in ("nsubj", "amod", "compound") and c.i < tok.i and c.i > tok.sent.start - 1
                    and c.lower_ not in ("the", "a", "an") for c in tok.children)
            and any(c.dep_ == "ccomp" and c.i > tok.i and any(
                m.dep_ == "mark" and m.lower_ == "that" or m.dep_ == "nsubj" for m in c.children)
                for c in tok.children))


def _as_clause_read_as_noun(tok: Token, lemma: str) -> bool:
    """'As the coach notes, winning on the road …': the tagger reads a speech verb's -s form as a
    plural noun, yet it heads an 'as' clause with a subject before it: the verb of an 'as' frame."""
    return (tok.tag_ == "NNS" and tok.dep_ == "advcl" and lemma in AS_FRAME_LEMMAS
            and any(c.dep_ == "mark" and c.lower_ == "as" and c.i < tok.i for c in tok.children)
            and any(c.dep_ == "nsubj" and c.i < tok.i for c in tok.children))


def _subordinate_clause_head(tok: Token) -> bool:
    """'…, although many in the industry note he held …': a word the parser tags as a noun yet
    makes a subordinate clause's head, opened by its conjunction, is that clause's verb."""
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.i < tok.i for c in tok.children)


def _colon_frame(st: QuoteState, tok: Token, lemma: str, taken: Taken) -> Candidate | None:
    """'Harf said: the plan …' without quote marks: the rest of the paragraph."""
    doc, text = st.doc, st.text
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is None or nxt.text != ":" or lemma not in SPEECH_LEMMAS:
        return None
    s = nxt.idx + 1
    e = text.find("\n", s)
    e = len(text) if e < 0 else e
    while s < e and text[s].isspace():
        s += 1
    if e - s <= 3 or overlaps(st, taken.dstarts, taken.spans, s, e):
        return None
    cand = reported([(s, e)], "indirect", REPORTED_COLON)
    fill_cue(st, cand, tok, tok.sent.start_char, tok.sent.end_char)
    return cand


def _clause_frame(st: QuoteState, tok: Token, lemma: str, frame: Frame, taken: Taken) -> Candidate | None:
    """The complement of a reporting verb as content: mixed when it holds quote marks,
    direct when it is nearly all quoted words, a stance for a stance frame."""
    comp = frame.comp
    assert comp is not None  # _candidate_at sends a verb without a complement to _colon_frame
    if ((bare_object(tok, lemma, comp) and comp != phrasal_message_object(tok) and not _two_objects_of_calling(tok, lemma))
            or withheld(tok, comp)):
        return None
    if (feeling_without_content(lemma, comp) or purpose_infinitive(tok, comp) or result_of_so(tok, comp)
            or known_for_speaking(lemma, comp)):
        return None
    s_tok, e_tok = comp.left_edge.i, comp.right_edge.i
    if relative_inside(tok, comp):
        s_tok = tok.i + 1
    if s_tok <= tok.i <= e_tok:
        # 'Acts of protest, Mr. Obama said, are acts of patriotism': a parenthetical
        # frame inside its own content -> two pieces around the frame
        return parenthetical(st, tok, s_tok, e_tok, taken.dstarts, taken.spans)
    s_tok, e_tok = with_sibling_clauses(tok, comp, s_tok, e_tok)
    s_tok, e_tok, gap = content_tokens(tok, lemma, comp, s_tok, e_tok)
    doc = st.doc
    span = content_in_paragraph(st, tok, s_tok, e_tok, taken.dstarts, taken.spans)
    if span is None or (e_tok - s_tok < 1 and not one_word_message(tok, lemma, comp)):
        return None
    s, e = span
    k = bisect.bisect_left(taken.mark_pos, s - 1)
    has_mark = k < len(taken.mark_pos) and taken.mark_pos[k] < e
    if frame.quote_only and not has_mark:
        return None
    kind = _quoted_kind(st, taken.runs[k:], s, e) if has_mark else "indirect"
    if kind == "direct" and lemma not in SPEECH_LEMMAS and len(st.text[s:e].split()) <= 6:
        # 'dubbed him "the little senator"', 'calling for "appropriate assistance"': a
        # label in the source's words, not a statement (train: 1 gold direct quote in 6)
        return None
    dep = comp.dep_ if comp.head.i == tok.i else f"prep_{comp.head.lower_}"
    stance = dep in STANCE_FRAMES.get(lemma, ())
    pieces = split_at(doc, s, e, gap)
    if kind == "indirect" and comp.i < tok.i and (rest := continued_after_tag(st, tok, comp, taken)) is not None:
        pieces.append(rest)
    cand = reported(pieces, kind, STANCE_CONFIDENCE if stance else REPORTED_CLAUSE)
    fill_cue(st, cand, tok, tok.sent.start_char, tok.sent.end_char)
    return cand


def _two_objects_of_calling(tok: Token, lemma: str) -> bool:
    """'calling him "a disgrace to the state"': the parser gives 'call X Y' two objects; the second
    is what the source called the first (ATTRIBUTION-GUIDELINE §3 'call X Y'), no bare object."""
    return lemma in CALLING_LEMMAS and sum(c.dep_ == "dobj" for c in tok.children) >= 2


def _quoted_kind(st: QuoteState, runs: list[QuoteRun], s: int, e: int) -> str:
    """'mixed' for a content holding quote marks; 'direct' when the complement is
    (nearly) all quoted words (85% of its characters)."""
    inner = [r for r in runs if r.open_pos < e and r.end <= e + 1]
    covered = sum(min(b, e) - max(a, s) for r in inner for a, b in r.pieces)
    return "direct" if inner and covered >= 0.85 * (e - s) else "mixed"
