"""The poller's tables: the feed registry's imports, the choice of feeds by name, tag or pattern,
and each round's plan (news.poll_plan: which feeds, in which shard)."""

from __future__ import annotations

from typing import Any

import psycopg2.extras

from newsflow.warehouse import db

_DUE = """
SELECT feed_name, coalesce(site, url) FROM news.feeds
 WHERE enabled AND (%(all)s OR feed_name = ANY(%(names)s)
                    OR (NOT %(named)s AND (next_poll_at IS NULL OR next_poll_at <= %(now)s)))
 ORDER BY priority DESC, next_poll_at NULLS FIRST, feed_name
"""

_MATCHING = """
SELECT feed_name, enabled, configured_url, url,
       (feed_name = ANY(%(exact)s) OR configured_url = ANY(%(exact)s) OR url = ANY(%(exact)s))
  FROM news.feeds
 WHERE feed_name = ANY(%(exact)s) OR configured_url = ANY(%(exact)s) OR url = ANY(%(exact)s)
    OR tags && %(tags)s::text[] OR feed_name LIKE ANY(%(patterns)s)
 ORDER BY feed_name
"""


def last_import(dsn: str, source: str) -> tuple[str, int] | None:
    """(sha256, feeds) of the source's last import."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT sha256, feeds FROM news.feed_registry_imports WHERE source = %s", (source,))
        return cur.fetchone()


def record_import(dsn: str, source: str, sha256: str, feeds: int) -> None:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO news.feed_registry_imports (source, sha256, imported_at, feeds) "
            "VALUES (%s, %s, now(), %s) ON CONFLICT (source) DO UPDATE SET sha256 = EXCLUDED.sha256, "
            "imported_at = EXCLUDED.imported_at, feeds = EXCLUDED.feeds", (source, sha256, feeds))


def matching_feeds(dsn: str, exact: list[str], tags: list[str], like: list[str]) -> list[tuple[Any, ...]]:
    """(name, enabled, configured_url, url, named exactly) of the feeds matching any of the
    names/URLs, tags or LIKE patterns."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(_MATCHING, {"exact": exact, "tags": tags, "patterns": like})
        return cur.fetchall()


def enabled_names(dsn: str, limit: int) -> tuple[list[str], int]:
    """The first enabled feed names and how many there are."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT feed_name, count(*) OVER () FROM news.feeds WHERE enabled "
                    "ORDER BY feed_name LIMIT %s", (limit,))
        rows = cur.fetchall()
    return [r[0] for r in rows], (rows[0][1] if rows else 0)


def round_candidates(dsn: str, *, now: Any, names: list[str] | None, poll_all: bool) -> list[tuple[str, str]]:
    """(feed, site) a round polls: exactly `names`, every enabled feed, or the due ones."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(_DUE, {"all": poll_all and names is None, "names": names or [], "named": names is not None,
                           "now": now})
        return cur.fetchall()


def write_plan(dsn: str, run_id: str, assigned: dict[str, int]) -> None:
    """The round's plan, replacing any earlier one of the same run (a retried prepare)."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("DELETE FROM news.poll_plan WHERE run_id = %s", (run_id,))
        psycopg2.extras.execute_values(
            cur, "INSERT INTO news.poll_plan (run_id, feed_name, shard) VALUES %s",
            [(run_id, name, shard) for name, shard in assigned.items()], page_size=1000)


def planned_feeds(dsn: str, run_id: str, shard: int | None = None) -> list[tuple[str, str]]:
    """(feed, site) of the round, or of one shard, in polling order."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT p.feed_name, coalesce(f.site, f.url) FROM news.poll_plan p "
            "JOIN news.feeds f USING (feed_name) WHERE p.run_id = %s AND (%s::int IS NULL OR p.shard = %s) "
            "ORDER BY f.priority DESC, p.feed_name", (run_id, shard, shard))
        return cur.fetchall()


def unplan(dsn: str, run_id: str, names: list[str]) -> None:
    """Feeds the round did not get to: out of its plan (finalize does not count them as failed)."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("DELETE FROM news.poll_plan WHERE run_id = %s AND feed_name = ANY(%s)", (run_id, names))
