"""The speaker of a cue the parse gave no subject, read off the words right before the cue.

Why apart from ``speakers``: a sentence that opens with an adjunct ('In a conference call on
Monday, Col. Mark Dunne, a military spokesman, said …', 'At a rally in Dayton, Janet Moore
also complained …') often leaves spaCy's cue without a subject: the name hangs on the
adjunct's noun as an appositive, and the frame's first nominal is then the adjunct's ('a
conference call'). These rules find the person named just before the cue; ``speakers`` asks
them only when the frame has no subject of its own. The same gap opens in a colon frame
(``direct``): a title quoted inside it cuts off its subject, and a headline 'Name on Topic:'
gets a subject from the topic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from .layout_patterns import TOPIC_LABEL_RE
from .sources import person_or_institution_noun

if TYPE_CHECKING:  # pragma: no cover (state imports speakers, which imports this module)
    from .state import QuoteState


def skip_cue_adverbs(cue: Token, j: int) -> int:
    """The index before the adverbs that modify the cue and stand right before it ('Janet
    Moore also complained', 'the mayor then said'): the speaker precedes them."""
    doc = cue.doc
    while j >= 0 and doc[j].pos_ == "ADV" and doc[j].dep_ == "advmod" and doc[j].head.i == cue.i:
        j -= 1
    return j


def appositive_owner_before(st: QuoteState, tok: Token, cue: Token) -> Token | None:
    """'Col. Mark Dunne, a military spokesman in Kabul, said': the token before the comma ends
    an appositive ('a military spokesman in Kabul') whose head names the speaker; the named
    person (or a noun for people) it is set beside, else None. A place or a thing in such a
    phrase is no speaker ('troops to Kabul, the capital, said …')."""
    cur = tok
    while cur.dep_ != "appos" and cur.head.i != cur.i and cur.head.i < cue.i and cur.head.right_edge.i <= tok.i + 1:
        cur = cur.head
    if cur.dep_ != "appos" or cur.head.i == cur.i:
        return None
    for cand in (cur.head, cur):
        if names_a_person(st, cand):
            return cand
    return None


def names_a_person(st: QuoteState, tok: Token) -> bool:
    """A PERSON entity, or a common noun for people ('spokesman', 'officials')."""
    ent = st.ent_by_tok.get(tok.i)
    if ent is not None:
        return ent.label == "PERSON"
    return tok.pos_ == "NOUN" and person_or_institution_noun(tok.lemma_)


def unattached_name(subj: Token) -> bool:
    """'Mitt Romney, the party's nominee, tweeted in response: "…"': spaCy may take the finite
    verb for a participle of the name and leave the name the subject of no verb (ROOT, 'dep');
    the verb is then the name's own, not a reduced passive ('Lopez, asked about it, said …',
    where 'Lopez' is the subject of 'said')."""
    return subj.dep_ in ("ROOT", "dep") and subj.pos_ in ("PROPN", "NOUN")


def clause_subject_before(st: QuoteState, last: Token) -> Token | None:
    """'Ann Buckley, who phoned in from the set of “Rivers,” had a similar experience: “…”': a
    title quoted inside the introducing clause cuts its frame after the subject; the subject
    of the verb that the frame's last word ``last`` hangs on, written before it in the same
    sentence outside quote marks, still introduces the quote."""
    verb = last
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.sent.start != last.sent.start:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.i > last.i or st.quoted[subj.i] or subj.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    return None if subj.lower_ == "it" else subj


def topic_label_name(st: QuoteState, ps: int, colon: int) -> Token | None:
    """'Kirby on Lee Releasing Her Transcripts: ‘I Think She Will.’': a paragraph opening with
    'Name on Topic:' (a headline's form) gives the name's words on the topic; the small model
    parses such a Title Case line badly and finds a subject in the topic. The head of the name."""
    if ps > 0 and st.text[ps - 1] != "\n":
        return None
    m = TOPIC_LABEL_RE.fullmatch(st.text, ps, colon)
    if m is None:
        return None
    toks = st.ix.tokens_between(m.start(1), m.end(1))
    if not len(toks) or any(st.doc[ti].pos_ not in ("PROPN", "NOUN") for ti in toks):
        return None
    if not any(st.doc[ti].pos_ == "PROPN" for ti in toks):
        return None  # 'Reaction on Twitter:' names no one
    return st.doc[toks[-1]]
