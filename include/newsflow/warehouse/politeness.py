"""The politeness store in PostgreSQL: per-site request clock and robots.txt cache shared by
every worker (news.host_politeness)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg2
import psycopg2.extensions

from newsflow.http.politeness import ROBOTS_MAX_CHARS, RobotsMemo, RobotsRecord
from newsflow.warehouse import db

_RESERVE = """
INSERT INTO news.host_politeness AS hp (site, next_slot_at)
VALUES (%(site)s, now() + make_interval(secs => %(delay)s))
ON CONFLICT (site) DO UPDATE
   SET next_slot_at = greatest(now(), hp.next_slot_at)
       + make_interval(secs => greatest(%(delay)s, least(coalesce(hp.crawl_delay, 0), %(cap)s)))
RETURNING greatest(0, extract(epoch FROM hp.next_slot_at - now())
                      - greatest(%(delay)s, least(coalesce(hp.crawl_delay, 0), %(cap)s)))::float8
"""

_DONE = """
UPDATE news.host_politeness AS hp
   SET next_slot_at = greatest(hp.next_slot_at,
                               now() + make_interval(secs => greatest(%(delay)s,
                                                                      least(coalesce(hp.crawl_delay, 0), %(cap)s))))
 WHERE site = %(site)s AND %(delay)s > 0
"""

_READ_ROBOTS = """
SELECT robots_status, coalesce(robots_body, ''), crawl_delay,
       extract(epoch FROM robots_expires_at - now())::float8
  FROM news.host_politeness
 WHERE site = %s AND robots_expires_at > now()
"""

_STORE_ROBOTS = """
INSERT INTO news.host_politeness AS hp
       (site, crawl_delay, robots_status, robots_body, robots_fetched_at, robots_expires_at)
VALUES (%(site)s, %(crawl_delay)s, %(status)s, %(body)s, now(), now() + make_interval(secs => %(ttl)s))
ON CONFLICT (site) DO UPDATE
   SET crawl_delay = EXCLUDED.crawl_delay, robots_status = EXCLUDED.robots_status,
       robots_body = EXCLUDED.robots_body, robots_fetched_at = EXCLUDED.robots_fetched_at,
       robots_expires_at = EXCLUDED.robots_expires_at
"""


class WarehousePoliteness:
    """Slots and robots.txt in news.host_politeness, shared by every process using the warehouse.

    A slot is reserved by one atomic upsert on the site's row (the database clock decides, so
    workers with skewed clocks still keep the spacing). A robots.txt miss is fetched under a
    transaction-scoped advisory lock on the site, so concurrent fetchers wait for the first one's
    answer instead of fetching it again. Records are also kept in memory until they expire.
    Each thread uses its own connection; close() closes this thread's connection.
    """

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._local = threading.local()
        self._memo = RobotsMemo()
        self._conns: list[psycopg2.extensions.connection] = []
        self._conns_lock = threading.Lock()

    def _conn(self) -> psycopg2.extensions.connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = db.connect(self.dsn)
            conn.autocommit = True
            self._local.conn = conn
            with self._conns_lock:
                self._conns.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection this object opened (call once all fetches are done)."""
        with self._conns_lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            if not conn.closed:
                conn.close()

    def __enter__(self) -> WarehousePoliteness:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, sql: str, params: dict[str, object] | tuple[object, ...]) -> tuple | None:
        """One statement with one reconnect when the connection was lost between calls."""
        for attempt in (1, 2):
            conn = self._conn()
            try:
                with conn.cursor() as cur:
                    cur.execute(sql, params)
                    return cur.fetchone() if cur.description else None
            except psycopg2.OperationalError:
                conn.close()
                if attempt == 2:
                    raise
        return None  # unreachable

    def reserve(self, site: str, delay: float, max_crawl_delay: float) -> float:
        row = self._run(_RESERVE, {"site": site, "delay": float(delay), "cap": float(max_crawl_delay)})
        return float(row[0]) if row else 0.0

    def done(self, site: str, delay: float, max_crawl_delay: float) -> None:
        self._run(_DONE, {"site": site, "delay": float(delay), "cap": float(max_crawl_delay)})

    def robots(self, site: str, fetch: Callable[[], RobotsRecord], ttl: float) -> RobotsRecord:
        record = self._memo.get(site)
        if record is not None:
            return record
        # A connection of its own: the lock is held while fetch() runs, and fetch() reserves a
        # slot on this thread's autocommit connection meanwhile.
        with db.connection(self.dsn) as conn, conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(hashtextextended('news.robots:' || %s, 0))", (site,))
            cur.execute(_READ_ROBOTS, (site,))
            row = cur.fetchone()
            if row is not None:
                record = RobotsRecord(row[0], row[1], row[2])
                self._memo.put(site, record, max(0.0, row[3]))
                return record
            record = fetch()
            seconds = record.ttl(ttl)
            cur.execute(_STORE_ROBOTS, {
                "site": site, "crawl_delay": record.crawl_delay, "status": record.status,
                "body": record.body[:ROBOTS_MAX_CHARS] or None, "ttl": seconds,
            })
        self._memo.put(site, record, seconds)
        return record
