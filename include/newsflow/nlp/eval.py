"""Adapter for the PolNeAR quote harness (``shared/tools/eval_quotes.py``).

Why a separate module: the harness calls ``extract(text)`` per article and wants
plain dicts; keeping the adapter here lets anyone rerun the measurement with
``--extractor newsflow.nlp.eval:extract``.
"""

from __future__ import annotations

import re

from . import analyze


def extract(text: str) -> list[dict]:
    """Quotes of ``text`` as the harness's prediction dicts."""
    out = []
    for q in analyze(text).quotes:
        out.append(
            {
                "start": q.start,
                "end": q.end,
                "spans": [list(p) for p in q.spans] if len(q.spans) > 1 else None,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "speaker": q.speaker,
                "kind": q.kind,
                "cue": q.cue,
                "cue_start": q.cue_start,
                "cue_end": q.cue_end,
                "confidence": q.confidence,
            }
        )
    return out


def extract_speech(text: str) -> list[dict]:
    """Speech attributions only (stances left out): what the real-world targets measure."""
    return [q for q in extract(text) if q["kind"] != "stance"]


_THAT_BEFORE = re.compile(r"\bthat\s+$", re.IGNORECASE)


def _joined_paragraphs(text: str, quotes: list[dict]) -> list[dict]:
    """PolNeAR annotates a quotation running over paragraphs as one content; the guideline
    (H5) and the stored quotes make each paragraph its own attribution, the later ones
    follow-ons (no cue) of the same speaker. Join such a follow-on back onto the direct
    quote of the paragraph before it."""
    out: list[dict] = []
    for q in sorted(quotes, key=lambda q: q["start"]):
        prev = next((p for p in reversed(out) if p["kind"] == "direct"), None)
        gap = text[prev["end"]:q["start"]] if prev is not None else ""
        if (prev is not None and q["kind"] == "direct" and q["speaker"] == prev["speaker"] and "\n" in gap
                and not gap.strip(" \n\"“”'‘’") and (q["cue_start"] is None or prev["cue_start"] is None)):
            pieces = (prev["spans"] or [[prev["start"], prev["end"]]]) + (q["spans"] or [[q["start"], q["end"]]])
            cue = prev if prev["cue_start"] is not None else q
            prev.update({k: cue[k] for k in ("cue", "cue_start", "cue_end", "speaker_start", "speaker_end")})
            prev.update(spans=pieces, end=q["end"], confidence=max(prev["confidence"], q["confidence"]))
            continue
        out.append(q)
    return out


def extract_polnear_convention(text: str) -> list[dict]:
    """``extract`` with PolNeAR's content conventions: reported content starts at its
    complementiser ("said *that* the plan …"), and a quotation running over paragraphs is one
    content (``_joined_paragraphs``). ATTRIBUTION-GUIDELINE §3 and the stored quotes leave
    "that" out and split at paragraphs; this only lets PolNeAR's figures compare like with like."""
    out = _joined_paragraphs(text, extract(text))
    for q in out:
        if q["kind"] == "direct":
            continue
        start = q["spans"][0][0] if q["spans"] else q["start"]
        m = _THAT_BEFORE.search(text, max(0, start - 8), start)
        if m and m.end() == start:
            q["start"] = m.start()
            if q["spans"]:
                q["spans"][0][0] = m.start()
    return out
