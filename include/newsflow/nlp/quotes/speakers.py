"""Speakers: who the speaker mention of a quote is.

Finding the mention is ``speaker_mentions``' job. Who it is: an entity -> its canonical
name (unless the entity only modifies the mention's noun: 'US officials'); a pronoun -> its
antecedent (``pronouns``: 'he'/'she' the nearest person of a fitting gender, 'it'/'they'
the nearest organisation, place or group speaker, 'who' the noun its clause modifies); a
transcript label, a part of a name or a role noun ('the judge') -> the article's one person
of that name or role (``people``); 'X and Y' -> both; else the mention itself (ANON).

Why the searches through the rest of the article live apart (``pronouns``, ``people``):
they read every mention before the speaker, not the frame; what stays here reads the
mention and its own syntax.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..entities import Entity, normalise_key
from ..entity_rules.names import clean_name
from .gender import in_quote_marks
from .lexicon import PRONOUNS_GROUP, PRONOUNS_PERSON, SOURCE_NOUNS
from .people import person_by_part, person_named, role_person
from .pronouns import Resolved, relative_antecedent, resolve_pronoun
from .records import Candidate, Quote
from .scores import DIRECT_BARE, UNRESOLVED_PRONOUN, VIA_ANTECEDENT
from .sources import (
    NON_SOURCE_CONFIDENCE,
    SPEAKING_LABELS,
    a_personal_relative,
    document_noun,
    document_owner,
    mention_can_speak,
    org_of_kind,
    person_or_institution_noun,
    resolved_to_a_source,
)
from .speaker_mentions import conjuncts, glued_name_start, named_appositive
from .syntax import mention_bounds, strip_det

if TYPE_CHECKING:  # pragma: no cover (state imports this module)
    from .state import QuoteState


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
        if cand.speaker_bounds is not None and (sp_dl := st.dateline_end(cand.speaker_bounds[0])) is not None:
            cand.speaker_bounds = past_the_dateline(cand, sp_dl)
            if cand.speaker_bounds is None:
                cand.speaker_tok = None
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
        if cannot_speak(st, cand.speaker_tok) and not resolved_to_a_source(label):
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


def past_the_dateline(cand: Candidate, dl_end: int) -> tuple[int, int] | None:
    """'HONOLULU, Hawaii (KHNL) - NASA scientists … have confirmed …': the parser may hang the
    dateline on the subject's noun; a speaker whose head lies past the dateline keeps the words
    after it ('NASA scientists'), one inside it is no speaker (the place of the dateline)."""
    assert cand.speaker_bounds is not None
    head = cand.speaker_tok
    if head is None or head.idx < dl_end or cand.speaker_bounds[1] <= dl_end:
        return None
    return dl_end, cand.speaker_bounds[1]


def cannot_speak(st: QuoteState, head: Token | None) -> bool:
    """Whether the speaker mention headed by ``head`` is no source ('tuft cells said', 'the
    caption said', 'macroeconomic data pointing to …'): its noun (a relative pronoun's
    antecedent; any of 'X and Y') denotes no person, institution or document. Such an
    attribution stays (PolNeAR counts some) with a doubtful confidence; a 'who' mention speaks
    (``a_personal_relative``)."""
    if head is None or a_personal_relative(head):
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
        if len(parts := conjuncts(noun)) > 1:  # 'McDougal and Rigney, who would eulogize him': both
            a_e = max(a_e, mention_bounds(parts[-1], st.ent_by_tok)[1])
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
        and low not in PRONOUNS_GROUP and not (label == "ANON" and head is not None and unowned_document(st, head))
    ):  # 'the statement said … It said': 'it' is the statement's author, not the statement
        # 'he and his wife said … They said': a conjoined mention is a plural antecedent
        plural: bool | None = head is not None and (head.tag_ in ("NNS", "NNPS") or len(conjuncts(head)) > 1)
        if head is not None and not plural and plural_agreement(head):
            plural = None  # 'Big Machine have denied …': a body, 'it' or 'they'
        st.history.append((sp_s, speaker, label, key, plural))
    return got


def unowned_document(st: QuoteState, head: Token) -> bool:
    """'the statement said … It said': a document with no author written is no antecedent for a
    later 'it'; "the observatory's report found … It warned" resolved to its author, who is."""
    return document_noun(head) and document_owner(st, head) is None


def plural_agreement(head: Token) -> bool:
    """'Big Machine have twice denied …', 'the label have denied …': a singular name or noun whose
    verb agrees in the plural is a body spoken of as its members (as British English does): a
    later 'they' may stand for it, as 'it' may."""
    if head.dep_ != "nsubj" or head.tag_ not in ("NN", "NNP"):
        return False
    verb = head.head
    finite = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    return any(t.tag_ == "VBP" or t.lower_ == "were" for t in finite)


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
    ent = head_entity(st, head, sp_s, sp_e) or entity_in(st, sp_s, sp_e)
    if ent is not None and ent.start < sp_s and head is not None and glued_name_start(head) is not None:
        ent = None  # '…paranoia,”Clinton said': the entity holds the quote's last word too
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
    if head.i in st.ent_by_tok or not (head.pos_ == "NOUN" or institution_head(head, ent)):
        return False
    if head.lemma_.lower() in SOURCE_NOUNS and any(
        c.dep_ == "poss" and st.ent_by_tok.get(c.i) is ent for c in head.children
    ):
        return False
    return True


def institution_head(head: Token, ent: Entity) -> bool:
    """"Russia's foreign ministry", 'the U.S. Attorney's Office', 'the Iranian President': the
    small model tags such a head PROPN, yet it is a noun for an institution or a person that the
    place, group or organisation before it only modifies (a person's name stays the name:
    'Elizabeth Warren' tagged in part keeps its PERSON)."""
    return (head.pos_ == "PROPN" and ent.label != "PERSON" and ent.end <= head.idx
            and person_or_institution_noun(head.lemma_))


def head_entity(st: QuoteState, head: Token | None, s: int, e: int) -> Entity | None:
    """'India's Supreme Court said': the entity that holds the mention's head, before any other
    the mention overlaps (the possessor 'India' only modifies the court)."""
    if head is None or (ent := st.ent_by_tok.get(head.i)) is None:
        return None
    return ent if ent.start < e and s < ent.end and ent.label in SPEAKING_LABELS else None


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
