"""Sitemaps are parsed from hostile bytes: caps, refusals with a reason, dates, robots.txt lines."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

import pytest

from newsflow.ingest.sitemaps import (
    COMMON_SITEMAP_PATHS,
    MAX_ROBOTS_SITEMAPS,
    MAX_SITEMAP_BYTES,
    MAX_SITEMAP_URLS,
    Sitemap,
    SitemapError,
    on_site,
    parse_sitemap,
    parse_w3c_datetime,
    site_name,
    sitemaps_in_robots,
)

BASE = "https://news.example.com/sitemap.xml"
URLSET = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = b' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def urlset(*items: bytes, news: bool = False) -> bytes:
    return URLSET + (NEWS_NS if news else b"") + b">\n" + b"\n".join(items) + b"\n</urlset>\n"


def url(loc: str, lastmod: str | None = None) -> bytes:
    mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    return f"<url><loc>{loc}</loc>{mod}</url>".encode()


def news_url(loc: str, published: str | None, title: str = "A title") -> bytes:
    date = f"<news:publication_date>{published}</news:publication_date>" if published else ""
    return (f"<url><loc>{loc}</loc><news:news><news:publication><news:name>Example</news:name>"
            f"<news:language>en</news:language></news:publication>{date}"
            f"<news:title>{title}</news:title></news:news></url>").encode()


def test_a_urlset_gives_its_urls_with_lastmod_as_the_date():
    doc = urlset(url("https://news.example.com/a", "2024-05-01T10:00:00+02:00"),
                 url("/relative/b"),  # not allowed by sitemaps.org, seen in the wild: resolved
                 url("ftp://news.example.com/c"), url("javascript:alert(1)"),
                 url("https://news.example.com/" + "x" * 5000), b"<url><lastmod>2024-01-01</lastmod></url>")
    sitemap = parse_sitemap(doc, BASE)
    assert sitemap.kind == "urlset" and not sitemap.truncated and sitemap.children == []
    assert [e.url for e in sitemap.entries] == ["https://news.example.com/a", "https://news.example.com/relative/b"]
    first = sitemap.entries[0]
    assert first.published_at == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert first.title is None and first.is_news is False
    assert sitemap.entries[1].published_at is None


def test_an_index_lists_its_children_with_lastmod():
    doc = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<sitemap><loc>https://news.example.com/s1.xml.gz</loc><lastmod>2024-05-02</lastmod></sitemap>"
           b"<!-- a comment --><sitemap><loc>s2.xml</loc></sitemap></sitemapindex>")
    sitemap = parse_sitemap(doc, BASE)
    assert sitemap.kind == "index" and sitemap.entries == []
    assert sitemap.children == [("https://news.example.com/s1.xml.gz", datetime(2024, 5, 2, tzinfo=UTC)),
                                ("https://news.example.com/s2.xml", None)]


def test_a_google_news_sitemap_gives_publication_dates_and_titles():
    doc = urlset(news_url("https://news.example.com/1", "2024-05-01T09:30:00Z", "First &amp; best"),
                 news_url("https://news.example.com/2", "2024-05-01", "  Second  "),
                 news_url("https://news.example.com/3", None),
                 url("https://news.example.com/4", "2024-04-01"), news=True)
    entries = parse_sitemap(doc, BASE).entries
    assert [(e.url.rsplit("/", 1)[1], e.published_at, e.title, e.is_news) for e in entries] == [
        ("1", datetime(2024, 5, 1, 9, 30, tzinfo=UTC), "First & best", True),
        ("2", datetime(2024, 5, 1, tzinfo=UTC), "Second", True),
        ("3", None, "A title", True),
        ("4", datetime(2024, 4, 1, tzinfo=UTC), None, False),
    ]


def test_publication_date_wins_over_lastmod():
    item = (b"<url><loc>https://news.example.com/x</loc><lastmod>2024-06-01</lastmod><news:news>"
            b"<news:publication_date>2024-05-01T12:00:00Z</news:publication_date></news:news></url>")
    (entry,) = parse_sitemap(urlset(item, news=True), BASE).entries
    assert entry.published_at == datetime(2024, 5, 1, 12, tzinfo=UTC)


def test_gzipped_sitemaps_are_decompressed_by_their_magic_bytes():
    doc = urlset(url("https://news.example.com/a"))
    assert parse_sitemap(gzip.compress(doc), BASE + ".gz").entries[0].url == "https://news.example.com/a"
    two_members = gzip.compress(doc[:40]) + gzip.compress(doc[40:])
    assert len(parse_sitemap(two_members, BASE).entries) == 1


def test_a_utf16_sitemap_with_a_byte_order_mark_is_read():
    doc = urlset(url("https://news.example.com/é")).decode().replace("UTF-8", "UTF-16").encode("utf-16")
    assert parse_sitemap(doc, BASE).entries[0].url == "https://news.example.com/é"


@pytest.mark.parametrize("doc", [
    b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    b"<urlset><url><loc>https://news.example.com/&b;</loc></url></urlset>",
    b'<!DOCTYPE urlset SYSTEM "x" [<!ENTITY % p SYSTEM "http://127.0.0.1/evil.dtd"> %p;]><urlset/>',
    b'<!DOCTYPE urlset [<!ENTITY ext SYSTEM "file:///etc/passwd">]><urlset><url><loc>&ext;</loc></url></urlset>',
])
def test_entity_declarations_are_refused(doc):
    with pytest.raises(SitemapError, match="entit"):
        parse_sitemap(doc, BASE)
    with pytest.raises(SitemapError, match="entit"):
        parse_sitemap(gzip.compress(doc), BASE)


def test_a_gzip_bomb_is_refused_at_the_cap():
    bomb = gzip.compress(URLSET + b">" + b" " * (MAX_SITEMAP_BYTES + 10), compresslevel=9)
    assert len(bomb) < 100_000
    with pytest.raises(SitemapError, match="gzip bomb"):
        parse_sitemap(bomb, BASE)


def test_an_oversized_plain_sitemap_is_refused():
    with pytest.raises(SitemapError, match="larger than"):
        parse_sitemap(URLSET + b">" + b" " * MAX_SITEMAP_BYTES + b"</urlset>", BASE)


def test_more_than_the_sitemaps_org_limit_is_cut_and_flagged():
    item = url("https://news.example.com/p")
    sitemap = parse_sitemap(urlset(*[item] * (MAX_SITEMAP_URLS + 5)), BASE)
    assert len(sitemap.entries) == MAX_SITEMAP_URLS and sitemap.truncated
    assert not parse_sitemap(urlset(*[item] * 3), BASE).truncated


def test_an_item_with_a_flood_of_elements_is_refused():
    flood = b"<url><loc>https://news.example.com/a</loc>" + b"<x/>" * 20_000 + b"</url>"
    with pytest.raises(SitemapError, match="more than"):
        parse_sitemap(urlset(flood), BASE)


@pytest.mark.parametrize(("doc", "reason"), [
    (b"", "empty"),
    (b"   \n", "empty"),
    (URLSET + b"><url><loc>https://news.example.com/a</loc></url>", "malformed XML"),
    (b"<urlset><url><loc>a</loc></urlset>", "malformed XML"),
    (b"<!DOCTYPE html><html><body>Not found</body></html>", "not a sitemap: the root element is <html>"),
    (b'<rss version="2.0"><channel/></rss>', "not a sitemap"),
    (b"\x1f\x8b\x08\x00garbage", "gzip"),
    (gzip.compress(b"<urlset></urlset>")[:-12], "truncated gzip"),
    (b"just text", "malformed XML"),
])
def test_malformed_documents_are_refused_with_a_reason(doc, reason):
    with pytest.raises(SitemapError, match=reason.replace("<", ".").replace(">", ".")):
        parse_sitemap(doc, BASE)


def test_sitemap_error_is_a_value_error():
    assert issubclass(SitemapError, ValueError)
    assert isinstance(parse_sitemap(urlset(), BASE), Sitemap)


def test_robots_sitemap_lines():
    robots = """User-agent: *
Disallow: /private
SITEMAP: https://news.example.com/news-sitemap.xml
sitemap:https://news.example.com/sitemap.xml   # trailing comment
Sitemap: https://cdn.elsewhere.net/sitemap.xml
Sitemap: /relative.xml
Sitemap: ftp://news.example.com/s.xml
  Sitemap: https://news.example.com/news-sitemap.xml
Disallow: /sitemap: not a line
"""
    assert sitemaps_in_robots(robots, "https://news.example.com") == [
        "https://news.example.com/news-sitemap.xml",
        "https://news.example.com/sitemap.xml",
        "https://cdn.elsewhere.net/sitemap.xml",  # another site's come after the site's own
    ]


def test_robots_sitemap_lines_are_capped_with_the_sites_own_first():
    foreign = "".join(f"Sitemap: https://spam{i}.net/s.xml\n" for i in range(100))
    own = "Sitemap: https://www.example.com/news.xml\n"
    found = sitemaps_in_robots(foreign + own, "https://example.com")
    assert len(found) == MAX_ROBOTS_SITEMAPS and found[0] == "https://www.example.com/news.xml"
    assert sitemaps_in_robots("", "https://example.com") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("2024", datetime(2024, 1, 1, tzinfo=UTC)),
    ("2024-05", datetime(2024, 5, 1, tzinfo=UTC)),
    ("2024-05-01", datetime(2024, 5, 1, tzinfo=UTC)),
    ("2024-05-01T10:20+02:00", datetime(2024, 5, 1, 8, 20, tzinfo=UTC)),
    ("2024-05-01T10:20:30Z", datetime(2024, 5, 1, 10, 20, 30, tzinfo=UTC)),
    ("2024-05-01T10:20:30.45-05:00", datetime(2024, 5, 1, 15, 20, 30, 450000, tzinfo=UTC)),
    ("2024-05-01T10:20:30", datetime(2024, 5, 1, 10, 20, 30, tzinfo=UTC)),  # naive: UTC
    ("2024-05-01 10:20:30+0000", datetime(2024, 5, 1, 10, 20, 30, tzinfo=UTC)),
    (" Wed, 01 May 2024 10:20:30 GMT ", datetime(2024, 5, 1, 10, 20, 30, tzinfo=UTC)),
    ("2024-13-01", None),
    ("2024-02-30", None),
    ("2024-05-01T25:00Z", None),
    ("yesterday", None),
    ("", None),
    (None, None),
    ("9" * 200, None),
])
def test_w3c_dates(text, expected):
    assert parse_w3c_datetime(text) == expected


def test_dates_are_aware_utc():
    when = parse_w3c_datetime("2024-05-01T23:30:00-01:00")
    assert when is not None and when.tzinfo is not None and when.utcoffset() == timedelta(0)
    assert when == datetime(2024, 5, 2, 0, 30, tzinfo=UTC)


def test_same_site_compares_registrable_names():
    assert site_name("https://www.bbc.co.uk/news") == "bbc.co.uk"
    assert on_site("https://www.example.com/a", "https://rss.example.com:8443/feed")
    assert on_site("http://127.0.0.1:1/a", "http://127.0.0.1:2/feed")
    assert not on_site("https://example.org/a", "https://example.com/feed")
    assert not on_site("https://evil-example.com/a", "https://example.com/feed")
    assert not on_site("https://a.bbc.co.uk/", "https://a.other.co.uk/")
    assert not on_site("not a url", "https://example.com/")


def test_common_paths_put_news_sitemaps_first():
    assert COMMON_SITEMAP_PATHS[0] == "/sitemap_news.xml"
    assert all(p.startswith("/") for p in COMMON_SITEMAP_PATHS)
