"""What one fetch returns: an outcome instead of an exception, so every attempt is recordable."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsflow.statuses import FetchOutcome

# The members under short names, for the fetcher's own code.
OK, NOT_MODIFIED, TOO_LARGE, BLOCKED = (FetchOutcome.OK, FetchOutcome.NOT_MODIFIED, FetchOutcome.TOO_LARGE,
                                        FetchOutcome.BLOCKED)
HTTP_ERROR, NETWORK_ERROR, TIMEOUT, REFUSED = (FetchOutcome.HTTP_ERROR, FetchOutcome.NETWORK_ERROR,
                                               FetchOutcome.TIMEOUT, FetchOutcome.REFUSED)


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
