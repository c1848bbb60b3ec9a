"""Simulated news outlets on loopback for `bench coverage`: each publishes on its own schedule,
and what it serves depends on a clock the benchmark owns, so a week passes in minutes.

An outlet is one ThreadingHTTPServer on 127.0.0.1 (a port is a site: scheme://host:port). It
serves /feed.xml (RSS of its latest `feed_size` articles published at or before the clock's
now, with ETag/Last-Modified so polls get 304s), /robots.txt (with a `Sitemap:` line when the
outlet advertises its news sitemap there), /sitemap_news.xml (a Google News sitemap of the last
two days, as real ones are) when it has one, and /articles/<n>.html pages (distinct stories of
150+ words, 404 until published). Every request is logged with the clock's times, so the
benchmark can check politeness from the server's side.
"""

from __future__ import annotations

import bisect
import json
import random
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from newsflow.ingest.clock import Clock

NEWS_SITEMAP_DAYS = 2  # Google News sitemaps list the last two days' articles
ARTICLE_PATH = "/articles/"


@dataclass(frozen=True)
class OutletSpec:
    """One outlet's publishing habits and what it offers a poller."""

    name: str
    per_day: float  # steady articles a day (a fraction: that chance of one more each day)
    feed_size: int = 20
    sitemap: str | None = "robots"  # robots | common (only at /sitemap_news.xml) | feeds_file | None
    burst: int = 0  # articles published in one burst a day
    burst_minutes: int = 10
    start_interval_hours: int | None = None  # the poller's starting interval (news.feeds.poll_interval)
    seed: int = 0

    @property
    def kind(self) -> str:
        rate = f"{self.per_day:.3g}/day" if self.per_day >= 1 else f"{self.per_day * 7:.3g}/week"
        burst = f" + {self.burst} in {self.burst_minutes} min" if self.burst else ""
        where = f"sitemap ({self.sitemap})" if self.sitemap else "no sitemap"
        start = f", starts at {self.start_interval_hours} h" if self.start_interval_hours else ""
        return f"{rate}{burst}, {self.feed_size}-entry feed, {where}{start}"


def outlet_mix(count: int, *, quick: bool = False) -> list[OutletSpec]:
    """The issue's mix: 300-a-day outlets behind 20-entry feeds (their news sitemaps found three
    ways, one without any), a daily burst of 60 in 10 minutes, one feed starting at a 24-hour
    interval, then small outlets publishing a few a week. `quick`: a third of the pace."""
    scale = 1 / 3 if quick else 1.0
    big = [
        OutletSpec("daily-robots", 300 * scale, sitemap="robots", seed=1),
        OutletSpec("daily-nositemap", 300 * scale, sitemap=None, seed=2),
        OutletSpec("burst", 40 * scale, burst=60, sitemap="robots", seed=3),
        OutletSpec("daily-slow-start", 150 * scale, sitemap="common", start_interval_hours=24, seed=4),
        OutletSpec("daily-common", 300 * scale, sitemap="common", seed=5),
        OutletSpec("daily-feedsfile", 300 * scale, sitemap="feeds_file", seed=6),
    ]
    small = [OutletSpec(f"small-{i}", (2 + i % 4) / 7, feed_size=10, sitemap=("robots", None)[i % 2], seed=10 + i)
             for i in range(max(0, count - len(big)))]
    return (big + small)[:count]


# --------------------------------------------------------------------------- schedules


def _weight(hour: float) -> float:
    """Publishing intensity over the day: a daytime hump peaking mid-afternoon, quiet nights."""
    return 0.25 + 0.75 * max(0.0, 1 - abs(hour - 14.0) / 9.0)


def _day_times(spec: OutletSpec, day: datetime, rng: random.Random) -> list[datetime]:
    count = int(spec.per_day) + (1 if rng.random() < spec.per_day % 1 else 0)
    times: list[datetime] = []
    while len(times) < count:
        hour = rng.uniform(0, 24)
        if rng.random() < _weight(hour):
            times.append(day + timedelta(hours=hour))
    if spec.burst:
        at = day + timedelta(hours=rng.uniform(8, 20))
        times += [at + timedelta(minutes=rng.uniform(0, spec.burst_minutes)) for _ in range(spec.burst)]
    return times


def schedule(spec: OutletSpec, first_day: datetime, days: int) -> list[datetime]:
    """Publication times (sorted, to the second) over `days` days from midnight `first_day`."""
    rng = random.Random(f"schedule:{spec.seed}")
    times: list[datetime] = []
    for d in range(days):
        times += _day_times(spec, first_day + timedelta(days=d), rng)
    return sorted(t.replace(microsecond=0) for t in times)


# --------------------------------------------------------------------------- stories

_ADJ = ["new", "local", "federal", "rural", "private", "public", "early", "former", "costly", "urgent",
        "annual", "regional", "coastal", "northern", "southern", "foreign", "rising", "fragile", "digital",
        "medical", "legal", "seasonal", "historic", "modest", "sharp", "delayed", "contested", "joint"]
_NOUN = ["budget", "bridge", "contract", "election", "harvest", "hospital", "inquiry", "loan", "market",
         "pipeline", "port", "protest", "railway", "reform", "report", "river", "school", "shortage", "tariff",
         "union", "vote", "wages", "court", "drought", "factory", "airport", "clinic", "fishery", "grid",
         "housing", "mine", "pension", "permit", "ruling", "satellite", "survey", "tunnel", "vaccine"]
_PAST = ["approved", "blocked", "delayed", "doubled", "ended", "expanded", "funded", "halted", "launched",
         "questioned", "reopened", "revised", "scrapped", "signed", "suspended", "welcomed", "overturned"]
_PLACE = ["Geneva", "Nairobi", "Lisbon", "Osaka", "Toronto", "Warsaw", "Accra", "Lyon", "Santiago", "Oslo",
          "Mumbai", "Denver", "Tunis", "Hamburg", "Manila", "Quito", "Perth", "Tallinn"]
_NAMES = ["Maria Lopez", "John Whitaker", "Aisha Okafor", "Yuki Tanaka", "Olga Petrova", "Samuel Mensah",
          "Lars Berg", "Chen Wang", "Grace Fischer", "Ivan Novak", "Sofia Moreau", "Kwame Osei", "Elena Ruiz"]
_LINK = ["while", "after", "because", "although", "as", "before", "even though", "until"]


def _phrase(rng: random.Random) -> str:
    return f"the {rng.choice(_ADJ)} {rng.choice(_NOUN)}"


def _sentence(rng: random.Random) -> str:
    """Free word order from a large space, so two stories share few word triples."""
    if rng.random() < 0.3:
        return (f"{rng.choice(_NAMES)} said in {rng.choice(_PLACE)} that {_phrase(rng)} {rng.choice(_PAST)} "
                f"{_phrase(rng)} {rng.choice(_LINK)} {rng.randrange(2, 900)} people waited.")
    first = _phrase(rng)
    return (f"{first[0].upper()}{first[1:]} {rng.choice(_PAST)} {_phrase(rng)} in {rng.choice(_PLACE)} "
            f"{rng.choice(_LINK)} {_phrase(rng)} {rng.choice(_PAST)} {_phrase(rng)}.")


def story(outlet: str, seed: int, n: int) -> tuple[str, list[str]]:
    """Title and paragraphs (5-7 of 2-3 sentences: 150+ words) of an outlet's n-th article."""
    rng = random.Random(f"story:{outlet}:{seed}:{n}")
    title = f"{rng.choice(_ADJ).capitalize()} {rng.choice(_NOUN)} {rng.choice(_PAST)} in {rng.choice(_PLACE)}"
    paragraphs = [" ".join(_sentence(rng) for _ in range(rng.randrange(2, 4))) for _ in range(rng.randrange(5, 8))]
    return title, paragraphs


# --------------------------------------------------------------------------- documents


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def article_page(base: str, spec: OutletSpec, n: int, published: datetime) -> bytes:
    title, paragraphs = story(spec.name, spec.seed, n)
    url = f"{base}{ARTICLE_PATH}{n:06d}.html"
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    author = _NAMES[(n * 7 + spec.seed) % len(_NAMES)]
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "author": [{"@type": "Person", "name": author}], "datePublished": _iso(published),
                     "mainEntityOfPage": url, "publisher": {"@type": "Organization", "name": spec.name}})
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} | {escape(spec.name)}</title><link rel="canonical" href="{url}">
<meta property="og:site_name" content="{escape(spec.name)}"><script type="application/ld+json">{ld}</script></head>
<body><header><a href="{base}/">{escape(spec.name)}</a></header>
<main><article><h1>{escape(title)}</h1><p class="byline">By {escape(author)}</p>
<time datetime="{_iso(published)}">{published:%d %B %Y %H:%M}</time>
{body}
</article></main><footer>{escape(spec.name)}, all rights reserved.</footer></body></html>""".encode()


def rss(base: str, spec: OutletSpec, items: list[tuple[int, datetime]]) -> bytes:
    entries = "\n".join(
        f"<item><title>{escape(story(spec.name, spec.seed, n)[0])}</title>"
        f"<link>{base}{ARTICLE_PATH}{n:06d}.html</link><guid>{base}{ARTICLE_PATH}{n:06d}.html</guid>"
        f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate></item>" for n, when in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(spec.name)}'
            f"</title><link>{base}/</link><description>{escape(spec.kind)}</description>\n{entries}\n"
            "</channel></rss>").encode()


def news_sitemap(base: str, spec: OutletSpec, items: list[tuple[int, datetime]]) -> bytes:
    urls = "\n".join(
        f"<url><loc>{base}{ARTICLE_PATH}{n:06d}.html</loc><news:news><news:publication>"
        f"<news:name>{escape(spec.name)}</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{_iso(when)}</news:publication_date>"
        f"<news:title>{escape(story(spec.name, spec.seed, n)[0])}</news:title></news:news></url>"
        for n, when in items)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{urls}\n</urlset>').encode()


# --------------------------------------------------------------------------- the server


@dataclass(frozen=True)
class Hit:
    """One request as the outlet saw it (clock times)."""

    site: str
    path: str
    status: int
    mono: float
    at: datetime


@dataclass
class Outlet:
    """A running outlet: its spec, publication times, request log and every feed listing served."""

    spec: OutletSpec
    times: list[datetime]
    clock: Clock
    base_url: str = ""
    hits: list[Hit] = field(default_factory=list)
    listings: list[tuple[datetime, int, int]] = field(default_factory=list)  # (at, first n, end n) of 200s
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def feed_url(self) -> str:
        return self.base_url + "/feed.xml"

    @property
    def sitemap_url(self) -> str:
        return self.base_url + "/sitemap_news.xml"

    def published(self, now: datetime) -> int:
        """How many articles are out at `now` (they are numbered 0.. in publication order)."""
        return bisect.bisect_right(self.times, now)

    def log(self, path: str, status: int) -> None:
        with self.lock:
            self.hits.append(Hit(self.base_url, path, status, self.clock.monotonic(), self.clock.now()))


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        outlet = self.server.outlet
        path = self.path.split("?", 1)[0]
        status, body, ctype, headers = self._answer(outlet, path)
        outlet.log(path, status)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if body:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _answer(self, outlet: Outlet, path: str) -> tuple[int, bytes, str, dict[str, str]]:
        spec, base, now = outlet.spec, outlet.base_url, outlet.clock.now()
        out = outlet.published(now)
        if path == "/feed.xml":
            return self._feed(outlet, now, out)
        if path == "/robots.txt":
            line = f"Sitemap: {outlet.sitemap_url}\n" if spec.sitemap == "robots" else ""
            return 200, f"User-agent: *\nAllow: /\n{line}".encode(), "text/plain", {}
        if path == "/sitemap_news.xml" and spec.sitemap:
            first = outlet.published(now - timedelta(days=NEWS_SITEMAP_DAYS))
            items = [(n, outlet.times[n]) for n in range(out - 1, first - 1, -1)]
            return 200, news_sitemap(base, spec, items), "application/xml", {}
        if path.startswith(ARTICLE_PATH) and path.endswith(".html"):
            number = path[len(ARTICLE_PATH):-len(".html")]
            if number.isdigit() and int(number) < out:
                n = int(number)
                return 200, article_page(base, spec, n, outlet.times[n]), "text/html; charset=utf-8", {}
        return 404, b"not found", "text/plain", {}

    def _feed(self, outlet: Outlet, now: datetime, out: int) -> tuple[int, bytes, str, dict[str, str]]:
        first = max(0, out - outlet.spec.feed_size)
        headers = {"ETag": f'"{outlet.spec.name}-{out}"'}
        if out:
            headers["Last-Modified"] = format_datetime(outlet.times[out - 1], usegmt=True)
        if self._unchanged(headers):
            return 304, b"", "", headers
        with outlet.lock:
            outlet.listings.append((now, first, out))
        items = [(n, outlet.times[n]) for n in range(out - 1, first - 1, -1)]
        return 200, rss(outlet.base_url, outlet.spec, items), "application/rss+xml", headers

    def _unchanged(self, headers: dict[str, str]) -> bool:
        if (tag := self.headers.get("If-None-Match")) is not None:
            return tag == headers["ETag"]
        since, modified = self.headers.get("If-Modified-Since"), headers.get("Last-Modified")
        if not since or not modified:
            return False
        try:
            return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, outlet: Outlet) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.outlet = outlet
        outlet.base_url = f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def _serve(outlet: Outlet) -> Iterator[Outlet]:
    server = _Server(outlet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield outlet
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_outlets(specs: list[OutletSpec], clock: Clock, first_day: datetime,
                  days: int) -> Iterator[list[Outlet]]:
    """One server per outlet, publishing from midnight `first_day` for `days` days."""
    with ExitStack() as stack:
        yield [stack.enter_context(_serve(Outlet(spec, schedule(spec, first_day, days), clock)))
               for spec in specs]


# --------------------------------------------------------------------------- the server's view


def min_spacing(hits: list[Hit]) -> float | None:
    """Shortest time between two consecutive requests (one site's hits); None under two hits."""
    times = sorted(h.mono for h in hits)
    return min((b - a for a, b in zip(times, times[1:], strict=False)), default=None)


def overflows(outlet: Outlet, since: datetime) -> list[tuple[datetime, int]]:
    """(when, articles never listed) for each feed listing served after `since` that skipped
    articles: published between two listings, they were in neither (the feed overflowed)."""
    out = []
    listed_to: int | None = None
    for at, first, end in sorted(outlet.listings):
        if listed_to is not None and first > listed_to and at > since:
            out.append((at, first - listed_to))
        listed_to = end if listed_to is None else max(listed_to, end)
    return out


def served(outlet: Outlet, start: datetime, end: datetime) -> dict[str, Any]:
    """What the outlet saw: articles published in (start, end], overflows, requests, spacing."""
    spill, spacing = overflows(outlet, start), min_spacing(outlet.hits)
    return {"outlet": outlet.spec.name, "kind": outlet.spec.kind, "sitemap": outlet.spec.sitemap,
            "per_day": outlet.spec.per_day, "published": outlet.published(end) - outlet.published(start),
            "overflows": len(spill), "never_listed": sum(n for _, n in spill),
            "overflow_events": [[at.isoformat(), n] for at, n in spill],
            "requests": len(outlet.hits), "feed_requests": sum(h.path == "/feed.xml" for h in outlet.hits),
            "not_modified": sum(h.status == 304 for h in outlet.hits),
            "min_spacing": round(spacing, 4) if spacing is not None else None}
