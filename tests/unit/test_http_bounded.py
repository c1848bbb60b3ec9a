"""Issue 16's HTTP cases: nothing a server sends makes Fetcher.fetch raise, cookies are never kept,
gzip bodies are decoded whole or refused, and charsets that are not text encodings fall back."""

from __future__ import annotations

import gzip

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsflow.extract import extract_article
from newsflow.extract.encoding import normalize_label
from newsflow.http import Fetcher, FetchOutcome, parse_retry_after
from newsflow.settings import Settings

from hostile_http import HostileServer, respond


def _settings(**overrides) -> Settings:
    base = dict(allow_private_hosts=("127.0.0.1",), per_host_delay=0.0, connect_timeout=1.0,
                read_timeout=2.0, total_timeout=3.0, fetch_budget=5.0, max_retry_after=0.2)
    base.update(overrides)
    return Settings(**base)


def test_retry_after_values_that_used_to_raise():
    assert parse_retry_after("²") is None  # "²".isdigit() is True, float("²") raises
    assert parse_retry_after("Tue, 01 Jan 99999999999 00:00:00 GMT") is None  # OverflowError
    assert parse_retry_after("9" * 40) == float("inf")
    assert parse_retry_after(" 7 ") == 7.0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parse_retry_after_never_raises(value):
    result = parse_retry_after(value)
    assert result is None or result >= 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(
    st.sampled_from(["Retry-After", "Location", "Content-Encoding", "Content-Type", "Set-Cookie",
                     "Content-Length", "ETag", "Last-Modified"]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF, exclude_characters="\r\n"),
            max_size=40),
    max_size=4))
def test_fetch_never_raises_whatever_the_headers(headers):
    """Arbitrary header values on a 503 (retried, so Retry-After is read) and on a 200."""
    headers = {k: v for k, v in headers.items() if k != "Content-Length"}
    routes = {"/a": respond(b"x", "503 Service Unavailable", headers), "/b": respond(b"y", "200 OK", headers)}
    with HostileServer(routes) as srv, Fetcher(_settings(), backoff=0.01) as f:
        for path in ("/a", "/b"):
            res = f.fetch(srv.url(path))
            assert res.outcome in set(FetchOutcome)


def test_a_503_with_a_hostile_retry_after_is_an_outcome_not_a_crash():
    with HostileServer({"/p": respond(b"busy", "503 Service Unavailable", {"Retry-After": "²"})}) as srv, \
            Fetcher(_settings(), backoff=0.01) as f:
        res = f.fetch(srv.url("/p"))
    assert res.outcome == FetchOutcome.HTTP_ERROR and res.status_code == 503


def test_cookies_are_never_sent_back():
    set_cookie = respond(b"page", "200 OK", {"Set-Cookie": "session=abc; Path=/"})
    with HostileServer({"/one": set_cookie, "/two": respond(b"next")}) as srv, Fetcher(_settings()) as f:
        assert f.fetch(srv.url("/one")).ok
        assert f.fetch(srv.url("/two")).ok
        sent = [h.headers.get("cookie") for h in srv.hits]
    assert sent == [None, None]


def test_multi_member_gzip_is_decoded_whole():
    body = gzip.compress(b"first half, ") + gzip.compress(b"second half")
    with HostileServer({"/g": respond(body, "200 OK", {"Content-Encoding": "gzip"})}) as srv, \
            Fetcher(_settings()) as f:
        res = f.fetch(srv.url("/g"))
    assert res.ok and res.content == b"first half, second half"


def test_truncated_or_trailing_junk_gzip_is_refused_not_cut_short():
    whole = gzip.compress(b"x" * 5000)
    routes = {"/cut": respond(whole[:-12], "200 OK", {"Content-Encoding": "gzip"}),
              "/junk": respond(whole + b"not gzip at all", "200 OK", {"Content-Encoding": "gzip"})}
    with HostileServer(routes) as srv, Fetcher(_settings()) as f:
        for path in routes:
            res = f.fetch(srv.url(path))
            assert not res.ok and "encoding" in (res.error or ""), (path, res.error)


def test_a_redirect_to_an_unusable_url_is_refused_once():
    routes = {"/r": respond(b"", "302 Found", {"Location": "gopher://127.0.0.1/x"})}
    with HostileServer(routes) as srv, Fetcher(_settings()) as f:
        res = f.fetch(srv.url("/r"))
        assert res.outcome == FetchOutcome.REFUSED and res.attempts == 1
        assert srv.count("/r") == 1


def test_charsets_that_are_not_text_encodings_fall_back_to_detection():
    for label in ("undefined", "idna", "rot13", "base64"):
        assert normalize_label(label) is None, label
    for label in ("undefined", "idna"):
        paragraphs = "".join(f"<p>Paragraph {i} of a plain ASCII article: the council met on day {i} "
                             f"and voted {i * 3} to {i + 1} on the budget for the harbour works.</p>"
                             for i in range(12))
        page = (f'<html><head><meta charset="{label}"><title>Council votes</title></head><body><article>'
                f"<h1>Council votes</h1>{paragraphs}</article></body></html>").encode()
        art = extract_article(page, "http://127.0.0.1/a")
        assert art.status == "ok", (label, art.status_reason)
