"""Issue 18, a learnt label per entity cluster: the cluster features (own sentences, the real
spaCy model), the override margin, the stored model's round trip, and the fitter's refusal of the
held-out split."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsflow.nlp.entities import rule_labelled_clusters
from newsflow.nlp.model import get_nlp
from newsflow_dev.entity_label_features import (
    FEATURES,
    LABELS,
    cluster_features,
    learnt_labels,
    load_label_model,
    overridden,
)
from newsflow_dev.entity_labels_fit import check_sets, gold_articles, write_model


def _features(text: str, name: str) -> dict[str, float]:
    """The named features of the cluster called ``name`` in ``text``."""
    doc = get_nlp()(text)
    _, clusters, labels = rule_labelled_clusters(doc, doc.text)
    for cl, label in zip(clusters, labels, strict=True):
        if cl.name == name:
            return dict(zip(FEATURES, cluster_features(doc, cl.mentions, cl.name, label), strict=True))
    raise AssertionError([cl.name for cl in clusters])


def test_a_titled_speaker_has_a_persons_features() -> None:
    f = _features("Senator Maria Lopez said the bill would pass. Lopez said she had the votes.", "Maria Lopez")
    assert f["rules_PERSON"] == 1.0 and f["first_name"] == 1.0
    assert f["titled"] > 0 and f["speech_subject"] > 0
    assert f["place_use"] == 0.0 and f["known_place"] == 0.0


def test_a_city_after_in_has_a_places_features() -> None:
    f = _features("Hundreds of protesters marched in Denver on Saturday, police said.", "Denver")
    assert f["rules_GPE"] == 1.0 and f["place_use"] == 1.0 and f["known_place"] == 1.0
    assert f["titled"] == 0.0 and f["words"] == pytest.approx(0.2)


def test_a_company_name_has_its_designator_and_possessive() -> None:
    f = _features("Northwind Holdings Inc. said profits rose. Northwind Holdings Inc.'s shares fell.",
                  "Northwind Holdings Inc")
    assert f["org_designated"] == 1.0 and f["possessive"] > 0


def test_the_model_overrides_only_past_the_margin() -> None:
    labels = ("PERSON", "ORG", "GPE")
    assert overridden([0.3, 0.6, 0.1], labels, "PERSON", 0.2) == "ORG"  # 0.6 - 0.3 > 0.2
    assert overridden([0.3, 0.6, 0.1], labels, "PERSON", 0.4) == "PERSON"
    assert overridden([0.3, 0.6, 0.1], labels, "PERSON", None) == "PERSON"  # never
    assert overridden([0.3, 0.6, 0.1], labels, "DATE", 0.5) == "ORG"  # a label the model lacks counts 0


def test_a_written_model_loads_and_a_stale_one_does_not(tmp_path: Path) -> None:
    weights = np.zeros((len(LABELS), len(FEATURES) + 1))
    weights[LABELS.index("ORG"), -1] = 5.0  # the bias alone says ORG
    path = tmp_path / "model.json"
    write_model(path, weights, 0.5, 1.0, 10)
    model = load_label_model(path)
    assert model is not None and model.margin == 0.5 and model.labels == LABELS
    probs = model.probabilities([0.0] * len(FEATURES))
    assert max(range(len(LABELS)), key=lambda i: probs[i]) == LABELS.index("ORG")
    doc = get_nlp()("Jonas Brandt visited Lisbon.")
    _, clusters, labels = rule_labelled_clusters(doc, doc.text)
    assert set(learnt_labels(doc, clusters, labels, model)) == {"ORG"}
    assert learnt_labels(doc, clusters, labels, None) == labels
    stale = tmp_path / "stale.json"
    stale.write_text(path.read_text().replace('"words"', '"length"'))
    assert load_label_model(stale) is None  # features not this module's: not applied
    assert load_label_model(tmp_path / "missing.json") is None


def test_the_fitter_refuses_the_held_out_split() -> None:
    with pytest.raises(ValueError, match="heldout"):
        check_sets(["fresh", "heldout"])
    with pytest.raises(ValueError):
        gold_articles(["heldout"], Path("/nonexistent.json"))  # refused before any file is read
    assert check_sets(["fresh3", "fresh4"]) == ("fresh3", "fresh4")
