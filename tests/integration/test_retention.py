"""`warehouse.retention.prune` on a real warehouse (embedded PostgreSQL): what it deletes and keeps
at each limit, exact counts, batches, feed_days totals kept without double counting, running runs
kept, raw HTML pruned only when asked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from newsflow.warehouse.retention import prune

from support import query

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
BATCH = 1_000  # small, so the bulk rows below take several batches
BULK = 2_500
PLAN_FEEDS = 1_200


def _fetch(dsn: str, feed: str, run: str, at: datetime, outcome: str = "ok", new: int = 0,
           gap: bool = False) -> None:
    query(dsn, """INSERT INTO news.feed_fetches (feed_name, run_id, fetched_at, url, outcome, entries_new, gap)
                  VALUES (%s, %s, %s, 'https://x.example/feed', %s, %s, %s)""", (feed, run, at, outcome, new, gap))


def _day_row(dsn: str, feed: str, day: date, fetches: int, ok: int) -> None:
    """A day the poller counted when it recorded the fetches."""
    query(dsn, "INSERT INTO news.feed_days (feed_name, day, fetches, ok) VALUES (%s, %s, %s, %s)",
          (feed, day, fetches, ok))


def _feed_days(dsn: str) -> dict[tuple[str, date], tuple]:
    rows = query(dsn, """SELECT feed_name, day, fetches, ok, not_modified, failed, entries_new, gaps
                           FROM news.feed_days""")
    return {(r[0], r[1]): r[2:] for r in rows}


def _fill_fetches(dsn: str) -> None:
    """Feed a: one old day without a feed_days row, one old day counted at fetch time, fetches on
    both sides of the cutoff day; feed b: BULK old fetches in one day without a row."""
    query(dsn, """INSERT INTO news.feeds (feed_name, url) VALUES ('a', 'https://a.example/feed'),
                                                                 ('b', 'https://b.example/feed')""")
    uncounted = datetime(2026, 2, 10, 8, 0, tzinfo=UTC)
    _fetch(dsn, "a", "u1", uncounted, "ok", new=2)
    _fetch(dsn, "a", "u2", uncounted + timedelta(hours=1), "not_modified")
    _fetch(dsn, "a", "u3", uncounted + timedelta(hours=2), "http_error", gap=True)
    counted = datetime(2026, 2, 20, 8, 0, tzinfo=UTC)
    _fetch(dsn, "a", "c1", counted, "ok", new=5)
    _fetch(dsn, "a", "c2", counted + timedelta(hours=1), "ok")
    _day_row(dsn, "a", counted.date(), 2, 2)
    _fetch(dsn, "a", "edge-old", datetime(2026, 2, 28, 23, 59, tzinfo=UTC))  # the day before the cutoff day
    _day_row(dsn, "a", date(2026, 2, 28), 1, 1)
    # Older than 30 days (NOW - 30 d is 2026-03-01 12:00) but on the cutoff day: kept whole.
    _fetch(dsn, "a", "edge-kept", datetime(2026, 3, 1, 6, 0, tzinfo=UTC))
    _day_row(dsn, "a", date(2026, 3, 1), 1, 1)
    _fetch(dsn, "a", "recent", NOW - timedelta(days=1))
    _day_row(dsn, "a", (NOW - timedelta(days=1)).date(), 1, 1)
    query(dsn, """INSERT INTO news.feed_fetches (feed_name, run_id, fetched_at, url, outcome, entries_new)
                  SELECT 'b', 'bulk-' || i, timestamptz '2026-01-15 00:00+00' + i * interval '1 second',
                         'https://b.example/feed', CASE WHEN i %% 10 = 0 THEN 'timeout' ELSE 'ok' END, 1
                    FROM generate_series(1, %s) i""", (BULK,))


def test_old_fetches_are_pruned_in_whole_days_and_their_counts_stay_in_feed_days(migrated_dsn):
    dsn = migrated_dsn
    _fill_fetches(dsn)
    before = _feed_days(dsn)

    counts = prune(dsn, now=NOW, fetch_days=30, run_days=90, html_days=None, batch=BATCH)

    assert counts == {"feed_days_filled": 2, "feed_fetches": 3 + 2 + 1 + BULK, "poll_plan": 0,
                      "pipeline_runs": 0, "article_html": 0}
    assert sorted(r[0] for r in query(dsn, "SELECT run_id FROM news.feed_fetches")) == ["edge-kept", "recent"]
    after = _feed_days(dsn)
    # Days the poller counted are untouched (the counted day is 2, not 4); the two days without a
    # row are counted from the deleted fetches.
    assert {k: v for k, v in after.items() if k in before} == before
    assert {k: v for k, v in after.items() if k not in before} == {
        ("a", date(2026, 2, 10)): (3, 1, 1, 1, 2, 1),  # fetches, ok, not_modified, failed, entries_new, gaps
        ("b", date(2026, 1, 15)): (BULK, BULK - BULK // 10, 0, BULK // 10, BULK, 0),
    }
    totals = query(dsn, "SELECT sum(fetches), sum(ok), sum(failed) FROM news.feed_days")[0]
    assert totals == (sum(v[0] for v in before.values()) + 3 + BULK, sum(v[1] for v in before.values()) + 1
                      + BULK - BULK // 10, 1 + BULK // 10)

    # Again: nothing left to prune, nothing counted twice.
    again = prune(dsn, now=NOW, fetch_days=30, run_days=90, html_days=None, batch=BATCH)
    assert set(again.values()) == {0}
    assert _feed_days(dsn) == after


def _run(dsn: str, run_id: str, stage: str, started: datetime, status: str) -> None:
    query(dsn, """INSERT INTO news.pipeline_runs (run_id, stage, dag_id, started_at, finished_at, status)
                  VALUES (%s, %s, 'news_ingest', %s, %s, %s)""",
          (run_id, stage, started, None if status == "running" else started + timedelta(minutes=2), status))


def _plan(dsn: str, run_id: str, feeds: int) -> None:
    query(dsn, """INSERT INTO news.poll_plan (run_id, feed_name, shard)
                  SELECT %s, 'f' || i, i %% 16 FROM generate_series(1, %s) i""", (run_id, feeds))


def test_old_runs_and_their_plans_are_pruned_but_never_a_running_one(migrated_dsn):
    dsn = migrated_dsn
    query(dsn, """INSERT INTO news.feeds (feed_name, url)
                  SELECT 'f' || i, 'https://f' || i || '.example/feed' FROM generate_series(1, %s) i""",
          (PLAN_FEEDS,))
    old, recent = NOW - timedelta(days=100), NOW - timedelta(days=1)
    _run(dsn, "old-done", "ingest", old, "success")
    _plan(dsn, "old-done", PLAN_FEEDS)  # more plan rows than one batch
    _run(dsn, "old-two-stages", "ingest", old, "partial")
    _run(dsn, "old-two-stages", "enrich", old + timedelta(minutes=5), "failed")
    _plan(dsn, "old-two-stages", 3)
    _run(dsn, "old-running", "ingest", old, "running")  # stuck: kept for someone to look at
    _plan(dsn, "old-running", 2)
    _run(dsn, "old-half-running", "ingest", old, "success")
    _run(dsn, "old-half-running", "enrich", old, "running")
    _run(dsn, "re-run", "ingest", old, "success")  # a stage started within the limit: the run is kept
    _run(dsn, "re-run", "enrich", recent, "success")
    _run(dsn, "recent", "ingest", recent, "success")
    _plan(dsn, "recent", 4)
    _plan(dsn, "no-run-record", 5)  # no date: kept
    query(dsn, """INSERT INTO news.pipeline_runs (run_id, stage, started_at, finished_at, status)
                  SELECT 'bulk-' || i, 'ingest', %s, %s, 'success' FROM generate_series(1, %s) i""",
          (old, old, BULK))  # more runs than one round

    counts = prune(dsn, now=NOW, fetch_days=30, run_days=90, html_days=None, batch=BATCH)

    assert counts == {"feed_days_filled": 0, "feed_fetches": 0, "poll_plan": PLAN_FEEDS + 3,
                      "pipeline_runs": 1 + 2 + BULK, "article_html": 0}
    assert query(dsn, "SELECT run_id, stage, status FROM news.pipeline_runs ORDER BY 1, 2") == [
        ("old-half-running", "enrich", "running"), ("old-half-running", "ingest", "success"),
        ("old-running", "ingest", "running"), ("re-run", "enrich", "success"), ("re-run", "ingest", "success"),
        ("recent", "ingest", "success")]
    assert query(dsn, "SELECT run_id, count(*) FROM news.poll_plan GROUP BY 1 ORDER BY 1") == [
        ("no-run-record", 5), ("old-running", 2), ("recent", 4)]
    assert set(prune(dsn, now=NOW, fetch_days=30, run_days=90, html_days=None, batch=BATCH).values()) == {0}


def _article(dsn: str, name: str, html_at: datetime) -> str:
    article_id = f"00000000-0000-0000-0000-{name.rjust(12, '0')}"
    query(dsn, """INSERT INTO news.articles (article_id, feed_name, entry_key, url, canonical_url, text, status)
                  VALUES (%s, 'h', %s, %s, %s, 'The text stays.', 'ok')""",
          (article_id, name, f"https://h.example/{name}", f"https://h.example/{name}"))
    query(dsn, """INSERT INTO news.article_html (article_id, raw_bytes, sha256, html_gz, fetched_at)
                  VALUES (%s, 3, 'x', '\\x00', %s)""", (article_id, html_at))
    return article_id


def test_raw_html_is_pruned_only_when_asked_and_articles_keep_their_text(migrated_dsn):
    dsn = migrated_dsn
    query(dsn, "INSERT INTO news.feeds (feed_name, url) VALUES ('h', 'https://h.example/feed')")
    old = _article(dsn, "1", NOW - timedelta(days=200))
    young = _article(dsn, "2", NOW - timedelta(days=10))

    assert prune(dsn, now=NOW, fetch_days=30, run_days=90, html_days=None)["article_html"] == 0
    assert query(dsn, "SELECT count(*) FROM news.article_html") == [(2,)]
    assert prune(dsn, now=NOW, fetch_days=30, run_days=90, html_days=90)["article_html"] == 1
    assert query(dsn, "SELECT article_id::text FROM news.article_html") == [(young,)]
    assert query(dsn, "SELECT article_id::text, text FROM news.articles ORDER BY 1") == [
        (old, "The text stays."), (young, "The text stays.")]


@pytest.mark.parametrize("kwargs", [
    {"fetch_days": 0}, {"run_days": -1}, {"html_days": 0}, {"now": NOW.replace(tzinfo=None)}, {"batch": 0},
])
def test_limits_that_would_prune_too_much_are_refused(migrated_dsn, kwargs):
    args = {"now": NOW, "fetch_days": 30, "run_days": 90, "html_days": None, **kwargs}
    with pytest.raises(ValueError):
        prune(migrated_dsn, **args)
