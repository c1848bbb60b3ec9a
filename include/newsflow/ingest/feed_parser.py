"""Feed documents → entries with a stable identity and a canonical article URL."""

from __future__ import annotations

import calendar
import hashlib
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser
from feedparser.encodings import convert_to_utf8

from newsflow.extract.urls import absolute_http_url, canonicalize_url
from newsflow.ingest.xmlguard import UnsafeXMLError, check_no_entity_declarations

MAX_ENTRIES = 2000  # entries kept per document; ParsedFeed.entries_total says how many there were
# Every text field a feed hands us is capped, so no document can produce a giant value.
MAX_FEED_TITLE_CHARS = 1_000
MAX_ENTRY_TITLE_CHARS = 1_000
MAX_SUMMARY_CHARS = 100_000  # descriptions often carry the whole article as HTML
MAX_AUTHOR_CHARS = 200
MAX_AUTHORS = 50
MAX_URL_CHARS = 4_096  # longer links are dropped, not cut: a cut URL names another resource
# Entry keys and canonical URLs are indexed (a btree row holds ~2.7 kB): a longer key is
# identified by its hash, and an article whose canonical URL is longer cannot be stored at all.
MAX_KEY_BYTES = 1_000
MAX_CANONICAL_URL_BYTES = 2_000
MAX_GUID_CHARS = 1_000  # longer guids are identified by their hash
MAX_ERROR_CHARS = 1_000
# Polling hints: a <ttl> or sy:update period longer than a week says nothing a scheduler can use.
MAX_HINT_SECONDS = 7 * 24 * 3600.0
_SY_PERIOD_SECONDS = {"hourly": 3600.0, "daily": 86_400.0, "weekly": 604_800.0,
                      "monthly": 30 * 86_400.0, "yearly": 365 * 86_400.0}
# RFC 5005 paged and archived feeds: the feed-level links that lead to entries not listed here.
PAGING_RELS = ("next", "prev-archive", "previous", "current", "first", "last")
_IANA_REL = "http://www.iana.org/assignments/relation/"

# feedparser looks for an e-mail address in every author-like value with a regex that is
# quadratic in the length of a run of [A-Za-z0-9_.+-] characters (a 100 KB run: ~70 s of CPU).
# Runs inside those elements are costed (sum of squared lengths) before parsing; above the
# budget (~0.3 s of feedparser's work) the feed is refused. Real bylines have runs of < 50.
AUTHOR_REGEX_BUDGET = 20_000_000
_AUTHORISH = rb"(?:[\w.-]+:)?(?:author|creator|managingeditor|webmaster|publisher)"
_AUTHOR_START = re.compile(rb"<" + _AUTHORISH + rb"(?:\s[^<>]*)?>", re.I)
_AUTHOR_END = re.compile(rb"</" + _AUTHORISH + rb"\s*>", re.I)
_TAG = re.compile(rb"""<[^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>""")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?")
_EMAIL_RUN = re.compile(rb"[A-Za-z0-9_.+-]{16,}")


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
    # the publisher's polling hints: <ttl> and sy:updatePeriod/updateFrequency, in seconds
    ttl_seconds: float | None = None
    update_seconds: float | None = None
    links: dict[str, str] = field(default_factory=dict)  # PAGING_RELS rel -> absolute URL

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


def capped_text(value: Any, limit: int) -> str | None:
    """Stripped text cut to ``limit`` characters; None when empty or not text (feeds and pages
    alike: every stored field from the web goes through it)."""
    if not isinstance(value, str):
        return None
    return value.strip()[:limit].strip() or None


def _link(raw: Any, base_url: str | None) -> str | None:
    """An http(s) link (entry or feed), resolved against the feed URL when relative."""
    link = raw if isinstance(raw, str) else None
    if not link or len(link) > MAX_URL_CHARS:
        return None
    resolved = absolute_http_url(link, base_url)
    return resolved if resolved and len(resolved) <= MAX_URL_CHARS else None


def _hint_number(raw: Any) -> float | None:
    """A positive finite number from a feed's text; None for anything else (even a huge one)."""
    text = raw.strip() if isinstance(raw, str) else ""
    try:
        value = float(text) if 0 < len(text) <= 32 else math.nan
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def _ttl_seconds(feed: Mapping[str, Any]) -> float | None:
    """RSS 2.0 <ttl> is in minutes."""
    minutes = _hint_number(feed.get("ttl"))
    return None if minutes is None else min(minutes * 60.0, MAX_HINT_SECONDS)


def _update_seconds(feed: Mapping[str, Any]) -> float | None:
    """Syndication module: period / frequency. Only when updatePeriod is present (as Media
    Cloud's rss-fetcher does); an empty one means the spec's default, daily."""
    period = feed.get("sy_updateperiod")
    if not isinstance(period, str):
        return None
    seconds = _SY_PERIOD_SECONDS.get(period.strip().lower() or "daily")
    raw = feed.get("sy_updatefrequency")
    frequency = _hint_number(raw) if isinstance(raw, str) and raw.strip() else 1.0  # spec default
    if seconds is None or frequency is None:
        return None
    return min(seconds / frequency, MAX_HINT_SECONDS)


def _paging_links(raw_links: Any, base_url: str | None) -> dict[str, str]:
    """The first absolute http(s) link of each PAGING_RELS rel (Atom <link>, atom:link in RSS)."""
    links: dict[str, str] = {}
    for item in raw_links if isinstance(raw_links, list) else []:
        rel = item.get("rel") if isinstance(item, Mapping) else None
        rel = rel.strip().lower().removeprefix(_IANA_REL) if isinstance(rel, str) else ""
        if rel in PAGING_RELS and rel not in links and (url := _link(item.get("href"), base_url)):
            links[rel] = url
    return links


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def indexable_url(canonical: str | None) -> str | None:
    """A canonical URL short enough for its unique index; None for a longer one, which no
    article can have as its identity."""
    return canonical if canonical and _utf8_len(canonical) <= MAX_CANONICAL_URL_BYTES else None


def entry_identity(entry: Any, base_url: str | None = None) -> str:
    """guid, else link, else a hash of title + date (stable across fetches); never longer than
    MAX_KEY_BYTES (a longer one is replaced by its hash)."""
    key = _entry_identity(entry, base_url)
    if _utf8_len(key) <= MAX_KEY_BYTES:
        return key
    kind = key.split(":", 1)[0].removesuffix("-sha256")
    return f"{kind}-sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _entry_identity(entry: Any, base_url: str | None) -> str:
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
    names = [capped_text(a.get("name"), MAX_AUTHOR_CHARS) for a in entry.get("authors", [])
             if isinstance(a, dict)]
    found = [n for n in names if n]
    if not found and (single := capped_text(entry.get("author"), MAX_AUTHOR_CHARS)):
        found = [single]
    return found[:MAX_AUTHORS]


def _char_ref(match: re.Match[bytes]) -> bytes:
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    return bytes([code]) if code < 128 else b" "


def _character_data(xml: bytes) -> bytes:
    """The text an XML parser reports for a fragment: tags, comments and PIs removed, CDATA
    content kept literally. Linear: every scan ends at a terminator that is then consumed."""
    out: list[bytes] = []
    i, n = 0, len(xml)
    while i < n:
        j = xml.find(b"<", i)
        if j < 0:
            out.append(xml[i:])
            break
        out.append(xml[i:j])
        if xml.startswith(b"<![CDATA[", j):
            k = xml.find(b"]]>", j + 9)
            out.append(xml[j + 9:k if k >= 0 else n])
            i = n if k < 0 else k + 3
        elif xml.startswith(b"<!--", j):
            k = xml.find(b"-->", j + 4)
            i = n if k < 0 else k + 3
        elif tag := _TAG.match(xml, j):
            i = tag.end()
        else:
            k = xml.find(b">", j + 1)
            i = n if k < 0 else k + 1
    return b"".join(out)


def author_regex_cost(utf8: bytes) -> int:
    """Sum of squared long runs feedparser's author regex would backtrack over.

    Measured on the element's character data as the parser sees it (markup inside dropped,
    so runs it splits are joined; character references expanded). One pass: an element
    already covered by the previous one's span is not scanned again.
    """
    cost, covered = 0, 0
    for start in _AUTHOR_START.finditer(utf8):
        if start.start() < covered:
            continue
        end = _AUTHOR_END.search(utf8, start.end())
        covered = end.start() if end else len(utf8)
        text = _CHAR_REF.sub(_char_ref, _character_data(utf8[start.end():covered]))
        cost += sum(len(run.group()) ** 2 for run in _EMAIL_RUN.finditer(text))
    return cost


def _response_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """Lower-cased headers for feedparser. The feed's URL is deliberately not given to it as a
    base: it would also resolve permalink guids, changing the identity of entries already
    stored; relative links are resolved by _link instead (xml:base is still honoured)."""
    return {str(k).lower(): str(v) for k, v in (headers or {}).items()}


def parse_feed(content: bytes, headers: Mapping[str, str] | None = None, *,
               base_url: str | None = None) -> ParsedFeed:
    """Parse feed bytes; a malformed (bozo) feed still yields the entries it could read.

    ``base_url`` is the URL the feed was fetched from (after redirects): relative entry
    links are resolved against it (xml:base in the document still takes precedence).
    """
    if not content.strip():
        raise FeedParseError("empty response body")
    response_headers = _response_headers(headers)
    # The guard reads the very text feedparser will parse: its own charset detection
    # (BOM, HTTP charset, XML declaration, fallbacks) turned into UTF-8.
    decoded = convert_to_utf8(dict(response_headers), bytes(content), {})
    try:
        check_no_entity_declarations(decoded)
    except UnsafeXMLError as exc:
        raise FeedParseError(
            f"feed {exc}: XML entities are refused (possible entity-expansion bomb)") from exc
    if (cost := author_regex_cost(decoded)) > AUTHOR_REGEX_BUDGET:
        raise FeedParseError(
            f"feed has author fields with giant unbroken tokens (cost {cost:,} > {AUTHOR_REGEX_BUDGET:,}); "
            "refused: parsing them would take minutes of CPU")
    del decoded
    # A stream, never bytes: feedparser opens bytes that look like a path or URL.
    parsed = feedparser.parse(io.BytesIO(content), response_headers=response_headers)
    bozo = bool(parsed.get("bozo"))
    bozo_error = capped_text(str(parsed.get("bozo_exception")), MAX_ERROR_CHARS) if bozo else None
    if not parsed.entries and (bozo or not parsed.get("version")):
        raise FeedParseError(f"not a readable RSS/Atom feed: {bozo_error or 'no entries, no version'}")
    entries: list[FeedEntry] = []
    for raw in parsed.entries[:MAX_ENTRIES]:
        link = _link(raw.get("link"), base_url)
        canonical = indexable_url(canonicalize_url(link) if link else None)
        if canonical is None:
            link = None  # kept as an entry, but no article can have this identity
        entries.append(
            FeedEntry(
                entry_key=entry_identity(raw, base_url),
                url=link,
                canonical_url=canonical,
                title=capped_text(raw.get("title"), MAX_ENTRY_TITLE_CHARS),
                published_at=_to_datetime(raw.get("published_parsed") or raw.get("updated_parsed")),
                authors=_authors(raw),
                summary=capped_text(raw.get("summary"), MAX_SUMMARY_CHARS),
            )
        )
    return ParsedFeed(
        title=capped_text(parsed.feed.get("title"), MAX_FEED_TITLE_CHARS),
        entries=entries,
        bozo=bozo,
        bozo_error=bozo_error,
        entries_total=len(parsed.entries),
        ttl_seconds=_ttl_seconds(parsed.feed),
        update_seconds=_update_seconds(parsed.feed),
        links=_paging_links(parsed.feed.get("links"), base_url),
    )
