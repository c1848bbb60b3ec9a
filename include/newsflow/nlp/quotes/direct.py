"""Pass 1+2: quoted passages that are direct speech, with the frame next to them.

'"…," he said' / 'Harf replied: "…"' / 'according to X, "…"'; a split quote ('"…," he
said. "…"') becomes one quote with several pieces (joined in ``merge``).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .lexicon import CLOSE_DOUBLE, DASHES, OPEN_DOUBLE, SPEECH_LEMMAS, TERMINAL, VERB_CUES
from .marks import QuoteRun
from .merge import join_runs
from .not_speech import in_idiom
from .records import Candidate
from .scores import DIRECT_BARE, DIRECT_COLON_INTRO, DIRECT_DASH_BYLINE, DIRECT_WITH_CUE
from .speakers import fill_cue, first_name_in, give_speaker, last_person
from .state import QuoteState
from .subject_gaps import clause_subject_before, topic_label_name
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


@dataclass
class _RunFrame:
    """A quote-mark run with the text around it in its sentence: the frame before the
    opening mark [bs, be), the frame after the closing mark [as_, ae), and the cues found
    there (``raw_post_cue`` as found, ``post_cue`` once the checks below have run)."""

    run: QuoteRun
    bs: int
    be: int
    as_: int
    ae: int
    content: str  # the quoted words
    pre_clean: str  # the frame before, stripped
    after: str  # the frame after, as written (a leading space matters)
    after_clean: str
    last_ch: str  # the quote's last character before its closing marks ('.', ',', …)
    term: bool  # the quote ends a sentence of its own (or is never closed)
    pre_cue: Token | None
    raw_post_cue: Token | None
    post_cue: Token | None = None


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
        f = _frame_around(st, r, prev_close, nxt_open, nicks)
        prev_close = r.after
        starts = _starts_sentence(st, f)
        f.post_cue = _post_cue(st, f)
        ends = _ends_sentence(f)
        if (
            prev_cand is not None and prev_raw is not None and (ends or f.term)
            and _continues(st, prev_cand, prev_raw, r, f.post_cue)
        ):
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


def _frame_around(st: QuoteState, r: QuoteRun, prev_close: int, nxt_open: int, nicks: dict[int, int]) -> _RunFrame:
    """The run's frame: the sentence text before it (not reaching back past the previous
    run) and after it (up to the next run), with a cue on either side."""
    text = st.text
    bs, be = _region_before(st, r, prev_close)
    as_, ae = _region_after(st, r, nxt_open, nicks)
    content = text[r.start:r.end]
    after = text[as_:ae]
    last_ch = content.rstrip().rstrip("'’ ")[-1:]  # '…super predator,’”' ends in ','
    return _RunFrame(
        run=r, bs=bs, be=be, as_=as_, ae=ae, content=content, pre_clean=text[bs:be].strip(),
        after=after, after_clean=after.strip(), last_ch=last_ch,
        term=last_ch in TERMINAL or (r.close_pos is None),
        pre_cue=_pre_cue(st, bs, be), raw_post_cue=_find_cue(st, as_, ae, last=False),
    )


def _pre_cue(st: QuoteState, bs: int, be: int) -> Token | None:
    """The last cue before the opening mark, when it frames this quote: at most seven words
    between them, no clause opener ('said that', 'asked whether'), and the frame ending in a
    comma, colon or dash ('he said, "…"'), not running on into a sentence of its own."""
    cue = _find_cue(st, bs, be, last=True)
    if cue is None:
        return None
    between = st.text[cue.idx + len(cue.text):be]
    bw = between.lower().split()
    if len(bw) > 7 or any(w in ("that", "if", "whether", "how", "why") for w in bw) or (
        between.strip() and between.strip()[-1] not in ",:—–-"
    ):
        return None
    return cue


def _starts_sentence(st: QuoteState, f: _RunFrame) -> bool:
    """Whether the quote opens its sentence: nothing but a frame before it ('He said, "…"',
    'Harf replied: "…"'), or a short verbless lead-in ('As for complexity, "…," Mr. Kamin
    said.'). Judged with the cue after it as found, before ``_post_cue`` checks it."""
    pre_clean, pre_cue = f.pre_clean, f.pre_cue
    starts = pre_clean.strip(",;—–-") == "" or pre_clean.endswith(":") or (
        pre_cue is not None and (pre_clean.endswith(",") or pre_cue.idx + len(pre_cue.text) >= f.be - 2)
    )
    if (
        not starts and f.raw_post_cue is not None and pre_clean.endswith(",")
        and len(pre_clean.split()) <= 4 and pre_cue is None and not title_like(f.content)
        and not any(st.doc[ti].pos_ in ("VERB", "AUX") and not in_idiom(st.doc[ti])
                    for ti in st.ix.tokens_between(f.bs, f.be))
    ):
        starts = True  # 'As for complexity, "…," Mr. Kamin said.': a lead-in
    return starts


def _post_cue(st: QuoteState, f: _RunFrame) -> Token | None:
    """The cue after the closing mark when it tags this quote: not after a full stop glued
    to the next word, not in a new sentence ('"… kidding." To which she said, "…"'), not a
    frame that introduces the next quote; else a bare 'Vitter demanded.' frame."""
    post_cue, after, last_ch = f.raw_post_cue, f.after, f.last_ch
    if post_cue is not None and last_ch in ".!?" and not after[:1].isspace():
        post_cue = None
    elif post_cue is not None and last_ch in ".!?":
        toks = st.ix.tokens_between(f.as_, f.ae)
        first = st.doc[toks[0]] if len(toks) else None
        if first is not None and first.i != post_cue.i and first.pos_ not in ("PRON", "PROPN", "DET", "NOUN"):
            post_cue = None  # '"… kidding." To which she said, "…"': a new sentence
    if last_ch == "," and after[:1].isspace() and (tag := _comma_tag(st, f.as_, f.ae)) is not None and (
        post_cue is None or tag.i < post_cue.i
    ):
        post_cue = tag  # '"We all miss Steve so much," Benioff weighed in, telling Cook, "…"'
    if post_cue is None and f.term and after[:1].isspace():
        post_cue = _generic_post_cue(st, f.as_, f.ae)
    if post_cue is not None and last_ch in ".!?" and _opens_next_sentence(post_cue, f.after_clean, f.ae):
        post_cue = None
    return post_cue


def _ends_sentence(f: _RunFrame) -> bool:
    """Whether the quote closes its sentence: nothing after it, a new sentence, its own
    tag ('"…," he said'), or sentence punctuation / a dash right after the closing mark."""
    after_clean, last_ch, term = f.after_clean, f.last_ch, f.term
    return (
        after_clean == ""
        or (last_ch in ".!?" and after_clean[:1].isupper())
        or (term and f.pre_cue is not None and last_ch in ",.!?")
        or (f.post_cue is not None and (term or after_clean[:1] in ",—–-"))
        or after_clean[:1] in ".!?;"
        or (after_clean[:1] in DASHES and term)
    )


def _is_direct(f: _RunFrame, starts: bool, ends: bool) -> bool:
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


def _direct_candidate(st: QuoteState, f: _RunFrame) -> tuple[Candidate, Token | None]:
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


def _chosen_cue(st: QuoteState, f: _RunFrame) -> tuple[Token | None, int, int, tuple[int, int] | None]:
    """(cue, frame start, frame end, colon intro): the tag after the quote, else the cue
    before it, else a 'Harf said:' ending the previous paragraph; a colon-ended paragraph
    with no cue in it is returned as the colon intro instead."""
    new_sentence = f.last_ch == "." and f.after_clean[:1].isupper()
    if f.post_cue is not None and (f.term or f.after_clean[:1] in ",—–-") and not (
            f.pre_cue is not None and (new_sentence or _tight_frame(st, f.pre_cue, f.be))):
        # ('As Gaiman said, "…." Ford opted instead to write': the frame before tags it)
        return f.post_cue, f.as_, f.ae, None
    if f.pre_cue is not None:
        return f.pre_cue, f.bs, f.be, None
    if f.pre_clean and len(f.run.pieces) > 1 and (cue := _find_cue(st, f.bs, f.be, last=True)) is not None:
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
        colon_cue = _find_cue(st, ps, k, last=True)
        if colon_cue is not None:
            return colon_cue, ps, k, None
        return None, f.as_, f.ae, (ps, k)
    return None, f.as_, f.ae, None


def _tight_frame(st: QuoteState, cue: Token, frame_end: int) -> bool:
    """'… and said, "somebody ought to …," the prosecutor's office said': a speech verb right
    before the opening mark (nothing but punctuation between) is the quote's own frame; the
    tag after it reports the whole."""
    return cue.lemma_.lower() in SPEECH_LEMMAS and not st.text[cue.idx + len(cue.text):frame_end].strip(" ,:—–-")


def _speaker_without_cue(st: QuoteState, cand: Candidate, f: _RunFrame, colon_intro: tuple[int, int] | None) -> None:
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
    elif pre_clean.endswith(":") and len(pre_clean.split()) >= MIN_COLON_WORDS and "\n" not in st.text[f.bs:f.be]:
        # 'The piece used her words as its headline: "Finally …"' / 'As Ridge put it:
        # "…"' / 'Kasich resisted: "…"': the quoted words are the content; the
        # clause's subject is the best guess at a source
        cand.confidence = DIRECT_COLON_INTRO
        sp = _intro_speaker(st, f.bs, f.be - 1)
        if sp is not None:
            give_speaker(st, cand, sp)


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


def _opens_next_sentence(cue: Token, frame: str, frame_end: int) -> bool:
    """After a quote that ended its sentence ('"… I guess."'), a frame that ends in a colon
    ('Smith agreed: "…"') introduces the next quote, and a verb with a clause of its own
    ('He said a landing could …') reports new speech: neither is this quote's tag."""
    if frame.endswith(":"):
        return True
    return any(c.dep_ == "ccomp" and c.i > cue.i and c.idx < frame_end for c in cue.children)


#: particles of a phrasal tag verb, which the parser may call adverbs ('weighed in')
_PARTICLES = frozenset({"in", "out", "up", "back", "off", "on", "down"})


def _comma_tag(st: QuoteState, s: int, e: int) -> Token | None:
    """'"…," Benioff weighed in, telling Cook, "…"': after a quote ending in a comma, a
    subject and a finite verb (and its particle) closed by a comma tag the quote, whatever
    the verb; a speech verb after that comma tags the next quote (two cues, two
    attributions: ATTRIBUTION-GUIDELINE §3)."""
    toks = st.ix.tokens_between(s, e)
    verb = next((st.doc[ti] for ti in toks if st.doc[ti].pos_ == "VERB"), None)
    if verb is None or verb.tag_ not in ("VBD", "VBZ") or st.quoted[verb.i]:
        return None
    subj = next((c for c in verb.lefts if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON", "NOUN")), None)
    if subj is None or subj.left_edge.i != toks[0]:
        return None
    end = verb.i + 1
    while end < len(st.doc) and st.doc[end].head.i == verb.i and (
        st.doc[end].dep_ == "prt" or st.doc[end].lower_ in _PARTICLES
    ):
        end += 1  # 'weighed in', 'shot back'

    return verb if end < len(st.doc) and st.doc[end].text == "," and st.doc[end].idx < e else None


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
