"""Broken feeds: every fault becomes a recorded outcome while the other feeds still load."""

from __future__ import annotations

import time

import pytest

from newsflow.http import Fetcher
from newsflow.ingest.feeds_file import load_feeds
from newsflow.ingest.pipeline import (
    fetch_articles,
    fetch_feed,
    link_duplicates,
    run_ingest,
    sync_feeds,
)
from newsflow.settings import get_settings

from support import closed_port, query


@pytest.fixture(autouse=True)
def _small_limits(monkeypatch):
    monkeypatch.setenv("NEWSFLOW_READ_TIMEOUT", "0.5")
    monkeypatch.setenv("NEWSFLOW_CONNECT_TIMEOUT", "0.5")
    monkeypatch.setenv("NEWSFLOW_MAX_BYTES", "2000000")
    get_settings.cache_clear()


def feeds_file(tmp_path, site, feeds: dict[str, str]):
    lines = ["feeds:"]
    for name, path in feeds.items():
        url = path if path.startswith("http") else site.base_url + path
        lines += [f"  - name: {name}", f"    url: '{url}'"]
    path = tmp_path / "feeds.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_feeds(path)


def ingest(feeds, dsn: str, run_id: str, *, retries: int = 1) -> dict[str, dict]:
    """The DAG's stages in order (sync → fetch_feed/fetch_articles per feed → link), with a fast fetcher."""
    out = {}
    with Fetcher(get_settings(), retries=retries, backoff=0.01) as fetcher:
        for name in sync_feeds(feeds, dsn):
            out[name] = fetch_feed(name, dsn=dsn, run_id=run_id, fetcher=fetcher)
            fetch_articles(name, dsn=dsn, run_id=run_id, fetcher=fetcher)
    link_duplicates(dsn)
    return out


def wait_for(condition, timeout: float = 6.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def fetches(dsn: str, run_id: str) -> dict[str, tuple]:
    rows = query(dsn, "SELECT feed_name, outcome, http_status, error, attempts, entries_seen, elapsed_ms "
                      "FROM news.feed_fetches WHERE run_id = %s", (run_id,))
    return {r[0]: r[1:] for r in rows}


FAULTS = {
    "world": "/feeds/world.xml",
    "f404": "/_test/status/404",
    "f410": "/_test/status/410",
    "f500": "/_test/status/500",
    "f403": "/_test/status/403",
    "slow": "/_test/slow?seconds=3",
    "big": "/_test/big?bytes=5000000",
    "gzip-bomb": "/_test/gzip-bomb",
    "garbage": "/_test/garbage?bytes=4096",
    "xml-bomb": "/_test/xml-bomb",
    "pdf": "/_test/pdf",
    "loop": "/_test/redirect-loop",
    "moved": "/_test/redirect?to=/feeds/politics.atom&code=301",
    "business": "/feeds/business.xml",
}


def test_each_feed_fault_is_recorded_and_others_still_load(migrated_dsn, sample_site, tmp_path):
    faults = dict(FAULTS, refused=f"http://127.0.0.1:{closed_port()}/feed.xml")
    feeds = feeds_file(tmp_path, sample_site, faults)
    started = time.monotonic()
    results = ingest(feeds, migrated_dsn, "faults-1")
    assert time.monotonic() - started < 30
    assert set(results) == set(faults)
    got = fetches(migrated_dsn, "faults-1")
    assert set(got) == set(faults)  # every attempt is a row

    def outcome(name):
        return got[name][:2]

    assert outcome("world") == ("ok", 200) and got["world"][4] == 13
    assert outcome("business") == ("ok", 200) and got["business"][4] == 6
    assert outcome("f404") == ("http_error", 404) and got["f404"][3] == 1  # not retried
    assert outcome("f410") == ("http_error", 410)
    assert outcome("f500") == ("http_error", 500) and got["f500"][3] == 2  # retried
    assert outcome("f403") == ("blocked", 403)
    assert outcome("slow") == ("timeout", None) and "timeout" in got["slow"][2].lower()
    assert outcome("big") == ("too_large", 200)
    assert outcome("gzip-bomb") == ("too_large", 200)
    assert outcome("garbage") == ("parse_error", 200)
    assert outcome("xml-bomb") == ("parse_error", 200) and "entit" in got["xml-bomb"][2]
    assert got["xml-bomb"][5] < 1000  # refused in well under a second
    assert outcome("pdf") == ("parse_error", 200)
    assert outcome("loop") == ("refused", None) and "redirects" in got["loop"][2]
    assert outcome("refused") == ("network_error", None)
    assert outcome("moved") == ("ok", 200) and got["moved"][4] == 12
    for name, (out, *_rest) in got.items():
        if out not in ("ok", "not_modified"):
            assert got[name][2], name  # every failure says why
            assert results[name]["entries"] == 0

    # the feeds that work loaded their articles despite the broken ones around them
    per_feed = dict(query(migrated_dsn, "SELECT feed_name, count(*) FROM news.articles GROUP BY 1"))
    assert per_feed == {"world": 13, "business": 6, "moved": 11}  # the shared summit article is world's
    assert query(migrated_dsn, "SELECT count(*) FROM news.articles WHERE status = 'ok'")[0][0] == 27
    entries = dict(query(migrated_dsn, "SELECT feed_name, count(*) FROM news.feed_entries GROUP BY 1"))
    assert entries == {"world": 13, "business": 6, "moved": 12}

    feeds_state = {r[0]: r[1:] for r in query(
        migrated_dsn, "SELECT feed_name, enabled, last_status, consecutive_failures, url, etag FROM news.feeds")}
    # 410 Gone disables the feed; other failures are counted but keep it enabled
    assert feeds_state["f410"][:3] == (False, "gone", 1)
    assert feeds_state["f404"][:3] == (True, "http_error", 1)
    assert feeds_state["garbage"][:3] == (True, "parse_error", 1)
    assert feeds_state["world"][:3] == (True, "ok", 0) and feeds_state["world"][4]
    assert feeds_state["garbage"][4] is None  # no validators kept from a failed fetch
    # a permanent redirect updates the stored URL
    assert feeds_state["moved"][3] == sample_site.url("/feeds/politics.atom")


def test_failures_are_counted_and_not_hammered(migrated_dsn, sample_site, tmp_path):
    feeds = feeds_file(tmp_path, sample_site, {"f404": "/_test/status/404", "world": "/feeds/world.xml"})
    before = sample_site.count("/_test/status/404")
    ingest(feeds, migrated_dsn, "r1", retries=3)
    ingest(feeds, migrated_dsn, "r2", retries=3)
    assert sample_site.count("/_test/status/404") == before + 2  # once per run, never retried
    assert query(migrated_dsn, "SELECT consecutive_failures, enabled FROM news.feeds WHERE feed_name = 'f404'") == [
        (2, True)
    ]
    assert query(migrated_dsn, "SELECT run_id, outcome FROM news.feed_fetches WHERE feed_name = 'f404' "
                               "ORDER BY run_id") == [("r1", "http_error"), ("r2", "http_error")]
    # the good feed answered 304 the second time and its consecutive failures stay 0
    assert fetches(migrated_dsn, "r2")["world"][:2] == ("not_modified", 304)


def test_run_ingest_survives_broken_feeds(migrated_dsn, sample_site, tmp_path):
    feeds = feeds_file(tmp_path, sample_site, {
        "f404": "/_test/status/404", "garbage": "/_test/garbage", "xml-bomb": "/_test/xml-bomb",
        "big": "/_test/big?bytes=5000000", "f410": "/_test/status/410", "business": "/feeds/business.xml",
    })
    result = run_ingest(feeds, dsn=migrated_dsn, run_id="cli-faults")
    outcomes = {f["feed"]: f["outcome"] for f in result["feeds"]}
    assert outcomes == {"f404": "http_error", "garbage": "parse_error", "xml-bomb": "parse_error",
                        "big": "too_large", "f410": "http_error", "business": "ok"}
    assert len(fetches(migrated_dsn, "cli-faults")) == 6
    assert query(migrated_dsn, "SELECT count(*) FROM news.articles WHERE feed_name = 'business'") == [(6,)]
    assert query(migrated_dsn, "SELECT status FROM news.pipeline_runs WHERE run_id = 'cli-faults'") == [
        ("success",)
    ]


def test_gone_feed_stays_disabled_on_the_next_run(migrated_dsn, sample_site, tmp_path):
    feeds = feeds_file(tmp_path, sample_site, {"f410": "/_test/status/410", "world": "/feeds/world.xml"})
    ingest(feeds, migrated_dsn, "r1")
    before = sample_site.count("/_test/status/410")
    ingest(feeds, migrated_dsn, "r2")
    assert sample_site.count("/_test/status/410") == before
    assert query(migrated_dsn, "SELECT enabled FROM news.feeds WHERE feed_name = 'f410'") == [(False,)]


def test_permanent_redirect_is_remembered_on_the_next_run(migrated_dsn, sample_site, tmp_path):
    feeds = feeds_file(tmp_path, sample_site, {"moved": "/_test/redirect?to=/feeds/politics.atom&code=301"})
    ingest(feeds, migrated_dsn, "r1")
    assert query(migrated_dsn, "SELECT url FROM news.feeds") == [(sample_site.url("/feeds/politics.atom"),)]
    before = sample_site.count("/_test/redirect")
    ingest(feeds, migrated_dsn, "r2")
    assert sample_site.count("/_test/redirect") == before  # the stored new URL was used
    assert fetches(migrated_dsn, "r2")["moved"][:2] == ("not_modified", 304)


def test_permanent_redirect_onto_another_feeds_url_is_recorded(migrated_dsn, sample_site, tmp_path):
    feeds = feeds_file(tmp_path, sample_site, {
        "world": "/feeds/world.xml", "old-world": "/_test/redirect?to=/feeds/world.xml&code=301",
        "business": "/feeds/business.xml",
    })
    results = ingest(feeds, migrated_dsn, "r1")
    assert set(fetches(migrated_dsn, "r1")) == {"world", "old-world", "business"}
    assert results["business"]["outcome"] == "ok"


# ------------------------------------------------------------- article faults


@pytest.fixture()
def fault_feed(sample_site):
    """A loopback RSS feed (our own tiny server) whose entries point at the sample site's fault routes."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    links = {
        "big": "/_test/big?bytes=5000000",
        "bomb": "/_test/gzip-bomb",
        "pdf": "/_test/pdf",
        "e500": "/_test/status/500",
        "e403": "/_test/status/403",
        "e401": "/_test/status/401",
        "slow": "/_test/slow?seconds=1.5",
        "loop": "/_test/redirect-loop",
        "good": "/articles/world/geneva-water-talks.html",
    }
    items = "".join(
        f"<item><title>{k}</title><link>{sample_site.base_url}{v.replace('&', '&amp;')}</link>"
        f"<guid>fault-{k}</guid></item>"
        for k, v in links.items()
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Faults</title>{items}</channel></rss>'.encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/faults.xml"
    finally:
        server.shutdown()
        server.server_close()


def test_article_faults_get_a_status_and_only_transient_ones_are_retried(
    migrated_dsn, sample_site, tmp_path, fault_feed
):
    feeds = feeds_file(tmp_path, sample_site, {"faults": fault_feed})
    slow_before = sample_site.count("/_test/slow")
    ingest(feeds, migrated_dsn, "a1")
    rows = query(migrated_dsn, "SELECT entry_key, status, status_reason, http_status, text FROM news.articles")
    got = {r[0].removeprefix("guid:fault-"): r[1:] for r in rows}
    assert {k: v[0] for k, v in got.items()} == {
        "big": "too_large", "bomb": "too_large", "pdf": "not_html", "e500": "http_error",
        "e403": "blocked", "e401": "blocked", "slow": "timeout", "loop": "blocked", "good": "ok",
    }
    assert got["e500"][2] == 500 and got["e403"][2] == 403
    for name, (status, reason, _code, text) in got.items():
        if status != "ok":
            assert reason, name  # every status says why
            assert text is None, name  # and no junk text
    assert query(migrated_dsn, "SELECT count(*) FROM news.article_html")[0][0] <= 2  # good (and pdf) only

    # the site logs a slow request when its sleeper answers, after we gave up: wait for both attempts
    wait_for(lambda: sample_site.count("/_test/slow") >= slow_before + 2)
    before = {p: sample_site.count(p) for p in ("/_test/status/500", "/_test/slow", "/_test/status/403",
                                                "/_test/big", "/_test/pdf", "/articles/world/geneva-water-talks.html")}
    ingest(feeds, migrated_dsn, "a2")
    wait_for(lambda: sample_site.count("/_test/slow") > before["/_test/slow"])
    after = {p: sample_site.count(p) for p in before}
    retried = {p for p in before if after[p] > before[p]}
    assert retried == {"/_test/status/500", "/_test/slow"}  # transient trouble only
