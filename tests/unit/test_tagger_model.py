"""The committed attribution model: small, documented, and it finds reported speech."""

from __future__ import annotations

import json

import spacy

from newsflow.nlp.tagger import MODEL_DIR, SPANS_KEY
from newsflow_dev.tagger.corpus import base_pipeline

TEXT = (
    "The mayor said on Tuesday that the new bridge would open in the spring.\n\n"
    "Officials at the transport ministry believe the delays were caused by the weather."
)


def test_artefact_is_small_and_records_how_it_was_trained() -> None:
    size = sum(f.stat().st_size for f in MODEL_DIR.rglob("*") if f.is_file())
    assert size <= 30 * 1024 * 1024
    rec = json.loads((MODEL_DIR / "training.json").read_text(encoding="utf-8"))
    assert len(rec["data_sha256"]) == 64 and rec["articles"] == 840 and rec["held_out"] == 0
    assert isinstance(rec["seed"], int) and rec["epochs"] >= 1
    assert "attribution_tagger" in rec["config"]
    assert {"rules", "model", "combined"} <= set(rec["slice_scores"])


def test_sourced_after_the_base_model_it_marks_reported_speech() -> None:
    nlp = base_pipeline()
    nlp.add_pipe("attribution_tagger", source=spacy.load(MODEL_DIR), after="ner")
    doc = nlp(TEXT)
    spans = {(s.label_, s.text) for s in doc.spans[SPANS_KEY]}
    contents = [t for lab, t in spans if lab == "CONTENT"]
    assert any("bridge would open" in c for c in contents), spans
    assert ("CUE", "said") in spans or ("CUE", "believe") in spans, spans
    assert all(t.tag_ and not t.tag_.startswith(("B-", "I-")) for t in doc)  # base tags kept
