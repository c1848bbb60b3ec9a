"""Adapter for the PolNeAR quote harness (``shared/tools/eval_quotes.py``).

Why a separate module: the harness calls ``extract(text)`` per article and wants
plain dicts; keeping the adapter here lets anyone rerun the measurement with
``--extractor newsflow.nlp.eval:extract``.
"""

from __future__ import annotations

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
