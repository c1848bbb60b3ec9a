"""Where the trained attribution tagger's spans meet the rules' quotes.

Why a seam of its own: the rules are precise on quote marks, colon frames and speakers;
the tagger (``doc.spans["attribution_model"]``) finds what they miss, mostly reported
speech without quote marks. How the two are combined is chosen on the train split
(a held-out slice, see ``newsflow_dev.tagger.selection``), in this one place:

- a rule quote stays (its start may move to a confident model content's, and a missing
  or anonymous speaker may come from the model's SOURCE); a model attribution that
  overlaps one adds nothing;
- a model attribution the rules did not find becomes a quote when its speaker (the
  subject of the verb governing it, else the model's nearest SOURCE, resolved by the
  rules' resolver when ``state`` offers one) resolves and lies in its sentences.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

MODEL_SPANS_KEY = "attribution_model"

#: A relative pronoun as the speaker: the resolver did not find the noun it stands for.
_RELATIVE = frozenset({"who", "that", "which", "whom"})

#: Punctuation and quote marks that may separate the pieces of one split attribution.
_GLUE = set(" \t,.;:!?\"'“”‘’«»„—–-()")


@dataclass
class Policy:
    """The combination's knobs (chosen on the train slice, never on dev).

    The defaults are the slice's best combined all-attribution F1 among the policies that
    lose no exact content F1 and at most 0.002 speaker accuracy against the rules alone
    (``selection.choose``; round 3, after the rules improved): see
    ``models/attribution/training.json`` ("selection").
    """

    #: a model content needs at least this many tokens
    min_tokens: int = 3
    #: ... and at least this mean label probability
    min_conf: float = 0.85
    #: content runs of one sentence split by at most this many untagged tokens are one run
    gap_tokens: int = 6
    #: a model content is kept only if the model also found a SOURCE / a CUE for it
    require_source: bool = False
    require_cue: bool = True
    #: a model content overlapping a rule quote by more than this share is dropped
    max_overlap: float = 0.3
    #: pieces joined when only source / cue / punctuation lie between them
    join_pieces: bool = True
    #: a content run grows to the syntactic subtree of its head (clause extents)
    snap: bool = False
    #: a rule quote without quote marks is dropped when the model marks less than this
    #: share of it as content (0: the rules' indirect quotes are never vetoed)
    veto_share: float = 0.0
    #: which model additions keep their place by their speaker: "any"; "resolved" (a
    #: source mention the rules' resolver names: no missing source, no pronoun without
    #: antecedent, no bare relative pronoun); "named" (resolved to an entity, not ANON)
    speaker: str = "resolved"
    #: where an addition's source comes from: "nearest" (the tagger's SOURCE span nearest
    #: in the paragraph) or "syntax" (the subject of the verb that governs the content,
    #: as the rules find theirs, when the parse gives one; else the nearest SOURCE)
    source: str = "syntax"
    #: an addition is kept only when its speaker mention lies in the sentences of its
    #: content (a source further away is mostly another attribution's)
    same_sentence: bool = True
    #: rule quotes whose speaker the rules did not find ("missing") or left anonymous
    #: ("anon": also ANON ones) take the tagger's source of the attribution over them,
    #: when that source lies in the quote's sentences and resolves to a named speaker
    fill_speakers: str = "none"
    #: a rule quote without quote marks takes the start of a model content run that
    #: overlaps it by IoU >= 0.5 with at least this mean confidence (0: off); PolNeAR's
    #: contents often begin earlier ('asked them to draft …': 'them to draft …')
    extent_conf: float = 0.9
    #: whether the tagger may add quotes in quote marks (the rules decide those well) ...
    add_direct: bool = True
    #: ... and how many words such an addition needs ('"appropriate assistance."' is a label)
    direct_words: int = 3


DEFAULT_POLICY = Policy()


@dataclass
class ModelAttribution:
    """One attribution the tagger found: content pieces, optional source and cue (char offsets)."""

    pieces: list[tuple[int, int]]
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    n_tokens: int = 0
    confidence: float = 1.0

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def _runs(doc: Any, policy: Policy) -> tuple[list[list], list[tuple[str, int, int]]]:  # noqa: ANN401
    """CONTENT runs [start tok, end tok, n tokens, confidence mass] with small gaps closed; other spans."""
    group = doc.spans[MODEL_SPANS_KEY]
    conf = group.attrs.get("confidence") or [1.0] * len(group)
    spans = sorted(zip(group, conf, strict=False), key=lambda x: x[0].start)
    others = [(sp.label_, sp.start, sp.end) for sp, _ in spans if sp.label_ != "CONTENT"]
    tagged = {i for _, s, e in others for i in range(s, e)}
    runs: list[list] = []
    for sp, c in spans:
        if sp.label_ != "CONTENT":
            continue
        n = sp.end - sp.start
        if runs:
            prev = runs[-1]
            gap = range(prev[1], sp.start)
            if (len(gap) <= policy.gap_tokens and not any(i in tagged for i in gap)
                    and not any("\n" in doc[i].text for i in gap)
                    and doc[sp.start].sent.start <= prev[0]):
                prev[1] = sp.end
                prev[2] += n
                prev[3] += c * n
                continue
        runs.append([sp.start, sp.end, n, c * n])
    if policy.snap:
        runs = _snap(doc, runs, tagged)
    return runs, others


def _snap(doc: Any, runs: list[list], tagged: set[int]) -> list[list]:  # noqa: ANN401
    """Grow each run to its head's subtree when that stays in the sentence and off sources / cues.

    Why: the tagger sees a few tokens either side, so a long reported clause comes out
    ragged at its ends; the parser knows where the clause ends.
    """
    out: list[list] = []
    for ts, te, n, mass in runs:
        heads = [t for t in doc[ts:te] if not ts <= t.head.i < te or t.head.i == t.i]
        if heads:
            h = max(heads, key=lambda t: t.right_edge.i - t.left_edge.i)
            sent = h.sent
            lo, hi = max(h.left_edge.i, sent.start), min(h.right_edge.i + 1, sent.end)
            if lo <= ts and hi >= te and not any(i in tagged for i in range(lo, hi)) \
                    and hi - lo <= 2 * (te - ts) + 3:
                ts, te = lo, hi
        if out and ts < out[-1][1]:
            prev = out[-1]
            prev[1] = max(prev[1], te)
            prev[2] += n
            prev[3] += mass
            continue
        out.append([ts, te, n, mass])
    return out


def model_attributions(doc: Any, policy: Policy = DEFAULT_POLICY) -> list[ModelAttribution]:  # noqa: ANN401
    """The tagger's spans grouped into attributions, in text order.

    CONTENT spans separated only by SOURCE / CUE spans and punctuation (``“A,” he said,
    “B.”``) form one attribution; each attribution takes the nearest SOURCE and CUE in its
    paragraph (a source or cue already inside the gap between its pieces first).
    """
    from .quotes.marks import paragraph_bounds

    if MODEL_SPANS_KEY not in doc.spans:
        return []
    text = doc.text
    runs, other_toks = _runs(doc, policy)
    others = [(lab, doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for lab, s, e in other_toks]
    out: list[ModelAttribution] = []
    for ts, te, n, mass in runs:
        s, e = doc[ts].idx, doc[te - 1].idx + len(doc[te - 1])
        if out and policy.join_pieces:
            prev = out[-1]
            gap = text[prev.end:s]
            if "\n" not in gap:
                rest = gap
                for _, os_, oe in others:
                    if os_ >= prev.end and oe <= s:
                        rest = rest.replace(text[os_:oe], "", 1)
                if all(c in _GLUE for c in rest):
                    total = prev.n_tokens + n
                    prev.confidence = (prev.confidence * prev.n_tokens + mass) / total
                    prev.pieces.append((s, e))
                    prev.n_tokens = total
                    continue
        out.append(ModelAttribution(pieces=[(s, e)], n_tokens=n, confidence=mass / n))
    starts = [o[1] for o in others]
    for att in out:
        plo, phi = paragraph_bounds(text, att.start)
        best: dict[str, tuple[int, tuple[int, int]]] = {}
        lo = bisect.bisect_left(starts, plo)
        for lab, os_, oe in others[lo:]:
            if os_ >= phi:
                break
            if any(ps <= os_ < pe for ps, pe in att.pieces):
                continue
            if att.start <= os_ < att.end:
                dist = 0
            else:
                dist = att.start - oe if oe <= att.start else os_ - att.end
            if lab not in best or dist < best[lab][0]:
                best[lab] = (dist, (os_, oe))
        att.source = best["SOURCE"][1] if "SOURCE" in best else None
        att.cue = best["CUE"][1] if "CUE" in best else None
    return out


def _enclosed(text: str, s: int, e: int) -> bool:
    """A quote mark just before ``s`` and one just after ``e`` (spaces, punctuation between)."""
    j = s
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    k, steps = e, 0
    while k < len(text) and steps < 4 and text[k] in " \t.,;:!?":
        k, steps = k + 1, steps + 1
    return j > 0 and text[j - 1] in "\"“‘«„'" and k < len(text) and text[k] in "\"”’»'"


def _kind(text: str, pieces: list[tuple[int, int]]) -> str:
    """direct when every piece sits in quote marks, mixed when some marks occur, else indirect."""
    if all(_enclosed(text, s, e) for s, e in pieces):
        return "direct"
    marks = any(c in "\"“”«»„" for s, e in pieces for c in text[s:e])
    return "mixed" if marks else "indirect"


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Content without surrounding whitespace, quote marks and a trailing comma."""
    strip = " \t\n\"“”‘’«»„,"
    while s < e and text[s] in strip:
        s += 1
    while e > s and text[e - 1] in strip:
        e -= 1
    return s, e


def _overlap(a: tuple[int, int], pieces: list[tuple[int, int]]) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in pieces)


def _speaker(doc: Any, state: Any, s: int, e: int) -> tuple[str | None, str | None, str | None]:  # noqa: ANN401
    """The canonical speaker of a source mention: the rules' resolver, else an entity inside."""
    resolve = getattr(state, "resolve_source", None) if state is not None else None
    if callable(resolve):
        got = resolve(s, e)
        if got:
            return got[0], got[1], got[2] if len(got) > 2 else None
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is not None:
        for ent in span.ents:
            if ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
                return ent.text, ent.label_, None
    return None, None, None


def _governing_subject(doc: Any, state: Any, start: int, end: int) -> tuple[int, int] | None:  # noqa: ANN401
    """The subject of the verb outside ``[start, end)`` that governs the content, as a mention.

    Why: the tagger's nearest SOURCE is often another attribution's ('A lawmaker … is
    calling for Trump to be banned after the candidate suggested …'); the parse knows
    whose verb the content hangs on.
    """
    from .quotes.speakers import named_appositive, relative_antecedent
    from .quotes.syntax import mention_bounds, subject_of

    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span.root
    for _ in range(4):  # 'calling for X to …', 'critical of X': climb prepositions to the verb
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and not span.start <= tok.i < span.end:
            break
        if tok.dep_ not in ("prep", "pobj", "pcomp", "dobj") and tok.pos_ not in ("ADP",):
            return None
    else:
        return None
    subj = subject_of(tok)
    if subj is None or span.start <= subj.i < span.end or subj.sent.start != tok.sent.start:
        return None
    if subj.lower_ in ("it", "there") and subj.dep_ == "expl":
        return None
    subj = relative_antecedent(subj)
    if state is not None and hasattr(state, "ent_by_tok"):
        subj = named_appositive(state, subj)
        return mention_bounds(subj, state.ent_by_tok)
    return mention_bounds(subj, {})


def _words(text: str, pieces: list[tuple[int, int]]) -> int:
    """Words (with a letter or digit) in the pieces."""
    return sum(any(c.isalnum() for c in w) for s, e in pieces for w in text[s:e].split())


def _undated(state: Any, s: int, e: int) -> tuple[int, int] | None:  # noqa: ANN401
    """A source mention without the dateline it starts in ('HALDEN — The city council');
    None when all of it is dateline."""
    dateline_end = getattr(state, "dateline_end", None) if state is not None else None
    if not callable(dateline_end) or getattr(state, "datelines", None) == []:
        return s, e
    cut = dateline_end(s)
    if cut is None:
        return s, e
    text = state.text
    while cut < e and text[cut].isspace():
        cut += 1
    return (cut, e) if cut < e else None


def _in_sentences(doc: Any, start: int, end: int, pos: int | None) -> bool:  # noqa: ANN401
    """Whether ``pos`` lies in the sentences that ``[start, end)`` touches."""
    if pos is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    return span[0].sent.start_char <= pos < span[-1].sent.end_char


def _speaker_ok(speaker: str | None, label: str | None, rule: str) -> bool:
    """Whether a resolved speaker is good enough for a ``speaker`` rule ("resolved" / "named")."""
    if speaker is None or speaker.lower() in _RELATIVE:
        return False
    return rule != "named" or label not in (None, "ANON")


def model_quotes(doc: Any, state: Any, policy: Policy = DEFAULT_POLICY) -> list:  # noqa: ANN401
    """The tagger's attributions that pass the policy's filters, as Quotes."""
    from .quotes import Quote

    text = doc.text
    out = []
    for att in model_attributions(doc, policy):
        if att.n_tokens < policy.min_tokens or att.confidence < policy.min_conf:
            continue
        if policy.require_source and att.source is None:
            continue
        if policy.require_cue and att.cue is None and att.source is None:
            continue
        pieces = [p for p in (_trim(text, s, e) for s, e in att.pieces) if p[1] > p[0]]
        if not pieces:
            continue
        start, end = pieces[0][0], pieces[-1][1]
        sp_s, sp_e = (att.source and _undated(state, *att.source)) or (None, None)
        if policy.source == "syntax" and (subj := _governing_subject(doc, state, start, end)):
            sp_s, sp_e = subj
        speaker = label = key = None
        if sp_s is not None:
            assert sp_e is not None  # sp_s, sp_e: one (start, end) pair, or both None
            speaker, label, key = _speaker(doc, state, sp_s, sp_e)
        if _kind(text, pieces) == "direct" and (
                not policy.add_direct or _words(text, pieces) < policy.direct_words):
            continue
        if policy.same_sentence and not _in_sentences(doc, start, end, sp_s):
            continue
        if policy.speaker != "any" and not _speaker_ok(speaker, label, policy.speaker):
            continue
        cue_s, cue_e = att.cue if att.cue else (None, None)
        out.append(Quote(
            start=start, end=end, text=text[start:end], kind=_kind(text, pieces),
            cue=text[cue_s:cue_e] if cue_s is not None else None,
            speaker_start=sp_s, speaker_end=sp_e,
            speaker_text=text[sp_s:sp_e] if sp_s is not None else None,
            speaker=speaker, speaker_label=label, confidence=round(0.6 * att.confidence, 2),
            spans=pieces, cue_start=cue_s, cue_end=cue_e, speaker_key=key, origin="tagger",
        ))
    return out


def content_runs(doc: Any) -> list[tuple[int, int]]:  # noqa: ANN401
    """The character ranges the tagger marked as content (read once per Doc: building the
    group's Span objects is what costs)."""
    return [(sp.start_char, sp.end_char) for sp in doc.spans[MODEL_SPANS_KEY] if sp.label_ == "CONTENT"]


def model_share(doc: Any, q: Any, runs: list[tuple[int, int]] | None = None) -> float:  # noqa: ANN401
    """Share of a quote's characters the tagger marked as content."""
    pieces = q.spans or [(q.start, q.end)]
    total = sum(e - s for s, e in pieces) or 1
    covered = sum(_overlap(run, pieces) for run in (content_runs(doc) if runs is None else runs))
    return covered / total


def _model_starts(doc: Any, quotes: list, policy: Policy) -> list:  # noqa: ANN401
    """Rule indirect quotes (one piece) starting where a confident model content run starts."""
    from dataclasses import replace

    runs, _ = _runs(doc, policy)
    spans = [(doc[ts].idx, doc[te - 1].idx + len(doc[te - 1]), mass / n) for ts, te, n, mass in runs]
    if not spans:
        return quotes
    text = doc.text
    out = []
    for q in quotes:
        if q.kind == "indirect" and len(q.spans) <= 1:
            for ms, me, conf in spans:
                inter = min(q.end, me) - max(q.start, ms)
                if inter > 0 and conf >= policy.extent_conf and inter >= 0.5 * (max(q.end, me) - min(q.start, ms)):
                    ns = _trim(text, ms, q.end)[0]  # the start only: the rules' end stays
                    # ... but not back over a bare complementiser: the tagger learnt PolNeAR's
                    # 'that', the guideline (§3) leaves it out
                    if ns != q.start and q.end > ns and text[ns:q.start].strip().lower() != "that":
                        q = replace(q, start=ns, text=text[ns:q.end], spans=[(ns, q.end)])
                    break
        out.append(q)
    return out


def _fill_speakers(doc: Any, quotes: list, state: Any, policy: Policy) -> list:  # noqa: ANN401
    """Rule quotes without a (named) speaker, given the tagger's source where it names one.

    Why: the rules miss a speaker when the frame is unusual ('On CBS, she stated, “…”');
    the tagger marks SOURCE tokens wherever they sit.
    """
    from dataclasses import replace

    atts = [a for a in model_attributions(doc, policy) if a.source is not None]
    if not atts:
        return quotes
    text = doc.text
    out = []
    for q in quotes:
        want = q.speaker_start is None or (policy.fill_speakers == "anon" and q.speaker_label == "ANON")
        if want:
            pieces = q.spans or [(q.start, q.end)]
            size = sum(e - s for s, e in pieces) or 1
            best = max(atts, key=lambda a: _overlap((a.start, a.end), pieces))
            assert best.source is not None  # atts keeps only attributions with a source
            src = _undated(state, *best.source)
            if src is None:
                out.append(q)
                continue
            sp_s, sp_e = src
            own = q.speaker_start is not None and sp_s < q.speaker_end and q.speaker_start < sp_e
            if (not own and _overlap((best.start, best.end), pieces) >= 0.5 * size
                    and not any(s <= sp_s < e for s, e in pieces)
                    and _in_sentences(doc, q.start, q.end, sp_s)):
                speaker, label, key = _speaker(doc, state, sp_s, sp_e)
                if _speaker_ok(speaker, label, "named"):
                    q = replace(q, speaker_start=sp_s, speaker_end=sp_e, speaker_text=text[sp_s:sp_e],
                                speaker=speaker, speaker_label=label, speaker_key=key)
        out.append(q)
    return out


def combine(doc: Any, quotes: list, state: Any, policy: Policy = DEFAULT_POLICY) -> list:  # noqa: ANN401
    """The rules' quotes, completed with the tagger's attributions they did not find."""
    if MODEL_SPANS_KEY not in doc.spans:
        return quotes
    if policy.veto_share > 0:
        quotes = [q for q in quotes if q.kind != "indirect" or model_share(doc, q) >= policy.veto_share]
    if policy.extent_conf > 0:
        quotes = _model_starts(doc, quotes, policy)
    if policy.fill_speakers != "none":
        quotes = _fill_speakers(doc, quotes, state, policy)
    rule_pieces = [p for q in quotes for p in (q.spans or [(q.start, q.end)])]
    added = []
    for mq in model_quotes(doc, state, policy):
        length = sum(e - s for s, e in mq.spans)
        if any(_overlap(p, mq.spans) > policy.max_overlap * length for p in rule_pieces):
            continue
        added.append(mq)
    if not added:
        return quotes
    return sorted(quotes + added, key=lambda q: (q.start, q.end))
