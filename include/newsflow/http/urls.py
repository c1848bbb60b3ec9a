"""Credentials in URLs: kept for fetching, never shown (logs, warehouse, errors)."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit, urlunsplit


def redact_url(url: str) -> str:
    """Drop user:password@ so credentials never reach logs or the warehouse."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable url>"
    if parts.username is None and parts.password is None:
        return url
    return _replace_userinfo(parts, "***@")


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


def site_of(url: str) -> str:
    """The origin robots.txt and politeness apply to: scheme://host[:port], no credentials."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port is not None else ""
    return f"{parts.scheme}://{host}{port}"


_SECRETS = (
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]+@"), r"\1***@"),  # scheme://user:pass@
    (re.compile(r"(?i)\b(password|passwd|pwd|secret|token)(\s*[=:]\s*)('[^']*'|\"[^\"]*\"|\S+)"), r"\1\2***"),
)


def redact_text(text: str) -> str:
    """An error message without credentials (a DSN's password=…, a URL's user:pass@)."""
    for pattern, repl in _SECRETS:
        text = pattern.sub(repl, text)
    return text
