"""Sources named by a phrase rather than a reporting verb: 'according to X', 'per X', 'In a
poll, …', and the clause of a speech noun ('Trump's claim that …', 'a warning from the agency
that …').

Why apart: no verb frames these; the content is the rest of the sentence around the phrase (or
the noun's clause), and the source is the phrase's object or the noun's possessive.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from .clause_edges import without_opening_conjunction
from .clause_extent import without_complementiser
from .clause_runs import past_dash_aside
from .lexicon import PREDICATE_NOUNS, SOURCE_NOUNS, SPEECH_LEMMAS, VERB_CUES, lemma_takes_to
from .records import Candidate
from .report_spans import content_in_paragraph, reported, same_paragraph
from .scores import IN_SOURCE, NOUN_CONTENT, REPORTED_CLAUSE
from .sources import can_speak, person_or_institution_noun
from .speaker_mentions import NON_SPEAKER_TYPES, fill_cue, give_speaker
from .state import QuoteState
from .syntax import is_cue, last_word, subject_of
from .word_lists import CALL_MAKING_VERBS, CALL_NOUNS


def noun_content(
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
                child.dep_ == "acl" and _opens_infinitive(first) and lemma_takes_to(tok)
            ):
                comp = child
                break
    predicate = comp is None and tok.lemma_.lower() in PREDICATE_NOUNS
    if predicate:
        comp = predicate_clause(tok)
    if comp is None:
        return _called_for(st, tok, dstarts, dspans)
    s_tok, e_tok = comp.left_edge.i, comp.right_edge.i
    if (verb := main_verb_inside(tok, comp)) is not None:
        e_tok = verb.i - 1
    else:
        e_tok = past_dash_aside(doc, e_tok)
    e_tok = last_word(doc, s_tok, e_tok)
    if e_tok - s_tok < 2 or any(st.quoted[i] for i in range(s_tok, e_tok + 1)):
        return None
    s_tok = without_complementiser(doc, s_tok, e_tok)
    span = content_in_paragraph(st, tok, s_tok, e_tok, dstarts, dspans)
    if span is None:
        return None
    s, e = span
    k = bisect.bisect_left(mark_pos, s - 1)
    kind = "mixed" if k < len(mark_pos) and mark_pos[k] < e else "indirect"
    cand = Candidate(pieces=[(s, e)], kind=kind, cue_tok=tok, cue_text=tok.text,
                     cue_bounds=(tok.idx, tok.idx + len(tok.text)), speaker_tok=None, speaker_bounds=None,
                     confidence=NOUN_CONTENT)
    _owner_or_source(st, cand, tok, comp)
    if cand.speaker_tok is None and tok.dep_ in ("dobj", "pobj") and tok.head.i != tok.i:
        # 'Officials voiced concern that …': the one who holds the noun's content
        head = tok.head.head if tok.dep_ == "pobj" else tok.head
        subj = subject_of(head) if head.pos_ in ("VERB", "AUX") else None
        if subj is not None and not st.quoted[subj.i]:
            give_speaker(st, cand, subj)
    if predicate and cand.speaker_tok is None:
        return None  # 'The message is that …' with no one named: no source (H7)
    return cand


def _owner_or_source(st: QuoteState, cand: Candidate, tok: Token, comp: Token) -> None:
    """The speaker a speech noun names itself: its possessive ('Trump's claim'), else its 'by' /
    'from' phrase ('a warning from the agency')."""
    for child in tok.lefts:
        if child.dep_ == "poss":
            give_speaker(st, cand, child)
            assert cand.speaker_bounds is not None  # give_speaker just set it (mention_bounds)
            if st.text[cand.speaker_bounds[1] - 2:cand.speaker_bounds[1]] in ("'s", "’s"):
                cand.speaker_bounds = (cand.speaker_bounds[0], cand.speaker_bounds[1] - 2)
    if cand.speaker_tok is None and (source := _noun_source(tok, comp)) is not None:
        give_speaker(st, cand, source)


def _called_for(st: QuoteState, tok: Token, dstarts: list[int], dspans: list[tuple[int, int]]) -> Candidate | None:
    """'the mayor's call for an independent audit', 'the coach made a plea for patience': a call
    or plea for something is a demand (ATTRIBUTION-GUIDELINE §1 'call for'), the object of its
    'for' what was demanded; only with the caller named in the sentence (H7): its owner, or the
    subject of a verb of making it ('the team got a wake-up call for …' is no one's demand)."""
    if tok.lemma_.lower() not in CALL_NOUNS:
        return None
    # 'made a plea for calm': the parser may hang the 'for' on the verb, right after the noun
    holders = list(tok.rights) + [c for c in tok.head.rights if tok.dep_ == "dobj" and c.i == tok.right_edge.i + 1]
    prep = next((c for c in holders if c.dep_ == "prep" and c.lower_ == "for"), None)
    obj = None if prep is None else next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None or any(st.quoted[i] for i in range(obj.left_edge.i, obj.right_edge.i + 1)):
        return None
    span = content_in_paragraph(st, tok, obj.left_edge.i, last_word(st.doc, obj.left_edge.i, obj.right_edge.i),
                                dstarts, dspans)
    if span is None:
        return None
    cand = Candidate(pieces=[span], kind="indirect", cue_tok=tok, cue_text=tok.text,
                     cue_bounds=(tok.idx, tok.idx + len(tok.text)), speaker_tok=None, speaker_bounds=None,
                     confidence=NOUN_CONTENT)
    _owner_or_source(st, cand, tok, obj)
    if (cand.speaker_tok is None and tok.dep_ == "dobj" and tok.head.lemma_.lower() in CALL_MAKING_VERBS
            and (subj := subject_of(tok.head)) is not None):
        if can_speak(st, subj) and not st.quoted[subj.i]:
            give_speaker(st, cand, subj)  # 'the coach made a plea for …'
    return cand if cand.speaker_tok is not None else None


def _opens_infinitive(first: Token) -> bool:
    """'to reopen the talks', 'not to do so': an infinitive clause, negated or not, opens with
    'to' or with 'not to' (the advice not to act is as much advice)."""
    nxt = first.nbor(1) if first.i + 1 < len(first.doc) else None
    return first.lower_ == "to" or (first.lower_ == "not" and nxt is not None and nxt.lower_ == "to")


def predicate_clause(noun: Token) -> Token | None:
    """'The mayor's answer was that the city could not pay': a speech noun subject of 'be' whose
    'that' clause, the copula's complement, is what was answered (ATTRIBUTION-GUIDELINE H7)."""
    head = noun.head
    if noun.dep_ != "nsubj" or head.lemma_ != "be":
        return None
    return next((c for c in head.rights if c.dep_ == "ccomp" and c.left_edge.lower_ == "that"
                 and c.left_edge.dep_ == "mark"), None)


def main_verb_inside(noun: Token, comp: Token) -> Token | None:
    """'Officials' announcement that the bridge would close angered drivers': the parser, finding
    no verb for the subject, makes the speech noun the sentence's root and reads its main verb as an
    adjective or a second verb of the clause; the first past form after the clause's own verb is the
    sentence's verb, where what was announced ends."""
    if noun.dep_ != "ROOT" or noun.left_edge.i != noun.sent.start:
        return None
    for t in noun.doc[comp.i + 1:comp.right_edge.i]:
        if _past_form(t) and not noun.doc[t.i - 1].is_punct:
            return t
    return None


def _past_form(t: Token) -> bool:
    """A word that reads as a past-tense verb ('angered', 'puzzled', 'drew') whatever the tagger made of it."""
    return t.tag_ in ("VBD", "JJ", "VBN") and t.lower_.endswith("ed") and t.dep_ == "amod" or t.tag_ == "VBD" and t.dep_ == "dep"


def _noun_source(noun: Token, comp: Token) -> Token | None:
    """'a report by the BBC that …', 'a warning from the agency that …': the source a speech
    noun names with 'by' / 'from' before its clause (ATTRIBUTION-GUIDELINE H7)."""
    for child in noun.rights:
        if child.i < comp.i and child.dep_ == "prep" and child.lower_ in ("by", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("PROPN", "NOUN"):
                return pobj
    return None


def per_source(st: QuoteState, tok: Token) -> bool:
    """'Yersinia pestis, per the WHO, is often found …', '…, one commenter said, per Feng': 'per'
    set off by commas (or opening its sentence) before a source that can speak is 'according
    to' (not '$5 per person', 'per year', 'per se')."""
    doc = st.doc
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.pos_ not in ("PROPN", "NOUN") or pobj.ent_type_ in NON_SPEAKER_TYPES:
        return False
    if pobj.pos_ == "NOUN" and pobj.i not in st.ent_by_tok and not can_speak(st, pobj):
        return False
    before = doc[tok.i - 1] if tok.i > tok.sent.start else None
    after = doc[tok.right_edge.i + 1] if tok.right_edge.i + 1 < len(doc) else None
    return (before is None or before.text == ",") and (after is None or after.text in (",", ".", ";"))


#: Tokens an appositive of the source may run to ('his aunt, Jane Starner,').
MAX_APPOSITIVE = 8


def with_appositive(st: QuoteState, end: int, src: Token | None) -> int:
    """The end of 'according to X' with X's appositive set off by commas, which the parse may
    leave out of the phrase: the name of a person X names by role ('according to his aunt, Jane
    Starner, he was …') or the role of a person X names ('per Feng, an NPR reporter, …'); not
    'according to the report, Smith, the mayor, was …'."""
    doc = st.doc
    if src is None or end + 2 >= len(doc) or doc[end + 1].text != ",":
        return end
    j = end + 2
    while j < len(doc) and j - end <= MAX_APPOSITIVE and doc[j].text not in (",", ".", ";") and not doc[j].is_space:
        j += 1
    if j >= len(doc) or doc[j].text != "," or j == end + 2:
        return end
    words = doc[end + 2:j]
    by_role = src.pos_ == "NOUN" and person_or_institution_noun(src.lemma_)
    named = by_role and all(t.pos_ == "PROPN" for t in words) and doc[end + 2].ent_type_ == "PERSON"
    role = src.pos_ == "PROPN" and words.root.pos_ == "NOUN" and person_or_institution_noun(words.root.lemma_) \
        and words[0].dep_ in ("det", "poss")
    return j if named or role else end


#: parts of speech of a relative clause without a relative word ('people I spoke to')
_CONTACT_POS = frozenset({"PRON", "AUX", "VERB", "ADP", "PART", "ADV"})


def with_contact_clause(doc: Doc, end: int) -> int:
    """The end of 'according to X' with a relative clause of X that has no relative word
    ('But according to people I spoke with, the mayor knew …'), which the parse may leave
    out of the phrase: a pronoun subject and its verb up to the comma belong to the source."""
    if end + 3 >= len(doc) or doc[end + 1].pos_ != "PRON" or doc[end + 1].dep_ not in ("nsubj", "nsubjpass"):
        return end
    for j in range(end + 2, min(end + 7, len(doc))):
        if doc[j].text == ",":
            words = doc[end + 1:j]
            has_verb = any(t.pos_ == "VERB" for t in words)
            return j - 1 if has_verb and all(t.pos_ in _CONTACT_POS for t in words) else end
    return end


def according(st: QuoteState, tok: Token) -> Candidate | None:
    """'according to X' (or 'per X'): the clause around it is X's."""
    doc = st.doc
    if tok.lower_ == "per":
        phrase_end = tok.right_edge.i
    elif tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return None
    else:
        to = doc[tok.i + 1]
        phrase_end = to.right_edge.i if to.right_edge.i > to.i else min(len(doc) - 1, to.i + 1)
    src = next((c for c in (tok if tok.lower_ == "per" else doc[tok.i + 1]).children if c.dep_ == "pobj"), None)
    phrase_end = with_contact_clause(doc, with_appositive(st, phrase_end, src))
    sent = tok.sent
    ps, pe = tok.i, phrase_end
    if (back := _sentence_pointed_back(st, sent, ps, pe)) is not None:
        cand = reported([back], "indirect", REPORTED_CLAUSE)
        fill_cue(st, cand, tok, sent.start_char, sent.end_char)
        return cand
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
        s_tok = without_opening_conjunction(doc, s_tok, e_tok) if s_tok <= e_tok else s_tok
        if k == 0 and len(ranges) == 2:
            s_tok = _after_as_frame(doc, s_tok, e_tok)
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
    cand = reported(pieces, "indirect", REPORTED_CLAUSE)
    fill_cue(st, cand, tok, sent.start_char, sent.end_char)
    return cand


#: 'That's according to …', 'This is according to …': the phrase's clause says nothing but
#: points back to the sentence before it.
_POINTING = frozenset({"that", "this"})


def _sentence_pointed_back(st: QuoteState, sent: Span, ps: int, pe: int) -> tuple[int, int] | None:
    """The sentence before ``sent`` in its paragraph, when ``sent`` is only 'That's according to
    X.' ('Teens love AirPods more than ever. That's according to a new survey from …')."""
    doc = st.doc
    words = [t for t in doc[sent.start:ps] if not t.is_punct]
    rest = [t for t in doc[pe + 1:sent.end] if not (t.is_punct or t.is_space)]
    if rest or len(words) != 2 or words[0].lower_ not in _POINTING or words[1].lemma_ != "be" or sent.start == 0:
        return None
    before = doc[sent.start - 1].sent
    start, end = same_paragraph(st, doc[ps], before.start_char, before.end_char)
    return (start, end) if end - start >= 20 else None


def _holds_subject(doc: Doc, s_tok: int, e_tok: int) -> bool:
    """Whether tokens ``s_tok``..``e_tok`` hold a subject of the clause after them."""
    return any(doc[i].dep_ in ("nsubj", "nsubjpass") and doc[i].head.i > e_tok for i in range(s_tok, e_tok + 1))


def _after_last_dash(doc: Doc, s_tok: int, e_tok: int) -> int:
    """Where the clause 'according to X' follows starts: after the last spaced dash before it
    ('It's unclear whether … — both actors were said to …, according to The Hollywood
    Reporter'): the dash joins the writer's own sentence to the reported one."""
    if _dashes_all_paired(doc, s_tok, e_tok):
        return s_tok
    for i in range(e_tok - 3, s_tok, -1):
        if doc[i].text in ("—", "–", "--") and doc[i - 1].whitespace_ and not _verbless_gloss(doc, i + 1, e_tok):
            return i + 1
    return s_tok


def _dashes_all_paired(doc: Doc, s_tok: int, e_tok: int) -> bool:
    """'The county logged 212 burglaries — most in empty holiday homes — according to the sheriff':
    dashes that pair up set off an aside inside the reported clause, so none of them starts it."""
    dashes = [i for i in range(s_tok + 1, e_tok + 1) if doc[i].text in ("—", "–", "--") and doc[i - 1].whitespace_]
    return bool(dashes) and len(dashes) % 2 == 0


def _verbless_gloss(doc: Doc, s_tok: int, e_tok: int) -> bool:
    """'There was a lot of it — about 300 tons, according to X': what follows the dash has no
    verb, a gloss of the clause before it, so the dash does not start the reported clause."""
    return not any(t.pos_ in ("VERB", "AUX") for t in doc[s_tok:e_tok + 1])


def _after_as_frame(doc: Doc, s_tok: int, e_tok: int) -> int:
    """'As the engineer noted at the time, the bridge needed repairs, according to X': a leading
    'as' clause of a speech verb is another source's frame, not part of what X reports."""
    mark = doc[s_tok]
    verb = mark.head
    if mark.lower_ != "as" or mark.dep_ != "mark" or verb.dep_ != "advcl" or not is_cue(verb, SPEECH_LEMMAS):
        return s_tok
    end = verb.right_edge.i + 1
    if end > e_tok or doc[end].text != ",":
        return s_tok
    return end + 1


def _writers_participle(doc: Doc, s_tok: int) -> bool:
    """A piece after 'according to X' that opens with a participle ('…, adding to a mounting
    series of problems') is the writer's comment on the news, not the source's words."""
    return doc[s_tok].tag_ == "VBG" and doc[s_tok].dep_ in ("advcl", "acl", "xcomp", "conj", "ROOT")


def in_source(st: QuoteState, tok: Token) -> Candidate | None:
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
    cand = reported([(s, e)], "indirect", IN_SOURCE)
    cand.cue_tok, cand.cue_text = tok, tok.text
    cand.cue_bounds = (tok.idx, tok.idx + len(tok.text))
    cand.speaker_tok = pobj
    cand.speaker_bounds = (pobj.left_edge.idx, pobj.idx + len(pobj.text))
    return cand
