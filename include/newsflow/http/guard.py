"""SSRF guard: resolve a host once, vet every address, and hand back the addresses to connect to.

The connection layer (transport.py) connects only to the addresses vetted here, so a DNS
answer that changes between the check and the connection (rebinding) cannot redirect us.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

# A resolver maps (host, port) to IP address strings; injectable so tests can play DNS.
Resolver = Callable[[str, int], list[str]]

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class UnsafeURLError(ValueError):
    """The URL is not fetchable under our safety rules (scheme or target address)."""


class HostResolutionError(UnsafeURLError):
    """The host did not resolve (yet): we cannot vet it, so we do not fetch it this time."""


@dataclass(frozen=True)
class Target:
    """A vetted URL target: the host as written and the addresses we may connect to."""

    host: str
    port: int
    addresses: tuple[str, ...]


def system_resolver(host: str, port: int) -> list[str]:
    """getaddrinfo answers, in the order the system prefers them, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


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


def _literal(host: str) -> list[str] | None:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        return None


def vet_url(url: str, allow_hosts: tuple[str, ...] = (), resolver: Resolver | None = None) -> Target:
    """Resolve url's host once and return the addresses that passed the guard.

    Raises UnsafeURLError unless url is http(s) and every address is public. Hosts or addresses
    listed in allow_hosts are exempt (the demo and tests allow 127.0.0.1).
    """
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURLError(f"unparseable URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise UnsafeURLError(f"scheme {parts.scheme or '(none)'!r} is not http(s)")
    host = parts.hostname
    if not host:
        raise UnsafeURLError("URL has no host")
    addresses = _literal(host)  # a literal needs no resolver
    if addresses is None:
        try:
            addresses = list((resolver or system_resolver)(host, port))
        except (OSError, UnicodeError) as exc:
            raise HostResolutionError(f"cannot resolve host {host!r}: {exc}") from None
        if not addresses:
            raise HostResolutionError(f"cannot resolve host {host!r}: no addresses")
    if host not in allow_hosts:
        for address in addresses:
            if address in allow_hosts:
                continue
            try:
                ip = ipaddress.ip_address(address.split("%", 1)[0])
            except ValueError:
                raise UnsafeURLError(f"host {host!r} resolved to {address!r}, not an address") from None
            if not _ip_is_public(ip):
                raise UnsafeURLError(
                    f"host {host!r} resolves to non-public address {address} "
                    "(set NEWSFLOW_ALLOW_PRIVATE_HOSTS to allow it)"
                )
    return Target(host, port, tuple(addresses))


def check_url_allowed(url: str, allow_hosts: tuple[str, ...] = (), resolver: Resolver | None = None) -> None:
    """Raise UnsafeURLError unless url is http(s) and its host resolves to public addresses."""
    vet_url(url, allow_hosts, resolver)
