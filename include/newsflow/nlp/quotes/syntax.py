"""Parse-tree and sentence helpers the passes share (mentions, subjects, adjuncts).

Why apart: they read one token or one string and know nothing of a pass's state, so
each is testable on a parsed sentence alone.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..entities import Entity
from .lexicon import (
    ALL_MARKS,
    CAUSATIVE_LEMMAS,
    COMMUNICATION_FRAME_LEMMAS,
    DIRECTIVE_LEMMAS,
    MENTION_LEFT_DEPS,
    PARTICIPLE_SPEECH,
    SPEAKER_NOUNS,
    SPEECH_LEMMAS,
)
from .not_speech import EVALUATIVE_CUES
from .records import Quote


def is_cue(tok: Token, lemmas: frozenset[str]) -> bool:
    """A reporting verb of ``lemmas``, one of the commonest reporting forms, or 'put it' ('As
    Gaiman put it, "…"', 'as one fan put it')."""
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lemmas or (
        tok.lower_ in ("said", "says", "say", "told", "tells", "added", "asked", "wrote")
    ) or (tok.lower_ in ("put", "puts") and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children))


def last_word(doc: Doc, s_tok: int, e_tok: int) -> int:
    """``e_tok`` moved back over punctuation and spaces, never before ``s_tok``: where a content
    cut at a clause's right edge really ends."""
    while e_tok > s_tok and (doc[e_tok].is_punct or doc[e_tok].is_space):
        e_tok -= 1
    return e_tok


#: Words that name a group only with what follows them ('those in favor of punishment', 'many
#: in the space community', 'some close to the talks'): the speaker is the whole phrase.
GROUP_PRONOUNS = frozenset({"those", "these", "many", "some", "others", "few", "several", "most", "all"})


def mention_bounds(tok: Token, entities_by_tok: dict[int, Entity]) -> tuple[int, int]:
    """Character bounds of a compact speaker mention headed by ``tok``."""
    ent = entities_by_tok.get(tok.i)
    if ent is not None:
        return ent.start, ent.end
    left = tok.i
    for child in tok.lefts:
        if child.dep_ in MENTION_LEFT_DEPS:
            left = min(left, child.left_edge.i)
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "prep" and child.lower_ == "of"):
            right = max(right, child.right_edge.i)
        elif child.dep_ == "prep" and child.lower_ == "for" and speaks_for(tok, child):
            right = max(right, child.right_edge.i)  # 'a spokeswoman for the bank': whose
        elif tok.lower_ in GROUP_PRONOUNS and child.dep_ in ("prep", "amod", "acl", "relcl") and child.i == right + 1:
            right = max(right, child.right_edge.i)  # 'Those in favor of punishment', 'many close to him'
    doc = tok.doc
    while left < tok.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > tok.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def speaks_for(tok: Token, prep: Token) -> bool:
    """'a spokeswoman for the bank', 'a lawyer for Holt': a singular noun for a person and a
    'for' phrase naming a party (a name, or a noun with its determiner; not 'for months')."""
    if tok.tag_ != "NN":
        return False
    lemma = tok.lemma_.lower()
    if lemma not in SPEAKER_NOUNS and not lemma.endswith(("man", "woman", "person")):
        return False
    return any(
        p.dep_ == "pobj" and (p.pos_ == "PROPN" or any(c.dep_ in ("det", "poss") for c in p.children))
        for p in prep.children
    )


#: passive cues whose subject is the speaker: 'he was quoted as saying', 'she was heard saying'
SPEAKER_PASSIVES = frozenset({"quote", "hear", "record", "cite", "overhear"})


def speaks_when_passive(cue: Token) -> bool:
    """Whether a passive cue's subject is its speaker ('he was quoted as saying …'), unlike
    'Smith was told that …' (the one told) or 'both were said to …' (what was said)."""
    return cue.lemma_.lower() in SPEAKER_PASSIVES


def subject_of(tok: Token) -> Token | None:
    """nsubj of the cue, climbing through participles/conjuncts ("..., saying", "and added")."""
    cur: Token | None = tok
    for _ in range(4):
        if cur is None:
            return None
        # a passive's agent before its subject: 'Rubio was asked by Baker whether …'
        for child in cur.children:
            if child.dep_ == "agent":
                for gc in child.children:
                    if gc.dep_ == "pobj":
                        return gc
        # the cue's own passive subject is what was said or whom it was said to ('Both actors
        # were said to …', 'Smith was told that …'), not the speaker; a passive further up
        # ('Smith was quoted as saying …') still names its speaker
        subjects = [c for c in cur.children if c.dep_ == "nsubj" or (
            c.dep_ == "nsubjpass" and (cur is not tok or speaks_when_passive(cur)))]
        if subjects:
            return nearest_subject(cur, subjects)
        if (caused := caused_speaker(cur)) is not None:
            return caused
        if cur.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acl", "dep") and cur.head is not cur:
            if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
                obj = cur.head
                if obj.dep_ in ("dobj", "dative") and obj.head.pos_ in ("VERB", "AUX"):
                    # 'emailed supporters saying …': the participle is the emailer's
                    # (spaCy hangs it on the object); climb to that verb's subject
                    cur = obj.head
                    continue
                return obj  # 'a voice over saying …': the noun speaks
            if verdict_after_report(cur):
                cur = cur.head.head  # 'said he had watched … and slammed …': the sayer slammed
                continue
            if (cur.dep_ == "advcl" and cur.tag_ == "VBG" and cur.head.dep_ == "ccomp"
                    and cur.head.head.i != cur.head.i and reports_a_clause(cur.head.head)):
                # 'Trump argued that a wall would work, saying …': spaCy hangs the
                # participle on the reported clause; the arguer is the one saying
                cur = cur.head.head
                continue
            cur = cur.head
            if cur.dep_ == "prep":
                cur = cur.head
                if (cur.dep_ == "pobj" and cur.pos_ == "NOUN" and cur.head.dep_ == "prep"
                        and cur.head.head.pos_ in ("VERB", "AUX")):
                    # 'In addition to stating that …, Clinton has vowed': through the
                    # adjunct's noun to the clause it opens
                    cur = cur.head.head
        else:
            return None
    return None


def verdict_in_the_cues_tense(comp: Token, conj: Token) -> bool:
    """'Trump said he had watched the testimony and slammed the hearings as a "disgrace"': an
    evaluative speech act ('slam', 'praise') conjoined to the reported verb but not in its tense
    cannot share its auxiliary; it is the speaker's next act, in the cue's tense."""
    return conj.lemma_.lower() in EVALUATIVE_CUES and conj.tag_ != comp.tag_


def verdict_after_report(verb: Token) -> bool:
    """The verdict of ``verdict_in_the_cues_tense`` (or another speech act, ``next_speech_act``)
    hung on a reported clause, in the tense of the verb that reports it: that verb's subject speaks."""
    head = verb.head
    if verb.dep_ != "conj" or head.dep_ != "ccomp" or head.head.i == head.i or not in_the_cues_tense(head.head, verb):
        return False
    # a closing tag's clause ('…, called her a "traitor" and said …, the office said') is the
    # source's own narration: only a reporting verb before its clause hands on its subject
    return verdict_in_the_cues_tense(head, verb) or (head.head.i < head.i and next_speech_act(head, verb))


def in_the_cues_tense(cue: Token, verb: Token) -> bool:
    """'He said that … but did not suggest it would be Trump': a verb in the cue's own tense, or
    negated or stressed with 'do' in that tense, can be the cue's subject's next act."""
    if verb.tag_ == cue.tag_:
        return True
    if cue.tag_ == "VB" and any(c.dep_ == "aux" and c.lemma_ == "do" and c.tag_ == verb.tag_ for c in cue.children):
        return True  # 'did say he found it charming and called …': the cue's tense is on its 'did'
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lemma_ == "do" and c.tag_ == cue.tag_ for c in verb.children)


def next_speech_act(comp: Token, conj: Token) -> bool:
    """'said the deaths were caused by gunfire and called on the government to withdraw': a
    speech act or a request conjoined to the reported verb is the source's next statement, not
    part of the first (unless the reported verb is itself a nested speaker's speech)."""
    lemma = conj.lemma_.lower()
    if comp.lemma_.lower() in SPEECH_LEMMAS and lemma not in SPEECH_LEMMAS:
        return False  # 'said the driver told police … and asked …': the nested speaker's acts
    return lemma in SPEECH_LEMMAS or lemma in PARTICIPLE_SPEECH or (
        lemma in DIRECTIVE_LEMMAS and any(c.dep_ in ("xcomp", "prep") for c in conj.children))


def reports_a_clause(verb: Token) -> bool:
    """A verb of saying or of communication ('argued', 'disputed', 'testified'): its clause is
    what was said, so a participle spaCy hangs on that clause is the speaker's ('Her brothers
    disputed that Tom was estranged, saying instead he was shy': the brothers say it)."""
    lemma = verb.lemma_.lower()
    return lemma in SPEECH_LEMMAS or lemma in COMMUNICATION_FRAME_LEMMAS


def caused_speaker(verb: Token) -> Token | None:
    """'its cutback led the French manufacturer to announce …': the infinitive of a causative
    verb is done by the causative's object, not its subject (the cutback announced nothing)."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.i == verb.i or head.lemma_.lower() not in CAUSATIVE_LEMMAS:
        return None
    return next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i), None)


def nearest_subject(verb: Token, subjects: list[Token]) -> Token:
    """One subject of ``verb`` when the parse gave it several: the nearest before the verb.
    spaCy splits a name from what precedes it ('CPUC President Marybel Batjer said',
    'in Salem, New Hampshire, Trump went …': two subjects); an English noun phrase ends
    in its head, so the one next to the verb is the speaker."""
    before = [c for c in subjects if c.i < verb.i]
    after = [c for c in subjects if c.i > verb.i]
    if before and after and set_off_before(verb, before[-1]):
        return head_of_inverted_run(after)
    return before[-1] if before else head_of_inverted_run(subjects)


def set_off_before(verb: Token, subject: Token) -> bool:
    """'The closure signals a new era, said Ruth Ames': a 'subject' the comma sets off
    before an inverted tag that has a subject of its own after it is the opening clause read as
    a noun phrase (``verb_frames``), what was said; the subject after the verb speaks."""
    return subject.right_edge.i in (verb.i - 2, verb.i - 1) and verb.doc[verb.i - 1].text == ","


def head_of_inverted_run(subjects: list[Token]) -> Token:
    """'said study co-author Anna Lindqvist': after the verb the parse may split one noun phrase
    into several subjects ('co', 'Lindqvist'); the phrase ends in its head, so the last subject
    of the run no comma breaks ('…, said Lopez, an aide' keeps 'Lopez')."""
    doc = subjects[0].doc
    best = subjects[0]
    for cand in subjects[1:]:
        if any(doc[j].text in ",;:()" or doc[j].is_quote for j in range(best.i, cand.i)):
            break
        best = cand
    return best


TITLE_SMALL_WORDS = frozenset("a an the and or but nor of in on at to for by with from as vs".split())


def title_like(content: str) -> bool:
    """Title Case ('Legend in the Coal Fields'): the small words stay lower case."""
    words = [w for w in content.split() if w[:1].isalpha() and w.lower() not in TITLE_SMALL_WORDS]
    if not 2 <= len(words) <= 12:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= 0.75 * len(words) and caps >= 2


def subtree_width(tok: Token) -> int:
    """How many tokens the subtree of ``tok`` spans."""
    return tok.right_edge.i - tok.left_edge.i


def sentence_stop(text: str, i: int) -> bool:
    """Whether the period at ``i`` ends a sentence (not "N.C.," / "Mr." / "3.5")."""
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if not (nxt.isspace() or nxt in ALL_MARKS):
        return False
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i]
    if len(word) == 1 and word.isupper():
        return False  # an initial: "Vann R. Newkirk"
    if word in TITLE_ABBREVIATIONS:
        return False  # 'state Del. Marcia Price', 'Sens. Cruz and Rubio'
    if word and (word[0].isupper() and len(word) <= 3 or len(word) == 1):
        k = i + 1
        while k < len(text) and text[k] == " ":
            k += 1
        if k < len(text) and text[k] in ",;:" or (k < len(text) and text[k].islower()):
            return False
    if word in MONTH_ABBREVIATIONS and text[i + 1:i + 3].strip()[:1].isdigit():
        return False  # 'in an Oct. 21 cabinet meeting'
    return True


#: Months as news writes them before a day ('Oct. 21', 'Sept. 3').
MONTH_ABBREVIATIONS = frozenset("Jan Feb Mar Apr Aug Sep Sept Oct Nov Dec".split())


TITLE_ABBREVIATIONS = frozenset(
    """Mr Mrs Ms Dr St Sen Sens Rep Reps Gov Govs Gen Lt Jr Sr Del Col Capt Sgt Adm Maj Cpl Pvt
    Prof Rev Hon Atty Supt Cmdr Insp Det Gens Messrs""".split()
)


def strip_det(s: str) -> str:
    """'the minister' -> 'minister': an anonymous speaker's name without its article."""
    low = s.lower()
    for det in ("the ", "a ", "an "):
        if low.startswith(det):
            return s[len(det):]
    return s


def cue_head(q: Quote, doc: Doc) -> Token | None:
    """The cue's head word, when the cue has offsets in the Doc."""
    if q.cue_start is None or q.cue_end is None:
        return None
    span = doc.char_span(q.cue_start, q.cue_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def content_span(q: Quote, doc: Doc) -> Span | None:
    """The content as one span (its first piece to its last), when it aligns with tokens."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def speaker_span(q: Quote, doc: Doc) -> Span | None:
    """The speaker mention as a span, when the quote has one that aligns with tokens."""
    if q.speaker_start is None or q.speaker_end is None:
        return None
    span = doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand")
    return span if span is not None and len(span) else None
