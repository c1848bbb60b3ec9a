"""Speakers: the mention a cue's frame names, and who that mention is.

Resolution goes entity -> canonical name (unless the entity only modifies the mention's
noun: 'US officials'), 'he'/'she' -> the nearest person of a fitting gender (``gender``),
'it'/'they' -> the nearest organisation/place or group speaker, a transcript label -> the
article's person of that name, a role noun ('the judge') -> the one person the article
gives that role, 'X and Y' -> both, else the mention itself (ANON).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..entities import Entity, normalise_key
from .gender import first_name_gender, in_quote_marks, person_gender, place_like, remember_pronoun
from .lexicon import NAME_TITLES, PRONOUN_GENDER, PRONOUNS_GROUP, PRONOUNS_PERSON, SOURCE_NOUNS
from .records import Candidate, Quote
from .scores import DIRECT_BARE, UNRESOLVED_PRONOUN, VIA_ANTECEDENT
from .sources import (
    NON_SOURCE_CONFIDENCE,
    document_noun,
    document_owner,
    mention_can_speak,
    org_of_kind,
)
from .syntax import TITLE_ABBREVIATIONS, mention_bounds, strip_det, subject_of

#: Relative pronouns that can be a reporting clause's subject ('officials who said').
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
#: spaCy entity types that never speak ('Tuesday said', '50 years of talking')
NON_SPEAKER_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})

#: (speaker, label, key, found through an antecedent) of one mention
Resolved = tuple[str | None, str | None, str | None, bool]

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
    """``tok`` is ``cand``'s speaker mention (bounds widened to its name, and to the last
    of its conjuncts: 'Vindman and Williams told …' names both)."""
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
    for child in appositive_candidates(tok):
        ent = st.ent_by_tok.get(child.i)
        if ent is not None and person_name(ent):
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
        return ent.canonical, ent.label, ent.key, False
    if low in PRONOUNS_PERSON:
        gender = PRONOUN_GENDER.get(low)
        ref = person_antecedent(st, sp_s, quote_spans, gender, exclude)
        if ref is None:
            return None, None, None, False  # no fitting person: unresolved, not a wrong name
        if record:
            remember_pronoun(st, ref, gender)
        return ref.canonical, ref.label, ref.key, True
    if low in PRONOUNS_GROUP:
        # 'it' / 'they': the latest organisation, group or place (else unresolved);
        # 'it was reported that …' is no one
        pleonastic = low == "it" and head is not None and head.dep_ in ("nsubjpass", "expl")
        ref2 = None if pleonastic else group_antecedent(st, sp_s, low, quote_spans)
        return (*ref2, True) if ref2 is not None else (None, None, None, False)
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


def person_by_part(st: QuoteState, mention: str) -> Entity | None:
    """The one person of the article whose name ends with (or starts with) the capitalised
    ``mention`` ('Trump' -> Donald Trump, 'Volker' -> Kurt Volker); None when several fit."""
    words = [w.lower() for w in strip_det(mention).split()]
    if not words or not all(w[:1].isalpha() for w in words) or not mention.strip()[:1].isupper():
        return None
    fits: dict[str, Entity] = {}
    for ent in st.entities:
        if ent.label == "PERSON":
            name = ent.canonical.lower().split()
            if len(name) > len(words) and (name[-len(words):] == words or name[: len(words)] == words):
                fits.setdefault(ent.key, ent)
    return next(iter(fits.values())) if len(fits) == 1 else None


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


def role_person(st: QuoteState, head: Token) -> Entity | None:
    """'the judge' when the article names exactly one judge ('the judge, Chris Holmes',
    'Judge Chris Holmes', 'Chris Holmes, the judge'): that person."""
    if head.pos_ != "NOUN" or head.tag_ != "NN":
        return None
    if any(c.dep_ in ("poss", "amod", "compound", "prep") for c in head.children):
        return None  # 'the company's judge', 'a federal judge', 'the judge in Texas': another
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children):
        return None
    if st.roles is None:
        st.roles = article_roles(st)
    holders = st.roles.get(head.lemma_.lower(), [])
    return holders[0] if len(holders) == 1 else None


def article_roles(st: QuoteState) -> dict[str, list[Entity]]:
    """role noun -> the distinct persons the article gives that role, from a title before
    the name ('Judge Chris Holmes', 'spokeswoman Marie Harf') or an appositive."""
    roles: dict[str, list[Entity]] = {}
    for ent in st.entities:
        if ent.label != "PERSON":
            continue
        for role in roles_of(st, ent):
            holders = roles.setdefault(role, [])
            if all(h.key != ent.key for h in holders):
                holders.append(ent)
    return roles


def roles_of(st: QuoteState, ent: Entity) -> set[str]:
    """The role nouns written with one person mention: its title word, the noun it is an
    appositive of, or its own appositive noun."""
    out: set[str] = set()
    first = st.doc[st.ix.token_at(ent.start)]
    words = ent.text.split()
    if words and words[0].strip(".").lower() in NAME_TITLES:
        out.add(words[0].strip(".").lower())  # the title inside the entity: 'Judge Chris Holmes'
    if first.i > 0 and (prev := st.doc[first.i - 1]).dep_ == "compound" and prev.i not in st.ent_by_tok:
        if prev.pos_ == "NOUN" or prev.lower_ in NAME_TITLES:
            out.add(prev.lemma_.lower())  # 'spokeswoman Marie Harf', 'Police Chief Ed Alvarez'
    head = st.doc[st.ix.token_at(ent.end - 1)]
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        out.add(head.head.lemma_.lower())  # 'the judge, Chris Holmes,'
    out.update(c.lemma_.lower() for c in head.rights if c.dep_ == "appos" and c.pos_ == "NOUN")
    return {r for r in out if r.isalpha() and r not in TITLE_ABBREVIATIONS}


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


def person_antecedent(
    st: QuoteState, pos: int, quote_spans: list[tuple[int, int]], gender: str | None,
    exclude: frozenset[str] = frozenset(),
) -> Entity | None:
    """The person a 'he' / 'she' at ``pos`` stands for (none keyed in ``exclude``): the nearest earlier person mention
    that can be one (:func:`can_be_antecedent`), a subject preferred within its sentence
    ('Young told Stafford …. He said': Young), at most 3,000 characters back."""
    mentions = person_mentions(st)
    k = bisect.bisect_left(mentions, pos, key=lambda m: m[0])
    found: Entity | None = None
    sent_start = -1
    for j in range(k - 1, -1, -1):
        mpos, ent = mentions[j]
        if pos - mpos > 3000:
            break
        if ent.key in exclude or not can_be_antecedent(st, ent, mpos, quote_spans, gender):
            continue
        tok = mention_head(st, mpos)
        if found is None:
            found, sent_start = ent, tok.sent.start
        elif tok.sent.start != sent_start:
            break
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return ent
    return found


def can_be_antecedent(
    st: QuoteState, ent: Entity, pos: int, quote_spans: list[tuple[int, int]], gender: str | None
) -> bool:
    """A person mention outside quote marks, not a place spaCy took for a person ('in
    Madison'), of no other gender than the pronoun's ('she said' after 'Mr. Holt': not him)."""
    if in_spans(quote_spans, pos) or in_quote_marks(st, pos) or place_like(st, ent.key):
        return False
    if not name_like(st, ent):
        return False
    return gender is None or person_gender(st, ent) in (None, gender)


def name_like(st: QuoteState, ent: Entity) -> bool:
    """Whether a PERSON entity reads as a person's name: a name of two words or more, or one
    word the article or the first-name list gives a gender. A lone 'Award' or 'Universal'
    spaCy tagged PERSON (a title fragment, a studio) is no 'he' / 'I' (issue 17)."""
    return len(ent.canonical.split()) > 1 or person_gender(st, ent) is not None


def in_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of the sorted, disjoint ``spans``."""
    q = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return q >= 0 and spans[q][0] <= pos < spans[q][1]


def mention_head(st: QuoteState, pos: int) -> Token:
    """The head of the name starting at ``pos`` ('Tom' -> 'Young' in 'Tom Young')."""
    tok = st.doc[st.ix.token_at(pos)]
    while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
        tok = tok.head
    return tok


def person_mentions(st: QuoteState) -> list[tuple[int, Entity]]:
    """Every mention of a person, by position: the PERSON entities, and a bare surname
    spaCy left untagged whose person the article names in full ('Young, in his testimony,'
    after 'Tom Young')."""
    if st.person_mentions is None:
        found = [(e.start, e) for e in st.entities if e.label == "PERSON"]
        for tok in st.doc:
            if tok.pos_ == "PROPN" and tok.i not in st.ent_by_tok and tok.dep_ in ("nsubj", "nsubjpass"):
                named = person_named(st, tok.text)
                if named is not None and named.start < tok.idx:
                    found.append((tok.idx, named))
        st.person_mentions = sorted(found, key=lambda m: m[0])
    return st.person_mentions


def antecedent(
    st: QuoteState, pos: int, quote_spans: list[tuple[int, int]], labels: tuple[str, ...]
) -> Entity | None:
    """The nearest earlier entity with one of ``labels``, outside direct quotes and at
    most 3,000 characters back, that is a mention of its own (not 'US' in 'the US military')."""
    k = bisect.bisect_left(st.ent_starts, pos)
    for j in range(k - 1, -1, -1):
        ent = st.entities[j]
        if pos - ent.start > 3000:
            break
        if ent.label in labels and not in_spans(quote_spans, ent.start) and not noun_modifier(st, ent):
            return ent
    return None


def noun_modifier(st: QuoteState, ent: Entity) -> bool:
    """'the US military said in a statement … It said': 'US' only modifies the noun that
    speaks, so a later 'it' stands for the military (kept in ``st.history``), not the US."""
    tok = st.doc[st.ix.token_at(ent.end - 1)]
    return (tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ == "NOUN"
            and tok.head.i not in st.ent_by_tok and tok.head.i > tok.i)
