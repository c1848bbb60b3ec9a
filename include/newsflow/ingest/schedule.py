"""When to poll each feed next: an interval per feed that follows its pace, instead of @daily.

Pure functions of what a fetch saw; the clock is always a parameter (``now``), so a simulated
week of polling runs in milliseconds and every rule is testable with exact numbers.

The adaptive rule is Media Cloud's rss-fetcher auto-adjust (github.com/mediacloud/rss-fetcher,
fetcher/tasks.py ``_check_auto_adjust*`` with the defaults of fetcher/config.py): the share of
listed entries already known says whether polls overlap enough (no story missed between them)
or too much (polls wasted).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from newsflow.statuses import FetchOutcome

MIN_INTERVAL = timedelta(minutes=10)  # rss-fetcher AUTO_ADJUST_MIN_POLL_MINUTES
MAX_INTERVAL = timedelta(hours=24)  # rss-fetcher AUTO_ADJUST_MAX_POLL_MINUTES, MAXIMUM_BACKOFF_MINS
DEFAULT_INTERVAL = timedelta(hours=1)  # a new feed starts here (rss-fetcher: 6 h)
# rss-fetcher's steps are additive: shorten by AUTO_ADJUST_MINUTES, lengthen by
# AUTO_ADJUST_SMALL_MINS, or by AUTO_ADJUST_MINUTES once a feed has had nothing new for
# AUTO_ADJUST_SMALL_DAYS (so a dead feed reaches the ceiling in days, not months).
SHORTEN_STEP = timedelta(minutes=60)
LENGTHEN_STEP = timedelta(minutes=10)
QUIET_LENGTHEN_STEP = timedelta(minutes=60)
QUIET_AFTER = timedelta(days=31)
_MAX_DOUBLINGS = 64  # beyond this every backoff is at the ceiling anyway


@dataclass(frozen=True)
class PollObservation:
    """What one fetch of a feed saw, as far as scheduling cares."""

    outcome: str  # a FetchOutcome value ("ok", "not_modified", or a failure), or "parse_error"
    seen: int  # entries the document listed
    known: int  # of those, already in the warehouse before this fetch
    ttl_seconds: float | None = None  # RSS <ttl>
    update_seconds: float | None = None  # sy:updatePeriod / sy:updateFrequency
    retry_after_seconds: float | None = None  # HTTP Retry-After
    consecutive_failures: int = 0  # including this fetch when it failed


def _succeeded(outcome: str) -> bool:
    return outcome in FetchOutcome.healthy()


def _clamp(value: timedelta, floor: timedelta, ceiling: timedelta) -> timedelta:
    return min(max(value, floor), ceiling)


def _hint(seconds: float | None, ceiling: timedelta) -> timedelta | None:
    """A publisher hint as a duration; None when missing or not a positive finite number."""
    if seconds is None or not math.isfinite(seconds) or seconds <= 0:
        return None
    return timedelta(seconds=min(seconds, ceiling.total_seconds()))


def _hinted_floor(obs: PollObservation, floor: timedelta, ceiling: timedelta) -> timedelta:
    """<ttl> and the sy: period say "not more often than this": they raise the floor."""
    hints = [h for s in (obs.ttl_seconds, obs.update_seconds) if (h := _hint(s, ceiling))]
    return min(max([floor, *hints]), ceiling)


def _trend(obs: PollObservation) -> int:
    """-1 shorter, +1 longer, 0 unchanged: under a third known means polls barely overlap (a
    story may slip between them); two thirds or more, or a 304, means polls are wasted."""
    if obs.outcome == FetchOutcome.NOT_MODIFIED:
        return 1
    seen = max(obs.seen, 0)
    known = min(max(obs.known, 0), seen)
    if 3 * known < seen:
        return -1
    return 1 if 3 * known >= 2 * seen else 0


def _stepped(current: timedelta, trend: int, quiet_for: timedelta | None) -> timedelta:
    if trend < 0:
        # rss-fetcher brings a long interval straight back to the default ("back to earth")
        return DEFAULT_INTERVAL if current > DEFAULT_INTERVAL else current - SHORTEN_STEP
    if trend > 0:
        quiet = quiet_for is not None and quiet_for > QUIET_AFTER
        return current + (QUIET_LENGTHEN_STEP if quiet else LENGTHEN_STEP)
    return current


def adapt_interval(current: timedelta, obs: PollObservation, *,
                   configured: timedelta | None = None,
                   floor: timedelta = MIN_INTERVAL, ceiling: timedelta = MAX_INTERVAL,
                   polled_before: bool = True,
                   quiet_for: timedelta | None = None) -> timedelta:
    """The feed's base polling interval after this fetch, always within [floor, ceiling].

    Media Cloud's rule: fewer than a third of the listed entries known → shorter by
    SHORTEN_STEP (an interval above DEFAULT_INTERVAL is reset to it); two thirds or more known,
    an empty list or a 304 → longer by LENGTHEN_STEP (QUIET_LENGTHEN_STEP when ``quiet_for``,
    the time since the feed last listed a new entry, exceeds QUIET_AFTER); in between
    unchanged. A failure changes nothing (backoff is next_poll_at's job), nor does a first
    fetch (``polled_before`` False: every entry is new then, which says nothing of the pace).
    The feed's <ttl> and sy: period raise the floor. A ``configured`` interval (the feeds
    file) is the user's choice: used as-is within [floor, ceiling], hints and pace ignored.
    """
    if configured is not None:
        return _clamp(configured, floor, ceiling)
    low = _hinted_floor(obs, floor, ceiling)
    if not _succeeded(obs.outcome) or not polled_before:
        return _clamp(current, low, ceiling)
    return _clamp(_stepped(current, _trend(obs), quiet_for), low, ceiling)


def _backoff(interval: timedelta, failures: int, ceiling: timedelta) -> timedelta:
    """interval * 2**(failures-1), capped: a broken server is asked less and less often."""
    doublings = min(max(failures, 1) - 1, _MAX_DOUBLINGS)
    seconds = interval.total_seconds() * 2.0 ** doublings
    return timedelta(seconds=min(seconds, ceiling.total_seconds()))


def next_poll_at(now: datetime, interval: timedelta, obs: PollObservation, *,
                 ceiling: timedelta = MAX_INTERVAL) -> datetime:
    """When to poll again: ``now + interval`` after a success; after a failure exponential
    backoff (capped at ``ceiling``). A Retry-After, capped at ``ceiling``, is always honoured
    as the earliest time (rss-fetcher caps it at a day as well)."""
    wait = interval if _succeeded(obs.outcome) else _backoff(
        interval, obs.consecutive_failures, ceiling)
    retry_after = _hint(obs.retry_after_seconds, ceiling)
    return now + (max(wait, retry_after) if retry_after else wait)


def is_gap(seen: int, known: int, polled_before: bool, outcome: str) -> bool:
    """True when this fetch may have missed articles: it listed entries, none of them was
    known, and the feed had been read before (so the overlap the previous poll should have
    left is gone). A first fetch, a 304 or a failure is never a gap."""
    return outcome == FetchOutcome.OK and seen > 0 and known <= 0 and polled_before


def gap_window(previous_poll_at: datetime, entry_times: list[datetime | None],
               now: datetime) -> tuple[datetime, datetime]:
    """When the missed articles were published: from the previous successful poll to the
    oldest entry of this fetch (``now`` when no entry is dated; never later than ``now``,
    since a future date is a wrong clock). The end is never before the start."""
    dated = [t for t in entry_times if t is not None]
    end = min(min(dated), now) if dated else now
    return previous_poll_at, max(end, previous_poll_at)
