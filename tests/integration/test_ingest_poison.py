"""Poisoned feeds among good ones: what one feed's or one article's rows do stays with it.

A tester's `<author>` holding `&#0;` once aborted the whole run at that feed (PostgreSQL refuses
NUL in text): later feeds were never fetched and enrich never ran. Here the poisoned feed loads
(the unstorable characters removed), and a value the database refuses for any other reason
(simulated with a real CHECK constraint) costs only its own feed or article, recorded as error.
"""

from __future__ import annotations

import pytest

from newsflow import enrich
from newsflow.ingest.feeds_file import load_feeds
from newsflow.ingest.pipeline import run_ingest

from hostile_http import HostileServer, respond
from support import query

pytestmark = pytest.mark.integration

_PARAGRAPH = ("The council met on Tuesday to discuss the new bridge, which has been delayed for two "
              "years by disputes over its cost and its route through the old harbour district. ")


def page(title: str, jsonld: str = "") -> bytes:
    body = "".join(f"<p>{_PARAGRAPH * 2} Part {i} of {title}.</p>" for i in range(6))
    script = f'<script type="application/ld+json">{jsonld}</script>' if jsonld else ""
    return (f"<html><head><title>{title}</title>{script}</head><body><article><h1>{title}</h1>{body}"
            "</article></body></html>").encode()


def rss(items: list[tuple[str, str, str, str]]) -> bytes:
    """items: (guid, link, title, raw author XML text), written verbatim (entities included)."""
    entries = "".join(
        f"<item><guid>{guid}</guid><link>{link}</link><title>{title}</title>"
        f"<author>{author}</author></item>" for guid, link, title, author in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
            f"{entries}</channel></rss>").encode()


HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture()
def site():
    routes = {"/robots.txt": respond(b"", "404 Not Found")}
    with HostileServer(routes) as srv:
        yield srv


def feeds_for(site, tmp_path, names: list[str]):
    lines = ["feeds:"] + [f"  - name: {n}\n    url: '{site.url(f'/{n}.xml')}'" for n in names]
    path = tmp_path / "feeds.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_feeds(path)


def outcomes(dsn: str) -> dict[str, tuple[str, str | None]]:
    return {r[0]: (r[1], r[2]) for r in query(dsn, "SELECT feed_name, outcome, error FROM news.feed_fetches")}


def test_nul_and_lone_surrogates_in_one_feed_do_not_stop_the_others(migrated_dsn, site, tmp_path):
    # A lone surrogate cannot be UTF-8 bytes; it arrives through an escape, here JSON-LD's \ud800.
    surrogate_page = page("Story 3", '{"@type": "NewsArticle", "headline": "Lone \\ud800 half",'
                                     ' "author": {"name": "Half \\udc00 Name"}}')
    site.routes.update({
        "/good-a.xml": respond(rss([("a1", site.url("/a/1.html"), "One", "ann@example.com (Ann)")])),
        "/poison.xml": respond(rss([
            ("p1", site.url("/a/2.html"), "Two&#0; with NUL", "Bad&#0;Actor"),
            ("p2", site.url("/a/3.html"), "Three", "Three&#0;"),
        ])),
        "/good-b.xml": respond(rss([("b1", site.url("/a/4.html"), "Four", "Bea")])),
        **{f"/a/{n}.html": respond(page(f"Story {n}"), headers=HTML) for n in (1, 2, 4)},
        "/a/3.html": respond(surrogate_page, headers=HTML),
    })
    feeds = feeds_for(site, tmp_path, ["good-a", "poison", "good-b"])
    result = run_ingest(feeds, dsn=migrated_dsn)
    assert {f["feed"]: f["outcome"] for f in result["feeds"]} == {"good-a": "ok", "poison": "ok", "good-b": "ok"}
    assert set(outcomes(migrated_dsn)) == {"good-a", "poison", "good-b"}
    stored = query(migrated_dsn, "SELECT title, authors FROM news.feed_entries WHERE feed_name = 'poison' "
                                 "ORDER BY entry_key")
    assert all("\x00" not in (title or "") and all("\x00" not in a for a in authors) for title, authors in stored)
    assert any("BadActor" in " ".join(authors) for _, authors in stored)
    assert query(migrated_dsn, "SELECT count(*) FROM news.articles")[0][0] == 4
    title = query(migrated_dsn, "SELECT title FROM news.articles WHERE url LIKE '%/3.html'")[0][0]
    assert title == "Lone \ufffd half"
    stats = enrich.run_enrich(migrated_dsn, "poison-enrich")
    assert stats["articles"] >= 1 and stats["errors"] == 0


def test_a_feed_whose_rows_are_refused_is_recorded_and_the_rest_load(migrated_dsn, site, tmp_path):
    # A real refusal by PostgreSQL, whatever its cause: here a constraint the poisoned title breaks.
    query(migrated_dsn, "ALTER TABLE news.feed_entries ADD CONSTRAINT test_no_poison "
                        "CHECK (title IS NULL OR title NOT LIKE '%POISON%')")
    site.routes.update({
        "/good-a.xml": respond(rss([("a1", site.url("/a/1.html"), "One", "Ann")])),
        "/poison.xml": respond(rss([("p1", site.url("/a/2.html"), "POISON", "X"),
                                    ("p2", site.url("/a/3.html"), "fine", "Y")])),
        "/good-b.xml": respond(rss([("b1", site.url("/a/4.html"), "Four", "Bea")])),
        **{f"/a/{n}.html": respond(page(f"Story {n}"), headers=HTML) for n in range(1, 5)},
    })
    run_ingest(feeds_for(site, tmp_path, ["good-a", "poison", "good-b"]), dsn=migrated_dsn)
    got = outcomes(migrated_dsn)
    assert got["good-a"] == ("ok", None) and got["good-b"] == ("ok", None)
    assert got["poison"][0] == "error" and "test_no_poison" in got["poison"][1]
    assert query(migrated_dsn, "SELECT last_status FROM news.feeds WHERE feed_name = 'poison'") == [("error",)]
    urls = sorted(r[0].rsplit("/", 1)[1] for r in query(migrated_dsn, "SELECT url FROM news.articles"))
    assert urls == ["1.html", "4.html"]  # the poisoned feed's entries never landed, the others did


def test_an_article_whose_row_is_refused_is_recorded_and_its_batch_mates_land(migrated_dsn, site, tmp_path):
    query(migrated_dsn, "ALTER TABLE news.articles ADD CONSTRAINT test_no_venom "
                        "CHECK (title IS NULL OR title NOT LIKE '%VENOM%')")
    site.routes.update({
        "/mixed.xml": respond(rss([(f"m{n}", site.url(f"/a/{n}.html"), f"Entry {n}", "Z") for n in range(1, 4)])),
        "/a/1.html": respond(page("Story 1"), headers=HTML),
        "/a/2.html": respond(page("VENOM in the title"), headers=HTML),
        "/a/3.html": respond(page("Story 3"), headers=HTML),
    })
    result = run_ingest(feeds_for(site, tmp_path, ["mixed"]), dsn=migrated_dsn)
    rows = {r[0].rsplit("/", 1)[1]: r[1:] for r in
            query(migrated_dsn, "SELECT url, status, status_reason, text IS NULL FROM news.articles")}
    assert rows["2.html"][0] == "error" and "test_no_venom" in rows["2.html"][1] and rows["2.html"][2]
    assert rows["1.html"][0] != "error" and rows["3.html"][0] != "error"
    assert result["articles"][0]["statuses"].get("error") == 1


def test_an_article_in_two_feeds_is_fetched_once_per_run_even_when_it_fails(migrated_dsn, site, tmp_path):
    site.routes.update({
        "/one.xml": respond(rss([("o1", site.url("/a/shared.html"), "Shared", "A"),
                                 ("o2", site.url("/a/flaky.html"), "Flaky", "A")])),
        "/two.xml": respond(rss([("t1", site.url("/a/shared.html"), "Shared", "B"),
                                 ("t2", site.url("/a/flaky.html"), "Flaky", "B")])),
        "/a/shared.html": respond(page("Shared story"), headers=HTML),
        "/a/flaky.html": respond(b"try later", "503 Service Unavailable", {"Retry-After": "0"}),
    })
    feeds = feeds_for(site, tmp_path, ["one", "two"])
    run_ingest(feeds, dsn=migrated_dsn, run_id="twice-1")
    per_run = site.count("/a/flaky.html")
    assert per_run >= 1 and site.count("/a/shared.html") == 1
    assert query(migrated_dsn, "SELECT status FROM news.articles WHERE url LIKE '%flaky%'") == [("http_error",)]
    # The next run retries the transient failure, once again: by one feed, not by each.
    run_ingest(feeds, dsn=migrated_dsn, run_id="twice-2")
    assert site.count("/a/flaky.html") == 2 * per_run


def test_a_feed_of_trickling_pages_stops_at_its_budget_and_defers_the_rest(migrated_dsn, site, tmp_path,
                                                                           monkeypatch):
    import time

    from newsflow.settings import get_settings

    from hostile_http import trickle_body

    monkeypatch.setenv("NEWSFLOW_TOTAL_TIMEOUT", "0.6")
    monkeypatch.setenv("NEWSFLOW_FEED_BUDGET", "1.5")
    get_settings.cache_clear()
    site.routes.update({
        "/slow.xml": respond(rss([(f"s{n}", site.url(f"/a/{n}.html"), f"Slow {n}", "S") for n in range(8)])),
        **{f"/a/{n}.html": trickle_body(interval=0.2, size=10_000) for n in range(8)},
    })
    started = time.monotonic()
    result = run_ingest(feeds_for(site, tmp_path, ["slow"]), dsn=migrated_dsn, run_id="slow-1")
    elapsed = time.monotonic() - started
    arts = result["articles"][0]
    assert elapsed < 6, elapsed  # 8 pages × 3 attempts × a trickle would take minutes
    assert arts["deferred"] >= 1 and arts["articles"] + arts["deferred"] == 8
    tried = query(migrated_dsn, "SELECT status, status_reason FROM news.articles")
    assert len(tried) == arts["articles"] and all(s == "timeout" and "timeout" in r for s, r in tried)
    assert query(migrated_dsn, "SELECT articles->>'deferred' FROM news.feed_fetches") == [(str(arts["deferred"]),)]
    # The deferred ones are the next run's work (they were never recorded as failures).
    site.routes.update({f"/a/{n}.html": respond(page(f"Slow {n}"), headers=HTML) for n in range(8)})
    run_ingest(feeds_for(site, tmp_path, ["slow"]), dsn=migrated_dsn, run_id="slow-2")
    assert query(migrated_dsn, "SELECT count(*) FROM news.articles WHERE status <> 'error'")[0][0] == 8


def test_truncation_is_recorded_and_relative_links_are_followed(migrated_dsn, site, tmp_path):
    from newsflow.ingest.feed_parser import MAX_ENTRIES

    many = [(f"n{n}", f"/a/{n}.html", f"Item {n}", "N") for n in range(MAX_ENTRIES + 100)]
    site.routes.update({"/big.xml": respond(rss(many)), "/a/0.html": respond(page("Story 0"), headers=HTML)})
    result = run_ingest(feeds_for(site, tmp_path, ["big"]), dsn=migrated_dsn, only=["big"], run_id="big-1")
    assert query(migrated_dsn, "SELECT entries_seen, entries_total FROM news.feed_fetches") \
        == [(MAX_ENTRIES, MAX_ENTRIES + 100)]
    assert result["feeds"][0]["entries_total"] == MAX_ENTRIES + 100
    # The feed's links are relative: resolved against the feed's URL, so the articles are fetched.
    assert site.count("/a/0.html") == 1
    assert query(migrated_dsn, "SELECT url FROM news.articles WHERE url LIKE '%/a/0.html'") \
        == [(site.url("/a/0.html"),)]


def test_keys_too_long_for_an_index_cost_neither_the_feed_nor_its_other_entries(migrated_dsn, site, tmp_path):
    # Varied characters, so PostgreSQL cannot compress the index row below its ~2.7 kB limit.
    noise = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(1000))
    long_path = f"/a/{noise}.html"  # 3,000 UTF-8 bytes, 9,000 characters once escaped
    long_guid = "g-" + noise[:900]  # 2,700 bytes
    site.routes.update({
        "/long.xml": respond(rss([("", site.url(long_path), "Long link, no guid", "L"),
                                  (long_guid, site.url("/a/ok.html"), "Long guid", "G")]).replace(
                                      b"<guid></guid>", b"")),
        "/a/ok.html": respond(page("Fine story"), headers=HTML),
    })
    result = run_ingest(feeds_for(site, tmp_path, ["long"]), dsn=migrated_dsn)
    assert result["feeds"][0]["outcome"] == "ok" and result["feeds"][0]["entries"] == 2
    keys = [r[0] for r in query(migrated_dsn, "SELECT entry_key FROM news.feed_entries ORDER BY 1")]
    assert len(keys) == 2 and all(len(k.encode()) <= 1_000 for k in keys)
    assert query(migrated_dsn, "SELECT url FROM news.articles") == [(site.url("/a/ok.html"),)]


def test_finalize_closes_the_run_from_what_each_feed_stored(migrated_dsn, site, tmp_path):
    """The DAG's finalize sees no XCom of failed feed tasks: it reads what each feed stored."""
    from newsflow.ingest import pipeline

    site.routes.update({
        "/good.xml": respond(rss([(f"g{n}", site.url(f"/a/{n}.html"), f"G {n}", "G") for n in range(3)])),
        **{f"/a/{n}.html": respond(page(f"Story {n}"), headers=HTML) for n in range(3)},
    })
    feeds = feeds_for(site, tmp_path, ["good", "crashed"])
    pipeline.start_run(migrated_dsn, "dag-run-1", "ingest", "news_ingest", {})
    names = pipeline.sync_feeds(feeds, migrated_dsn)
    pipeline.fetch_feed("good", dsn=migrated_dsn, run_id="dag-run-1")
    pipeline.fetch_articles("good", dsn=migrated_dsn, run_id="dag-run-1")
    # "crashed" stands for a feed whose task died: it stored nothing for this run.
    stats = pipeline.finalize_ingest(migrated_dsn, "dag-run-1", names)
    assert stats["failed_feeds"] == ["crashed"] and stats["articles_loaded"] == 3
    assert sum(stats["articles"][0]["statuses"].values()) == 3
    status, stored = query(migrated_dsn, "SELECT status, stats FROM news.pipeline_runs WHERE run_id = 'dag-run-1'")[0]
    assert status == "partial" and stored["failed_feeds"] == ["crashed"] and stored["articles_loaded"] == 3
    assert pipeline.failed_feeds(migrated_dsn, "dag-run-1", names) == ["crashed"]


def test_a_page_with_giant_metadata_is_stored_capped(migrated_dsn, site, tmp_path):
    from newsflow.ingest.feed_parser import MAX_AUTHOR_CHARS, MAX_ENTRY_TITLE_CHARS

    giant = page("T" * 2_000_000, '{"@type": "NewsArticle", "author": {"name": "' + "A" * 300_000 + '"}}')
    site.routes.update({"/giant.xml": respond(rss([("g1", site.url("/a/giant.html"), "Giant", "G")])),
                        "/a/giant.html": respond(giant, headers=HTML)})
    run_ingest(feeds_for(site, tmp_path, ["giant"]), dsn=migrated_dsn)
    title, authors = query(migrated_dsn, "SELECT title, authors FROM news.articles")[0]
    assert 0 < len(title) <= MAX_ENTRY_TITLE_CHARS
    assert all(len(a) <= MAX_AUTHOR_CHARS for a in authors)


def test_an_article_new_in_two_feeds_belongs_to_the_first_by_name_whatever_ran_first(migrated_dsn, site,
                                                                                     tmp_path):
    from newsflow.ingest import pipeline

    site.routes.update({
        "/zulu.xml": respond(rss([("z1", site.url("/a/shared.html"), "Shared (zulu)", "Z")])),
        "/alpha.xml": respond(rss([("a1", site.url("/a/shared.html"), "Shared (alpha)", "A")])),
        "/a/shared.html": respond(page("Shared story"), headers=HTML),
    })
    feeds = feeds_for(site, tmp_path, ["zulu", "alpha"])
    pipeline.start_run(migrated_dsn, "own-1", "ingest", "news_ingest", {})
    names = pipeline.sync_feeds(feeds, migrated_dsn)
    for name in ("zulu", "alpha"):  # zulu's task happens to run first and downloads it
        pipeline.fetch_feed(name, dsn=migrated_dsn, run_id="own-1")
        pipeline.fetch_articles(name, dsn=migrated_dsn, run_id="own-1")
    assert query(migrated_dsn, "SELECT feed_name FROM news.articles") == [("zulu",)]
    pipeline.finalize_ingest(migrated_dsn, "own-1", names)
    assert query(migrated_dsn, "SELECT feed_name, entry_key FROM news.articles") == [("alpha", "guid:a1")]
    assert site.count("/a/shared.html") == 1
