"""combine(): the tagger's attributions fill in what the rules did not find, nothing else."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span, SpanGroup

from newsflow.nlp.combine import MODEL_SPANS_KEY, Policy, combine, model_attributions
from newsflow.nlp.quotes import Quote

NLP = spacy.blank("en")


def _doc(words: list[str], spans: list[tuple[str, int, int]], ents: list[str] | None = None) -> Doc:
    doc = Doc(NLP.vocab, words=words, ents=ents, sent_starts=[True] + [False] * (len(words) - 1))
    doc.spans[MODEL_SPANS_KEY] = SpanGroup(
        doc, name=MODEL_SPANS_KEY, attrs={"confidence": [0.9] * len(spans)},
        spans=[Span(doc, s, e, label=lab) for lab, s, e in spans])
    return doc


def _rule_quote(doc: Doc, s: int, e: int) -> Quote:
    a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
    return Quote(start=a, end=b, text=doc.text[a:b], kind="direct", cue="said", speaker_start=None,
                 speaker_end=None, speaker_text=None, speaker=None, speaker_label=None,
                 confidence=0.9, spans=[(a, b)])


WORDS = ["Jane", "Doe", "said", "the", "talks", "had", "collapsed", "late", "on", "Friday", "."]
SPANS = [("SOURCE", 0, 2), ("CUE", 2, 3), ("CONTENT", 3, 10)]
ENTS = ["B-PERSON", "I-PERSON"] + ["O"] * 9


def test_no_model_spans_is_identity() -> None:
    doc = Doc(NLP.vocab, words=WORDS)
    quotes = [_rule_quote(doc, 3, 10)]
    assert combine(doc, quotes, None) is quotes


def test_adds_an_attribution_the_rules_missed_with_its_speaker() -> None:
    doc = _doc(WORDS, SPANS, ENTS)
    [q] = combine(doc, [], None, Policy(min_tokens=4))
    assert q.text == "the talks had collapsed late on Friday"
    assert (q.kind, q.cue, q.speaker_text, q.speaker, q.speaker_label) == (
        "indirect", "said", "Jane Doe", "Jane Doe", "PERSON")
    assert doc.text[q.speaker_start:q.speaker_end] == "Jane Doe"


def test_a_rule_quote_wins_over_an_overlapping_model_attribution() -> None:
    doc = _doc(WORDS, SPANS, ENTS)
    rule = _rule_quote(doc, 5, 10)
    assert combine(doc, [rule], None, Policy(min_tokens=4)) == [rule]


def test_filters_short_and_unanchored_contents() -> None:
    doc = _doc(WORDS, SPANS, ENTS)
    assert combine(doc, [], None, Policy(min_tokens=8)) == []
    bare = _doc(WORDS, [("CONTENT", 3, 10)], ENTS)
    assert combine(bare, [], None, Policy(min_tokens=4, require_cue=True)) == []
    assert len(combine(bare, [], None, Policy(min_tokens=4, require_cue=False))) == 1


def test_split_quote_is_one_attribution_with_two_pieces() -> None:
    words = ["“", "We", "are", "ready", ",", "”", "he", "said", ",", "“", "for", "now", ".", "”"]
    doc = _doc(words, [("CONTENT", 1, 4), ("SOURCE", 6, 7), ("CUE", 7, 8), ("CONTENT", 10, 13)])
    [att] = model_attributions(doc, Policy())
    assert [doc.text[s:e] for s, e in att.pieces] == ["We are ready", "for now ."]
    assert doc.text[att.source[0]:att.source[1]] == "he"
    [q] = combine(doc, [], None, Policy(min_tokens=2))
    assert q.kind == "direct" and q.spans == [(att.pieces[0][0], att.pieces[0][1]), (q.spans[1][0], q.end)]
    assert q.text.startswith("We are ready") and q.text.endswith("for now .")


def test_gap_closing_joins_runs_of_one_sentence() -> None:
    spans = [("SOURCE", 0, 2), ("CUE", 2, 3), ("CONTENT", 3, 5), ("CONTENT", 7, 10)]
    doc = _doc(WORDS, spans, ENTS)
    assert len(model_attributions(doc, Policy(gap_tokens=0, join_pieces=False))) == 2
    [att] = model_attributions(doc, Policy(gap_tokens=2, join_pieces=False))
    assert doc.text[att.start:att.end] == "the talks had collapsed late on Friday"
