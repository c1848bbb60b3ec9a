"""The Overview's history: per feed, how its fetches ended on each of the last HISTORY_DAYS UTC
days; articles reaching the warehouse per day; the latest pipeline runs and where each was made.

Like newsroom.py, every function takes `fetch(sql, params) -> list[dict]` and runs a few fixed,
parameterised statements over a fixed window of days (today, UTC, included). The per-feed history
is asked for the page's feeds at once (at most MAX_FEEDS), never one feed at a time:

- news.feed_days gives each day's fetches, 200s, 304s, failures and new entries (it outlives the
  pruned fetch log, NEWSFLOW_FETCH_RETENTION_DAYS);
- news.feed_fetches itemises the failures by outcome (FetchOutcome: timeout, http_error, …), asked
  only for the feeds that failed in the window (through its primary key, feed_name first, so
  what it reads is bounded by those feeds' retained fetches); failures whose fetch rows were
  pruned (or a re-run's, which feed_days counts again) stay counted, as not itemised.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from newsflow.statuses import FetchOutcome
from newsflow.warehouse.articles import ANALYSABLE

Fetch = Callable[[str, Any], list[dict[str, Any]]]

HISTORY_DAYS = 14  # the window, in UTC days, today included
MAX_DAYS = 62
MAX_FEEDS = 100  # feeds per call: one page of the overview, never the registry
RUNS = 10  # latest pipeline runs listed

#: news.pipeline_runs.dag_id of runs made without Airflow (`newsflow run`, the benchmarks): they
#: have no page in the Airflow UI.
LOCAL_ORIGINS = ("cli", "bench")
#: A run record's params.triggered_by naming `airflow dags test` (`newsflow demo`, the DAG tests):
#: an Airflow run in a throwaway metadata database, absent from the Airflow UI's run list.
DAGS_TEST = "test"


@dataclass(frozen=True)
class FeedDay:
    """One feed's fetches on one UTC day."""

    day: date
    fetches: int = 0
    ok: int = 0
    not_modified: int = 0
    failed: int = 0
    entries_new: int = 0
    gaps: int = 0
    #: (outcome, count) of the failed fetches still in the fetch log, most first
    failures: tuple[tuple[str, int], ...] = ()

    @property
    def unitemised(self) -> int:
        """Failures counted in news.feed_days whose fetch rows are no longer in the log."""
        return max(0, self.failed - sum(n for _, n in self.failures))


def _days(days: int) -> int:
    return min(max(int(days), 1), MAX_DAYS)


#: The first day of the window as a timestamptz (midnight UTC, `days` - 1 days before today).
_WINDOW_START = ("(date_trunc('day', now() AT TIME ZONE 'UTC') - (%(days)s - 1) * interval '1 day')"
                 " AT TIME ZONE 'UTC'")
_WINDOW_DAYS = ("generate_series((now() AT TIME ZONE 'UTC')::date - (%(days)s - 1),"
                " (now() AT TIME ZONE 'UTC')::date, interval '1 day')")

_FEED_DAYS_SQL = f"""
SELECT n.feed_name, w.day::date AS day, coalesce(d.fetches, 0) AS fetches, coalesce(d.ok, 0) AS ok,
       coalesce(d.not_modified, 0) AS not_modified, coalesce(d.failed, 0) AS failed,
       coalesce(d.entries_new, 0) AS entries_new, coalesce(d.gaps, 0) AS gaps
  FROM unnest(%(feeds)s::text[]) AS n(feed_name)
 CROSS JOIN {_WINDOW_DAYS} AS w(day)
  LEFT JOIN news.feed_days d ON d.feed_name = n.feed_name AND d.day = w.day::date
 ORDER BY n.feed_name, w.day"""

_FAILURES_SQL = f"""
SELECT feed_name, (fetched_at AT TIME ZONE 'UTC')::date AS day, outcome, count(*) AS n
  FROM news.feed_fetches
 WHERE feed_name = ANY(%(feeds)s::text[])
   AND fetched_at >= {_WINDOW_START}
   AND outcome <> ALL(%(healthy)s::text[])
 GROUP BY 1, 2, 3
 ORDER BY 1, 2, n DESC, outcome"""


def feed_history(fetch: Fetch, feed_names: Sequence[str], days: int = HISTORY_DAYS) -> dict[str, list[FeedDay]]:
    """Each named feed's last `days` UTC days (today last), one FeedDay per day, empty days
    included: two statements for all the feeds, the second only when some failed."""
    names = list(dict.fromkeys(feed_names))
    if len(names) > MAX_FEEDS:
        raise ValueError(f"feed_history: at most {MAX_FEEDS} feeds at once, got {len(names)}")
    if not names:
        return {}
    params = {"feeds": names, "days": _days(days), "healthy": [str(o) for o in FetchOutcome.healthy()]}
    rows = fetch(_FEED_DAYS_SQL, params)
    failing = sorted({r["feed_name"] for r in rows if r["failed"]})
    itemised: dict[tuple[str, date], list[tuple[str, int]]] = {}
    if failing:
        for r in fetch(_FAILURES_SQL, {**params, "feeds": failing}):
            itemised.setdefault((r["feed_name"], r["day"]), []).append((r["outcome"], int(r["n"])))
    out: dict[str, list[FeedDay]] = {name: [] for name in names}
    for r in rows:
        out[r["feed_name"]].append(FeedDay(
            day=r["day"], fetches=int(r["fetches"]), ok=int(r["ok"]), not_modified=int(r["not_modified"]),
            failed=int(r["failed"]), entries_new=int(r["entries_new"]), gaps=int(r["gaps"]),
            failures=tuple(itemised.get((r["feed_name"], r["day"]), ()))))
    return out


_VOLUME_SQL = f"""
WITH counted AS (
    SELECT (a.first_seen_at AT TIME ZONE 'UTC')::date AS day, count(*) AS articles,
           count(*) FILTER (WHERE {ANALYSABLE}) AS analysable
      FROM news.articles a
     WHERE a.first_seen_at >= {_WINDOW_START}
     GROUP BY 1)
SELECT w.day::date AS day, coalesce(c.articles, 0) AS articles, coalesce(c.analysable, 0) AS analysable
  FROM {_WINDOW_DAYS} AS w(day)
  LEFT JOIN counted c ON c.day = w.day::date
 ORDER BY w.day"""


def article_volume(fetch: Fetch, days: int = HISTORY_DAYS) -> list[dict[str, Any]]:
    """Articles that reached the warehouse (news.articles.first_seen_at) on each of the last `days`
    UTC days, today last, zeros included: {day, articles, analysable}."""
    return [{"day": r["day"], "articles": int(r["articles"]), "analysable": int(r["analysable"])}
            for r in fetch(_VOLUME_SQL, {"days": _days(days)})]


_RUNS_SQL = """
SELECT run_id, stage, dag_id, started_at, finished_at, status,
       CASE WHEN coalesce(dag_id, '') = '' THEN 'unknown'
            WHEN dag_id = ANY(%(local)s::text[]) THEN dag_id
            WHEN lower(coalesce(params->>'triggered_by', '')) IN (%(test)s, 'dagruntriggeredbytype.' || %(test)s)
                 THEN 'dags_test'
            ELSE 'airflow' END AS origin
  FROM news.pipeline_runs
 ORDER BY started_at DESC, run_id, stage
 LIMIT %(limit)s"""


def latest_runs(fetch: Fetch, limit: int = RUNS) -> list[dict[str, Any]]:
    """The latest run records, newest first, each with its `origin`: 'airflow' (a DAG run, with a
    page in the Airflow UI), 'cli' (`newsflow run`), 'bench', 'dags_test' (recorded as made by
    `airflow dags test`, i.e. `newsflow demo` or a DAG test) or 'unknown' (no dag_id)."""
    return fetch(_RUNS_SQL, {"local": list(LOCAL_ORIGINS), "test": DAGS_TEST, "limit": max(1, min(int(limit), 100))})
