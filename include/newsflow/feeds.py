"""Feed documents → entries with a stable identity and a canonical article URL."""

from __future__ import annotations

import calendar
import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser
from feedparser.encodings import convert_to_utf8

from newsflow.dedup import absolute_http_url, canonicalize_url
from newsflow.xmlguard import UnsafeXMLError, check_no_entity_declarations

MAX_ENTRIES = 2000  # entries kept per document; ParsedFeed.entries_total says how many there were
# Every text field a feed hands us is capped, so no document can produce a giant value.
MAX_FEED_TITLE_CHARS = 1_000
MAX_ENTRY_TITLE_CHARS = 1_000
MAX_SUMMARY_CHARS = 100_000  # descriptions often carry the whole article as HTML
MAX_AUTHOR_CHARS = 200
MAX_AUTHORS = 50
MAX_URL_CHARS = 4_096  # longer links are dropped, not cut: a cut URL names another resource
MAX_GUID_CHARS = 1_000  # longer guids are identified by their hash
MAX_ERROR_CHARS = 1_000


class FeedParseError(ValueError):
    """The bytes are not a feed we can read (the message says why)."""


@dataclass
class FeedEntry:
    entry_key: str
    url: str | None
    canonical_url: str | None
    title: str | None = None
    published_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    summary: str | None = None


@dataclass
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]
    bozo: bool = False
    bozo_error: str | None = None
    # entries in the document; more than len(entries) when MAX_ENTRIES cut the rest
    entries_total: int = 0

    @property
    def truncated(self) -> bool:
        return self.entries_total > len(self.entries)


def _to_datetime(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _capped(value: Any, limit: int) -> str | None:
    """Stripped text cut to ``limit`` characters; None when empty or not text."""
    if not isinstance(value, str):
        return None
    return value.strip()[:limit].strip() or None


def _link(raw: Any, base_url: str | None) -> str | None:
    """The entry's http(s) link, resolved against the feed URL when relative."""
    link = raw if isinstance(raw, str) else None
    if not link or len(link) > MAX_URL_CHARS:
        return None
    resolved = absolute_http_url(link, base_url)
    return resolved if resolved and len(resolved) <= MAX_URL_CHARS else None


def entry_identity(entry: Any, base_url: str | None = None) -> str:
    """guid, else link, else a hash of title + date (stable across fetches)."""
    guid = entry.get("id")
    guid = guid.strip() if isinstance(guid, str) else ""
    if len(guid) > MAX_GUID_CHARS:
        return "guid-sha256:" + hashlib.sha256(guid.encode("utf-8", "surrogatepass")).hexdigest()
    if guid:
        return f"guid:{guid}"
    raw_link = entry.get("link")
    raw_link = raw_link.strip() if isinstance(raw_link, str) else ""
    if raw_link and len(raw_link) <= MAX_URL_CHARS:
        return f"link:{canonicalize_url(absolute_http_url(raw_link, base_url) or raw_link)}"
    basis = f"{entry.get('title', '')}|{entry.get('published', '') or entry.get('updated', '')}"
    return "hash:" + hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _authors(entry: Any) -> list[str]:
    names = [_capped(a.get("name"), MAX_AUTHOR_CHARS) for a in entry.get("authors", [])
             if isinstance(a, dict)]
    found = [n for n in names if n]
    if not found and (single := _capped(entry.get("author"), MAX_AUTHOR_CHARS)):
        found = [single]
    return found[:MAX_AUTHORS]


def _response_headers(headers: Any, base_url: str | None) -> dict[str, str]:
    """Lower-cased headers for feedparser, with the feed's own URL as the base for relative links."""
    out = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
    if base_url:
        if not out:
            # feedparser flags a header set without content-type as non-XML and switches its
            # default charset; with no headers at all it assumes XML, which this keeps.
            out["content-type"] = "application/xml"
        out["content-location"] = base_url
    return out


def parse_feed(content: bytes, headers: Any = None, *, base_url: str | None = None) -> ParsedFeed:
    """Parse feed bytes; a malformed (bozo) feed still yields the entries it could read.

    ``base_url`` is the URL the feed was fetched from (after redirects): relative entry
    links are resolved against it (xml:base in the document still takes precedence).
    """
    if not content.strip():
        raise FeedParseError("empty response body")
    response_headers = _response_headers(headers, base_url)
    # The guard reads the very text feedparser will parse: its own charset detection
    # (BOM, HTTP charset, XML declaration, fallbacks) turned into UTF-8.
    decoded = convert_to_utf8(dict(response_headers), bytes(content), {})
    try:
        check_no_entity_declarations(decoded)
    except UnsafeXMLError as exc:
        raise FeedParseError(
            f"feed {exc}: XML entities are refused (possible entity-expansion bomb)") from exc
    del decoded
    # A stream, never bytes: feedparser opens bytes that look like a path or URL.
    parsed = feedparser.parse(io.BytesIO(content), response_headers=response_headers)
    bozo = bool(parsed.get("bozo"))
    bozo_error = _capped(str(parsed.get("bozo_exception")), MAX_ERROR_CHARS) if bozo else None
    if not parsed.entries and (bozo or not parsed.get("version")):
        raise FeedParseError(f"not a readable RSS/Atom feed: {bozo_error or 'no entries, no version'}")
    entries: list[FeedEntry] = []
    for raw in parsed.entries[:MAX_ENTRIES]:
        link = _link(raw.get("link"), base_url)
        entries.append(
            FeedEntry(
                entry_key=entry_identity(raw, base_url),
                url=link,
                canonical_url=canonicalize_url(link) if link else None,
                title=_capped(raw.get("title"), MAX_ENTRY_TITLE_CHARS),
                published_at=_to_datetime(raw.get("published_parsed") or raw.get("updated_parsed")),
                authors=_authors(raw),
                summary=_capped(raw.get("summary"), MAX_SUMMARY_CHARS),
            )
        )
    return ParsedFeed(
        title=_capped(parsed.feed.get("title"), MAX_FEED_TITLE_CHARS),
        entries=entries,
        bozo=bozo,
        bozo_error=bozo_error,
        entries_total=len(parsed.entries),
    )
