"""The frame of a quote-mark run: the text around it in its sentence, and the cues there.

The sentence text before the opening mark and after the closing mark, the cue on either
side ('"…," he said' / 'Harf replied: "…"'), and whether the run opens and closes its
sentence: what ``direct`` reads to decide that a run is direct speech, and whose.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .lexicon import CLOSE_DOUBLE, DASHES, OPEN_DOUBLE, SPEECH_LEMMAS, TERMINAL
from .marks import QuoteRun
from .not_speech import in_idiom
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


def find_cue(st: QuoteState, s: int, e: int, last: bool) -> Token | None:
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


@dataclass
class RunFrame:
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


def frame_around(st: QuoteState, r: QuoteRun, prev_close: int, nxt_open: int, nicks: dict[int, int]) -> RunFrame:
    """The run's frame: the sentence text before it (not reaching back past the previous
    run) and after it (up to the next run), with a cue on either side."""
    text = st.text
    bs, be = _region_before(st, r, prev_close)
    as_, ae = _region_after(st, r, nxt_open, nicks)
    content = text[r.start:r.end]
    after = text[as_:ae]
    last_ch = content.rstrip().rstrip("'’ ")[-1:]  # '…super predator,’”' ends in ','
    return RunFrame(
        run=r, bs=bs, be=be, as_=as_, ae=ae, content=content, pre_clean=text[bs:be].strip(),
        after=after, after_clean=after.strip(), last_ch=last_ch,
        term=last_ch in TERMINAL or (r.close_pos is None),
        pre_cue=_pre_cue(st, bs, be), raw_post_cue=find_cue(st, as_, ae, last=False),
    )


def _pre_cue(st: QuoteState, bs: int, be: int) -> Token | None:
    """The last cue before the opening mark, when it frames this quote: at most seven words
    between them, no clause opener ('said that', 'asked whether'), and the frame ending in a
    comma, colon or dash ('he said, "…"'), not running on into a sentence of its own."""
    cue = find_cue(st, bs, be, last=True)
    if cue is None:
        return None
    between = st.text[cue.idx + len(cue.text):be]
    bw = between.lower().split()
    if len(bw) > 7 or any(w in ("that", "if", "whether", "how", "why") for w in bw) or (
        between.strip() and between.strip()[-1] not in ",:—–-"
    ):
        return None
    return cue


def quote_starts_sentence(st: QuoteState, f: RunFrame) -> bool:
    """Whether the quote opens its sentence: nothing but a frame before it ('He said, "…"',
    'Harf replied: "…"'), or a short verbless lead-in ('As for complexity, "…," Mr. Kamin
    said.'). Judged with the cue after it as found, before ``cue_after_quote`` checks it."""
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


def cue_after_quote(st: QuoteState, f: RunFrame) -> Token | None:
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


def quote_ends_sentence(f: RunFrame) -> bool:
    """Whether the quote closes its sentence: nothing after it, a new sentence, its own
    tag ('"…," he said'), or sentence punctuation / a dash right after the closing mark."""
    after_clean, last_ch, term = f.after_clean, f.last_ch, f.term
    return (
        after_clean == ""
        or (last_ch in ".!?" and after_clean[:1].isupper())
        or (term and f.pre_cue is not None and last_ch in ",.!?")
        or (f.post_cue is not None and (term or after_clean[:1] in ",—–-" or inverted_tag(f)))
        or after_clean[:1] in ".!?;"
        or (after_clean[:1] in DASHES and term)
    )


def inverted_tag(f: RunFrame) -> bool:
    """'“… improve workflow efficiency” says Jane Doe, head of …': a speech verb right after the
    closing mark with its subject after it tags the quote though the comma before the mark is
    missing (a page's slip, common in press releases): the verb-first order is only a tag's; a verb
    with a subject before it ('“Big Fish” says a lot about …': the title is the subject) is none."""
    cue = f.post_cue
    return (cue is not None and cue.lemma_.lower() in SPEECH_LEMMAS and f.after_clean.startswith(cue.text)
            and cue.tag_ in ("VBZ", "VBD") and any(c.dep_ == "nsubj" and c.i > cue.i for c in cue.children)
            and not any(c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i for c in cue.children))


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
