"""What one fetch returns: an outcome instead of an exception, so every attempt is recordable."""

from __future__ import annotations

from dataclasses import dataclass, field

OK = "ok"
NOT_MODIFIED = "not_modified"
TOO_LARGE = "too_large"
BLOCKED = "blocked"  # 401/403
HTTP_ERROR = "http_error"  # other 4xx/5xx
NETWORK_ERROR = "network_error"  # DNS, connection refused, reset
TIMEOUT = "timeout"  # no answer in time: idle read/connect timeout or the total deadline
REFUSED = "refused"  # our own safety rules: scheme, private address, robots.txt, redirects


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
