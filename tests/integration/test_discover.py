"""`newsflow feeds discover` against a scripted loopback site: feeds named by the page, found at
common paths, pages that are not feeds, robots.txt sitemaps, --append on a copy of a real feeds
file, and a home page that never answers (bounded by --timeout). No internet. Then the entries
and the append alone: hostile titles still give valid entries, a file the append cannot extend is
refused untouched, a result that does not validate is rolled back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsflow.cli import main
from newsflow.http import Fetcher
from newsflow.ingest.discover import (
    Discovered,
    FoundFeed,
    append_to_feeds_file,
    discover,
    entries_yaml,
    feed_entries,
    why_none,
)
from newsflow.ingest.feeds_file import FeedConfig, FeedsFileError, load_feeds
from newsflow.settings import DEFAULT_FEEDS_FILE, get_settings

from hostile_http import Conn, HostileServer, respond

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = "https://www.example.com/"  # for entries built without a site
HEAD = "# my feeds\nfeeds:\n  - name: old   # keep me\n    url: https://old.example/rss\n"


def rss(title: str, items: int) -> bytes:
    entries = "".join(f"<item><title>t{i}</title><link>https://example.org/{i}</link><guid>g{i}</guid></item>"
                      for i in range(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://example.org/</link>{entries}</channel></rss>").encode()


def atom(title: str, items: int) -> bytes:
    entries = "".join(f'<entry><title>t{i}</title><id>urn:e:{i}</id><link href="https://example.org/a{i}"/>'
                      "<updated>2026-01-01T00:00:00Z</updated></entry>" for i in range(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{title}</title><id>urn:f</id><updated>2026-01-01T00:00:00Z</updated>{entries}</feed>").encode()


def page(head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head><title>Home</title>{head}</head><body><p>news</p></body></html>".encode()


@pytest.fixture()
def srv() -> Iterator[HostileServer]:
    """A site with no routes yet (404 everywhere): a test adds them once it knows the URLs."""
    with HostileServer({}) as server:
        yield server


@pytest.fixture()
def newsy(srv: HostileServer) -> HostileServer:
    """A home page naming an RSS and an Atom feed; robots.txt names two sitemaps."""
    head = ('<link rel="alternate" type="application/rss+xml" title="World" href="/world/rss.xml">'
            f'<LINK REL="Alternate" TYPE="application/atom+xml; charset=utf-8" href="{srv.url("/politics.atom")}">'
            '<link rel="stylesheet" type="text/css" href="/site.css">')
    robots = f"User-agent: *\nDisallow: /private/\nSitemap: {srv.url('/sitemap.xml')}\nsitemap: /news-sitemap.xml\n"
    srv.routes.update({
        "/": respond(page(head), headers=HTML),
        "/world/rss.xml": respond(rss("Example — World", 3), headers={"Content-Type": "application/rss+xml"}),
        "/politics.atom": respond(atom("Example — Politics", 2), headers={"Content-Type": "application/atom+xml"}),
        "/robots.txt": respond(robots.encode(), headers={"Content-Type": "text/plain"}),
    })
    return srv


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["feeds", "discover", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_two_alternate_links_and_a_robots_sitemap(newsy: HostileServer):
    u = newsy.url
    with Fetcher(get_settings()) as fetcher:
        found = discover(fetcher, u("/"))
    assert found == Discovered(
        feeds=[FoundFeed(u("/world/rss.xml"), "Example — World", 3, "link"),
               FoundFeed(u("/politics.atom"), "Example — Politics", 2, "link")],
        sitemaps=[u("/sitemap.xml"), u("/news-sitemap.xml")],
        tried=[(u("/"), "page: 2 feed link(s)"), (u("/robots.txt"), "robots.txt: 2 sitemap(s)"),
               (u("/world/rss.xml"), "feed, 3 entries"), (u("/politics.atom"), "feed, 2 entries")])
    assert newsy.count("/feed.xml") == 0  # the page named its feeds: no path is guessed
    assert newsy.count("/sitemap.xml") == 0 and newsy.count("/news-sitemap.xml") == 0  # listed, not fetched
    sitemaps = [u("/news-sitemap.xml"), u("/sitemap.xml")]  # news sitemaps first
    assert feed_entries(found, {"127-0-0-1-example-world"}, u("/")) == [
        {"name": "127-0-0-1-example-world-2", "url": u("/world/rss.xml"), "title": "Example — World",
         "sitemaps": sitemaps, "discovered_from": u("/")},
        {"name": "127-0-0-1-example-politics", "url": u("/politics.atom"), "title": "Example — Politics",
         "sitemaps": sitemaps, "discovered_from": u("/")},
    ]


def test_a_page_without_links_is_searched_at_common_paths(srv: HostileServer):
    srv.routes.update({"/": respond(page(), headers=HTML),
                       "/feed.xml": respond(rss("Only by path", 1), headers={"Content-Type": "text/xml"})})
    u = srv.url
    with Fetcher(get_settings()) as fetcher:
        found = discover(fetcher, u("/"))
    assert found.feeds == [FoundFeed(u("/feed.xml"), "Only by path", 1, "path")]
    assert found.sitemaps == []
    assert found.tried == [
        (u("/"), "page: 0 feed link(s)"), (u("/robots.txt"), "robots.txt: HTTP 404"),
        (u("/feed"), "HTTP 404"), (u("/rss"), "HTTP 404"), (u("/rss.xml"), "HTTP 404"),
        (u("/feed.xml"), "feed, 1 entries"), (u("/atom.xml"), "HTTP 404"), (u("/index.xml"), "HTTP 404"),
        (u("/feeds/all.atom.xml"), "HTTP 404"), (u("/rss/index.xml"), "HTTP 404")]


def test_a_candidate_that_is_a_page_is_dropped_with_its_reason(srv: HostileServer):
    head = ('<link rel="alternate" type="application/rss+xml" href="/rss.html">'
            '<link rel="alternate" type="application/rss+xml" href="/mislabelled">'
            '<link rel="alternate" type="application/rss+xml" href="/junk">'
            '<link rel="alternate" type="application/rss+xml" href="/real.xml">'
            '<link rel="alternate" type="application/rss+xml" href="/again.xml">')
    srv.routes.update({
        "/": respond(page(head), headers=HTML),
        "/rss.html": respond(page(), headers=HTML),
        "/mislabelled": respond(page(), headers={"Content-Type": "application/rss+xml"}),
        "/junk": respond(b"\x00\xff not xml at all", headers={"Content-Type": "application/octet-stream"}),
        "/real.xml": respond(rss("Real", 2), headers={"Content-Type": "application/rss+xml"}),
        "/again.xml": respond(b"", "301 Moved Permanently", {"Location": "/real.xml"}),
    })
    u = srv.url
    with Fetcher(get_settings()) as fetcher:
        found = discover(fetcher, u("/"))
    assert found.feeds == [FoundFeed(u("/real.xml"), "Real", 2, "link")]
    assert found.tried[2:4] == [(u("/rss.html"), "not a feed: an HTML page"),
                                (u("/mislabelled"), "not a feed: an HTML page")]
    assert found.tried[4][0] == u("/junk") and found.tried[4][1].startswith("not a feed: not a readable RSS/Atom feed")
    assert found.tried[5:] == [(u("/real.xml"), "feed, 2 entries"),
                               (u("/again.xml"), f"same feed as {u('/real.xml')}")]


def test_links_resolve_against_base_and_private_or_foreign_hosts_are_marked(srv: HostileServer, monkeypatch):
    monkeypatch.setenv("NEWSFLOW_ALLOW_PRIVATE_HOSTS", "127.0.0.1,127.0.0.2")
    with HostileServer({"/x.atom": respond(atom("Elsewhere", 1))}, host="127.0.0.2") as other:
        head = ('<base href="/news/">'
                '<link rel="alternate" type="application/rss+xml" href="feed.xml">'
                '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
                '<link rel="alternate" type="application/rss+xml" href="http://user:pw@127.0.0.1/x">'
                '<link rel="alternate" type="application/rss+xml" href="http://10.0.0.1/feed.xml">'
                f'<link rel="alternate" type="application/atom+xml" href="{other.url("/x.atom")}">')
        srv.routes.update({"/": respond(page(head), headers=HTML), "/news/feed.xml": respond(rss("News", 1))})
        with Fetcher(get_settings()) as fetcher:
            found = discover(fetcher, srv.url("/"))
    assert found.feeds == [FoundFeed(srv.url("/news/feed.xml"), "News", 1, "link"),
                           FoundFeed(other.url("/x.atom"), "Elsewhere", 1, "link", offsite=True)]
    assert found.tried[0] == (srv.url("/"), "page: 3 feed link(s)")  # javascript: and user:pw@ dropped
    assert found.tried[3] == ("http://10.0.0.1/feed.xml", "host '10.0.0.1' resolves to non-public address "
                              "10.0.0.1 (set NEWSFLOW_ALLOW_PRIVATE_HOSTS to allow it)")


def test_at_most_max_candidates_are_fetched(srv: HostileServer):
    head = "".join(f'<link rel="alternate" type="application/atom+xml" href="/f{i}.xml">' for i in range(5))
    srv.routes.update({"/": respond(page(head), headers=HTML)})
    with Fetcher(get_settings()) as fetcher:
        found = discover(fetcher, srv.url("/"), max_candidates=2)
    assert [srv.count(f"/f{i}.xml") for i in range(5)] == [1, 1, 0, 0, 0]
    assert found.tried[-3:] == [(srv.url(f"/f{i}.xml"), "not tried: at most 2 candidates are fetched")
                                for i in (2, 3, 4)]


def _feeds_copy(tmp_path: Path) -> Path:
    """The shipped feeds file (comments, a trailing comment) with one feed whose name the
    discovery will want, so the new entry must take another."""
    path = tmp_path / "feeds.yaml"
    shutil.copy(DEFAULT_FEEDS_FILE, path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("  - name: 127-0-0-1-example-world   # taken\n    url: https://example.net/rss\n")
    return path


def test_append_keeps_the_file_and_its_comments(newsy: HostileServer, tmp_path: Path, capsys):
    path = _feeds_copy(tmp_path)
    before = path.read_text(encoding="utf-8")
    code, out, err = run(newsy.url("/"), "--append", str(path), capsys=capsys)
    assert (code, err) == (0, "")
    after = path.read_text(encoding="utf-8")
    u = newsy.url
    added = (f"  - name: 127-0-0-1-example-world-2\n    url: {u('/world/rss.xml')}\n    title: Example — World\n"
             f"    sitemaps:\n    - {u('/news-sitemap.xml')}\n    - {u('/sitemap.xml')}\n"
             f"    discovered_from: {u('/')}\n"
             f"  - name: 127-0-0-1-example-politics\n    url: {u('/politics.atom')}\n    title: Example — Politics\n"
             f"    sitemaps:\n    - {u('/news-sitemap.xml')}\n    - {u('/sitemap.xml')}\n"
             f"    discovered_from: {u('/')}\n")
    assert after == before + added  # nothing rewritten: comments and layout stay
    assert "# example of a configured but paused feed" in after
    feeds = load_feeds(path)
    assert len({f.name for f in feeds}) == len(feeds) == len(load_feeds(DEFAULT_FEEDS_FILE)) + 3
    assert feeds[-1].discovered_from == u("/") and feeds[-1].sitemaps == [u("/news-sitemap.xml"), u("/sitemap.xml")]
    assert out.endswith(f"appended 2 entries to {path}\n")
    assert f"  {u('/world/rss.xml')}  'Example — World'  3 entries  (via link)\n" in out


def test_discovering_twice_appends_nothing_the_second_time(newsy: HostileServer, tmp_path: Path, capsys):
    path = _feeds_copy(tmp_path)
    assert run(newsy.url("/"), "--append", str(path), capsys=capsys)[0] == 0
    once = path.read_bytes()
    code, out, err = run(newsy.url("/"), "--append", str(path), capsys=capsys)
    assert (code, err) == (0, "")
    assert path.read_bytes() == once
    assert out.endswith(f"already in {path}: {newsy.url('/world/rss.xml')} (skipped)\n"
                        f"already in {path}: {newsy.url('/politics.atom')} (skipped)\n"
                        f"appended 0 entries to {path}\n")


def _never_answers(conn: Conn) -> None:
    conn.sleep(60)  # returns when the server stops


def test_a_home_page_that_never_answers_is_bounded_by_timeout(srv: HostileServer, capsys):
    srv.routes["/"] = _never_answers
    started = time.monotonic()
    code, out, err = run(srv.url("/"), "--timeout", "2", capsys=capsys)
    elapsed = time.monotonic() - started
    assert 2.0 <= elapsed < 3.5, elapsed
    assert code == 1
    assert err == (f"newsflow feeds: no feed found at {srv.url('/')}: page: timeout while waiting for the "
                   "response headers: the fetch budget passed; retry budget spent; "
                   "none of 8 candidate URL(s) is a feed\n")
    assert f"  {srv.url('/feed')}  not tried: the time budget is spent\n" in out
    assert srv.count("/feed") == 0


def test_the_cli_exits_1_with_a_reason_when_nothing_is_found(srv: HostileServer):
    srv.routes["/"] = respond(page('<link rel="alternate" type="text/html" href="/other">'), headers=HTML)
    proc = subprocess.run([sys.executable, "-m", "newsflow", "feeds", "discover", srv.url("/"), "--timeout", "20"],
                          capture_output=True, text=True, timeout=120, check=False, env=os.environ.copy())
    assert proc.returncode == 1
    assert proc.stderr == (f"newsflow feeds: no feed found at {srv.url('/')}: page: 0 feed link(s); "
                           "none of 8 candidate URL(s) is a feed\n")
    assert proc.stdout.startswith("feeds (0):\nsitemaps (0):\ntried:\n")


def test_feeds_discover_has_help():
    proc = subprocess.run([sys.executable, "-m", "newsflow", "feeds", "discover", "--help"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0 and proc.stdout.startswith("usage: newsflow feeds discover")
    assert "--append FILE" in proc.stdout and "--timeout SECONDS" in proc.stdout


# ------------------------------------------------ entries and the append, without a site


def _found(*titles: str | None) -> Discovered:
    feeds = [FoundFeed(f"https://example.com/f{i}.xml", t, 1, "link") for i, t in enumerate(titles)]
    return Discovered(feeds=feeds, sitemaps=["https://example.com/sitemap.xml",
                                             "https://example.com/sitemap-NEWS.xml"])


def test_names_are_slugs_of_host_and_title_made_unique():
    entries = feed_entries(_found("World", "World", None, "Élysée: Politique!"), {"example-com-world"}, PAGE)
    assert [e["name"] for e in entries] == ["example-com-world-2", "example-com-world-3",
                                            "example-com-f2-xml", "example-com-elysee-politique"]
    assert entries[0]["sitemaps"] == ["https://example.com/sitemap-NEWS.xml", "https://example.com/sitemap.xml"]
    assert "title" not in entries[2] and entries[0]["discovered_from"] == PAGE


def test_hostile_titles_give_entries_that_round_trip_through_a_file(tmp_path: Path):
    hostile = "a: b # c\n- d\x00\x1b[31m ' \" \u2028 {{x}} &anchor *alias " + "z" * 300
    entries = feed_entries(_found(hostile, "---", "\u202e"), set(), PAGE)
    assert [e["name"] for e in entries] == ["example-com-a-b-c-d-31m-x-anchor-alias-" + "z" * 21,
                                            "example-com", "example-com-f2-xml"]  # no printable title
    kept = "a: b # c - d[31m ' \" {{x}} &anchor *alias "  # one line, control characters gone
    assert entries[0]["title"] == kept + "z" * (200 - 3 - len(kept)) + "..."
    path = tmp_path / "feeds.yaml"
    path.write_text(HEAD, encoding="utf-8")
    assert append_to_feeds_file(path, entries) == 3
    feeds = load_feeds(path)
    assert [f.model_dump(exclude_defaults=True) for f in feeds[1:]] == [FeedConfig(**e).model_dump(
        exclude_defaults=True) for e in entries]


def test_append_at_the_lists_own_indent_and_line_ends(tmp_path: Path):
    path = tmp_path / "feeds.yaml"
    original = b"feeds:\r\n- name: old\r\n  url: https://old.example/rss\r\n# last words"  # no final newline
    path.write_bytes(original)
    entries = feed_entries(_found("New"), set(), PAGE)
    assert append_to_feeds_file(path, entries) == 1
    text = path.read_bytes()
    assert text == original + b"\r\n" + entries_yaml(entries, 0).replace("\n", "\r\n").encode()
    assert [f.name for f in load_feeds(path)] == ["old", "example-com-new"]


def test_known_urls_are_skipped_and_said(tmp_path: Path):
    path = tmp_path / "feeds.yaml"
    path.write_text(HEAD, encoding="utf-8")
    said: list[str] = []
    entry = {"name": "again", "url": "https://old.example/rss"}
    assert append_to_feeds_file(path, [entry], say=said.append) == 0
    assert said == [f"already in {path}: https://old.example/rss (skipped)"]
    assert path.read_text(encoding="utf-8") == HEAD


@pytest.mark.parametrize("text", [
    HEAD + "settings:\n  poll: 10\n",  # feeds: is not the last key
    "feeds: [{name: old, url: 'https://old.example/rss'}]\n",  # a flow list
])
def test_a_file_the_append_cannot_extend_is_refused_untouched(tmp_path: Path, text: str):
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FeedsFileError) as err:
        append_to_feeds_file(path, feed_entries(_found("New"), set(), PAGE))
    assert str(err.value) == (f"{path}: cannot append: 'feeds:' must be the last top-level key, written "
                              "as a block list ('- name: …' lines); add the entries by hand")
    assert path.read_text(encoding="utf-8") == text


def test_an_append_that_does_not_validate_is_rolled_back(tmp_path: Path):
    path = tmp_path / "feeds.yaml"
    path.write_text(HEAD, encoding="utf-8")
    clash = {"name": "old", "url": "https://example.com/new.xml"}  # the name is taken
    with pytest.raises(FeedsFileError, match=r"duplicate feed name 'old' \(nothing appended: the file is as it was\)"):
        append_to_feeds_file(path, [clash])
    assert path.read_text(encoding="utf-8") == HEAD


def test_why_none_names_the_page_and_the_candidates():
    found = Discovered(tried=[("https://x.example/", "page: HTTP 500"),
                              ("https://x.example/robots.txt", "robots.txt: unreachable"),
                              ("https://x.example/feed", "HTTP 404")])
    assert why_none(found) == "page: HTTP 500; none of 1 candidate URL(s) is a feed"
    assert why_none(Discovered(tried=[("ftp://x/", "page: not an http(s) URL")])) == "page: not an http(s) URL"
