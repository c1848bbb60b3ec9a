"""run_ingest on the loopback sample site into a real PostgreSQL: what lands, and re-runs."""

from __future__ import annotations

import gzip
import hashlib
import unicodedata
import uuid

import psycopg2
import pytest

from newsflow.ingest.feeds_file import load_feeds
from newsflow.ingest.pipeline import run_ingest
from newsflow.settings import SAMPLE_FEEDS_FILE
from newsflow.warehouse import db
from newsflow_dev.sample_site import DEFAULT_ROOT, PLACEHOLDER, render_feeds_file

from support import query

DATA_TABLES = ("articles", "feed_entries", "article_html")
ENABLED = ("meridian-world", "meridian-politics", "meridian-business", "meridian-local-legacy")


def snapshot(dsn: str) -> dict[str, str]:
    """md5 of every row's text form, per data table (plus the stable part of news.feeds)."""
    out = {
        t: query(dsn, f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM news.{t} t")[0][0]
        for t in DATA_TABLES
    }
    out["feeds"] = query(dsn, """
        SELECT md5(string_agg(row(feed_name, url, title, tags, enabled, etag, last_modified)::text, '|'
                              ORDER BY feed_name)) FROM news.feeds""")[0][0]
    return out


def new_requests(site, before: int) -> list[str]:
    return [r.path for r in site.requests[before:]]


def statuses(dsn: str) -> dict[str, tuple]:
    rows = query(dsn, "SELECT canonical_url, status, status_reason, http_status FROM news.articles")
    return {url.split("/", 3)[3]: tuple(rest) for url, *rest in rows}


@pytest.fixture(scope="module")
def ingested(pg_server, sample_site, tmp_path_factory):
    """One ingest of the sample feeds into a module-private database (read-only tests share it)."""
    name = f"t_ingest_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(pg_server)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    head, _, query_string = pg_server.partition("?")
    dsn = head.rsplit("/", 1)[0] + f"/{name}" + (f"?{query_string}" if query_string else "")
    feeds = load_feeds(render_feeds_file(sample_site.base_url, tmp_path_factory.mktemp("feeds") / "feeds.yaml",
                                         SAMPLE_FEEDS_FILE))
    before = len(sample_site.requests)
    result = run_ingest(feeds, dsn=dsn, run_id="run-1")
    requests = new_requests(sample_site, before)
    try:
        yield {"dsn": dsn, "result": result, "requests": requests, "feeds": feeds}
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


# ------------------------------------------------------------------ first run


def test_article_statuses_match_the_site(ingested):
    got = statuses(ingested["dsn"])
    assert got["articles/business/harbor-bank-merger-talks.html"][0] == "paywalled"
    assert got["articles/world/quake-stub.html"][0] == "too_short"
    assert got["articles/world/deleted-story.html"][:3] == ("http_error", "HTTP 404", 404)
    blocked = got["private/embargoed-draft.html"]
    assert blocked[0] == "blocked" and "robots" in blocked[1] and blocked[2] is None
    special = {"articles/business/harbor-bank-merger-talks.html", "articles/world/quake-stub.html",
               "articles/world/deleted-story.html", "private/embargoed-draft.html"}
    others = {k: v for k, v in got.items() if k not in special}
    assert len(others) == 31
    assert {v[0] for v in others.values()} == {"ok"}, others
    # every non-ok article says why
    assert all(v[1] for k, v in got.items() if k in special)


def test_nothing_dropped_silently(ingested):
    dsn = ingested["dsn"]
    entry_urls = {r[0] for r in query(dsn, "SELECT DISTINCT canonical_url FROM news.feed_entries")}
    article_urls = {r[0] for r in query(dsn, "SELECT canonical_url FROM news.articles")}
    assert entry_urls == article_urls
    assert len(article_urls) == 35
    # every entry points at its article by the deterministic id
    assert query(dsn, """SELECT count(*) FROM news.feed_entries e
                          LEFT JOIN news.articles a USING (article_id) WHERE a.article_id IS NULL""") == [(0,)]


def test_cp1252_page_is_correct_unicode(ingested):
    (text,) = query(ingested["dsn"], "SELECT text FROM news.articles WHERE canonical_url LIKE %s",
                    ("%/lyon-bridge-reopens.html",))[0]
    assert "Hélène Garnier" in text
    assert "école" in text
    assert "\u201cThis bridge has carried Lyon\u2019s workers" in text  # curly quotes and apostrophe
    assert "\u2014" in text
    for mojibake in ("Ã", "â€", "\ufffd"):
        assert mojibake not in text
    assert unicodedata.is_normalized("NFC", text)


def test_ok_articles_have_text_hashes_and_raw_html(ingested):
    dsn = ingested["dsn"]
    bad = query(dsn, """SELECT canonical_url FROM news.articles WHERE status = 'ok' AND
                        (text IS NULL OR word_count < 150 OR content_hash IS NULL OR simhash IS NULL
                         OR title IS NULL OR extractor IS NULL OR fetched_at IS NULL)""")
    assert bad == []
    rows = query(dsn, """SELECT a.canonical_url, h.html_gz, h.sha256, h.raw_bytes, h.content_type
                           FROM news.article_html h JOIN news.articles a USING (article_id)""")
    assert len(rows) == 33  # every page that answered 200 (not the 404, not the robots-refused one)
    for url, html_gz, sha, size, ctype in rows:
        raw = gzip.decompress(bytes(html_gz))
        assert len(raw) == size and hashlib.sha256(raw).hexdigest() == sha
        path = url.split("/", 3)[3]
        expected = (DEFAULT_ROOT / path).read_bytes().replace(
            PLACEHOLDER, url.split("/", 3)[0].encode() + b"//" + url.split("/", 3)[2].encode()
        )
        assert raw == expected, path  # exactly as served, e.g. still windows-1252 bytes
        assert ctype.startswith("text/html")


def test_article_in_two_feeds_is_one_row_with_two_entries(ingested):
    dsn = ingested["dsn"]
    articles = query(dsn, "SELECT article_id, feed_name FROM news.articles WHERE canonical_url LIKE %s",
                     ("%/summit-trade-communique.html",))
    assert len(articles) == 1
    (aid, first_feed), = articles
    entries = query(dsn, "SELECT feed_name, article_id FROM news.feed_entries WHERE canonical_url LIKE %s "
                         "ORDER BY feed_name", ("%/summit-trade-communique.html",))
    assert [e[0] for e in entries] == ["meridian-politics", "meridian-world"]
    assert {e[1] for e in entries} == {aid}
    assert first_feed == "meridian-politics"  # new in both feeds in one run: the first by name keeps it


def test_tracking_parameters_do_not_make_new_articles(ingested):
    dsn = ingested["dsn"]
    assert query(dsn, "SELECT count(*) FROM news.articles WHERE canonical_url ~ '[?#]|utm_'") == [(0,)]
    raw = query(dsn, "SELECT count(*) FROM news.feed_entries WHERE url LIKE '%%utm_%%' OR url LIKE '%%#%%'")
    assert raw[0][0] >= 5  # the feeds did carry them


def test_exact_and_near_duplicates_are_linked(ingested):
    dsn = ingested["dsn"]
    rows = query(dsn, """SELECT a.canonical_url, a.duplicate_kind, d.canonical_url, d.duplicate_of
                           FROM news.articles a JOIN news.articles d ON d.article_id = a.duplicate_of""")
    linked = {url.rsplit("/", 2)[-2] + "/" + url.rsplit("/", 1)[-1]: (kind, target.rsplit("/", 1)[-1], root)
              for url, kind, target, root in rows}
    pair = {"port-strike-ends.html", "northwire-port-strike-ends.html"}
    assert len(linked) == 2 and "world/port-strike-ends-update.html" in linked
    (exact,) = [k for k in linked if k != "world/port-strike-ends-update.html"]
    assert linked[exact][0] == "exact"
    assert {exact.split("/")[1], linked[exact][1]} == pair  # one copy points at the other
    near = linked["world/port-strike-ends-update.html"]
    assert near[0] == "near"
    assert near[1] in pair and near[2] is None  # points at the cluster's root, not a chain
    assert ingested["result"]["duplicates"] == {"linked_now": 2, "exact": 1, "near": 1}


def test_every_feed_fetch_is_recorded(ingested):
    dsn = ingested["dsn"]
    rows = query(dsn, """SELECT feed_name, outcome, http_status, entries_seen, entries_new, bozo, bozo_error,
                                error, attempts FROM news.feed_fetches WHERE run_id = 'run-1'""")
    got = {r[0]: r[1:] for r in rows}
    assert set(got) == set(ENABLED)
    for name in ENABLED:
        outcome, code, _seen, _new, _bozo, _bozo_error, error, attempts = got[name]
        assert (outcome, code, error, attempts) == ("ok", 200, None, 1), name
    # A site's feeds are polled in name order (priority first): politics before world.
    assert got["meridian-politics"][2:4] == (12, 12)
    assert got["meridian-world"][2:4] == (13, 12)  # the summit article was already known
    assert got["meridian-business"][2:4] == (6, 6)
    # the malformed feed: entries loaded, malformation recorded
    seen, new, bozo, bozo_error = got["meridian-local-legacy"][2:6]
    assert (seen, new, bozo) == (5, 5, True) and bozo_error
    assert not any(got[n][4] for n in ENABLED if n != "meridian-local-legacy")
    assert query(dsn, "SELECT count(*) FROM news.feed_entries WHERE feed_name = 'meridian-local-legacy'") == [(5,)]
    feeds = dict(query(dsn, "SELECT feed_name, last_status FROM news.feeds WHERE enabled"))
    assert feeds == {n: "ok" for n in ENABLED}


def test_disabled_feed_is_not_fetched(ingested):
    assert not any("sport" in p for p in ingested["requests"])
    dsn = ingested["dsn"]
    assert query(dsn, "SELECT enabled, last_fetched_at FROM news.feeds WHERE feed_name = 'meridian-sport'") == [
        (False, None)
    ]
    assert query(dsn, "SELECT count(*) FROM news.feed_fetches WHERE feed_name = 'meridian-sport'") == [(0,)]
    from newsflow.warehouse.feeds import ingest_summary

    assert ingest_summary(dsn)["feeds"]["meridian-sport"]["feed_status"] == "disabled"  # not "-"


def test_run_is_recorded(ingested):
    rows = query(ingested["dsn"], "SELECT run_id, stage, status, finished_at IS NOT NULL, params "
                                  "FROM news.pipeline_runs")
    assert len(rows) == 1
    run_id, stage, status, finished, params = rows[0]
    assert (run_id, stage, status, finished) == ("run-1", "ingest", "success", True)
    assert params["feeds"] == sorted(ENABLED) and params["force"] is False  # what was fetched


def test_politeness_on_the_first_run(ingested):
    requests = ingested["requests"]
    assert requests.count("/robots.txt") == 1  # once per host per run, cached
    assert "/private/embargoed-draft.html" not in requests  # robots.txt obeyed
    pages = [p for p in requests if p.startswith("/articles/")]
    # each page once (the article shared by two feeds and the tracking-parameter variants too)
    assert len(pages) == 34
    assert len({p.split("?")[0] for p in pages}) == 34


# ------------------------------------------------------------------ re-runs


def test_second_run_is_a_noop(migrated_dsn, sample_site, sample_feeds):
    first = run_ingest(sample_feeds, dsn=migrated_dsn, run_id="run-1")
    assert first["duplicates"]["linked_now"] == 2
    before = snapshot(migrated_dsn)
    n = len(sample_site.requests)
    second = run_ingest(sample_feeds, dsn=migrated_dsn, run_id="run-2")
    requests = new_requests(sample_site, n)
    assert not [p for p in requests if p.startswith(("/articles/", "/private/"))]
    assert sorted(requests) == sorted(["/feeds/world.xml", "/feeds/politics.atom", "/feeds/business.xml",
                                       "/feeds/broken.xml"])
    assert {r.status for r in sample_site.requests[n:]} == {304}
    rows = query(migrated_dsn, "SELECT outcome, not_modified, http_status, entries_seen FROM news.feed_fetches "
                               "WHERE run_id = 'run-2'")
    assert rows == [("not_modified", True, 304, 0)] * 4
    assert snapshot(migrated_dsn) == before
    assert second["duplicates"]["linked_now"] == 0
    assert all(a["articles"] == 0 for a in second["articles"])


SHARED = "%/summit-trade-communique.html"


def test_forced_run_redownloads_and_changes_nothing_else(migrated_dsn, sample_site, sample_feeds):
    run_ingest(sample_feeds, dsn=migrated_dsn, run_id="run-1")
    before = snapshot(migrated_dsn)
    others = query(migrated_dsn, "SELECT md5(string_agg(a::text, '|' ORDER BY a::text)) FROM news.articles a "
                                 "WHERE canonical_url NOT LIKE %s", (SHARED,))
    n = len(sample_site.requests)
    forced = run_ingest(sample_feeds, dsn=migrated_dsn, run_id="run-forced", force=True)
    requests = new_requests(sample_site, n)
    pages = [p for p in requests if p.startswith("/articles/")]
    assert len({p.split("?")[0] for p in pages}) == 34  # everything downloaded again
    assert {r.status for r in sample_site.requests[n:] if r.path.startswith("/feeds/")} == {200}
    assert forced["duplicates"]["linked_now"] == 0
    after = snapshot(migrated_dsn)
    for table in ("feed_entries", "article_html", "feeds"):
        assert after[table] == before[table], table
    assert query(migrated_dsn, "SELECT md5(string_agg(a::text, '|' ORDER BY a::text)) FROM news.articles a "
                               "WHERE canonical_url NOT LIKE %s", (SHARED,)) == others


def test_forced_run_leaves_articles_identical(migrated_dsn, sample_site, sample_feeds):
    run_ingest(sample_feeds, dsn=migrated_dsn, run_id="run-1")
    before = snapshot(migrated_dsn)
    run_ingest(sample_feeds, dsn=migrated_dsn, run_id="run-forced", force=True)
    assert snapshot(migrated_dsn) == before


def test_credentials_never_reach_the_warehouse(migrated_dsn, sample_site, tmp_path):
    secret = "pa55-w0rd-xyz"
    host = sample_site.base_url.removeprefix("http://")
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n"
        f"  - name: private-business\n    url: http://alice:{secret}@{host}/feeds/business.xml\n"
        f"  - name: private-moved\n    url: http://alice:{secret}@{host}/_test/status/404\n",
        encoding="utf-8",
    )
    run_ingest(load_feeds(path), dsn=migrated_dsn, run_id="run-creds")
    assert query(migrated_dsn, "SELECT count(*) FROM news.articles WHERE status = 'ok'")[0][0] >= 5
    # news.feeds is covered by the next test
    leaks = [t for t in _tables_containing(migrated_dsn, secret) if t != "feeds"]
    assert leaks == [], leaks


def _tables_containing(dsn: str, needle: str) -> list[str]:
    tables = [r[0] for r in query(dsn, "SELECT table_name FROM information_schema.tables "
                                       "WHERE table_schema = 'news' AND table_type = 'BASE TABLE'")]
    return [t for t in tables
            if query(dsn, f"SELECT count(*) FROM news.{t} t WHERE t::text LIKE %s", (f"%{needle}%",))[0][0]]


def test_credentials_in_feed_urls_never_reach_the_feeds_table(migrated_dsn, sample_site, tmp_path):
    secret = "pa55-w0rd-xyz"
    host = sample_site.base_url.removeprefix("http://")
    path = tmp_path / "feeds.yaml"
    path.write_text(f"feeds:\n  - name: private-business\n    url: http://alice:{secret}@{host}/feeds/business.xml\n",
                    encoding="utf-8")
    run_ingest(load_feeds(path), dsn=migrated_dsn, run_id="run-creds")
    assert _tables_containing(migrated_dsn, secret) == []


def test_old_duplicates_ingested_together_are_linked(migrated_dsn):
    from datetime import datetime, timedelta

    from newsflow.extract import urls
    from newsflow.ingest.pipeline import link_duplicates
    from newsflow.warehouse.load import bulk_upsert

    text = " ".join(f"word{i}" for i in range(300))
    published = datetime.now().astimezone() - timedelta(days=60)
    rows = []
    for n, when in ((1, published), (2, published + timedelta(hours=1))):
        url = f"http://x.org/{n}"
        rows.append((urls.article_id(url), "f", f"k{n}", url, url, "ok", text, urls.content_hash(text),
                     urls.simhash(text), when))
    with db.connection(migrated_dsn) as conn, conn.cursor() as cur:
        bulk_upsert(cur, "feeds", ["feed_name", "configured_url", "url"],
                    [("f", "http://x.org/feed", "http://x.org/feed")], ["feed_name"])
        bulk_upsert(cur, "articles", ["article_id", "feed_name", "entry_key", "url", "canonical_url", "status",
                                      "text", "content_hash", "simhash", "published_at"], rows, ["article_id"])
    link_duplicates(migrated_dsn)
    assert query(migrated_dsn, "SELECT canonical_url, duplicate_kind FROM news.articles "
                               "WHERE duplicate_of IS NOT NULL") == [("http://x.org/2", "exact")]
