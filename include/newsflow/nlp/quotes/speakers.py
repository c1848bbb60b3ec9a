"""Speakers: the mention a cue's frame names, and who that mention is.

Resolution goes entity -> canonical name, 'he'/'she' -> the nearest person of a fitting
gender, 'it'/'they' -> the nearest organisation/place or group speaker, a transcript
label -> the article's person of that name, else the mention itself (ANON).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..entities import Entity, normalise_key
from .lexicon import GENDER_WORDS, KIN_WORDS, PRONOUN_GENDER, PRONOUNS_GROUP, PRONOUNS_PERSON
from .records import Candidate, Quote
from .syntax import mention_bounds, strip_det, subject_of

#: Relative pronouns that can be a reporting clause's subject ('officials who said').
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
#: spaCy entity types that never speak ('Tuesday said', '50 years of talking')
NON_SPEAKER_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})

if TYPE_CHECKING:  # pragma: no cover (state imports this module)
    from .state import QuoteState


def speaker_for(st: QuoteState, cue: Token, s: int, e: int) -> Token | None:
    """The speaker mention of a cue's frame [s, e): its subject, 'according to''s object,
    or the first nominal of an inverted frame ('said Kerry')."""
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
    """``tok`` is ``cand``'s speaker mention (bounds widened to its name)."""
    cand.speaker_tok = tok
    cand.speaker_bounds = mention_bounds(tok, st.ent_by_tok)


def relative_antecedent(subj: Token) -> Token:
    """'neighbours that say the measure breaks rules': a relative pronoun subject stands
    for the noun its clause modifies (the neighbours speak, not 'that')."""
    if subj.lower_ not in RELATIVE_PRONOUNS or subj.tag_ not in ("WDT", "WP"):
        return subj
    verb = subj.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head  # 'officials who met and said': the clause is the first conjunct's
    if verb.dep_ == "relcl" and verb.head.i != verb.i and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    return subj


def named_appositive(st: QuoteState, tok: Token) -> Token:
    """'the company's chief executive, Sara Lindholm': the named person, when given."""
    if tok.i in st.ent_by_tok and st.ent_by_tok[tok.i].label == "PERSON":
        return tok
    for child in tok.rights:
        if child.dep_ == "appos":
            ent = st.ent_by_tok.get(child.i)
            if ent is not None and ent.label == "PERSON":
                return child
    return tok



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
            conf -= 0.1
    kind = cand.kind
    if kind == "direct" and len(pieces) == 1 and cand.speaker_bounds is None and cand.cue_tok is None:
        conf = min(conf, 0.5)
    cue_s, cue_e = cand.cue_bounds if cand.cue_bounds else (None, None)
    return Quote(
        start=start, end=end, text=text[start:end], kind=kind, cue=cand.cue_text,
        speaker_start=sp_s, speaker_end=sp_e, speaker_text=sp_text, speaker=speaker,
        speaker_label=label, confidence=round(max(0.05, min(conf, 1.0)), 2),
        spans=pieces, cue_start=cue_s, cue_end=cue_e, speaker_key=key,
    )


def resolve_mention(
    st: QuoteState, sp_s: int, sp_e: int, head: Token | None, quote_spans: list[tuple[int, int]],
    record: bool = True,
) -> tuple[str | None, str | None, str | None, bool]:
    """(speaker, label, key, found through an antecedent) of the mention at [sp_s, sp_e).

    An entity gives its canonical name; 'he'/'she' the nearest fitting person before
    it, 'it'/'they' the nearest organisation, place or group speaker; a transcript
    label ('WALLACE') the article's person of that name; anything else is ANON.
    ``record`` adds named groups and anonymous speakers to ``st.history`` (for a later
    'it' / 'they')."""
    text = st.text
    if head is not None and (noun := relative_antecedent(head)) is not head:
        # the mention stays the pronoun (the source as written); the speaker is its noun's
        a_s, a_e = mention_bounds(named_appositive(st, noun), st.ent_by_tok)
        if not a_s <= sp_s < a_e:
            speaker, label, key, _ = resolve_mention(st, a_s, a_e, noun, quote_spans, record)
            return speaker, label, key, True
    speaker = label = key = None
    via_antecedent = False
    sp_text = text[sp_s:sp_e]
    ent = entity_in(st, sp_s, sp_e)
    if (
        ent is not None and head is not None and head.pos_ == "NOUN" and head.i not in st.ent_by_tok
        and any(c.dep_ == "poss" and c.i in st.ent_by_tok for c in head.children)
    ):
        ent = None  # "Scott's niece said": the niece speaks, not Scott
    low = sp_text.lower()
    if ent is not None:
        speaker, label, key = ent.canonical, ent.label, ent.key
    elif low in PRONOUNS_PERSON:
        ref = antecedent(st, sp_s, quote_spans, ("PERSON",), PRONOUN_GENDER.get(low))
        if ref is not None:
            speaker, label, key = ref.canonical, ref.label, ref.key
            via_antecedent = True
    elif low in PRONOUNS_GROUP:
        # 'it' / 'they': the latest organisation, group or place (else unresolved);
        # 'it was reported that …' is no one
        pleonastic = low == "it" and head is not None and head.dep_ in ("nsubjpass", "expl")
        ref2 = None if pleonastic else group_antecedent(st, sp_s, low, quote_spans)
        if ref2 is not None:
            speaker, label, key = ref2
            via_antecedent = True
    elif sp_text.isupper() and (named := person_named(st, sp_text)) is not None:
        # transcript label 'WALLACE:' -> the article's Chris Wallace
        speaker, label, key = named.canonical, named.label, named.key
    else:
        speaker, label = strip_det(sp_text), "ANON"
        key = normalise_key("anon", speaker)
    if (
        record and speaker is not None and label in ("ANON", "ORG", "NORP", "GPE")
        and low not in PRONOUNS_GROUP
    ):
        plural = head is not None and head.tag_ in ("NNS", "NNPS")
        st.history.append((sp_s, speaker, label, key, plural))
    return speaker, label, key, via_antecedent


def group_antecedent(
    st: QuoteState, pos: int, pron: str, quote_spans: list[tuple[int, int]]
) -> tuple[str, str | None, str | None] | None:
    """The speaker 'it' / 'they' stands for: the nearest earlier ORG/GPE(/NORP) mention
    or group-noun speaker ('the airline … It said', 'Unions said … They said')."""
    they = pron in ("they", "them")
    labels = ("ORG", "GPE", "NORP") if they else ("ORG", "GPE")
    best: tuple[int, tuple[str, str | None, str | None]] | None = None
    ent = antecedent(st, pos, quote_spans, labels)
    if ent is not None and st.dateline_end(ent.start) is None:
        best = (ent.start, (ent.canonical, ent.label, ent.key))
    for hpos, speaker, label, key, plural in reversed(st.history):
        if hpos >= pos:
            continue
        if pos - hpos > 3000 or (best is not None and hpos <= best[0]):
            break
        if label != "ANON" or plural == they:
            best = (hpos, (speaker, label, key))
            break
    return best[1] if best is not None else None


def gender_of(st: QuoteState, key: str) -> str | None:
    """What the article itself says of a person's gender (an honorific, a gendered
    role noun next to the name), or None; conflicting evidence is None too."""
    if st.genders is None:
        seen: dict[str, set[str]] = {}
        for ent in st.entities:
            if ent.label != "PERSON":
                continue
            # 'Mrs. Clinton', 'his wife, Heidi Cruz', 'spokeswoman Marie Harf'
            before = [w.strip(".,").lower() for w in st.text[max(0, ent.start - 40):ent.start].split()[-1:]]
            found = {GENDER_WORDS[w] for w in before if w in GENDER_WORDS}
            # 'Marie Harf, a State Department spokeswoman,' (not 'Cruz, whose wife …')
            after = st.text[ent.end:ent.end + 80].split(",")
            if len(after) > 1 and after[0].strip() == "":
                for w in after[1].split()[:6]:
                    w = w.strip(".").lower()
                    if w in ("his", "her", "whose", "their", "its", "who", "which"):
                        break
                    if w in GENDER_WORDS and w not in KIN_WORDS:
                        found.add(GENDER_WORDS[w])
            if found:
                seen.setdefault(ent.key, set()).update(found)
        st.genders = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
    return st.genders.get(key)


def person_named(st: QuoteState, label: str) -> Entity | None:
    """The article's person whose last name is ``label`` ('WALLACE' -> Chris Wallace)."""
    want = label.strip().lower()
    for ent in st.entities:
        if ent.label == "PERSON" and ent.canonical.lower().split()[-1:] == [want]:
            return ent
    return None


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


def antecedent(
    st: QuoteState, pos: int, quote_spans: list[tuple[int, int]], labels: tuple[str, ...], gender: str | None = None
) -> Entity | None:
    """The nearest earlier entity with one of ``labels`` (and a fitting gender), outside
    direct quotes and at most 3,000 characters back."""
    k = bisect.bisect_left(st.ent_starts, pos)
    qstarts = [s for s, _ in quote_spans]
    for j in range(k - 1, -1, -1):
        ent = st.entities[j]
        if pos - ent.start > 3000:
            break
        if ent.label not in labels:
            continue
        if gender is not None and gender_of(st, ent.key) not in (None, gender):
            continue  # 'she said' after 'Mr. Trump …': not him
        q = bisect.bisect_right(qstarts, ent.start) - 1
        if q >= 0 and quote_spans[q][0] <= ent.start < quote_spans[q][1]:
            continue
        return ent
    return None
