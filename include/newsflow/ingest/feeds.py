"""Feed stage: sync feeds.yaml into news.feeds, then fetch, parse and store one feed's entries."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from newsflow import http as nfhttp
from newsflow.extract import urls
from newsflow.http import Fetcher, FetchResult, redact_url, strip_userinfo, with_userinfo_of
from newsflow.ingest.feed_parser import FeedParseError, ParsedFeed, parse_feed
from newsflow.ingest.feeds_file import FeedConfig
from newsflow.warehouse import db
from newsflow.warehouse.load import bulk_upsert
from newsflow.warehouse.politeness import WarehousePoliteness
from newsflow.warehouse.text import storable

log = logging.getLogger(__name__)

_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"


def sync_feeds(feeds: list[FeedConfig], dsn: str, *, include_gone: bool = False) -> list[str]:
    """Upsert the configured feeds and return the names to fetch.

    Feeds no longer configured are disabled, never deleted. A feed that answered 410 Gone stays
    disabled (not hammered) until its configured URL changes or `include_gone` (a forced run);
    a URL moved by a permanent redirect is kept until the configured URL changes.
    """
    rows = [(f.name, strip_userinfo(f.url), f.title, list(f.tags), f.enabled) for f in feeds]
    with db.connection(dsn) as conn, conn.cursor() as cur:
        for name, url, title, tags, enabled in rows:
            cur.execute(
                """
                INSERT INTO news.feeds AS f (feed_name, configured_url, url, title, tags, enabled)
                VALUES (%(name)s, %(url)s, %(url)s, %(title)s, %(tags)s, %(enabled)s)
                ON CONFLICT (feed_name) DO UPDATE SET
                    configured_url = EXCLUDED.configured_url,
                    url = CASE WHEN f.configured_url = EXCLUDED.configured_url THEN f.url
                               ELSE EXCLUDED.url END,
                    last_status = CASE WHEN f.configured_url = EXCLUDED.configured_url THEN f.last_status
                                       END,
                    title = COALESCE(EXCLUDED.title, f.title),
                    tags = EXCLUDED.tags,
                    enabled = EXCLUDED.enabled AND (
                        %(include_gone)s OR f.configured_url <> EXCLUDED.configured_url
                        OR f.last_status IS DISTINCT FROM 'gone'),
                    updated_at = now()
                WHERE (f.configured_url, f.title, f.tags, f.enabled)
                      IS DISTINCT FROM (EXCLUDED.configured_url, COALESCE(EXCLUDED.title, f.title),
                                        EXCLUDED.tags, EXCLUDED.enabled AND (
                                            %(include_gone)s OR f.last_status IS DISTINCT FROM 'gone'))
                """,
                {"name": name, "url": url, "title": title, "tags": tags, "enabled": enabled,
                 "include_gone": include_gone},
            )
        cur.execute(
            "UPDATE news.feeds SET enabled = false, updated_at = now() "
            "WHERE enabled AND NOT feed_name = ANY(%s)",
            ([f.name for f in feeds],),
        )
        cur.execute("SELECT feed_name FROM news.feeds WHERE enabled AND feed_name = ANY(%s)",
                    ([f.name for f in feeds],))
        active = {r[0] for r in cur.fetchall()}
    return [f.name for f in feeds if f.name in active]


@contextmanager
def borrowed(fetcher: Fetcher | None, dsn: str) -> Iterator[Fetcher]:
    """The caller's Fetcher (left open for its next use), or a new one, closed afterwards, whose
    per-site clock and robots.txt cache live in the warehouse: parallel tasks and workers share
    them, so together they never hit one site faster than its delay."""
    if fetcher is not None:
        yield fetcher
        return
    with WarehousePoliteness(dsn) as shared, Fetcher(politeness=shared) as own:
        yield own


def _feed_state(dsn: str, feed_name: str) -> dict[str, Any]:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT url, etag, last_modified, enabled, last_status FROM news.feeds WHERE feed_name = %s",
            (feed_name,),
        )
        row = cur.fetchone()
    if row is None:
        raise KeyError(f"feed {feed_name!r} is not in news.feeds; run sync_feeds first")
    return dict(zip(("url", "etag", "last_modified", "enabled", "last_status"), row, strict=True))


def _store_fetch(
    dsn: str, feed_name: str, run_id: str, res: FetchResult, outcome: str, error: str | None,
    parsed: ParsedFeed | None,
) -> int:
    """Entries, the fetch record and the feed's state in one transaction; returns new entries."""
    entries = parsed.entries if parsed else []
    new = 0
    with db.connection(dsn) as conn, conn.cursor() as cur:
        if entries:
            keys = list({e.canonical_url for e in entries if e.canonical_url})
            cur.execute(
                "SELECT canonical_url FROM news.articles WHERE canonical_url = ANY(%s)", (keys,)
            )
            known = {r[0] for r in cur.fetchall()}
            new = len(set(keys) - known)
            rows = {}
            for e in entries:
                aid = urls.article_id(e.canonical_url) if e.canonical_url else None
                rows[e.entry_key] = (
                    feed_name, e.entry_key, redact_url(e.url) if e.url else None,
                    e.canonical_url, aid, e.title, e.published_at, e.authors, e.summary,
                )
            bulk_upsert(
                cur,
                "feed_entries",
                ["feed_name", "entry_key", "url", "canonical_url", "article_id",
                 "title", "published_at", "authors", "summary"],
                list(rows.values()),
                conflict=["feed_name", "entry_key"],
            )
        cur.execute(
            """
            INSERT INTO news.feed_fetches (feed_name, run_id, fetched_at, url, final_url,
                http_status, outcome, not_modified, entries_seen, entries_new, bozo,
                bozo_error, error, attempts, elapsed_ms, entries_total)
            VALUES (%s, %s, now(), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
            ON CONFLICT (feed_name, run_id) DO UPDATE SET
                fetched_at = EXCLUDED.fetched_at, url = EXCLUDED.url,
                final_url = EXCLUDED.final_url, http_status = EXCLUDED.http_status,
                outcome = EXCLUDED.outcome, not_modified = EXCLUDED.not_modified,
                entries_seen = EXCLUDED.entries_seen, entries_new = EXCLUDED.entries_new,
                bozo = EXCLUDED.bozo, bozo_error = EXCLUDED.bozo_error, error = EXCLUDED.error,
                attempts = EXCLUDED.attempts, elapsed_ms = EXCLUDED.elapsed_ms,
                entries_total = EXCLUDED.entries_total
            """,
            storable((
                feed_name, run_id, redact_url(res.url), redact_url(res.final_url),
                res.status_code, outcome, outcome == nfhttp.NOT_MODIFIED, len(entries), new,
                bool(parsed and parsed.bozo), parsed.bozo_error if parsed else None,
                error, res.attempts, res.elapsed_ms, parsed.entries_total if parsed else None,
            )),
        )
        success = outcome in (nfhttp.OK, nfhttp.NOT_MODIFIED)
        gone = res.status_code == 410
        cur.execute(
            """
            UPDATE news.feeds SET
                url = COALESCE(%s, url),
                title = COALESCE(title, %s),
                etag = CASE WHEN %s THEN %s ELSE etag END,
                last_modified = CASE WHEN %s THEN %s ELSE last_modified END,
                last_status = %s, last_error = %s, last_fetched_at = now(),
                consecutive_failures = CASE WHEN %s THEN 0 ELSE consecutive_failures + 1 END,
                enabled = enabled AND NOT %s,
                updated_at = now()
             WHERE feed_name = %s
            """,
            storable((
                strip_userinfo(res.permanent_url) if success and res.permanent_url else None,
                parsed.title if parsed else None,
                outcome == nfhttp.OK, res.headers.get("etag"),
                outcome == nfhttp.OK, res.headers.get("last-modified"),
                "gone" if gone else outcome, error,
                success, gone, feed_name,
            )),
        )
    return new


def fetch_feed(
    feed_name: str,
    *,
    dsn: str,
    run_id: str,
    force: bool = False,
    fetcher: Fetcher | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """Conditional GET + parse one feed, store its entries, record the attempt. Never raises
    for feed trouble: the outcome is recorded and returned.

    `url` is the configured URL from feeds.yaml, which may carry credentials the warehouse
    never stores; it is used unless a permanent redirect has since moved the feed.
    """
    started = time.monotonic()
    state = _feed_state(dsn, feed_name)
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
    try:
        new = _store_fetch(dsn, feed_name, run_id, res, outcome, error, parsed)
    except Exception as exc:
        if not db.is_data_error(exc):
            raise  # the warehouse itself is in trouble: no feed can be stored, let the task retry
        # Something in this feed's rows was refused: record the fetch without them and go on.
        outcome, error = "error", f"could not store the feed's entries: {db.describe_error(exc)}"
        log.warning("feed %s: %s", feed_name, error)
        parsed, entries = None, []
        new = _store_fetch(dsn, feed_name, run_id, res, outcome, error, None)
    result = {
        "feed": feed_name,
        "outcome": outcome,
        "http_status": res.status_code,
        "entries": len(entries),
        "entries_total": parsed.entries_total if parsed else 0,
        "new": new,
        "bozo": bool(parsed and parsed.bozo),
        "error": error,
    }
    # The task's one summary line (errors are already redacted; never the feed's URL or text).
    log.info("feed %s: %s, HTTP %s, %d entries seen, %d new, %.2f s%s", feed_name, outcome,
             res.status_code if res.status_code is not None else "-", len(entries), new,
             time.monotonic() - started, f"; error: {error}" if error else "")
    return result
