"""The analyst's desk on a real warehouse (embedded PostgreSQL): the Quotes page's totals, sort,
feed suggestions, kind choice, highlighted search words and reversed dates; its CSV and JSON
export against `newsflow quotes --json`; speaker pages by key (issue 20)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from fastapi import FastAPI, HTTPException, Request
from fastapi.testclient import TestClient

from newsflow.newsroom.app import create_app
from newsflow.newsroom.export import csv_lines, export_rows, json_lines, safe_cell
from newsflow.warehouse.quote_search import QuoteFilter
from newsflow.warehouse.readonly import ReadOnlyWarehouse

from support import query

pytestmark = pytest.mark.integration

TOKEN = "desk"
FORMULA = '=HYPERLINK("http://evil.example","click")'
HOSTILE = "<script>alert(1)</script> budget \ue000 \ue001 plan"
#: (key, feed, day, speaker, speaker_key, label, quote, kind, confidence)
QUOTES = [
    ("a1", "harbor-times", "2026-11-10", "Ann Lee", "person:ann lee", "PERSON", FORMULA, "direct", 0.9),
    ("a2", "meridian-business", "2026-11-12", "Officials", "anon:officials", "ANON",
     "the budget would be cut", "indirect", 0.9),
    ("a3", "meridian-world", "2026-11-14", "Lee", "person:ann lee", "PERSON",
     "Budgets are arguments about trust", "direct", 0.95),
    ("a4", "meridian-world", "2026-11-15", "officials", "anon:officials", "ANON", HOSTILE, "direct", 0.9),
    ("a5", "harbor-times", "2026-11-16", "Zed Ward", "person:zed ward", "PERSON",
     "tariffs help nobody", "stance", 0.9),
]
FEEDS = [("harbor-times", "The Harbor Times"), ("meridian-business", "Meridian Business Desk"),
         ("meridian-world", "Meridian World")]


def _aid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"desk-{name}"))


def _fill(dsn: str) -> None:
    for name, title in FEEDS:
        query(dsn, "INSERT INTO news.feeds (feed_name, url, title, last_status) VALUES (%s, %s, %s, 'ok')",
              (name, f"https://{name}.example/feed", title))
    for key, feed, day, speaker, speaker_key, label, text, kind, confidence in QUOTES:
        body = f'{speaker} said "{text}" today.'
        start = body.index(text)
        query(dsn, """INSERT INTO news.articles (article_id, feed_name, entry_key, url, canonical_url, title,
                                                 published_at, text, status)
                      VALUES (%s, %s, %s, %s, %s, %s, %s::date + time '12:00', %s, 'ok')""",
              (_aid(key), feed, key, f"https://{feed}.example/{key}", f"https://{feed}.example/{key}",
               f"Story {key}", day, body))
        query(dsn, """INSERT INTO news.quotes (quote_id, article_id, start_char, end_char, quote_text, kind, cue,
                                               speaker, speaker_text, speaker_label, speaker_key, confidence)
                      VALUES (%s, %s, %s, %s, %s, %s, 'said', %s, %s, %s, %s, %s)""",
              (_aid(f"q{key}"), _aid(key), start, start + len(text), text, kind, speaker, speaker, label,
               speaker_key, confidence))


@pytest.fixture(scope="module")
def desk(pg_server) -> Iterator[tuple[str, TestClient]]:
    from newsflow.ingest.pipeline import prepare_warehouse
    from newsflow.warehouse.db import scratch_database

    def auth(request: Request) -> str:
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            raise HTTPException(status_code=401, detail="Not authenticated")
        return "analyst"

    with scratch_database(pg_server, "desk") as dsn:
        prepare_warehouse(dsn)
        _fill(dsn)
        root = FastAPI()
        root.mount("/news", create_app(lambda: dsn, auth))
        with TestClient(root, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            yield dsn, client


def _page(client: TestClient, path: str, **params: str) -> lxml.html.HtmlElement:
    resp = client.get(path, params=params)
    assert resp.status_code == 200, resp.text
    return lxml.html.fromstring(resp.text)


def _texts(doc: lxml.html.HtmlElement, css: str) -> list[str]:
    return [e.text_content().strip() for e in doc.find_class(css)]


def _speakers(doc: lxml.html.HtmlElement) -> list[str]:
    return [li.find_class("speaker")[0].text_content() for li in doc.find_class("quote-result")]


def test_the_page_states_its_total_and_page_count(desk):
    _, client = desk
    doc = _page(client, "/news/quotes")
    total = doc.find_class("result-total")[0].text_content()
    assert "4 quotes, page 1 of 1" in " ".join(total.split())  # speech only: the stance apart


@pytest.mark.parametrize(("sort", "expected"), [
    ("", ["officials", "Lee", "Officials", "Ann Lee"]),  # newest article first
    ("oldest", ["Ann Lee", "Officials", "Lee", "officials"]),
    ("speaker", ["Ann Lee", "Lee", "officials", "Officials"]),  # case-insensitive; ties newest first
])
def test_sort_orders_the_quotes(desk, sort, expected):
    _, client = desk
    doc = _page(client, "/news/quotes", sort=sort)
    assert _speakers(doc) == expected
    chosen = [o.get("value") for o in doc.xpath("//select[@name='sort']/option[@selected]")]
    assert chosen == [sort or "newest"]


def test_an_unknown_sort_is_reported_and_newest_applies(desk):
    _, client = desk
    doc = _page(client, "/news/quotes", sort="loudest")
    assert any("sort" in e for e in _texts(doc, "error"))
    assert _speakers(doc)[0] == "officials"


def test_kind_is_a_choice_with_the_asked_one_selected(desk):
    _, client = desk
    doc = _page(client, "/news/quotes", kind="indirect")
    options = doc.xpath("//select[@name='kind']/option")
    assert [o.get("value") for o in options] == ["", "direct", "mixed", "indirect", "stance"]
    assert [o.get("value") for o in options if o.get("selected") is not None] == ["indirect"]
    assert _texts(doc, "quote-text") == ["the budget would be cut"]


def test_feed_exact_part_of_one_part_of_several_and_none(desk):
    _, client = desk
    assert _speakers(_page(client, "/news/quotes", feed="harbor-times")) == ["Ann Lee"]
    # Part of one feed's title: that feed, and the page says so.
    doc = _page(client, "/news/quotes", feed="business desk")
    assert _speakers(doc) == ["Officials"]
    assert any("meridian-business" in e for e in _texts(doc, "error"))
    assert doc.xpath("//input[@name='feed']/@value") == ["meridian-business"]
    # Part of several: a choice, as links keeping the rest of the search, and no quotes yet.
    doc = _page(client, "/news/quotes", feed="meridian", q="budget")
    links = doc.find_class("feed-choices")[0].xpath(".//a")
    assert [a.text_content() for a in links] == ["meridian-business", "meridian-world"]
    assert parse_qs(urlsplit(links[0].get("href")).query) == {"feed": ["meridian-business"], "q": ["budget"]}
    assert doc.find_class("quote-result") == [] and not doc.find_class("result-total")
    # The suggestions the browser offers are the server's matches for what was typed.
    assert doc.xpath("//datalist[@id='feed-names']/option/@value") == ["meridian-business", "meridian-world"]
    # Part of none: said, and nothing matches.
    doc = _page(client, "/news/quotes", feed="bbc")
    assert any("no feed" in e for e in _texts(doc, "error")) and doc.find_class("quote-result") == []


def test_search_words_are_marked_by_their_stem_and_web_text_stays_escaped(desk):
    _, client = desk
    resp = client.get("/news/quotes", params={"q": "budget", "sort": "oldest"})
    doc = lxml.html.fromstring(resp.text)
    marks = [m.text_content() for m in doc.xpath("//blockquote[@class='quote-text']/mark[@class='hit']")]
    assert marks == ["budget", "Budgets", "budget"]  # English stemming, as the search itself
    assert "<script>alert(1)</script>" not in resp.text and "&lt;script&gt;" in resp.text
    assert "\ue000" not in resp.text and "\ue001" not in resp.text


def test_reversed_dates_are_swapped_and_said(desk):
    _, client = desk
    doc = _page(client, "/news/quotes", since="2026-11-14", until="2026-11-10")
    assert any("swapped" in e for e in _texts(doc, "error"))
    assert _speakers(doc) == ["Lee", "Officials", "Ann Lee"]


def _cli_json(dsn: str, *args: str) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "newsflow", "quotes", "--dsn", dsn, "--json", *args],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    return json.loads(out)


def test_csv_and_json_exports_are_the_cli_rows_with_formulas_neutralised(desk):
    dsn, client = desk
    cli = _cli_json(dsn, "--sort", "oldest", "--limit", "100")
    assert [r["speaker"] for r in cli] == ["Ann Lee", "Officials", "Lee", "officials"]

    resp = client.get("/news/quotes.json", params={"sort": "oldest"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/json")
    assert "attachment" in resp.headers["content-disposition"]
    assert json.loads(resp.text) == cli

    resp = client.get("/news/quotes.csv", params={"sort": "oldest"})
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert list(rows[0]) == list(cli[0])
    assert [r["quote_id"] for r in rows] == [r["quote_id"] for r in cli]
    by_id = {r["quote_id"]: r for r in rows}
    for want in cli:
        got = by_id[want["quote_id"]]
        text = want["quote_text"]
        assert got["quote_text"] == ("'" + text if text.startswith("=") else text)
        assert got["speaker"] == want["speaker"] and float(got["confidence"]) == pytest.approx(want["confidence"])
        assert got["published_at"] == want["published_at"]
    assert by_id[_aid("qa1")]["quote_text"] == "'" + FORMULA


def test_export_links_on_the_page_carry_the_search(desk):
    _, client = desk
    doc = _page(client, "/news/quotes", q="budget", sort="speaker", feed="meridian-world")
    href = doc.find_class("export-csv")[0].get("href")
    assert parse_qs(urlsplit(href).query) == {"q": ["budget"], "sort": ["speaker"], "feed": ["meridian-world"]}
    rows = list(csv.DictReader(io.StringIO(client.get(href).text)))
    assert [r["speaker"] for r in rows] == ["Lee", "officials"]  # "Budgets" matches by its stem


def test_export_refuses_what_the_page_would_only_warn_about(desk):
    _, client = desk
    assert client.get("/news/quotes.csv", params={"kind": "shouted"}).status_code == 422
    assert client.get("/news/quotes.json", params={"feed": "meridian"}).status_code == 422
    assert client.get("/news/quotes.csv", params={"q": "\x00"}).status_code == 422
    assert client.get("/news/quotes.csv", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_export_is_capped_and_streamed_in_batches(desk):
    dsn, _ = desk
    warehouse = ReadOnlyWarehouse(lambda: dsn)
    try:
        flt = QuoteFilter(min_confidence=None, all_kinds=True, sort="oldest")
        assert len(list(export_rows(warehouse, flt, max_rows=2))) == 2
        assert len(list(export_rows(warehouse, flt))) == len(QUOTES)
    finally:
        warehouse.close()
    rows = [{"a": "=1+1", "b": "-2"}, {"a": "@x", "b": "ok"}]
    assert list(csv_lines(rows)) == ["a,b\r\n'=1+1,'-2\r\n'@x,ok\r\n"]
    assert list(csv_lines(rows, chunk_chars=1)) == ["a,b\r\n'=1+1,'-2\r\n", "'@x,ok\r\n"]  # chunked
    assert list(csv_lines([])) == []
    assert "".join(json_lines(rows, chunk_chars=1)) == "".join(json_lines(rows))
    assert json.loads("".join(json_lines([]))) == []
    assert [safe_cell(v) for v in ("+1", "\tx", "plain", 3)] == ["'+1", "'\tx", "plain", 3]


def test_speaker_page_by_key_gathers_every_name(desk):
    _, client = desk
    doc = _page(client, "/news/speakers", key="person:ann lee")
    assert doc.xpath("//h1")[0].text_content().strip() in ("Ann Lee", "Lee")
    assert sorted(_texts(doc, "speaker-alias")) == ["Ann Lee", "Lee"]
    assert len(doc.find_class("quote-result")) == 2
    assert not doc.find_class("description-note")


def test_a_description_key_is_marked_as_one(desk):
    _, client = desk
    doc = _page(client, "/news/speakers", key="anon:officials")
    assert len(doc.find_class("quote-result")) == 2  # "Officials" and "officials": one source
    assert "description" in doc.find_class("description-note")[0].text_content()
    quotes = _page(client, "/news/quotes", speaker="officials")
    links = [a.get("href") for a in quotes.xpath("//li[contains(@class,'quote-result')]/a[@class='speaker']")]
    assert {parse_qs(urlsplit(h).query)["key"][0] for h in links} == {"anon:officials"}
    assert len(quotes.find_class("description-note")) == 2
