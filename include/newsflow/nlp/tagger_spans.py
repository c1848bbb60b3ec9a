"""The trained attribution tagger's spans read as attributions.

The tagger writes token spans (CONTENT, SOURCE, CUE) to ``doc.spans["attribution_model"]``;
this module groups them into attributions (content pieces with their nearest source and
cue) and measures how much of a quote the tagger marked as content. What becomes a quote
is the shipped policy's choice, in ``combine``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from .doctext import doc_text
from .pieces import Pieces

MODEL_SPANS_KEY = "attribution_model"

# One of the shipped policy's thresholds (the others, and where they came from: ``combine``).
#: content runs of one sentence split by at most this many untagged tokens are one run
GAP_TOKENS = 6

#: Punctuation and quote marks that may separate the pieces of one split attribution.
_GLUE = set(" \t,.;:!?\"'“”‘’«»„—–-()")


@dataclass
class ModelAttribution(Pieces):
    """One attribution the tagger found: content pieces, optional source and cue (char offsets)."""

    pieces: list[tuple[int, int]]
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    n_tokens: int = 0
    confidence: float = 1.0


def closed_runs(doc: Any, gap_tokens: int = GAP_TOKENS) -> tuple[list[list], list[tuple[str, int, int]]]:  # noqa: ANN401
    """CONTENT runs [start tok, end tok, n tokens, confidence mass] with gaps of at most
    ``gap_tokens`` closed; the other spans (label, start tok, end tok)."""
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
            if (len(gap) <= gap_tokens and not any(i in tagged for i in gap)
                    and not any("\n" in doc[i].text for i in gap)
                    and doc[sp.start].sent.start <= prev[0]):
                prev[1] = sp.end
                prev[2] += n
                prev[3] += c * n
                continue
        runs.append([sp.start, sp.end, n, c * n])
    return runs, others


def _char_spans(doc: Any, toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:  # noqa: ANN401
    """(label, start tok, end tok) spans as (label, start char, end char)."""
    return [(lab, doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for lab, s, e in toks]


def _joined(doc: Any, text: str, runs: list[list], others: list[tuple[str, int, int]]) -> list[ModelAttribution]:  # noqa: ANN401
    """One attribution per content run, a run joined to the attribution before it when only
    source / cue spans and punctuation lie between them (``“A,” he said, “B.”``)."""
    out: list[ModelAttribution] = []
    for ts, te, n, mass in runs:
        s, e = doc[ts].idx, doc[te - 1].idx + len(doc[te - 1])
        if out:
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
    return out


def _nearest_source_and_cue(
    text: str, atts: list[ModelAttribution], others: list[tuple[str, int, int]],
) -> list[ModelAttribution]:
    """``atts`` with the nearest SOURCE and CUE of their paragraph (a source or cue already
    inside the gap between their pieces first)."""
    from .quotes.marks import paragraph_bounds

    starts = [o[1] for o in others]
    for att in atts:
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
    return atts


def model_attributions(doc: Any) -> list[ModelAttribution]:  # noqa: ANN401
    """The tagger's spans grouped into attributions, in text order.

    CONTENT spans separated only by SOURCE / CUE spans and punctuation (``“A,” he said,
    “B.”``) form one attribution; each attribution takes the nearest SOURCE and CUE in its
    paragraph (a source or cue already inside the gap between its pieces first).
    """
    if MODEL_SPANS_KEY not in doc.spans:
        return []
    text = doc_text(doc)
    runs, other_toks = closed_runs(doc)
    others = _char_spans(doc, other_toks)
    return _nearest_source_and_cue(text, _joined(doc, text, runs, others), others)


def overlap_length(a: tuple[int, int], pieces: list[tuple[int, int]]) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in pieces)


def content_runs(doc: Any) -> list[tuple[int, int]]:  # noqa: ANN401
    """The character ranges the tagger marked as content (read once per Doc: building the
    group's Span objects is what costs)."""
    return [(sp.start_char, sp.end_char) for sp in doc.spans[MODEL_SPANS_KEY] if sp.label_ == "CONTENT"]


def model_share(doc: Any, q: Any, runs: list[tuple[int, int]] | None = None) -> float:  # noqa: ANN401
    """Share of a quote's characters the tagger marked as content."""
    pieces = q.pieces()
    total = sum(e - s for s, e in pieces) or 1
    lo, hi = min(s for s, _ in pieces), max(e for _, e in pieces)
    # a run outside [lo, hi) overlaps no piece: skip it before summing (runs per quote)
    covered = sum(overlap_length(run, pieces) for run in (content_runs(doc) if runs is None else runs)
                  if run[0] < hi and lo < run[1])
    return covered / total
