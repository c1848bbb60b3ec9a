"""Fetcher: polite, bounded, guarded GETs that return a FetchResult instead of raising.

Bounds: every request (all redirect hops) has a wall-clock deadline of settings.total_timeout
enforced inside every socket call (transport.py), and every fetch() a retry budget (a Deadline,
settings.fetch_budget unless the caller passes one shared by a whole feed): once it is spent no
further attempt, Retry-After wait or politeness wait starts.
"""

from __future__ import annotations

import http.cookiejar
import logging
import threading
import time
import zlib
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import httpx

from newsflow.http.politeness import InProcessPoliteness, Politeness, RobotsRecord
from newsflow.settings import Settings, get_settings

from . import transport
from .deadline import BODY, CONNECT, HEADERS, Deadline
from .decoder import CappedDecoder, TooLarge
from .guard import HostResolutionError, Resolver, Target, UnsafeURLError, system_resolver, vet_url
from .result import (
    BLOCKED,
    HTTP_ERROR,
    NETWORK_ERROR,
    NOT_MODIFIED,
    OK,
    REFUSED,
    TIMEOUT,
    TOO_LARGE,
    FetchOutcome,
    FetchResult,
)
from .robots import record_from_response, verdict
from .urls import redact_text, redact_url, site_of

log = logging.getLogger(__name__)

TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT_REDIRECTS = {301, 308}
_CHUNK = 64 * 1024


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() is true too
        return float(value) if len(value) < 12 else float("inf")
    try:
        when = parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError, OSError, IndexError):
        return None  # not a date we can read, or one no calendar holds: no hint


class _NoCookies(http.cookiejar.CookieJar):
    """A jar that keeps nothing: a page's cookies are never sent to the next request (a site could
    otherwise grow every later request's headers, or follow us from page to page)."""

    def set_cookie(self, cookie: http.cookiejar.Cookie) -> None:
        pass

    def extract_cookies(self, response: Any, request: Any) -> None:
        pass


def _bounded(resolver: Resolver, seconds: Callable[[], float]) -> Resolver:
    """resolver cut off after seconds(): getaddrinfo itself has no timeout."""

    def resolve(host: str, port: int) -> list[str]:
        box: dict[str, object] = {}

        def run() -> None:
            try:
                box["answer"] = resolver(host, port)
            except BaseException as exc:  # handed over to the caller's thread
                box["error"] = exc

        worker = threading.Thread(target=run, name="newsflow-resolve", daemon=True)
        worker.start()
        limit = max(0.0, seconds())
        worker.join(limit)
        if worker.is_alive():
            raise OSError(f"DNS gave no answer within {limit:.1f} s")
        if "error" in box:
            raise box["error"]  # type: ignore[misc]
        return box["answer"]  # type: ignore[return-value]

    return resolve


class Fetcher:
    """One HTTP client with our politeness and safety rules; reuse it for a whole batch.

    politeness: where per-site slots and robots.txt live (default: this process's memory;
    WarehousePoliteness(dsn) shares them across tasks and workers). resolver: host -> addresses
    (default getaddrinfo); whatever it answers is vetted once and is all we connect to.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        retries: int = 2,
        backoff: float = 1.0,
        politeness: Politeness | None = None,
        resolver: Resolver | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings or get_settings()
        self._sleep = sleep  # a simulation's clock waits its own way (bench coverage)

        self.retries = retries
        self.backoff = backoff
        self.politeness: Politeness = politeness if politeness is not None else InProcessPoliteness()
        s = self.settings
        self._resolver = _bounded(resolver or system_resolver, lambda: s.connect_timeout)
        self._client = httpx.Client(
            transport=transport.PinnedTransport(),
            follow_redirects=False,
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout, pool=s.total_timeout),
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
            cookies=_NoCookies(),
        )

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
        budget: Deadline | None = None,
    ) -> FetchResult:
        """GET with retries for transient failures; never raises for network or HTTP trouble.

        budget: wall-clock limit for this call with its retries and waits; pass one Deadline to
        several calls (e.g. every fetch of one feed) to bound them together. Default: a new
        Deadline(settings.fetch_budget) per call.
        """
        started = time.monotonic()
        budget = budget if budget is not None else Deadline(self.settings.fetch_budget)
        attempt = 0
        while True:
            attempt += 1
            try:
                result = self._fetch_once(url, etag, last_modified, accept, check_robots, budget)
                result.attempts = attempt
                wait = self._retry_wait(result, attempt, budget)
            except Exception as exc:  # whatever a server sends, the caller gets a result
                log.warning("fetch of %s met %s", redact_url(url), type(exc).__name__, exc_info=True)
                result = FetchResult(url, url, FetchOutcome.ERROR,
                                     error=redact_text(f"unexpected {type(exc).__name__}: {exc}")[:500])
                result.attempts, wait = attempt, None
            if wait is None:
                break
            log.info("retrying %s in %.1fs (%s)", redact_url(url), wait, result.error)
            self._sleep(wait)
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
        # url/final_url are for reporting: they reach logs and the warehouse, so no
        # user:password@ (permanent_url keeps them: it is the address to fetch next time).
        result.url = redact_url(result.url)
        result.final_url = redact_url(result.final_url)
        return result

    def allowed_by_robots(self, url: str, budget: Deadline | None = None) -> bool | None:
        """robots.txt verdict for our user agent: True, False, or None when robots.txt is
        unreachable (5xx, network), which RFC 9309 treats as "not now" rather than "never".

        A missing robots.txt (any 4xx) allows everything. Records are cached per site by the
        politeness store for settings.robots_ttl (at most 24 h; 10 min when unreachable).
        """
        if not self.settings.obey_robots:
            return True
        return verdict(self.robots_record(url, budget), url, self.settings.user_agent)

    def robots_record(self, url: str, budget: Deadline | None = None) -> RobotsRecord:
        """The robots.txt of url's site, from the politeness store's cache or fetched once (its
        `Sitemap:` lines lead to the site's sitemaps)."""
        site = site_of(url)
        return self.politeness.robots(site, lambda: self._fetch_robots(site, budget), self.settings.robots_ttl)

    # ----------------------------------------------------------------- private

    def _fetch_robots(self, site: str, budget: Deadline | None) -> RobotsRecord:
        limit = Deadline(self.settings.total_timeout, within=budget)
        res = self._fetch_once(site + "/robots.txt", None, None, "text/plain", False, limit)
        status = res.status_code
        if res.ok:
            return record_from_response(status, res.content, self.settings.user_agent)
        if status is not None and 400 <= status < 600:
            return RobotsRecord(status)
        return RobotsRecord(None)

    def _retry_wait(self, result: FetchResult, attempt: int, budget: Deadline) -> float | None:
        if attempt > self.retries:
            return None
        transient = result.outcome in (NETWORK_ERROR, TIMEOUT) or (
            result.outcome == HTTP_ERROR and result.status_code in TRANSIENT_STATUSES
        )
        if not transient:
            return None
        retry_after = parse_retry_after(result.headers.get("retry-after"))
        if retry_after is not None and retry_after > self.settings.max_retry_after:
            result.error = f"{result.error}; Retry-After {retry_after:.0f}s is beyond our limit"
            return None
        wait = retry_after if retry_after is not None else self.backoff * (2 ** (attempt - 1))
        if wait >= budget.remaining():
            result.error = f"{result.error}; retry budget spent"
            return None
        return wait

    def _fetch_once(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        accept: str | None,
        check_robots: bool,
        budget: Deadline,
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
            if budget.expired:
                return FetchResult(url, current, TIMEOUT, error="timeout: fetch budget spent before the request")
            try:
                target = vet_url(current, s.allow_private_hosts, self._resolver)
            except HostResolutionError as exc:  # DNS trouble is transient, not a verdict
                return FetchResult(url, current, NETWORK_ERROR, error=str(exc))
            except UnsafeURLError as exc:
                return FetchResult(url, current, REFUSED, error=str(exc))
            if check_robots:
                allowed = self.allowed_by_robots(current, budget)
                if allowed is False:
                    return FetchResult(url, current, REFUSED, error="disallowed by robots.txt")
                if allowed is None:
                    return FetchResult(url, current, NETWORK_ERROR,
                                       error="robots.txt unreachable; the page is tried again next run")
            wait = self.politeness.reserve(site_of(current), s.per_host_delay, s.max_crawl_delay)
            if wait > 0:
                if wait >= budget.remaining():
                    return FetchResult(url, current, TIMEOUT,
                                       error=f"timeout: the next slot for this site is {wait:.1f} s away, "
                                             "beyond the fetch budget")
                self._sleep(wait)
            deadline = Deadline(s.total_timeout, within=budget)
            try:
                result = self._request(url, current, headers, target, deadline)
            except httpx.HTTPError as exc:
                return self._failure(url, current, exc, deadline)
            finally:
                self.politeness.done(site_of(current), s.per_host_delay, s.max_crawl_delay)
            if result.status_code in _REDIRECTS and "location" in result.headers:
                target_url = urljoin(current, result.headers["location"])
                if result.status_code in _PERMANENT_REDIRECTS and all_permanent:
                    permanent = target_url
                else:
                    all_permanent = False
                    permanent = None
                current = target_url
                continue
            result.permanent_url = permanent
            return result
        return FetchResult(url, current, REFUSED, error=f"more than {s.max_redirects} redirects")

    def _failure(self, url: str, current: str, exc: httpx.HTTPError, deadline: Deadline) -> FetchResult:
        """A transport error as a result; timeouts name the phase (connect, headers, body)."""
        s = self.settings
        phase = CONNECT if isinstance(exc, httpx.ConnectTimeout) else deadline.phase
        where = {CONNECT: "connecting", HEADERS: "waiting for the response headers",
                 BODY: "reading the body"}.get(phase, phase)
        if deadline.expired:
            limit = "the fetch budget" if deadline.cut_by_outer else f"total_timeout {s.total_timeout:g} s"
            return FetchResult(url, current, TIMEOUT, error=f"timeout while {where}: {limit} passed")
        if isinstance(exc, httpx.TimeoutException):
            idle = s.connect_timeout if phase == CONNECT else s.read_timeout
            return FetchResult(url, current, TIMEOUT,
                               error=f"timeout while {where}: nothing for {idle:g} s ({type(exc).__name__})")
        return FetchResult(url, current, NETWORK_ERROR, error=f"{type(exc).__name__}: {redact_text(str(exc))}")

    def _request(
        self, url: str, current: str, headers: dict[str, str], target: Target, deadline: Deadline
    ) -> FetchResult:
        s = self.settings
        deadline.phase = HEADERS
        with transport.scope(current, target, deadline), \
                self._client.stream("GET", current, headers=headers) as resp:
            deadline.phase = BODY
            resp_headers = {k.lower(): v for k, v in resp.headers.items()}
            status = resp.status_code
            base: dict[str, Any] = {"status_code": status, "headers": resp_headers}
            if status in _REDIRECTS:
                if "location" in resp_headers:
                    return FetchResult(url, current, HTTP_ERROR, **base)
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
                decoder = CappedDecoder(resp_headers.get("content-encoding"), s.max_bytes)
                for chunk in resp.iter_raw(_CHUNK):
                    decoder.feed(chunk)
                body = decoder.finish()
            except TooLarge:
                return FetchResult(
                    url, current, TOO_LARGE, error=f"body exceeds {s.max_bytes} bytes", **base
                )
            except (ValueError, zlib.error) as exc:
                return FetchResult(url, current, HTTP_ERROR, error=f"bad body encoding: {exc}", **base)
            return FetchResult(url, current, OK, content=body, **base)
