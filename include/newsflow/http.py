"""Polite, bounded HTTP: timeouts, size caps after decompression, SSRF guard, robots, rate limits.

Every fetch returns a FetchResult with an `outcome` instead of raising, so one bad URL
never stops a batch and every attempt can be recorded.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from newsflow.config import Settings, get_settings

log = logging.getLogger(__name__)

# Outcomes of one fetch.
OK = "ok"
NOT_MODIFIED = "not_modified"
TOO_LARGE = "too_large"
BLOCKED = "blocked"  # 401/403
HTTP_ERROR = "http_error"  # other 4xx/5xx
NETWORK_ERROR = "network_error"  # DNS, connection refused, timeout, reset
REFUSED = "refused"  # our own safety rules: scheme, private address, robots.txt, redirects

TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT_REDIRECTS = {301, 308}
_CHUNK = 64 * 1024


class UnsafeURLError(ValueError):
    """The URL is not fetchable under our safety rules (scheme or target address)."""


class HostResolutionError(UnsafeURLError):
    """The host did not resolve (yet): we cannot vet it, so we do not fetch it this time."""


_ALLOW_ALL = RobotFileParser()  # marker: robots.txt is absent, everything is allowed


@dataclass
class FetchResult:
    url: str
    final_url: str
    outcome: str
    status_code: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    error: str | None = None
    permanent_url: str | None = None
    attempts: int = 1
    elapsed_ms: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == OK

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def redact_url(url: str) -> str:
    """Drop user:password@ so credentials never reach logs or the warehouse."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable url>"
    if parts.username is None and parts.password is None:
        return url
    return _replace_userinfo(parts, "***@")


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def strip_userinfo(url: str) -> str:
    """The URL without user:password@ (what the warehouse stores for a feed)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    return _replace_userinfo(parts, "")


def _replace_userinfo(parts: SplitResult, userinfo: str) -> str:
    """parts with its user:password@ replaced; host and port kept exactly as written."""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, userinfo + host, parts.path, parts.query, parts.fragment))


def with_userinfo_of(url: str, source: str) -> str:
    """url with source's credentials when both are on the same host (a feed that moved)."""
    src, dst = urlsplit(source), urlsplit(url)
    if src.username is None or (src.hostname, src.port) != (dst.hostname, dst.port):
        return url
    auth = src.username + (f":{src.password}" if src.password is not None else "")
    return urlunsplit((dst.scheme, f"{auth}@{dst.netloc}", dst.path, dst.query, dst.fragment))


def _ip_is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address are judged by that address.
        if ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        elif ip.sixtofour:
            ip = ip.sixtofour
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    # is_global also excludes ranges that are neither "private" nor public, such as the
    # shared 100.64.0.0/10 block where Alibaba Cloud serves its metadata (100.100.100.200).
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def check_url_allowed(url: str, allow_hosts: tuple[str, ...] = ()) -> None:
    """Raise UnsafeURLError unless url is http(s) and its host resolves to public addresses.

    Hosts (or addresses) listed in allow_hosts are exempt: the demo and tests allow 127.0.0.1.
    """
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise UnsafeURLError(f"unparseable URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise UnsafeURLError(f"scheme {parts.scheme or '(none)'!r} is not http(s)")
    host = parts.hostname
    if not host:
        raise UnsafeURLError("URL has no host")
    if host in allow_hosts:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 80, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise HostResolutionError(f"cannot resolve host {host!r}: {exc}") from None
    addresses = {info[4][0] for info in infos}
    for address in addresses:
        if address in allow_hosts:
            continue
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not _ip_is_public(ip):
            raise UnsafeURLError(
                f"host {host!r} resolves to non-public address {address} "
                "(set NEWSFLOW_ALLOW_PRIVATE_HOSTS to allow it)"
            )


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _HostClock:
    """Per-host minimum delay between requests (thread-safe)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> None:
        if self.delay <= 0:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, 0.0))
            self._next[host] = slot + self.delay
        if slot > now:
            time.sleep(slot - now)


class _TooLarge(Exception):
    pass


class _Decoder:
    """Incremental gzip/deflate decoding that never inflates past the byte cap."""

    def __init__(self, encoding: str | None, limit: int) -> None:
        enc = (encoding or "identity").lower().strip()
        if enc in ("gzip", "x-gzip"):
            self._z: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj()
        elif enc in ("identity", ""):
            self._z = None
        else:
            raise ValueError(f"unsupported Content-Encoding {enc!r}")
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self._z is None:
            self._add(chunk)
            return
        data = chunk
        while data:
            room = self.limit - self.size + 1
            out = self._z.decompress(data, room)
            self._add(out)
            data = self._z.unconsumed_tail

    def finish(self) -> bytes:
        if self._z is not None:
            self._add(self._z.flush())
        return b"".join(self.parts)


class Fetcher:
    """One HTTP client with our politeness and safety rules; reuse it for a whole batch."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        retries: int = 2,
        backoff: float = 1.0,
    ) -> None:
        self.settings = settings or get_settings()
        self.retries = retries
        self.backoff = backoff
        s = self.settings
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self._clock = _HostClock(s.per_host_delay)
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ public

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
        check_robots: bool = False,
    ) -> FetchResult:
        """GET with retries for transient failures; never raises for network or HTTP trouble."""
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            result = self._fetch_once(url, etag, last_modified, accept, check_robots)
            result.attempts = attempt
            wait = self._retry_wait(result, attempt)
            if wait is None:
                break
            log.info("retrying %s in %.1fs (%s)", redact_url(url), wait, result.error)
            time.sleep(wait)
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
        # url/final_url are for reporting: they reach logs and the warehouse, so no
        # user:password@ (permanent_url keeps them: it is the address to fetch next time).
        result.url = redact_url(result.url)
        result.final_url = redact_url(result.final_url)
        return result

    def allowed_by_robots(self, url: str) -> bool | None:
        """robots.txt verdict for our user agent: True, False, or None when robots.txt is
        unreachable (5xx, network), which RFC 9309 treats as "not now" rather than "never".

        A missing robots.txt (any 4xx) allows everything. Verdicts are cached per site for the
        life of this Fetcher.
        """
        if not self.settings.obey_robots:
            return True
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            known = root in self._robots
            parser = self._robots.get(root)
        if not known:
            res = self._fetch_once(urljoin(root, "/robots.txt"), None, None, "text/plain", False)
            if res.ok:
                parser = RobotFileParser()
                parser.parse(res.content.decode("utf-8", "replace").splitlines())
            elif res.status_code is not None and 400 <= res.status_code < 500:
                parser = _ALLOW_ALL
            else:
                parser = None
            with self._robots_lock:
                self._robots[root] = parser
        if parser is None:
            return None
        if parser is _ALLOW_ALL:
            return True
        return parser.can_fetch(self.settings.user_agent, url)

    # ----------------------------------------------------------------- private

    def _retry_wait(self, result: FetchResult, attempt: int) -> float | None:
        if attempt > self.retries:
            return None
        transient = result.outcome == NETWORK_ERROR or (
            result.outcome == HTTP_ERROR and result.status_code in TRANSIENT_STATUSES
        )
        if not transient:
            return None
        retry_after = parse_retry_after(result.headers.get("retry-after"))
        if retry_after is not None:
            if retry_after > self.settings.max_retry_after:
                result.error = f"{result.error}; Retry-After {retry_after:.0f}s is beyond our limit"
                return None
            return retry_after
        return self.backoff * (2 ** (attempt - 1))

    def _fetch_once(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        accept: str | None,
        check_robots: bool,
    ) -> FetchResult:
        s = self.settings
        current = url
        permanent: str | None = None
        all_permanent = True
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        for _hop in range(s.max_redirects + 1):
            try:
                check_url_allowed(current, s.allow_private_hosts)
            except HostResolutionError as exc:  # DNS trouble is transient, not a verdict
                return FetchResult(url, current, NETWORK_ERROR, error=str(exc))
            except UnsafeURLError as exc:
                return FetchResult(url, current, REFUSED, error=str(exc))
            if check_robots:
                verdict = self.allowed_by_robots(current)
                if verdict is False:
                    return FetchResult(url, current, REFUSED, error="disallowed by robots.txt")
                if verdict is None:
                    return FetchResult(url, current, NETWORK_ERROR,
                                       error="robots.txt unreachable; the page is tried again next run")
            self._clock.wait(urlsplit(current).netloc)
            try:
                result = self._request(url, current, headers)
            except httpx.TimeoutException as exc:
                return FetchResult(url, current, NETWORK_ERROR, error=f"timeout: {type(exc).__name__}")
            except httpx.HTTPError as exc:
                return FetchResult(
                    url, current, NETWORK_ERROR, error=f"{type(exc).__name__}: {redact_url(str(exc))}"
                )
            if result.status_code in _REDIRECTS and "location" in result.headers:
                target = urljoin(current, result.headers["location"])
                if result.status_code in _PERMANENT_REDIRECTS and all_permanent:
                    permanent = target
                else:
                    all_permanent = False
                    permanent = None
                current = target
                continue
            result.permanent_url = permanent
            return result
        return FetchResult(url, current, REFUSED, error=f"more than {s.max_redirects} redirects")

    def _request(self, url: str, current: str, headers: dict[str, str]) -> FetchResult:
        s = self.settings
        deadline = time.monotonic() + s.read_timeout * 4 + s.connect_timeout
        with self._client.stream("GET", current, headers=headers) as resp:
            resp_headers = {k.lower(): v for k, v in resp.headers.items()}
            status = resp.status_code
            base = {"status_code": status, "headers": resp_headers}
            if status in _REDIRECTS:
                return FetchResult(url, current, HTTP_ERROR, error=f"HTTP {status} without Location", **base)
            if status == 304:
                return FetchResult(url, current, NOT_MODIFIED, **base)
            if status in (401, 403):
                return FetchResult(url, current, BLOCKED, error=f"HTTP {status}", **base)
            if status >= 400:
                return FetchResult(url, current, HTTP_ERROR, error=f"HTTP {status}", **base)
            declared = resp_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > s.max_bytes and "content-encoding" not in resp_headers:
                return FetchResult(
                    url, current, TOO_LARGE, error=f"Content-Length {declared} > {s.max_bytes}", **base
                )
            try:
                decoder = _Decoder(resp_headers.get("content-encoding"), s.max_bytes)
                for chunk in resp.iter_raw(_CHUNK):
                    decoder.feed(chunk)
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("total download time exceeded")
                body = decoder.finish()
            except _TooLarge:
                return FetchResult(
                    url, current, TOO_LARGE, error=f"body exceeds {s.max_bytes} bytes", **base
                )
            except (ValueError, zlib.error) as exc:
                return FetchResult(url, current, HTTP_ERROR, error=f"bad body encoding: {exc}", **base)
            return FetchResult(url, current, OK, content=body, **base)
