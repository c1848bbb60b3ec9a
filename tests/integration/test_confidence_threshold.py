"""The confidence threshold and the stances, on a warehouse written in SQL: what the quote search,
`newsflow quotes`, `report` and the News view show by default (speech at or above
NEWSFLOW_MIN_CONFIDENCE, stances apart), and each way to show more.

The threshold is set by each test (the default's value is being recalibrated); the quotes sit on
both sides of it, one exactly on it, and one on 0.29, a value a real column stores as 0.2899999…
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_newsroom import TOKEN, _Doc, _mounted

from newsflow.warehouse import report
from newsflow.warehouse.quote_search import QuoteFilter, Shown, count_quotes, search_quotes

from support import query

pytestmark = pytest.mark.integration

SPEAKER = "Quinn Scope"
#: quote text -> (kind, confidence)
QUOTES = {
    "Taxes will fall next year": ("direct", 0.9),
    "the budget is balanced": ("indirect", 0.5),  # exactly on the threshold: shown
    "a plan that works": ("mixed", 0.29),  # below 0.5; shown at 0.29 (real vs double)
    "the reform is overdue": ("stance", 0.95),
    "rates must rise": ("stance", 0.1),
}
SPEECH_AT_05 = {"Taxes will fall next year", "the budget is balanced"}
SPEECH_AT_029 = SPEECH_AT_05 | {"a plan that works"}


def _fill(dsn: str) -> str:
    article = str(uuid.uuid5(uuid.NAMESPACE_URL, "threshold"))
    text = " ".join(f'{SPEAKER} said "{t}".' for t in QUOTES)
    query(dsn, "INSERT INTO news.feeds (feed_name, url, title) VALUES ('gamma', 'https://gamma.example/f', 'Gamma')")
    query(dsn, """INSERT INTO news.articles (article_id, feed_name, entry_key, url, canonical_url, title,
                                             published_at, text, status)
                  VALUES (%s, 'gamma', 'g1', 'https://gamma.example/1', 'https://gamma.example/1', 'Scope speaks',
                          '2026-11-10 10:00+00', %s, 'ok')""", (article, text))
    query(dsn, "INSERT INTO news.entities (entity_key, canonical_name, label) VALUES "
               "('person:quinn scope', %s, 'PERSON'), ('gpe:belvania', 'Belvania', 'GPE')", (SPEAKER,))
    query(dsn, """INSERT INTO news.entity_mentions (article_id, start_char, end_char, entity_key, label, surface)
                  VALUES (%s, 0, 11, 'gpe:belvania', 'GPE', 'Quinn Scope')""", (article,))
    for n, (words, (kind, confidence)) in enumerate(QUOTES.items()):
        start = text.index(words)
        query(dsn, """INSERT INTO news.quotes (quote_id, article_id, start_char, end_char, quote_text, kind, cue,
                                               speaker, speaker_text, speaker_label, speaker_key, confidence)
                      VALUES (%s, %s, %s, %s, %s, %s, 'said', %s, %s, 'PERSON', 'person:quinn scope', %s)""",
              (str(uuid.uuid5(uuid.UUID(article), str(n))), article, start, start + len(words), words, kind,
               SPEAKER, SPEAKER, confidence))
    return article


@pytest.fixture(scope="module")
def warehouse(pg_server) -> Iterator[tuple[str, str]]:
    from newsflow.ingest.pipeline import prepare_warehouse
    from newsflow.warehouse.db import scratch_database

    with scratch_database(pg_server, "threshold") as dsn:
        prepare_warehouse(dsn)
        yield dsn, _fill(dsn)


@pytest.fixture()
def threshold(monkeypatch) -> None:
    """The setting these tests assume, whatever the default is today."""
    monkeypatch.setenv("NEWSFLOW_MIN_CONFIDENCE", "0.5")


def _texts(rows: list[dict]) -> set[str]:
    return {r["quote_text"] for r in rows}


# --------------------------------------------------------------------------- search (Python)

def test_search_defaults_to_speech_at_the_setting_and_each_override(warehouse, threshold, monkeypatch):
    dsn, _ = warehouse
    assert _texts(search_quotes(dsn, QuoteFilter(speaker="quinn"))) == SPEECH_AT_05
    assert _texts(search_quotes(dsn, QuoteFilter(speaker="quinn", kind="stance"))) == {"the reform is overdue"}
    assert _texts(search_quotes(dsn, QuoteFilter(speaker="quinn", min_confidence=None))) == (
        SPEECH_AT_029)  # every speech, any confidence (none lower here)
    assert _texts(search_quotes(dsn, QuoteFilter(speaker="quinn", min_confidence=None, all_kinds=True))) == set(QUOTES)
    assert count_quotes(dsn, QuoteFilter(speaker="quinn")) == {"shown": 2, "below": 1, "stances": 1, "matching": 5}
    # The setting is read when the filter is made: a change applies to the next search.
    monkeypatch.setenv("NEWSFLOW_MIN_CONFIDENCE", "0.29")
    assert _texts(search_quotes(dsn, QuoteFilter(speaker="quinn"))) == SPEECH_AT_029  # 0.29 stored as real


# --------------------------------------------------------------------------- CLI

def _cli(*args: str, min_confidence: str = "0.5") -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSFLOW_MIN_CONFIDENCE": min_confidence}
    return subprocess.run([sys.executable, "-m", "newsflow", *args], capture_output=True, text=True,
                          timeout=60, check=False, env=env)


@pytest.mark.parametrize(("args", "expected"), [
    ((), SPEECH_AT_05),
    (("--kind", "stance"), {"the reform is overdue"}),
    (("--kind", "stance", "--min-confidence", "0"), {"the reform is overdue", "rates must rise"}),
    (("--min-confidence", "0.29"), SPEECH_AT_029),
    (("--all",), set(QUOTES)),
])
def test_quotes_cli_default_and_overrides(warehouse, args, expected):
    dsn, _ = warehouse
    proc = _cli("quotes", "--dsn", dsn, "--speaker", SPEAKER, "--json", *args)
    assert proc.returncode == 0, proc.stderr
    assert _texts(json.loads(proc.stdout)) == expected


def test_quotes_cli_reads_the_setting_and_says_what_it_left_out(warehouse):
    dsn, _ = warehouse
    proc = _cli("quotes", "--dsn", dsn, "--speaker", SPEAKER)
    assert proc.returncode == 0, proc.stderr
    assert "2 quote(s)" in proc.stdout and "speech only, confidence ≥ 0.5" in proc.stdout
    assert "1 below the threshold not shown" in proc.stdout and "1 stance(s) not shown" in proc.stdout
    lower = _cli("quotes", "--dsn", dsn, "--speaker", SPEAKER, "--json", min_confidence="0.29")
    assert _texts(json.loads(lower.stdout)) == SPEECH_AT_029
    for bad in (("--min-confidence", "1.5"), ("--min-confidence", "nan")):
        refused = _cli("quotes", "--dsn", dsn, *bad)
        assert refused.returncode == 2 and "min-confidence" in refused.stderr and "Traceback" not in refused.stderr
    both = _cli("quotes", "--dsn", dsn, "--all", "--min-confidence", "0.2")
    assert both.returncode == 2  # one or the other


def test_report_counts_speech_above_below_and_stances_apart(warehouse):
    dsn, _ = warehouse
    data = json.loads(_cli("report", "--dsn", dsn, "--json").stdout)
    assert data["attributions"] == {"min_confidence": 0.5, "speech": 2, "speech_below": 1, "stances": 2}
    assert [(s["speaker"], s["quotes"]) for s in data["top_speakers"]] == [(SPEAKER, 2)]
    assert {q["quote"] for q in data["latest_quotes"]} == SPEECH_AT_05
    everything = json.loads(_cli("report", "--dsn", dsn, "--json", "--all").stdout)
    assert [(s["speaker"], s["quotes"]) for s in everything["top_speakers"]] == [(SPEAKER, 5)]
    lower = json.loads(_cli("report", "--dsn", dsn, "--json", min_confidence="0.29").stdout)
    assert lower["attributions"] == {"min_confidence": 0.29, "speech": 3, "speech_below": 0, "stances": 2}
    printed = _cli("report", "--dsn", dsn).stdout
    assert "Attributions" in printed and "speech below 0.5" in printed and "stances" in printed


def test_report_collect_takes_a_threshold(warehouse, threshold):
    dsn, _ = warehouse
    data = report.collect(dsn, shown=Shown(min_confidence=0.9))
    assert data["attributions"]["speech"] == 1 and data["attributions"]["speech_below"] == 2
    assert [s["quotes"] for s in data["top_speakers"]] == [1]


# --------------------------------------------------------------------------- News view

@pytest.fixture()
def client(warehouse, threshold) -> Iterator[TestClient]:
    dsn, _ = warehouse
    with TestClient(_mounted(dsn), headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        yield c


def _page(client: TestClient, path: str, **params) -> _Doc:
    resp = client.get(path, params=params)
    assert resp.status_code == 200, (path, resp.status_code, resp.text[:300])
    return _Doc(resp.text)


def _shown_texts(doc: _Doc, cls: str = "quote-result") -> set[str]:
    return {doc.find(cls="quote-text", within=r)[0]["text"] for r in doc.find(cls=cls)}


def _note(doc: _Doc) -> dict:
    return doc.find("p", "scope-note")[0]


def test_quotes_page_shows_speech_at_the_threshold_and_states_it(client):
    doc = _page(client, "/news/quotes", speaker="quinn")
    assert _shown_texts(doc) == SPEECH_AT_05
    note = _note(doc)
    text = " ".join(note["text"].split())
    assert "Showing speech with confidence ≥ 0.5: 2" in text and "1 below it hidden" in text
    assert "1 stances apart" in text
    links = {a["text"].strip(): a["attrs"]["href"] for a in doc.find("a", within=note)}
    assert "Show all (5)" in links and "all=1" in links["Show all (5)"] and "speaker=quinn" in links["Show all (5)"]
    # The controls are links (bookmarkable, keyboard-reachable) and carry the rest of the search.
    everything = client.get(links["Show all (5)"])
    assert _shown_texts(_Doc(everything.text)) == set(QUOTES)
    stances = [a for a in doc.find("a", within=note) if "show-stances" in a["classes"]][0]
    assert _shown_texts(_Doc(client.get(stances["attrs"]["href"]).text)) == {"the reform is overdue"}
    tabs = doc.find("nav", "kind-tabs")[0]
    assert [a["text"] for a in doc.find("a", within=tabs)] == ["Speech", "Stances", "Everything"]
    assert [a["text"] for a in doc.find("a", within=tabs) if a["attrs"].get("aria-current") == "page"] == ["Speech"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"kind": "stance"}, {"the reform is overdue"}),
    ({"kind": "stance", "min_confidence": "0"}, {"the reform is overdue", "rates must rise"}),
    ({"min_confidence": "0.29"}, SPEECH_AT_029),
    ({"min_confidence": "0.95"}, set()),
    ({"all": "1"}, set(QUOTES)),
    ({"all": "1", "kind": "mixed"}, {"a plan that works"}),
])
def test_quotes_page_overrides(client, params, expected):
    doc = _page(client, "/news/quotes", speaker="quinn", **params)
    assert _shown_texts(doc) == expected


def test_quotes_page_bad_threshold_is_reported_and_the_default_applies(client):
    doc = _page(client, "/news/quotes", speaker="quinn", min_confidence="lots")
    assert "min_confidence" in " ".join(e["text"] for e in doc.find(cls="error"))
    assert _shown_texts(doc) == SPEECH_AT_05


def test_quotes_page_follows_a_changed_setting(client, monkeypatch):
    monkeypatch.setenv("NEWSFLOW_MIN_CONFIDENCE", "0.29")
    doc = _page(client, "/news/quotes", speaker="quinn")
    assert _shown_texts(doc) == SPEECH_AT_029
    assert "≥ 0.29" in _note(doc)["text"]


def test_speaker_page_counts_speech_and_lists_stances_apart(client):
    doc = _page(client, "/news/speakers", name=SPEAKER)
    assert _shown_texts(doc) == SPEECH_AT_05
    assert doc.find(cls="summary")[0]["text"].startswith("2 quotes")
    assert len(doc.find("rect", "bar")) == 1
    assert _shown_texts(doc, "stance-result") == {"the reform is overdue"}
    assert "1 below it hidden" in " ".join(_note(doc)["text"].split())
    everything = _page(client, "/news/speakers", name=SPEAKER, all="1")
    assert _shown_texts(everything) == set(QUOTES) and everything.find(cls="stance-result") == []


def test_speaker_with_only_hidden_quotes_is_a_page_not_a_404(client, monkeypatch):
    monkeypatch.setenv("NEWSFLOW_MIN_CONFIDENCE", "0.99")
    doc = _page(client, "/news/speakers", name=SPEAKER)
    assert _shown_texts(doc) == set() and "Show all (5)" in _note(doc)["text"]


def test_entity_page_counts_speech_at_the_threshold(client):
    doc = _page(client, "/news/entities", key="gpe:belvania")
    row = doc.find("ol", "top-speakers")[0]
    assert "2 quotes in 1 article, 1 stance apart" in " ".join(row["text"].split())
    everything = _page(client, "/news/entities", key="gpe:belvania", all="1")
    assert "5 quotes in 1 article" in " ".join(everything.find("ol", "top-speakers")[0]["text"].split())


def test_article_page_highlights_and_lists_what_it_shows(client, warehouse):
    _, article = warehouse
    doc = _page(client, f"/news/articles/{article}")
    assert _shown_texts(doc, "article-quote") == SPEECH_AT_05
    assert _shown_texts(doc, "article-stance") == {"the reform is overdue"}
    body = doc.find("div", "article-text")[0]
    assert {m["text"] for m in doc.find("mark", "quote", within=body)} == SPEECH_AT_05 | {"the reform is overdue"}
    assert "2 below it hidden" in " ".join(_note(doc)["text"].split())
    everything = _page(client, f"/news/articles/{article}", all="1")
    assert _shown_texts(everything, "article-quote") == set(QUOTES)
    assert len(everything.find("mark", "quote", within=everything.find("div", "article-text")[0])) == len(QUOTES)
