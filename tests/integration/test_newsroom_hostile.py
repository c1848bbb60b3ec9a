"""Hostile input on the read side ("Bounded by construction", item 7 and part of 8): the News view
and `newsflow quotes --search` on a real warehouse (embedded PostgreSQL).

A text PostgreSQL cannot take (NUL, an unpaired surrogate), a search too long or too complex for
the tsquery parser, HEAD, and an unexpected exception each get a short answer of their own
(422, 200 without a body, 500) that carries the same security headers as every page; the CLI
answers the same inputs with one line on stderr and exit code 2, and its search has a timeout.
"""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from collections.abc import Iterator

import psycopg2.errors
import pytest
from fastapi import FastAPI, HTTPException, Request
from fastapi.testclient import TestClient

from newsflow.newsroom.app import CSP, create_app
from newsflow.warehouse import quote_search
from newsflow.warehouse.quote_search import QuoteFilter, SearchError, search_quotes, validate_filter

from support import query

pytestmark = pytest.mark.integration

TOKEN = "let-me-in"
ARTICLE = str(uuid.uuid5(uuid.NAMESPACE_URL, "hostile-main"))
TEXT = 'Jane Moreau said "Belvania will stop arguing about numbers" on Monday.'
SECURITY_HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff",
                    "referrer-policy": "same-origin"}
TOO_MANY_TERMS = " ".join(f"word{i}" for i in range(quote_search.MAX_SEARCH_TERMS + 1))
THREE_THOUSAND_ORS = " or ".join(f"w{i}" for i in range(3000))


def _fill(dsn: str) -> None:
    """One feed, one article with one quote and two entities: enough for every page to answer 200."""
    query(dsn, """INSERT INTO news.feeds (feed_name, url, title, last_status, last_fetched_at, consecutive_failures)
                  VALUES ('alpha', 'https://alpha.example/feed.xml', 'Alpha News', 'ok', now(), 0)""")
    query(dsn, """INSERT INTO news.articles (article_id, feed_name, entry_key, url, canonical_url, title,
                                             published_at, text, status, first_seen_at)
                  VALUES (%s, 'alpha', 'a1', 'https://alpha.example/a/1', 'https://alpha.example/a/1',
                          'Moreau on Belvania', '2026-11-20 10:00+00', %s, 'ok', now())""", (ARTICLE, TEXT))
    query(dsn, """INSERT INTO news.entities (entity_key, canonical_name, label) VALUES
                  ('person:jane moreau', 'Jane Moreau', 'PERSON'), ('gpe:belvania', 'Belvania', 'GPE')""")
    for key, label, surface in (("person:jane moreau", "PERSON", "Jane Moreau"), ("gpe:belvania", "GPE", "Belvania")):
        start = TEXT.index(surface)
        query(dsn, """INSERT INTO news.entity_mentions (article_id, start_char, end_char, entity_key, label, surface)
                      VALUES (%s, %s, %s, %s, %s, %s)""", (ARTICLE, start, start + len(surface), key, label, surface))
    words = "Belvania will stop arguing about numbers"
    start = TEXT.index(words)
    query(dsn, """INSERT INTO news.quotes (quote_id, article_id, start_char, end_char, quote_text, kind, cue, speaker,
                                           speaker_text, speaker_label, speaker_key, confidence)
                  VALUES (%s, %s, %s, %s, %s, 'direct', 'said', 'Jane Moreau', 'Jane Moreau', 'PERSON',
                          'person:jane moreau', 0.9)""",
          (str(uuid.uuid5(uuid.UUID(ARTICLE), "0")), ARTICLE, start, start + len(words), words))
    from newsflow.warehouse import marts

    marts.refresh_marts(dsn)


@pytest.fixture(scope="module")
def warehouse(pg_server) -> Iterator[str]:
    from newsflow.ingest.pipeline import prepare_warehouse
    from newsflow.warehouse.db import scratch_database

    with scratch_database(pg_server, "hostile") as dsn:
        prepare_warehouse(dsn)
        _fill(dsn)
        yield dsn


def _test_auth(request: Request) -> str:
    if request.headers.get("authorization", "") == f"Bearer {TOKEN}":
        return "tester"
    raise HTTPException(status_code=401, detail="Not authenticated")


def _client(dsn: str) -> TestClient:
    """The app mounted as the api-server mounts it; a server error is a response here, as for a
    browser, not an exception in the test."""
    root = FastAPI()
    root.mount("/news", create_app(lambda: dsn, _test_auth))
    return TestClient(root, headers={"Authorization": f"Bearer {TOKEN}"}, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(warehouse) -> Iterator[TestClient]:
    with _client(warehouse) as c:
        yield c


def _secured(resp) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert resp.headers.get(name) == value, (resp.status_code, name, dict(resp.headers))
    assert resp.headers.get("cache-control")


# --------------------------------------------------------------------------- text PostgreSQL refuses

@pytest.mark.parametrize(("path", "name"), [
    ("/news/quotes", "q"), ("/news/quotes", "speaker"), ("/news/quotes", "entity"), ("/news/quotes", "feed"),
    ("/news/quotes", "kind"), ("/news/quotes", "since"), ("/news/speakers", "name"), ("/news/entities", "key"),
])
def test_nul_in_a_text_parameter_is_a_422_with_the_security_headers(client, path, name):
    resp = client.get(path, params={name: "Jane\x00Moreau"})
    assert resp.status_code == 422, resp.text[:300]
    _secured(resp)
    assert resp.headers["content-type"].startswith("text/html")
    assert "NUL" in resp.text and name in resp.text
    assert "\x00" not in resp.text and "Traceback" not in resp.text


@pytest.mark.parametrize("field", ["search", "speaker", "entity", "feed", "kind"])
@pytest.mark.parametrize("bad", ["a\x00b", "a\udcffb", "\ud800"])
def test_validate_filter_refuses_what_postgresql_cannot_take(field, bad):
    with pytest.raises(SearchError, match=field):
        validate_filter(QuoteFilter(**{field: bad}))
    validate_filter(QuoteFilter(**{field: "Jane Moreau" if field != "kind" else "direct"}))  # fine


# --------------------------------------------------------------------------- searches too long or too complex

def test_a_thousand_dashes_is_a_422_search_too_long_not_a_503(client):
    resp = client.get("/news/quotes", params={"q": "-" * 1000})
    assert resp.status_code == 422, resp.text[:300]
    _secured(resp)
    assert "search too long" in resp.text and "cannot be read" not in resp.text


@pytest.mark.parametrize("search", [TOO_MANY_TERMS, THREE_THOUSAND_ORS], ids=["33-words", "3000-ors"])
def test_too_many_terms_is_a_422(client, search):
    resp = client.get("/news/quotes", params={"q": search})
    assert resp.status_code == 422, resp.text[:300]
    _secured(resp)
    assert "search too" in resp.text


def test_a_search_postgresql_refuses_is_a_422_search_too_complex(client):
    # Short enough and no words, yet the tsquery parser gives up ("tsquery stack too small").
    resp = client.get("/news/quotes", params={"q": "-" * 100})
    assert resp.status_code == 422, resp.text[:300]
    _secured(resp)
    assert "search too complex" in resp.text and "cannot be read" not in resp.text
    # The refused search gave its pooled connection back in a usable state.
    ok = client.get("/news/quotes", params={"q": "arguing numbers"})
    shown = re.sub(r"</?mark[^>]*>", "", ok.text)  # the search's words are marked
    assert ok.status_code == 200 and "Belvania will stop arguing about numbers" in shown


def test_search_at_the_limits_still_answers(client):
    words = " ".join(["numbers"] * quote_search.MAX_SEARCH_TERMS)
    assert client.get("/news/quotes", params={"q": words}).status_code == 200
    assert client.get("/news/quotes", params={"q": "arguing or " + "x" * 480}).status_code == 200


# --------------------------------------------------------------------------- HEAD, error pages

def _pages() -> list[str]:
    return ["/news/", "/news/quotes?q=numbers", "/news/speakers?name=Jane+Moreau",
            "/news/entities?key=gpe%3Abelvania", f"/news/articles/{ARTICLE}", "/news/static/news.css",
            f"/news/articles/{uuid.uuid4()}", "/news/speakers?name=Nobody", "/news/quotes?page=0"]


@pytest.mark.parametrize("path", _pages())
def test_head_answers_like_get_without_a_body(client, path):
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code, (path, head.status_code, get.status_code)
    assert head.content == b""
    _secured(head)
    for name in ("content-type", "cache-control", "content-length"):
        assert head.headers.get(name) == get.headers.get(name), (path, name)


def test_head_is_refused_to_a_visitor_who_is_not_logged_in(warehouse):
    with _client(warehouse) as anonymous:
        resp = anonymous.head("/news/quotes?q=numbers", headers={"Authorization": "Bearer wrong"})
    assert resp.status_code == 401 and resp.content == b""


def test_an_unexpected_exception_is_a_500_with_the_security_headers(warehouse, monkeypatch):
    from newsflow.warehouse import newsroom

    def boom(*args, **kwargs):
        raise RuntimeError("secret-internal-detail")

    monkeypatch.setattr(newsroom, "overview", boom)
    with _client(warehouse) as c:
        resp = c.get("/news/")
        head = c.head("/news/")
    assert resp.status_code == 500
    _secured(resp)
    assert resp.headers["content-type"].startswith("text/html")
    assert "secret-internal-detail" not in resp.text and "Traceback" not in resp.text
    assert head.status_code == 500 and head.content == b""
    _secured(head)


def test_every_error_status_carries_the_security_headers(client, warehouse, monkeypatch, tmp_path):
    for path, status in ((f"/news/articles/{uuid.uuid4()}", 404), ("/news/no-such-page", 404),
                         ("/news/articles/not-a-uuid", 422), ("/news/quotes?page=0", 422)):
        resp = client.get(path)
        assert resp.status_code == status, path
        _secured(resp)
    from newsflow.warehouse.readonly import WarehouseBusy

    def busy(*args, **kwargs):
        raise WarehouseBusy("no warehouse connection free")

    from newsflow.warehouse import newsroom

    monkeypatch.setattr(newsroom, "overview", busy)
    with _client(warehouse) as c:
        resp = c.get("/news/")
    assert resp.status_code == 503 and "busy" in resp.text
    _secured(resp)


# --------------------------------------------------------------------------- the CLI

def _cli(*args: str | bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsflow", *args], capture_output=True, timeout=120, check=False)


def _one_clear_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--search", "-" * 1000, "search too long"),
    ("--search", THREE_THOUSAND_ORS, "search too long"),
    ("--search", TOO_MANY_TERMS, "search too complex"),
    ("--search", "-" * 100, "search too complex"),  # refused by PostgreSQL, not by our limits
    ("--search", b"numbers \xff\xfe", "search"),  # not UTF-8: a surrogate-escaped argument
    ("--speaker", b"Jane \xc3", "speaker"),
    ("--entity", b"\xed\xa0\x80", "entity"),  # an encoded surrogate, not UTF-8 either
    ("--feed", b"alpha\x80", "feed"),
], ids=["1000-dashes", "3000-ors", "33-words", "100-dashes", "search-not-utf8", "speaker-not-utf8",
        "entity-surrogate", "feed-not-utf8"])
def test_cli_refuses_a_hostile_search_with_one_line_and_exit_2(warehouse, option, value, expected):
    # --option=value: a value starting with '-' would otherwise be read as an option by argparse.
    arg = option.encode() + b"=" + value if isinstance(value, bytes) else f"{option}={value}"
    proc = _cli("quotes", "--dsn", warehouse, arg)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, (proc.returncode, stderr[-2000:])
    line = _one_clear_line(stderr)
    assert line.startswith("newsflow") and expected in line, line
    assert proc.stdout == b""


@pytest.mark.parametrize("option", ["--search", "--speaker", "--entity", "--feed"])
def test_cli_refuses_nul_with_one_line_and_exit_2(warehouse, option, capsys):
    # A NUL cannot reach a process through argv; main() is the same path with its own list.
    from newsflow import cli

    assert cli.main(["quotes", "--dsn", warehouse, option, "Jane\x00Moreau"]) == 2
    out, err = capsys.readouterr()
    line = _one_clear_line(err)
    assert "NUL" in line and option.lstrip("-") in line and out == ""


def test_cli_search_still_works(warehouse):
    proc = _cli("quotes", "--dsn", warehouse, "--search", "arguing numbers", "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"Belvania will stop arguing about numbers" in proc.stdout


def _slow_query(flt: QuoteFilter) -> tuple[str, dict]:
    return "SELECT pg_sleep(5) AS slept", {}


def test_search_quotes_runs_under_a_statement_timeout(warehouse, monkeypatch):
    import time

    monkeypatch.setattr(quote_search, "build_query", _slow_query)
    started = time.perf_counter()
    with pytest.raises(psycopg2.errors.QueryCanceled):
        search_quotes(warehouse, QuoteFilter(search="numbers"), timeout_s=0.2)
    assert time.perf_counter() - started < 4
    # The timeout is the transaction's own: a later session has the server's default.
    assert query(warehouse, "SHOW statement_timeout") == [("0",)]


def test_cli_search_timeout_is_one_line(warehouse, monkeypatch, capsys):
    from newsflow import cli

    monkeypatch.setattr(quote_search, "build_query", _slow_query)
    assert cli.main(["quotes", "--dsn", warehouse, "--search", "numbers", "--timeout", "0.2"]) == 2
    out, err = capsys.readouterr()
    assert "took longer than 0.2 s" in _one_clear_line(err) and out == ""
    assert cli.main(["quotes", "--dsn", warehouse, "--search", "numbers", "--timeout", "0"]) == 2
    assert "--timeout" in _one_clear_line(capsys.readouterr().err)
