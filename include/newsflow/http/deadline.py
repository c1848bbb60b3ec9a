"""Wall-clock deadlines: one per request (total_timeout) and one per caller (the retry budget).

Every blocking network call takes min(its own timeout, what is left of the deadline), so no
call can outlive the deadline, however slowly a server trickles bytes.
"""

from __future__ import annotations

import time

CONNECT = "connect"
HEADERS = "headers"
BODY = "body"


class Deadline:
    """A point in monotonic time; `phase` names what the request was doing (for error text).

    Used as the per-request total timeout and as the per-feed retry budget a caller passes to
    Fetcher.fetch(budget=...): once a budget is spent no new attempt or Retry-After wait starts.
    """

    def __init__(self, seconds: float, *, within: Deadline | None = None) -> None:
        self.seconds = seconds
        at = time.monotonic() + max(0.0, seconds)
        self.at: float = min(at, within.at) if within is not None else at
        self.cut_by_outer = self.at < at  # the outer deadline (the budget) ends first
        self.phase = CONNECT

    def remaining(self) -> float:
        return self.at - time.monotonic()

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0

    def clamp(self, timeout: float | None) -> float:
        """timeout cut to what is left; raises DeadlineExceeded when nothing is left."""
        left = self.remaining()
        if left <= 0:
            raise DeadlineExceeded(self.phase)
        return left if timeout is None else min(timeout, left)


class DeadlineExceeded(Exception):
    """The deadline passed; `phase` is connect, headers or body."""

    def __init__(self, phase: str) -> None:
        super().__init__(f"deadline passed while {phase}")
        self.phase = phase
