"""Speaker mentions: the mention a cue's frame names as its speaker.

A frame's subject, 'according to''s object or the first nominal of an inverted frame
('said Kerry'), the named person of an appositive, widened to every conjunct of 'X and Y'.
Who that mention is (an entity, a pronoun's antecedent, ANON) is ``speakers``' job.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..entities import Entity
from .gender import first_name_gender
from .records import Candidate
from .sources import document_noun
from .subject_gaps import appositive_owner_before, skip_cue_adverbs, unattached_name
from .syntax import mention_bounds, speaks_when_passive, subject_of
from .word_lists import IMPERSONAL_SUBJECTS, TOLD_THAT_CUES

#: spaCy entity types that never speak ('Tuesday said', '50 years of talking')
NON_SPEAKER_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})

if TYPE_CHECKING:  # pragma: no cover (state imports this module)
    from .state import QuoteState


def speaker_for(st: QuoteState, cue: Token, s: int, e: int) -> Token | None:
    """The speaker mention of a cue's frame [s, e): its subject, 'according to''s object,
    or the first nominal of an inverted frame ('said Kerry')."""
    if cue.lower_ == "per":
        return next((c for c in cue.children if c.dep_ == "pobj"), None)
    if cue.lower_ == "according":
        for child in cue.children:
            if child.lower_ == "to":
                for gc in child.children:
                    if gc.dep_ == "pobj":
                        return gc
        nxt = cue.i + 2
        if nxt < len(st.doc):
            return st.doc[nxt]
        return None
    if (has := contracted_perfect_subject(cue)) is not None and not st.quoted[has.i]:
        return named_appositive(st, has)
    subj = subject_of(cue)
    passive = next((c for c in cue.children if c.dep_ == "nsubjpass" and not speaks_when_passive(cue)), None)
    if subj is None and passive is not None:
        # 'Both actors were said to …', 'Smith was told that …': the passive's subject is what
        # or whom it was said to; only a document the cue happens in can speak
        return document_of_impersonal(passive, cue)
    if not speaks_when_passive(cue) and (
        agentless_passive(cue) if subj is None else reduced_passive(cue, subj) and not subject_of_a_quoted_verb(st, subj)
    ):
        return None  # 'Among the hundreds trapped were said to be pupils', 'when asked about …'
    if (misread := name_read_as_function_word(st, cue, s, e)) is not None and (subj is None or subj.i > cue.i):
        return misread
    if subj is not None and (doc_noun := document_of_impersonal(subj, cue)) is not None:
        return doc_noun
    if subj is not None and subj.ent_type_ in NON_SPEAKER_TYPES:
        # 'Saturday at the convention Sen. Elizabeth Warren said': a date or number the
        # parse made the subject gives way to the last person named before the cue
        subj = last_person(st, subj.i + 1, cue.i) or subj
    if (glued := glued_name_before(st, cue)) is not None and (subj is None or st.quoted[subj.i]):
        return glued
    if subj is not None and not st.quoted[subj.i]:
        dl_end = st.dateline_end(subj.idx) if st.datelines else None
        if dl_end is None:
            return named_appositive(st, subj)
        # 'HALDEN — The city council said': the place of the dateline is no speaker
        if dl_end < cue.idx:
            return first_name_in(st, dl_end, cue.idx)
        return None
    if (near := noun_phrase_before(st, cue, s)) is not None:
        return named_appositive(st, near)
    # inverted frames ("said Kerry") or a misparse: first nominal in the frame
    for ti in st.ix.tokens_between(s, e):
        tok = st.doc[ti]
        if ti == cue.i or st.quoted[ti]:
            continue
        if (tok.pos_ in ("PROPN", "PRON", "NOUN") and tok.lower_ not in ("it", "statement")
                and tok.ent_type_ not in NON_SPEAKER_TYPES):
            # prefer the head of a compound
            while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i and s <= tok.head.idx < e:
                tok = tok.head
            if tok.dep_ == "poss" and tok.head.i != tok.i and s <= tok.head.idx < e:
                tok = tok.head  # 'said Veltron's chief executive': the executive speaks
            return named_appositive(st, tok)
    return None


def name_read_as_function_word(st: QuoteState, cue: Token, s: int, e: int) -> Token | None:
    """'"…," Will wrote', '"…," says Early, a broker': a capitalised word the tagger read as a
    modal just before a cue not in its base form (no modal precedes 'wrote'), or as a modal,
    adverb or adjective just after the cue (none is capitalised inside a sentence), standing
    alone (the next word is no capitalised one: 'said Former Governor Ames' is a title), is a
    surname."""
    doc = st.doc
    before = doc[cue.i - 1] if cue.i > 0 else None
    if (before is not None and before.tag_ == "MD" and cue.tag_ in ("VBD", "VBN", "VBZ") and lone_capitalised(before)
            and s <= before.idx and not st.quoted[before.i]):
        return before
    after = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    if (after is not None and after.tag_ in ("MD", "RB", "JJ") and lone_capitalised(after)
            and after.idx < e and not st.quoted[after.i]):
        return after
    return None


#: A closing quote mark (a curly one, or a straight one after the quote's last punctuation: not
#: 'Clinton:"We', an opening one) with no space before the capitalised name that follows it.
_GLUED_NAME = re.compile(r"(?:”|[,.!?]\")(?P<name>[A-Z][\w’'.-]*)$")


def glued_name_start(tok: Token) -> int | None:
    """'…back down,”Clinton said': with no space after the closing mark the tokenizer makes one
    token of the quote's last word and the subject's name; the name after the mark (its offset)
    is the speaker."""
    m = _GLUED_NAME.search(tok.text)
    return tok.idx + m.start("name") if m is not None and m.start() > 0 else None


def glued_name_before(st: QuoteState, cue: Token) -> Token | None:
    """The token just before the cue when it ends in a name glued to a closing mark."""
    if cue.i == 0 or not st.quoted[cue.i - 1]:
        return None
    tok = st.doc[cue.i - 1]
    return tok if glued_name_start(tok) is not None else None


def lone_capitalised(tok: Token) -> bool:
    """A capitalised word ('Will', 'Early') not followed by another capitalised word."""
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    return tok.is_title and tok.is_alpha and (nxt is None or not nxt.is_title)


def contracted_perfect_subject(cue: Token) -> Token | None:
    """'"…," he’s said', "Smith's told reporters that …": spaCy reads the contracted 'has' as
    the passive's 'is'; a passive 'is said' needs its infinitive ('he's said to be …'), so
    without one the contraction is a perfect and its subject speaks."""
    if not any(c.dep_ == "auxpass" and c.lower_ in ("'s", "’s") for c in cue.children):
        return None
    if any(c.dep_ == "xcomp" for c in cue.children):
        return None
    return next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("PRON", "PROPN", "NOUN")
                 and c.i < cue.i and c.lower_ not in IMPERSONAL_SUBJECTS), None)  # "it's revealed that …": a passive


def agentless_passive(cue: Token) -> bool:
    """'were said to be', with no subject of its own: a passive naming no one who said it."""
    return any(c.dep_ == "auxpass" for c in cue.children)


def reduced_passive(cue: Token, subj: Token) -> bool:
    """'Heyward did not respond when asked about the decision': a bare past participle hung
    on another verb is a passive whose subject, found on that verb, was asked, not asking
    (no agent: 'when asked by reporters' names them through ``subject_of``)."""
    if cue.tag_ != "VBN" or subj.i > cue.i or any(c.dep_ in ("aux", "auxpass", "agent", "nsubj") for c in cue.children):
        return False
    if announces_a_that_clause(cue):
        return False
    if cue.dep_ == "advcl":  # 'when asked', 'if told'
        return any(c.dep_ in ("advmod", "mark") and c.lower_ in SUBORDINATORS for c in cue.children)
    # 'Lopez, asked about the plan, said …' (not a misparsed 'a lawyer … asked for …')
    return cue.dep_ == "acl" and cue.i > 0 and cue.doc[cue.i - 1].text == "," and not unattached_name(subj)


def subject_of_a_quoted_verb(st: QuoteState, subj: Token) -> bool:
    """'Ann Vega, the party's nominee, tweeted in reply: "We …"': spaCy may read the finite verb
    as a participle and make the name the subject of a verb inside the quotation, which no name
    outside the marks can be; the name is then the subject of the cue ('Lopez, asked about it,
    said …' keeps its own verb outside the marks)."""
    verb = subj.head
    return subj.dep_ in ("nsubj", "nsubjpass") and verb.i != subj.i and st.quoted[verb.i] and not st.quoted[subj.i]


def announces_a_that_clause(cue: Token) -> bool:
    """"Acme's parent, the Acme Group, announced on Monday that it …": spaCy may read the finite
    verb after an appositive as a participle; a participle with a 'that' clause of its own is
    active (no passive of 'announce' keeps its clause), unless it tells a person something
    ('Lopez, told that he had lost, said …')."""
    return cue.lemma_.lower() not in TOLD_THAT_CUES and any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in cue.children)


#: Words that open a reduced clause ('when asked', 'if told', 'once informed').
SUBORDINATORS = frozenset("when whenever if once after before as unless until while though although".split())


def document_of_impersonal(subj: Token, cue: Token) -> Token | None:
    """"it's revealed in Eurogamer's review that …", 'it is stated in the report that …': an
    impersonal passive names its source as the document the cue happens in (its owner, if
    named, speaks: ``sources.document_owner``)."""
    if subj.lower_ != "it" or subj.dep_ not in ("nsubjpass", "expl") or subj.head.i != cue.i:
        return None
    for prep in cue.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and document_noun(pobj):
                    return pobj
    return None


def noun_phrase_before(st: QuoteState, cue: Token, s: int) -> Token | None:
    """The head of the noun phrase ending just before a cue the parse gave no subject: spaCy
    hangs a subject on an earlier phrase ('after employees of a car dealership said',
    'Tuesday in New York City, …, former president Bill Clinton said', 'In a statement to the
    Observer, her senior policy adviser, Jake Sullivan, said:'), and the first nominal of the
    sentence is then a place or a date. Across a comma only an appositive counts ('… more
    troops, said Kerry': 'troops' is the content's)."""
    j = skip_cue_adverbs(cue, cue.i - 1)
    comma = j >= 0 and st.doc[j].text == ","
    if comma:
        j -= 1
    if j < 0 or st.doc[j].idx < s or st.quoted[j]:
        return None
    tok = st.doc[j]
    if comma and tok.dep_ != "appos" and (owner := appositive_owner_before(st, tok, cue)) is not None:
        return owner if owner.idx >= s else None
    if tok.pos_ not in ("PROPN", "NOUN") or tok.ent_type_ in NON_SPEAKER_TYPES or not word_like(tok.text):
        return None
    if tok.dep_ in ("dobj", "dative", "attr", "oprd"):
        return None  # "He criticized Clinton's track record said …": an object is no speaker
    if comma:
        if tok.dep_ != "appos":
            return None
        if tok.i not in st.ent_by_tok:
            tok = tok.head  # "Christie, New Jersey's sitting governor, repeated": Christie
    while tok.dep_ in ("compound", "flat") and tok.i < tok.head.i < cue.i:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head.head  # 'employees of a car dealership': the employees
    return tok


def word_like(text: str) -> bool:
    """A token that is one word or name ('1Xtra', 'U.S.', 'O’Malley'), not a tokenizer's
    run of punctuation and letters ('history”—and')."""
    return any(ch.isalpha() for ch in text) and all(ch.isalnum() or ch in ".-'’&" for ch in text)


def last_person(st: QuoteState, lo: int, hi: int) -> Token | None:
    """The last PERSON named in tokens [lo, hi) outside quote marks, as the head of its
    compound within that range."""
    for ti in range(hi - 1, lo - 1, -1):
        ent = st.ent_by_tok.get(ti)
        if ent is not None and ent.label == "PERSON" and not st.quoted[ti]:
            tok = st.doc[ti]
            while tok.dep_ in ("compound", "flat") and lo <= tok.head.i < hi and tok.head.i != tok.i:
                tok = tok.head
            return tok
    return None


def give_speaker(st: QuoteState, cand: Candidate, tok: Token) -> None:
    """``tok`` is ``cand``'s speaker mention (bounds widened to its name, and to the last
    of its conjuncts: 'Vindman and Williams told …' names both). A possessive marker stands
    for its owner ("Trump’s claim": Trump, not "’s")."""
    if tok.dep_ == "case" and tok.head.i != tok.i:
        tok = tok.head
    cand.speaker_tok = tok
    s, e = mention_bounds(tok, st.ent_by_tok)
    if (glued := glued_name_start(tok)) is not None:
        s = max(s, glued)
    parts = conjuncts(tok)
    if len(parts) > 1:
        e = max(e, mention_bounds(parts[-1], st.ent_by_tok)[1])
    cand.speaker_bounds = (s, e)


def conjuncts(tok: Token) -> list[Token]:
    """'Vindman and Williams', 'he and his wife Kali', 'Lee, Ortiz and Shah': the nominal heads
    joined by 'and' to ``tok`` (``tok`` first); just ``tok`` when there are none. In 'A, B and C'
    the parser hangs the 'and' on B, not on A, so the 'and' may sit on any but the last."""
    parts = [tok]
    while (nxt := next((c for c in parts[-1].rights if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON")),
                       None)) is not None:
        parts.append(nxt)
    joined = any(c.dep_ == "cc" and c.lower_ in ("and", "&") for p in parts[:-1] for c in p.rights)
    return parts if joined else [tok]


def named_appositive(st: QuoteState, tok: Token) -> Token:
    """'the company's chief executive, Sara Lindholm': the named person, when given; 'the
    station, Radio 1Xtra,': a common noun's named organisation (the fullest name the article
    gives, ATTRIBUTION-GUIDELINE §3)."""
    if tok.i in st.ent_by_tok and st.ent_by_tok[tok.i].label == "PERSON":
        return tok
    for child in appositive_candidates(tok):
        ent = st.ent_by_tok.get(child.i)
        if ent is not None and (person_name(ent) or (ent.label == "ORG" and tok.pos_ == "NOUN")):
            return child
    return tok


def person_name(ent: Entity) -> bool:
    """A PERSON, or a full name spaCy labelled otherwise whose first name is a known one
    ('Eva-Marie Persson' tagged ORG)."""
    if ent.label == "PERSON":
        return True
    return ent.label in ("ORG", "NORP", "GPE") and len(ent.text.split()) > 1 and first_name_gender(ent.text) is not None


def appositive_candidates(tok: Token) -> list[Token]:
    """Appositives of ``tok``, and of the noun of its 'of' phrase ("deputy director of
    public prosecutions, Eva-Marie Persson,": spaCy may hang the name on 'prosecutions')."""
    out = [c for c in tok.rights if c.dep_ == "appos"]
    for prep in tok.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    out.extend(c for c in pobj.rights if c.dep_ == "appos")
    return out


def first_name_in(st: QuoteState, s: int, e: int) -> Token | None:
    """The first name-like token in [s, e), climbing to the head of a compound."""
    for ti in st.ix.tokens_between(s, e):
        tok = st.doc[ti]
        if tok.pos_ in ("PROPN", "NOUN", "PRON") or ti in st.ent_by_tok:
            while tok.dep_ in ("compound", "flat") and s <= tok.head.idx < e and tok.head.i != tok.i:
                tok = tok.head
            return tok
    return None


def fill_cue(st: QuoteState, cand: Candidate, cue: Token, fs: int, fe: int) -> None:
    """Give ``cand`` its cue and the speaker mention of that cue's frame [fs, fe)."""
    st.used_cues.add(cue.i)
    cue_s, cue_e = cue.idx, cue.idx + len(cue.text)
    cue_text = cue.text
    if cue.lower_ == "according" and cue.i + 1 < len(st.doc):
        cue_e = st.doc[cue.i + 1].idx + len(st.doc[cue.i + 1].text)
        cue_text = st.text[cue_s:cue_e]
    cand.cue_tok = cue
    cand.cue_text = cue_text
    cand.cue_bounds = (cue_s, cue_e)
    sp = speaker_for(st, cue, fs, fe)
    if sp is not None:
        give_speaker(st, cand, sp)
