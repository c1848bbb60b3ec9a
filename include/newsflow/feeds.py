"""Feed documents → entries with a stable identity and a canonical article URL."""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser

from newsflow.dedup import canonicalize_url

# Entity declarations have no business in a news feed and are how XML bombs work.
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_MAX_ENTRIES = 2000


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


def _to_datetime(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def entry_identity(entry: Any) -> str:
    """guid, else link, else a hash of title + date (stable across fetches)."""
    guid = (entry.get("id") or "").strip()
    if guid:
        return f"guid:{guid}"
    link = (entry.get("link") or "").strip()
    if link:
        return f"link:{canonicalize_url(link)}"
    basis = f"{entry.get('title', '')}|{entry.get('published', '') or entry.get('updated', '')}"
    return "hash:" + hashlib.sha256(basis.encode()).hexdigest()[:32]


def _authors(entry: Any) -> list[str]:
    names = [a.get("name", "").strip() for a in entry.get("authors", []) if isinstance(a, dict)]
    names = [n for n in names if n]
    if not names and entry.get("author"):
        names = [entry["author"].strip()]
    return names


def parse_feed(content: bytes, headers: dict[str, str] | None = None) -> ParsedFeed:
    """Parse feed bytes; a malformed (bozo) feed still yields the entries it could read."""
    if not content.strip():
        raise FeedParseError("empty response body")
    if _ENTITY_DECL.search(content[:65536]):
        raise FeedParseError("feed declares XML entities (possible entity-expansion bomb); refused")
    parsed = feedparser.parse(content, response_headers=headers or {})
    bozo = bool(parsed.get("bozo"))
    bozo_error = str(parsed.get("bozo_exception")) if bozo else None
    if not parsed.entries and (bozo or not parsed.get("version")):
        raise FeedParseError(f"not a readable RSS/Atom feed: {bozo_error or 'no entries, no version'}")
    entries: list[FeedEntry] = []
    for raw in parsed.entries[:_MAX_ENTRIES]:
        link = (raw.get("link") or "").strip() or None
        if link and not re.match(r"^https?://", link, re.I):
            link = None
        entries.append(
            FeedEntry(
                entry_key=entry_identity(raw),
                url=link,
                canonical_url=canonicalize_url(link) if link else None,
                title=(raw.get("title") or "").strip() or None,
                published_at=_to_datetime(raw.get("published_parsed") or raw.get("updated_parsed")),
                authors=_authors(raw),
                summary=(raw.get("summary") or "").strip() or None,
            )
        )
    return ParsedFeed(
        title=(parsed.feed.get("title") or "").strip() or None,
        entries=entries,
        bozo=bozo,
        bozo_error=bozo_error,
    )
