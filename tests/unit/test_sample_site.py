"""The sample site is what the demo and e2e tests crawl, so its promises are checked here."""

from __future__ import annotations

import gzip
import json
import re
import signal
import socket
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import httpx
import pytest
import yaml

from newsflow_dev.sample_site import DEFAULT_ROOT, SampleSite, render_feeds_file, serve

pytestmark = pytest.mark.timeout(60)

FEEDS = ["world.xml", "politics.atom", "business.xml", "broken.xml"]
DELIBERATE_404 = "/articles/world/deleted-story.html"
ROBOTS_BLOCKED = "/private/embargoed-draft.html"


@pytest.fixture(scope="module")
def site() -> Iterator[SampleSite]:
    with serve() as s:
        yield s


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as c:
        yield c


def parse(client: httpx.Client, url: str) -> feedparser.FeedParserDict:
    r = client.get(url)
    assert r.status_code == 200
    return feedparser.parse(r.content, response_headers={"content-type": r.headers["content-type"]})


def test_base_url_is_loopback_with_random_port(site: SampleSite) -> None:
    parts = urlsplit(site.base_url)
    assert parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.port


def test_rss_and_atom_feeds_parse(site: SampleSite, client: httpx.Client) -> None:
    world = parse(client, site.url("/feeds/world.xml"))
    politics = parse(client, site.url("/feeds/politics.atom"))
    assert world.version == "rss20" and not world.bozo and len(world.entries) >= 10
    assert politics.version == "atom10" and not politics.bozo and len(politics.entries) >= 10
    for e in world.entries + politics.entries:
        assert e.title and e.link and e.get("author") and e.get("summary")
        assert e.published_parsed.tm_year == 2026 and e.published_parsed.tm_mon == 11
    # the feed properties the pipeline's entry identity and URL cleaning rely on
    links = [e.link for e in world.entries]
    assert any("utm_source=rss" in u for u in links)
    assert any("#" in u for u in links)
    assert any(not e.get("id") for e in world.entries), "an entry without guid"
    shared = {e.link for e in world.entries} & {e.link for e in politics.entries}
    assert shared == {site.url("/articles/politics/summit-trade-communique.html")}


def test_broken_feed_is_bozo_but_yields_entries(site: SampleSite, client: httpx.Client) -> None:
    d = parse(client, site.url("/feeds/broken.xml"))
    assert d.bozo == 1
    assert len(d.entries) >= 4
    assert any("&" in e.title for e in d.entries)


def test_content_types(site: SampleSite, client: httpx.Client) -> None:
    def ctype(path: str) -> str:
        return client.get(site.url(path)).headers["content-type"]

    assert ctype("/feeds/world.xml") == "application/rss+xml"
    assert ctype("/feeds/politics.atom") == "application/atom+xml"
    assert ctype("/articles/world/geneva-water-talks.html") == "text/html; charset=utf-8"
    assert ctype("/robots.txt").startswith("text/plain")


def test_base_url_placeholder_is_substituted(site: SampleSite, client: httpx.Client) -> None:
    for path in ("/feeds/world.xml", "/feeds/politics.atom", "/index.html",
                 "/articles/world/geneva-water-talks.html"):
        text = client.get(site.url(path)).text
        assert "{{BASE_URL}}" not in text
        assert site.base_url in text
    raw = (DEFAULT_ROOT / "feeds" / "world.xml").read_text(encoding="utf-8")
    assert "{{BASE_URL}}" in raw  # the committed files keep the placeholder


def test_conditional_get_etag_and_last_modified(site: SampleSite, client: httpx.Client) -> None:
    url = site.url("/feeds/world.xml")
    first = client.get(url)
    etag, last_mod = first.headers["etag"], first.headers["last-modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": last_mod}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200
    assert client.head(url, headers={"If-None-Match": etag}).status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(url, headers={"If-Modified-Since": old}).status_code == 200


def test_gzip_only_when_asked(site: SampleSite) -> None:
    url = site.url("/articles/world/arctic-shipping-lane.html")
    with httpx.Client() as c:
        zipped = c.get(url, headers={"Accept-Encoding": "gzip"})
        plain = c.get(url, headers={"Accept-Encoding": "identity"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert zipped.text == plain.text  # httpx inflated it
    assert int(zipped.headers["content-length"]) < len(plain.content)


def test_windows_1252_page(site: SampleSite, client: httpx.Client) -> None:
    r = client.get(site.url("/articles/world/lyon-bridge-reopens.html"))
    assert r.headers["content-type"] == "text/html; charset=windows-1252"
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
    text = r.content.decode("cp1252")
    assert '<meta charset="windows-1252">' in text
    for ch in ("“", "”", "é", "—", "’"):
        assert ch in text


def feed_links(site: SampleSite, client: httpx.Client) -> set[str]:
    links: set[str] = set()
    for name in FEEDS:
        for e in parse(client, site.url(f"/feeds/{name}")).entries:
            links.add(urlsplit(e.link)._replace(fragment="").geturl())
    return links


def test_every_feed_link_resolves(site: SampleSite, client: httpx.Client) -> None:
    links = feed_links(site, client)
    assert len(links) >= 30
    site.clear()
    statuses = {urlsplit(u).path: client.get(u).status_code for u in links}
    expected = {p: (404 if p == DELIBERATE_404 else 200) for p in statuses}
    assert statuses == expected
    assert ROBOTS_BLOCKED in statuses  # reachable, but robots.txt says no
    assert {r.route for r in site.requests} == set(statuses)
    assert site.count(DELIBERATE_404) == 1


def test_robots_disallows_private(site: SampleSite, client: httpx.Client) -> None:
    text = client.get(site.url("/robots.txt")).text
    assert "Disallow: /private/" in text


def test_article_pages_have_metadata(site: SampleSite, client: httpx.Client) -> None:
    pages = sorted(DEFAULT_ROOT.glob("articles/**/*.html"))
    assert len(pages) >= 30
    with_jsonld = 0
    for p in pages:
        raw = p.read_bytes()
        text = raw.decode("cp1252" if b'charset="windows-1252"' in raw[:300] else "utf-8")
        assert '<link rel="canonical"' in text
        m = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
        if m:
            data = json.loads(m.group(1))
            assert data["@type"] == "NewsArticle" and data["inLanguage"] and data["datePublished"]
            with_jsonld += 1
        else:
            assert 'property="og:title"' in text
    assert with_jsonld > len(pages) / 2
    paywall = (DEFAULT_ROOT / "articles/business/harbor-bank-merger-talks.html").read_text()
    assert '"isAccessibleForFree": false' in paywall and "Subscribe to continue reading" in paywall


def test_status_route(site: SampleSite, client: httpx.Client) -> None:
    for code in (401, 403, 404, 410, 500):
        assert client.get(site.url(f"/_test/status/{code}")).status_code == code
    assert client.get(site.url("/_test/status/abc")).status_code == 400


def test_slow_route_is_slow_and_bounded(site: SampleSite, client: httpx.Client) -> None:
    r = client.get(site.url("/_test/slow?seconds=0.3"))
    assert r.status_code == 200 and r.elapsed.total_seconds() >= 0.3
    with pytest.raises(httpx.ReadTimeout):
        client.get(site.url("/_test/slow?seconds=1000"), timeout=0.3)


def test_big_route_streams_declared_size(site: SampleSite, client: httpx.Client) -> None:
    r = client.get(site.url("/_test/big?bytes=300000"))
    assert r.status_code == 200 and len(r.content) == 300000
    with client.stream("GET", site.url("/_test/big?bytes=999999999999")) as s:
        assert int(s.headers["content-length"]) == 200 * 1024 * 1024  # capped
        next(s.iter_raw(65536))  # read a little and hang up


def test_gzip_bomb_is_small_on_the_wire(site: SampleSite, client: httpx.Client) -> None:
    with client.stream("GET", site.url("/_test/gzip-bomb")) as s:
        assert s.headers["content-encoding"] == "gzip"
        wire = b"".join(s.iter_raw())
    assert len(wire) < 1024 * 1024
    d = zlib.decompressobj(31)
    assert len(d.decompress(wire, 10 * 1024 * 1024)) == 10 * 1024 * 1024  # and it keeps going


def test_xml_bomb_and_garbage(site: SampleSite, client: httpx.Client) -> None:
    bomb = client.get(site.url("/_test/xml-bomb"))
    assert b"<!ENTITY lol9" in bomb.content
    garbage = client.get(site.url("/_test/garbage"))
    assert garbage.headers["content-type"] == "application/rss+xml" and len(garbage.content) == 4096
    assert feedparser.parse(garbage.content).bozo


def test_redirects(site: SampleSite, client: httpx.Client) -> None:
    for code in (301, 302):
        r = client.get(site.url(f"/_test/redirect?to=/feeds/politics.atom&code={code}"))
        assert r.status_code == code
        assert r.headers["location"] == site.url("/feeds/politics.atom")
    followed = client.get(site.url("/_test/redirect?to=/robots.txt"), follow_redirects=True)
    assert followed.status_code == 200 and "Disallow" in followed.text
    with pytest.raises(httpx.TooManyRedirects):
        client.get(site.url("/_test/redirect-loop"), follow_redirects=True)


def test_retry_after_then_success(site: SampleSite, client: httpx.Client) -> None:
    url = site.url("/_test/retry-after?key=unit")
    first = client.get(url)
    assert first.status_code == 503 and first.headers["retry-after"] == "1"
    second = client.get(url)
    assert second.status_code == 200 and second.headers["content-type"] == "application/rss+xml"
    assert client.get(site.url("/_test/retry-after?key=other")).status_code == 503


def test_pdf(site: SampleSite, client: httpx.Client) -> None:
    r = client.get(site.url("/_test/pdf"))
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF-")


def raw_status_line(site: SampleSite, target: str) -> bytes:
    """Send the request target verbatim (httpx would normalise the dots away)."""
    port = urlsplit(site.base_url).port
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET {target} HTTP/1.0\r\n\r\n".encode())
        return s.recv(200).split(b"\r\n")[0]


@pytest.mark.parametrize(
    "target", ["/../sample_site.py", "/%2e%2e/feeds.yaml", "/articles/../../sample/README.md", "/a%00b"]
)
def test_no_path_traversal(site: SampleSite, target: str) -> None:
    assert raw_status_line(site, target).endswith(b"404 Not Found")


def test_cli_prints_base_url_and_stops_on_ctrl_c() -> None:
    with subprocess.Popen([sys.executable, "-m", "newsflow_dev.sample_site"],
                          stdout=subprocess.PIPE, text=True) as proc:
        try:
            base_url = proc.stdout.readline().strip() if proc.stdout else ""
            assert base_url.startswith("http://127.0.0.1:")
            assert httpx.get(base_url + "/robots.txt").status_code == 200
        finally:
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=10) == 0


def test_render_feeds_file(tmp_path: Path) -> None:
    dest = render_feeds_file("http://127.0.0.1:9999/", tmp_path / "sub" / "feeds.yaml")
    text = dest.read_text(encoding="utf-8")
    assert "{{BASE_URL}}" not in text
    feeds = yaml.safe_load(text)["feeds"]
    assert len(feeds) >= 3 and len({f["name"] for f in feeds}) == len(feeds)
    assert feeds[0]["url"] == "http://127.0.0.1:9999/feeds/world.xml"


def test_stop_releases_port_and_is_idempotent() -> None:
    with serve() as s:
        url = s.url("/robots.txt")
        assert httpx.get(url).status_code == 200
        s.stop()
        s.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=1)


def test_gzip_body_is_valid_gzip(site: SampleSite) -> None:
    with httpx.Client() as c, c.stream("GET", site.url("/feeds/world.xml"),
                                       headers={"Accept-Encoding": "gzip"}) as s:
        raw = b"".join(s.iter_raw())
    assert gzip.decompress(raw).startswith(b"<?xml")
