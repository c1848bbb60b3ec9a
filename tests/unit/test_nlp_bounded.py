"""Issue 16's NLP cases: runs of punctuation cannot stall spaCy's tokenizer, and a text over the
analysis cap is refused by name instead of being cut silently."""

from __future__ import annotations

import time

import pytest

from newsflow import nlp


def test_punctuation_runs_are_capped_in_place():
    text = 'He said ' + '"' * 30_000 + " and left. " + "!" * 10 + "-" * 70
    capped = nlp.cap_punctuation_runs(text)
    assert len(capped) == len(text)  # offsets into the stored text stay valid
    assert '"' * nlp.MAX_PUNCT_RUN in capped and '"' * (nlp.MAX_PUNCT_RUN + 1) not in capped
    assert "!" * 10 in capped and capped.endswith("-" * nlp.MAX_PUNCT_RUN + " " * 6)
    assert nlp.cap_punctuation_runs("Ordinary text, with: punctuation!?") == "Ordinary text, with: punctuation!?"


def test_a_quote_mark_bomb_is_analysed_in_linear_time():
    """'"' * 20,000 took 52 s and grew superlinearly; capped, a x8 text costs about x8."""
    def best(text: str) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            analysis = nlp.analyze(text)
            times.append(time.perf_counter() - started)
            assert analysis.text.startswith("He said")
        return min(times)

    nlp.analyze("warm up the model")
    small = "He said " + '"' * 2_500 + " here."
    big = "He said " + '"' * 20_000 + " here."
    assert best(big) / best(small) < 24


def test_a_text_over_the_cap_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("NEWSFLOW_NLP_MAX_CHARS", "50")
    with pytest.raises(nlp.TextTooLong, match="over the analysis cap of 50"):
        nlp.analyze("word " * 20)
    assert nlp.analyze("short enough").text == "short enough"


def test_texts_are_parsed_in_chunks_bounded_by_characters():
    """spaCy's memory follows the characters parsed together: one batch of eight texts at the
    cap took 2.8 GB; chunks of at most NEWSFLOW_NLP_BATCH_CHARS keep it under 1 GB."""
    texts = ["a" * 60, "b" * 60, "c" * 60, "d" * 10, "e" * 500, "f"]
    chunks = list(nlp._chunks(iter(texts), size=3, max_chars=130))
    assert [t for c in chunks for t in c] == texts  # order kept, nothing lost
    assert all(len(c) <= 3 and (sum(map(len, c)) <= 130 or len(c) == 1) for c in chunks)
    assert ["e" * 500] in chunks  # a text over the chunk size is parsed alone


def test_analyze_many_keeps_order_and_results_across_chunks(monkeypatch):
    texts = [f"Officials said plan number {i} would cost more." for i in range(7)]
    one_batch = [a.quotes for a in nlp.analyze_many(texts, batch_size=8)]
    monkeypatch.setenv("NEWSFLOW_NLP_BATCH_CHARS", "60")
    chunked = [a.quotes for a in nlp.analyze_many(texts, batch_size=8)]
    assert chunked == one_batch and len(chunked) == 7
