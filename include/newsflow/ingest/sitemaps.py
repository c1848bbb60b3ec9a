"""Sitemaps (sitemaps.org 0.9, Google News 0.9) → dated entries, parsed from bytes under caps.

Read to backfill a feed's gap: a news sitemap lists the last two days' articles with their
publication dates, a general one every page with its lastmod. Every byte is hostile, so the
document is decompressed under a cap, refused when it declares entities, parsed incrementally
(memory stays flat however many <url>s it holds) and cut at the sitemaps.org limits.
Elements are matched by local name: sites misspell the namespaces (https://, a trailing slash)
and the element names alone are unambiguous.
"""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from ipaddress import ip_address
from urllib.parse import urlsplit

from lxml import etree

from newsflow.extract.urls import absolute_http_url
from newsflow.ingest.feed_parser import capped_text
from newsflow.ingest.xmlguard import UnsafeXMLError, check_no_entity_declarations

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_SITEMAP_URLS = 50_000  # sitemaps.org: per sitemap and per index
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # sitemaps.org: uncompressed
MAX_URL_CHARS = 4_096
MAX_TITLE_CHARS = 1_000
MAX_ROBOTS_SITEMAPS = 50
# An image sitemap may give a <url> up to 1000 images of a few elements each; more is an attack
# on memory (one <url> is kept whole until it ends).
MAX_ELEMENTS_PER_ITEM = 10_000
# Tried on the feed's site when neither the feeds file nor robots.txt names a sitemap.
COMMON_SITEMAP_PATHS = ("/sitemap_news.xml", "/news-sitemap.xml", "/sitemap-news.xml", "/sitemap.xml",
                        "/sitemap_index.xml")

_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 256 * 1024
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_W3C_DATE = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?)?)?", re.I)
_ROBOTS_SITEMAP = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I)
# second-level labels under which a country code's registrable names sit (example.co.uk)
_SHARED_SECOND_LEVEL = frozenset({"ac", "co", "com", "edu", "gov", "go", "gob", "ne", "net", "or", "org"})


class SitemapError(ValueError):
    """The bytes are not a sitemap we can read (the message says why)."""


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    published_at: datetime | None  # news:publication_date, else lastmod (aware UTC)
    title: str | None  # news:title
    is_news: bool  # the <url> carries a Google News <news:news> block


@dataclass
class Sitemap:
    kind: str  # "index" | "urlset"
    children: list[tuple[str, datetime | None]] = field(default_factory=list)  # index: loc, lastmod
    entries: list[SitemapEntry] = field(default_factory=list)
    truncated: bool = False  # more than MAX_SITEMAP_URLS items: the rest were not read


def parse_w3c_datetime(text: str | None) -> datetime | None:
    """A W3C datetime (YYYY[-MM[-DD[Thh:mm[:ss[.f]]TZD]]]) as aware UTC; a naive one is taken as
    UTC. RFC 822 dates (seen in the wild) are read too; anything else is None, never an error."""
    text = (text or "").strip()
    if not text or len(text) > 64:
        return None
    match = _W3C_DATE.fullmatch(text)
    try:
        if match is None:
            when = parsedate_to_datetime(text)
            return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
        return _w3c(match)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def _w3c(match: re.Match[str]) -> datetime:
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    when = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                    int(second or 0), micro, tzinfo=_zone(zone))
    return when.astimezone(UTC)


def _zone(text: str | None) -> timezone:
    if not text or text.upper() == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return timezone(-offset if text[0] == "-" else offset)


def _decompressed(content: bytes) -> bytes:
    """content, gunzipped when it starts with the gzip magic, never past MAX_SITEMAP_BYTES."""
    if not content.startswith(_GZIP_MAGIC):
        if len(content) > MAX_SITEMAP_BYTES:
            raise SitemapError(f"sitemap is larger than {MAX_SITEMAP_BYTES:,} bytes")
        return content
    parts: list[bytes] = []
    size, data = 0, content
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        while data:
            out = inflater.decompress(data, MAX_SITEMAP_BYTES - size + 1)
            size += len(out)
            if size > MAX_SITEMAP_BYTES:
                raise SitemapError(f"gzipped sitemap inflates past {MAX_SITEMAP_BYTES:,} bytes (gzip bomb?)")
            parts.append(out)
            data = inflater.unconsumed_tail
            if inflater.eof and inflater.unused_data.strip(b"\0"):  # RFC 1952: another member
                data, inflater = inflater.unused_data, zlib.decompressobj(16 + zlib.MAX_WBITS)
    except zlib.error as exc:
        raise SitemapError(f"corrupt gzip data: {exc}") from None
    if not inflater.eof:
        raise SitemapError("truncated gzip data (the stream ends inside a member)")
    return b"".join(parts)


def _utf8(xml: bytes) -> bytes:
    """The document as UTF-8, the one encoding both the entity guard and the parser are told to
    read (sitemaps.org requires UTF-8; a UTF-16/32 byte order mark is honoured)."""
    for bom, codec in _BOMS:
        if xml.startswith(bom):
            return xml.decode(codec, "replace").encode("utf-8")
    try:
        xml.decode("utf-8")
        return xml
    except UnicodeDecodeError:
        return xml.decode("utf-8", "replace").encode("utf-8")


def parse_sitemap(content: bytes, base_url: str) -> Sitemap:
    """A sitemap index or urlset from bytes (plain or gzipped); SitemapError says why not.

    base_url: where the document was fetched from (relative locs, not allowed but seen, are
    resolved against it). Items past MAX_SITEMAP_URLS are dropped and `truncated` is set.
    """
    if not content.strip():
        raise SitemapError("empty response body")
    xml = _utf8(_decompressed(content))
    try:
        check_no_entity_declarations(xml)
    except UnsafeXMLError as exc:
        raise SitemapError(f"sitemap {exc}: XML entities are refused (possible entity-expansion bomb)") from None
    try:
        return _read(xml, base_url)
    except etree.LxmlError as exc:
        raise SitemapError(f"malformed XML: {str(exc)[:300]}") from None


def _pull_parser() -> etree.XMLPullParser:
    return etree.XMLPullParser(events=("start", "end"), encoding="utf-8", resolve_entities=False,
                               no_network=True, huge_tree=False, load_dtd=False, remove_comments=True,
                               remove_pis=True)


def _read(xml: bytes, base_url: str) -> Sitemap:
    """Fed in chunks; each top-level item is read when it ends, then dropped from the tree."""
    parser = _pull_parser()
    sitemap: Sitemap | None = None
    depth = inside = 0
    for start in range(0, len(xml), _CHUNK):
        parser.feed(xml[start:start + _CHUNK])
        for event, elem in parser.read_events():
            if event == "start":
                if sitemap is None:
                    sitemap = _opened(elem)
                depth += 1
                inside += depth > 1
                if inside > MAX_ELEMENTS_PER_ITEM:
                    raise SitemapError(f"an item holds more than {MAX_ELEMENTS_PER_ITEM:,} elements")
                continue
            depth -= 1
            if depth != 1 or sitemap is None:
                continue
            if len(sitemap.children) + len(sitemap.entries) >= MAX_SITEMAP_URLS:
                sitemap.truncated = True
                return sitemap
            _take(sitemap, elem, base_url)
            _forget(elem)
            inside = 0
    parser.close()
    if sitemap is None:
        raise SitemapError("no XML element in the document")
    return sitemap


def _opened(root: etree._Element) -> Sitemap:
    name = _local(root)
    if name == "sitemapindex":
        return Sitemap("index")
    if name == "urlset":
        return Sitemap("urlset")
    raise SitemapError(f"not a sitemap: the root element is <{name[:60]}>")


def _local(elem: etree._Element) -> str:
    return etree.QName(elem).localname if isinstance(elem.tag, str) else ""


def _child(elem: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in elem if _local(c) == name), None)


def _text(elem: etree._Element | None, name: str, limit: int) -> str | None:
    """The stripped text of elem's child `name`; None when absent, empty or longer than limit."""
    child = _child(elem, name) if elem is not None else None
    text = (child.text or "").strip() if child is not None else ""
    return text if 0 < len(text) <= limit else None


def _take(sitemap: Sitemap, item: etree._Element, base_url: str) -> None:
    url = _http_url(_text(item, "loc", MAX_URL_CHARS), base_url)
    lastmod = parse_w3c_datetime(_text(item, "lastmod", 64))
    name = _local(item)
    if url is None:
        return
    if sitemap.kind == "index" and name == "sitemap":
        sitemap.children.append((url, lastmod))
    elif sitemap.kind == "urlset" and name == "url":
        news = _child(item, "news")
        published = parse_w3c_datetime(_text(news, "publication_date", 64)) if news is not None else None
        heading = _child(news, "title") if news is not None else None
        title = capped_text(heading.text, MAX_TITLE_CHARS) if heading is not None else None
        sitemap.entries.append(SitemapEntry(url, published or lastmod, title, news is not None))


def _http_url(text: str | None, base_url: str) -> str | None:
    url = absolute_http_url(text, base_url) if text else None
    return url if url and len(url) <= MAX_URL_CHARS else None


def _forget(elem: etree._Element) -> None:
    """Drop a read item and its earlier siblings, so the tree never grows."""
    elem.clear()
    parent = elem.getparent()
    while parent is not None and elem.getprevious() is not None:
        del parent[0]


def sitemaps_in_robots(robots_text: str, site: str) -> list[str]:
    """The absolute http(s) URLs of robots.txt's `Sitemap:` lines, at most MAX_ROBOTS_SITEMAPS.

    Those on `site`'s own site come first (sitemaps.org lets a site name sitemaps elsewhere), so
    a robots.txt listing many foreign sitemaps cannot push the site's own past the cap.
    """
    found: list[str] = []
    for line in robots_text.splitlines():
        match = _ROBOTS_SITEMAP.match(line)
        url = _http_url(match.group(1), "") if match else None
        if url and url not in found:
            found.append(url)
    found.sort(key=lambda url: not on_site(url, site))
    return found[:MAX_ROBOTS_SITEMAPS]


def site_name(url: str) -> str | None:
    """The registrable part of url's host, approximated without a public-suffix list: the last
    two labels, three under a country code's shared second level (bbc.co.uk); an IP address
    whole. "www." and the port never matter."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not host:
        return None
    try:
        return str(ip_address(host))
    except ValueError:
        pass
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SHARED_SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def on_site(url: str, site_url: str) -> bool:
    """True when url's host and site_url's share a registrable name (a subdomain is the same site)."""
    name = site_name(url)
    return name is not None and name == site_name(site_url)
