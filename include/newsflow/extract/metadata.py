"""Article metadata from the page head: JSON-LD first, then OpenGraph, then plain meta.

Publishers fill these fields for search engines and social cards, so they are far
more reliable than guessing from the visible layout, and reading them costs a few
XPath queries on the tree the extractor already parsed.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from lxml.html import HtmlElement

from newsflow.extract.urls import absolute_http_url

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
    "scholarlyarticle", "techarticle", "report", "socialmediaposting", "posting",
}
_WS = re.compile(r"\s+")
_BY = re.compile(r"^\s*(?:by|von|por|par|di|door)\s+", re.I)
# 'AP Auto Writer', 'Staff': a job title where a name was expected.
_ROLE = re.compile(r"^(?:staff|admin|editor|editorial)$|\b(?:writer|editor|correspondent|reporter)s?$",
                   re.I)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|·|»)\s+")


@dataclass
class Metadata:
    """What the page says about itself; every field may be missing."""

    title: str | None = None
    title_variants: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    language: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    description: str | None = None
    # False when JSON-LD says isAccessibleForFree: false; None when the page does not say
    accessible_for_free: bool | None = None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = _WS.sub(" ", value).strip()
    return value or None


def _meta_index(tree: HtmlElement) -> dict[str, str]:
    """All <meta property|name|itemprop=key content=...> in one pass (first value wins)."""
    index: dict[str, str] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = el.get(attr)
            if key and key.lower() not in index and (v := _clean(content)):
                index[key.lower()] = v
    return index


def _meta(index: dict[str, str], *keys: str) -> str | None:
    """First non-empty meta value among keys, in order."""
    for key in keys:
        if v := index.get(key.lower()):
            return v
    return None


#: JSON-LD nodes visited per block: real pages have tens; a 650,000-item list took 100 s.
MAX_JSONLD_NODES = 10_000


def _iter_jsonld(tree: HtmlElement) -> Iterator[dict]:
    """Every dict found in the page's JSON-LD blocks (walking @graph and lists)."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = script.text or ""
        if not raw.strip():
            continue
        try:
            data = json.loads(raw, strict=False)
        except RecursionError:
            continue  # nested deeper than the interpreter's stack: not metadata anyone wrote
        except ValueError:
            try:  # a common breakage: a trailing semicolon or HTML comment wrapper
                data = json.loads(raw.strip().strip(";").replace("<!--", "").replace("-->", ""),
                                  strict=False)
            except (ValueError, RecursionError):
                continue
        queue: deque[Any] = deque([data])
        budget = MAX_JSONLD_NODES
        while queue and budget > 0:
            item = queue.popleft()
            budget -= 1
            if isinstance(item, list):
                queue.extend(item[:budget])
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    queue.extend(item["@graph"][:budget])
                if isinstance(item.get("mainEntity"), dict | list):
                    queue.append(item["mainEntity"])


def _types(item: dict) -> set[str]:
    t = item.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD author value (string, Person, list of either)."""
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = name[0] if name else None
        name = _clean(name)
        if name:
            out.extend(split_authors(name))
    return out


def split_authors(value: str) -> list[str]:
    """'By Jane Doe and John Roe' -> ['Jane Doe', 'John Roe']; URLs are not names."""
    value = _BY.sub("", value).split(" | ")[0]
    parts = re.split(r"\s*(?:,|;|\band\b|\bund\b|\be\b|\by\b|&)\s*", value)
    names = []
    for part in parts:
        part = part.strip(" .|")
        if not part or "/" in part or "@" in part or len(part) > 60 or _ROLE.search(part):
            continue
        names.append(part)
    return names


def parse_date(value: str | None) -> datetime | None:
    """ISO-8601 (what JSON-LD and OpenGraph use) or RFC 2822; None when unparseable."""
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    m = re.match(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?", value)
    if m:
        try:
            return datetime.fromisoformat(m.group(0))
        except ValueError:
            pass
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _free_flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("false", "true"):
        return value.strip().lower() == "true"
    return None


def title_variants(*titles: str | None) -> list[str]:
    """Each title plus its parts split at ' | ' / ' - ' (site names glued to <title>)."""
    out: list[str] = []
    for t in titles:
        if not t:
            continue
        out.append(t)
        parts = _TITLE_SEPARATORS.split(t)
        if len(parts) > 1:
            out.extend(p for p in parts if len(p) > 15)
    return list(dict.fromkeys(out))


_REL_CANONICAL = ("//link[contains(concat(' ', normalize-space(translate(@rel, 'CANONICAL', "
                  "'canonical')), ' '), ' canonical ')]/@href")


def _canonical_url(tree: HtmlElement, metas: dict[str, str], url: str | None) -> str | None:
    """rel=canonical, else og:url, else the page URL; always absolute http(s).

    A relative href is resolved as a browser would: against <base href>, else the page URL
    (stored unresolved it would match no article URL and link no duplicates).
    """
    base = url
    base_href = tree.xpath("//base/@href")
    if base_href and (resolved := absolute_http_url(_clean(base_href[0]), url)):
        base = resolved
    candidates = [_clean(h) for h in tree.xpath(_REL_CANONICAL)] + [_meta(metas, "og:url")]
    for candidate in candidates:
        if resolved := absolute_http_url(candidate, base):
            return resolved
    return absolute_http_url(url)


def extract_metadata(tree: HtmlElement, url: str | None = None) -> Metadata:
    """Read title, authors, date, language, canonical URL, site name and description."""
    md = Metadata()
    metas = _meta_index(tree)
    article: dict | None = None
    free: bool | None = None
    for item in _iter_jsonld(tree):
        flag = _free_flag(item.get("isAccessibleForFree"))
        if flag is None and isinstance(item.get("hasPart"), dict):
            flag = _free_flag(item["hasPart"].get("isAccessibleForFree"))
        if flag is False or (flag is True and free is None):
            free = flag
        if article is None and _types(item) & ARTICLE_TYPES:
            article = item
    md.accessible_for_free = free
    ld = article or {}

    og_title = _meta(metas, "og:title", "twitter:title")
    ld_title = _clean(ld.get("headline")) or _clean(ld.get("name"))
    html_title = _clean(" ".join(tree.xpath("//head/title//text()")))
    h1 = _clean(" ".join(tree.xpath("(//h1)[1]//text()")))
    md.title = og_title or ld_title or h1 or html_title
    md.title_variants = title_variants(og_title, ld_title, h1, html_title)

    authors = _names(ld.get("author")) if ld.get("author") else []
    if not authors:
        meta_author = _meta(metas, "author", "article:author", "parsely-author", "sailthru.author",
                            "dc.creator", "DC.creator")
        if meta_author:
            authors = split_authors(meta_author)
    md.authors = list(dict.fromkeys(authors))

    md.published_at = parse_date(
        _clean(ld.get("datePublished"))
        or _meta(metas, "article:published_time", "datePublished", "parsely-pub-date",
                 "pubdate", "publishdate", "date", "dc.date", "DC.date.issued", "sailthru.date")
    )
    lang = _clean(ld.get("inLanguage")) if isinstance(ld.get("inLanguage"), str) else None
    lang = lang or _clean((tree.xpath("/html/@lang") or [None])[0]) or _meta(
        metas, "og:locale", "language", "content-language")
    if lang:
        lang = lang.replace("_", "-").split("-")[0].lower()[:8] or None
    md.language = lang
    md.canonical_url = _canonical_url(tree, metas, url)
    publisher = ld.get("publisher")
    site = _meta(metas, "og:site_name", "application-name")
    md.site_name = (site if site and "://" not in site else None) or (
        _clean(publisher.get("name")) if isinstance(publisher, dict) else None)
    md.description = _clean(ld.get("description")) or _meta(
        metas, "og:description", "description", "twitter:description")
    return md
