"""news.feeds, news.feed_entries and news.feed_fetches: the feed registry, what each fetch saw,
and the per-feed view of an ingest run."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from newsflow.warehouse import db
from newsflow.warehouse.load import bulk_upsert
from newsflow.warehouse.text import storable

ENTRY_COLUMNS = ["feed_name", "entry_key", "url", "canonical_url", "article_id",
                 "title", "published_at", "authors", "summary"]


@dataclass(frozen=True)
class FetchRecord:
    """One fetch attempt of a feed, ready to store (URLs already redacted)."""

    url: str | None
    final_url: str | None
    http_status: int | None
    outcome: str
    not_modified: bool
    entries_seen: int
    bozo: bool
    bozo_error: str | None
    error: str | None
    attempts: int
    elapsed_ms: int | None
    entries_total: int | None
    fetched_at: datetime | None = None  # the poller's clock (None: the database's now())
    entries_known: int | None = None
    gap: bool = False
    poll_interval: timedelta | None = None
    next_poll_at: datetime | None = None


@dataclass(frozen=True)
class FeedRow:
    """One configured feed as news.feeds stores it (credentials already stripped)."""

    name: str
    url: str
    site: str
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    enabled: bool = True
    interval_minutes: int | None = None
    priority: int = 0
    sitemaps: list[str] = field(default_factory=list)
    discovered_from: str | None = None


@dataclass(frozen=True)
class FeedUpdate:
    """What a fetch changes on the feed's row."""

    success: bool
    gone: bool
    permanent_url: str | None  # a permanent redirect's target, credentials stripped
    title: str | None
    etag: str | None  # kept only when `fresh` (a 200 with content)
    last_modified: str | None
    fresh: bool
    status: str  # news.feeds.last_status
    error: str | None


_UPSERT_FEED = """
INSERT INTO news.feeds AS f (feed_name, configured_url, url, site, title, tags, enabled,
                             interval_minutes, priority, sitemaps, discovered_from)
VALUES (%(name)s, %(url)s, %(url)s, %(site)s, %(title)s, %(tags)s, %(enabled)s,
        %(interval_minutes)s, %(priority)s, %(sitemaps)s, %(discovered_from)s)
ON CONFLICT (feed_name) DO UPDATE SET
    configured_url = EXCLUDED.configured_url,
    url = CASE WHEN f.configured_url = EXCLUDED.configured_url THEN f.url ELSE EXCLUDED.url END,
    site = CASE WHEN f.configured_url = EXCLUDED.configured_url THEN coalesce(f.site, EXCLUDED.site)
                ELSE EXCLUDED.site END,
    last_status = CASE WHEN f.configured_url = EXCLUDED.configured_url THEN f.last_status END,
    title = COALESCE(EXCLUDED.title, f.title),
    tags = EXCLUDED.tags,
    interval_minutes = EXCLUDED.interval_minutes,
    priority = EXCLUDED.priority,
    sitemaps = EXCLUDED.sitemaps,
    discovered_from = EXCLUDED.discovered_from,
    enabled = EXCLUDED.enabled AND (
        %(include_gone)s OR f.configured_url <> EXCLUDED.configured_url
        OR f.last_status IS DISTINCT FROM 'gone'),
    updated_at = now()
WHERE (f.configured_url, f.title, f.tags, f.enabled, f.interval_minutes, f.priority, f.sitemaps,
       f.discovered_from)
      IS DISTINCT FROM (EXCLUDED.configured_url, COALESCE(EXCLUDED.title, f.title),
                        EXCLUDED.tags, EXCLUDED.enabled AND (
                            %(include_gone)s OR f.last_status IS DISTINCT FROM 'gone'),
                        EXCLUDED.interval_minutes, EXCLUDED.priority, EXCLUDED.sitemaps,
                        EXCLUDED.discovered_from)
"""


def upsert_feeds(dsn: str, rows: list[FeedRow], *, include_gone: bool = False) -> set[str]:
    """Upsert the configured feeds into news.feeds, disable the feeds not among them, and return
    the names that are enabled. A feed that answered 410 Gone stays disabled until its
    configured URL changes or `include_gone`; a permanent redirect's URL is kept until the
    configured URL changes."""
    from psycopg2.extras import execute_batch

    with db.connection(dsn) as conn, conn.cursor() as cur:
        execute_batch(cur, _UPSERT_FEED, [
            {**row.__dict__, "include_gone": include_gone} for row in rows], page_size=500)
        names = [r.name for r in rows]
        cur.execute(
            "UPDATE news.feeds SET enabled = false, updated_at = now() "
            "WHERE enabled AND NOT feed_name = ANY(%s)", (names,))
        cur.execute("SELECT feed_name FROM news.feeds WHERE enabled AND feed_name = ANY(%s)", (names,))
        active = {r[0] for r in cur.fetchall()}
    return active


_STATE_COLUMNS = ("url", "etag", "last_modified", "enabled", "last_status", "poll_interval",
                  "interval_minutes", "last_success_at", "consecutive_failures", "sitemaps",
                  "EXISTS (SELECT 1 FROM news.feed_entries e WHERE e.feed_name = f.feed_name)")
_STATE_KEYS = (*_STATE_COLUMNS[:-1], "has_entries")


def feed_state(dsn: str, feed_name: str) -> dict[str, Any]:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(f"SELECT {', '.join(_STATE_COLUMNS)} FROM news.feeds f WHERE feed_name = %s", (feed_name,))
        row = cur.fetchone()
    if row is None:
        raise KeyError(f"feed {feed_name!r} is not in news.feeds; run sync_feeds first")
    return dict(zip(_STATE_KEYS, row, strict=True))


def known_entries(dsn: str, feed_name: str, entries: list[tuple[str, Any]]) -> int:
    """How many of the listed (entry_key, article_id) pairs this feed already had: by key, or by
    article (a backfilled entry is keyed by its link, the feed may key it by guid)."""
    if not entries:
        return 0
    keys = [k for k, _ in entries]
    ids = [str(a) for _, a in entries if a is not None]
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT entry_key, article_id::text FROM news.feed_entries WHERE feed_name = %s "
            "AND (entry_key = ANY(%s) OR article_id = ANY(%s::uuid[]))", (feed_name, keys, ids))
        rows = cur.fetchall()
    seen_keys, seen_ids = {r[0] for r in rows}, {r[1] for r in rows if r[1]}
    return sum(1 for k, a in entries if k in seen_keys or (a is not None and str(a) in seen_ids))




def record_fetch(dsn: str, feed_name: str, run_id: str, fetch: FetchRecord, update: FeedUpdate,
                 entry_rows: list[tuple]) -> int:
    """Entries (ENTRY_COLUMNS rows), the fetch record and the feed's state in one transaction;
    returns how many of the entries' articles are new to the warehouse."""
    new = 0
    with db.connection(dsn) as conn, conn.cursor() as cur:
        if entry_rows:
            keys = list({row[3] for row in entry_rows if row[3]})
            cur.execute("SELECT canonical_url FROM news.articles WHERE canonical_url = ANY(%s)", (keys,))
            known = {r[0] for r in cur.fetchall()}
            new = len(set(keys) - known)
            bulk_upsert(cur, "feed_entries", ENTRY_COLUMNS, entry_rows, conflict=["feed_name", "entry_key"])
        cur.execute(
            """
            INSERT INTO news.feed_fetches (feed_name, run_id, fetched_at, url, final_url,
                http_status, outcome, not_modified, entries_seen, entries_new, bozo,
                bozo_error, error, attempts, elapsed_ms, entries_total, entries_known, gap,
                poll_interval, next_poll_at)
            VALUES (%s, %s, coalesce(%s, now()), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                    %s, %s, %s, %s)
            ON CONFLICT (feed_name, run_id) DO UPDATE SET
                fetched_at = EXCLUDED.fetched_at, url = EXCLUDED.url,
                final_url = EXCLUDED.final_url, http_status = EXCLUDED.http_status,
                outcome = EXCLUDED.outcome, not_modified = EXCLUDED.not_modified,
                entries_seen = EXCLUDED.entries_seen, entries_new = EXCLUDED.entries_new,
                bozo = EXCLUDED.bozo, bozo_error = EXCLUDED.bozo_error, error = EXCLUDED.error,
                attempts = EXCLUDED.attempts, elapsed_ms = EXCLUDED.elapsed_ms,
                entries_total = EXCLUDED.entries_total, entries_known = EXCLUDED.entries_known,
                gap = EXCLUDED.gap, poll_interval = EXCLUDED.poll_interval,
                next_poll_at = EXCLUDED.next_poll_at
            """,
            storable((feed_name, run_id, fetch.fetched_at, fetch.url, fetch.final_url, fetch.http_status,
                      fetch.outcome, fetch.not_modified, fetch.entries_seen, new, fetch.bozo,
                      fetch.bozo_error, fetch.error, fetch.attempts, fetch.elapsed_ms, fetch.entries_total,
                      fetch.entries_known, fetch.gap, fetch.poll_interval, fetch.next_poll_at)),
        )
        _count_day(cur, feed_name, fetch, new)
        cur.execute(
            """
            UPDATE news.feeds SET
                url = COALESCE(%s, url),
                title = COALESCE(title, %s),
                etag = CASE WHEN %s THEN %s ELSE etag END,
                last_modified = CASE WHEN %s THEN %s ELSE last_modified END,
                last_status = %s, last_error = %s, last_fetched_at = coalesce(%s, now()),
                consecutive_failures = CASE WHEN %s THEN 0 ELSE consecutive_failures + 1 END,
                last_success_at = CASE WHEN %s THEN coalesce(%s, now()) ELSE last_success_at END,
                poll_interval = coalesce(%s, poll_interval),
                next_poll_at = %s,
                gaps = gaps + %s::int,
                enabled = enabled AND NOT %s,
                updated_at = now()
             WHERE feed_name = %s
            """,
            storable((
                update.permanent_url if update.success else None, update.title,
                update.fresh, update.etag, update.fresh, update.last_modified,
                update.status, update.error, fetch.fetched_at, update.success, update.success,
                fetch.fetched_at, fetch.poll_interval, fetch.next_poll_at, fetch.gap, update.gone, feed_name,
            )),
        )
    return new


_COUNT_DAY = """
INSERT INTO news.feed_days AS d (feed_name, day, fetches, ok, not_modified, failed, entries_new, gaps)
VALUES (%(feed)s, (coalesce(%(at)s, now()) AT TIME ZONE 'UTC')::date, 1, %(ok)s, %(nm)s, %(failed)s,
        %(new)s, %(gap)s)
ON CONFLICT (feed_name, day) DO UPDATE SET
    fetches = d.fetches + 1, ok = d.ok + EXCLUDED.ok, not_modified = d.not_modified + EXCLUDED.not_modified,
    failed = d.failed + EXCLUDED.failed, entries_new = d.entries_new + EXCLUDED.entries_new,
    gaps = d.gaps + EXCLUDED.gaps
"""


def _count_day(cur: Any, feed_name: str, fetch: FetchRecord, new: int) -> None:
    """The fetch counted in news.feed_days, which outlives the pruned fetch rows. (A re-run of
    the same run's fetch counts again: the day's figures count fetches made.)"""
    ok, nm = fetch.outcome == "ok", fetch.outcome == "not_modified"
    cur.execute(_COUNT_DAY, {"feed": feed_name, "at": fetch.fetched_at, "ok": int(ok), "nm": int(nm),
                             "failed": int(not (ok or nm)), "new": new, "gap": int(fetch.gap)})


@dataclass(frozen=True)
class GapRecord:
    """A detected gap and what its backfill found."""

    detected_at: datetime
    window_start: datetime
    window_end: datetime
    status: str  # backfilled, unfillable, open
    method: str | None
    sources: list[str]
    found: int
    estimated_missed: int
    reason: str


def record_gap(dsn: str, feed_name: str, run_id: str, gap: GapRecord, entry_rows: list[tuple],
               source: str) -> int:
    """The gap, its backfilled entries (ENTRY_COLUMNS rows, queued for download like listed ones)
    and the feed's counters in one transaction; returns the entries new to the feed."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        added = 0
        if entry_rows:
            ids = [str(r[4]) for r in entry_rows if r[4] is not None]
            cur.execute("SELECT article_id::text FROM news.feed_entries WHERE feed_name = %s "
                        "AND article_id = ANY(%s::uuid[])", (feed_name, ids))
            present = {r[0] for r in cur.fetchall()}
            fresh = [r for r in entry_rows if r[4] is None or str(r[4]) not in present]
            added = bulk_upsert(cur, "feed_entries", [*ENTRY_COLUMNS, "source"],
                                [(*r, source) for r in fresh], conflict=["feed_name", "entry_key"])
        cur.execute(
            """
            INSERT INTO news.feed_gaps (feed_name, run_id, detected_at, window_start, window_end, status,
                method, sources, found, backfilled, estimated_missed, reason)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
            """,
            storable((feed_name, run_id, gap.detected_at, gap.window_start, gap.window_end, gap.status,
                      gap.method, gap.sources, gap.found, added, gap.estimated_missed, gap.reason)),
        )
        cur.execute("UPDATE news.feeds SET gaps_backfilled = gaps_backfilled + %s::int, "
                    "estimated_missed = estimated_missed + %s WHERE feed_name = %s",
                    (gap.status == "backfilled", gap.estimated_missed, feed_name))
    return added


def record_articles_stage(dsn: str, feed_name: str, run_id: str, result: dict[str, Any]) -> None:
    """The article stage's counts on the feed's fetch record: the feed's stages are complete."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("UPDATE news.feed_fetches SET articles = %s WHERE feed_name = %s AND run_id = %s",
                    (json.dumps(result), feed_name, run_id))


def ingest_summary(dsn: str, feed_names: Iterable[str] | None = None) -> dict[str, Any]:
    """Articles per feed and status, as the demo and `report` print them."""
    names = list(feed_names) if feed_names is not None else None
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            """
            SELECT f.feed_name, CASE WHEN f.enabled THEN f.last_status ELSE 'disabled' END, a.status,
                   count(a.article_id)
              FROM news.feeds f
              LEFT JOIN news.articles a ON a.feed_name = f.feed_name
             WHERE %(all)s OR f.feed_name = ANY(%(names)s)
             GROUP BY 1, 2, 3 ORDER BY 1, 3
            """,
            {"all": names is None, "names": names or []},
        )
        per_feed: dict[str, dict[str, Any]] = {}
        for feed, last_status, st, n in cur.fetchall():
            entry = per_feed.setdefault(feed, {"feed_status": last_status, "statuses": {}})
            if st:
                entry["statuses"][st] = n
        cur.execute("SELECT count(*) FILTER (WHERE duplicate_of IS NOT NULL), count(*) FROM news.articles")
        dups, total = db.fetch_one(cur)
    return {"feeds": per_feed, "articles": total, "duplicates": dups}



SETTLE_OWNERS_SQL = """
WITH run AS (
    SELECT started_at FROM news.pipeline_runs WHERE run_id = %(run)s AND stage = 'ingest'
), owner AS (
    SELECT DISTINCT ON (e.article_id) e.article_id, e.feed_name, e.entry_key, e.summary
      FROM news.article_claims c
      JOIN news.feed_entries e ON e.article_id = c.article_id
     WHERE c.run_id = %(run)s AND e.first_seen_at >= (SELECT started_at FROM run)
     ORDER BY e.article_id, e.feed_name, e.entry_key
)
UPDATE news.articles a
   SET feed_name = o.feed_name, entry_key = o.entry_key, feed_summary = o.summary, updated_at = now()
  FROM owner o
 WHERE a.article_id = o.article_id AND a.first_seen_at >= (SELECT started_at FROM run)
   AND (a.feed_name, a.entry_key, a.feed_summary) IS DISTINCT FROM (o.feed_name, o.entry_key, o.summary)
"""


def settle_owners(dsn: str, run_id: str) -> int:
    """An article first seen in this run in several feeds belongs to the first of them by name,
    not to whichever parallel task reached it first, so every executor leaves the same rows."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(SETTLE_OWNERS_SQL, {"run": run_id})
        return cur.rowcount


def feed_stages(dsn: str, run_id: str, feed_names: list[str]) -> dict[str, tuple[str, Any]]:
    """feed -> (fetch outcome, article-stage stats or None) for the feeds whose fetch was stored."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT feed_name, outcome, articles FROM news.feed_fetches "
                    "WHERE run_id = %s AND feed_name = ANY(%s)", (run_id, list(feed_names)))
        return {name: (outcome, articles) for name, outcome, articles in cur.fetchall()}

