"""PolNeAR brat -> BIO roles: the gold the tagger learns is the gold the harness scores."""

from __future__ import annotations

from pathlib import Path

import spacy

from newsflow.nlp.tagger.polnear import LABELS, load_split, parse_ann, role_spans, token_roles

TEXT = 'Smith said the plan failed. "It is over," he added, "for now."'
#       0    5    10   15   20   25   30   35   40   45   50   55   60
ANN = (
    "T1\tSource 0 5\tSmith\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 26\tthe plan failed\n"
    "E1\tAttribution:T9 Source:T1 Cue:T2 Content:T3\n"
    "T4\tSource 42 44\the\n"
    "T5\tCue 45 50\tadded\n"
    "T6\tContent 29 39;53 60\tIt is over for now\n"
    "E2\tAttribution:T8 Source:T4 Cue:T5 Content:T6\n"
    "E3\tAttribution:T7 Source:T4\n"  # no content: skipped, as the harness does
)


def test_parse_ann_keeps_attributions_with_content_and_their_fragments() -> None:
    atts = parse_ann(ANN)
    assert len(atts) == 2
    assert atts[0].content == [(11, 26)] and atts[0].source == [(0, 5)] and atts[0].cue == [(6, 10)]
    assert atts[1].content == [(29, 39), (53, 60)]


def test_token_roles_bio_per_fragment() -> None:
    doc = spacy.blank("en")(TEXT)
    labels = token_roles(doc, parse_ann(ANN))
    assert set(labels) <= set(LABELS)
    got = [(r, doc[s:e].text) for r, s, e in role_spans(labels)]
    assert got == [
        ("SOURCE", "Smith"), ("CUE", "said"), ("CONTENT", "the plan failed"),
        ("CONTENT", "It is over"), ("SOURCE", "he"), ("CUE", "added"), ("CONTENT", "for now"),
    ]


def test_content_wins_over_a_nested_source() -> None:
    text = "Aides said Jones told them to leave."
    ann = ("T1\tSource 0 4\tAides\nT2\tCue 5 9\tsaid\nT3\tContent 10 35\tJones told them to leave\n"
           "E1\tAttribution:T0 Source:T1 Cue:T2 Content:T3\n"
           "T4\tSource 10 15\tJones\nT5\tCue 16 20\ttold\nT6\tContent 26 35\tto leave\n"
           "E2\tAttribution:T0 Source:T4 Cue:T5 Content:T6\n")
    doc = spacy.blank("en")(text)
    labels = token_roles(doc, parse_ann(ann))
    assert labels[:3] == ["B-SOURCE", "B-CUE", "B-CONTENT"]
    assert labels[3:7] == ["I-CONTENT"] * 4 and labels[-1] == "O"


def test_role_spans_stray_inside_opens_and_b_splits() -> None:
    seq = ["I-CONTENT", "I-CONTENT", "B-CONTENT", "O", "I-CUE", "B-SOURCE", "I-SOURCE"]
    assert role_spans(seq) == [("CONTENT", 0, 2), ("CONTENT", 2, 3), ("CUE", 4, 5), ("SOURCE", 5, 7)]


def test_load_split_uses_the_lexicographically_first_annotator(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a_1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "text" / "unannotated.txt").write_text("x", encoding="utf-8")
    (tmp_path / "attributions" / "a_1_zz.ann").write_text("", encoding="utf-8")
    (tmp_path / "attributions" / "a_1_ab.ann").write_text(ANN, encoding="utf-8")
    arts = load_split(tmp_path)
    assert [(a.id, a.annotator, len(a.attributions)) for a in arts] == [("a_1", "ab", 2)]
