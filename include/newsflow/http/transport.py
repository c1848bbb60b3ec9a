"""An httpx transport that connects only to vetted addresses and never outlives a deadline.

httpx resolves host names itself when it connects, which would re-ask DNS after our guard
checked it (DNS rebinding). This transport's httpcore network backend instead connects to the
addresses the guard vetted for that host (`pinned`), while the URL, the Host header and TLS
(SNI and certificate check) keep the original host name. Every connect, read, write and TLS
handshake gets min(its timeout, what is left of the request's Deadline).

The pins and the deadline travel in a context variable set around each request by `scope()`:
httpx calls the backend synchronously in the caller's thread, so the request's values are seen.
"""

from __future__ import annotations

import contextvars
import ssl
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpcore
import httpx

from .deadline import CONNECT, HEADERS, Deadline, DeadlineExceeded
from .guard import Target


@dataclass
class _Scope:
    host: str  # as httpcore will name it: IDNA-encoded, lower case, IPv6 without brackets
    target: Target
    deadline: Deadline


_scope: contextvars.ContextVar[_Scope | None] = contextvars.ContextVar("newsflow_http_scope", default=None)


@contextmanager
def scope(url: str, target: Target, deadline: Deadline) -> Iterator[None]:
    """Within the block, connections to url's host go to target's addresses only, and every
    network call is bounded by deadline."""
    host = httpx.URL(url).raw_host.decode("ascii").lower()
    token = _scope.set(_Scope(host, target, deadline))
    try:
        yield
    finally:
        _scope.reset(token)


def _timeout(timeout: float | None, exc: type[Exception]) -> float | None:
    current = _scope.get()
    if current is None:
        return timeout
    try:
        return current.deadline.clamp(timeout)
    except DeadlineExceeded as err:
        raise exc(str(err)) from None


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every blocking call is cut to the current deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _timeout(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _timeout(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        current = _scope.get()
        limit = _timeout(timeout, httpcore.ConnectTimeout)
        if current is not None:
            current.deadline.phase = CONNECT
        # One limit for the whole handshake: CPython's SSL handshake keeps a single deadline
        # across its socket calls, so a trickled handshake cannot stretch it.
        inner = self._inner.start_tls(ssl_context, server_hostname, limit)
        if current is not None:
            current.deadline.phase = HEADERS
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class PinnedBackend(httpcore.NetworkBackend):
    """Connects to the vetted addresses of the host being fetched, and nowhere else."""

    def __init__(self) -> None:
        self._sync = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        current = _scope.get()
        if current is None or current.host != host.strip("[]").lower():
            # Fail closed: a connection nobody vetted is never opened.
            raise httpcore.ConnectError(f"no vetted address for host {host!r}")
        current.deadline.phase = CONNECT
        error: Exception | None = None
        for address in current.target.addresses:
            try:
                stream = self._sync.connect_tcp(
                    address, port, _timeout(timeout, httpcore.ConnectTimeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            current.deadline.phase = HEADERS
            return _DeadlineStream(stream)
        assert error is not None  # a Target always has at least one address
        raise error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._sync.sleep(seconds)


_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's own transport (exception mapping, streaming) over a PinnedBackend pool.

    httpx.HTTPTransport takes no network backend, so its pool (``_pool`` in httpx 0.28) is
    replaced by an equivalent one that has ours; every fetch test goes through it.
    """

    def __init__(self, *, limits: httpx.Limits = _LIMITS) -> None:
        super().__init__(trust_env=False, limits=limits)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(),
        )
