"""Pruning old records: feeds polled every ~10 minutes write a fetch row per feed and poll, and a
run record and a poll plan per round, so these tables grow without bound unless pruned.

news.feed_days keeps the daily counts. The poller counts each fetch there when it records it
(`warehouse.feeds`), so deleting a fetch row loses no count. `prune` also fills in, from the rows
it is about to delete, the days of a feed that have no feed_days row at all (fetches recorded
before the counter existed, or by anything that skipped it); a day that has a row is never
touched, so nothing is counted twice. Fetches are pruned in whole UTC days (those before the start
of the day `fetch_days` ago), so a day filled in is filled from all its fetches, and a fetch may
outlive `fetch_days` by less than a day.

A run is pruned whole (every stage, and its poll plan) once all its stages started before the
cutoff and none is still 'running'; a run stuck in 'running' is kept for someone to look at. A poll
plan whose run has no news.pipeline_runs row has no date and is kept.

Every delete takes at most `batch` rows and commits, so a large prune holds no long locks and a
stopped prune keeps what it did; run it again to go on.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from newsflow.statuses import FetchOutcome, RunStatus
from newsflow.warehouse import db

log = logging.getLogger(__name__)

BATCH = 10_000  # rows per DELETE statement (and transaction)
RUNS_PER_ROUND = 1_000  # runs whose plans and stages are pruned per round

_NEXT_DAY_SQL = """
SELECT (min(fetched_at) AT TIME ZONE 'UTC')::date FROM news.feed_fetches
 WHERE (%(after)s::timestamptz IS NULL OR fetched_at >= %(after)s) AND fetched_at < %(cutoff)s"""

_FILL_DAY_SQL = """
INSERT INTO news.feed_days (feed_name, day, fetches, ok, not_modified, failed, entries_new, gaps)
SELECT x.feed_name, %(day)s, count(*), count(*) FILTER (WHERE x.outcome = %(ok)s),
       count(*) FILTER (WHERE x.outcome = %(not_modified)s),
       count(*) FILTER (WHERE x.outcome <> ALL(ARRAY[%(ok)s, %(not_modified)s])),
       coalesce(sum(x.entries_new), 0), count(*) FILTER (WHERE x.gap)
  FROM news.feed_fetches x
 WHERE x.fetched_at >= %(start)s AND x.fetched_at < %(end)s
   AND NOT EXISTS (SELECT 1 FROM news.feed_days d WHERE d.feed_name = x.feed_name AND d.day = %(day)s)
 GROUP BY x.feed_name
ON CONFLICT (feed_name, day) DO NOTHING"""

_DELETE_FETCHES_SQL = """
DELETE FROM news.feed_fetches WHERE (feed_name, run_id) IN (
    SELECT feed_name, run_id FROM news.feed_fetches WHERE fetched_at < %(cutoff)s LIMIT %(batch)s)"""

_OLD_RUNS_SQL = """
SELECT DISTINCT r.run_id FROM news.pipeline_runs r
 WHERE r.started_at < %(cutoff)s
   AND NOT EXISTS (SELECT 1 FROM news.pipeline_runs s
                    WHERE s.run_id = r.run_id AND (s.status = %(running)s OR s.started_at >= %(cutoff)s))
 LIMIT %(runs)s"""

_DELETE_PLANS_SQL = """
DELETE FROM news.poll_plan WHERE (run_id, feed_name) IN (
    SELECT run_id, feed_name FROM news.poll_plan WHERE run_id = ANY(%(ids)s) LIMIT %(batch)s)"""

_DELETE_RUNS_SQL = """
DELETE FROM news.pipeline_runs
 WHERE run_id = ANY(%(ids)s) AND started_at < %(cutoff)s AND status <> %(running)s"""

_DELETE_HTML_SQL = """
DELETE FROM news.article_html WHERE article_id IN (
    SELECT article_id FROM news.article_html WHERE fetched_at < %(cutoff)s LIMIT %(batch)s)"""


def prune(dsn: str, *, now: datetime, fetch_days: int, run_days: int, html_days: int | None,
          batch: int = BATCH) -> dict[str, int]:
    """Delete fetch rows older than `fetch_days` (whole UTC days, their counts kept in
    news.feed_days), runs and their poll plans older than `run_days`, and raw HTML older than
    `html_days` (None keeps it; articles keep their text). Returns the rows deleted per table, and
    `feed_days_filled`: the feed days counted from the deleted rows because they had no row."""
    _check(now, fetch_days, run_days, html_days, batch)
    fetch_cutoff = _day_start((now - timedelta(days=fetch_days)).astimezone(UTC).date())
    run_cutoff = now - timedelta(days=run_days)
    counts: dict[str, int] = {}
    with db.connection(dsn) as conn:
        counts["feed_days_filled"] = _fill_feed_days(conn, fetch_cutoff)
        counts["feed_fetches"] = _delete_in_batches(conn, _DELETE_FETCHES_SQL,
                                                    {"cutoff": fetch_cutoff, "batch": batch})
        counts["poll_plan"], counts["pipeline_runs"] = _prune_runs(conn, run_cutoff, batch)
        counts["article_html"] = 0 if html_days is None else _delete_in_batches(
            conn, _DELETE_HTML_SQL, {"cutoff": now - timedelta(days=html_days), "batch": batch})
    log.info("pruned %s", counts)
    return counts


def _check(now: datetime, fetch_days: int, run_days: int, html_days: int | None, batch: int) -> None:
    """Refuse what would prune too much: a naive time (whose day?) or a limit under one day."""
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    for name, days in (("fetch_days", fetch_days), ("run_days", run_days), ("html_days", html_days)):
        if days is not None and days < 1:
            raise ValueError(f"{name} must be at least 1 (None keeps raw HTML), not {days}")
    if batch < 1:
        raise ValueError(f"batch must be at least 1, not {batch}")


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _fill_feed_days(conn: Any, cutoff: datetime) -> int:
    """Count in news.feed_days the fetches before `cutoff` of every feed day that has no row, one
    UTC day per statement (each a range of the fetched_at index); returns the rows added."""
    added = 0
    after: datetime | None = None  # the start of the day after the last one filled
    outcomes = {"ok": str(FetchOutcome.OK), "not_modified": str(FetchOutcome.NOT_MODIFIED)}
    while True:
        with conn.cursor() as cur:
            cur.execute(_NEXT_DAY_SQL, {"after": after, "cutoff": cutoff})
            day = db.fetch_one(cur)[0]
            if day is None:
                return added
            after = _day_start(day + timedelta(days=1))
            cur.execute(_FILL_DAY_SQL, {"day": day, "start": _day_start(day), "end": after, **outcomes})
            added += cur.rowcount
        conn.commit()


def _delete_in_batches(conn: Any, sql: str, params: dict[str, Any]) -> int:
    """Run a DELETE of at most params["batch"] rows, committing each, until one deletes fewer."""
    deleted = 0
    while True:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            n = cur.rowcount
        conn.commit()
        deleted += n
        if n < params["batch"]:
            return deleted


def _prune_runs(conn: Any, cutoff: datetime, batch: int) -> tuple[int, int]:
    """Delete the poll plans, then the stages, of runs wholly older than `cutoff` and not running,
    RUNS_PER_ROUND runs at a time (the plan first: without its run, a plan has no date)."""
    plans = stages = 0
    params: dict[str, Any] = {"cutoff": cutoff, "running": str(RunStatus.RUNNING), "runs": RUNS_PER_ROUND,
                              "batch": batch}
    while True:
        with conn.cursor() as cur:
            cur.execute(_OLD_RUNS_SQL, params)
            params["ids"] = [row[0] for row in cur.fetchall()]
        if not params["ids"]:
            return plans, stages
        plans += _delete_in_batches(conn, _DELETE_PLANS_SQL, params)
        with conn.cursor() as cur:
            cur.execute(_DELETE_RUNS_SQL, params)
            n = cur.rowcount
        conn.commit()
        stages += n
        if n == 0:  # changed under us (re-run, now running): leave them for the next prune
            return plans, stages
