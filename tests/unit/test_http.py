"""The polite, bounded HTTP layer against the loopback sample site (real HTTP, no mocks).

Only 127.0.0.1 ever receives traffic: refusals of other addresses are asserted in
check_url_allowed, which resolves names but never connects.
"""

from __future__ import annotations

import gzip
import time
import tracemalloc
import uuid
import zlib

import pytest

from newsflow.http import (
    Fetcher,
    FetchOutcome,
    UnsafeURLError,
    check_url_allowed,
    parse_retry_after,
    redact_url,
)
from newsflow.http import decoder as decoder_mod
from newsflow.settings import Settings
from newsflow_dev.sample_site import DEFAULT_ROOT, PLACEHOLDER

from support import closed_port

LOOPBACK_ONLY = ("127.0.0.1",)


def settings(**overrides) -> Settings:
    base = dict(
        allow_private_hosts=LOOPBACK_ONLY,
        per_host_delay=0.0,
        connect_timeout=1.0,
        read_timeout=2.0,
        max_bytes=2_000_000,
        max_retry_after=5.0,
    )
    base.update(overrides)
    return Settings(**base)


@pytest.fixture()
def fetcher():
    with Fetcher(settings(), retries=2, backoff=0.01) as f:
        yield f


def served(site, path: str) -> bytes:
    return (DEFAULT_ROOT / path.lstrip("/")).read_bytes().replace(PLACEHOLDER, site.base_url.encode())


# ------------------------------------------------------------------ plain fetches


def test_ok_fetch_decodes_gzip(sample_site, fetcher):
    res = fetcher.fetch(sample_site.url("/feeds/world.xml"))
    assert res.outcome == FetchOutcome.OK and res.ok
    assert res.status_code == 200
    assert res.headers.get("content-encoding") == "gzip"  # the server did compress it
    assert res.content == served(sample_site, "/feeds/world.xml")  # and we inflated it
    assert res.content_type == "application/rss+xml"
    assert res.attempts == 1
    assert res.permanent_url is None


def test_conditional_get_not_modified(sample_site, fetcher):
    url = sample_site.url("/feeds/politics.atom")
    first = fetcher.fetch(url)
    assert first.ok and first.headers.get("etag") and first.headers.get("last-modified")
    by_etag = fetcher.fetch(url, etag=first.headers["etag"])
    assert by_etag.outcome == FetchOutcome.NOT_MODIFIED and by_etag.status_code == 304
    assert by_etag.content == b""
    by_date = fetcher.fetch(url, last_modified=first.headers["last-modified"])
    assert by_date.outcome == FetchOutcome.NOT_MODIFIED
    stale = fetcher.fetch(url, etag='"not-the-etag"')
    assert stale.outcome == FetchOutcome.OK and stale.content == first.content


# ------------------------------------------------------------------- size caps


def test_big_body_is_too_large(sample_site):
    with Fetcher(settings(max_bytes=100_000), retries=0) as f:
        res = f.fetch(sample_site.url("/_test/big?bytes=3000000"))
        assert res.outcome == FetchOutcome.TOO_LARGE
        assert res.content == b""
        assert "100000" in res.error
        small = f.fetch(sample_site.url("/_test/big?bytes=50000"))
        assert small.ok and len(small.content) == 50_000


def test_gzip_bomb_is_cut_off_without_inflating(sample_site):
    url = sample_site.url("/_test/gzip-bomb")
    with Fetcher(settings(max_bytes=200_000), retries=0) as f:
        f.fetch(sample_site.url("/robots.txt"))  # warm the connection
        tracemalloc.start()
        try:
            started = time.monotonic()
            res = f.fetch(url)
            elapsed = time.monotonic() - started
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert res.outcome == FetchOutcome.TOO_LARGE, res
    assert res.content == b""
    assert res.attempts == 1  # too large is not transient
    assert elapsed < 5
    # The bomb inflates to 100 MB; we never held more than a few MB (the server's own
    # gzip building runs in this process too and is counted here).
    assert peak < 20 * 1024 * 1024, peak


def test_decoder_never_holds_more_than_the_cap():
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    payload = b"".join(bomb.compress(b"\0" * 1_000_000) for _ in range(20)) + bomb.flush()
    limit = 5000
    decoder = decoder_mod.CappedDecoder("gzip", limit)
    with pytest.raises(decoder_mod.TooLarge):
        for i in range(0, len(payload), 1024):
            decoder.feed(payload[i : i + 1024])
        decoder.finish()
    assert sum(len(p) for p in decoder.parts) <= limit
    # a body at the cap is fine; one byte over is not
    exact = decoder_mod.CappedDecoder("gzip", 10)
    exact.feed(gzip.compress(b"x" * 10))
    assert exact.finish() == b"x" * 10
    over = decoder_mod.CappedDecoder("gzip", 10)
    with pytest.raises(decoder_mod.TooLarge):
        over.feed(gzip.compress(b"x" * 11))
        over.finish()
    with pytest.raises(ValueError, match="Content-Encoding"):
        decoder_mod.CappedDecoder("br", 10)


# ------------------------------------------------------------- errors and retries


def test_slow_response_is_timeout(sample_site):
    with Fetcher(settings(read_timeout=0.3), retries=0) as f:
        started = time.monotonic()
        res = f.fetch(sample_site.url("/_test/slow?seconds=3"))
    assert res.outcome == FetchOutcome.TIMEOUT  # was network_error before the timeout outcome existed
    assert "timeout while waiting for the response headers" in res.error
    assert res.status_code is None
    assert time.monotonic() - started < 2


def test_timeout_is_retried(sample_site):
    before = sample_site.count("/_test/slow")
    with Fetcher(settings(read_timeout=0.2), retries=1, backoff=0.01) as f:
        res = f.fetch(sample_site.url("/_test/slow?seconds=2"))
    assert res.outcome == FetchOutcome.TIMEOUT
    assert res.attempts == 2
    deadline = time.monotonic() + 5  # the server logs a sleeper when it answers
    while sample_site.count("/_test/slow") < before + 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sample_site.count("/_test/slow") == before + 2


def test_connection_refused_is_network_error():
    with Fetcher(settings(), retries=1, backoff=0.01) as f:
        res = f.fetch(f"http://127.0.0.1:{closed_port()}/feed.xml")
    assert res.outcome == FetchOutcome.NETWORK_ERROR
    assert res.attempts == 2
    assert res.error


@pytest.mark.parametrize("code", [404, 410, 400])
def test_permanent_http_errors_are_not_retried(sample_site, code):
    path = f"/_test/status/{code}"
    before = sample_site.count(path)
    with Fetcher(settings(), retries=3, backoff=0.01) as f:
        res = f.fetch(sample_site.url(path))
    assert res.outcome == FetchOutcome.HTTP_ERROR
    assert res.status_code == code
    assert res.attempts == 1
    assert sample_site.count(path) == before + 1
    assert str(code) in res.error


@pytest.mark.parametrize("code", [500, 502, 503])
def test_transient_http_errors_are_retried_with_backoff(sample_site, code):
    path = f"/_test/status/{code}"
    before = sample_site.count(path)
    with Fetcher(settings(), retries=2, backoff=0.01) as f:
        started = time.monotonic()
        res = f.fetch(sample_site.url(path))
    assert res.outcome == FetchOutcome.HTTP_ERROR and res.status_code == code
    assert res.attempts == 3
    assert sample_site.count(path) == before + 3
    assert time.monotonic() - started < 2  # 0.01 + 0.02 s of backoff, not seconds


@pytest.mark.parametrize("code", [401, 403])
def test_auth_statuses_are_blocked(sample_site, code):
    path = f"/_test/status/{code}"
    before = sample_site.count(path)
    with Fetcher(settings(), retries=2, backoff=0.01) as f:
        res = f.fetch(sample_site.url(path))
    assert res.outcome == FetchOutcome.BLOCKED and res.status_code == code
    assert sample_site.count(path) == before + 1


def test_retry_after_is_honoured(sample_site):
    url = sample_site.url(f"/_test/retry-after?key={uuid.uuid4().hex}")
    with Fetcher(settings(), retries=2, backoff=0.01) as f:
        started = time.monotonic()
        res = f.fetch(url)
        elapsed = time.monotonic() - started
    assert res.outcome == FetchOutcome.OK
    assert res.attempts == 2
    assert b"<rss" in res.content
    assert elapsed >= 0.9  # waited the server's Retry-After: 1, not our 0.01 s backoff


def test_retry_after_beyond_limit_is_not_waited(sample_site):
    url = sample_site.url(f"/_test/retry-after?key={uuid.uuid4().hex}")
    with Fetcher(settings(max_retry_after=0.5), retries=2, backoff=0.01) as f:
        res = f.fetch(url)
    assert res.outcome == FetchOutcome.HTTP_ERROR and res.status_code == 503
    assert res.attempts == 1
    assert "Retry-After" in res.error


def test_parse_retry_after():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 3 ") == 3.0
    assert parse_retry_after(None) is None and parse_retry_after("") is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    from email.utils import formatdate

    future = parse_retry_after(formatdate(time.time() + 60, usegmt=True))
    assert 55 <= future <= 61


# ------------------------------------------------------------------- redirects


@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_sets_permanent_url(sample_site, fetcher, code):
    res = fetcher.fetch(sample_site.url(f"/_test/redirect?to=/feeds/business.xml&code={code}"))
    assert res.ok
    assert res.final_url == sample_site.url("/feeds/business.xml")
    assert res.permanent_url == sample_site.url("/feeds/business.xml")
    assert res.content == served(sample_site, "/feeds/business.xml")


@pytest.mark.parametrize("code", [302, 303, 307])
def test_temporary_redirect_keeps_url(sample_site, fetcher, code):
    res = fetcher.fetch(sample_site.url(f"/_test/redirect?to=/feeds/business.xml&code={code}"))
    assert res.ok
    assert res.final_url == sample_site.url("/feeds/business.xml")
    assert res.permanent_url is None


def test_permanent_then_temporary_redirect_is_not_permanent(sample_site, fetcher):
    inner = "/_test/redirect%3Fto%3D/feeds/business.xml%26code%3D302"
    res = fetcher.fetch(sample_site.url(f"/_test/redirect?to={inner}&code=301"))
    assert res.ok
    assert res.permanent_url is None


def test_redirect_loop_is_refused(sample_site):
    before = sample_site.count("/_test/redirect-loop")
    with Fetcher(settings(max_redirects=3), retries=2, backoff=0.01) as f:
        res = f.fetch(sample_site.url("/_test/redirect-loop"))
    assert res.outcome == FetchOutcome.REFUSED
    assert "redirects" in res.error
    assert sample_site.count("/_test/redirect-loop") == before + 4  # first request + 3 hops
    assert res.attempts == 1


# ------------------------------------------------------------------ SSRF guard


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.0.0.2:8080/",
        "http://localhost/feed.xml",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.100.100.200/latest/meta-data/",  # Alibaba Cloud metadata (shared 100.64/10)
        "http://[::1]/",
        "http://[fd00:ec2::254]/",  # AWS IPv6 metadata
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 form of 169.254.169.254
        "http://[2002:a9fe:a9fe::1]/",  # 6to4 form of 169.254.169.254
        "http://0.0.0.0/",
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://0x7f000001/",
        "http://224.0.0.1/",
    ],
)
def test_private_and_metadata_addresses_are_refused(url):
    with pytest.raises(UnsafeURLError, match="non-public|cannot resolve"):
        check_url_allowed(url, ())


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://127.0.0.1:70/", "javascript:alert(1)",
     "//127.0.0.1/feed", "http:///nohost"],
)
def test_non_http_urls_are_refused(url):
    with pytest.raises(UnsafeURLError):
        check_url_allowed(url, LOOPBACK_ONLY)


def test_public_address_and_allow_list_pass():
    check_url_allowed("http://93.184.216.34/", ())  # an IP literal: resolved locally, no traffic
    check_url_allowed("https://[2606:2800:220:1:248:1893:25c8:1946]/", ())
    check_url_allowed("http://127.0.0.1:8080/", LOOPBACK_ONLY)
    check_url_allowed("http://localhost:8080/", LOOPBACK_ONLY)  # resolves to an allowed address


def test_fetcher_refuses_loopback_before_connecting(sample_site):
    before = len(sample_site.requests)
    with Fetcher(settings(allow_private_hosts=()), retries=2, backoff=0.01) as f:
        for url in (
            sample_site.url("/feeds/world.xml"),
            sample_site.url("/feeds/world.xml").replace("127.0.0.1", "localhost"),
            sample_site.url("/feeds/world.xml").replace("http:", "ftp:"),
            "file:///etc/passwd",
        ):
            res = f.fetch(url)
            assert res.outcome == FetchOutcome.REFUSED, url
            assert res.attempts == 1 and res.status_code is None
    assert len(sample_site.requests) == before  # nothing reached the server


@pytest.mark.parametrize(
    "target",
    ["http://127.0.0.2:{port}/feeds/world.xml", "http://[::1]:{port}/feeds/world.xml",
     "file:///etc/passwd"],
)
def test_redirect_to_disallowed_address_is_refused(sample_site, fetcher, target):
    port = sample_site.base_url.rsplit(":", 1)[1]
    res = fetcher.fetch(sample_site.url(f"/_test/redirect?code=302&to={target.format(port=port)}"))
    assert res.outcome == FetchOutcome.REFUSED
    assert res.status_code is None
    assert res.final_url.startswith(target.format(port=port).split("/feeds")[0])


# -------------------------------------------------------------------- robots.txt


def test_robots_disallow_is_refused(sample_site, fetcher):
    path = "/private/embargoed-draft.html"
    before = sample_site.count(path)
    res = fetcher.fetch(sample_site.url(path), check_robots=True)
    assert res.outcome == FetchOutcome.REFUSED
    assert "robots" in res.error
    assert sample_site.count(path) == before
    allowed = fetcher.fetch(sample_site.url("/articles/world/quake-stub.html"), check_robots=True)
    assert allowed.ok
    # robots.txt is read once per host and cached
    robots_before = sample_site.count("/robots.txt")
    fetcher.fetch(sample_site.url("/articles/world/geneva-water-talks.html"), check_robots=True)
    assert sample_site.count("/robots.txt") == robots_before


def test_robots_not_checked_unless_asked_or_when_disabled(sample_site):
    url = sample_site.url("/private/embargoed-draft.html")
    with Fetcher(settings(), retries=0) as f:
        assert f.fetch(url).ok
    with Fetcher(settings(obey_robots=False), retries=0) as f:
        assert f.fetch(url, check_robots=True).ok


# ------------------------------------------------------------------ credentials


def test_redact_url():
    assert redact_url("http://user:pw@example.com:8080/a?b=1") == "http://***@example.com:8080/a?b=1"
    assert redact_url("https://token@example.com/") == "https://***@example.com/"
    assert redact_url("http://example.com/a") == "http://example.com/a"
    assert "pw" not in redact_url("http://user:pw@[::1]:80/")


def test_credentials_never_appear_in_results(sample_site, fetcher):
    secret = "s3cr3t-pw"
    host = sample_site.base_url.removeprefix("http://")
    urls = [
        f"http://alice:{secret}@{host}/feeds/world.xml",
        f"http://alice:{secret}@{host}/_test/status/404",
        f"http://alice:{secret}@{host}/_test/redirect?to=/_test/status/500&code=302",
        f"http://alice:{secret}@{host}/_test/redirect-loop",
        f"http://alice:{secret}@127.0.0.1:{closed_port()}/feed.xml",
    ]
    for url in urls:
        res = fetcher.fetch(url)
        for value in (res.url, res.final_url, res.error or "", res.permanent_url or ""):
            assert secret not in value, (url, value)
    with Fetcher(settings(allow_private_hosts=()), retries=0) as f:
        res = f.fetch(f"http://alice:{secret}@{host}/feeds/world.xml")
        assert res.outcome == FetchOutcome.REFUSED
        assert secret not in res.final_url + res.url + res.error


# ------------------------------------------------------------------- politeness


def test_per_host_delay(sample_site):
    with Fetcher(settings(per_host_delay=0.25), retries=0) as f:
        started = time.monotonic()
        for _ in range(3):
            assert f.fetch(sample_site.url("/robots.txt")).ok
        elapsed = time.monotonic() - started
    assert elapsed >= 0.45  # two waits of 0.25 s between three requests


def test_unreachable_robots_txt_means_not_now():
    """RFC 9309: a robots.txt answering 5xx puts the site off limits for now, not forever:
    the fetch is a transient network_error (the article is retried next run), not a refusal."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from newsflow.http import Fetcher, FetchOutcome
    from newsflow.settings import Settings

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            code = 503 if self.path == "/robots.txt" else 200
            self.send_response(code)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        settings = Settings(allow_private_hosts=("127.0.0.1",), per_host_delay=0)
        with Fetcher(settings, retries=0) as fetcher:
            res = fetcher.fetch(f"{base}/article.html", check_robots=True)
            assert res.outcome == FetchOutcome.NETWORK_ERROR and "robots.txt unreachable" in res.error
            assert fetcher.fetch(f"{base}/article.html").ok  # without the check it is reachable
    finally:
        server.shutdown()
        server.server_close()


def test_bad_numeric_setting_names_the_variable(monkeypatch):
    from newsflow.settings import Settings

    monkeypatch.setenv("NEWSFLOW_MAX_BYTES", "ten megabytes")
    with pytest.raises(ValueError, match="NEWSFLOW_MAX_BYTES"):
        Settings.from_env()


def test_error_text_naming_a_url_with_credentials_is_redacted():
    from newsflow.http import redact_text

    text = "ConnectError: [Errno 111] while connecting to http://alice:s3cret@127.0.0.1:9/feed.xml (password=hunter2)"
    redacted = redact_text(text)
    assert "s3cret" not in redacted and "hunter2" not in redacted and "alice" not in redacted
    assert "http://***@127.0.0.1:9/feed.xml" in redacted


def test_a_slot_never_starts_sooner_than_the_delay_after_a_request_ended():
    """Slots are a grid: a request that left late must not shorten the gap to the next one."""
    from newsflow.http.politeness import InProcessPoliteness

    now = [0.0]
    store = InProcessPoliteness(clock=lambda: now[0])
    assert store.reserve("http://a", 0.5, 10.0) == 0.0  # slot 0.0; the next on the grid is 0.5
    now[0] = 0.3  # the request left late and ended at 0.3
    store.done("http://a", 0.5, 10.0)
    assert store.reserve("http://a", 0.5, 10.0) == 0.5  # at 0.8, not 0.5
    assert store.reserve("http://b", 0.5, 10.0) == 0.0  # another site: its own clock
    store.done("http://c", 0.0, 10.0)  # no delay configured: nothing to keep
    assert store.reserve("http://c", 0.0, 10.0) == 0.0
