"""Per-site politeness state shared by fetchers: request slots and the robots.txt cache.

A site is an origin (scheme://host[:port]), the unit robots.txt applies to (RFC 9309).
`Politeness` is the store a Fetcher is given: `InProcessPoliteness` keeps the state in memory
(one process: unit tests); `newsflow.warehouse.politeness.WarehousePoliteness` keeps it in
PostgreSQL so parallel Airflow tasks and workers on other machines share one clock and one
robots.txt per site. This package knows nothing of the warehouse.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

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

    def done(self, site: str, delay: float, max_crawl_delay: float) -> None:
        """A request to the site has ended: no later slot may start sooner than the spacing after
        now. Slots are a grid; a request that left late (a busy interpreter, a slow check) would
        otherwise shorten the gap to the next slot by its lateness."""
        ...

    def robots(self, site: str, fetch: Callable[[], RobotsRecord], ttl: float) -> RobotsRecord:
        """The site's cached robots.txt, or fetch() it (once, even when asked concurrently)."""
        ...


def spacing(delay: float, crawl_delay: float | None, max_crawl_delay: float) -> float:
    """Seconds between two requests to one site: a Crawl-delay above the cap is used at the cap."""
    return max(delay, min(crawl_delay or 0.0, max_crawl_delay))


class RobotsMemo:
    """Robots records kept until they expire (monotonic clock, or a simulation's)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._entries: dict[str, tuple[RobotsRecord, float]] = {}
        self._lock = threading.Lock()

    def get(self, site: str) -> RobotsRecord | None:
        with self._lock:
            hit = self._entries.get(site)
        if hit is None or hit[1] <= self._clock():
            return None
        return hit[0]

    def put(self, site: str, record: RobotsRecord, seconds: float) -> None:
        with self._lock:
            self._entries[site] = (record, self._clock() + seconds)

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
    """Slots and robots.txt in this process's memory (the default of a Fetcher); `clock` is a
    monotonic clock in seconds, a simulation's own in `bench coverage`."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self._memo = RobotsMemo(clock)
        self._site_lock = _SiteLocks()

    def reserve(self, site: str, delay: float, max_crawl_delay: float) -> float:
        step = spacing(delay, self._memo.crawl_delay(site), max_crawl_delay)
        if step <= 0:
            return 0.0
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(site, 0.0))
            self._next[site] = slot + step
        return slot - now

    def done(self, site: str, delay: float, max_crawl_delay: float) -> None:
        step = spacing(delay, self._memo.crawl_delay(site), max_crawl_delay)
        if step <= 0:
            return
        with self._lock:
            self._next[site] = max(self._next.get(site, 0.0), self._clock() + step)

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
