"""Pass 3: reported speech — reporting verbs with a clausal complement, speech nouns,
'according to X', 'In a poll, …', colon frames and parenthetical frames.

A complement holding quote marks is *mixed* (or *direct* when it is nearly all quoted
words); the frames per verb are in ``lexicon.INDIRECT_FRAMES``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Token

from .lexicon import (
    AS_FRAME_LEMMAS,
    CAUSATIVE_LEMMAS,
    CLEAR_WORDS,
    CONTENT_NOUNS,
    CUE_LEMMAS,
    DIRECTIVE_LEMMAS,
    EVIDENTIAL,
    INDIRECT_FRAMES,
    OBJ_PREPS,
    PARTICIPLE_SPEECH,
    QUOTE_VERB_DEPS,
    QUOTE_VERBS,
    SOURCE_NOUNS,
    SPEAKER_NOUNS,
    SPEECH_LEMMAS,
    STANCE_FRAMES,
    THIRD_PERSON_FRAMES,
    VERB_CUES,
    lemma_takes_to,
)
from .marks import QuoteRun, paragraph_bounds
from .not_speech import (
    NOUN_PHRASE_CUES,
    bare_object,
    hypothetical,
    in_idiom,
    names_a_thing,
    physical_phrasal,
    speaker_is_the_reader,
    withheld,
)
from .records import Candidate
from .scores import IN_SOURCE, NOUN_CONTENT, REPORTED_CLAUSE, REPORTED_COLON, STANCE_CONFIDENCE
from .sources import can_speak
from .speakers import NON_SPEAKER_TYPES, fill_cue, give_speaker, named_appositive
from .state import QuoteState
from .syntax import subject_of, subtree_width


@dataclass(frozen=True)
class _Taken:
    """What the earlier passes took: direct-quote pieces (sorted, with their starts for
    bisection) and the opening marks of every quote-mark run."""

    dstarts: list[int]
    spans: list[tuple[int, int]]
    mark_pos: list[int]
    runs: list[QuoteRun]

    @classmethod
    def of(cls, direct: list[Candidate], runs: list[QuoteRun]) -> _Taken:
        spans = sorted(p for c in direct for p in c.pieces)
        return cls([s for s, _ in spans], spans, sorted(r.open_pos for r in runs), runs)


class _Frame(NamedTuple):
    """A reporting verb's content head (None: only a colon frame can follow) and whether
    the content counts only with quote marks in it ('called it "a joke"')."""

    comp: Token | None
    quote_only: bool


def find_indirect(st: QuoteState, direct: list[Candidate], runs: list[QuoteRun]) -> list[Candidate]:
    """Reported speech outside the direct quotes, one candidate per cue token."""
    taken = _Taken.of(direct, runs)
    inside = _inside_marks(st, runs)
    out: list[Candidate] = []
    for tok in st.doc:
        if st.quoted[tok.i] or tok.i in inside or tok.i in st.used_cues or in_idiom(tok) or names_a_thing(tok):
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


def _candidate_at(st: QuoteState, tok: Token, taken: _Taken) -> Candidate | None:
    """The frame ``tok`` opens, if any: 'according to', 'In a poll,', a speech noun's
    clause, or a reporting verb's complement (else its colon frame)."""
    low = tok.lower_
    if low == "according" or (low == "per" and _per_source(st, tok)):
        return _according(st, tok)
    if low == "in" and tok.i - tok.sent.start <= 1 and tok.dep_ == "prep":
        return _in_source(st, tok)
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma in CONTENT_NOUNS:
        return _noun_content(st, tok, taken.dstarts, taken.spans, taken.mark_pos)
    if (tok.pos_ not in ("VERB", "AUX") and not _verb_taken_for_noun(tok, lemma)) or hypothetical(tok) or physical_phrasal(tok, lemma):
        return None
    if lemma in CAUSATIVE_LEMMAS and _makes_speak(tok):
        return None
    if lemma in AS_FRAME_LEMMAS and tok.dep_ == "advcl" and (cand := _as_frame(st, tok, taken)) is not None:
        return cand
    frame = _verb_frame(st, tok, lemma)
    if (frame is None or frame.comp is None or frame.quote_only) and lemma in DIRECTIVE_LEMMAS:
        if (cand := _directive(st, tok, taken)) is not None:
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
    """'the Congressional Budget Office projects that …': a reporting verb in -s tagged as a
    plural noun, yet heading the sentence with a subject and a 'that' clause: a verb."""
    return (tok.tag_ == "NNS" and tok.dep_ == "ROOT" and lemma in CUE_LEMMAS
            and any(c.dep_ == "nsubj" and c.i < tok.i for c in tok.children)
            and any(c.dep_ == "ccomp" and c.i > tok.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                    for c in tok.children))


def _addressee(tok: Token) -> Token | None:
    """Whom a directive addresses: its object after it ('asked anyone …'), or the object of
    'on' / 'to' ('called on the government', 'appealed to residents')."""
    for child in tok.rights:
        if child.dep_ in ("dobj", "dative") and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return child
        if _addressee_prep(child):
            return next(c for c in child.children if c.dep_ == "pobj")
    return None


def _request_end(inf: Token) -> int:
    """The last token of a requested action: the infinitive's phrase without a trailing
    clause of time or reason, which is the writer's ('telling Christie to go home after
    Christie was pressed …')."""
    doc = inf.doc
    for i in range(inf.i + 1, inf.right_edge.i + 1):
        if doc[i].dep_ == "mark" and doc[i].head.dep_ == "advcl" and doc[i].head.i > i:
            return i - 1
    return inf.right_edge.i


def _directive(st: QuoteState, tok: Token, taken: _Taken) -> Candidate | None:
    """'Police asked anyone with information to contact them', 'appealed to residents to stay
    calm': a request with an infinitive is an attribution (ATTRIBUTION-GUIDELINE H8), its
    content the addressee and the infinitive ('X to Y'), wherever the parser hung the
    infinitive (on the addressee's relative clause, often)."""
    doc = st.doc
    who = _addressee(tok)
    if who is None:
        return None
    sent_end = tok.sent.end
    inf = None
    for i in range(who.i + 1, min(sent_end - 1, who.i + 14)):
        t = doc[i]
        if t.text in (",", ";", ":") or st.quoted[i]:
            return None
        if t.tag_ == "TO" and doc[i + 1].tag_ == "VB":
            inf = doc[i + 1]
            break
    if inf is None:
        return None
    s_tok, e_tok = who.left_edge.i, min(max(_request_end(inf), who.right_edge.i), sent_end - 1)
    while e_tok > s_tok and (doc[e_tok].is_punct or doc[e_tok].is_space):
        e_tok -= 1
    if any(st.quoted[i] for i in range(s_tok, e_tok + 1)):
        return None
    s, e = same_paragraph(st, tok, doc[s_tok].idx, doc[e_tok].idx + len(doc[e_tok].text))
    if e - s < 3 or overlaps(st, taken.dstarts, taken.spans, s, e):
        return None
    cand = _reported([(s, e)], "indirect", REPORTED_CLAUSE)
    fill_cue(st, cand, tok, tok.sent.start_char, tok.sent.end_char)
    return cand


def _verb_frame(st: QuoteState, tok: Token, lemma: str) -> _Frame | None:
    """Which dependent of the verb holds its content; None when the verb has no frame."""
    if tok.dep_ == "parataxis" and lemma in SPEECH_LEMMAS and tok.head.i != tok.i:
        return _Frame(tok.head, False)  # 'X, he said, Y' / 'X, he said.': content around the frame
    if lemma in CUE_LEMMAS:
        return _cue_lemma_frame(st, tok, lemma)
    if lemma in THIRD_PERSON_FRAMES and _third_person(tok):
        # 'Trump thinks that …' is attributed thought; 'I think' in a quote is not
        comp = _content_head(st, tok, lemma, THIRD_PERSON_FRAMES[lemma])
        return None if comp is None else _Frame(comp, False)
    if lemma in QUOTE_VERBS:
        # weaker cues ("called it ...") count only with quote marks in the content
        comp = _content_head(st, tok, lemma, QUOTE_VERB_DEPS)
        return None if comp is None else _Frame(comp, True)
    # 'kept pounding Trump as a “con artist”': any verb casting its object as something
    # in quote marks characterises it in the source's words
    comp = _content_head(st, tok, lemma, ("prep_as",))
    if comp is None or not any(c.dep_ == "dobj" for c in tok.children):
        return None
    return _Frame(comp, True)


def _cue_lemma_frame(st: QuoteState, tok: Token, lemma: str) -> _Frame:
    """A verb of the frame lexicon: its own frames, then the third-person ones ('want'
    has frames for everyone and one for 'he wants …'), then quote-only ones."""
    comp = _content_head(st, tok, lemma)
    if comp is None and lemma in THIRD_PERSON_FRAMES and _third_person(tok):
        comp = _content_head(st, tok, lemma, THIRD_PERSON_FRAMES[lemma])
    if comp is None and lemma in CALLING_LEMMAS:
        comp = _called_appositive(tok)
    if comp is None and lemma in QUOTE_VERBS:
        comp = _content_head(st, tok, lemma, QUOTE_VERB_DEPS)
        return _Frame(comp, comp is not None)
    if comp is None and lemma in NOUN_PHRASE_CUES:
        comp = _content_head(st, tok, lemma, ("dobj",))  # 'denied both allegations'
    return _Frame(comp, False)


#: verbs of calling something something ('called the decision a landmark judgment')
CALLING_LEMMAS = frozenset({"call", "dub", "label", "term", "brand"})


def _called_appositive(tok: Token) -> Token | None:
    """'JP Morgan had called the decision on the resolution a landmark judgment': the small
    parser makes the second object an appositive inside the first (no comma before it, as an
    appositive would have); it is what the source called it (ATTRIBUTION-GUIDELINE §3 'call X Y')."""
    doc = tok.doc
    for child in tok.rights:
        if child.dep_ != "dobj":
            continue
        for t in child.subtree:
            if t.dep_ == "appos" and t.i > child.i and doc[t.left_edge.i - 1].text not in (",", "(", "—", "–", "-"):
                return t
    return None


def _reported(pieces: list[tuple[int, int]], kind: str, confidence: float) -> Candidate:
    """A candidate with its content only: ``fill_cue`` / ``give_speaker`` add the rest."""
    return Candidate(pieces=pieces, kind=kind, cue_tok=None, cue_text=None, cue_bounds=None,
                     speaker_tok=None, speaker_bounds=None, confidence=confidence)


def _colon_frame(st: QuoteState, tok: Token, lemma: str, taken: _Taken) -> Candidate | None:
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
    cand = _reported([(s, e)], "indirect", REPORTED_COLON)
    fill_cue(st, cand, tok, tok.sent.start_char, tok.sent.end_char)
    return cand


def _clause_frame(st: QuoteState, tok: Token, lemma: str, frame: _Frame, taken: _Taken) -> Candidate | None:
    """The complement of a reporting verb as content: mixed when it holds quote marks,
    direct when it is nearly all quoted words, a stance for a stance frame."""
    comp = frame.comp
    assert comp is not None  # _candidate_at sends a verb without a complement to _colon_frame
    if bare_object(tok, lemma, comp) or withheld(tok, comp):
        return None
    s_tok, e_tok = comp.left_edge.i, comp.right_edge.i
    if _relative_inside(tok, comp):
        s_tok = tok.i + 1
    if s_tok <= tok.i <= e_tok:
        # 'Acts of protest, Mr. Obama said, are acts of patriotism': a parenthetical
        # frame inside its own content -> two pieces around the frame
        return _parenthetical(st, tok, s_tok, e_tok, taken.dstarts, taken.spans)
    s_tok, e_tok = _with_sibling_clauses(tok, comp, s_tok, e_tok)
    s_tok, e_tok, gap = _content_tokens(tok, lemma, comp, s_tok, e_tok)
    doc = st.doc
    s, e = same_paragraph(st, tok, doc[s_tok].idx, doc[e_tok].idx + len(doc[e_tok].text))
    if e - s < 3 or e_tok - s_tok < 1 or overlaps(st, taken.dstarts, taken.spans, s, e):
        return None
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
    pieces = _split_at(doc, s, e, gap)
    if kind == "indirect" and comp.i < tok.i and (rest := _continued_after_tag(st, tok, comp, taken)) is not None:
        pieces.append(rest)
    cand = _reported(pieces, kind, STANCE_CONFIDENCE if stance else REPORTED_CLAUSE)
    fill_cue(st, cand, tok, tok.sent.start_char, tok.sent.end_char)
    return cand


#: conjunctions of a clause that goes on with the statement after its tag ('…, Benioff said,
#: ever since he did an internship …'); time words ('as', 'when', 'after') mostly open the
#: writer's narration of the moment instead ('…, he said, as he left the stage')
_CONTINUING_MARKS = frozenset({"since", "because", "although", "though", "so", "unless"})


def _continued_after_tag(st: QuoteState, cue: Token, comp: Token, taken: _Taken) -> tuple[int, int] | None:
    """'But Apple has had a place in his heart since 1984, Benioff said, ever since he did an
    internship at the company': the subordinate clause after the tag's comma is the second
    piece of what was said (ATTRIBUTION-GUIDELINE §3, fragments around an interrupting tag)."""
    doc = cue.doc
    for child in cue.rights:
        if child.dep_ != "advcl" or doc[child.left_edge.i - 1].text != ",":
            continue
        if not any(c.dep_ == "mark" and c.lower_ in _CONTINUING_MARKS for c in child.children):
            continue
        if any(t.i > cue.i and t.dep_ not in ("nsubj", "punct", "advmod", "prt") and t.head.i == cue.i
               for t in doc[cue.i + 1:child.left_edge.i]):
            continue  # something else of the tag's stands between ('said to reporters, since …')
        e_tok = child.right_edge.i
        while e_tok > child.i and (doc[e_tok].is_punct or doc[e_tok].is_space):
            e_tok -= 1
        s, e = same_paragraph(st, cue, doc[child.left_edge.i].idx, doc[e_tok].idx + len(doc[e_tok].text))
        if e - s < 3 or overlaps(st, taken.dstarts, taken.spans, s, e) or any(st.quoted[t.i] for t in child.subtree):
            return None
        return s, e
    return None


def _with_sibling_clauses(cue: Token, comp: Token, s_tok: int, e_tok: int) -> tuple[int, int]:
    """'Selling a product is difficult, but altering behavior is much more difficult, Hege
    said': spaCy hangs both joined clauses on the cue; what was said is all of them, not the
    first one and its ', but' (ATTRIBUTION-GUIDELINE §3: the reported proposition)."""
    if comp.dep_ != "ccomp":
        return s_tok, e_tok
    side = comp.i < cue.i
    for sib in cue.children:
        if sib.dep_ == "ccomp" and sib.i != comp.i and (sib.i < cue.i) == side and _joined_clauses(comp, sib):
            s_tok, e_tok = min(s_tok, sib.left_edge.i), max(e_tok, sib.right_edge.i)
    if s_tok <= cue.i <= e_tok:
        return comp.left_edge.i, comp.right_edge.i
    return s_tok, e_tok


def _joined_clauses(a: Token, b: Token) -> bool:
    """Two clauses joined by a conjunction ('…, but …') with no reporting verb between them
    ('he was arrested after employees said …' is a second report, not a joined clause)."""
    first, second = (a, b) if a.i < b.i else (b, a)
    between = range(first.right_edge.i + 1, second.left_edge.i)
    doc = a.doc
    if any(doc[i].pos_ in ("VERB", "AUX") for i in between):
        return False
    return any(c.dep_ == "cc" and first.i < c.i < second.left_edge.i for c in first.children)


def _relative_inside(cue: Token, comp: Token) -> bool:
    """'the attacks, which the probe said were covered up': the relative word heading the
    reported clause is the writer's link to the noun; what was said starts after the cue
    (ATTRIBUTION-GUIDELINE: 'which it said crashed in Logar' -> 'crashed in Logar')."""
    first = comp.left_edge
    return (cue.dep_ == "relcl" and cue.lemma_.lower() in AS_FRAME_LEMMAS and first.i < cue.i and first.lower_ in ("which", "who", "that")
            and first.head.i == comp.i and first.dep_ in ("nsubj", "nsubjpass")
            and all(t.i == first.i or t.i >= cue.i or t.head.i == cue.i or t.head.head.i == cue.i
                    for t in cue.doc[first.i:cue.i]))


def _quoted_kind(st: QuoteState, runs: list[QuoteRun], s: int, e: int) -> str:
    """'mixed' for a content holding quote marks; 'direct' when the complement is
    (nearly) all quoted words (85% of its characters)."""
    inner = [r for r in runs if r.open_pos < e and r.end <= e + 1]
    covered = sum(min(b, e) - max(a, s) for r in inner for a, b in r.pieces)
    return "direct" if inner and covered >= 0.85 * (e - s) else "mixed"


def _split_at(doc: Doc, s: int, e: int, gap: tuple[int, int] | None) -> list[tuple[int, int]]:
    """The content in one piece, or two around an impression verb ('the senator [seemed]
    to be losing ground')."""
    if gap is None:
        return [(s, e)]
    a, b = doc[gap[0]], doc[gap[1]]
    gap_s, gap_e = a.idx + len(a.text), b.idx
    return [(s, gap_s), (gap_e, e)] if s < gap_s < gap_e < e else [(s, e)]


def _content_tokens(
    tok: Token, lemma: str, comp: Token, s_tok: int, e_tok: int
) -> tuple[int, int, tuple[int, int] | None]:
    """The complement's token extent widened to what PolNeAR counts as content (the
    object of 'accused X of Y', a raised subject, 'what it calls', a reason), cut
    before a trailing aside, punctuation trimmed; and the gap of a raised subject."""
    doc = tok.doc
    if comp.dep_ in ("pobj", "oprd", "pcomp", "xcomp", "appos"):
        s_tok = _with_object(tok, s_tok)
    gap: tuple[int, int] | None = None
    if comp.dep_ == "xcomp" and _raises_subject(tok, lemma):
        s_tok, gap = _with_raised_subject(tok, comp, s_tok)
    for child in tok.lefts:
        if child.dep_ == "dobj" and child.lower_ in ("what", "which") and child.i < s_tok:
            s_tok = child.i  # 'what it calls "a witch hunt"'
    if comp.dep_ == "dobj":
        e_tok = _with_reason(tok, e_tok)
    e_tok = _cut_writer_aside(comp, s_tok, e_tok)
    e_tok = _before_own_speech(tok, comp, s_tok, e_tok)
    while e_tok > s_tok and (doc[e_tok].is_punct or doc[e_tok].is_space):
        e_tok -= 1
    while s_tok < e_tok and (doc[s_tok].is_punct or doc[s_tok].is_space):
        s_tok += 1
    return without_complementiser(doc, s_tok, e_tok), e_tok, gap


def _cut_writer_aside(head: Token, s_tok: int, e_tok: int) -> int:
    """End the content before a trailing aside that is the writer's, not the source's:
    ', who …' / ', which …' about a named entity ('the Taliban, who have long refused …')
    or reporting speech of its own ('…, which it said crashed …'); a participle that is
    speech of its own (', adding that …'); a ', more than …' gloss.

    Why not every trailing clause (an earlier rule also cut at a dash
    gloss, at any participle, relative clause and appositive): on real news the reported
    clause runs on through them ('… since mid-September — the first time …', '… a tuft
    cell — a cell type most often …', '…, allowing PG&E to begin restoring power', '… were
    momentous, groundbreaking advances'); ATTRIBUTION-GUIDELINE §3 takes the full clause,
    and PolNeAR train (300 articles) scored the same without those cuts (F1 0.701, exact
    0.476)."""
    doc = head.doc
    for i in range(s_tok + 3, e_tok):
        if doc[i].text != ",":
            continue
        n = doc[i + 1]
        adj = None
        rel = _relative_clause(n)
        if rel is not None and (doc[i - 1].pos_ == "PROPN" or rel.head.pos_ == "PROPN" or _reports(rel)):
            adj = rel
        elif n.tag_ == "VBG" and n.dep_ in ("advcl", "acl", "xcomp") and n.lemma_.lower() in PARTICIPLE_SPEECH:
            adj = n
        elif n.lower_ in ("more", "less") and n.dep_ in ("amod", "advmod", "npadvmod"):
            adj = n.head if n.head.i > n.i else n
        if adj is not None and adj.right_edge.i >= e_tok:
            return i - 1
    return e_tok


def _relative_clause(word: Token) -> Token | None:
    """The relative clause that ``word`` ('which', 'who', 'whose') opens, if any ('which it
    said crashed …': the clause's verb is 'said', the relative word hangs on 'crashed')."""
    if word.lower_ not in ("which", "who", "whose"):
        return None
    for tok in (word.head, word.head.head):
        if tok.dep_ == "relcl":
            return tok
    return None


def _reports(verb: Token) -> bool:
    """A speech verb with a subject of its own ('which it said …'): another attribution."""
    return verb.lemma_.lower() in SPEECH_LEMMAS and any(
        c.dep_ == "nsubj" and c.lower_ not in ("which", "who") for c in verb.children)


def _before_own_speech(cue: Token, comp: Token, s_tok: int, e_tok: int) -> int:
    """'claimed they were being treated well and asked their governments to help': a
    speech verb conjoined to the content's verb, in the cue's own tense and with no subject
    of its own, is the speaker's next act of speech (the parser hangs it on the nearer
    verb), not part of what was said: the content ends before its conjunction. So does the
    same cue with a subject of its own ('Six in 10 voters said A, and three-quarters said
    B'): another source's statement."""
    doc = cue.doc
    for conj in comp.children:
        if (conj.dep_ != "conj" or conj.pos_ != "VERB" or conj.tag_ != cue.tag_ or conj.i > e_tok
                or conj.lemma_.lower() not in SPEECH_LEMMAS):
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children) and conj.lemma_ != cue.lemma_:
            continue  # 'said A, and three-quarters said B': the same cue with a subject is another source's
        end = conj.left_edge.i - 1
        while end > s_tok and (doc[end].dep_ == "cc" or doc[end].is_punct):
            end -= 1
        if end > s_tok + 1:
            return end
    return e_tok


def without_complementiser(doc: Doc, s_tok: int, e_tok: int) -> int:
    """'said that the plan was dead': the complementiser 'that' only links the clause to its
    cue; ATTRIBUTION-GUIDELINE §3 leaves it out of the content ('whether' / 'if' stay, and a
    'that' the clause is about - 'said that was wrong' - is its subject, not a marker).
    PolNeAR starts its contents at 'that' (1714 of 15025 train contents start with it)."""
    first = doc[s_tok]
    if s_tok < e_tok and first.lower_ == "that" and _marks_clause(first):
        return s_tok + 1
    return s_tok


def _marks_clause(that: Token) -> bool:
    """A 'that' introducing a clause: the parser's marker, or the 'advmod' it makes of one
    when it takes the clause for a relative clause ('told a meeting that few …')."""
    if that.dep_ == "dobj" and that.head.dep_ == "relcl":
        # 'told the paper that he fought …' (``_tells_someone``): the object the parser made of it
        return _tells_someone(that.head.head.head, that.head)
    return that.dep_ == "mark" or (that.dep_ == "advmod" and that.head.dep_ == "relcl")


def _with_object(tok: Token, s_tok: int) -> int:
    """'painted Romney as a rich guy', 'accused Clinton of lying', 'urged him to resign':
    the object belongs to the content (train exact F1 +0.006)."""
    for child in tok.children:
        if child.dep_ == "dobj" and tok.i < child.i < s_tok:
            s_tok = child.left_edge.i
        elif _addressee_prep(child) and tok.i < child.i < s_tok and doc_next_is_infinitive(tok.doc, s_tok):
            s_tok = child.i + 1  # 'called on the government to raise wages': 'the government to …'
    return s_tok


#: prepositions that name whom a directive addresses ('call on X to', 'appeal to X to')
_ADDRESSEE_PREPS = frozenset({"on", "upon", "to"})


def _addressee_prep(child: Token) -> bool:
    """'on' in 'called on the government', 'to' in 'appealed to residents': the addressee's
    preposition, with its object."""
    return child.dep_ == "prep" and child.lower_ in _ADDRESSEE_PREPS and any(
        c.dep_ == "pobj" for c in child.children)


def doc_next_is_infinitive(doc: Doc, i: int) -> bool:
    """Whether the token at ``i`` opens an infinitive ('to raise wages')."""
    return doc[i].tag_ == "TO" and i + 1 < len(doc) and doc[i + 1].tag_ == "VB"


def _raises_subject(tok: Token, lemma: str) -> bool:
    """'seems to', and an agentless passive ('Trump is expected to speak'): the subject
    is raised out of the content (train exact F1 +0.002)."""
    return lemma in EVIDENTIAL or (
        tok.tag_ == "VBN" and any(c.dep_ == "nsubjpass" for c in tok.lefts)
        and not any(c.dep_ == "agent" for c in tok.children))


def _with_raised_subject(tok: Token, comp: Token, s_tok: int) -> tuple[int, tuple[int, int] | None]:
    """'the senator seemed to be losing ground': the subject is part of the content, the
    impression verb between them is not (PolNeAR: two pieces)."""
    gap: tuple[int, int] | None = None
    for child in tok.lefts:
        if child.dep_ in ("nsubj", "nsubjpass") and child.left_edge.i < s_tok:
            gap = (child.right_edge.i, comp.left_edge.i)
            s_tok = child.left_edge.i
    return s_tok, gap


def _with_reason(tok: Token, e_tok: int) -> int:
    """'blasted the media for being "dishonest"': the reason belongs to the content."""
    for child in tok.rights:
        if child.dep_ == "prep" and child.i == e_tok + 1 and child.lower_ in OBJ_PREPS:
            e_tok = child.right_edge.i
    return e_tok


def _third_person(verb: Token) -> bool:
    """A verb with a subject that is not 'I' / 'we' / 'you' ('Trump thinks', not 'I think')."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and not any(c.lower_ in ("i", "we", "you") for c in subjects)


def _noun_content(
    st: QuoteState, tok: Token, dstarts: list[int], dspans: list[tuple[int, int]], mark_pos: list[int]
) -> Candidate | None:
    """'Trump's claim that the vote was rigged', 'a warning that …', 'her pledge to …':
    the clause a speech noun governs is the content; a possessive names the source."""
    doc = st.doc
    comp = None
    for child in tok.rights:
        if child.dep_ in ("acl", "ccomp", "relcl") and child.pos_ in ("VERB", "AUX"):
            first = child.left_edge
            if first.lower_ == "that" and first.dep_ == "mark" or (
                child.dep_ == "acl" and first.lower_ == "to" and lemma_takes_to(tok)
            ):
                comp = child
                break
    if comp is None:
        return None
    s_tok, e_tok = comp.left_edge.i, comp.right_edge.i
    while e_tok > s_tok and (doc[e_tok].is_punct or doc[e_tok].is_space):
        e_tok -= 1
    if e_tok - s_tok < 2 or any(st.quoted[i] for i in range(s_tok, e_tok + 1)):
        return None
    s_tok = without_complementiser(doc, s_tok, e_tok)
    s, e = same_paragraph(st, tok, doc[s_tok].idx, doc[e_tok].idx + len(doc[e_tok].text))
    if e - s < 3 or overlaps(st, dstarts, dspans, s, e):
        return None
    k = bisect.bisect_left(mark_pos, s - 1)
    kind = "mixed" if k < len(mark_pos) and mark_pos[k] < e else "indirect"
    cand = Candidate(pieces=[(s, e)], kind=kind, cue_tok=tok, cue_text=tok.text,
                     cue_bounds=(tok.idx, tok.idx + len(tok.text)), speaker_tok=None, speaker_bounds=None,
                     confidence=NOUN_CONTENT)
    for child in tok.lefts:
        if child.dep_ == "poss":
            give_speaker(st, cand, child)
            assert cand.speaker_bounds is not None  # give_speaker just set it (mention_bounds)
            if st.text[cand.speaker_bounds[1] - 2:cand.speaker_bounds[1]] in ("'s", "’s"):
                cand.speaker_bounds = (cand.speaker_bounds[0], cand.speaker_bounds[1] - 2)
    if cand.speaker_tok is None and (source := _noun_source(tok, comp)) is not None:
        give_speaker(st, cand, source)
    if cand.speaker_tok is None and tok.dep_ in ("dobj", "pobj") and tok.head.i != tok.i:
        # 'Officials voiced concern that …': the one who holds the noun's content
        head = tok.head.head if tok.dep_ == "pobj" else tok.head
        subj = subject_of(head) if head.pos_ in ("VERB", "AUX") else None
        if subj is not None and not st.quoted[subj.i]:
            give_speaker(st, cand, subj)
    return cand


def _noun_source(noun: Token, comp: Token) -> Token | None:
    """'a report by the BBC that …', 'a warning from the agency that …': the source a speech
    noun names with 'by' / 'from' before its clause (ATTRIBUTION-GUIDELINE H7)."""
    for child in noun.rights:
        if child.i < comp.i and child.dep_ == "prep" and child.lower_ in ("by", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("PROPN", "NOUN"):
                return pobj
    return None


def same_paragraph(st: QuoteState, cue: Token, s: int, e: int) -> tuple[int, int]:
    """Clip a content to the cue's paragraph (a headline without a full stop is
    parsed into the next sentence); an empty result means no content."""
    text = st.text
    ps, pe = paragraph_bounds(text, cue.idx)
    s, e = max(s, ps), min(e, pe)
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",.;:"):
        e -= 1
    return (s, e) if e > s else (s, s)


def _parenthetical(
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
    cand = _reported(pieces, "indirect", REPORTED_CLAUSE)
    fill_cue(st, cand, tok, tok.sent.start_char, tok.sent.end_char)
    if after is not None and subj is None:
        give_speaker(st, cand, named_appositive(st, after))
    return cand


#: dependents after the cue that give an 'as' clause content of its own ('as he said goodbye,
#: …', 'as she explained the rules, …'): then 'as' means 'while', and nothing is reported
_OWN_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "advcl", "conj", "attr", "acomp"})


def _as_frame(st: QuoteState, tok: Token, taken: _Taken) -> Candidate | None:
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
    s_tok, e_tok = head.left_edge.i, head.right_edge.i
    if left > s_tok and doc[left - 1].text != ",":
        return None
    pieces = _pieces_around(doc, s_tok, e_tok, left, right)
    if pieces is None or any(st.quoted[i] for i in range(s_tok, e_tok + 1)):
        return None
    ps, pe = paragraph_bounds(st.text, tok.idx)
    pieces = [(max(a, ps), min(b, pe)) for a, b in pieces if min(b, pe) - max(a, ps) >= 3]
    if not pieces or overlaps(st, taken.dstarts, taken.spans, pieces[0][0], pieces[-1][1]):
        return None
    cand = _reported(pieces, "indirect", REPORTED_CLAUSE)
    fill_cue(st, cand, tok, tok.sent.start_char, tok.sent.end_char)
    return cand


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


def _content_head(
    st: QuoteState, tok: Token, lemma: str, deps: tuple[str, ...] | None = None
) -> Token | None:
    """The dependent of a reporting verb that holds what was said (or None)."""
    ps, pe = paragraph_bounds(st.text, tok.idx)
    # a paragraph without a full stop gets parsed into the next one: stay in ours
    children = [c for c in tok.children if ps <= c.idx < pe]
    if lemma == "make":
        # "made (it) clear that ...": the clause under "clear"
        for child in children:
            if child.dep_ in ("ccomp", "oprd", "acomp", "xcomp") and child.lower_ in CLEAR_WORDS:
                for gc in child.children:
                    if gc.dep_ in ("ccomp", "advcl"):
                        return gc
                for other in children:
                    if other.dep_ == "ccomp" and other.i > child.i:
                        return other
        return None
    for dep in deps or INDIRECT_FRAMES.get(lemma, ()):
        if dep.startswith("prep_"):
            word = dep[5:]
            # 'accused X of Y': the preposition may hang on the verb or on its object
            holders = children + [g for c in children if c.dep_ == "dobj" for g in c.rights]
            for child in holders:
                if child.dep_ == "prep" and child.lower_ == word:
                    for gc in child.children:
                        if gc.dep_ in ("pobj", "pcomp"):
                            return gc
            continue
        best = None
        for child in children:
            if child.dep_ == dep and (best is None or subtree_width(child) > subtree_width(best)):
                best = child
        if best is not None and not (dep == "ccomp" and best.lower_ in CLEAR_WORDS):
            return best
    if deps is None and lemma in SPEECH_LEMMAS:
        return _misattached_that_clause(st, tok, children)
    return None


#: cues whose object is whom they addressed: 'told the paper that he fought …' is a clause
#: told, not a paper that he fought (the parser's relative pronoun object)
_TOLD_CUES = frozenset({"tell", "inform", "assure", "remind", "warn", "notify", "convince"})


def _tells_someone(cue: Token, relcl: Token) -> bool:
    """'told the paper that …': a telling verb whose object, the noun the clause hangs on, is
    someone who can be told (a person, an institution, a name), not 'telling insight that …'."""
    noun = relcl.head
    return (cue.lemma_.lower() in _TOLD_CUES and cue.dep_ != "amod" and noun.head.i == cue.i
            and noun.dep_ in ("dobj", "dative")
            and (noun.pos_ in ("PROPN", "PRON") or noun.lemma_.lower() in SPEAKER_NOUNS))


def _misattached_that_clause(st: QuoteState, tok: Token, children: list[Token]) -> Token | None:
    """'told a meeting of leaders that few people understood …': the small parser hangs
    the complement clause on the nearest noun as a relative clause; take it back."""
    for child in children:
        if child.i < tok.i or child.dep_ not in ("dobj", "prep", "npadvmod", "dative"):
            continue
        for t in child.subtree:
            if t.dep_ != "relcl" or t.i - t.left_edge.i < 2:
                continue
            first = t.left_edge
            that_dep = ("mark", "advmod", "dobj") if _tells_someone(tok, t) else ("mark", "advmod")
            if first.lower_ == "that" and first.dep_ in that_dep and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != "that" for c in t.children
            ):
                return t
    return None


def overlaps(st: QuoteState, dstarts: list[int], spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) overlaps one of the sorted direct-quote ``spans``."""
    k = bisect.bisect_right(dstarts, e)
    for j in range(max(0, k - 3), k):
        ds, de = spans[j]
        if ds < e and s < de:
            return True
    return False


def _per_source(st: QuoteState, tok: Token) -> bool:
    """'Yersinia pestis, per the WHO, is often found …', '…, one commenter said, per Feng': 'per'
    set off by commas (or opening its sentence) before a source that can speak is 'according
    to' (not '$5 per person', 'per year', 'per se')."""
    doc = st.doc
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None or not (pobj.pos_ == "PROPN" or pobj.i in st.ent_by_tok or can_speak(st, pobj)) \
            or pobj.pos_ not in ("PROPN", "NOUN") or pobj.ent_type_ in NON_SPEAKER_TYPES:
        return False
    before = doc[tok.i - 1] if tok.i > tok.sent.start else None
    after = doc[tok.right_edge.i + 1] if tok.right_edge.i + 1 < len(doc) else None
    return (before is None or before.text == ",") and (after is None or after.text in (",", ".", ";"))


def _according(st: QuoteState, tok: Token) -> Candidate | None:
    """'according to X' (or 'per X'): the clause around it is X's."""
    doc = st.doc
    if tok.lower_ == "per":
        phrase_end = tok.right_edge.i
    elif tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return None
    else:
        to = doc[tok.i + 1]
        phrase_end = to.right_edge.i if to.right_edge.i > to.i else min(len(doc) - 1, to.i + 1)
    sent = tok.sent
    ps, pe = tok.i, phrase_end
    # content = the rest of the sentence; a phrase in the middle ('At the heart of it,
    # according to Ross, was a decision …') leaves a piece on each side of it
    if ps - sent.start <= 1:
        ranges = [(pe + 1, sent.end - 1)]
    else:
        ranges = [(sent.start, ps - 1), (pe + 1, sent.end - 1)]
    pieces: list[tuple[int, int]] = []
    for k, (s_tok, e_tok) in enumerate(ranges):
        if k == 0 and len(ranges) == 2:
            s_tok = _after_last_dash(doc, s_tok, e_tok)
        while s_tok <= e_tok and (doc[s_tok].is_punct or doc[s_tok].is_space):
            s_tok += 1
        while e_tok >= s_tok and (doc[e_tok].is_punct or doc[e_tok].is_space):
            e_tok -= 1
        if e_tok - s_tok < (2 if not pieces else 1) and not (k == 0 and _holds_subject(doc, s_tok, e_tok)):
            continue  # a lead-in ('So, according to …'), not a subject ('Yersinia pestis, per the WHO, is …')
        if pieces and _writers_participle(doc, s_tok):
            break  # '…, according to two people familiar with the matter, adding to a series of …'
        if any(st.quoted[i] for i in range(s_tok, e_tok + 1)):
            if pieces:
                break  # the rest is a direct quote of its own
            return None
        pieces.append((doc[s_tok].idx, doc[e_tok].idx + len(doc[e_tok].text)))
    if not pieces:
        return None
    cand = _reported(pieces, "indirect", REPORTED_CLAUSE)
    fill_cue(st, cand, tok, sent.start_char, sent.end_char)
    return cand


def _holds_subject(doc: Doc, s_tok: int, e_tok: int) -> bool:
    """Whether tokens ``s_tok``..``e_tok`` hold a subject of the clause after them."""
    return any(doc[i].dep_ in ("nsubj", "nsubjpass") and doc[i].head.i > e_tok for i in range(s_tok, e_tok + 1))


def _after_last_dash(doc: Doc, s_tok: int, e_tok: int) -> int:
    """Where the clause 'according to X' follows starts: after the last spaced dash before it
    ('It's unclear whether … — both actors were said to …, according to The Hollywood
    Reporter'): the dash joins the writer's own sentence to the reported one."""
    for i in range(e_tok - 3, s_tok, -1):
        if doc[i].text in ("—", "–", "--") and doc[i - 1].whitespace_:
            return i + 1
    return s_tok


def _writers_participle(doc: Doc, s_tok: int) -> bool:
    """A piece after 'according to X' that opens with a participle ('…, adding to a mounting
    series of problems') is the writer's comment on the news, not the source's words."""
    return doc[s_tok].tag_ == "VBG" and doc[s_tok].dep_ in ("advcl", "acl", "xcomp", "conj", "ROOT")


def _in_source(st: QuoteState, tok: Token) -> Candidate | None:
    """'In a CBS News poll released Monday, 50 percent …': the poll is the source."""
    doc = st.doc
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in SOURCE_NOUNS:
        return None
    pe = tok.right_edge.i
    if pe + 1 >= len(doc) or doc[pe + 1].text != ",":
        return None
    sent = tok.sent
    s_tok, e_tok = pe + 2, sent.end - 1
    while e_tok >= s_tok and (doc[e_tok].is_punct or doc[e_tok].is_space):
        e_tok -= 1
    if e_tok - s_tok < 2 or any(st.quoted[i] for i in range(s_tok, e_tok + 1)):
        return None
    for i in range(s_tok, e_tok + 1):
        t = doc[i]
        if t.pos_ == "VERB" and t.lemma_.lower() in VERB_CUES and subject_of(t) is not None:
            # 'In a statement, Husted said …', 'In an interview, Webb confessed …, admitting
            # that …': the verb frame names the source
            return None
    s, e = same_paragraph(st, tok, doc[s_tok].idx, doc[e_tok].idx + len(doc[e_tok].text))
    if e - s < 3:
        return None
    cand = _reported([(s, e)], "indirect", IN_SOURCE)
    cand.cue_tok, cand.cue_text = tok, tok.text
    cand.cue_bounds = (tok.idx, tok.idx + len(tok.text))
    cand.speaker_tok = pobj
    cand.speaker_bounds = (pobj.left_edge.idx, pobj.idx + len(pobj.text))
    return cand

