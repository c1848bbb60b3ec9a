"""The HTTP layer against hostile servers: trickling, DNS rebinding, tricky robots.txt.

Real sockets on loopback only (tests/hostile_http.py); every server script ends by itself
within seconds, so a regression fails on time instead of hanging.
"""

from __future__ import annotations

import socket
import threading
import time
from itertools import pairwise

import pytest

from newsflow import http as nfhttp
from newsflow.http import Deadline, Fetcher, FetchOutcome
from newsflow.settings import Settings

from hostile_http import (
    HostileServer,
    respond,
    trickle_body,
    trickle_headers,
    trickle_tls_handshake,
)

SLACK = 0.75  # scheduling slack on a shared 2-core machine


def settings(**overrides) -> Settings:
    base = dict(
        allow_private_hosts=("127.0.0.1",),
        per_host_delay=0.0,
        connect_timeout=1.0,
        read_timeout=5.0,  # longer than any gap the trickling servers leave
        total_timeout=2.0,
        fetch_budget=30.0,
        max_bytes=2_000_000,
    )
    base.update(overrides)
    return Settings(**base)


def timed(fetcher: Fetcher, url: str, **kwargs) -> tuple[nfhttp.FetchResult, float]:
    started = time.monotonic()
    res = fetcher.fetch(url, **kwargs)
    return res, time.monotonic() - started


# -------------------------------------------------------------- time bounds


def test_trickled_headers_time_out_within_total_timeout():
    # 1 header byte every 0.2 s for 12 s: never idle for read_timeout, never finished.
    with HostileServer({"/h": trickle_headers(0.2, 60)}) as srv, Fetcher(settings(), retries=0) as f:
        res, elapsed = timed(f, srv.url("/h"))
    assert res.outcome == FetchOutcome.TIMEOUT, res
    assert "headers" in res.error and "total_timeout 2 s" in res.error
    assert res.status_code is None
    assert 1.9 <= elapsed < 2 + SLACK


def test_trickled_body_times_out_within_total_timeout():
    with HostileServer({"/b": trickle_body(0.2, 60)}) as srv, Fetcher(settings(), retries=0) as f:
        res, elapsed = timed(f, srv.url("/b"))
    assert res.outcome == FetchOutcome.TIMEOUT, res
    assert "body" in res.error
    assert res.content == b""
    assert 1.9 <= elapsed < 2 + SLACK


def test_retries_of_a_trickle_stay_within_the_budget():
    """Three attempts of 2 s would take 6 s; a 3 s budget ends the whole fetch at 3 s."""
    with HostileServer({"/b": trickle_body(0.2, 60)}) as srv, \
            Fetcher(settings(), retries=2, backoff=0.05) as f:
        res, elapsed = timed(f, srv.url("/b"), budget=Deadline(3.0))
        assert res.outcome == FetchOutcome.TIMEOUT
        assert res.attempts == 2  # the second attempt was cut by the budget, no third one
        assert "fetch budget" in res.error
        assert elapsed < 3 + SLACK
        assert srv.count("/b") == 2
        # the default budget is a setting
        f.settings = settings(fetch_budget=2.5)
        res, elapsed = timed(f, srv.url("/b"))
        assert res.outcome == FetchOutcome.TIMEOUT and elapsed < 2.5 + SLACK


def test_a_spent_budget_starts_no_request():
    with HostileServer({"/ok": respond(b"fine")}) as srv, Fetcher(settings(), retries=2) as f:
        shared = Deadline(0.0)
        res = f.fetch(srv.url("/ok"), budget=shared)
        assert res.outcome == FetchOutcome.TIMEOUT and "budget" in res.error
        assert srv.count("/ok") == 0
        assert f.fetch(srv.url("/ok"), budget=Deadline(5)).content == b"fine"


def test_retry_after_beyond_the_budget_is_not_waited():
    answer = respond(b"busy", "503 Service Unavailable", {"Retry-After": "3"})
    with HostileServer({"/busy": answer}) as srv, \
            Fetcher(settings(max_retry_after=10), retries=2) as f:
        res, elapsed = timed(f, srv.url("/busy"), budget=Deadline(1.5))
    assert res.outcome == FetchOutcome.HTTP_ERROR and res.status_code == 503
    assert res.attempts == 1 and "retry budget spent" in res.error
    assert elapsed < 1


def test_trickled_tls_handshake_is_cut_at_the_deadline():
    config = settings(connect_timeout=30.0)  # the total deadline, not the connect timeout, is what cuts
    with HostileServer({}, raw=trickle_tls_handshake(0.2, 60)) as srv, Fetcher(config, retries=0) as f:
        res, elapsed = timed(f, f"https://127.0.0.1:{srv.port}/")
    assert res.outcome == FetchOutcome.TIMEOUT, res
    assert "connecting" in res.error
    assert 1.9 <= elapsed < 2 + SLACK


def test_connect_phase_is_bounded():
    """A listener whose backlog is full drops our SYN: the connect phase hits the deadline."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(4):  # fill the accept queue (nobody accepts)
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            fillers.append(s)
        time.sleep(0.1)
        with Fetcher(settings(connect_timeout=30.0, total_timeout=1.0), retries=0) as f:
            res, elapsed = timed(f, f"http://127.0.0.1:{port}/")
    finally:
        for s in fillers:
            s.close()
        listener.close()
    assert res.outcome == FetchOutcome.TIMEOUT, res
    assert "connecting" in res.error
    assert elapsed < 1 + SLACK


# -------------------------------------------------------------- DNS rebinding


@pytest.fixture()
def good_and_evil():
    """The vetted server on 127.0.0.1 and an 'internal' one on 127.0.0.2, same port."""
    good = HostileServer({"/page": respond(b"GOOD")})
    try:
        evil = HostileServer({"/page": respond(b"EVIL")}, host="127.0.0.2", port=good.port)
    except OSError:
        good.stop()
        raise
    yield good, evil
    evil.stop()
    good.stop()


class FlippingResolver:
    """Answers `first` once, then `then` (a rebinding DNS server with TTL 0)."""

    def __init__(self, first: list[str], then: list[str]) -> None:
        self.first, self.then, self.calls = first, then, 0

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls += 1
        return self.first if self.calls == 1 else self.then


def test_injected_rebinding_resolver_connects_only_to_the_vetted_address(good_and_evil):
    good, evil = good_and_evil
    resolver = FlippingResolver(["127.0.0.1"], ["127.0.0.2"])
    with Fetcher(settings(), retries=0, resolver=resolver) as f:
        res = f.fetch(f"http://rebind.test:{good.port}/page")
        assert res.ok and res.content == b"GOOD"
        assert resolver.calls == 1  # resolved once for the check and the connection
        assert good.hits[0].headers["host"] == f"rebind.test:{good.port}"  # the name, not the IP
        again = f.fetch(f"http://rebind.test:{good.port}/page")  # now it answers 127.0.0.2
    assert again.outcome == FetchOutcome.REFUSED and "127.0.0.2" in again.error
    assert evil.connections == 0


def test_system_dns_rebinding_is_not_followed(good_and_evil, monkeypatch):
    """The default resolver path: getaddrinfo flips between the check and the connection."""
    good, evil = good_and_evil
    real = socket.getaddrinfo
    calls = []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        calls.append(host)
        address = "127.0.0.1" if len(calls) == 1 else "127.0.0.2"
        return real(address, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with Fetcher(settings(), retries=0) as f:
        res = f.fetch(f"http://rebind.test:{good.port}/page")
    assert res.ok and res.content == b"GOOD"
    assert len(calls) == 1
    assert evil.connections == 0


def test_public_answer_with_a_loopback_one_is_refused():
    with HostileServer({"/page": respond(b"INTERNAL")}) as srv, \
            Fetcher(settings(allow_private_hosts=()), retries=0,
                    resolver=lambda host, port: ["93.184.216.34", "127.0.0.1"]) as f:
        res = f.fetch(f"http://mixed.test:{srv.port}/page")
    assert res.outcome == FetchOutcome.REFUSED and "127.0.0.1" in res.error
    assert srv.connections == 0


def test_redirect_hops_are_vetted_and_pinned(good_and_evil):
    good, evil = good_and_evil
    good.routes["/jump"] = respond(b"", "302 Found", {"Location": f"http://other.test:{good.port}/page"})
    answers = {"start.test": ["127.0.0.1"], "other.test": ["127.0.0.2"]}
    with Fetcher(settings(), retries=0, resolver=lambda host, port: answers[host]) as f:
        res = f.fetch(f"http://start.test:{good.port}/jump")
    assert res.outcome == FetchOutcome.REFUSED and "other.test" in res.error
    assert evil.connections == 0


def test_connections_nobody_vetted_are_refused():
    with HostileServer({"/page": respond(b"x")}) as srv, Fetcher(settings(), retries=0) as f:
        with pytest.raises(Exception, match="no vetted address"):
            f._client.get(srv.url("/page"))  # the raw client, outside fetch()
        assert srv.connections == 0


def test_ipv6_literal_host():
    with HostileServer({"/page": respond(b"six")}, host="::1") as srv, \
            Fetcher(settings(allow_private_hosts=("::1",)), retries=0) as f:
        res = f.fetch(srv.url("/page"))
        assert res.ok and res.content == b"six", res
        assert srv.hits[0].headers["host"] == f"[::1]:{srv.port}"
    with Fetcher(settings(allow_private_hosts=()), retries=0) as f:
        assert f.fetch("http://[::1]:9/page").outcome == FetchOutcome.REFUSED


# -------------------------------------------------------------- robots.txt (RFC 9309)


def robots_site(text: str, pages: list[str]) -> HostileServer:
    routes = {"/robots.txt": respond(text.encode(), headers={"Content-Type": "text/plain"})}
    routes.update({p: respond(b"page " + p.encode()) for p in pages})
    return HostileServer(routes)


def test_robots_wildcard_and_end_anchor():
    with robots_site("User-agent: *\nDisallow: /*.pdf$\n", ["/b.pdf", "/b.pdf.html"]) as srv, \
            Fetcher(settings(), retries=0) as f:
        blocked = f.fetch(srv.url("/b.pdf"), check_robots=True)
        allowed = f.fetch(srv.url("/b.pdf.html"), check_robots=True)
        assert blocked.outcome == FetchOutcome.REFUSED and "robots" in blocked.error
        assert allowed.ok and allowed.content == b"page /b.pdf.html"
        assert srv.count("/b.pdf") == 0 and srv.count("/robots.txt") == 1


def test_robots_longest_match_wins_over_order():
    text = "User-agent: *\nDisallow: /news\nAllow: /news/public\n"
    with robots_site(text, ["/news/public/a", "/news/secret"]) as srv, Fetcher(settings(), retries=0) as f:
        assert f.fetch(srv.url("/news/public/a"), check_robots=True).ok
        assert f.fetch(srv.url("/news/secret"), check_robots=True).outcome == FetchOutcome.REFUSED


def test_robots_group_for_our_product_token():
    text = "User-agent: *\nDisallow: /\n\nUser-agent: newsflow\nDisallow: /drafts\n"
    with robots_site(text, ["/story", "/drafts/x"]) as srv, Fetcher(settings(), retries=0) as f:
        assert f.fetch(srv.url("/story"), check_robots=True).ok
        assert f.fetch(srv.url("/drafts/x"), check_robots=True).outcome == FetchOutcome.REFUSED


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in pairwise(sorted(times))]


def test_crawl_delay_spaces_requests_at_the_server():
    pages = ["/p1", "/p2", "/p3"]
    with robots_site("User-agent: *\nCrawl-delay: 0.4\n", pages) as srv, \
            Fetcher(settings(per_host_delay=0.0), retries=0) as f:
        for page in pages:
            assert f.fetch(srv.url(page), check_robots=True).ok
        spacing = gaps(srv.times())
    assert len(spacing) == 3  # robots.txt + three pages
    # the robots.txt request itself came before its Crawl-delay was known
    assert min(spacing[1:]) >= 0.39, spacing


def test_crawl_delay_above_the_cap_is_used_at_the_cap():
    pages = ["/p1", "/p2", "/p3"]
    with robots_site("User-agent: *\nCrawl-delay: 60\n", pages) as srv, \
            Fetcher(settings(max_crawl_delay=0.3), retries=0) as f:
        started = time.monotonic()
        for page in pages:
            assert f.fetch(srv.url(page), check_robots=True).ok
        elapsed = time.monotonic() - started
        spacing = gaps(srv.times())
    assert min(spacing[1:]) >= 0.29 and elapsed < 2, (spacing, elapsed)


def test_robots_cache_expires():
    with robots_site("User-agent: *\nAllow: /\n", ["/p"]) as srv, \
            Fetcher(settings(robots_ttl=0.3), retries=0) as f:
        assert f.fetch(srv.url("/p"), check_robots=True).ok
        assert f.fetch(srv.url("/p"), check_robots=True).ok
        assert srv.count("/robots.txt") == 1
        time.sleep(0.35)
        assert f.fetch(srv.url("/p"), check_robots=True).ok
        assert srv.count("/robots.txt") == 2


def test_robots_fetched_once_by_parallel_fetches():
    pages = [f"/p{i}" for i in range(6)]
    with robots_site("User-agent: *\nAllow: /\n", pages) as srv, Fetcher(settings(), retries=0) as f:
        threads = [threading.Thread(target=f.fetch, args=(srv.url(p),), kwargs={"check_robots": True})
                   for p in pages]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        assert srv.count("/robots.txt") == 1
        assert sum(srv.count(p) for p in pages) == 6


# -------------------------------------------------------------- TLS to a pinned address


def self_signed(tmp_path, name: str) -> tuple[str, str]:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


def test_tls_to_a_pinned_address_uses_the_host_name_for_sni_and_the_certificate(tmp_path):
    import ssl

    cert, key = self_signed(tmp_path, "news.test")
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    seen: list[str | None] = []
    server_ctx.sni_callback = lambda sslobj, name, ctx: seen.append(name)

    def tls(conn) -> None:
        try:
            server_ctx.wrap_socket(conn.sock, server_side=True).recv(1)
        except (ssl.SSLError, OSError):
            pass  # the client rejects our self-signed certificate

    with HostileServer({}, raw=tls) as srv, \
            Fetcher(settings(), retries=0, resolver=lambda host, port: ["127.0.0.1"]) as f:
        res = f.fetch(f"https://news.test:{srv.port}/")
    assert seen == ["news.test"]  # SNI names the host, though we connected to 127.0.0.1
    assert res.outcome == FetchOutcome.NETWORK_ERROR and "CERTIFICATE_VERIFY_FAILED" in res.error
