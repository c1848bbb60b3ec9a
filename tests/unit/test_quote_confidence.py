"""Calibrated confidence: the stored confidence is the packaged model's probability, doubted
attributions stay below any threshold, and the default threshold is the fitted one."""

from __future__ import annotations

import json

import pytest

from newsflow import nlp
from newsflow.nlp.model import get_nlp
from newsflow.nlp.quotes.component import QUOTES_COMPONENT, doc_quotes
from newsflow.nlp.quotes.confidence import (
    CALIBRATION_FILE,
    FEATURES,
    Calibration,
    calibrate,
    features,
    load_calibration,
)
from newsflow.nlp.quotes.trust import DOUBTFUL
from newsflow.settings import DEFAULT_MIN_CONFIDENCE, get_settings

TEXT = """Maria Lopez, the harbour authority's director, said the new quay would open in May.

"We are ready," she said.

Critics believe the plan is too expensive.

It said the ferries would run every hour from June.

You told us that the timetable was confusing."""


def test_the_packaged_calibration_is_complete_and_its_threshold_is_the_default():
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(FEATURES)
    assert data["threshold"] == DEFAULT_MIN_CONFIDENCE == nlp.DEFAULT_MIN_CONFIDENCE
    assert get_settings().min_confidence == DEFAULT_MIN_CONFIDENCE
    assert 0 < DEFAULT_MIN_CONFIDENCE < 1


def test_the_setting_overrides_the_default(monkeypatch):
    monkeypatch.setenv("NEWSFLOW_MIN_CONFIDENCE", "0.75")
    assert get_settings().min_confidence == 0.75


@pytest.fixture(scope="module")
def raw_and_calibrated():
    nlp_ = get_nlp()
    pipe = nlp_.get_pipe(QUOTES_COMPONENT)
    pipe.calibrate = False
    try:
        raw_doc = nlp_(TEXT)
    finally:
        pipe.calibrate = True
    return raw_doc, doc_quotes(raw_doc), nlp.analyze(TEXT).quotes


def test_stored_confidence_is_the_model_probability_of_the_rules_output(raw_and_calibrated):
    doc, raw, calibrated = raw_and_calibrated
    model = load_calibration()
    assert model is not None and raw and len(raw) == len(calibrated)
    for r, c in zip(raw, calibrated, strict=True):
        assert (r.start, r.end, r.kind) == (c.start, c.end, c.kind)
        p = model.probability(features(r, doc))
        assert c.confidence == round(min(p, DOUBTFUL) if r.confidence <= DOUBTFUL else p, 2)


def test_doubted_attributions_stay_below_any_threshold(raw_and_calibrated):
    _, raw, calibrated = raw_and_calibrated
    doubted = [c for r, c in zip(raw, calibrated, strict=True) if r.confidence <= DOUBTFUL]
    assert len(doubted) == 2, "an unresolved 'it' and the reader ('you') as speakers"
    assert all(c.confidence <= DOUBTFUL < DEFAULT_MIN_CONFIDENCE for c in doubted)


def test_a_named_speaker_with_a_speech_verb_beats_an_unresolved_one(raw_and_calibrated):
    doc, raw, _ = raw_and_calibrated
    model = load_calibration()
    assert model is not None
    (lopez,) = [q for q in raw if q.speaker == "Maria Lopez" and q.kind == "indirect"]
    values = dict(zip(FEATURES, features(lopez, doc), strict=True))
    assert values["cue_communication"] == 1.0 and values["speaker_person"] == 1.0
    unresolved = dict(values, speaker_person=0.0, speaker_pronoun_unresolved=1.0)
    assert model.probability(list(values.values())) > model.probability(list(unresolved.values()))


def test_a_flat_model_gives_every_undoubted_quote_its_probability(raw_and_calibrated):
    doc, raw, _ = raw_and_calibrated
    identity = Calibration(weights={}, bias=0.0, threshold=0.5)
    assert [q.confidence for q in calibrate(raw, doc, identity)] == [
        min(0.5, DOUBTFUL) if q.confidence <= DOUBTFUL else 0.5 for q in raw]
