"""Re-runs against a site that changes between runs: nothing good is lost, transient trouble
is retried, moved feeds keep their credentials, and fetching a subset disables nothing."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsflow.ingest.feeds_file import FeedConfig, load_feeds
from newsflow.ingest.pipeline import run_ingest

from support import query

pytestmark = pytest.mark.integration

BODY = " ".join(f"The council met on day {i} and agreed the harbour plan would go ahead." for i in range(40))
PAGE = f"<html><head><title>Harbour plan</title></head><body><article><h1>Harbour plan</h1><p>{BODY}</p></article></body></html>"


class Site:
    """A tiny loopback site whose answers a test can change between runs."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.hits: list[tuple[str, str | None]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                site.hits.append((self.path, self.headers.get("Authorization")))
                code, ctype, body = site.routes.get(self.path, (404, "text/plain", b"missing"))
                self.send_response(code)
                if 300 <= code < 400:
                    self.send_header("Location", body.decode())
                    body = b""
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def feed(self, path: str, *links: str) -> None:
        items = "".join(f"<item><title>{link}</title><link>{self.base}{link}</link><guid>{link}</guid></item>"
                        for link in links)
        xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
        self.routes[path] = (200, "application/rss+xml", xml.encode())

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def site():
    s = Site()
    yield s
    s.close()


def test_failed_forced_refetch_keeps_the_good_article(migrated_dsn, site):
    site.feed("/feed.xml", "/a.html")
    site.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nAllow: /\n")
    site.routes["/a.html"] = (200, "text/html", PAGE.encode())
    feeds = [FeedConfig(name="f", url=f"{site.base}/feed.xml")]
    run_ingest(feeds, dsn=migrated_dsn, run_id="r1")
    before = query(migrated_dsn, "SELECT status, text FROM news.articles")
    assert before[0][0] == "ok" and "harbour plan" in before[0][1]
    site.routes["/a.html"] = (404, "text/plain", b"gone")
    result = run_ingest(feeds, dsn=migrated_dsn, run_id="r2", force=True)
    assert query(migrated_dsn, "SELECT status, text FROM news.articles") == before
    assert result["articles"][0]["statuses"] == {"kept_ok_after_http_error": 1}


def test_unreachable_robots_is_retried_next_run(migrated_dsn, site):
    site.feed("/feed.xml", "/a.html")
    site.routes["/robots.txt"] = (503, "text/plain", b"down")
    site.routes["/a.html"] = (200, "text/html", PAGE.encode())
    feeds = [FeedConfig(name="f", url=f"{site.base}/feed.xml")]
    run_ingest(feeds, dsn=migrated_dsn, run_id="r1")
    assert query(migrated_dsn, "SELECT status FROM news.articles") == [("error",)]
    assert "/a.html" not in [p for p, _ in site.hits]  # not fetched while robots.txt is unknown
    site.routes["/robots.txt"] = (404, "text/plain", b"none")  # absent robots.txt: allowed
    # The next run comes later than the short reuse time of an "unreachable" answer (shared by
    # every task through news.host_politeness): here, at once, so that time is moved back.
    query(migrated_dsn, "UPDATE news.host_politeness SET robots_expires_at = now() - interval '1 second'")
    run_ingest(feeds, dsn=migrated_dsn, run_id="r2")
    assert query(migrated_dsn, "SELECT status FROM news.articles") == [("ok",)]


def test_moved_feed_keeps_its_credentials_and_never_stores_them(migrated_dsn, site):
    site.routes["/old.xml"] = (301, "text/plain", b"/new.xml")
    site.feed("/new.xml")
    host = site.base.removeprefix("http://")
    feeds = [FeedConfig(name="private", url=f"http://alice:s3cret@{host}/old.xml")]
    run_ingest(feeds, dsn=migrated_dsn, run_id="r1")
    run_ingest(feeds, dsn=migrated_dsn, run_id="r2")
    expected = "Basic " + base64.b64encode(b"alice:s3cret").decode()
    new_hits = [auth for path, auth in site.hits if path == "/new.xml"]
    assert len(new_hits) == 2 and set(new_hits) == {expected}
    assert query(migrated_dsn, "SELECT url, configured_url FROM news.feeds") == [
        (f"{site.base}/new.xml", f"{site.base}/old.xml")]
    dump = query(migrated_dsn, "SELECT string_agg(t::text, '|') FROM news.feed_fetches t")[0][0]
    assert "s3cret" not in dump


def test_fetching_a_subset_disables_nothing(migrated_dsn, site, tmp_path):
    site.feed("/one.xml")
    site.feed("/two.xml")
    path = tmp_path / "feeds.yaml"
    path.write_text(f"feeds:\n  - name: one\n    url: {site.base}/one.xml\n"
                    f"  - name: two\n    url: {site.base}/two.xml\n")
    run_ingest(load_feeds(path), only=["one"], dsn=migrated_dsn, run_id="r1")
    assert query(migrated_dsn, "SELECT feed_name, enabled FROM news.feeds ORDER BY 1") == [
        ("one", True), ("two", True)]
    assert [p for p, _ in site.hits if p.endswith(".xml")] == ["/one.xml"]


def test_run_params_never_store_credentials(migrated_dsn):
    from newsflow.ingest.pipeline import start_run

    start_run(migrated_dsn, "r-params", "ingest", "news_ingest",
              {"feeds": ["https://bob:hunter2@feeds.example.org/rss", "world"], "force": False})
    params = query(migrated_dsn, "SELECT params FROM news.pipeline_runs")[0][0]
    assert "hunter2" not in str(params) and params["feeds"][1] == "world"


def test_a_forced_redownload_of_unchanged_pages_changes_nothing(migrated_dsn, site):
    """A forced run downloads again, but pages that did not change are not new work: its
    articles_changed is 0, so news_enrich is not woken for nothing."""
    site.feed("/feed.xml", "/a.html")
    site.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nAllow: /\n")
    site.routes["/a.html"] = (200, "text/html", PAGE.encode())
    feeds = [FeedConfig(name="f", url=f"{site.base}/feed.xml")]
    first = run_ingest(feeds, dsn=migrated_dsn, run_id="r1")
    assert (first["articles_loaded"], first["articles_changed"]) == (1, 1)
    forced = run_ingest(feeds, dsn=migrated_dsn, run_id="r2", force=True)
    assert (forced["articles_loaded"], forced["articles_changed"]) == (1, 0)
    site.routes["/a.html"] = (200, "text/html", PAGE.replace("harbour plan", "harbour scheme").encode())
    changed = run_ingest(feeds, dsn=migrated_dsn, run_id="r3", force=True)
    assert (changed["articles_loaded"], changed["articles_changed"]) == (1, 1)
