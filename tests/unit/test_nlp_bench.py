"""bench nlp: raw vs analyze_many and the --processes speed-up mode, on a tiny corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsflow_dev.bench import nlp as bench


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "train" / "text"
    folder.mkdir(parents=True)
    for i in range(6):
        (folder / f"{i:03}.txt").write_text(
            f"Story {i}.\n\n“We will not back down,” John Kerry said on day {i}. "
            "He added that the talks in Geneva would go on.", encoding="utf-8")
    return tmp_path


def test_processes_mode_reports_speedup_and_same_counts(corpus: Path) -> None:
    res = bench.run(corpus, limit=None, repeats=1, batch_size=2, processes=2)
    assert res["texts"] == 6
    assert res["pipeline"][-1] == "newsflow_quotes" and "newsflow_entities" in res["pipeline"]
    assert res["quotes"] >= 12 and res["entities"] >= 6  # the rules find 2 per text
    assert res["processes"] == 2 and res["speedup"] > 0 and res["speedup_best"] > 0
    assert res["control_speedup"] > 0 and res["parallel_efficiency"] > 0
    assert res["parallel_workers_cpu_s"] > 0  # the rules ran in the workers
    assert 0 < res["ratio"] and 0 < res["ratio_cpu"]


def test_main_json_without_processes(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--data", str(corpus), "--limit", "3", "--repeats", "1", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["texts"] == 3 and "speedup" not in res


def test_raw_leaves_out_newsflow_components() -> None:
    from newsflow.nlp.model import get_nlp

    nlp = get_nlp()
    own = bench.own_components(nlp)
    assert own[0] == "newsflow_entities" and own[-1] == "newsflow_quotes"
    assert set(own) <= {"newsflow_entities", "attribution_tagger", "newsflow_quotes"}
    doc = next(nlp.pipe(["“Yes,” Kerry said."], disable=own))
    assert "quote_content" not in doc.spans and "attribution_model" not in doc.spans
