"""Merging candidates: split quotes joined, follow-on quotes attributed, near-copies dropped.

Why apart from the passes that find candidates: these decide how candidates from
different passes relate ('"…," he said. "…"' is one quote; a cue-less quote goes on
from the attribution before it; 'He said he planned …' is one attribution, not two).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from ..entities import Entity
from .lexicon import ALL_MARKS, CLOSE_DOUBLE, OPEN_DOUBLE, OPEN_SINGLE, SPEECH_LEMMAS
from .marks import QuoteRun
from .people import person_by_part
from .records import Candidate
from .scores import FOLLOW_ON
from .speaker_mentions import give_speaker
from .state import QuoteState
from .word_lists import STANCE_CUE_LEMMAS


def join_runs(st: QuoteState, cands: list[tuple[QuoteRun, Candidate | None, bool]]) -> list[Candidate]:
    """Join "…," he said. "…" into one quote; attribute follow-on quotes."""
    text = st.text
    out: list[Candidate] = []
    last: Candidate | None = None
    last_raw: QuoteRun | None = None
    for r, cand, _post in cands:
        if cand is None:
            continue
        if last is not None and last_raw is not None:
            gap = text[last_raw.after:r.open_pos]
            same_para = "\n" not in gap
            last_post = last.cue_tok is not None and last_raw.after <= last.cue_tok.idx < r.open_pos
            same_cue = cand.cue_tok is None or (
                last.cue_tok is not None and cand.cue_tok.i == last.cue_tok.i
            )
            if same_para and same_cue and len(gap) < 120 and not _introduced_apart(st, cand) and (
                last_post or (cand.cue_tok is None and last.kind == "direct")
            ):
                # continuation of the previous speaker's quote in the same paragraph
                last.pieces.extend(r.pieces)
                last_raw = r
                continue
            if same_para and last_post and len(gap) < 120 and _tagged_further_on(text, cand):
                head = _first_paragraph_pieces(text, cand.pieces)
                last.pieces.extend(head)
                cand.pieces = cand.pieces[len(head):]
            if cand.cue_tok is None and cand.speaker_bounds is None and last.speaker_bounds is not None:
                paras_between = len([b for b in gap.split("\n")[1:-1] if b.strip()])
                if paras_between == 0 and "\n" in gap:
                    residual = gap
                    if last_post and last.cue_tok is not None:
                        k = last.cue_tok.idx - last_raw.after
                        stop = min((gap.find(c, k) for c in ".!?\n" if gap.find(c, k) >= 0),
                                   default=len(gap))
                        residual = gap[stop + 1:]
                    if not residual.strip():
                        # the next paragraph goes on quoting the same speaker: one quote
                        last.pieces.extend(r.pieces)
                        last_raw = r
                        continue
                if paras_between <= 1:
                    cand.speaker_tok = last.speaker_tok
                    cand.speaker_bounds = last.speaker_bounds
                    cand.cue_text = None
                    cand.confidence = FOLLOW_ON
                    cand.follows = last
        out.append(cand)
        last, last_raw = cand, r
    return out


def _first_paragraph_pieces(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces of a run that lie in the paragraph of its first piece."""
    head = [pieces[0]]
    for s, e in pieces[1:]:
        if "\n" in text[head[-1][1]:s]:
            break
        head.append((s, e))
    return head


def _tagged_further_on(text: str, cand: Candidate) -> bool:
    """'"A," the statement continued. "B.¶"C," it concluded.': a run that opens after a speech
    tag and runs on over paragraphs to a tag of its own in a later paragraph; its first
    paragraph goes on with the tag before it (one speaker, one cue per paragraph), the rest
    keeps its own tag (ATTRIBUTION-GUIDELINE §3: content never crosses a paragraph break)."""
    if cand.cue_tok is None or cand.kind != "direct":
        return False
    head = _first_paragraph_pieces(text, cand.pieces)
    return len(head) < len(cand.pieces) and cand.cue_tok.idx > cand.pieces[len(head)][0]


def last_before_marks(text: str, pos: int, floor: int = 0) -> int:
    """Index of the last character before ``pos`` (not below ``floor``) that is no space, quote
    mark or the NUL ``marks`` writes after a doubled mark; ``floor - 1`` when there is none."""
    k = pos - 1
    while k >= floor and (text[k].isspace() or text[k] in ALL_MARKS or text[k] == "\x00"):
        k -= 1
    return k


def turn_taker(st: QuoteState, start: int, carried: Token) -> Token | None:
    """'Aderholt returned to the issue later in the hearing. "What …?"': a new paragraph whose
    sentence before a cue-less quotation has another named person as its subject hands the turn
    to that person (hearings, interviews); the speaker of the quotation before does not go on.
    Only a PERSON subject of an active verb, and only when both people are named entities."""
    text = st.text
    para = text.rfind("\n", 0, start) + 1
    k = last_before_marks(text, start, para)  # back over the opening mark
    if para == 0 or k < para or text[k] not in ".!?" or carried.idx >= para or st.quoted[st.ix.token_at(k)]:
        return None
    sent = st.doc[st.ix.token_at(k)].sent
    subj = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
    lead = text[para:k]
    if text[para:sent.start_char].strip() or subj is None or any(m in lead for m in OPEN_DOUBLE + CLOSE_DOUBLE + '"'):
        return None  # only a paragraph opening with one sentence of narration, no quotation in it
    ent, prev = named_person(st, subj), named_person(st, carried)
    return subj if ent is not None and prev is not None and ent.key != prev.key else None


def named_person(st: QuoteState, tok: Token) -> Entity | None:
    """The PERSON ``tok`` names: its entity, or for a bare surname the model left untagged
    ('Aderholt returned …') the article's one person of that name."""
    ent = st.ent_by_tok.get(tok.i)
    if ent is None and tok.pos_ == "PROPN":
        ent = person_by_part(st, tok.text)
    return ent if ent is not None and ent.label == "PERSON" else None


def _introduced_apart(st: QuoteState, cand: Candidate) -> bool:
    """'Buckley had a similar experience: "…"': a cue-less quote with a colon frame of its
    own is introduced by that frame, not a piece of the quote before it."""
    if cand.cue_tok is not None:
        return False
    k = last_before_marks(st.text, cand.pieces[0][0])
    return k >= 0 and st.text[k] == ":"


def attach_follow_ons(st: QuoteState, direct: list[Candidate], indirect: list[Candidate]) -> list[Candidate]:
    """'The summit did "too little," he added. "Without reform, Europe risks a lot."':
    a cue-less quote goes on from the latest attribution before it, reported speech
    included, as a follow-on of its own (ATTRIBUTION-GUIDELINE §3: one cue, one
    attribution; joining it to the reported speech before it cost the real-world selection
    half exact matches of both, PolNeAR train scored the same); only a colon handing the
    reported speech over to it ('she said she has what it takes: "…"') makes it the same."""
    text = st.text
    reported = sorted(
        (c for c in indirect if c.speaker_bounds is not None and c.cue_bounds is not None),
        key=lambda c: c.pieces[-1][1],
    )
    ends = [c.pieces[-1][1] for c in reported]
    out: list[Candidate] = []
    taken_by: dict[int, Candidate] = {}  # id of a follow-on -> the attribution it went on from
    prev: Candidate | None
    for cand in direct:
        if cand.cue_tok is not None or cand.cue_text is not None:
            out.append(cand)
            continue
        if cand.follows is not None and id(cand.follows) in taken_by:
            # the quote before it went on from reported speech: so does this one
            prev = taken_by[id(cand.follows)]
            cand.speaker_tok, cand.speaker_bounds, cand.follows = prev.speaker_tok, prev.speaker_bounds, prev
            taken_by[id(cand)] = prev
            out.append(cand)
            continue
        start = cand.pieces[0][0]
        k = bisect.bisect_right(ends, start - 1) - 1
        prev = reported[k] if k >= 0 else None
        gap = text[ends[k]:start] if prev is not None else ""
        colon = gap.strip(" \t\"'“‘`\x00") == ":"
        if cand.follows is None and cand.speaker_bounds is not None:
            # 'she said she has the quality a president needs: "Steadiness …"': the
            # colon hands the reported speech over to the quoted words
            if colon:
                assert prev is not None  # gap is "" when prev is None, so colon is False
                prev.pieces.extend(cand.pieces)
                prev.kind = "mixed"
            else:
                out.append(cand)
            continue
        floor = cand.follows.pieces[-1][1] if cand.follows is not None else -1
        if prev is None or ends[k] <= floor or prev.pieces[0][0] <= floor:
            _keep_unless_orphan(st, cand, out)
            continue
        if len([b for b in gap.split("\n")[1:-1] if b.strip()]) > 0 or len(gap) > 400:
            _keep_unless_orphan(st, cand, out)
            continue
        cand.speaker_tok, cand.speaker_bounds = prev.speaker_tok, prev.speaker_bounds
        cand.follows, cand.confidence = prev, FOLLOW_ON
        taken_by[id(cand)] = prev
        if colon or _tag_between(text, prev, start):
            prev.pieces.extend(cand.pieces)
            prev.kind = "mixed"
            continue
        out.append(cand)
    return hand_over_turns(st, out)


def hand_over_turns(st: QuoteState, cands: list[Candidate]) -> list[Candidate]:
    """Follow-ons whose paragraph names another person first (:func:`turn_taker`) get that
    person as their speaker instead of the speaker carried over."""
    for cand in cands:
        if cand.cue_tok is None and cand.follows is not None and cand.speaker_tok is not None:
            taker = turn_taker(st, cand.pieces[0][0], cand.speaker_tok)
            if taker is not None:
                give_speaker(st, cand, taker)
    return cands


def _tag_between(text: str, prev: Candidate, start: int) -> bool:
    """'"The thing with Elise bothered" his family, Starner said. "I don't know …"': the
    speech tag between a content that opens with a quotation and the next quotation in its
    paragraph, nothing else, makes them one attribution with two pieces (ATTRIBUTION-GUIDELINE
    §3: quoted sentences of one speaker in one paragraph with one cue are one; '"A," he said.
    "B."'); a reported sentence with a quoted phrase in it ('The summit did "too little," he
    added. "…"') keeps its follow-on apart."""
    end = prev.pieces[-1][1]
    if prev.cue_bounds is None or not end <= prev.cue_bounds[0] < start or len(text[end:start]) > 80:
        return False
    gap = text[end:start]
    before_cue = text[end:prev.cue_bounds[0]]
    k = prev.pieces[0][0] - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    opened = k >= 0 and text[k] in OPEN_DOUBLE + OPEN_SINGLE + "\"'"  # it opens with the quotation
    return opened and "\n" not in gap and not any(c in ".!?;:" for c in before_cue)


def _keep_unless_orphan(st: QuoteState, cand: Candidate, out: list[Candidate]) -> None:
    """A quoted passage nobody is said to have said and no colon introduces (a pull
    quote, an embedded post, a pasted title) is no attribution: on PolNeAR train such
    passages were a gold quote 2 times in 14."""
    if cand.speaker_bounds is None and cand.follows is None:
        k = last_before_marks(st.text, cand.pieces[0][0])
        if k < 0 or st.text[k] != ":":
            return
    out.append(cand)


def drop_nested(cands: list[Candidate]) -> list[Candidate]:
    """'He said he planned to stay': one attribution (the outer one), not two near-copies,
    and no second one for a clause wholly inside another's content ('said members voted to
    strike …')."""
    def hull(c: Candidate) -> tuple[int, int]:
        return c.pieces[0][0], c.pieces[-1][1]

    spans = [hull(c) for c in cands]
    order = sorted(range(len(cands)), key=lambda i: spans[i][0])
    keep = [True] * len(cands)
    for ii, i in enumerate(order):
        s, e = spans[i]
        for j in order[ii + 1:]:
            s2, e2 = spans[j]
            if s2 >= e:
                break
            for outer, inner in ((i, j), (j, i)):
                n = cands[inner]
                if n.cue_bounds is None or not keep[outer]:
                    continue
                os_, oe = spans[outer]
                ns, ne = spans[inner]
                if not (os_ <= n.cue_bounds[0] < oe):
                    continue
                oc = cands[outer].cue_bounds
                if oc is not None and oc[0] > n.cue_bounds[0] and n.cue_tok is not None and (
                    n.cue_tok.lemma_.lower() in SPEECH_LEMMAS
                ) and n.speaker_tok is not None:
                    # 'Assad said that …, Interfax reported': speech reported by another
                    # source is two attributions; 'protocol called for …, he said' is one, and
                    # so is 'both were said to …, according to X' (no source of its own)
                    continue
                if _sourced_inside(cands[outer], n) or _nested_speech(n, os_, oe):
                    continue
                inter = max(0, min(oe, ne) - max(os_, ns))
                union = max(oe, ne) - min(os_, ns)
                # a near-copy (IoU >= 0.5) or a clause wholly inside the outer content
                if union and (inter / union >= 0.5 or (inter >= 0.95 * (ne - ns) and not _report_inside(n))):
                    keep[inner] = False
    return [c for c, k in zip(cands, keep, strict=True) if k]


def _sourced_inside(outer: Candidate, inner: Candidate) -> bool:
    """'As the engineer noted, the bridge needed repairs, according to guidance from the agency':
    an 'according to X' inside another speaker's content names a source of its own for the
    clause it follows, a second attribution (ATTRIBUTION-GUIDELINE §2: nested, both annotated)."""
    oc, cue = outer.cue_bounds, inner.cue_tok
    return (cue is not None and cue.lower_ == "according" and inner.speaker_tok is not None
            and outer.speaker_tok is not None and oc is not None and inner.cue_bounds is not None
            and oc[0] < inner.cue_bounds[0])


def _report_inside(inner: Candidate) -> bool:
    """'says he was arrested after employees of a store said he tried to steal a ladder': a
    speech verb with a source of its own inside a longer reported clause is a second attribution
    (ATTRIBUTION-GUIDELINE §2: nested in indirect content, both are annotated); a clause without
    one ('said members voted to strike'), an intended act ('went there to tell him that …') and a
    topic ('would not comment on the report') are only part of the outer content."""
    cue = inner.cue_tok
    return (cue is not None and inner.speaker_tok is not None and cue.lemma_.lower() in SPEECH_LEMMAS
            and (cue.tag_ in ("VBD", "VBZ", "VBP") or _perfect_participle(cue))
            and any(c.dep_ == "ccomp" for c in cue.children))


def _nested_speech(inner: Candidate, start: int, end: int) -> bool:
    """'said that the builder had told him …': a speech act whose source is named inside the outer
    content is a second attribution even when its content is most of the outer one's; a source
    named outside it ('In a letter, X said …') makes the two one attribution, and a thought
    ('said he thinks …') stays part of what was said (PolNeAR train: mostly not annotated)."""
    cue = inner.cue_tok
    return (_report_inside(inner) and cue is not None and cue.lemma_.lower() not in STANCE_CUE_LEMMAS
            and inner.speaker_bounds is not None and start <= inner.speaker_bounds[0] < end)


def _perfect_participle(cue: Token) -> bool:
    """'said the contractor had told him the bridge would reopen': a speech verb in the perfect
    ('had told', 'has warned') is a finite report of its own, as 'told' is (not a passive
    'was told' nor an infinitive of intent)."""
    return cue.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in cue.children)
