"""`bench newsroom`: it builds the generated warehouse, requests every page through the app and
explains the slowest statement (a small warehouse here; the 10k figures are in the closing note)."""

from __future__ import annotations

import json

import pytest

from newsflow_dev.bench import newsroom

pytestmark = pytest.mark.integration


def test_bench_times_every_page_and_explains_the_slowest_statement(pg_server, capsys):
    assert newsroom.main(["--dsn", pg_server, "--articles", "300", "--repeats", "2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["articles"] == 300 and result["enriched"] > 200 and result["quotes"] == 3 * result["enriched"]
    pages = result["pages"]
    assert {"overview", "quotes (no filter)", "quotes: common word", "speaker", "entity", "article"} <= set(pages)
    for name, page in pages.items():
        assert 0 < page["median_ms"] <= page["max_ms"], name
        assert page["slowest_sql"].lstrip().upper().startswith("SELECT"), name
    slowest = result["slowest_page"]
    assert pages[slowest]["median_ms"] == max(p["median_ms"] for p in pages.values())
    assert "Execution Time" in result["explain_slowest"] and "actual time" in result["explain_slowest"]
    assert result["all_under_target"] == all(p["median_ms"] < 300 for p in pages.values())
