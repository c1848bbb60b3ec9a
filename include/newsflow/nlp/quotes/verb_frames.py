"""Reporting verbs' frames: which dependent of a verb holds what was said (its clause, its
object, an 'of' phrase, …) and whether that counts only with quote marks in it.

Why apart: finding the content's head is a question of the frame lexicon
(``lexicon.INDIRECT_FRAMES``) and of the small parser's habits (a complement clause hung on a
noun, a second object made an appositive); how far the content then runs is
``clause_extent``'s.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Token

from .clause_tails import another_sources_report
from .lexicon import (
    CLEAR_WORDS,
    CUE_LEMMAS,
    FORMULA_OBJECT_CUES,
    INDIRECT_FRAMES,
    PARTICIPLE_SPEECH,
    QUOTE_VERB_DEPS,
    QUOTE_VERBS,
    REPLY_NOUNS,
    REQUEST_FRAME_LEMMAS,
    SPEAKER_NOUNS,
    SPEECH_LEMMAS,
    THIRD_PERSON_FRAMES,
    VERB_CUES,
)
from .marks import paragraph_bounds
from .message_objects import of_phrase_of_a_thing, phrasal_message_object
from .not_speech import NOUN_PHRASE_CUES
from .state import QuoteState
from .syntax import set_off_before, subtree_width


class Frame(NamedTuple):
    """A reporting verb's content head (None: only a colon frame can follow) and whether
    the content counts only with quote marks in it ('called it "a joke"')."""

    comp: Token | None
    quote_only: bool


def verb_frame(st: QuoteState, tok: Token, lemma: str) -> Frame | None:
    """Which dependent of the verb holds its content; None when the verb has no frame."""
    if tok.dep_ == "parataxis" and lemma in SPEECH_LEMMAS and tok.head.i != tok.i:
        return Frame(tok.head, False)  # 'X, he said, Y' / 'X, he said.': content around the frame
    if closing_tag_read_as_conjunct(tok, lemma):
        return Frame(tok.head, False)  # '…, but it is under pressure, said its chief executive.'
    if lemma in CUE_LEMMAS:
        return _cue_lemma_frame(st, tok, lemma)
    if lemma in THIRD_PERSON_FRAMES and _third_person(tok):
        # 'Trump thinks that …' is attributed thought; 'I think' in a quote is not
        comp = _content_head(st, tok, lemma, THIRD_PERSON_FRAMES[lemma])
        return None if comp is None else Frame(comp, False)
    if lemma in QUOTE_VERBS:
        # weaker cues ("called it ...") count only with quote marks in the content
        comp = _content_head(st, tok, lemma, QUOTE_VERB_DEPS)
        return None if comp is None else Frame(comp, True)
    # 'kept pounding Trump as a “con artist”': any verb casting its object as something
    # in quote marks characterises it in the source's words
    comp = _content_head(st, tok, lemma, ("prep_as",))
    if comp is None or not any(c.dep_ == "dobj" for c in tok.children):
        return None
    return Frame(comp, True)


#: dependents that give a verb content of its own: with one it reports, not closes, a clause
_OWN_CONTENT = frozenset({"ccomp", "xcomp", "advcl", "conj", "oprd", "acomp", "attr"})


def closing_tag_read_as_conjunct(tok: Token, lemma: str) -> bool:
    """'The plant is open, but it is under pressure from imports, said its chief executive.',
    '…, his aide, Tad Devine, told The Huffington Post.': the small parser coordinates a closing
    tag with the clause before it; a speech verb set off by a comma (no 'and' / 'but' of its own),
    with its subject and nothing said after it, closing the sentence, is the tag of that clause."""
    head = tok.head
    if tok.dep_ != "conj" or lemma not in SPEECH_LEMMAS or head.i >= tok.i or tok.tag_ not in ("VBD", "VBZ", "VBP"):
        return False
    kids = list(tok.children)
    subj = next((c for c in kids if c.dep_ == "nsubj"), None)
    if subj is None or any(c.dep_ in _OWN_CONTENT or c.dep_ == "cc" for c in kids):
        return False
    left = min(subj.left_edge.i, tok.i)
    rest = [t for t in tok.doc[tok.right_edge.i + 1:tok.sent.end] if not t.is_punct]
    return (left - head.left_edge.i >= 4 and tok.doc[left - 1].text == "," and not rest
            and not any(c.dep_ == "dobj" and c.i > tok.i and subtree_width(c) > 4 for c in kids))


def _cue_lemma_frame(st: QuoteState, tok: Token, lemma: str) -> Frame:
    """A verb of the frame lexicon: its own frames, then the third-person ones ('want'
    has frames for everyone and one for 'he wants …'), then quote-only ones."""
    comp = _content_head(st, tok, lemma)
    if comp is None and lemma in THIRD_PERSON_FRAMES and _third_person(tok):
        comp = _content_head(st, tok, lemma, THIRD_PERSON_FRAMES[lemma])
    if comp is None and lemma in CALLING_LEMMAS:
        comp = _called_appositive(tok)
    if comp is None and lemma in QUOTE_VERBS:
        comp = _content_head(st, tok, lemma, QUOTE_VERB_DEPS)
        return Frame(comp, comp is not None)
    if comp is None and lemma in NOUN_PHRASE_CUES:
        comp = _content_head(st, tok, lemma, ("dobj",)) or _passive_subject_with_agent(tok)
    if comp is None:
        comp = phrasal_message_object(tok)
    if comp is not None and of_phrase_of_a_thing(tok, comp):
        # 'told a meeting of leaders that …': not the 'of' phrase; the clause the parser misplaced
        kids = list(tok.children)
        comp = _misattached_that_clause(st, tok, kids) or _clause_before_a_closing_tag(tok, kids)
    if comp is not None and lemma in REQUEST_FRAME_LEMMAS and _request_put_to_the_source(tok, comp):
        return Frame(None, False)
    return Frame(comp, False)


def _request_put_to_the_source(tok: Token, comp: Token) -> bool:
    """'Asked for an example, Young said …', 'asked them for comment': a request verb in the
    passive, or asking for a reply, is the question put to the source, not the source's demand."""
    return comp.head.lower_ == "for" and (tok.tag_ == "VBN" or comp.lemma_.lower() in REPLY_NOUNS)


def _passive_subject_with_agent(tok: Token) -> Token | None:
    """'A photo of the meeting was denied by Andrew': a bare-object speech act in the passive
    with its agent named; what was denied is the passive's subject (ATTRIBUTION-GUIDELINE H3),
    the agent speaks (``subject_of`` takes it)."""
    if not any(c.dep_ == "agent" and any(g.dep_ == "pobj" for g in c.children) for c in tok.children):
        return None
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.i < tok.i and tok.head.pos_ == "NOUN":
        return tok.head  # 'condemned the unilateral move announced on Monday by Mike Pompeo'
    return next((c for c in tok.children if c.dep_ == "nsubjpass"), None)


def one_word_message(cue: Token, lemma: str, comp: Token) -> bool:
    """'Trump has claimed victory', 'Google confirmed this': a one-word object of a verb whose
    bare object is what was communicated is a whole content (ATTRIBUTION-GUIDELINE H3), when a
    third party speaks ('we have said this before' is the writer; 'jobs that demand speed' no one)."""
    return (comp.dep_ == "dobj" and comp.head.i == cue.i and comp.i > cue.i and lemma in NOUN_PHRASE_CUES - FORMULA_OBJECT_CUES
            and (comp.pos_ in ("NOUN", "PROPN") or comp.lower_ in ("this", "that"))
            and _third_person(cue) and not any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in cue.children))


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


def _third_person(verb: Token) -> bool:
    """A verb with a subject that is not 'I' / 'we' / 'you' ('Trump thinks', not 'I think')."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and not any(c.lower_ in ("i", "we", "you") for c in subjects)


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
            if word == "for" and (clause := _for_to_clause(children)) is not None:
                return clause
            continue
        best = None
        own = [c for c in children if c.dep_ == dep]
        for child in own:
            if (_sentence_before_semicolon(tok, child, own) or _speech_participle_of_its_own(tok, child, own)
                    or any(o.i < child.i for o in own) and another_sources_report(child)):
                continue
            if best is None or subtree_width(child) > subtree_width(best):
                best = child
        if best is not None and not (dep == "ccomp" and best.lower_ in CLEAR_WORDS):
            return best
    if deps is None and lemma in SPEECH_LEMMAS:
        return (_misattached_that_clause(st, tok, children) or _clause_before_a_closing_tag(tok, children)
                or _opening_read_as_subject(tok, children))
    return None


def _for_to_clause(children: list[Token]) -> Token | None:
    """'lobbied for the board to delay classes', 'appealed for residents to stay indoors': the parser
    reads 'for X to Y' as a clause opened by 'for', not as the preposition's object; it is what
    was asked for all the same (ATTRIBUTION-GUIDELINE H8)."""
    return next((c for c in children if c.dep_ == "advcl" and c.left_edge.lower_ == "for"
                 and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)
                 and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)


def _sentence_before_semicolon(tok: Token, child: Token, own: list[Token]) -> bool:
    """'Six in 10 said they would watch the debate; 30 percent said they had not decided': the
    small parser hangs the clause before a semicolon on the verb after it;
    a semicolon closes a sentence of its own, so with a clause of its own after it the verb
    reports that one, not the clause before."""
    return (child.i < tok.i and any(t.text == ";" for t in tok.doc[child.right_edge.i + 1:tok.i])
            and any(c.i > tok.i for c in own))


def _speech_participle_of_its_own(tok: Token, child: Token, own: list[Token]) -> bool:
    """'the union called for the director to step down, calling her "a danger"': a speech participle set
    off by a comma after the verb is a speech act of its own (``PARTICIPLE_SPEECH``), so with
    another clause of the same kind the verb reports that one."""
    return (child.i > tok.i and child.tag_ == "VBG" and child.lemma_.lower() in PARTICIPLE_SPEECH
            and tok.doc[child.left_edge.i - 1].text == "," and any(c.i != child.i for c in own))


#: cues whose object is whom they addressed: 'told the paper that he fought …' is a clause
#: told, not a paper that he fought (the parser's relative pronoun object)
_TOLD_CUES = frozenset({"tell", "inform", "assure", "remind", "warn", "notify", "convince"})


def tells_someone(cue: Token, relcl: Token) -> bool:
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
            if _that_clause_of_a_relative(t):
                return t
            if t.dep_ != "relcl" or t.i - t.left_edge.i < 2:
                continue
            first = t.left_edge
            that_dep = ("mark", "advmod", "dobj") if tells_someone(tok, t) else ("mark", "advmod")
            if first.lower_ == "that" and first.dep_ in that_dep and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != "that" for c in t.children
            ):
                return t
    return None


def _that_clause_of_a_relative(t: Token) -> bool:
    """'told a few thousand teachers who covered the lawn that the Legislature should …': the
    parser hangs the 'that' clause on the relative clause's verb, which reports nothing."""
    head = t.head
    return (t.dep_ == "ccomp" and t.left_edge.lower_ == "that" and t.left_edge.dep_ == "mark"
            and head.dep_ == "relcl" and head.lemma_.lower() not in VERB_CUES and head.lemma_.lower() not in INDIRECT_FRAMES
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children))


def _clause_before_a_closing_tag(tok: Token, children: list[Token]) -> Token | None:
    """'The official way … is by pounds, not by value, an agency spokesman told reporters.': the
    parser made the reported clause a modifier of the closing tag's verb, not its complement;
    the phrase that opens the sentence, up to the comma before the tag's subject, is what was said.
    So is an opening phrase parsed as the verb's indirect object ('…, a spokesman told us'): in
    English that object never comes before its verb."""
    subject = next((c for c in children if c.dep_ == "nsubj" and c.i < tok.i), None)
    if subject is None or tok.i + 3 < tok.sent.end - 1:
        return None  # no subject, or more than an addressee after the verb: not a closing tag
    comma = subject.left_edge.i - 1
    for child in children:
        if (child.i < comma and child.dep_ in ("npadvmod", "dep", "advcl", "nsubj", "dative")
                and child.left_edge.i == tok.sent.start and _reaches_the_tag(tok, child, subject, comma)
                and tok.doc[comma].text == "," and comma - child.left_edge.i >= 4
                and not any(t.is_quote for t in child.subtree)):
            return child
    return None


def _opening_read_as_subject(tok: Token, children: list[Token]) -> Token | None:
    """'The closure of the mill signals "the end of an era" for the valley, said Ruth Ames': with
    the opening's verb read as a noun, the parser makes the whole opening a subject of the
    inverted closing tag, which has its true subject after it; a verb has one subject, so the
    one before the comma is what was said."""
    before = next((c for c in children if c.dep_ == "nsubj" and c.i < tok.i), None)
    after = next((c for c in children if c.dep_ == "nsubj" and c.i > tok.i), None)
    if before is None or after is None or tok.i < 2:
        return None
    opens = before.left_edge.i <= tok.sent.start + 1 and tok.i - before.left_edge.i >= 5
    return before if opens and set_off_before(tok, before) else None


def _reaches_the_tag(tok: Token, child: Token, subject: Token, comma: int) -> bool:
    """'… is by pounds, not by value, a spokesman told us': the opening phrase runs up to the comma
    before the tag's subject, or stops short of it where the rest hangs on the tag's verb too."""
    return child.right_edge.i >= comma - 1 or all(
        any(c.i < comma and c.i != subject.i and c.left_edge.i <= t.i <= c.right_edge.i for c in tok.lefts)
        for t in tok.doc[child.right_edge.i + 1:comma])
