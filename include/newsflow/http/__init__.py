"""Polite, bounded HTTP: time bounds, size caps after decompression, SSRF guard with pinned
connections, robots.txt (RFC 9309), shared per-site politeness.

Every fetch returns a FetchResult with an `outcome` instead of raising, so one bad URL
never stops a batch and every attempt can be recorded.

Modules: fetcher (Fetcher, retries), transport (pinned, deadline-bound connections),
guard (address vetting), deadline, robots, decoder (size cap), urls (credentials), result.
"""

from .deadline import Deadline, DeadlineExceeded
from .fetcher import TRANSIENT_STATUSES, Fetcher, parse_retry_after
from .guard import (
    HostResolutionError,
    Resolver,
    Target,
    UnsafeURLError,
    check_url_allowed,
    system_resolver,
    vet_url,
)
from .result import FetchOutcome, FetchResult
from .urls import redact_text, redact_url, site_of, strip_userinfo, with_userinfo_of

__all__ = [
    "check_url_allowed", "Deadline", "DeadlineExceeded", "Fetcher", "FetchOutcome", "FetchResult", "HostResolutionError", "parse_retry_after", "redact_text", "redact_url", "Resolver", "site_of", "strip_userinfo", "system_resolver", "Target", "TRANSIENT_STATUSES", "UnsafeURLError", "vet_url", "with_userinfo_of",
]
