"""Feed stage: sync feeds.yaml into news.feeds, then fetch, parse and store one feed's entries."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from newsflow.extract import urls
from newsflow.http import (
    Fetcher,
    FetchOutcome,
    FetchResult,
    parse_retry_after,
    redact_url,
    site_of,
    strip_userinfo,
    with_userinfo_of,
)
from newsflow.ingest import schedule
from newsflow.ingest.feed_parser import FeedParseError, ParsedFeed, parse_feed
from newsflow.ingest.feeds_file import FeedConfig
from newsflow.settings import Settings
from newsflow.warehouse import db
from newsflow.warehouse import feeds as warehouse_feeds
from newsflow.warehouse.politeness import WarehousePoliteness

log = logging.getLogger(__name__)

_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"


def sync_feeds(feeds: list[FeedConfig], dsn: str, *, include_gone: bool = False) -> list[str]:
    """Upsert the configured feeds and return the names to fetch.

    Feeds no longer configured are disabled, never deleted. A feed that answered 410 Gone stays
    disabled (not hammered) until its configured URL changes or `include_gone` (a forced run);
    a URL moved by a permanent redirect is kept until the configured URL changes.
    """
    rows = [warehouse_feeds.FeedRow(
        name=f.name, url=strip_userinfo(f.url), site=site_of(strip_userinfo(f.url)), title=f.title,
        tags=list(f.tags), enabled=f.enabled, interval_minutes=f.interval, priority=f.priority,
        sitemaps=list(f.sitemaps), discovered_from=f.discovered_from) for f in feeds]
    active = warehouse_feeds.upsert_feeds(dsn, rows, include_gone=include_gone)
    return [f.name for f in feeds if f.name in active]


@contextmanager
def borrowed(fetcher: Fetcher | None, dsn: str, settings: Settings | None = None,
             sleep: Callable[[float], None] = time.sleep) -> Iterator[Fetcher]:
    """The caller's Fetcher (left open for its next use), or a new one, closed afterwards, whose
    per-site clock and robots.txt cache live in the warehouse: parallel tasks and workers share
    them, so together they never hit one site faster than its delay. `sleep`: how the new one
    waits (a simulation's virtual clock)."""
    if fetcher is not None:
        yield fetcher
        return
    with WarehousePoliteness(dsn) as shared, Fetcher(settings, politeness=shared, sleep=sleep) as own:
        yield own



def entry_rows(feed_name: str, entries: list[Any]) -> dict[str, tuple]:
    """FeedEntry objects as news.feed_entries rows (ENTRY_COLUMNS), by entry key."""
    rows = {}
    for e in entries:
        aid = urls.article_id(e.canonical_url) if e.canonical_url else None
        rows[e.entry_key] = (
            feed_name, e.entry_key, redact_url(e.url) if e.url else None,
            e.canonical_url, aid, e.title, e.published_at, e.authors, e.summary,
        )
    return rows


def _poll(state: dict[str, Any], res: FetchResult, outcome: str, parsed: ParsedFeed | None, known: int,
          at: datetime) -> tuple[bool, timedelta, datetime]:
    """(gap, next interval, next due time) after this fetch: the adaptive schedule."""
    seen = len(parsed.entries) if parsed else 0
    healthy = outcome in (FetchOutcome.OK, FetchOutcome.NOT_MODIFIED)
    obs = schedule.PollObservation(
        outcome=outcome, seen=seen, known=known,
        ttl_seconds=getattr(parsed, "ttl_seconds", None), update_seconds=getattr(parsed, "update_seconds", None),
        retry_after_seconds=parse_retry_after(res.headers.get("retry-after")),
        consecutive_failures=0 if healthy else state["consecutive_failures"] + 1)
    # a gap needs an earlier listing to overlap with: a feed that listed nothing yet has none
    polled_before = state["last_success_at"] is not None and state["has_entries"]
    configured = timedelta(minutes=state["interval_minutes"]) if state["interval_minutes"] else None
    interval = schedule.adapt_interval(state["poll_interval"], obs, configured=configured,
                                       polled_before=polled_before)
    gap = schedule.is_gap(seen, known, polled_before, outcome)
    return gap, interval, schedule.next_poll_at(at, interval, obs)


def _store_fetch(
    dsn: str, feed_name: str, run_id: str, res: FetchResult, outcome: str, error: str | None,
    parsed: ParsedFeed | None, poll: dict[str, Any] | None = None,
) -> int:
    """Entries, the fetch record and the feed's state in one transaction; returns new entries."""
    entries = parsed.entries if parsed else []
    rows = entry_rows(feed_name, entries)
    poll = poll or {}
    fetch = warehouse_feeds.FetchRecord(
        url=redact_url(res.url), final_url=redact_url(res.final_url), http_status=res.status_code,
        outcome=outcome, not_modified=outcome == FetchOutcome.NOT_MODIFIED, entries_seen=len(entries),
        bozo=bool(parsed and parsed.bozo), bozo_error=parsed.bozo_error if parsed else None,
        error=error, attempts=res.attempts, elapsed_ms=res.elapsed_ms,
        entries_total=parsed.entries_total if parsed else None,
        fetched_at=poll.get("at"), entries_known=poll.get("known"), gap=poll.get("gap", False),
        poll_interval=poll.get("interval"), next_poll_at=poll.get("next_poll_at"),
    )
    gone = res.status_code == 410
    update = warehouse_feeds.FeedUpdate(
        success=outcome in (FetchOutcome.OK, FetchOutcome.NOT_MODIFIED), gone=gone,
        permanent_url=strip_userinfo(res.permanent_url) if res.permanent_url else None,
        title=parsed.title if parsed else None, fresh=outcome == FetchOutcome.OK,
        etag=res.headers.get("etag"), last_modified=res.headers.get("last-modified"),
        status="gone" if gone else outcome, error=error,
    )
    return warehouse_feeds.record_fetch(dsn, feed_name, run_id, fetch, update, list(rows.values()))


def fetch_feed(
    feed_name: str,
    *,
    dsn: str,
    run_id: str,
    force: bool = False,
    fetcher: Fetcher | None = None,
    url: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Conditional GET + parse one feed, store its entries, record the attempt and when the feed
    is due next. Never raises for feed trouble: the outcome is recorded and returned.

    `url` is the configured URL from feeds.yaml, which may carry credentials the warehouse
    never stores; it is used unless a permanent redirect has since moved the feed. `now` is the
    poller's clock (a simulation's in `bench coverage`).
    """
    started = time.monotonic()
    at = now or datetime.now(UTC)
    state = warehouse_feeds.feed_state(dsn, feed_name)
    if url and strip_userinfo(url) == state["url"]:
        fetch_url = url
    else:  # moved by a permanent redirect: same credentials if it stayed on the same host
        fetch_url = with_userinfo_of(state["url"], url) if url else state["url"]
    with borrowed(fetcher, dsn) as client:
        res = client.fetch(
            fetch_url,
            etag=None if force else state["etag"],
            last_modified=None if force else state["last_modified"],
            accept=_FEED_ACCEPT,
        )
    outcome, error = res.outcome, res.error
    parsed = None
    if res.ok:
        try:
            parsed = parse_feed(res.content, res.headers, base_url=res.final_url)
        except FeedParseError as exc:
            outcome, error = "parse_error", str(exc)
        except Exception as exc:  # feedparser on hostile bytes: record, don't crash the run
            outcome, error = "parse_error", f"{type(exc).__name__}: {exc}"
    entries = parsed.entries if parsed else []
    rows = entry_rows(feed_name, entries)
    known = warehouse_feeds.known_entries(dsn, feed_name, [(k, r[4]) for k, r in rows.items()])
    gap, interval, due = _poll(state, res, outcome, parsed, known, at)
    poll = {"at": at, "known": known, "gap": gap, "interval": interval, "next_poll_at": due}
    try:
        new = _store_fetch(dsn, feed_name, run_id, res, outcome, error, parsed, poll)
    except Exception as exc:
        if not db.is_data_error(exc):
            raise  # the warehouse itself is in trouble: no feed can be stored, let the task retry
        # Something in this feed's rows was refused: record the fetch without them and go on.
        outcome, error = "error", f"could not store the feed's entries: {db.describe_error(exc)}"
        log.warning("feed %s: %s", feed_name, error)
        parsed, entries = None, []
        poll.update(known=0, gap=False)
        new = _store_fetch(dsn, feed_name, run_id, res, outcome, error, None, poll)
    result = {
        "feed": feed_name,
        "outcome": outcome,
        "http_status": res.status_code,
        "entries": len(entries),
        "entries_total": parsed.entries_total if parsed else 0,
        "new": new,
        "bozo": bool(parsed and parsed.bozo),
        "error": error,
        "known": poll["known"],
        "gap": poll["gap"],
        "next_poll_at": due.isoformat(),
    }
    if poll["gap"]:  # what the gap's backfill needs (not for XCom: poll_feed uses it in-process)
        result["_gap"] = {
            "window": schedule.gap_window(state["last_success_at"], [e.published_at for e in entries], at),
            "feed_url": res.final_url or fetch_url, "links": dict(getattr(parsed, "links", {}) or {}),
            "sitemaps": list(state["sitemaps"] or []), "seen": len(entries),
            "times": [e.published_at for e in entries if e.published_at]}
    # The task's one summary line (errors are already redacted; never the feed's URL or text).
    log.info("feed %s: %s, HTTP %s, %d entries seen, %d new, %d known%s, next poll in %s, %.2f s%s",
             feed_name, outcome, res.status_code if res.status_code is not None else "-", len(entries), new,
             poll["known"], " (gap)" if poll["gap"] else "", interval, time.monotonic() - started,
             f"; error: {error}" if error else "")
    return result
