"""Pass 1+2: quoted passages that are direct speech, with the frame next to them.

'"…," he said' / 'Harf replied: "…"' / 'according to X, "…"'; a split quote ('"…," he
said. "…"') becomes one quote with several pieces (joined in ``merge``).
"""

from __future__ import annotations

from spacy.tokens import Token

from .indirect import in_idiom
from .lexicon import CLOSE_DOUBLE, DASHES, OPEN_DOUBLE, SPEECH_LEMMAS, TERMINAL
from .marks import QuoteRun
from .merge import join_runs
from .records import Candidate
from .scores import DIRECT_BARE, DIRECT_COLON_INTRO, DIRECT_DASH_BYLINE, DIRECT_WITH_CUE
from .speakers import fill_cue, first_name_in, give_speaker, last_person
from .state import QuoteState
from .syntax import is_cue, sentence_stop, title_like


def _region_after(
    st: QuoteState, r: QuoteRun, limit: int, nick_after: dict[int, int]
) -> tuple[int, int]:
    """From the closing mark to the end of the sentence frame (., ?, !, next mark);
    ``nick_after`` maps a quoted nickname's opening mark to its end."""
    text = st.text
    s = r.after
    e = s
    while e < limit:
        c = text[e]
        if e in nick_after:
            e = nick_after[e]  # 'Marcia "Cia" Price': a nickname inside the frame
            continue
        if c == "\n" or c in OPEN_DOUBLE or c == '"' or c in "!?;":
            break
        if c == "." and sentence_stop(text, e):
            break
        e += 1
    return s, e


def _nickname(st: QuoteState, r: QuoteRun) -> bool:
    """'Marcia "Cia" Price': one or two capitalised words quoted between name parts."""
    if r.close_pos is None or len(r.pieces) != 1:
        return False
    words = st.text[r.start:r.end].split()
    before = st.text[max(0, r.open_pos - 30):r.open_pos].split()
    after = st.text[r.after:r.after + 30].split()
    return (
        1 <= len(words) <= 2 and all(w[:1].isupper() and w.isalpha() for w in words)
        and bool(before) and before[-1][:1].isupper() and before[-1].isalpha()
        and bool(after) and after[0][:1].isupper() and after[0].rstrip(",.").isalpha()
        and st.text[r.open_pos - 1:r.open_pos] == " " and st.text[r.after:r.after + 1] == " "
    )


def _region_before(st: QuoteState, r: QuoteRun, floor: int) -> tuple[int, int]:
    text = st.text
    e = r.open_pos
    s = e
    while s > floor:
        c = text[s - 1]
        if c == "\n" or c in "!?;" or c in CLOSE_DOUBLE or (c == '"' and s - 1 != e):
            break
        if c == "." and sentence_stop(text, s - 1):
            break
        s -= 1
    return s, e


def _find_cue(st: QuoteState, s: int, e: int, last: bool) -> Token | None:
    toks = st.ix.tokens_between(s, e)
    found = None
    for ti in toks:
        tok = st.doc[ti]
        if st.quoted[ti] or in_idiom(tok):
            continue
        if is_cue(tok, SPEECH_LEMMAS) or tok.lower_ == "according":
            found = tok
            if not last:
                return tok
    return found


#: words a same-line 'X resisted:' frame needs before its colon (2 named more speakers
#: rightly on PolNeAR train than the earlier 4)
MIN_COLON_WORDS = 2


def _intro_speaker(st: QuoteState, ps: int, colon: int) -> Token | None:
    """The speaker a frame ending in a colon at ``colon`` names for the quote after it: the
    subject of the frame's last sentence, else the last person named in that sentence."""
    toks = st.ix.tokens_between(ps, colon)
    if not toks:
        return None
    lo, hi = max(toks[0], st.doc[toks[-1]].sent.start), toks[-1] + 1
    for ti in range(lo, hi):
        tok = st.doc[ti]
        if (not st.quoted[ti] and tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("PROPN", "NOUN", "PRON")
                and tok.lower_ != "it"):
            return tok
    return last_person(st, lo, hi)


def find_direct(st: QuoteState, runs: list[QuoteRun]) -> list[Candidate]:
    """Direct quotes among the quote-mark runs: a run that is a sentence of its own (or
    several pieces of one speaker's), with the cue and speaker of the frame next to it."""
    text = st.text
    n = len(text)
    cands: list[tuple[QuoteRun, Candidate | None, bool]] = []
    prev_close = 0
    prev_cand: Candidate | None = None
    prev_raw: QuoteRun | None = None
    nicks = {r.open_pos: r.after for r in runs if _nickname(st, r)}
    runs = [r for r in runs if r.open_pos not in nicks]
    for k, r in enumerate(runs):
        nxt_open = runs[k + 1].open_pos if k + 1 < len(runs) else n
        bs, be = _region_before(st, r, prev_close)
        as_, ae = _region_after(st, r, nxt_open, nicks)
        prev_close = r.after
        content = text[r.start:r.end]
        before = text[bs:be]
        after = text[as_:ae]
        words = len(content.split())
        pre_cue = _find_cue(st, bs, be, last=True)
        post_cue = _find_cue(st, as_, ae, last=False)
        pre_clean = before.strip()
        if pre_cue is not None:
            between = text[pre_cue.idx + len(pre_cue.text):be]
            bw = between.lower().split()
            if len(bw) > 7 or any(w in ("that", "if", "whether", "how", "why") for w in bw) or (
                between.strip() and between.strip()[-1] not in ",:—–-"
            ):
                pre_cue = None
        starts_sentence = pre_clean.strip(",;—–-") == "" or pre_clean.endswith(":") or (
            pre_cue is not None and (pre_clean.endswith(",") or pre_cue.idx + len(pre_cue.text) >= be - 2)
        )
        last_ch = content.rstrip().rstrip("'’ ")[-1:]  # '…super predator,’”' ends in ','
        term = last_ch in TERMINAL or (r.close_pos is None)
        if (
            not starts_sentence and post_cue is not None and pre_clean.endswith(",")
            and len(pre_clean.split()) <= 4 and pre_cue is None and not title_like(content)
            and not any(st.doc[ti].pos_ in ("VERB", "AUX") and not in_idiom(st.doc[ti])
                        for ti in st.ix.tokens_between(bs, be))
        ):
            starts_sentence = True  # 'As for complexity, "…," Mr. Kamin said.': a lead-in
        after_clean = after.strip()
        if post_cue is not None and last_ch in ".!?" and not after[:1].isspace():
            post_cue = None
        elif post_cue is not None and last_ch in ".!?":
            first = st.doc[st.ix.tokens_between(as_, ae)[0]] if len(st.ix.tokens_between(as_, ae)) else None
            if first is not None and first.i != post_cue.i and first.pos_ not in ("PRON", "PROPN", "DET", "NOUN"):
                post_cue = None  # '"… kidding." To which she said, "…"': a new sentence
        if post_cue is None and term and after[:1].isspace():
            post_cue = _generic_post_cue(st, as_, ae)
        if post_cue is not None and last_ch in ".!?" and _opens_next_sentence(post_cue, after_clean, ae):
            post_cue = None
        ends_sentence = (
            after_clean == ""
            or (last_ch in ".!?" and after_clean[:1].isupper())
            or (term and pre_cue is not None and last_ch in ",.!?")
            or (post_cue is not None and (term or after_clean[:1] in ",—–-"))
            or after_clean[:1] in ".!?;"
            or (after_clean[:1] in DASHES and term)
        )
        multi = len(r.pieces) > 1
        if (
            prev_cand is not None and prev_raw is not None and (ends_sentence or term)
            and _continues(st, prev_cand, prev_raw, r, post_cue)
        ):
            prev_cand.pieces.extend(r.pieces)
            prev_raw = r
            for ti in st.ix.tokens_between(r.start, r.end):
                st.quoted[ti] = True
            continue
        is_direct = starts_sentence and ends_sentence and (words >= 3 or term or post_cue is not None or pre_cue is not None)
        if multi:
            is_direct = True
        if is_direct and pre_cue is None and post_cue is None and not pre_clean.endswith(":") and title_like(content):
            is_direct = False  # 'Coal Isn't the Villain.': a headline or title, not speech
        if not is_direct:
            cands.append((r, None, False))
            continue
        for ti in st.ix.tokens_between(r.start, r.end):
            st.quoted[ti] = True
        cue = None
        fs, fe = as_, ae
        if post_cue is not None and (term or after_clean[:1] in ",—–-"):
            cue, fs, fe = post_cue, as_, ae
        elif pre_cue is not None:
            cue, fs, fe = pre_cue, bs, be
        colon_intro = None
        if cue is None and not pre_clean:
            # 'Harf said:' closing the previous paragraph introduces this quote
            k = r.open_pos - 1
            while k >= 0 and text[k].isspace():
                k -= 1
            if k > 0 and text[k] == ":" and "\n" in text[k:r.open_pos]:
                ps = text.rfind("\n", 0, k) + 1
                colon_cue = _find_cue(st, ps, k, last=True)
                if colon_cue is not None:
                    cue, fs, fe = colon_cue, ps, k
                else:
                    colon_intro = (ps, k)
        cand = Candidate(pieces=list(r.pieces), kind="direct", cue_tok=cue, cue_text=None, cue_bounds=None,
                         speaker_tok=None, speaker_bounds=None, confidence=DIRECT_BARE)
        if cue is not None:
            fill_cue(st, cand, cue, fs, fe)
            cand.confidence = DIRECT_WITH_CUE
        elif colon_intro is not None:
            # 'Jared Potts echoed:' / 'Stated Stone:' (no speech verb the model knows):
            # the introducing sentence's subject, else the last person it names
            sp = _intro_speaker(st, *colon_intro)
            if sp is not None:
                give_speaker(st, cand, sp)
                cand.cue_text = ":"
                cand.confidence = DIRECT_COLON_INTRO
        elif after_clean[:1] and after_clean[:1] in DASHES:
            # '"…" ― Pamela Padilla': a dash byline names the speaker
            sp = first_name_in(st, as_, ae)
            if sp is not None:
                give_speaker(st, cand, sp)
                cand.cue_text = after_clean[:1]
                cand.confidence = DIRECT_DASH_BYLINE
        elif pre_clean.endswith(":") and len(pre_clean.split()) >= MIN_COLON_WORDS and "\n" not in text[bs:be]:
            # 'The piece used her words as its headline: "Finally …"' / 'As Ridge put it:
            # "…"' / 'Kasich resisted: "…"': the quoted words are the content; the
            # clause's subject is the best guess at a source
            cand.confidence = DIRECT_COLON_INTRO
            sp = _intro_speaker(st, bs, be - 1)
            if sp is not None:
                give_speaker(st, cand, sp)
        cands.append((r, cand, cue is not None and cue is post_cue))
        prev_cand, prev_raw = cand, r
    return join_runs(st, cands)



def _continues(st: QuoteState, prev: Candidate, prev_raw: QuoteRun, r: QuoteRun, post_cue: Token | None) -> bool:
    """'"…," he said, "…"': the second run goes on with the first one's speaker."""
    cue = prev.cue_tok
    if cue is None or not (prev_raw.after <= cue.idx < r.open_pos):
        return False
    gap = st.text[prev_raw.after:r.open_pos]
    if "\n" in gap or len(gap) > 400:
        return False
    g = gap.rstrip()
    for conj in (" but", " and"):
        if g.endswith(conj):
            g = g[: -len(conj)].rstrip()
    if g[-1:] not in ",.:;—–-":
        return False
    # the gap must be the frame only: no new sentence, no second reporting verb
    for ti in st.ix.tokens_between(prev_raw.after, r.open_pos):
        tok = st.doc[ti]
        if ti != cue.i and is_cue(tok, SPEECH_LEMMAS) and tok.dep_ != "aux":
            return False
    inner = g[:-1]
    for k, ch in enumerate(inner):
        if ch in ".!?" and sentence_stop(st.text, prev_raw.after + k) and inner[k + 1:].strip():
            return False
    return post_cue is None or post_cue.i == cue.i


def _opens_next_sentence(cue: Token, frame: str, frame_end: int) -> bool:
    """After a quote that ended its sentence ('"… I guess."'), a frame that ends in a colon
    ('Smith agreed: "…"') introduces the next quote, and a verb with a clause of its own
    ('He said a landing could …') reports new speech: neither is this quote's tag."""
    if frame.endswith(":"):
        return True
    return any(c.dep_ == "ccomp" and c.i > cue.i and c.idx < frame_end for c in cue.children)


def _generic_post_cue(st: QuoteState, s: int, e: int) -> Token | None:
    """'"…?" Vitter demanded.': a short subject + verb frame closing the sentence."""
    toks = st.ix.tokens_between(s, e)
    if not 2 <= len(toks) <= 8 or st.text[e:e + 1] not in (".", ""):
        return None
    for ti in toks:
        tok = st.doc[ti]
        if tok.pos_ == "VERB" and tok.tag_ in ("VBD", "VBZ"):
            subj = [c for c in tok.children if c.dep_ == "nsubj" and s <= c.idx < e]
            if subj or (ti == toks[0] and ti + 1 < len(st.doc) and st.doc[ti + 1].pos_ == "PROPN"):
                return tok
    return None
