"""Backfill a feed's gap: the articles published inside a time window, from the site's sitemaps
(Google News ones first) or the feed's RFC 5005 archive pages. Every request goes through the
Fetcher (SSRF guard, size caps, robots.txt, politeness) under one Deadline; web trouble becomes
part of BackfillResult.reason, never an exception.

Decisions: an hour of slack either side (clocks and feed dates disagree); a date-only value
stands for its whole day. Undated entries are kept only from news sitemaps and only when the
window reaches into the last two days (all such a sitemap lists); elsewhere they could be any
year's. A general sitemap's lastmod stands in for the publication date. Sitemap entries, and
sitemaps found in robots.txt or an index, must be on the feed's site (sitemaps.on_site); a
sitemap the feeds file names is trusted, and its own site allowed for its children. Archive
pages must be on the feed's site; their entries keep the feed's identity (guid keys, as a poll
stores them). A source covers the window when its oldest dated entry is at or before the start:
covering news sitemaps end the search, and archive pages are read only when no sitemap kept an
entry or covered the window. `max_documents` bounds all fetches together.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

from newsflow.extract.urls import canonicalize_url
from newsflow.http import Deadline, Fetcher, FetchResult, redact_url, site_of
from newsflow.ingest.feed_parser import (
    FeedEntry,
    FeedParseError,
    entry_identity,
    indexable_url,
    parse_feed,
)
from newsflow.ingest.sitemaps import (
    COMMON_SITEMAP_PATHS,
    SitemapEntry,
    SitemapError,
    on_site,
    parse_sitemap,
    sitemaps_in_robots,
)

log = logging.getLogger(__name__)

SLACK = timedelta(hours=1)
NEWS_HORIZON = timedelta(days=2)  # Google News sitemaps list the last two days' articles
DEFAULT_BUDGET_SECONDS = 120.0
MAX_INDEX_DEPTH = 2  # index → index → urlset (sitemaps.org forbids nesting; some sites nest once)
MAX_URLS_SHOWN = 3  # per kind of trouble in the reason
MAX_REASON_CHARS = 2_000
ARCHIVE_RELS = ("prev-archive", "next", "previous")
SITEMAP_ACCEPT = "application/xml, text/xml;q=0.9, application/x-gzip;q=0.8, */*;q=0.1"
FEED_ACCEPT = "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"
_NEWS, _SITEMAP, _ARCHIVE, _INDEX = "news_sitemap", "sitemap", "archive", "index"
_NAMES = {_NEWS: ("news sitemap", "news sitemaps"), _SITEMAP: ("sitemap", "sitemaps"),
          _INDEX: ("sitemap index", "sitemap indexes"), _ARCHIVE: ("archive page", "archive pages")}


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


@dataclass(frozen=True)
class Window:
    """The time a gap may hide articles in; naive datetimes are taken as UTC."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", _utc(self.start))
        object.__setattr__(self, "end", _utc(self.end))
        if self.start > self.end:
            raise ValueError(f"window starts after it ends: {self.start} > {self.end}")

    def holds(self, when: datetime) -> bool:
        """when is inside the window with SLACK; a date-only value counts for its whole day."""
        when = _utc(when)
        last = when + timedelta(days=1) if when.timetz() == time(tzinfo=UTC) else when
        return last >= self.start - SLACK and when <= self.end + SLACK


@dataclass
class BackfillResult:
    entries: list[FeedEntry]
    method: str | None  # "news_sitemap" | "sitemap" | "archive" | None (nothing covered the window)
    sources: list[str]  # the documents read, credentials redacted
    requests: int  # fetches made (robots.txt, cached by the fetcher, not counted)
    reason: str  # one sentence for a reader: what was read and found, or why nothing was


@dataclass(order=True)
class _Doc:
    """A sitemap to read; the heap pops news-named ones first, then by source, newest first."""

    rank: tuple[int, int, float, int]
    url: str = field(compare=False)
    home: str = field(compare=False)  # children may live on this URL's site as well as the feed's
    depth: int = field(compare=False, default=0)


class _Run:
    """One backfill's state: what was fetched, kept and went wrong."""

    def __init__(self, fetcher: Fetcher, feed_url: str, window: Window, budget: Deadline,
                 max_documents: int, max_entries: int, now: datetime | None = None) -> None:
        self.fetcher, self.feed_url, self.window, self.budget = fetcher, feed_url, window, budget
        self.max_documents, self.max_entries = max_documents, max_entries
        self.entries: dict[str, FeedEntry] = {}
        self.kept = {_NEWS: 0, _SITEMAP: 0, _ARCHIVE: 0}
        self.read = {_NEWS: 0, _SITEMAP: 0, _INDEX: 0, _ARCHIVE: 0}
        self.oldest: dict[str, datetime] = {}
        self.sources: list[str] = []
        self.problems: list[tuple[str, str]] = []  # (url, what went wrong)
        self.notes: list[str] = []
        self.requests = self.off_site = 0
        self.halted: str | None = None
        self.seen: set[str] = set()
        self.recent = window.end >= (now or datetime.now(UTC)) - NEWS_HORIZON - SLACK

    def fetch(self, url: str, accept: str) -> FetchResult | None:
        """The document, or None with the reason recorded (failure, budget, document limit)."""
        if self.requests >= self.max_documents:
            self.halted = f"stopped at the limit of {self.max_documents} documents"
        elif self.budget.expired:
            self.halted = f"stopped when the {self.budget.seconds:g} s time budget ran out"
        if self.halted:
            return None
        self.requests += 1
        res = self.fetcher.fetch(url, accept=accept, check_robots=True, budget=self.budget)
        if not res.ok:
            self.problem(url, res.error or str(res.outcome))
            return None
        return res

    def problem(self, url: str, why: str) -> None:
        self.problems.append((redact_url(url), why))

    def covered(self, kind: str) -> bool:
        return kind in self.oldest and self.oldest[kind] <= self.window.start

    def saw(self, kind: str, when: datetime | None) -> None:
        if when is not None and (kind not in self.oldest or when < self.oldest[kind]):
            self.oldest[kind] = when

    def add(self, kind: str, entry: FeedEntry) -> None:
        if entry.canonical_url is None or entry.canonical_url in self.entries:
            return
        if len(self.entries) >= self.max_entries:
            self.halted = self.halted or f"stopped at the limit of {self.max_entries} entries"
            return
        self.entries[entry.canonical_url] = entry
        self.kept[kind] += 1

    def method(self) -> str | None:
        return next((k for k in (_NEWS, _SITEMAP, _ARCHIVE) if self.kept[k] or self.covered(k)), None)


def backfill(fetcher: Fetcher, *, feed_url: str, window: Window, sitemaps: Sequence[str] = (),
             feed_links: Mapping[str, str] | None = None, budget: Deadline | None = None,
             max_documents: int = 20, max_entries: int = 5000, now: datetime | None = None) -> BackfillResult:
    """The feed's articles published inside window, from sitemaps or archive pages; web trouble
    (404s, timeouts, hostile documents) ends up in `reason`, never raised. `now` is the poller's
    clock (a news sitemap covers the two days before it)."""
    run = _Run(fetcher, feed_url, window, budget or Deadline(DEFAULT_BUDGET_SECONDS),
               max_documents, max_entries, now)
    try:
        _read_sitemaps(run, sitemaps)
        if run.method() is None:
            _read_archive(run, feed_links or {})
    except Exception as exc:  # a bug must not cost the caller its batch: reported like web trouble
        log.warning("backfill of %s failed", redact_url(feed_url), exc_info=True)
        run.problem(feed_url, f"unexpected {type(exc).__name__}: {str(exc)[:200]}")
    method = run.method()
    return BackfillResult(list(run.entries.values()), method, run.sources, run.requests, _reason(run, method))


def _read_sitemaps(run: _Run, configured: Sequence[str]) -> None:
    """Configured sitemaps, robots.txt's, else the common paths until one answers."""
    queue: list[_Doc] = []
    for url in configured:
        _push(run, queue, url, home=url, group=0)
    for url in _robots_sitemaps(run):
        if on_site(url, run.feed_url):
            _push(run, queue, url, home=run.feed_url, group=1)
        else:
            run.off_site += 1
    if _drain(run, queue):
        return
    for path in COMMON_SITEMAP_PATHS:
        _push(run, queue, site_of(run.feed_url) + path, home=run.feed_url, group=2)
        if _drain(run, queue) or run.halted:
            return


def _robots_sitemaps(run: _Run) -> list[str]:
    try:
        record = run.fetcher.robots_record(run.feed_url, run.budget)
    except Exception as exc:  # the fetcher's robots path has no catch-all of its own
        run.problem(site_of(run.feed_url) + "/robots.txt", f"{type(exc).__name__}: {str(exc)[:200]}")
        return []
    return sitemaps_in_robots(record.body, site_of(run.feed_url))


def _push(run: _Run, queue: list[_Doc], url: str, *, home: str, group: int,
          lastmod: datetime | None = None, depth: int = 0) -> None:
    key = canonicalize_url(url)
    if key in run.seen:
        return
    run.seen.add(key)
    newsy = "news" in urlsplit(url).path.lower()
    age = -lastmod.timestamp() if lastmod else 0.0
    heapq.heappush(queue, _Doc((0 if newsy else 1, group, age, len(run.seen)), url, home, depth))


def _drain(run: _Run, queue: list[_Doc]) -> bool:
    """Read the queued sitemaps; True when one could be read. General sitemaps are skipped once
    the news sitemaps cover the window."""
    answered = False
    while queue and not run.halted:
        doc = heapq.heappop(queue)
        if doc.rank[0] and run.covered(_NEWS):
            note = "general sitemaps were not read: the news sitemaps cover the window"
            run.notes += [] if note in run.notes else [note]
            break
        answered = _read_sitemap(run, queue, doc) or answered
    return answered


def _read_sitemap(run: _Run, queue: list[_Doc], doc: _Doc) -> bool:
    res = run.fetch(doc.url, SITEMAP_ACCEPT)
    if res is None:
        return False
    if not (on_site(res.final_url, run.feed_url) or on_site(res.final_url, doc.home)):
        run.problem(doc.url, f"redirected off the site to {res.final_url}")
        return False
    try:
        sitemap = parse_sitemap(res.content, res.final_url)
    except SitemapError as exc:
        run.problem(doc.url, str(exc))
        return False
    run.sources.append(redact_url(doc.url))
    if sitemap.truncated:
        run.notes.append(f"{redact_url(doc.url)} lists more than the sitemaps.org limit; the rest was not read")
    if sitemap.kind == "index":
        run.read[_INDEX] += 1
        _queue_children(run, queue, doc, sitemap.children)
    else:
        run.read[_NEWS if any(e.is_news for e in sitemap.entries) else _SITEMAP] += 1
        for entry in sitemap.entries:
            _take_sitemap_entry(run, entry)
    return True


def _queue_children(run: _Run, queue: list[_Doc], doc: _Doc,
                    children: list[tuple[str, datetime | None]]) -> None:
    """Children on the site whose lastmod is unknown or not older than the window."""
    if doc.depth >= MAX_INDEX_DEPTH:
        run.problem(doc.url, f"sitemap indexes nested deeper than {MAX_INDEX_DEPTH} levels are not followed")
        return
    for url, lastmod in children:
        if not (on_site(url, run.feed_url) or on_site(url, doc.home)):
            run.off_site += 1
        elif lastmod is None or lastmod >= run.window.start - SLACK:
            _push(run, queue, url, home=doc.home, group=doc.rank[1], lastmod=lastmod, depth=doc.depth + 1)


def _take_sitemap_entry(run: _Run, item: SitemapEntry) -> None:
    kind = _NEWS if item.is_news else _SITEMAP
    if not on_site(item.url, run.feed_url):
        run.off_site += 1
        return
    run.saw(kind, item.published_at)
    dated = item.published_at is not None and run.window.holds(item.published_at)
    if dated or (item.published_at is None and item.is_news and run.recent):
        canonical = indexable_url(canonicalize_url(item.url))
        run.add(kind, FeedEntry(entry_key=entry_identity({"link": item.url}), url=item.url,
                                canonical_url=canonical, title=item.title, published_at=item.published_at))


def _read_archive(run: _Run, feed_links: Mapping[str, str]) -> None:
    """Follow one RFC 5005 chain (prev-archive, else next, else previous) back past the window."""
    rel = next((r for r in ARCHIVE_RELS if feed_links.get(r)), None)
    if rel is None:
        run.notes.append("the feed names no archive pages")
        return
    url: str | None = feed_links[rel]
    pages: set[str] = set()
    while url and url not in pages and not run.halted:
        pages.add(url)
        if not on_site(url, run.feed_url):
            run.problem(url, "archive page is off the feed's site; not followed")
            return
        res = run.fetch(url, FEED_ACCEPT)
        if res is None:
            return
        try:
            parsed = parse_feed(res.content, res.headers, base_url=res.final_url)
        except FeedParseError as exc:
            run.problem(url, str(exc))
            return
        run.sources.append(redact_url(url))
        run.read[_ARCHIVE] += 1
        dates = [e.published_at for e in parsed.entries if e.published_at is not None]
        for entry in parsed.entries:
            run.saw(_ARCHIVE, entry.published_at)
            if entry.published_at is not None and run.window.holds(entry.published_at):
                run.add(_ARCHIVE, entry)
        if not parsed.entries or (dates and min(dates) < run.window.start - SLACK):
            return  # this page reaches back past the window: older pages hold nothing for it
        url = getattr(parsed, "links", {}).get(rel)


def _reason(run: _Run, method: str | None) -> str:
    read, window = _what_was_read(run), run.window
    if method is None:
        head = f"No sitemap or archive page covered the window ({read}; {_count(run.requests, 'request')})"
    else:
        head = (f"Read {read}: {_count(len(run.entries), 'entry', 'entries')} published between "
                f"{window.start:%Y-%m-%d %H:%M} and {window.end:%Y-%m-%d %H:%M} UTC")
        if not run.covered(method) and method in run.oldest:
            head += (f" (the {_NAMES[method][1]} reach back only to {run.oldest[method]:%Y-%m-%d %H:%M} UTC,"
                     " so earlier articles may be missing)")
    extra = [*run.notes, f"{_count(run.off_site, 'off-site URL')} ignored" if run.off_site else "", run.halted or ""]
    if run.problems:
        extra.append("trouble: " + _problems(run.problems))
    text = "; ".join(part for part in [head, *extra] if part) + "."
    return text if len(text) <= MAX_REASON_CHARS else text[:MAX_REASON_CHARS - 1] + "…"


def _problems(problems: list[tuple[str, str]]) -> str:
    """Each distinct trouble once, with the first URLs it hit: '404 for a, b and 3 more'."""
    by_why: dict[str, list[str]] = {}
    for url, why in problems:
        by_why.setdefault(why, []).append(url)
    parts = [f"{why} ({', '.join(urls[:MAX_URLS_SHOWN])}" + (f" and {len(urls) - MAX_URLS_SHOWN} more)"
             if len(urls) > MAX_URLS_SHOWN else ")") for why, urls in by_why.items()]
    return ", ".join(parts)


def _what_was_read(run: _Run) -> str:
    parts = [_count(n, *_NAMES[kind]) for kind, n in run.read.items() if n]
    return ", ".join(parts) or "nothing could be read"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"
