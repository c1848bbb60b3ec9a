"""The attribution_tagger component: learns BIO roles, writes span groups, keeps the tags."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy import util
from spacy.tokens import Doc, DocBin
from spacy.training import Example

from newsflow.nlp.tagger import CONFIG_PATH, SPANS_KEY
from newsflow.nlp.tagger.polnear import role_spans
from newsflow_dev.tagger.corpus import BIO_KEY, ID_KEY, data_sha256, read

WORDS = ["Officials", "said", "the", "bridge", "would", "reopen", "soon", "."]
TAGS = ["NNS", "VBD", "DT", "NN", "MD", "VB", "RB", "."]
BIO = ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "O"]


def _trained(steps: int = 40) -> spacy.Language:
    config = util.load_config(CONFIG_PATH, interpolate=True)
    util.fix_random_seed(0)
    nlp = util.load_model_from_config(config, auto_fill=True, validate=True)
    doc = Doc(nlp.vocab, words=WORDS, tags=TAGS)
    examples = [Example.from_dict(doc, {"tags": BIO})]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(steps):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    return nlp


def test_learns_roles_into_span_group_and_leaves_tags(tmp_path: Path) -> None:
    nlp = _trained()
    doc = nlp(Doc(nlp.vocab, words=WORDS, tags=TAGS))
    assert [t.tag_ for t in doc] == TAGS  # the base model's tags survive
    got = [(s.label_, s.text) for s in doc.spans[SPANS_KEY]]
    assert got == [("SOURCE", "Officials"), ("CUE", "said"), ("CONTENT", "the bridge would reopen soon")]
    # saved and sourced into another pipeline after its last component, as the loader does
    nlp.to_disk(tmp_path / "m")
    base = spacy.blank("en")
    base.add_pipe("sentencizer")
    base.add_pipe("attribution_tagger", source=spacy.load(tmp_path / "m"), after="sentencizer")
    doc2 = base(Doc(base.vocab, words=WORDS, tags=TAGS))
    assert [(s.label_, s.text) for s in doc2.spans[SPANS_KEY]] == got


def test_docbin_round_trip_keeps_gold_and_id(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=WORDS, tags=TAGS)
    doc.user_data[BIO_KEY] = BIO
    doc.user_data[ID_KEY] = "art-1"
    db = DocBin(store_user_data=True)
    db.add(doc)
    db.to_disk(tmp_path / "c.spacy")
    [back] = read(tmp_path / "c.spacy", nlp.vocab)
    assert back.user_data[ID_KEY] == "art-1"
    assert [t.tag_ for t in back] == TAGS
    assert role_spans(back.user_data[BIO_KEY]) == [("SOURCE", 0, 1), ("CUE", 1, 2), ("CONTENT", 2, 7)]


def test_data_hash_covers_names_and_bytes(tmp_path: Path) -> None:
    for sub in ("text", "attributions"):
        (tmp_path / sub).mkdir()
    (tmp_path / "text" / "a.txt").write_text("one", encoding="utf-8")
    (tmp_path / "attributions" / "a_x.ann").write_text("", encoding="utf-8")
    h1 = data_sha256(tmp_path)
    assert h1 == data_sha256(tmp_path) and len(h1) == 64
    (tmp_path / "text" / "a.txt").write_text("two", encoding="utf-8")
    assert data_sha256(tmp_path) != h1


def test_clause_features_name_the_governing_verb_and_quote_state() -> None:
    from spacy.strings import get_string_id

    from newsflow.nlp.tagger.features import clause_features

    nlp = spacy.blank("en")
    words = ["Officials", "said", "the", "bridge", "would", "reopen", "“", "soon", "”"]
    doc = Doc(nlp.vocab, words=words,
              heads=[1, 1, 3, 5, 5, 1, 7, 5, 7],
              deps=["nsubj", "ROOT", "det", "nsubj", "aux", "ccomp", "punct", "advmod", "punct"],
              pos=["NOUN", "VERB", "DET", "NOUN", "AUX", "VERB", "PUNCT", "ADV", "PUNCT"],
              lemmas=["official", "say", "the", "bridge", "would", "reopen", "“", "soon", "”"])
    f = clause_features(doc)
    sid = get_string_id
    # "bridge": subject inside the clause of "reopen", which is the ccomp of "say"
    assert f[3].tolist() == [sid("nsubj|reopen"), sid("ccomp|say"), sid("ROOT|-"), sid("out")]
    # "would" is an auxiliary: its clause is the verb's, not its own
    assert f[4, 1] == sid("ccomp|say")
    assert f[0, 0] == sid("nsubj|say") and f[0, 1] == sid("ROOT|-")
    assert [int(x) for x in f[6:, 3]] == [sid("open"), sid("in"), sid("close")]
