"""Pass 1+2: quoted passages that are direct speech, with the frame next to them.

'"…," he said' / 'Harf replied: "…"' / 'according to X, "…"'; a split quote ('"…," he
said. "…"') becomes one quote with several pieces (joined in ``merge``). The frame around
each run and the cues in it are read in ``direct_frames``.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from .direct_frames import (
    RunFrame,
    cue_after_quote,
    find_cue,
    frame_around,
    inverted_tag,
    quote_ends_sentence,
    quote_starts_sentence,
)
from .lexicon import DASHES, SPEECH_LEMMAS, VERB_CUES
from .marks import QuoteRun
from .merge import join_runs
from .records import Candidate
from .scores import DIRECT_BARE, DIRECT_COLON_INTRO, DIRECT_DASH_BYLINE, DIRECT_WITH_CUE
from .speaker_mentions import fill_cue, first_name_in, give_speaker, last_person
from .state import QuoteState
from .subject_gaps import clause_subject_before, topic_label_name
from .syntax import is_cue, sentence_stop, title_like


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


#: words a same-line 'X resisted:' frame needs before its colon (2 named more speakers
#: rightly on PolNeAR train than the earlier 4)
MIN_COLON_WORDS = 2


def _intro_speaker(st: QuoteState, ps: int, colon: int) -> Token | None:
    """The speaker a frame ending in a colon at ``colon`` names for the quote after it: the
    subject of the frame's last sentence, else the last person named in that sentence."""
    toks = st.ix.tokens_between(ps, colon)
    if not toks:
        return None
    if (named := topic_label_name(st, ps, colon)) is not None:
        return named  # 'Kirby on Lee Releasing Her Transcripts: ‘…’'
    lo, hi = max(toks[0], st.doc[toks[-1]].sent.start), toks[-1] + 1
    for ti in range(lo, hi):
        tok = st.doc[ti]
        if (not st.quoted[ti] and tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("PROPN", "NOUN", "PRON")
                and tok.lower_ != "it"):
            return tok
    if (subj := clause_subject_before(st, st.doc[toks[-1]])) is not None:
        return subj  # 'Buckley, who phoned in from the set of “Fargo,” had a similar experience:'
    return last_person(st, lo, hi)


def find_direct(st: QuoteState, runs: list[QuoteRun]) -> list[Candidate]:
    """Direct quotes among the quote-mark runs: a run that is a sentence of its own (or
    several pieces of one speaker's), with the cue and speaker of the frame next to it."""
    n = len(st.text)
    cands: list[tuple[QuoteRun, Candidate | None, bool]] = []
    prev_close = 0
    prev_cand: Candidate | None = None
    prev_raw: QuoteRun | None = None
    nicks = {r.open_pos: r.after for r in runs if _nickname(st, r)}
    runs = [r for r in runs if r.open_pos not in nicks]
    for k, r in enumerate(runs):
        nxt_open = runs[k + 1].open_pos if k + 1 < len(runs) else n
        f = frame_around(st, r, prev_close, nxt_open, nicks)
        prev_close = r.after
        starts = quote_starts_sentence(st, f)
        f.post_cue = cue_after_quote(st, f)
        ends = quote_ends_sentence(f)
        if (
            prev_cand is not None and prev_raw is not None and (ends or f.term)
            and _continues(st, prev_cand, prev_raw, r, f.post_cue)
        ):
            prev_cand.pieces.extend(r.pieces)
            prev_raw = r
            _mark_quoted(st, r)
            continue
        if prev_cand is not None and prev_raw is not None and _listed_after(st, prev_cand, prev_raw, r):
            prev_cand.pieces.extend(r.pieces)
            prev_raw = r
            _mark_quoted(st, r)
            continue
        if not _is_direct(f, starts, ends):
            cands.append((r, None, False))
            continue
        _mark_quoted(st, r)
        cand, cue = _direct_candidate(st, f)
        cands.append((r, cand, cue is not None and cue is f.post_cue))
        prev_cand, prev_raw = cand, r
    return join_runs(st, cands)


def _is_direct(f: RunFrame, starts: bool, ends: bool) -> bool:
    """A run is a direct quote when it is a sentence of its own that says something (three
    words, a sentence end or a cue), or when it spans several pieces; a Title Case run
    with no frame is a headline or a title ('Coal Isn't the Villain.'), not speech."""
    says = len(f.content.split()) >= 3 or f.term or f.post_cue is not None or f.pre_cue is not None
    if not (len(f.run.pieces) > 1 or starts and ends and says):
        return False
    return not (f.pre_cue is None and f.post_cue is None and not f.pre_clean.endswith(":")
                and title_like(f.content))


def _mark_quoted(st: QuoteState, r: QuoteRun) -> None:
    """The run's tokens are quoted words: no later pass takes a cue or a clause from them."""
    for ti in st.ix.tokens_between(r.start, r.end):
        st.quoted[ti] = True


def _direct_candidate(st: QuoteState, f: RunFrame) -> tuple[Candidate, Token | None]:
    """The quote with the cue of its frame (the tag after it first, then the one before,
    then 'Harf said:' closing the previous paragraph), or a speaker from a cue-less frame;
    and the cue it took."""
    cue, fs, fe, colon_intro = _chosen_cue(st, f)
    cand = Candidate(pieces=list(f.run.pieces), kind="direct", cue_tok=cue, cue_text=None, cue_bounds=None,
                     speaker_tok=None, speaker_bounds=None, confidence=DIRECT_BARE)
    if cue is not None:
        fill_cue(st, cand, cue, fs, fe)
        cand.confidence = DIRECT_WITH_CUE
    else:
        _speaker_without_cue(st, cand, f, colon_intro)
    return cand, cue


def _chosen_cue(st: QuoteState, f: RunFrame) -> tuple[Token | None, int, int, tuple[int, int] | None]:
    """(cue, frame start, frame end, colon intro): the tag after the quote, else the cue
    before it, else a 'Harf said:' ending the previous paragraph; a colon-ended paragraph
    with no cue in it is returned as the colon intro instead."""
    new_sentence = f.last_ch == "." and f.after_clean[:1].isupper()
    if f.post_cue is not None and (f.term or f.after_clean[:1] in ",—–-" or inverted_tag(f)) and not (
            f.pre_cue is not None and (new_sentence or _tight_frame(st, f.pre_cue, f.be))):
        # ('As Gaiman said, "…." Ford opted instead to write': the frame before tags it)
        return f.post_cue, f.as_, f.ae, None
    if f.pre_cue is not None:
        return f.pre_cue, f.bs, f.be, None
    if f.pre_clean and len(f.run.pieces) > 1 and (cue := find_cue(st, f.bs, f.be, last=True)) is not None:
        return cue, f.bs, f.be, None  # 'Holt said the release “gives us hope …¶“We see …”': one speaker's run
    if f.pre_clean:
        return None, f.as_, f.ae, None
    text = st.text
    open_pos = f.run.open_pos
    k = open_pos - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    if k > 0 and text[k] == ":" and "\n" in text[k:open_pos]:
        ps = text.rfind("\n", 0, k) + 1
        colon_cue = find_cue(st, ps, k, last=True)
        if colon_cue is not None:
            return colon_cue, ps, k, None
        return None, f.as_, f.ae, (ps, k)
    return None, f.as_, f.ae, None


def _tight_frame(st: QuoteState, cue: Token, frame_end: int) -> bool:
    """'… and said, "somebody ought to …," the prosecutor's office said': a speech verb right
    before the opening mark (nothing but punctuation between) is the quote's own frame; the
    tag after it reports the whole."""
    return cue.lemma_.lower() in SPEECH_LEMMAS and not st.text[cue.idx + len(cue.text):frame_end].strip(" ,:—–-")


def _speaker_without_cue(st: QuoteState, cand: Candidate, f: RunFrame, colon_intro: tuple[int, int] | None) -> None:
    """A speaker for a quote with no speech verb in its frame: the subject of a colon-ended
    paragraph before it, a dash byline after it, or a same-line 'X resisted:' frame."""
    after_clean, pre_clean = f.after_clean, f.pre_clean
    if colon_intro is not None:
        # 'Jared Potts echoed:' / 'Stated Stone:' (no speech verb the model knows):
        # the introducing sentence's subject, else the last person it names
        sp = _intro_speaker(st, *colon_intro)
        if sp is not None:
            give_speaker(st, cand, sp)
            cand.cue_text = ":"
            cand.confidence = DIRECT_COLON_INTRO
    elif after_clean[:1] and after_clean[:1] in DASHES:
        # '"…" ― Pamela Padilla': a dash byline names the speaker
        sp = first_name_in(st, f.as_, f.ae)
        if sp is not None:
            give_speaker(st, cand, sp)
            cand.cue_text = after_clean[:1]
            cand.confidence = DIRECT_DASH_BYLINE
    elif not after_clean and not pre_clean and (line := byline_paragraph(st.text, f.ae)) is not None:
        # '"…"¶- Sanders.': a quotation standing alone, signed on the next line
        sp = first_name_in(st, *line)
        if sp is not None:
            give_speaker(st, cand, sp)
            cand.cue_text = st.text[line[0] - 1]
            cand.confidence = DIRECT_DASH_BYLINE
    elif pre_clean.endswith(":") and len(pre_clean.split()) >= MIN_COLON_WORDS and "\n" not in st.text[f.bs:f.be]:
        # 'The piece used her words as its headline: "Finally …"' / 'As Ridge put it:
        # "…"' / 'Kasich resisted: "…"': the quoted words are the content; the
        # clause's subject is the best guess at a source
        cand.confidence = DIRECT_COLON_INTRO
        sp = _intro_speaker(st, f.bs, f.be - 1)
        if sp is not None:
            give_speaker(st, cand, sp)


#: '¶- Sanders.' / '¶— Governor Ana Holt': a paragraph that is only a dash and a short name
_BYLINE_LINE = re.compile(r"[ \t]*\n\s*[-—–―][ \t]*([A-Z][\w.'’ -]{1,48}?)\.?[ \t]*(?:\n|$)")


def byline_paragraph(text: str, end: int) -> tuple[int, int] | None:
    """'"Big firms pay no tax."¶- Sanders.': the name [s, e) of a dash-signed line right after a
    paragraph that is one quotation (fact checks and round-ups sign each quote so; without this
    the quote took the previous paragraph's speaker); None when the next line is no such
    signature (at most six words)."""
    m = _BYLINE_LINE.match(text, end)
    if m is None or len(m.group(1).split()) > 6:
        return None
    return m.start(1), m.end(1)


def _listed_after(st: QuoteState, prev: Candidate, prev_raw: QuoteRun, r: QuoteRun) -> bool:
    """'Teachers chanted, "Fund our schools," and "Put kids first," as …': a quotation joined by
    'and' / 'or' to a quotation its cue introduced is another object of that cue: one
    attribution with two pieces (ATTRIBUTION-GUIDELINE §3), not an orphan."""
    cue = prev.cue_tok
    if prev.kind != "direct" or cue is None or cue.idx >= prev_raw.open_pos:
        return False
    return st.text[prev_raw.after:r.open_pos].strip(" ,") in ("and", "or")


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
    return post_cue is None or post_cue.i == cue.i or others_react(post_cue)


def others_react(verb: Token) -> bool:
    """'"… Tell them to buy larger tractors." The cabinet members gathered around Mr. Trump
    laughed.': a verb that reports no speech with a plural subject after the quote is the
    listeners' reaction, not a tag; the quote goes on with the speaker before it."""
    return verb.lemma_.lower() not in VERB_CUES and any(
        c.dep_ == "nsubj" and (c.tag_ in ("NNS", "NNPS") or c.lower_ == "they") for c in verb.children)
