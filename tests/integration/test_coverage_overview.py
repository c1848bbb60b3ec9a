"""Coverage on the News overview and in `newsflow report`, on a real warehouse (embedded
PostgreSQL): failing feeds first, then feeds with unfilled gaps, then the rest by name; the
search box (case-insensitive, wildcards literal, bounded); per-feed gaps, backfills, estimated
missed articles, polling and the last 7 days of fetches; the report's bounded feeds list and its
runs counted per day and stage."""

from __future__ import annotations

import io
from collections.abc import Iterator

import psycopg2
import pytest
from fastapi import FastAPI, HTTPException, Request
from fastapi.testclient import TestClient
from rich.console import Console

from newsflow.newsroom import report as printed_report
from newsflow.newsroom.app import create_app
from newsflow.warehouse import newsroom
from newsflow.warehouse import report as warehouse_report
from newsflow.warehouse.readonly import ReadOnlyWarehouse, reader_dsn

from support import HtmlDoc as _Doc
from support import query

pytestmark = pytest.mark.integration

TOKEN = "let-me-in"
#: The feeds in the order the overview lists them (the PAGER feeds come after).
ORDER = ["zulu-fail", "yankee-flaky", "mike-gap", "lima-missed", "alpha-ok", "bravo_100%", "charlie-off",
         "delta-new"]
PAGER = 30  # "pager-NN" feeds: with the others, more than one page (25)
TOTAL = len(ORDER) + PAGER
TODAY = "(now() AT TIME ZONE 'UTC')::date"
TODAY_START = "date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"


def _fill(dsn: str) -> None:
    """Feeds in every state the overview orders by, their gaps, feed days and runs, in SQL."""
    query(dsn, """
        INSERT INTO news.feeds (feed_name, url, title, enabled, last_status, last_error, last_fetched_at,
                                consecutive_failures, interval_minutes, poll_interval, next_poll_at,
                                gaps, gaps_backfilled, estimated_missed) VALUES
          ('zulu-fail', 'https://z.example/feed', 'Zulu', true, 'http_error', 'HTTP 503', now(), 2, 120,
           '2 hours', now() + interval '30 minutes', 0, 0, 0),
          ('yankee-flaky', 'https://y.example/feed', 'Yankee', true, 'not_modified', NULL, now(), 1, NULL,
           '20 minutes', now() + interval '5 minutes', 0, 0, 0),
          ('mike-gap', 'https://m.example/feed', 'Mike', true, 'ok', NULL, now(), 0, NULL, '10 minutes',
           now() + interval '10 minutes', 2, 1, 4),
          ('lima-missed', 'https://l.example/feed', 'Lima', true, 'ok', NULL, now(), 0, NULL, '10 minutes',
           now() + interval '10 minutes', 1, 0, 3),
          ('alpha-ok', 'https://a.example/feed', 'Alpha', true, 'ok', NULL, now(), 0, NULL, '10 minutes',
           now() + interval '1 hour', 1, 1, 0),
          ('bravo_100%', 'https://b.example/feed', 'Percent_Feed', true, 'ok', NULL, now(), 0, NULL,
           '1 hour', now() - interval '1 minute', 0, 0, 0),
          ('charlie-off', 'https://c.example/feed', 'Charlie', false, 'ok', NULL, now(), 0, NULL, '1 hour',
           now() + interval '1 hour', 0, 0, 0),
          ('delta-new', 'https://d.example/feed', NULL, true, NULL, NULL, NULL, 0, NULL, '1 hour', NULL, 0, 0, 0)""")
    query(dsn, """INSERT INTO news.feeds (feed_name, url, title, last_status, next_poll_at)
                  SELECT 'pager-' || lpad(i::text, 2, '0'), 'https://p.example/' || i, 'Pager', 'ok',
                         now() + interval '1 hour'
                    FROM generate_series(1, %s) i""", (PAGER,))
    query(dsn, """INSERT INTO news.feed_gaps (feed_name, run_id, detected_at, window_start, window_end, status,
                                              backfilled, estimated_missed)
                  VALUES ('mike-gap', 'r1', now(), now() - interval '2 hours', now() - interval '1 hour',
                          'backfilled', 6, 0),
                         ('mike-gap', 'r2', now(), now() - interval '2 hours', now() - interval '1 hour',
                          'unfillable', 0, 4),
                         ('alpha-ok', 'r1', now(), now() - interval '2 hours', now() - interval '1 hour',
                          'backfilled', 3, 0)""")
    # alpha-ok: today and 3 days ago count; 7 days ago is outside the last 7 days (today included).
    query(dsn, f"""INSERT INTO news.feed_days (feed_name, day, fetches, ok, not_modified, failed) VALUES
                   ('alpha-ok', {TODAY}, 10, 7, 2, 1), ('alpha-ok', {TODAY} - 3, 5, 5, 0, 0),
                   ('alpha-ok', {TODAY} - 7, 100, 100, 0, 0), ('zulu-fail', {TODAY}, 4, 0, 0, 4)""")
    query(dsn, """INSERT INTO news.feed_fetches (feed_name, run_id, fetched_at, url, outcome, entries_new)
                  VALUES ('zulu-fail', 'r1', now() - interval '20 minutes', 'https://z.example/feed', 'ok', 3),
                         ('zulu-fail', 'r2', now() - interval '10 minutes', 'https://z.example/feed',
                          'http_error', 0),
                         ('alpha-ok', 'r1', now(), 'https://a.example/feed', 'ok', 9)""")
    # Runs: today 5 ingest (3 success, 1 partial, 1 failed) and 1 enrich running, yesterday 2
    # ingest, 10 days ago 5 (outside the report's 7 days).
    query(dsn, f"""INSERT INTO news.pipeline_runs (run_id, stage, dag_id, started_at, status)
                   SELECT 'today-' || i, 'ingest', 'news_ingest', {TODAY_START} + i * interval '1 minute',
                          (ARRAY['success', 'success', 'success', 'partial', 'failed'])[i]
                     FROM generate_series(1, 5) i
                   UNION ALL SELECT 'today-1', 'enrich', 'news_enrich', {TODAY_START} + interval '9 minutes',
                                    'running'
                   UNION ALL SELECT 'yesterday-' || i, 'ingest', 'news_ingest',
                                    {TODAY_START} - interval '1 day' + i * interval '1 minute', 'success'
                     FROM generate_series(1, 2) i
                   UNION ALL SELECT 'old-' || i, 'ingest', 'news_ingest',
                                    {TODAY_START} - interval '10 days' + i * interval '1 minute', 'success'
                     FROM generate_series(1, 5) i""")


@pytest.fixture(scope="module")
def warehouse(pg_server) -> Iterator[str]:
    from newsflow.ingest.pipeline import prepare_warehouse
    from newsflow.warehouse.db import scratch_database

    with scratch_database(pg_server, "coverage") as dsn:
        prepare_warehouse(dsn)
        _fill(dsn)
        yield dsn


def _auth(request: Request) -> str:
    if request.headers.get("authorization", "") == f"Bearer {TOKEN}":
        return "tester"
    raise HTTPException(status_code=401, detail="Not authenticated")


@pytest.fixture(scope="module")
def client(warehouse) -> Iterator[TestClient]:
    root = FastAPI()
    root.mount("/news", create_app(lambda: warehouse, _auth))
    with TestClient(root, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        yield c


def _rows(html: str) -> list[dict[str, str]]:
    """The feeds table's rows as {css class of a cell or span: its text}, "row": the row's classes."""
    doc = _Doc(html)
    rows = []
    for tr in doc.find("tr", within=doc.find("table", "feeds")[0])[1:]:
        row = {"row": " ".join(sorted(tr["classes"]))}
        for el in doc.find(within=tr):
            for css in el["classes"]:
                row.setdefault(css, " ".join(el["text"].split()))
        rows.append(row)
    return rows


def _page(client: TestClient, **params) -> tuple[str, list[dict[str, str]]]:
    """The page's count line ("N feeds …: … · page X of Y") and its feed rows."""
    resp = client.get("/news/", params=params)
    assert resp.status_code == 200, resp.text[:300]
    assert "<script" not in resp.text
    doc = _Doc(resp.text)
    counted = " ".join(doc.find("p", "feed-count")[0]["text"].split())
    return counted, _rows(resp.text)


def _cell(rows: list[dict[str, str]], feed: str, css: str) -> str:
    return next(r[css] for r in rows if r.get("feed-name") == feed)


def test_failing_feeds_first_then_unfilled_gaps_then_by_name(client):
    counted, rows = _page(client)
    names = [r["feed-name"] for r in rows]
    assert names[:len(ORDER)] == ORDER and names[len(ORDER)] == "pager-01" and len(rows) == newsroom.PAGE_SIZE
    assert [r["row"] for r in rows[:4]] == ["failing", "failing", "gapped", "gapped"]
    assert counted == f"{TOTAL} feeds: 2 failing, 2 more with unfilled gaps · page 1 of 2"


def test_completeness_polling_and_seven_days_of_fetches_per_feed(client):
    resp = client.get("/news/")
    doc = _Doc(resp.text)
    assert [th["text"] for th in doc.find("th")][9:12] == ["Fetches (7 days)", "OK (7 days)", "Failed (7 days)"]
    assert "the last 7 days (UTC, today included)" in " ".join(doc.find("p", "hint")[0]["text"].split())
    _, rows = _page(client)
    # gaps, backfilled, estimated missed
    assert [_cell(rows, "mike-gap", c) for c in ("feed-gaps", "feed-backfilled", "feed-missed")] == ["2", "1", "4"]
    # today and 3 days ago, not 7 days ago; OK counts 200 and 304
    assert [_cell(rows, "alpha-ok", c) for c in ("feed-fetches", "feed-fetches-ok", "feed-fetches-failed")] == [
        "15", "14", "1"]
    assert [_cell(rows, "delta-new", c) for c in ("feed-fetches", "feed-fetches-ok", "feed-fetches-failed")] == [
        "0", "0", "0"]
    assert _cell(rows, "zulu-fail", "feed-interval") == "2 h (fixed)"
    assert _cell(rows, "mike-gap", "feed-interval") == "10 min"
    assert _cell(rows, "delta-new", "feed-due") == "due now"  # never polled
    assert _cell(rows, "bravo_100%", "feed-due") == "due now"  # overdue
    assert _cell(rows, "alpha-ok", "feed-due").endswith("UTC")
    assert _cell(rows, "charlie-off", "feed-due") == "disabled"
    assert "disabled" in _cell(rows, "charlie-off", "row")
    assert _cell(rows, "delta-new", "feed-status") == "never fetched"


@pytest.mark.parametrize(("q", "expected"), [
    ("ALPHA", ["alpha-ok"]),  # case-insensitive
    ("percent", ["bravo_100%"]),  # the title
    ("%", ["bravo_100%"]),  # a literal %, not "anything"
    ("_", ["bravo_100%"]),  # a literal _, not "any character"
    ("a-o", ["alpha-ok"]),
    ("nothing-like-it", []),
])
def test_search_matches_name_or_title_with_wildcards_literal(client, q, expected):
    counted, rows = _page(client, q=q)
    assert [r["feed-name"] for r in rows if "feed-name" in r] == expected
    what = "feed" if len(expected) == 1 else "feeds"
    assert counted.startswith(f"{len(expected)} {what} matching “{q}”") and counted.endswith("page 1 of 1")
    html = client.get("/news/", params={"q": q}).text
    assert f'name="q" value="{q}"' in html  # the form keeps what was asked
    if not expected:
        assert "No feed matches." in html


def test_search_pages_keep_the_search_and_blank_is_everything(client):
    counted, rows = _page(client, q="pager")
    assert len(rows) == 25 and counted.startswith(f"{PAGER} feeds") and counted.endswith("page 1 of 2")
    assert 'href="/news/?page=2&amp;q=pager"' in client.get("/news/", params={"q": "pager"}).text
    counted, rows = _page(client, q="pager", page=2)
    assert [r["feed-name"] for r in rows] == [f"pager-{i}" for i in range(26, 31)] and counted.endswith("2 of 2")
    counted, _ = _page(client, q="   ")
    assert counted.startswith(f"{TOTAL} feeds:")


def test_search_is_bounded_and_checked_like_every_parameter(client):
    assert client.get("/news/", params={"q": "x" * newsroom.FEED_SEARCH_MAX}).status_code == 200
    too_long = client.get("/news/", params={"q": "x" * (newsroom.FEED_SEARCH_MAX + 1)})
    assert too_long.status_code == 422 and "q" in too_long.text
    assert client.get("/news/", params={"q": "a\x00b"}).status_code == 422
    hostile = client.get("/news/", params={"q": '"><script>alert(1)</script>'})
    assert hostile.status_code == 200 and "<script>" not in hostile.text


def test_feed_coverage_pages_and_counts(warehouse):
    conn = psycopg2.connect(reader_dsn(warehouse))
    try:
        fetch = lambda sql, params: ReadOnlyWarehouse(lambda: warehouse).fetch(conn, sql, params)  # noqa: E731
        second = newsroom.overview(fetch, 2, size=3)
        one, counts = newsroom.feed_coverage(fetch, 5, feed="mike-gap")
    finally:
        conn.close()
    assert [f["feed_name"] for f in second["feeds"].rows] == ORDER[3:6]
    assert second["total"] == TOTAL and second["pages"] == -(-TOTAL // 3)
    assert second["feeds"].has_prev and second["feeds"].has_next
    assert [f["feed_name"] for f in one] == ["mike-gap"] and counts == {"total": 1, "failing": 0, "gapped": 1}
    assert one[0]["gaps_unfilled"] == 1 and one[0]["poll_minutes"] == 10 and not one[0]["fixed_interval"]


# --------------------------------------------------------------------------- report

def _printed(data: dict) -> str:
    out = io.StringIO()
    printed_report.print_all(data, Console(file=out, width=250))
    return out.getvalue()


def test_report_lists_at_most_limit_feeds_attention_first_and_counts_the_rest(warehouse):
    data = warehouse_report.collect(warehouse, limit=3)
    feeds = data["feeds"]
    assert [r["feed_name"] for r in feeds["rows"]] == ORDER[:3]
    assert (feeds["total"], feeds["failing"], feeds["gapped"], feeds["more"]) == (TOTAL, 2, 2, TOTAL - 3)
    assert set(data["ingest"]["feeds"]) == set(ORDER[:3])  # articles per status: the listed feeds only
    assert [(f["feed_name"], f["run_id"]) for f in data["last_fetches"]] == [("zulu-fail", "r2")]
    text = _printed(data)
    assert f"… and {TOTAL - 3} more feeds (use --limit)" in text
    assert "alpha-ok" not in text and "lima-missed" not in text
    cells = [[c.strip() for c in line.split("\t")] for line in text.splitlines()]  # piped: tab-separated
    mike = next(c for c in cells if c and c[0] == "mike-gap")
    assert mike[5:10] == ["2", "1", "4", "0", "0"]  # gaps, backfilled, est. missed, fetches, failed
    zulu = next(c for c in cells if c and c[0] == "zulu-fail")
    assert zulu[1] == "http_error" and zulu[3] == "0" and zulu[8:10] == ["4", "4"]


def test_report_for_one_feed_and_everything_within_the_limit(warehouse):
    one = warehouse_report.collect(warehouse, limit=3, feed="charlie-off")
    assert [r["feed_name"] for r in one["feeds"]["rows"]] == ["charlie-off"] and one["feeds"]["more"] == 0
    text = _printed(one)
    assert "more feeds" not in text and "ok (disabled)" in text
    every = warehouse_report.collect(warehouse, limit=TOTAL)
    assert len(every["feeds"]["rows"]) == TOTAL and every["feeds"]["more"] == 0


def test_report_counts_runs_per_day_and_stage_when_there_are_many(warehouse):
    data = warehouse_report.collect(warehouse, limit=3)
    runs = data["runs"]
    assert runs["total"] == 8 and len(runs["latest"]) == 3  # the 5 from 10 days ago are outside
    summary = [(r["stage"], r["runs"], r["success"], r["partial"], r["failed"], r["running"]) for r in runs["by_day"]]
    assert summary == [("enrich", 1, 0, 0, 0, 1), ("ingest", 5, 3, 1, 1, 0), ("ingest", 2, 2, 0, 0, 0)]
    assert runs["by_day"][0]["day"] == runs["by_day"][1]["day"] > runs["by_day"][2]["day"]
    text = _printed(data)
    assert "Pipeline runs per day and stage (last 7 days: 8 runs)" in text and "today-3" not in text
    listed = _printed(warehouse_report.collect(warehouse, limit=10))
    assert "Pipeline runs (last 7 days)" in listed and "today-3" in listed and "old-1" not in listed
