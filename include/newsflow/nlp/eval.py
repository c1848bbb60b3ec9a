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


def extract_polnear_convention(text: str) -> list[dict]:
    """``extract`` with PolNeAR's content convention: reported content starts at its
    complementiser ("said *that* the plan …"). ATTRIBUTION-GUIDELINE §3 and the stored quotes
    leave "that" out; this only lets PolNeAR's exact-match figure compare like with like."""
    out = extract(text)
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
