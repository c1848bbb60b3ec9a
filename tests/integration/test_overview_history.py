"""The Overview's history on a real warehouse (embedded PostgreSQL): each listed feed's fetch
outcomes per UTC day over the last 14 days as a small SVG whose text alternative states the counts
(failures itemised by outcome from the fetch log, those pruned from it still counted), the
warehouse's articles per day, and the latest runs: an Airflow run links to its page in the Airflow
UI (run id URL-encoded, under Airflow's base path), a CLI, benchmark or `airflow dags test` run is
labelled and not linked. The history of a page's feeds is asked in one statement, whatever their
number."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import psycopg2
import pytest
from fastapi import FastAPI, HTTPException, Request
from fastapi.testclient import TestClient

from newsflow.newsroom.app import create_app
from newsflow.warehouse import feed_history, newsroom
from newsflow.warehouse.readonly import ReadOnlyWarehouse, reader_dsn

from support import HtmlDoc as _Doc
from support import query

pytestmark = pytest.mark.integration

TOKEN = "let-me-in"
TODAY = "(now() AT TIME ZONE 'UTC')::date"
TODAY_START = "(date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')"
HOSTILE_FEED = 'evil"><script>alert(1)</script>'
AIRFLOW_RUN = "manual__2026-11-30T10:00:00+00:00"
HOSTILE_RUN = 'scheduled__a/b?c#"<i>'
PAGER = 30  # more feeds than a page holds


def _fill(dsn: str) -> None:
    query(dsn, """INSERT INTO news.feeds (feed_name, url, title, last_status, last_fetched_at, consecutive_failures)
                  VALUES ('alpha', 'https://alpha.example/feed', 'Alpha', 'ok', now(), 0),
                         ('bravo', 'https://bravo.example/feed', 'Bravo', 'http_error', now(), 3),
                         ('charlie', 'https://charlie.example/feed', 'Charlie', NULL, NULL, 0),
                         (%s, 'https://evil.example/feed', 'Evil', 'ok', now(), 0)""", (HOSTILE_FEED,))
    query(dsn, """INSERT INTO news.feeds (feed_name, url, title, last_status)
                  SELECT 'pager-' || lpad(i::text, 2, '0'), 'https://p.example/' || i, 'Pager', 'ok'
                    FROM generate_series(1, %s) i""", (PAGER,))
    # alpha: today, 3 and 13 days ago count; 14 days ago is outside the 14 days (today included).
    # bravo: yesterday 6 failures, 5 of them still in the fetch log (3 HTTP errors, 2 network).
    query(dsn, f"""INSERT INTO news.feed_days (feed_name, day, fetches, ok, not_modified, failed, entries_new, gaps)
                   VALUES ('alpha', {TODAY}, 10, 7, 2, 1, 9, 0), ('alpha', {TODAY} - 3, 5, 5, 0, 0, 2, 1),
                          ('alpha', {TODAY} - 13, 4, 0, 4, 0, 0, 0), ('alpha', {TODAY} - 14, 100, 100, 0, 0, 50, 0),
                          ('bravo', {TODAY} - 1, 6, 0, 0, 6, 0, 0), ('bravo', {TODAY} - 20, 9, 0, 0, 9, 0, 0)""")
    query(dsn, f"""INSERT INTO news.feed_fetches (feed_name, run_id, fetched_at, url, outcome)
                   VALUES ('alpha', 'a-ok', {TODAY_START} + interval '1 minute', 'https://alpha.example/feed', 'ok'),
                          ('alpha', 'a-t', {TODAY_START} + interval '2 minutes', 'https://alpha.example/feed',
                           'timeout'),
                          ('bravo', 'b1', {TODAY_START} - interval '23 hours', 'https://bravo.example/feed',
                           'http_error'),
                          ('bravo', 'b2', {TODAY_START} - interval '22 hours', 'https://bravo.example/feed',
                           'http_error'),
                          ('bravo', 'b3', {TODAY_START} - interval '21 hours', 'https://bravo.example/feed',
                           'http_error'),
                          ('bravo', 'b4', {TODAY_START} - interval '20 hours', 'https://bravo.example/feed',
                           'network_error'),
                          ('bravo', 'b5', {TODAY_START} - interval '19 hours', 'https://bravo.example/feed',
                           'network_error'),
                          ('bravo', 'b-old', {TODAY_START} - interval '20 days', 'https://bravo.example/feed',
                           'timeout')""")
    # Articles: today 3 (2 analysable), 2 days ago 1, 20 days ago 5 (outside the window).
    for i, (status, days_ago) in enumerate([("ok", 0), ("ok", 0), ("http_error", 0), ("ok", 2)]
                                           + [("ok", 20)] * 5):
        query(dsn, f"""INSERT INTO news.articles (article_id, feed_name, entry_key, url, canonical_url, status,
                                                  first_seen_at)
                       VALUES (gen_random_uuid(), 'alpha', %s, %s, %s, %s,
                               {TODAY_START} - %s * interval '1 day' + interval '5 minutes')""",
              (f"e{i}", f"https://alpha.example/{i}", f"https://alpha.example/{i}", status, days_ago))
    query(dsn, f"""INSERT INTO news.pipeline_runs (run_id, stage, dag_id, started_at, status, params) VALUES
                   (%s, 'ingest', 'news_ingest', {TODAY_START} + interval '1 minute', 'success', '{{}}'),
                   (%s, 'enrich', 'news_enrich', {TODAY_START} + interval '2 minutes', 'success', '{{}}'),
                   ('cli__2026-11-30T09:00:00.000000', 'ingest', 'cli', {TODAY_START} + interval '3 minutes',
                    'success', '{{}}'),
                   ('bench-1', 'ingest', 'bench', {TODAY_START} + interval '4 minutes', 'success', '{{}}'),
                   ('manual__demo', 'ingest', 'news_ingest', {TODAY_START} + interval '5 minutes', 'success',
                    '{{"triggered_by": "DagRunTriggeredByType.TEST"}}'),
                   ('orphan', 'ingest', NULL, {TODAY_START} + interval '6 minutes', 'failed', '{{}}')""",
          (AIRFLOW_RUN, HOSTILE_RUN))


@pytest.fixture(scope="module")
def warehouse(pg_server) -> Iterator[str]:
    from newsflow.ingest.pipeline import prepare_warehouse
    from newsflow.warehouse.db import scratch_database

    with scratch_database(pg_server, "history") as dsn:
        prepare_warehouse(dsn)
        _fill(dsn)
        yield dsn


@pytest.fixture(scope="module")
def today(warehouse) -> date:
    return query(warehouse, f"SELECT {TODAY}")[0][0]


def _auth(request: Request) -> str:
    if request.headers.get("authorization", "") == f"Bearer {TOKEN}":
        return "tester"
    raise HTTPException(status_code=401, detail="Not authenticated")


def _client(warehouse: str, airflow_root: str = "") -> TestClient:
    """The News app mounted at /news in an app whose root path is `airflow_root`, as the Airflow
    api-server mounts it (its root path is the path of Airflow's base_url)."""
    root = FastAPI(root_path=airflow_root)
    root.mount("/news", create_app(lambda: warehouse, _auth))
    return TestClient(root, headers={"Authorization": f"Bearer {TOKEN}"})


@pytest.fixture(scope="module")
def page(warehouse) -> str:
    with _client(warehouse) as client:
        resp = client.get("/news/")
    assert resp.status_code == 200, resp.text[:500]
    return resp.text


def _feed_rows(doc: _Doc) -> dict[str, dict]:
    table = doc.find("table", "feeds")[0]
    return {doc.find(cls="feed-name", within=tr)[0]["text"]: tr for tr in doc.find("tr", within=table)[1:]}


def _history(doc: _Doc, tr: dict) -> dict:
    cell = doc.find("td", "feed-history", within=tr)[0]
    return doc.find("svg", "history", within=cell)[0]


def _day_titles(doc: _Doc, svg: dict) -> list[str]:
    return [doc.find("title", within=g)[0]["text"] for g in doc.find("g", within=svg)]


# --------------------------------------------------------------------------- fetch history

def test_each_feed_row_has_a_strip_of_fourteen_days_stating_its_counts(page, today):
    doc = _Doc(page)
    assert [th["text"] for th in doc.find("th", within=doc.find("table", "feeds")[0])][12] == "Last 14 days"
    rows = _feed_rows(doc)
    svg = _history(doc, rows["alpha"])
    first = (today - timedelta(days=13)).isoformat()
    expected = (f"Fetches of alpha, {first} to {today.isoformat()} (UTC): 19 fetches: 12 ok, 6 not modified, "
                "1 failed (1 timeout); 11 new articles; fetched on 3 days of 14; "
                f"failures on {today.isoformat()}.")
    assert svg["attrs"]["role"] == "img" and svg["attrs"]["aria-label"] == expected
    assert doc.find("title", within=svg)[0]["text"] == expected  # its tooltip says the same
    days = _day_titles(doc, svg)
    assert len(days) == 14 and days[0].startswith(first) and days[-1].startswith(today.isoformat())
    assert days[-1] == (f"{today.isoformat()}: 10 fetches: 7 ok, 2 not modified, 1 failed (1 timeout); "
                        "9 new articles")
    assert days[-4] == f"{(today - timedelta(days=3)).isoformat()}: 5 fetches: 5 ok, 0 not modified, 0 failed; " \
                       "2 new articles; 1 gap"
    assert days[-2] == f"{(today - timedelta(days=1)).isoformat()}: no fetch"
    # Today's bar: ok, not modified and failed segments; a day without fetches is a grey tick.
    today_group = doc.find("g", within=svg)[-1]
    assert [next(iter(r["classes"])) for r in doc.find("rect", within=today_group)] == ["ok", "not-modified",
                                                                                       "failed"]
    assert [next(iter(r["classes"])) for r in doc.find("rect", within=doc.find("g", within=svg)[-2])] == ["none"]


def test_failures_are_itemised_from_the_fetch_log_and_pruned_ones_still_counted(page, today):
    doc = _Doc(page)
    svg = _history(doc, _feed_rows(doc)["bravo"])
    yesterday = (today - timedelta(days=1)).isoformat()
    assert _day_titles(doc, svg)[-2] == (f"{yesterday}: 6 fetches: 0 ok, 0 not modified, 6 failed (3 HTTP error, "
                                        "2 network error, 1 no longer in the fetch log); 0 new articles")
    label = svg["attrs"]["aria-label"]
    assert "6 fetches: 0 ok, 0 not modified, 6 failed (3 HTTP error, 2 network error, 1 no longer in the fetch " \
           "log)" in label and f"failures on {yesterday}." in label  # 20 days ago: outside, not counted
    yesterday_group = doc.find("g", within=svg)[-2]
    assert [next(iter(r["classes"])) for r in doc.find("rect", within=yesterday_group)] == ["failed"]


def test_a_feed_never_fetched_says_so(page):
    doc = _Doc(page)
    svg = _history(doc, _feed_rows(doc)["charlie"])
    assert svg["attrs"]["aria-label"].endswith("(UTC): no fetch")
    assert {next(iter(r["classes"])) for r in doc.find("rect", within=svg)} == {"none"}


def test_feed_names_stay_text_in_the_chart_and_nothing_is_styled_inline(page):
    doc = _Doc(page)
    svg = _history(doc, _feed_rows(doc)[HOSTILE_FEED])
    assert svg["attrs"]["aria-label"].startswith(f"Fetches of {HOSTILE_FEED}, ")
    assert "<script" not in page
    assert not re.search(r"\sstyle\s*=", page)  # CSP style-src 'self': no style attributes


# --------------------------------------------------------------------------- bounded

def _reader_fetch(warehouse: str, calls: list[tuple[str, object]]):
    conn = psycopg2.connect(reader_dsn(warehouse))
    reader = ReadOnlyWarehouse(lambda: warehouse)

    def fetch(sql, params):
        calls.append((sql, params))
        return reader.fetch(conn, sql, params)

    return conn, fetch


def test_the_page_asks_a_fixed_number_of_statements_whatever_its_feeds(warehouse):
    counts = {}
    for size in (1, 25):
        calls: list[tuple[str, object]] = []
        conn, fetch = _reader_fetch(warehouse, calls)
        try:
            data = newsroom.overview(fetch, 1, size=size)
        finally:
            conn.close()
        listed = [f["feed_name"] for f in data["feeds"].rows]
        assert len(listed) == size and all(len(f["history"]) == 14 for f in data["feeds"].rows)
        history = [p for sql, p in calls if "news.feed_days d" in sql]
        assert len(history) == 1 and history[0]["feeds"] == listed  # the page's feeds, all at once
        counts[size] = len(calls)
    assert counts[1] == counts[25] <= 8


def test_page_two_gets_the_history_of_its_own_feeds(warehouse):
    calls: list[tuple[str, object]] = []
    conn, fetch = _reader_fetch(warehouse, calls)
    try:
        second = newsroom.overview(fetch, 2, size=25)
    finally:
        conn.close()
    names = [f["feed_name"] for f in second["feeds"].rows]
    assert names and all(n.startswith("pager-") for n in names)
    assert next(p for sql, p in calls if "news.feed_days d" in sql)["feeds"] == names
    assert not any("news.feed_fetches" in sql for sql, _ in calls)  # no failures there: not asked


def test_history_is_bounded_by_feeds_and_days(warehouse, today):
    calls: list[tuple[str, object]] = []
    conn, fetch = _reader_fetch(warehouse, calls)
    try:
        with pytest.raises(ValueError, match="at most"):
            feed_history.feed_history(fetch, [f"f{i}" for i in range(feed_history.MAX_FEEDS + 1)])
        long = feed_history.feed_history(fetch, ["alpha"], days=10_000)["alpha"]
        assert feed_history.feed_history(fetch, []) == {}
    finally:
        conn.close()
    assert len(long) == feed_history.MAX_DAYS and long[-1].day == today
    assert sum(d.fetches for d in long) == 10 + 5 + 4 + 100  # 14 days ago is inside 62 days


# --------------------------------------------------------------------------- volume

def test_articles_per_day_chart_and_table(page, today):
    doc = _Doc(page)
    section = doc.find("section", "volume")[0]
    assert " ".join(doc.find(cls="volume-total", within=section)[0]["text"].split()).startswith(
        f"4 articles in the last 14 days ({(today - timedelta(days=13)).isoformat()} to {today.isoformat()})")
    svg = doc.find("svg", "chart", within=section)[0]
    assert svg["attrs"]["aria-label"] == "Articles that reached the warehouse per day, the last 14 days (UTC)"
    bars = [doc.find("title", within=r)[0]["text"] for r in doc.find("rect", "bar", within=svg)]
    assert bars == [f"{(today - timedelta(days=2)).isoformat()}: 1", f"{today.isoformat()}: 3"]
    table = doc.find("table", "volume", within=section)[0]
    cells = [[td["text"] for td in doc.find("td", within=tr)] for tr in doc.find("tr", within=table)[1:]]
    assert len(cells) == 14
    assert cells[-1] == [today.isoformat(), "3", "2"] and cells[-3] == [(today - timedelta(days=2)).isoformat(),
                                                                          "1", "1"]
    assert sum(int(c[1]) for c in cells) == 4  # 20 days ago is outside


# --------------------------------------------------------------------------- runs

def _runs(doc: _Doc) -> dict[str, dict]:
    table = doc.find("table", "runs")[0]
    out = {}
    for tr in doc.find("tr", within=table)[1:]:
        cell = doc.find("td", "run", within=tr)[0]
        links = doc.find("a", "run-link", within=cell)
        origin = doc.find(cls="run-origin", within=cell)
        run_id = links[0]["text"] if links else doc.find(cls="run-id", within=cell)[0]["text"]
        out[run_id] = {"href": links[0]["attrs"]["href"] if links else None,
                       "origin": " ".join(origin[0]["text"].split()) if origin else None}
    return out


def test_airflow_runs_link_to_the_airflow_ui_others_say_what_they_are(page):
    runs = _runs(_Doc(page))
    assert runs[AIRFLOW_RUN] == {"href": "/dags/news_ingest/runs/manual__2026-11-30T10%3A00%3A00%2B00%3A00",
                                 "origin": None}
    assert runs[HOSTILE_RUN]["href"] == "/dags/news_enrich/runs/scheduled__a%2Fb%3Fc%23%22%3Ci%3E"
    assert runs["cli__2026-11-30T09:00:00.000000"] == {"href": None,
                                                       "origin": "CLI run (newsflow run): not an Airflow run"}
    assert runs["bench-1"] == {"href": None, "origin": "benchmark run: not an Airflow run"}
    assert runs["manual__demo"] == {
        "href": None, "origin": "demo or test run via airflow dags test: not in the Airflow UI's run list"}
    assert runs["orphan"] == {"href": None, "origin": "origin not recorded"}
    assert "<i>" not in page  # the hostile run id is text


def test_run_links_follow_airflows_base_path(warehouse):
    with _client(warehouse, airflow_root="/airflow") as client:
        resp = client.get("/airflow/news/")
    assert resp.status_code == 200, resp.text[:300]
    doc = _Doc(resp.text)
    assert _runs(doc)[AIRFLOW_RUN]["href"] == "/airflow/dags/news_ingest/runs/manual__2026-11-30T10%3A00%3A00%2B00%3A00"
    assert doc.find("link")[0]["attrs"]["href"] == "/airflow/news/static/news.css"  # the view's own links too


def test_standalone_view_links_runs_beside_its_root(warehouse):
    app = create_app(lambda: warehouse, _auth)
    with TestClient(app, root_path="/news", headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        resp = client.get("/")
    assert resp.status_code == 200
    assert _runs(_Doc(resp.text))[AIRFLOW_RUN]["href"].startswith("/dags/news_ingest/runs/manual__")


def test_stylesheet_has_one_block_for_the_history(warehouse):
    with _client(warehouse) as client:
        css = client.get("/news/static/news.css").text
    assert css.count("/* overview: fetch history and volume */") == 1
    block = css.split("/* overview: fetch history and volume */", 1)[1]
    assert "svg.history rect.failed" in block and "max-width: 100%" in block
