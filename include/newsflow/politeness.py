"""Per-site politeness state shared by fetchers: request slots and the robots.txt cache.

A site is an origin (scheme://host[:port]), the unit robots.txt applies to (RFC 9309).
`InProcessPoliteness` keeps the state in memory (one process: the CLI, unit tests);
`WarehousePoliteness` keeps it in news.host_politeness so parallel Airflow tasks and
workers on other machines share one clock and one robots.txt per site.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import psycopg2
import psycopg2.extensions

from newsflow.warehouse import db

log = logging.getLogger(__name__)

ROBOTS_TTL_MAX = 24 * 3600.0  # RFC 9309 §2.4: a cached robots.txt should not be used beyond 24 h
UNREACHABLE_TTL = 600.0  # an unreachable robots.txt is asked again after 10 minutes
ROBOTS_MAX_CHARS = 500 * 1024  # RFC 9309 §2.5: parse at least the first 500 KiB


@dataclass(frozen=True)
class RobotsRecord:
    """What a site's /robots.txt said; crawl_delay is already resolved for our user agent."""

    status: int | None  # HTTP status; None when it could not be fetched at all
    body: str = ""
    crawl_delay: float | None = None

    @property
    def reachable(self) -> bool:
        """2xx (rules apply) or 4xx (no rules); anything else means "not now" (RFC 9309 §2.3.1)."""
        return self.status is not None and 200 <= self.status < 500

    def ttl(self, ttl: float) -> float:
        ttl = min(ttl, ROBOTS_TTL_MAX)
        return ttl if self.reachable else min(ttl, UNREACHABLE_TTL)


class Politeness(Protocol):
    """What Fetcher needs to be polite; implementations must be thread-safe."""

    def reserve(self, site: str, delay: float, max_crawl_delay: float) -> float:
        """Take the site's next request slot; seconds to wait before using it.

        The slot spacing is max(delay, min(crawl delay known for the site, max_crawl_delay)).
        """
        ...

    def robots(self, site: str, fetch: Callable[[], RobotsRecord], ttl: float) -> RobotsRecord:
        """The site's cached robots.txt, or fetch() it (once, even when asked concurrently)."""
        ...


def spacing(delay: float, crawl_delay: float | None, max_crawl_delay: float) -> float:
    """Seconds between two requests to one site: a Crawl-delay above the cap is used at the cap."""
    return max(delay, min(crawl_delay or 0.0, max_crawl_delay))


class _Memo:
    """Robots records kept until they expire (monotonic clock)."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[RobotsRecord, float]] = {}
        self._lock = threading.Lock()

    def get(self, site: str) -> RobotsRecord | None:
        with self._lock:
            hit = self._entries.get(site)
        if hit is None or hit[1] <= time.monotonic():
            return None
        return hit[0]

    def put(self, site: str, record: RobotsRecord, seconds: float) -> None:
        with self._lock:
            self._entries[site] = (record, time.monotonic() + seconds)

    def crawl_delay(self, site: str) -> float | None:
        record = self.get(site)
        return record.crawl_delay if record else None


class _SiteLocks:
    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def __call__(self, site: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(site, threading.Lock())


class InProcessPoliteness:
    """Slots and robots.txt in this process's memory (the default of a Fetcher)."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self._memo = _Memo()
        self._site_lock = _SiteLocks()

    def reserve(self, site: str, delay: float, max_crawl_delay: float) -> float:
        step = spacing(delay, self._memo.crawl_delay(site), max_crawl_delay)
        if step <= 0:
            return 0.0
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(site, 0.0))
            self._next[site] = slot + step
        return slot - now

    def robots(self, site: str, fetch: Callable[[], RobotsRecord], ttl: float) -> RobotsRecord:
        record = self._memo.get(site)
        if record is not None:
            return record
        with self._site_lock(site):
            record = self._memo.get(site)
            if record is None:
                record = fetch()
                self._memo.put(site, record, record.ttl(ttl))
        return record


_RESERVE = """
INSERT INTO news.host_politeness AS hp (site, next_slot_at)
VALUES (%(site)s, now() + make_interval(secs => %(delay)s))
ON CONFLICT (site) DO UPDATE
   SET next_slot_at = greatest(now(), hp.next_slot_at)
       + make_interval(secs => greatest(%(delay)s, least(coalesce(hp.crawl_delay, 0), %(cap)s)))
RETURNING greatest(0, extract(epoch FROM hp.next_slot_at - now())
                      - greatest(%(delay)s, least(coalesce(hp.crawl_delay, 0), %(cap)s)))::float8
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
        self._memo = _Memo()
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
