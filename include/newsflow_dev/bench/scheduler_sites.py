"""The fixture news sites `bench scheduler` polls: `--sites` loopback HTTP servers (one site each:
http://127.0.0.1:<port>) serve feeds `/feed-<i>.xml` (3 entries, ETag, 304 on If-None-Match),
their article pages `/a/<i>-<k>.html` and a robots.txt allowing all; every request's arrival is
logged per site to check the politeness spacing (NEWSFLOW_PER_HOST_DELAY; 1 ms slack).
"""

from __future__ import annotations

import hashlib
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from newsflow_dev.bench.scale import _article_text, _page, _person
from newsflow_dev.bench.server import send_conditional

SLACK = 0.001  # seconds of measurement slack on the politeness spacing
ENTRIES = 3  # per feed


class _Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        arrived = self.server.accepted.pop(self.request, time.monotonic())
        path = self.path.split("?", 1)[0]
        page = self.server.page(path)
        if page is None:
            self.server.record(arrived, path, 404)
            self.send_error(404)
            return
        body, ctype, etag = page
        # recorded first: the arrival log must hold the request before the client sees an answer
        self.server.record(arrived, path, 304 if self.headers.get("If-None-Match") == etag else 200)
        send_conditional(self, body, ctype, etag)


class Site(ThreadingHTTPServer):
    """One site: its feeds (those whose number `i` has `i % sites == index`) and their article
    pages, made by `generate` (deterministic, so ETags stay stable); a log of every request."""

    daemon_threads = True

    def __init__(self, index: int, sites: int, now: datetime) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.index, self.sites, self.now = index, sites, now
        self.feeds = 0  # feeds numbered below this exist
        self.accepted: dict[Any, float] = {}
        self.log: list[tuple[float, str, int]] = []
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[bytes, str, str]] = {}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def process_request(self, request: Any, client_address: Any) -> None:
        self.accepted[request] = time.monotonic()  # arrival: when the connection is accepted
        super().process_request(request, client_address)

    def record(self, at: float, path: str, status: int) -> None:
        with self._lock:
            self.log.append((at, path, status))

    def generate(self, feeds: int) -> None:
        """Serve feeds numbered below `feeds`; every page made now, so that serving (and the
        arrival times logged) costs no generation work during a round."""
        self.feeds = feeds
        self._cache = {"/robots.txt": self._entry(b"User-agent: *\nAllow: /\n", "text/plain")}
        for i in range(self.index, feeds, self.sites):
            self._cache[f"/feed-{i}.xml"] = self._entry(self._feed(i), "application/rss+xml")

    @staticmethod
    def _entry(body: bytes, ctype: str) -> tuple[bytes, str, str]:
        return body, ctype, '"' + hashlib.sha1(body).hexdigest() + '"'

    def page(self, path: str) -> tuple[bytes, str, str] | None:
        return self._cache.get(path)

    def _article(self, i: int, k: int) -> tuple[bytes, str, datetime]:
        rng = random.Random(i * 16 + k)
        title, paragraphs = _article_text(rng, i * ENTRIES + k, chars=1800)
        published = self.now - timedelta(minutes=5 + (i * ENTRIES + k) % 600)
        path = f"/a/{i}-{k}.html"
        return _page(self.base_url, path, title, _person(rng), published, paragraphs), title, published

    def _feed(self, i: int) -> bytes:
        """Feed i, its article pages stored on the way."""
        base = self.base_url
        items = []
        for k in range(ENTRIES):
            body, title, published = self._article(i, k)
            self._cache[f"/a/{i}-{k}.html"] = self._entry(body, "text/html; charset=utf-8")
            link = f"{base}/a/{i}-{k}.html"
            items.append(f"<item><title>{escape(title)}</title><link>{link}</link><guid>{link}</guid>"
                         f"<pubDate>{format_datetime(published)}</pubDate></item>")
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Bench feed {i}</title><link>{base}/</link><description>generated</description>\n"
                + "\n".join(items) + "\n</channel></rss>").encode()


@contextmanager
def serve_sites(count: int, now: datetime) -> Iterator[list[Site]]:
    """`count` sites, each served by a thread of its own; all shut down and closed on exit."""
    sites: list[Site] = []
    threads: list[threading.Thread] = []
    try:
        for index in range(count):
            site = Site(index, count, now)
            sites.append(site)
            thread = threading.Thread(target=site.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
            thread.start()
            threads.append(thread)
        yield sites
    finally:
        for site in sites:
            site.shutdown()
            site.server_close()
        for thread in threads:
            thread.join(timeout=5)


def feeds_yaml(sites: list[Site], count: int) -> str:
    """`count` feeds, feed i on site i % len(sites)."""
    lines = ["feeds:"]
    for i in range(count):
        site = sites[i % len(sites)]
        lines += [f"  - name: bench-{i}", f"    url: {site.base_url}/feed-{i}.xml"]
    return "\n".join(lines) + "\n"


def placeholder_yaml(site: Site) -> str:
    """What the scheduled run the unpause creates meets: no enabled feed, an empty round."""
    return f"feeds:\n  - name: bench-placeholder\n    url: {site.base_url}/feed-placeholder.xml\n    enabled: false\n"


def spacing(sites: list[Site], start: float, end: float, delay: float) -> dict[str, Any]:
    """Requests per site in [start, end) and the closest two arrivals on any site."""
    per_site_min: list[float] = []
    statuses: Counter[int] = Counter()
    kinds: Counter[str] = Counter()
    too_close = 0
    close: list[dict[str, Any]] = []
    counts = []
    for site in sites:
        with site._lock:
            hits = sorted((t, p, s) for t, p, s in site.log if start <= t < end)
        counts.append(len(hits))
        for _, path, status in hits:
            statuses[status] += 1
            kinds["robots" if path == "/robots.txt" else "feed" if path.startswith("/feed-") else "article"] += 1
        gaps = [b[0] - a[0] for a, b in zip(hits, hits[1:], strict=False)]
        if gaps:
            per_site_min.append(min(gaps))
            for j, gap in enumerate(gaps):
                if gap >= delay - SLACK:
                    continue
                too_close += 1
                close.append({"site": site.index, "gap": round(gap, 4),
                              "gap_before": round(gaps[j - 1], 4) if j else None,
                              "gap_after": round(gaps[j + 1], 4) if j + 1 < len(gaps) else None,
                              "first": f"{hits[j][1]} {hits[j][2]}", "second": f"{hits[j + 1][1]} {hits[j + 1][2]}"})
    # the closest pairs, each with the gaps around it: a late request shortens the gap after it
    close = sorted(close, key=lambda c: c["gap"])[:40]
    return {
        "requests": sum(counts), "by_status": {str(k): v for k, v in sorted(statuses.items())},
        "by_kind": dict(kinds), "max_per_site": max(counts, default=0),
        "min_spacing": round(min(per_site_min), 4) if per_site_min else None,
        "median_site_min_spacing": round(sorted(per_site_min)[len(per_site_min) // 2], 4) if per_site_min else None,
        "closer_than_delay": too_close, "close_pairs": close,
    }


def free_port() -> int:
    """A loopback port the OS says is free now (for the Airflow components' listeners)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
