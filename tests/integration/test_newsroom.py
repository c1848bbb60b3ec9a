"""The News view on a real warehouse (embedded PostgreSQL): every page, its DOM contract, paging,
escaping, links, the login check, and the read-only role."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import psycopg2
import psycopg2.errors
import pytest
from fastapi import FastAPI, HTTPException, Request
from fastapi.testclient import TestClient

from newsflow.newsroom.app import create_app
from newsflow.warehouse.readonly import ReadOnlyWarehouse, reader_dsn

from support import HtmlDoc as _Doc
from support import query

pytestmark = pytest.mark.integration

TOKEN = "let-me-in"
SCRIPT = "<script>alert(1)</script>"
JS_URL = "javascript:alert(1)"
TEXT = ('Jane Moreau said "Belvania will stop arguing about numbers" on Monday. '
        '"We are ready," she added, "to sign with Harbor Bank today."')
PAGER_SPEAKER = "Pat Pager"
PAGER_QUOTES = 30  # more than one page (25)


def _aid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _fill(dsn: str) -> dict[str, str]:
    """A small warehouse written in SQL: one good feed, one failing feed with a hostile title and
    URL, a quoting article (nested and crossing spans, an interrupted quote), its duplicate, a
    hostile article, a failed one, and many quotes by one speaker for paging."""
    main, dup, hostile, failed = _aid("main"), _aid("dup"), _aid("hostile"), _aid("failed")
    query(dsn, """INSERT INTO news.feeds (feed_name, url, title, last_status, last_fetched_at, consecutive_failures,
                                          last_error)
                  VALUES ('alpha', 'https://alpha.example/feed.xml', 'Alpha News', 'ok', now(), 0, NULL),
                         ('broken', %s, %s, 'http_error', now(), 3, 'HTTP 500 <b>oops</b>')""", (JS_URL, SCRIPT))
    rows = [
        (main, "alpha", "https://alpha.example/a/1", "Moreau on Belvania", "2026-11-20 10:00+00", TEXT, "ok", None),
        (dup, "alpha", "https://alpha.example/a/1-copy", "Moreau on Belvania (copy)", "2026-11-20 11:00+00", TEXT,
         "ok", main),
        (hostile, "broken", JS_URL, SCRIPT, "2026-11-21 09:00+00", 'Eve said "<img src=x onerror=alert(2)>".',
         "ok", None),
        (failed, "alpha", "https://alpha.example/a/404", "Gone", "2026-11-22 09:00+00", None, "http_error", None),
    ]
    for aid, feed, url, title, published, text, status, dup_of in rows:
        query(dsn, """INSERT INTO news.articles (article_id, feed_name, entry_key, url, canonical_url, title,
                                                 published_at, text, status, duplicate_of, duplicate_kind,
                                                 extractor, extractor_version, first_seen_at)
                      VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'newsflow', 'x-1.0 trafilatura-2.3.1',
                              now())""",
              (aid, feed, url, url, url, title, published, text, status, dup_of, "exact" if dup_of else None))
    query(dsn, """INSERT INTO news.entities (entity_key, canonical_name, label) VALUES
                  ('person:jane moreau', 'Jane Moreau', 'PERSON'), ('gpe:belvania', 'Belvania', 'GPE'),
                  ('org:harbor bank', 'Harbor Bank', 'ORG'), ('person:eve', 'Eve', 'PERSON')""")
    mentions = [("person:jane moreau", "PERSON", "Jane Moreau"), ("gpe:belvania", "GPE", "Belvania"),
                ("org:harbor bank", "ORG", "Harbor Bank")]
    for aid in (main, dup):
        for key, label, surface in mentions:
            start, end = _span(TEXT, surface)
            query(dsn, """INSERT INTO news.entity_mentions (article_id, start_char, end_char, entity_key, label, surface)
                          VALUES (%s, %s, %s, %s, %s, %s)""", (aid, start, end, key, label, surface))
        q1 = _span(TEXT, "Belvania will stop arguing about numbers")
        p1, p2 = _span(TEXT, "We are ready,"), _span(TEXT, "to sign with Harbor Bank today.")
        for n, (start, end, spans, words, kind) in enumerate([
            (*q1, [], "Belvania will stop arguing about numbers", "direct"),
            (p1[0], p2[1], [list(p1), list(p2)], "We are ready, to sign with Harbor Bank today.", "mixed"),
        ]):
            query(dsn, """INSERT INTO news.quotes (quote_id, article_id, start_char, end_char, spans, quote_text, kind,
                                                   cue, speaker, speaker_text, speaker_label, speaker_key, confidence)
                          VALUES (%s, %s, %s, %s, %s::jsonb, %s, %s, %s, 'Jane Moreau', %s, 'PERSON',
                                  'person:jane moreau', 0.9)""",
                  (str(uuid.uuid5(uuid.UUID(aid), str(n))), aid, start, end, __import__("json").dumps(spans), words,
                   kind, "said" if n == 0 else "added", "Jane Moreau" if n == 0 else "she"))
    start, end = _span(rows[2][5], "<img src=x onerror=alert(2)>")
    query(dsn, """INSERT INTO news.quotes (quote_id, article_id, start_char, end_char, quote_text, kind, cue, speaker,
                                           confidence)
                  VALUES (%s, %s, %s, %s, %s, 'direct', 'said', %s, 0.8)""",
          (_aid("hq"), hostile, start, end, rows[2][5][start:end], SCRIPT))
    query(dsn, """INSERT INTO news.entity_mentions (article_id, start_char, end_char, entity_key, label, surface)
                  VALUES (%s, 0, 3, 'person:eve', 'PERSON', 'Eve')""", (hostile,))
    # Paging: one quote in each of PAGER_QUOTES articles, one a day.
    for i in range(PAGER_QUOTES):
        aid = _aid(f"pager{i}")
        text = f'"Point number {i} stands," said {PAGER_SPEAKER}.'
        query(dsn, """INSERT INTO news.articles (article_id, feed_name, entry_key, url, canonical_url, title,
                                                 published_at, text, status)
                      VALUES (%s, 'alpha', %s, %s, %s, %s, timestamptz '2026-10-01 12:00+00' + %s * interval '1 day',
                              %s, 'ok')""",
              (aid, f"p{i}", f"https://alpha.example/p/{i}", f"https://alpha.example/p/{i}", f"Pager {i}", i, text))
        start, end = _span(text, f"Point number {i} stands,")
        query(dsn, """INSERT INTO news.quotes (quote_id, article_id, start_char, end_char, quote_text, kind, cue,
                                               speaker, confidence)
                      VALUES (%s, %s, %s, %s, %s, 'direct', 'said', %s, 0.9)""",
              (_aid(f"pq{i}"), aid, start, end, text[start:end], PAGER_SPEAKER))
        query(dsn, """INSERT INTO news.entity_mentions (article_id, start_char, end_char, entity_key, label, surface)
                      VALUES (%s, 0, 3, 'gpe:belvania', 'GPE', 'xxx')""", (aid,))
    query(dsn, """INSERT INTO news.article_enrichment (article_id, status, model, entity_count, quote_count)
                  VALUES (%s, 'ok', 'en_core_web_sm-3.8.0+rules-7', 3, 2)""", (main,))
    query(dsn, """INSERT INTO news.pipeline_runs (run_id, stage, dag_id, started_at, finished_at, status)
                  VALUES ('manual__1', 'ingest', 'news_ingest', now() - interval '1 hour', now(), 'success'),
                         ('manual__2', 'enrich', 'news_enrich', now(), NULL, 'running')""")
    from newsflow.warehouse import marts

    marts.refresh_marts(dsn)
    return {"main": main, "dup": dup, "hostile": hostile, "failed": failed}


@pytest.fixture(scope="module")
def warehouse(pg_server) -> Iterator[tuple[str, dict[str, str]]]:
    from newsflow.ingest.pipeline import prepare_warehouse
    from newsflow.warehouse.db import scratch_database

    with scratch_database(pg_server, "newsroom") as dsn:
        prepare_warehouse(dsn)
        yield dsn, _fill(dsn)


def _test_auth(request: Request) -> str:
    """Stands in for Airflow's get_user: a bearer token or the _token cookie, else 401."""
    header = request.headers.get("authorization", "")
    if header == f"Bearer {TOKEN}" or request.cookies.get("_token") == TOKEN:
        return "tester"
    raise HTTPException(status_code=401, detail="Not authenticated")


def _mounted(dsn: str, **kwargs) -> FastAPI:
    """Mounted at /news as the api-server mounts a plugin's app."""
    root = FastAPI()
    root.mount("/news", create_app(lambda: dsn, _test_auth, **kwargs))
    return root


@pytest.fixture(scope="module")
def client(warehouse) -> Iterator[TestClient]:
    dsn, _ = warehouse
    with TestClient(_mounted(dsn), headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        yield c


def _common(doc: _Doc) -> None:
    nav = doc.find("nav", "news-nav")
    assert len(nav) == 1
    assert [a["text"] for a in doc.find("a", within=nav[0])] == ["Overview", "Quotes"]
    assert len(doc.find("h1")) == 1
    assert doc.find("script") == []


def _get(client: TestClient, path: str, **params) -> _Doc:
    resp = client.get(path, params=params) if params else client.get(path)
    assert resp.status_code == 200, (path, resp.status_code, resp.text[:300])
    assert resp.headers["content-type"].startswith("text/html")
    assert "script-src" not in resp.headers["content-security-policy"]  # default-src 'none' covers it
    doc = _Doc(resp.text)
    _common(doc)
    return doc


def test_overview_lists_failing_feeds_first_with_their_titles_as_text(client):
    doc = _get(client, "/news/")
    rows = doc.find("tr", within=doc.find("table", "feeds")[0])[1:]
    titles = [doc.find(cls="feed-title", within=r)[0]["text"] for r in rows]
    assert titles == [SCRIPT, "Alpha News"]  # the failing feed first; its title shown as text
    assert "failing" in rows[0]["classes"]
    # The javascript: feed URL is text, not a link; the http one is a link.
    hrefs = [a["attrs"]["href"] for a in doc.find("a")]
    assert JS_URL not in hrefs and "https://alpha.example/feed.xml" in hrefs
    assert any(JS_URL in s["text"] for s in doc.find(cls="unlinked"))
    cells = [[td["text"] for td in doc.find("td", within=r)]
             for r in doc.find("tr", within=doc.find("table", "statuses")[0])[1:]]
    statuses = {c[0]: c[1:] for c in cells}
    assert statuses["ok"] == [str(3 + PAGER_QUOTES)] * 2 and statuses["http_error"] == ["1", "1"]
    runs = [r["text"] for r in doc.find("tr", within=doc.find("table", "runs")[0])[1:]]
    assert "manual__2" in runs[0] and "running" in runs[0] and "manual__1" in runs[1]


def test_overview_pages_its_feeds(warehouse):
    dsn, _ = warehouse
    from newsflow.warehouse import newsroom as queries

    conn = psycopg2.connect(reader_dsn(dsn))
    try:
        fetch = lambda sql, params: ReadOnlyWarehouse(lambda: dsn).fetch(conn, sql, params)  # noqa: E731
        first, second = queries.overview(fetch, 1, size=1), queries.overview(fetch, 2, size=1)
    finally:
        conn.close()
    assert first["feeds"].has_next and not first["feeds"].has_prev
    assert second["feeds"].has_prev and not second["feeds"].has_next
    assert [f["feed_name"] for f in first["feeds"].rows + second["feeds"].rows] == ["broken", "alpha"]


def test_quotes_page_form_results_and_links(client, warehouse):
    _, ids = warehouse
    doc = _get(client, "/news/quotes", speaker="jane moreau")
    form = doc.find("form")[0]
    assert form["attrs"]["id"] == "quote-search" and form["attrs"]["method"] == "get"
    names = {e["attrs"].get("name") for e in doc.find("input", within=form) + doc.find("select", within=form)}
    assert {"q", "speaker", "entity", "feed", "kind", "since", "until", "sort", "min_confidence"} <= names
    buttons = doc.find("button", within=form)
    assert [(b["attrs"].get("type"), b["text"]) for b in buttons] == [("submit", "Search")]
    results = doc.find(cls="quote-result")
    assert len(results) == 2  # the duplicate article's quotes are not shown twice
    for r in results:
        speaker = doc.find(cls="speaker", within=r)[0]
        assert speaker["tag"] == "a" and speaker["text"] == "Jane Moreau"
        assert parse_qs(urlsplit(speaker["attrs"]["href"]).query) == {"key": ["person:jane moreau"]}
        assert urlsplit(speaker["attrs"]["href"]).path == "/news/speakers"
        assert doc.find(cls="cue", within=r) and doc.find(cls="quote-text", within=r)
        link = doc.find("a", "article-link", within=r)[0]
        assert link["attrs"]["href"] == f"/news/articles/{ids['main']}" and link["text"] == "Moreau on Belvania"
        assert doc.find(cls="article-date", within=r)[0]["text"] == "2026-11-20"
    # The form shows what was searched.
    assert [e["attrs"]["value"] for e in doc.find("input", within=form) if e["attrs"]["name"] == "speaker"] == ["jane moreau"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "arguing numbers"}, {"Belvania will stop arguing about numbers"}),
    ({"q": "argue"}, {"Belvania will stop arguing about numbers"}),  # English stemming, as the CLI
    ({"q": "xylophone"}, set()),
    # Shown as a reader sees them: the pieces of a split quote joined with " … ", the comma dropped.
    ({"entity": "harbor"}, {"Belvania will stop arguing about numbers", "We are ready … to sign with Harbor Bank today."}),
    ({"speaker": "moreau", "kind": "mixed"}, {"We are ready … to sign with Harbor Bank today."}),
    ({"feed": "broken"}, {"<img src=x onerror=alert(2)>"}),
    ({"speaker": "moreau", "since": "2026-11-21"}, set()),
    ({"speaker": "moreau", "until": "2026-11-19"}, set()),
    ({"speaker": "moreau", "since": "2026-11-20", "until": "2026-11-20"},
     {"Belvania will stop arguing about numbers", "We are ready … to sign with Harbor Bank today."}),
    ({"speaker": "%"}, set()),  # a literal %, not a wildcard
])
def test_quote_filters(client, params, expected):
    doc = _get(client, "/news/quotes", **params)
    assert {e["text"] for e in doc.find(cls="quote-text")} == expected


def test_quotes_until_filter_counts_the_whole_day(client):
    doc = _get(client, "/news/quotes", speaker=PAGER_SPEAKER, until="2026-10-05")
    assert sorted(e["text"] for e in doc.find(cls="quote-text")) == sorted(f"Point number {i} stands" for i in range(5))


def test_quotes_bad_input_is_reported_not_fatal(client):
    doc = _get(client, "/news/quotes", speaker="moreau", since="yesterday", kind="shouted")
    errors = " ".join(e["text"] for e in doc.find(cls="error"))
    assert "since" in errors and "kind" in errors
    assert len(doc.find(cls="quote-result")) == 2  # the valid filter still applied
    assert client.get("/news/quotes", params={"page": "0"}).status_code == 422


def test_quotes_paginate_with_next_and_prev(client):
    first = _get(client, "/news/quotes", speaker=PAGER_SPEAKER)
    assert len(first.find(cls="quote-result")) == 25
    pager = first.find("nav", "pager")[0]
    links = {a["attrs"]["rel"]: a["attrs"]["href"] for a in first.find("a", within=pager)}
    assert set(links) == {"next"}
    query_of_next = parse_qs(urlsplit(links["next"]).query)
    assert query_of_next == {"speaker": [PAGER_SPEAKER], "page": ["2"]}
    second = client.get(links["next"])
    doc = _Doc(second.text)
    shown = [e["text"] for e in first.find(cls="quote-text")] + [e["text"] for e in doc.find(cls="quote-text")]
    assert len(shown) == PAGER_QUOTES == len(set(shown))  # every quote once across the pages
    assert shown[0] == f"Point number {PAGER_QUOTES - 1} stands"  # newest first, the trailing comma not shown
    links2 = {a["attrs"]["rel"]: a["attrs"]["href"] for a in doc.find("a", within=doc.find("nav", "pager")[0])}
    assert set(links2) == {"prev"} and parse_qs(urlsplit(links2["prev"]).query)["page"] == ["1"]


def test_article_page_highlights_quotes_and_entities_in_place(client, warehouse):
    _, ids = warehouse
    resp = client.get(f"/news/articles/{ids['main']}")
    assert resp.status_code == 200
    doc = _Doc(resp.text)
    _common(doc)
    assert doc.find("h1", "article-title")[0]["text"] == "Moreau on Belvania"
    body = doc.find("div", "article-text")[0]
    assert body["text"] == TEXT  # the clean text, whole and in order
    quote_marks = doc.find("mark", "quote", within=body)
    assert "".join(m["text"] for m in quote_marks) == (
        "Belvania will stop arguing about numbers" "We are ready," "to sign with Harbor Bank today.")
    entity_marks = doc.find("mark", "entity", within=body)
    assert {(m["text"], m["attrs"]["data-label"]) for m in entity_marks} == {
        ("Jane Moreau", "PERSON"), ("Belvania", "GPE"), ("Harbor Bank", "ORG")}
    # Belvania is inside the first quote, Harbor Bank inside the second's second piece.
    assert all(any("quote" in p["classes"] for p in m["parents"]) for m in entity_marks if m["text"] != "Jane Moreau")
    assert [s["text"] for s in doc.find(cls="quote-speaker")] == ["Jane Moreau", "Jane Moreau"]
    # the quote list shows where the speech tag was cut out, as the quotes page does
    assert [q["text"] for q in doc.find(cls="quote-text")] == [
        "Belvania will stop arguing about numbers", "We are ready … to sign with Harbor Bank today."]
    src = doc.find(cls="source-url")
    assert len(src) == 1 and src[0]["tag"] == "a" and src[0]["attrs"]["href"] == "https://alpha.example/a/1"
    assert "x-1.0 trafilatura-2.3.1" in doc.find(cls="extractor")[0]["text"]
    assert "en_core_web_sm-3.8.0+rules-7" in doc.find(cls="model")[0]["text"]
    assert doc.find(cls="article-status")[0]["text"].strip() == "ok"


def test_hostile_article_stays_text(client, warehouse):
    _, ids = warehouse
    resp = client.get(f"/news/articles/{ids['hostile']}")
    assert resp.status_code == 200
    assert "<script>alert" not in resp.text and "<img src=x" not in resp.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in resp.text
    doc = _Doc(resp.text)
    assert doc.find("h1", "article-title")[0]["text"] == SCRIPT
    assert doc.find("img") == []
    src = doc.find(cls="source-url")
    assert len(src) == 1 and src[0]["tag"] == "span" and src[0]["text"] == JS_URL  # shown, not linked
    assert not [a for a in doc.find("a") if "javascript" in a["attrs"].get("href", "").lower()]
    body = doc.find("div", "article-text")[0]
    assert [m["text"] for m in doc.find("mark", "quote", within=body)] == ["<img src=x onerror=alert(2)>"]
    assert [s["text"] for s in doc.find(cls="quote-speaker")] == [SCRIPT]


def test_failed_article_and_unknown_ids(client, warehouse):
    _, ids = warehouse
    doc = _get(client, f"/news/articles/{ids['failed']}")
    body = doc.find("div", "article-text")[0]
    assert "http_error" in doc.find(cls="article-status")[0]["text"] and doc.find("mark", within=body) == []
    assert client.get(f"/news/articles/{uuid.uuid4()}").status_code == 404
    assert client.get("/news/articles/not-a-uuid").status_code == 422
    assert client.get("/news/entities", params={"key": "person:nobody"}).status_code == 404
    assert client.get("/news/speakers", params={"name": "Nobody At All"}).status_code == 404


def test_speaker_page_chart_co_mentions_and_quotes(client):
    doc = _get(client, "/news/speakers", name="Jane Moreau")
    assert doc.find("h1")[0]["text"] == "Jane Moreau"
    assert len(doc.find("rect", "bar")) == 1  # both quotes on one day (the duplicate not counted)
    co = [a["text"] for a in doc.find("a", "entity-link", within=doc.find("ol", "co-mentioned")[0])]
    assert co == ["Belvania", "Harbor Bank"]  # the speaker's own entity left out of the list ...
    links = [a for a in doc.find("a") if "/news/entities" in a["attrs"]["href"]]
    assert [a["text"] for a in links] == ["Jane Moreau", "Belvania", "Harbor Bank"]  # ... linked above it
    for a in links:  # each entity link's text names the page it opens
        assert a["text"] in _get(client, a["attrs"]["href"]).find("h1")[0]["text"]
    assert len(doc.find(cls="quote-result")) == 2
    paged = _get(client, "/news/speakers", name=PAGER_SPEAKER)
    assert len(paged.find("rect", "bar")) == PAGER_QUOTES and paged.find("a", within=paged.find("nav", "pager")[0])


def test_entity_page_chart_top_speakers_co_mentions_and_articles(client):
    doc = _get(client, "/news/entities", key="gpe:belvania")
    assert "Belvania" in doc.find("h1")[0]["text"]
    assert len(doc.find("rect", "bar")) == 1 + PAGER_QUOTES  # the main article's day and the 30 pager days
    speakers = [a["text"] for a in doc.find("a", within=doc.find("ol", "top-speakers")[0])]
    assert speakers == [PAGER_SPEAKER, "Jane Moreau"]  # 30 quotes, then 2
    co = {a["text"] for a in doc.find("a", within=doc.find("ol", "co-mentioned")[0])}
    assert co == {"Jane Moreau", "Harbor Bank"}
    articles = doc.find("a", "article-link", within=doc.find("ol", "entity-articles")[0])
    assert len(articles) == 25 and doc.find("a", within=doc.find("nav", "pager")[0])


def test_every_page_refuses_a_visitor_who_is_not_logged_in(warehouse):
    dsn, ids = warehouse
    paths = ["/news/", "/news/quotes?q=numbers", f"/news/articles/{ids['main']}", "/news/speakers?name=Jane+Moreau",
             "/news/entities?key=gpe%3Abelvania", "/news/static/news.css"]
    with TestClient(_mounted(dsn)) as anonymous:
        for path in paths:
            resp = anonymous.get(path)
            assert resp.status_code == 401, path
            assert "Moreau" not in resp.text and "arguing" not in resp.text
            assert anonymous.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
            assert anonymous.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200, path
    with TestClient(_mounted(dsn), cookies={"_token": TOKEN}) as cookie_holder:
        for path in paths:
            assert cookie_holder.get(path).status_code == 200, path
    with TestClient(_mounted(dsn, login_url=lambda nxt: f"/auth/login?next={nxt}")) as browser:
        resp = browser.get("/news/quotes?q=numbers", follow_redirects=False)
        assert resp.status_code == 303
        assert resp.headers["location"] == "/auth/login?next=/news/quotes?q=numbers"


# --------------------------------------------------------------------------- read-only role

def _writes(article_id: str) -> dict[str, str]:
    return {
        "INSERT": "INSERT INTO news.feeds (feed_name, url) VALUES ('intruder', 'http://x.example/')",
        "UPDATE": f"UPDATE news.articles SET title = 'defaced' WHERE article_id = '{article_id}'",
        "DELETE": "DELETE FROM news.quotes",
        "CREATE": "CREATE TABLE news.intruder (a int)",
        "TRUNCATE": "TRUNCATE news.entity_mentions",
        "CREATE elsewhere": "CREATE TABLE public.intruder (a int)",
    }


def test_the_apps_connection_reads_everything_in_news_and_writes_nothing(warehouse):
    dsn, ids = warehouse
    store = ReadOnlyWarehouse(lambda: dsn)
    try:
        with store.connection() as conn:
            tables = store.fetch(conn, "SELECT table_name FROM information_schema.tables "
                                       "WHERE table_schema = 'news' ORDER BY 1", None)
            assert len(tables) > 15
            for t in tables:  # SELECT works on every table and view of schema news
                store.fetch(conn, f'SELECT count(*) FROM news."{t["table_name"]}"', None)
            who = store.fetch(conn, "SELECT current_user AS u, current_setting('transaction_read_only') AS ro", None)
            assert who == [{"u": "news_reader", "ro": "on"}]
        for name, sql in _writes(ids["main"]).items():
            # The way the app opens it (read-only transaction) ...
            with store.connection() as conn, conn.cursor() as cur:
                with pytest.raises(psycopg2.Error) as refused:
                    cur.execute(sql)
                assert isinstance(refused.value, psycopg2.errors.ReadOnlySqlTransaction), name
            # ... and the role alone, even in a read-write transaction.
            with store.connection() as conn, conn.cursor() as cur:
                cur.execute("SET TRANSACTION READ WRITE")
                with pytest.raises(psycopg2.Error) as refused:
                    cur.execute(sql)
                assert isinstance(refused.value, psycopg2.errors.InsufficientPrivilege), (name, refused.value)
    finally:
        store.close()
    assert query(dsn, "SELECT count(*) FROM news.feeds WHERE feed_name = 'intruder'") == [(0,)]
    assert query(dsn, "SELECT title FROM news.articles WHERE article_id = %s", (ids["main"],)) == [("Moreau on Belvania",)]
    assert query(dsn, "SELECT count(*) > 0 FROM news.quotes") == [(True,)]


def test_news_reader_has_no_privilege_beyond_select_on_news(warehouse):
    dsn, _ = warehouse
    privileges = query(dsn, """SELECT DISTINCT table_schema, privilege_type FROM information_schema.role_table_grants
                                WHERE grantee = 'news_reader'""")
    assert privileges == [("news", "SELECT")]
    role = query(dsn, "SELECT rolsuper, rolcreaterole, rolcreatedb, rolcanlogin FROM pg_roles WHERE rolname = 'news_reader'")
    assert role == [(False, False, False, False)]


def test_migration_009_is_idempotent_and_later_tables_are_readable(warehouse):
    dsn, _ = warehouse
    from newsflow.warehouse.migrate import SQL_DIR

    sql = (SQL_DIR / "009_news_reader.sql").read_text()
    query(dsn, sql)  # a second run (another warehouse database on the same server does this)
    query(dsn, "CREATE TABLE news.later_table (a int); INSERT INTO news.later_table VALUES (7)")
    try:
        conn = psycopg2.connect(reader_dsn(dsn))
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT a FROM news.later_table")
                assert cur.fetchall() == [(7,)]
        finally:
            conn.close()
    finally:
        query(dsn, "DROP TABLE news.later_table")


def test_sql_is_parameterised_hostile_input_is_only_data(client):
    hostile = "'; DROP TABLE news.quotes; --"
    for params in ({"q": hostile}, {"speaker": hostile}, {"entity": hostile}, {"feed": hostile}):
        doc = _get(client, "/news/quotes", **params)
        assert doc.find(cls="quote-result") == []
    assert client.get("/news/speakers", params={"name": hostile}).status_code == 404
    assert client.get("/news/entities", params={"key": hostile}).status_code == 404
    assert len(_get(client, "/news/quotes", speaker="moreau").find(cls="quote-result")) == 2  # still there


def test_static_css_is_local_and_no_page_loads_anything_from_elsewhere(client, warehouse):
    _, ids = warehouse
    css = client.get("/news/static/news.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css") and "mark.quote" in css.text
    for path in ["/news/", "/news/quotes", f"/news/articles/{ids['main']}", "/news/entities?key=gpe%3Abelvania"]:
        html = client.get(path).text
        assert not re.search(r'<(script|iframe|img)\b', html)
        assert not re.search(r'<link[^>]+href="(https?:)?//', html)


# --------------------------------------------------------------------------- connections

def test_pool_makes_extra_requests_wait_not_fail_and_reports_a_long_wait(warehouse):
    import threading

    from newsflow.warehouse.readonly import WarehouseBusy

    dsn, _ = warehouse
    store = ReadOnlyWarehouse(lambda: dsn, max_connections=2)
    results: list[int] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            with store.connection() as conn:
                rows = store.fetch(conn, """SELECT pg_sleep(0.05), count(*) AS n FROM pg_stat_activity
                                             WHERE application_name = 'newsflow-news-view'
                                               AND datname = current_database() AND state = 'active'""", None)
                results.append(rows[0]["n"])
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    store.close()
    assert errors == [] and len(results) == 8
    assert max(results) <= 2  # never more backends than the pool's size
    single = ReadOnlyWarehouse(lambda: dsn, max_connections=1, wait_s=0.2)
    try:
        with single.connection():
            with pytest.raises(WarehouseBusy), single.connection():
                pass
    finally:
        single.close()


def test_an_unreachable_warehouse_gives_a_503_page_without_details(tmp_path):
    absent = f"postgresql://secretuser@/nowhere?host={tmp_path}/no-socket-here"
    root = FastAPI()
    root.mount("/news", create_app(lambda: absent, _test_auth))
    with TestClient(root, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        resp = c.get("/news/quotes", params={"q": "x"})
    assert resp.status_code == 503
    assert "Warehouse unavailable" in resp.text and "secretuser" not in resp.text and "no-socket-here" not in resp.text
    _common(_Doc(resp.text))


def test_article_page_shows_the_canonical_url_and_the_extractor_once(client, warehouse):
    """The source is the canonical URL (no tracking parameters); "newsflow newsflow-0.1.0" is
    said once."""
    dsn, ids = warehouse
    before = query(dsn, "SELECT url, extractor, extractor_version FROM news.articles WHERE article_id = %s",
                   (ids["main"],))[0]
    query(dsn, "UPDATE news.articles SET url = url || '?utm_source=rss', extractor = 'newsflow', "
               "extractor_version = 'newsflow-0.1.0+trafilatura-2.3.1' WHERE article_id = %s", (ids["main"],))
    try:
        doc = _Doc(client.get(f"/news/articles/{ids['main']}").text)
        assert doc.find(cls="source-url")[0]["attrs"]["href"] == "https://alpha.example/a/1"
        assert doc.find(cls="extractor")[0]["text"].strip() == "newsflow-0.1.0+trafilatura-2.3.1"
    finally:
        query(dsn, "UPDATE news.articles SET url = %s, extractor = %s, extractor_version = %s "
                   "WHERE article_id = %s", (*before, ids["main"]))
