"""Features of one entity cluster for a learnt label decision over all its mentions (issue 18).

Why: the hand rules of ``entity_rules.labels`` and the modules after it are fitted one article set at a
time, and each new set annotated before the rules saw it scored far lower than the sets they were
written on. A small multinomial logistic model over generic marks of every mention of a cluster
(the rules' label, the small model's readings, a title, a known first name, 'X said', a place
preposition, an article of its own, a possessive, a company's or a building's word, the gazetteer
…) could override the rules' label when its probability for another label beats the rules' by a
margin. ``newsflow_dev.entity_labels_fit`` fits and judges it by leave-one-set-out
cross-validation; as fitted so far it never beat "never override", so the pipeline does not run it
(the step would go between ``entities.rule_labelled_clusters`` and ``entities.finish_entities``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from newsflow.nlp.entity_rules.cluster_keys import Cluster
from newsflow.nlp.entity_rules.companies import company_use
from newsflow.nlp.entity_rules.craft_papers import masthead_name, vehicle_name
from newsflow.nlp.entity_rules.kinds_said import CLOSE_QUOTES, OPEN_QUOTES
from newsflow.nlp.entity_rules.labels import (
    POLITY_WORDS,
    facility_name,
    modifier_use,
    numbered_title,
    org_designated,
    thing_use,
)
from newsflow.nlp.entity_rules.mentions import Mention
from newsflow.nlp.entity_rules.names import clean_name
from newsflow.nlp.entity_rules.person_marks import first_name_known, pronoun_follows, speech_subject
from newsflow.nlp.entity_rules.place_readings import dateline_place, place_use, state_after_place
from newsflow.nlp.entity_rules.places import known_place, region_names

#: The labels a cluster may take (the gold's labels of names), in the order of the weights' rows.
LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW")


def possessive_after(doc: Doc, m: Mention) -> bool:
    """"Smith's view", "Apple's iPhone": a possessive 's after the mention."""
    return m.tok_end < len(doc) and doc[m.tok_end].tag_ == "POS"


def quoted(doc: Doc, m: Mention) -> bool:
    """'the film "Fargo"': a name in quote marks is a work's title more often than not."""
    return (m.tok_start > 0 and doc[m.tok_start - 1].text in OPEN_QUOTES
            and m.tok_end < len(doc) and doc[m.tok_end].text in CLOSE_QUOTES)


def plural_head(doc: Doc, m: Mention) -> bool:
    """'the Raiders', 'Democrats': a plural proper noun, a team's or a group's."""
    return doc[m.tok_end - 1].tag_ == "NNPS"


def adjective_head(doc: Doc, m: Mention) -> bool:
    """'Ukrainian officials': a name tagged as an adjective is a group's (NORP)."""
    return doc[m.tok_end - 1].tag_ == "JJ"


def subject_use(doc: Doc, m: Mention) -> bool:
    """The mention's head is a clause's subject: people and organisations act, places rarely."""
    return doc[m.tok_end - 1].dep_ in ("nsubj", "nsubjpass")


#: Per-mention marks, each averaged over the cluster's mentions (the share of mentions with it).
MENTION_MARKS: tuple[tuple[str, Callable[[Doc, Mention], bool]], ...] = (
    ("titled", lambda doc, m: m.titled),
    ("speech_subject", speech_subject),
    ("pronoun_follows", pronoun_follows),
    ("place_use", place_use),
    ("dateline", dateline_place),
    ("state_after", state_after_place),
    ("article", thing_use),
    ("modifier", modifier_use),
    ("possessive", possessive_after),
    ("company_use", lambda doc, m: company_use(doc, m)),
    ("quoted", quoted),
    ("plural", plural_head),
    ("adjective", adjective_head),
    ("subject", subject_use),
)


def acronym(name: str) -> bool:
    """'NASA', 'BART': a name written in capitals, two to six letters."""
    letters = name.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def lower_word_inside(name: str) -> bool:
    """'Department of Justice', 'Physician on FIRE': a lower-case word inside a name (bodies,
    works and laws have them; people's and places' names rarely)."""
    return any(w[:1].islower() for w in name.split()[1:-1])


def polity_ending(name: str) -> bool:
    """'the Galactic Republic', 'United Arab Emirates': a name ending in a polity's word."""
    return name.split()[-1].lower() in POLITY_WORDS


#: Marks of the cluster's name itself.
NAME_MARKS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("first_name", first_name_known),
    ("org_designated", org_designated),
    ("facility_head", facility_name),
    ("vehicle_head", vehicle_name),
    ("masthead", masthead_name),
    ("polity", polity_ending),
    ("known_place", known_place),
    ("country_or_state", lambda name: name.lower() in region_names()),
    ("acronym", acronym),
    ("digit", lambda name: any(ch.isdigit() for ch in name)),
    ("numbered_title", numbered_title),
    ("lower_inside", lower_word_inside),
)

#: The features, in the order of the weights' columns.
FEATURES: tuple[str, ...] = (
    *(f"rules_{lab}" for lab in LABELS),
    *(f"ner_{lab}" for lab in LABELS),
    *(name for name, _ in MENTION_MARKS),
    *(name for name, _ in NAME_MARKS),
    "words", "mentions",
)


def cluster_features(doc: Doc, mentions: Sequence[Mention], name: str, label: str) -> list[float]:
    """The cluster's feature vector (see FEATURES): the rules' label one-hot, the small model's
    readings of the mentions' last tokens as shares, the mention marks as shares, the name's marks,
    its length in words (/ 5, at most 1) and the number of mentions (log, / 3)."""
    n = max(1, len(mentions))
    ner = [doc[m.tok_end - 1].ent_type_ for m in mentions]
    name = clean_name(name) or name
    return [
        *(float(label == lab) for lab in LABELS),
        *(ner.count(lab) / n for lab in LABELS),
        *(sum(bool(mark(doc, m)) for m in mentions) / n for _, mark in MENTION_MARKS),
        *(float(bool(mark(name))) for _, mark in NAME_MARKS),
        min(len(name.split()), 5) / 5, min(math.log1p(len(mentions)) / 3, 1.0),
    ]


@dataclass(frozen=True)
class LabelModel:
    """Softmax weights (one row per label of ``labels``, one column per feature, then a bias)
    and the margin another label's probability must beat the rules' label's by (None: never)."""

    labels: tuple[str, ...]
    features: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]
    margin: float | None

    def probabilities(self, values: Sequence[float]) -> list[float]:
        """The probability of each label of ``labels`` for one feature vector."""
        scores = [sum(w * v for w, v in zip(row, values, strict=False)) + row[-1] for row in self.weights]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return [e / total for e in exp]


def load_label_model(path: Path) -> LabelModel | None:
    """The model stored at ``path`` (None when the file is missing or its features are not this
    module's: a stale file must not apply weights to the wrong columns)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        return None
    return LabelModel(labels=tuple(data["labels"]), features=tuple(data["features"]),
                      weights=tuple(tuple(row) for row in data["weights"]), margin=data["margin"])


def overridden(probs: Sequence[float], labels: Sequence[str], rules_label: str, margin: float | None) -> str:
    """The label to keep: the model's best label when its probability beats the rules' label's by
    more than ``margin`` (a rules' label outside ``labels`` counts as probability 0); else the
    rules' label. ``margin`` None never overrides."""
    if margin is None:
        return rules_label
    best = max(range(len(labels)), key=lambda i: probs[i])
    own = probs[labels.index(rules_label)] if rules_label in labels else 0.0
    return labels[best] if labels[best] != rules_label and probs[best] - own > margin else rules_label


def learnt_labels(doc: Doc, clusters: Sequence[Cluster], labels: Sequence[str],
                  model: LabelModel | None = None) -> list[str]:
    """Each cluster's label after the learnt step (an alias's label, 'U.S.' or 'the EU', is fixed
    and never overridden)."""
    if model is None or model.margin is None:
        return list(labels)
    return [
        label if cl.alias_label is not None else overridden(
            model.probabilities(cluster_features(doc, cl.mentions, cl.name, label)), model.labels, label,
            model.margin)
        for cl, label in zip(clusters, labels, strict=True)
    ]
