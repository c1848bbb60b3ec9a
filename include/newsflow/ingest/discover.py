"""Find a site's feeds and sitemaps from one of its pages (`newsflow feeds discover`).

Everything the site sends is hostile: one Deadline bounds the whole discovery (every fetch
takes it), the Fetcher caps sizes and refuses private hosts, the page is parsed from bytes,
and every failure becomes a line of `Discovered.tried` instead of an exception.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import lxml.html
import yaml
from lxml import etree
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from newsflow.extract.urls import absolute_http_url
from newsflow.http import Deadline, Fetcher, FetchResult, site_of, strip_userinfo
from newsflow.ingest.feed_parser import FeedParseError, parse_feed
from newsflow.ingest.feeds_file import FeedConfig, FeedsFileError, load_feeds

DEFAULT_BUDGET = 60.0  # seconds for one whole discovery
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})
# Where feeds usually live, tried only when the page names none.
COMMON_PATHS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml",
                "/feeds/all.atom.xml", "/rss/index.xml")
MAX_LINKS = 100  # feed links read from one page: the rest of a hostile page's thousands are ignored
MAX_SITEMAPS = 20  # FeedConfig.sitemaps holds at most 20
MAX_TITLE_CHARS = 200
MAX_URL_CHARS = 2_000
_PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
_FEED_ACCEPT = ("application/rss+xml,application/atom+xml,application/feed+json;q=0.9,"
                "application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.1")
_SITEMAP_LINE = re.compile(r"^[ \t]*sitemap[ \t]*:[ \t]*(\S+)", re.I | re.M)
_FEEDISH = re.compile(r"rss|atom|feed", re.I)  # a Sitemap: line that may well be a feed
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_NAME_CHARS = 60
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class FoundFeed:
    url: str
    title: str | None
    entries: int
    via: str  # "link" (named by the page), "path" (a common path), "robots" (a Sitemap: line)
    offsite: bool = False  # on another host than the page: worth a look before adding it


@dataclass
class Discovered:
    feeds: list[FoundFeed] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    tried: list[tuple[str, str]] = field(default_factory=list)  # (url, what happened), in order


# ------------------------------------------------------------------ discovery

def discover(fetcher: Fetcher, url: str, *, budget: Deadline | None = None,
             max_candidates: int = 20) -> Discovered:
    """The feeds and sitemaps a page leads to, each feed verified by fetching and parsing it.

    Candidates: the page's <link rel=alternate> feeds, robots.txt Sitemap: lines that look like
    feeds, and COMMON_PATHS when the page names none. At most max_candidates candidates are
    fetched (the page and robots.txt aside); sitemaps are listed, never fetched.
    """
    budget = budget if budget is not None else Deadline(DEFAULT_BUDGET)
    found = Discovered()
    page_url = _clean_url(url)
    if page_url is None:
        found.tried.append((url, "page: not an http(s) URL"))
        return found
    page = fetcher.fetch(page_url, accept=_PAGE_ACCEPT, check_robots=True, budget=budget)
    site_url = page.final_url if page.ok else page_url
    links = _feed_links(page, found)
    sitemaps = _robots_sitemaps(fetcher, site_url, budget, found)
    candidates = [(u, "link") for u in links]
    candidates += [(u, "robots") for u in sitemaps if _FEEDISH.search(urlsplit(u).path)]
    if not links:
        candidates += [(site_of(site_url) + path, "path") for path in COMMON_PATHS]
    first: dict[str, str] = {}
    for cand_url, via in candidates:
        first.setdefault(cand_url, via)  # a page's own link beats a guessed path
    feeds = _verify_all(fetcher, list(first.items()), budget, max_candidates, found, _host(site_url))
    found.sitemaps = [u for u in sitemaps if u not in feeds]  # a feed listed as a sitemap is a feed
    return found


def _clean_url(ref: str | None, base: str | None = None) -> str | None:
    """An absolute http(s) URL without credentials or whitespace, or None."""
    url = absolute_http_url(ref, base)
    if url is None or len(url) > MAX_URL_CHARS or urlsplit(url).username is not None:
        return None
    return re.sub(r"\s", lambda m: quote(m.group()), url)


def _host(url: str) -> str:
    """The host, without a leading www. (example.com and www.example.com are one site)."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _feed_links(page: FetchResult, found: Discovered) -> list[str]:
    """The page's feed links, absolute; its failure (fetch or parse) goes to `tried`."""
    if not page.ok:
        found.tried.append((page.url, f"page: {page.error or page.outcome}"))
        return []
    try:
        doc = lxml.html.fromstring(page.content)
    except (etree.LxmlError, ValueError) as exc:
        found.tried.append((page.final_url, f"page: not HTML ({_clip(str(exc))})"))
        return []
    base_element = next(doc.iter("base"), None)  # <base href> moves relative links elsewhere
    base = _clean_url(base_element.get("href"), page.final_url) if base_element is not None else None
    base = base or page.final_url
    links = _unique_strings(_clean_url(el.get("href"), base) for el in doc.iter("link") if _names_a_feed(el))
    links = links[:MAX_LINKS]
    found.tried.append((page.final_url, f"page: {len(links)} feed link(s)"))
    return links


def _names_a_feed(element: Any) -> bool:
    """<link rel="alternate" type="application/rss+xml|atom+xml|feed+json">, in any case."""
    rel = (element.get("rel") or "").lower().split()
    kind = (element.get("type") or "").split(";")[0].strip().lower()
    return "alternate" in rel and kind in FEED_TYPES


def _robots_sitemaps(fetcher: Fetcher, site_url: str, budget: Deadline, found: Discovered) -> list[str]:
    """The Sitemap: lines of the site's robots.txt, absolute and unique."""
    where = site_of(site_url) + "/robots.txt"
    try:
        record = fetcher.robots_record(site_url, budget)
    except Exception as exc:  # the politeness store or a hostile answer: reported, not raised
        found.tried.append((where, f"robots.txt: {type(exc).__name__}"))
        return []
    if record.status is None or not 200 <= record.status < 300:
        found.tried.append((where, f"robots.txt: {f'HTTP {record.status}' if record.status else 'unreachable'}"))
        return []
    lines = _SITEMAP_LINE.findall(record.body)
    sitemaps = _unique_strings(_clean_url(u, where) for u in lines)[:MAX_SITEMAPS]
    found.tried.append((where, f"robots.txt: {len(sitemaps)} sitemap(s)"))
    return sitemaps


def _unique_strings(items: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _verify_all(fetcher: Fetcher, candidates: list[tuple[str, str]], budget: Deadline, limit: int,
                found: Discovered, page_host: str) -> set[str]:
    """Fetch and parse (url, via) candidates in order while the budget and the limit last; the
    candidate URLs that are feeds."""
    finals: dict[str, str] = {}  # final URL -> the candidate that reached it first
    feeds: set[str] = set()
    for index, (url, via) in enumerate(candidates):
        if index >= limit:
            found.tried.append((url, f"not tried: at most {limit} candidates are fetched"))
        elif budget.expired:
            found.tried.append((url, "not tried: the time budget is spent"))
        elif _verify(fetcher, url, via, budget, finals, found, page_host):
            feeds.add(url)
    return feeds


def _verify(fetcher: Fetcher, url: str, via: str, budget: Deadline, finals: dict[str, str],
            found: Discovered, page_host: str) -> bool:
    """One candidate: a FoundFeed when it parses as a feed, else the reason in `tried`."""
    res = fetcher.fetch(url, accept=_FEED_ACCEPT, check_robots=True, budget=budget)
    if not res.ok:
        found.tried.append((url, res.error or str(res.outcome)))
        return False
    if res.final_url in finals:
        found.tried.append((url, f"same feed as {finals[res.final_url]}"))
        return True
    try:
        parsed = parse_feed(res.content, res.headers, base_url=res.final_url)
    except Exception as exc:  # FeedParseError, or feedparser meeting hostile bytes
        found.tried.append((url, _not_a_feed(res, exc)))
        return False
    finals[res.final_url] = url
    feed_url = strip_userinfo(res.permanent_url) if res.permanent_url else url
    found.feeds.append(FoundFeed(feed_url, _title(parsed.title), parsed.entries_total, via,
                                 offsite=_host(feed_url) != page_host))
    found.tried.append((url, f"feed, {parsed.entries_total} entries"))
    return True


def _not_a_feed(res: FetchResult, exc: Exception) -> str:
    """Why a fetched candidate is not a feed; an HTML page is named as such."""
    head = res.content[:1024].lstrip().lower()
    if (res.content_type or "").lower().startswith("text/html") or head.startswith((b"<!doctype html", b"<html")):
        return "not a feed: an HTML page"
    why = str(exc) if isinstance(exc, FeedParseError) else f"{type(exc).__name__}: {exc}"
    return f"not a feed: {_clip(why)}"


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _title(raw: str | None) -> str | None:
    """A title fit for a YAML file: printable, one line, short."""
    text = "".join(c for c in raw or "" if c.isprintable() or c.isspace())
    return _clip(text, MAX_TITLE_CHARS) or None


def why_none(found: Discovered) -> str:
    """One line on why discovery found no feed (for the CLI's exit code 1)."""
    page = found.tried[0][1] if found.tried else "nothing was tried"
    others = [what for _, what in found.tried if not what.startswith(("page:", "robots.txt:"))]
    return f"{page}; none of {len(others)} candidate URL(s) is a feed" if others else page


# -------------------------------------------------------------- feeds-file entries

def _slug(text: str) -> str:
    """A FeedConfig name: lower-case ASCII letters, digits and '-', at most 60 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:_MAX_NAME_CHARS].rstrip("-") or "feed"


def _unique_name(base: str, taken: set[str]) -> str:
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def feed_entries(discovered: Discovered, existing_names: set[str], page_url: str) -> list[dict[str, Any]]:
    """One feeds-file entry per found feed, named `<site host>-<feed title>` and unique against
    existing_names; each carries the site's sitemaps (news sitemaps first) and the page."""
    taken = set(existing_names)
    site = _host(page_url) or "site"
    sitemaps = sorted(discovered.sitemaps, key=lambda u: "news" not in u.lower())[:MAX_SITEMAPS]
    entries: list[dict[str, Any]] = []
    for feed in discovered.feeds:
        title = _title(feed.title)
        name = _unique_name(_slug(f"{site} {title or urlsplit(feed.url).path}"), taken)
        taken.add(name)
        entry: dict[str, Any] = {"name": name, "url": feed.url}
        if title:
            entry["title"] = title
        if sitemaps:
            entry["sitemaps"] = list(sitemaps)
        entry["discovered_from"] = strip_userinfo(page_url)
        FeedConfig.model_validate(entry)  # a ValidationError here is our bug, not the site's
        entries.append(entry)
    return entries


def entries_yaml(entries: list[dict[str, Any]], indent: int = 2) -> str:
    """The entries as YAML list items, indented to sit under a `feeds:` key."""
    text = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, default_flow_style=False,
                          width=4096)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


# ------------------------------------------------------------ appending to a file

def append_to_feeds_file(path: Path | str, entries: list[dict[str, Any]], *,
                         say: Callable[[str], None] | None = None) -> int:
    """Append entries to the file's `feeds:` list as text at its end, so comments and layout stay;
    entries whose URL is already there are skipped (`say` is told). The whole file is validated
    afterwards and its original bytes are put back when it fails. Returns how many were added."""
    path = Path(path)
    existing = load_feeds(path)  # a file that is already wrong is not touched
    original = path.read_bytes()
    known = {feed.url for feed in existing}
    fresh = []
    for entry in entries:
        if entry["url"] in known:
            if say is not None:
                say(f"already in {path}: {entry['url']} (skipped)")
            continue
        known.add(entry["url"])
        fresh.append(entry)
    if not fresh:
        return 0
    indent = _list_column(path, original.decode("utf-8-sig"))
    newline = "\r\n" if b"\r\n" in original else "\n"
    text = entries_yaml(fresh, indent).replace("\n", newline).encode("utf-8")
    if original and not original.endswith(b"\n"):
        text = newline.encode() + text
    try:
        with path.open("ab") as handle:
            handle.write(text)
        if [feed.name for feed in load_feeds(path)[-len(fresh):]] != [e["name"] for e in fresh]:
            raise FeedsFileError(f"{path}: the appended entries did not land in the feeds list")
    except FeedsFileError as exc:
        path.write_bytes(original)
        raise FeedsFileError(f"{exc} (nothing appended: the file is as it was)") from None
    except BaseException:
        path.write_bytes(original)
        raise
    return len(fresh)


def _list_column(path: Path, text: str) -> int:
    """The column of the feeds list's dashes; FeedsFileError unless `feeds:` is the last top-level
    key and a block list, so that text appended to the file lands inside the list."""
    root = yaml.compose(text, Loader=_COMPOSER)  # bounded: load_feeds accepted this text
    key, value = root.value[-1] if isinstance(root, MappingNode) and root.value else (None, None)
    if not (isinstance(key, ScalarNode) and key.value == "feeds" and isinstance(value, SequenceNode)
            and not value.flow_style and value.value):
        raise FeedsFileError(f"{path}: cannot append: 'feeds:' must be the last top-level key, written "
                             "as a block list ('- name: …' lines); add the entries by hand")
    return int(value.start_mark.column)  # a block list starts at its first dash

