"""Speakers: the mention a cue's frame names, and who that mention is.

Finding the mention is this module's job: a frame's subject, 'according to''s object or
the first nominal of an inverted frame ('said Kerry'), the named person of an appositive,
widened to every conjunct of 'X and Y'. Who it is: an entity -> its canonical name (unless
the entity only modifies the mention's noun: 'US officials'); a pronoun -> its antecedent
(``pronouns``: 'he'/'she' the nearest person of a fitting gender, 'it'/'they' the nearest
organisation, place or group speaker, 'who' the noun its clause modifies); a transcript
label, a part of a name or a role noun ('the judge') -> the article's one person of that
name or role (``people``); 'X and Y' -> both; else the mention itself (ANON).

Why the searches through the rest of the article live apart (``pronouns``, ``people``):
they read every mention before the speaker, not the frame; what stays here reads the
frame and the mention's own syntax.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..entities import Entity, normalise_key
from ..entity_names import clean_name
from .gender import first_name_gender, in_quote_marks
from .lexicon import PRONOUNS_GROUP, PRONOUNS_PERSON, SOURCE_NOUNS
from .people import person_by_part, person_named, role_person
from .pronouns import Resolved, relative_antecedent, resolve_pronoun
from .records import Candidate, Quote
from .scores import DIRECT_BARE, UNRESOLVED_PRONOUN, VIA_ANTECEDENT
from .sources import (
    NON_SOURCE_CONFIDENCE,
    document_noun,
    document_owner,
    mention_can_speak,
    org_of_kind,
)
from .subject_gaps import appositive_owner_before, skip_cue_adverbs, unattached_name
from .syntax import mention_bounds, speaks_when_passive, strip_det, subject_of

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
    subj = subject_of(cue)
    passive = next((c for c in cue.children if c.dep_ == "nsubjpass" and not speaks_when_passive(cue)), None)
    if subj is None and passive is not None:
        # 'Both actors were said to …', 'Smith was told that …': the passive's subject is what
        # or whom it was said to; only a document the cue happens in can speak
        return document_of_impersonal(passive, cue)
    if not speaks_when_passive(cue) and (agentless_passive(cue) if subj is None else reduced_passive(cue, subj)):
        return None  # 'Among the hundreds trapped were said to be pupils', 'when asked about …'
    if subj is not None and (doc_noun := document_of_impersonal(subj, cue)) is not None:
        return doc_noun
    if subj is not None and subj.ent_type_ in NON_SPEAKER_TYPES:
        # 'Saturday at the convention Sen. Elizabeth Warren said': a date or number the
        # parse made the subject gives way to the last person named before the cue
        subj = last_person(st, subj.i + 1, cue.i) or subj
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


def agentless_passive(cue: Token) -> bool:
    """'were said to be', with no subject of its own: a passive naming no one who said it."""
    return any(c.dep_ == "auxpass" for c in cue.children)


def reduced_passive(cue: Token, subj: Token) -> bool:
    """'Heyward did not respond when asked about the decision': a bare past participle hung
    on another verb is a passive whose subject, found on that verb, was asked, not asking
    (no agent: 'when asked by reporters' names them through ``subject_of``)."""
    if cue.tag_ != "VBN" or subj.i > cue.i or any(c.dep_ in ("aux", "auxpass", "agent", "nsubj") for c in cue.children):
        return False
    if cue.dep_ == "advcl":  # 'when asked', 'if told'
        return any(c.dep_ in ("advmod", "mark") and c.lower_ in SUBORDINATORS for c in cue.children)
    # 'Lopez, asked about the plan, said …' (not a misparsed 'a lawyer … asked for …')
    return cue.dep_ == "acl" and cue.i > 0 and cue.doc[cue.i - 1].text == "," and not unattached_name(subj)


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
    parts = conjuncts(tok)
    if len(parts) > 1:
        e = max(e, mention_bounds(parts[-1], st.ent_by_tok)[1])
    cand.speaker_bounds = (s, e)


def conjuncts(tok: Token) -> list[Token]:
    """'Vindman and Williams', 'he and his wife Kali': the nominal heads joined by 'and'
    to ``tok`` (``tok`` first); just ``tok`` when there are none."""
    out = [tok]
    cur = tok
    while True:
        nxt = next((c for c in cur.rights if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
        if nxt is None or not any(c.dep_ == "cc" and c.lower_ in ("and", "&") for c in cur.rights):
            return out
        out.append(nxt)
        cur = nxt


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


def resolve(st: QuoteState, cand: Candidate, quote_spans: list[tuple[int, int]]) -> Quote:
    """The candidate as a Quote: content trimmed of datelines and run on to a closing
    mark, its speaker mention resolved to a canonical speaker."""
    text = st.text
    pieces = sorted(cand.pieces)
    if st.datelines:
        # 'HALDEN, Norland — Pilots have voted …': the dateline is not the content
        dl_end = st.dateline_end(pieces[0][0])
        if dl_end is not None and dl_end < pieces[0][1]:
            pieces[0] = (dl_end, pieces[0][1])
        if cand.speaker_bounds is not None and st.dateline_end(cand.speaker_bounds[0]) is not None:
            cand.speaker_bounds = cand.speaker_tok = None
    if st.run_opens:
        # 'that waterboarding is “peanuts,” compared to …': a content that stops inside
        # quote marks goes on to the closing mark
        ps_, pe_ = pieces[-1]
        j = bisect.bisect_left(st.run_opens, pe_) - 1
        if j >= 0:
            r = st.runs[j]
            if r.open_pos >= ps_ - 1 and r.close_pos is not None and len(r.pieces) == 1 and r.end > pe_:
                pieces[-1] = (ps_, r.end)
    start, end = pieces[0][0], pieces[-1][1]
    sp_s = sp_e = None
    sp_text = speaker = label = key = None
    conf = cand.confidence
    if cand.speaker_bounds is not None:
        sp_s, sp_e = cand.speaker_bounds
        sp_text = text[sp_s:sp_e]
        speaker, label, key, via_antecedent = resolve_mention(
            st, sp_s, sp_e, cand.speaker_tok, quote_spans
        )
        if via_antecedent:
            conf -= VIA_ANTECEDENT
        elif speaker is None and sp_text.lower() in PRONOUNS_PERSON:
            conf -= UNRESOLVED_PRONOUN
        if cannot_speak(st, cand.speaker_tok):
            conf = min(conf, NON_SOURCE_CONFIDENCE)
    kind = cand.kind
    if kind == "direct" and len(pieces) == 1 and cand.speaker_bounds is None and cand.cue_tok is None:
        conf = min(conf, DIRECT_BARE)
    cue_s, cue_e = cand.cue_bounds if cand.cue_bounds else (None, None)
    return Quote(
        start=start, end=end, text=text[start:end], kind=kind, cue=cand.cue_text,
        speaker_start=sp_s, speaker_end=sp_e, speaker_text=sp_text, speaker=speaker,
        speaker_label=label, confidence=round(max(0.05, min(conf, 1.0)), 2),
        spans=pieces, cue_start=cue_s, cue_end=cue_e, speaker_key=key,
    )


def cannot_speak(st: QuoteState, head: Token | None) -> bool:
    """Whether the speaker mention headed by ``head`` is no source ('tuft cells said', 'the
    caption said', 'macroeconomic data pointing to …'): its noun (a relative pronoun's
    antecedent; any of 'X and Y') denotes no person, institution or document. Such an
    attribution stays (PolNeAR counts some) with a doubtful confidence."""
    if head is None:
        return False
    return not mention_can_speak(st, conjuncts(relative_antecedent(head)))


def resolve_mention(
    st: QuoteState, sp_s: int, sp_e: int, head: Token | None, quote_spans: list[tuple[int, int]],
    record: bool = True,
) -> Resolved:
    """(speaker, label, key, found through an antecedent) of the mention at [sp_s, sp_e).

    An entity gives its canonical name; 'he'/'she' the nearest fitting person before
    it, 'it'/'they' the nearest organisation, place or group speaker; a transcript
    label ('WALLACE') the article's person of that name; a role noun the one person of
    that role; anything else is ANON. ``record`` adds named groups and anonymous
    speakers to ``st.history`` (for a later 'it' / 'they')."""
    if head is not None and (noun := relative_antecedent(head)) is not head:
        # the mention stays the pronoun (the source as written); the speaker is its noun's
        a_s, a_e = mention_bounds(named_appositive(st, noun), st.ent_by_tok)
        if not a_s <= sp_s < a_e:
            speaker, label, key, _ = resolve_mention(st, a_s, a_e, noun, quote_spans, record)
            return speaker, label, key, True
    low = st.text[sp_s:sp_e].lower()
    if head is not None and len(parts := conjuncts(head)) > 1 and sp_e > parts[-1].idx:
        got = resolve_conjuncts(st, parts, quote_spans, record)
    else:
        got = resolve_single(st, sp_s, sp_e, head, quote_spans, record)
    speaker, label, key, _ = got
    if (
        record and speaker is not None and label in ("ANON", "ORG", "NORP", "GPE")
        and low not in PRONOUNS_GROUP and not (label == "ANON" and head is not None and document_noun(head))
    ):  # 'the statement said … It said': 'it' is the statement's author, not the statement
        # 'he and his wife said … They said': a conjoined mention is a plural antecedent
        plural = head is not None and (head.tag_ in ("NNS", "NNPS") or len(conjuncts(head)) > 1)
        st.history.append((sp_s, speaker, label, key, plural))
    return got


def resolve_single(
    st: QuoteState, sp_s: int, sp_e: int, head: Token | None, quote_spans: list[tuple[int, int]],
    record: bool, exclude: frozenset[str] = frozenset(),
) -> Resolved:
    """Who one (not conjoined) mention is: see :func:`resolve_mention`; a pronoun stands
    for none of the persons keyed in ``exclude``."""
    sp_text = st.text[sp_s:sp_e]
    low = sp_text.lower()
    if head is not None and (owner := document_owner(st, head)) is not None:
        # 'a report from Kotak said', "Cooke's earlier testimony that …": the author speaks
        o_s, o_e = mention_bounds(owner, st.ent_by_tok)
        return resolve_single(st, o_s, o_e, owner, quote_spans, record, exclude)
    ent = entity_in(st, sp_s, sp_e)
    if ent is not None and head is not None and modifier_entity(st, head, ent):
        ent = None  # "Scott's niece said", 'US officials said': the noun speaks
    if ent is not None:
        return written_name(st, ent), ent.label, ent.key, False
    if (pron := resolve_pronoun(st, low, sp_s, head, quote_spans, record, exclude)) is not None:
        return pron  # its antecedent, or unresolved: never the pronoun itself as ANON
    if sp_text.isupper() and (named := person_named(st, sp_text)) is not None:
        # transcript label 'WALLACE:' -> the article's Chris Wallace
        return named.canonical, named.label, named.key, False
    if head is not None and (holder := role_person(st, head)) is not None:
        return holder.canonical, holder.label, holder.key, True
    if head is not None and (org := org_of_kind(st, head)) is not None:
        return org.canonical, org.label, org.key, True  # 'the utility said': the one utility named
    if (named := person_by_part(st, sp_text)) is not None:
        # 'Trump said' where the model tagged no entity: the article's Donald Trump
        return named.canonical, named.label, named.key, False
    speaker = strip_det(sp_text)  # the key is lower-case: 'Officials' and 'officials' are one
    return speaker, "ANON", normalise_key("anon", speaker), False


def resolve_conjuncts(
    st: QuoteState, parts: list[Token], quote_spans: list[tuple[int, int]], record: bool
) -> Resolved:
    """'Vindman and Williams told …': each conjunct resolved, the names joined as the
    article joins them ('Alexander Vindman and Jennifer Williams'); in 'she and Rose-Lynn
    sang' the pronoun is not Rose-Lynn."""
    bounds = [mention_bounds(named_appositive(st, tok), st.ent_by_tok) for tok in parts]
    named = frozenset(
        ent.key for s, e in bounds if (ent := entity_in(st, s, e)) is not None and ent.label == "PERSON"
    )
    names: list[str] = []
    via = False
    for tok, (s, e) in zip(parts, bounds, strict=True):
        name, _, _, through = resolve_single(st, s, e, tok, quote_spans, record, named)
        names.append(name if name is not None else st.text[s:e])
        via = via or through
    joined = ", ".join(names[:-1]) + " and " + names[-1]
    return joined, "ANON", normalise_key("anon", joined), via


def written_name(st: QuoteState, ent: Entity) -> str:
    """The speaker's name as the article gives it: the entity's canonical name, unless that is
    a spelled-out alias the article never writes outside quotation marks ('The US welcomed …'
    -> 'US', not 'United States'; ATTRIBUTION-GUIDELINE §3: the name the article gives), or a
    group ('Republicans said': 'Republicans', not the adjective 'Republican'). The key still
    joins every form. A written form that reads as a pronoun once lower-cased ('US' / 'us')
    keeps the canonical name: a reader or a tool folding case would take it for one."""
    written = strip_det(clean_name(ent.text))
    low_written = written.lower()
    if not written or low_written == ent.canonical.lower() or low_written in PRONOUNS_GROUP | PRONOUNS_PERSON:
        return ent.canonical
    if ent.label == "NORP":
        return written
    spelled = re.compile(r"\s+".join(map(re.escape, ent.canonical.split())), re.IGNORECASE)
    if any(not in_quote_marks(st, m.start()) for m in spelled.finditer(st.text)):
        return ent.canonical  # (any spacing: 'Donald J.\xa0Trump')
    return written


def modifier_entity(st: QuoteState, head: Token, ent: Entity) -> bool:
    """Whether ``ent`` only modifies the mention's common noun ('A California transit
    chief', 'US officials', "Scott's niece"): the noun is the source. A document's owner
    stays the source ("The Verge's review said": The Verge)."""
    if head.pos_ != "NOUN" or head.i in st.ent_by_tok:
        return False
    if head.lemma_.lower() in SOURCE_NOUNS and any(
        c.dep_ == "poss" and st.ent_by_tok.get(c.i) is ent for c in head.children
    ):
        return False
    return True


def entity_in(st: QuoteState, s: int, e: int) -> Entity | None:
    """The entity overlapping [s, e), a PERSON first (dates are no speakers)."""
    best = None
    k = bisect.bisect_left(st.ent_starts, e)
    for j in range(max(0, k - 6), k):
        ent = st.entities[j]
        if ent.start < e and s < ent.end and ent.label not in ("DATE",):
            if best is None or (ent.label == "PERSON" and best.label != "PERSON"):
                best = ent
    return best
