"""Backfilling a gap over loopback HTTP: news sitemaps first, then RFC 5005 archives; every
refusal (off-site, robots.txt, hostile bytes, slowness) is a recorded reason, never an exception.

No database: the sites are scripted servers on 127.0.0.1, reached as news.test and other.test
through the Fetcher's injectable resolver, so "another host" is a real hostname difference.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from newsflow.http import Deadline, Fetcher
from newsflow.ingest.backfill import BackfillResult, Window, backfill
from newsflow.settings import Settings

from hostile_http import HostileServer, respond, trickle_body

NOW = datetime.now(UTC).replace(microsecond=0)
WINDOW = Window(NOW - timedelta(hours=10), NOW - timedelta(hours=4))  # with slack: -11 h .. -3 h
XML = {"Content-Type": "application/xml"}


def ago(hours: float) -> str:
    return (NOW - timedelta(hours=hours)).isoformat()


def settings() -> Settings:
    return Settings(allow_private_hosts=("127.0.0.1",), per_host_delay=0.0, connect_timeout=1.0,
                    read_timeout=3.0, total_timeout=5.0, fetch_budget=10.0)


def loopback(host: str, port: int) -> list[str]:
    if host in ("news.test", "www.news.test", "other.test"):
        return ["127.0.0.1"]
    raise OSError(f"unknown test host {host}")


class Site:
    """A scripted server reached as http://<name>:<port>; `serve` adds a route."""

    def __init__(self, name: str) -> None:
        self.server = HostileServer({})
        self.base = f"http://{name}:{self.server.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.server.routes[path] = respond(body, headers=headers or XML)

    def robots(self, *lines: str) -> None:
        self.serve("/robots.txt", ("User-agent: *\n" + "\n".join(lines) + "\n").encode(),
                   {"Content-Type": "text/plain"})

    def count(self, path: str) -> int:
        return self.server.count(path)


@pytest.fixture()
def site() -> Iterator[Site]:
    s = Site("news.test")
    yield s
    s.server.stop()


@pytest.fixture()
def other() -> Iterator[Site]:
    s = Site("other.test")
    yield s
    s.server.stop()


@pytest.fixture()
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(settings(), retries=0, resolver=loopback) as f:
        yield f


def news_sitemap(*items: tuple[str, str | None]) -> bytes:
    body = "".join(
        f"<url><loc>{loc}</loc><news:news><news:publication><news:name>Test</news:name>"
        f"<news:language>en</news:language></news:publication>"
        + (f"<news:publication_date>{when}</news:publication_date>" if when else "")
        + f"<news:title>Title of {loc.rsplit('/', 1)[-1]}</news:title></news:news></url>"
        for loc, when in items)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{body}</urlset>').encode()


def sitemap_index(*children: tuple[str, str | None]) -> bytes:
    body = "".join(f"<sitemap><loc>{loc}</loc>" + (f"<lastmod>{mod}</lastmod>" if mod else "") + "</sitemap>"
                   for loc, mod in children)
    return f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'.encode()


def atom_page(self_url: str, prev: str | None, *entries: tuple[str, str]) -> bytes:
    link = f'<link rel="prev-archive" href="{prev}"/>' if prev else ""
    body = "".join(f"<entry><id>tag:news.test,2024:{loc}</id><title>{loc}</title><link href=\"{loc}\"/>"
                   f"<updated>{when}</updated><published>{when}</published></entry>" for loc, when in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Archive</title><id>{self_url}</id><updated>{NOW.isoformat()}</updated>"
            f'<link rel="self" href="{self_url}"/>{link}{body}</feed>').encode()


def urls(result: BackfillResult) -> set[str]:
    return {e.url for e in result.entries if e.url}


def test_a_news_sitemap_index_from_robots_gives_exactly_the_window(site, fetcher):
    a = site.url
    site.robots("Disallow: /private/", f"Sitemap: {a('/sitemap.xml')}", f"Sitemap: {a('/news-index.xml')}")
    site.serve("/news-index.xml", sitemap_index((a("/news-1.xml"), ago(1)), (a("/news-2.xml"), ago(5)),
                                                (a("/news-old.xml"), ago(24 * 10))))
    site.serve("/news-1.xml", news_sitemap(
        (a("/now"), ago(1)),  # after the window's end and its slack
        (a("/in-5h"), ago(5)),
        ("http://www.news.test/in-6h", ago(6)),  # www. of the same site
        ("http://other.test/in-7h", ago(7)),  # another site: never ours
        (a("/older"), ago(12)),  # before the window's start and its slack
    ))
    site.serve("/news-2.xml", news_sitemap(
        (a("/in-5h?utm_source=x"), ago(5)),  # the same article as /in-5h
        (a("/in-9h"), ago(9)), (a("/edge-10h30"), ago(10.5)),  # inside the hour of slack
        (a("/undated"), None),  # undated, but a news sitemap lists only the last two days
    ))
    site.serve("/news-old.xml", news_sitemap((a("/ancient"), ago(240))))
    result = backfill(fetcher, feed_url=a("/feed.xml"), window=WINDOW)
    assert urls(result) == {a("/in-5h"), "http://www.news.test/in-6h", a("/in-9h"), a("/edge-10h30"),
                            a("/undated")}
    assert result.method == "news_sitemap"
    assert site.count("/news-old.xml") == 0  # its lastmod is older than the window
    assert site.count("/sitemap.xml") == 0  # the news sitemaps cover the window
    assert result.requests == 3 and result.sources == [a("/news-index.xml"), a("/news-1.xml"), a("/news-2.xml")]
    entry = next(e for e in result.entries if e.url == a("/in-9h"))
    assert entry.entry_key == f"link:{a('/in-9h')}" and entry.canonical_url == a("/in-9h")
    assert entry.title == "Title of in-9h" and entry.published_at == NOW - timedelta(hours=9)
    assert "5 entries published" in result.reason and "1 off-site URL ignored" in result.reason


def test_an_rfc5005_archive_chain_when_there_is_no_sitemap(site, fetcher):
    a = site.url
    site.robots("Disallow:")
    site.serve("/archive/3.xml", atom_page(a("/archive/3.xml"), a("/archive/2.xml"), (a("/n1"), ago(1)),
                                           (a("/n2"), ago(2))))
    site.serve("/archive/2.xml", atom_page(a("/archive/2.xml"), a("/archive/1.xml"), (a("/n5"), ago(5)),
                                           (a("/n7"), ago(7))))
    site.serve("/archive/1.xml", atom_page(a("/archive/1.xml"), a("/archive/0.xml"), (a("/n9"), ago(9)),
                                           (a("/n13"), ago(13))))
    site.serve("/archive/0.xml", atom_page(a("/archive/0.xml"), None, (a("/n30"), ago(30))))
    result = backfill(fetcher, feed_url=a("/feed.xml"), window=WINDOW,
                      feed_links={"self": a("/feed.xml"), "prev-archive": a("/archive/3.xml")})
    assert result.method == "archive"
    assert urls(result) == {a("/n5"), a("/n7"), a("/n9")}
    assert site.count("/archive/0.xml") == 0  # page 1 already reaches back past the window
    assert result.requests == 5 + 3  # the common sitemap paths (all 404), then three pages
    assert "3 archive pages" in result.reason and "HTTP 404" in result.reason


def test_a_site_with_neither_gives_no_method_and_says_why(site, fetcher):
    site.robots("Disallow:")
    result = backfill(fetcher, feed_url=site.url("/feed.xml"), window=WINDOW, feed_links={})
    assert result.entries == [] and result.method is None and result.sources == []
    assert result.reason.startswith("No sitemap or archive page covered the window")
    assert "HTTP 404" in result.reason and "no archive pages" in result.reason
    assert result.requests == 5


def test_common_paths_stop_at_the_first_that_answers(site, fetcher):
    site.robots("Disallow:")
    site.serve("/news-sitemap.xml", news_sitemap((site.url("/a"), ago(6))))
    result = backfill(fetcher, feed_url=site.url("/feed.xml"), window=WINDOW)
    assert urls(result) == {site.url("/a")} and result.method == "news_sitemap"
    assert site.count("/sitemap_news.xml") == 1 and site.count("/sitemap-news.xml") == 0
    assert site.count("/sitemap.xml") == 0 and result.requests == 2


def test_a_sitemap_on_another_host_is_not_followed(site, other, fetcher):
    other.serve("/news-sitemap.xml", news_sitemap((site.url("/planted"), ago(6))))
    other.robots("Disallow:")
    site.robots("Disallow:", f"Sitemap: {other.url('/news-sitemap.xml')}", f"Sitemap: {site.url('/index.xml')}")
    site.serve("/index.xml", sitemap_index((other.url("/news-sitemap.xml"), None), (site.url("/news.xml"), None)))
    site.serve("/news.xml", news_sitemap((site.url("/ours"), ago(6)), (other.url("/theirs"), ago(6))))
    result = backfill(fetcher, feed_url=site.url("/feed.xml"), window=WINDOW)
    assert other.server.hits == []  # not even its robots.txt
    assert urls(result) == {site.url("/ours")}
    assert "3 off-site URLs ignored" in result.reason


def test_a_configured_sitemap_is_read_first(site, fetcher):
    site.robots("Disallow:")
    site.serve("/custom/gnews.xml", news_sitemap((site.url("/c"), ago(6)), (site.url("/old"), ago(30))))
    result = backfill(fetcher, feed_url=site.url("/feed.xml"), window=WINDOW,
                      sitemaps=[site.url("/custom/gnews.xml")])
    assert urls(result) == {site.url("/c")} and result.requests == 1


def test_a_slow_sitemap_is_bounded_by_the_budget(site, fetcher):
    site.robots("Disallow:")
    site.server.routes["/slow-news.xml"] = trickle_body(interval=0.2, size=400)  # 80 s if read whole
    started = time.monotonic()
    result = backfill(fetcher, feed_url=site.url("/feed.xml"), window=WINDOW,
                      sitemaps=[site.url("/slow-news.xml")], budget=Deadline(1.5))
    elapsed = time.monotonic() - started
    assert elapsed < 1.5 + 1.0, elapsed
    assert result.method is None and "timeout" in result.reason
    assert "time budget ran out" in result.reason  # nothing else was started after it


def test_robots_txt_disallowing_the_sitemap_is_respected(site, fetcher):
    site.robots("Disallow: /sitemaps/", f"Sitemap: {site.url('/sitemaps/news.xml')}")
    site.serve("/sitemaps/news.xml", news_sitemap((site.url("/a"), ago(6))))
    result = backfill(fetcher, feed_url=site.url("/feed.xml"), window=WINDOW)
    assert site.count("/sitemaps/news.xml") == 0
    assert result.entries == [] and "disallowed by robots.txt" in result.reason


def test_hostile_sitemaps_are_refused_and_the_next_source_is_tried(site, fetcher):
    a = site.url
    laughs = (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa">'
              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
              b"<urlset><url><loc>http://news.test/&c;</loc></url></urlset>")
    bomb = gzip.compress(b"<urlset>" + b" " * (60 * 1024 * 1024), compresslevel=9)
    site.robots("Disallow:", f"Sitemap: {a('/news-laughs.xml')}", f"Sitemap: {a('/news-bomb.xml.gz')}",
                f"Sitemap: {a('/news-good.xml')}")
    site.serve("/news-laughs.xml", laughs)
    site.serve("/news-bomb.xml.gz", bomb, {"Content-Type": "application/x-gzip"})
    site.serve("/news-good.xml", news_sitemap((a("/good"), ago(6)), (a("/older"), ago(20))))
    result = backfill(fetcher, feed_url=a("/feed.xml"), window=WINDOW)
    assert urls(result) == {a("/good")} and result.method == "news_sitemap"
    assert result.sources == [a("/news-good.xml")] and result.requests == 3
    assert "XML entities are refused" in result.reason and "gzip bomb" in result.reason


def test_max_documents_bounds_an_index_with_many_children(site, fetcher):
    children = [(site.url(f"/news-{i}.xml"), ago(1)) for i in range(30)]
    site.robots("Disallow:", f"Sitemap: {site.url('/news-index.xml')}")
    site.serve("/news-index.xml", sitemap_index(*children))
    result = backfill(fetcher, feed_url=site.url("/feed.xml"), window=WINDOW, max_documents=4)
    assert result.requests == 4 and "limit of 4 documents" in result.reason


def test_a_malformed_archive_page_is_a_reason(site, fetcher):
    site.robots("Disallow:")
    site.serve("/archive/1.xml", b"<html><body>oops</body></html>", {"Content-Type": "text/html"})
    result = backfill(fetcher, feed_url=site.url("/feed.xml"), window=WINDOW,
                      feed_links={"next": site.url("/archive/1.xml")})
    assert result.method is None and "/archive/1.xml" in result.reason


def general_sitemap(*items: tuple[str, str | None]) -> bytes:
    body = "".join(f"<url><loc>{loc}</loc>" + (f"<lastmod>{mod}</lastmod>" if mod else "") + "</url>"
                   for loc, mod in items)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'.encode()


def test_general_sitemaps_use_lastmod_and_drop_undated_entries(site, fetcher):
    a = site.url
    site.robots("Disallow:", f"Sitemap: {a('/sitemap_index.xml')}")
    site.serve("/sitemap_index.xml", sitemap_index((a("/posts-current.xml"), ago(1)),
                                                   (a("/posts-old.xml"), ago(24 * 40)), (a("/pages.xml"), None)))
    site.serve("/posts-current.xml", general_sitemap(
        (a("/a"), ago(6)),
        (a("/b"), (NOW - timedelta(hours=7)).date().isoformat()),  # a date stands for its whole day
        (a("/c"), (NOW - timedelta(days=2)).date().isoformat()),
        (a("/d"), None),  # undated in a general sitemap: could be from any year
    ))
    site.serve("/pages.xml", general_sitemap((a("/about"), ago(24 * 100))))
    result = backfill(fetcher, feed_url=a("/feed.xml"), window=WINDOW)
    assert urls(result) == {a("/a"), a("/b")} and result.method == "sitemap"
    assert site.count("/posts-old.xml") == 0 and site.count("/pages.xml") == 1
    assert "2 sitemaps, 1 sitemap index: 2 entries published" in result.reason


def test_undated_news_entries_are_dropped_for_an_old_window(site, fetcher):
    old = Window(NOW - timedelta(days=6), NOW - timedelta(days=5))
    site.robots("Disallow:", f"Sitemap: {site.url('/news.xml')}")
    site.serve("/news.xml", news_sitemap((site.url("/undated"), None), (site.url("/today"), ago(1))))
    result = backfill(fetcher, feed_url=site.url("/feed.xml"), window=old)
    assert result.entries == [] and result.method is None  # the news sitemap does not reach back
    assert "the feed names no archive pages" in result.reason


def test_a_naive_or_inverted_window():
    assert Window(datetime(2024, 5, 1), datetime(2024, 5, 2)).start.tzinfo is UTC
    with pytest.raises(ValueError):
        Window(NOW, NOW - timedelta(hours=1))
