"""Adaptive per-feed polling: interval rules, backoff, Retry-After, gaps; the clock is a parameter."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from newsflow.ingest.schedule import (
    DEFAULT_INTERVAL,
    MAX_INTERVAL,
    MIN_INTERVAL,
    PollObservation,
    adapt_interval,
    gap_window,
    is_gap,
    next_poll_at,
)

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
FAILURES = ("http_error", "network_error", "timeout", "parse_error", "too_large", "blocked",
            "refused", "error")


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def ok(seen: int, known: int, **hints: float) -> PollObservation:
    return PollObservation("ok", seen=seen, known=known, **hints)


def failed(failures: int, outcome: str = "http_error", **extra: float) -> PollObservation:
    return PollObservation(outcome, seen=0, known=0, consecutive_failures=failures, **extra)


NOT_MODIFIED = PollObservation("not_modified", seen=0, known=0)


def test_constants():
    assert (MIN_INTERVAL, MAX_INTERVAL, DEFAULT_INTERVAL) == (minutes(10), minutes(1440), minutes(60))


def test_observation_is_frozen_with_defaults():
    obs = PollObservation("ok", seen=3, known=1)
    assert (obs.ttl_seconds, obs.update_seconds, obs.retry_after_seconds) == (None, None, None)
    assert obs.consecutive_failures == 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        obs.seen = 4  # type: ignore[misc]


# --- adapt_interval: the share of known entries ---------------------------------------------

@pytest.mark.parametrize(("seen", "known", "expected"), [
    (10, 3, minutes(10)),  # 30 % known: shorter (60 - 60 min → the 10 min floor)
    (10, 0, minutes(10)),
    (9, 3, minutes(60)),  # exactly a third: unchanged
    (9, 5, minutes(60)),  # 55 %: unchanged
    (9, 6, minutes(70)),  # exactly two thirds: longer by 10 min
    (20, 20, minutes(70)),
    (0, 0, minutes(70)),  # an empty feed: nothing to miss, longer
])
def test_share_of_known_entries_moves_the_interval(seen, known, expected):
    assert adapt_interval(DEFAULT_INTERVAL, ok(seen, known)) == expected


def test_shorter_subtracts_an_hour_when_the_floor_allows():
    floor = minutes(5)
    assert adapt_interval(minutes(50), ok(10, 0), floor=floor) == floor
    assert adapt_interval(minutes(60), ok(10, 0), floor=floor, ceiling=minutes(600)) == floor


def test_a_long_interval_comes_straight_back_to_the_default():
    assert adapt_interval(minutes(600), ok(10, 1)) == DEFAULT_INTERVAL
    assert adapt_interval(minutes(61), ok(10, 1)) == DEFAULT_INTERVAL


def test_not_modified_counts_as_everything_known():
    assert adapt_interval(minutes(30), NOT_MODIFIED) == minutes(40)


def test_a_feed_quiet_for_over_31_days_lengthens_by_an_hour():
    assert adapt_interval(minutes(120), NOT_MODIFIED, quiet_for=timedelta(days=32)) == minutes(180)
    assert adapt_interval(minutes(120), NOT_MODIFIED, quiet_for=timedelta(days=31)) == minutes(130)
    # quietness only sizes a lengthening step; it never stops a shortening one
    assert adapt_interval(minutes(120), ok(10, 0), quiet_for=timedelta(days=90)) == minutes(60)


def test_longer_is_capped_at_the_ceiling():
    assert adapt_interval(minutes(1435), ok(5, 5)) == MAX_INTERVAL
    assert adapt_interval(MAX_INTERVAL, NOT_MODIFIED) == MAX_INTERVAL
    assert adapt_interval(minutes(100), NOT_MODIFIED, ceiling=minutes(105)) == minutes(105)


def test_out_of_range_intervals_are_clamped():
    assert adapt_interval(timedelta(0), ok(9, 4)) == MIN_INTERVAL
    assert adapt_interval(timedelta(days=3), ok(9, 4)) == MAX_INTERVAL
    assert adapt_interval(minutes(20), ok(9, 4), floor=minutes(30), ceiling=minutes(90)) == minutes(30)


@pytest.mark.parametrize("outcome", FAILURES)
def test_a_failure_leaves_the_base_interval_alone(outcome):
    assert adapt_interval(minutes(45), failed(1, outcome)) == minutes(45)
    assert adapt_interval(minutes(45), failed(5, outcome)) == minutes(45)


def test_a_first_fetch_does_not_adapt():
    assert adapt_interval(DEFAULT_INTERVAL, ok(30, 0), polled_before=False) == DEFAULT_INTERVAL
    assert adapt_interval(DEFAULT_INTERVAL, ok(30, 0), polled_before=True) == minutes(10)


# --- adapt_interval: the feed's hints and the user's setting -----------------------------------

def test_ttl_raises_the_floor():
    assert adapt_interval(minutes(60), ok(10, 0, ttl_seconds=900)) == minutes(15)
    assert adapt_interval(minutes(30), ok(10, 10, ttl_seconds=7200)) == minutes(120)
    assert adapt_interval(minutes(180), ok(10, 10, ttl_seconds=7200)) == minutes(190)


def test_update_period_raises_the_floor_but_not_past_the_ceiling():
    assert adapt_interval(minutes(30), ok(10, 0, update_seconds=1800)) == minutes(30)
    assert adapt_interval(minutes(30), ok(10, 0, update_seconds=3 * 86_400)) == MAX_INTERVAL
    assert adapt_interval(minutes(30), ok(5, 3, update_seconds=86_400),
                          ceiling=minutes(240)) == minutes(240)


def test_the_longer_hint_wins():
    obs = ok(10, 0, ttl_seconds=1200, update_seconds=2400)
    assert adapt_interval(minutes(60), obs) == minutes(40)


def test_a_hint_below_the_floor_changes_nothing():
    assert adapt_interval(minutes(60), ok(10, 0, ttl_seconds=60)) == MIN_INTERVAL


@pytest.mark.parametrize("bad", [0.0, -600.0, float("nan"), float("inf"), float("-inf")])
def test_nonsense_hints_are_ignored(bad):
    obs = ok(10, 0, ttl_seconds=bad, update_seconds=bad)
    assert adapt_interval(minutes(60), obs) == MIN_INTERVAL


def test_a_hint_applies_after_a_failure_too():
    assert adapt_interval(minutes(20), failed(1, ttl_seconds=3600)) == minutes(60)


def test_a_configured_interval_is_used_as_is():
    assert adapt_interval(minutes(60), ok(10, 0), configured=minutes(180)) == minutes(180)
    assert adapt_interval(minutes(60), NOT_MODIFIED, configured=minutes(15)) == minutes(15)
    assert adapt_interval(minutes(60), failed(3), configured=minutes(90)) == minutes(90)
    # the user's choice wins over the feed's hints, but stays within [floor, ceiling]
    assert adapt_interval(minutes(60), ok(1, 1, ttl_seconds=14_400), configured=minutes(30)) == minutes(30)
    assert adapt_interval(minutes(60), ok(1, 1), configured=minutes(1)) == MIN_INTERVAL
    assert adapt_interval(minutes(60), ok(1, 1), configured=timedelta(days=7)) == MAX_INTERVAL
    assert adapt_interval(minutes(60), ok(1, 1), configured=minutes(1), floor=minutes(2)) == minutes(2)


# --- next_poll_at --------------------------------------------------------------------------

def test_after_a_success_the_next_poll_is_one_interval_away():
    assert next_poll_at(NOW, minutes(40), ok(10, 5)) == NOW + minutes(40)
    assert next_poll_at(NOW, minutes(40), NOT_MODIFIED) == NOW + minutes(40)


@pytest.mark.parametrize(("failures", "wait"), [
    (0, 10), (1, 10), (2, 20), (3, 40), (4, 80), (5, 160), (6, 320), (7, 640), (8, 1280),
    (9, 1440), (10, 1440), (10_000, 1440),
])
def test_failures_back_off_exponentially_up_to_the_ceiling(failures, wait):
    assert next_poll_at(NOW, minutes(10), failed(failures)) == NOW + minutes(wait)


def test_backoff_respects_a_custom_ceiling():
    assert next_poll_at(NOW, minutes(60), failed(3), ceiling=minutes(180)) == NOW + minutes(180)
    assert next_poll_at(NOW, minutes(60), failed(2), ceiling=minutes(180)) == NOW + minutes(120)


def test_retry_after_pushes_the_next_poll_later():
    assert next_poll_at(NOW, minutes(10), failed(1, retry_after_seconds=3600)) == NOW + minutes(60)
    assert next_poll_at(NOW, minutes(30), ok(5, 5, retry_after_seconds=7200)) == NOW + minutes(120)


def test_retry_after_never_brings_the_next_poll_earlier():
    assert next_poll_at(NOW, minutes(10), failed(3, retry_after_seconds=60)) == NOW + minutes(40)


def test_retry_after_is_capped_at_the_ceiling():
    obs = failed(1, retry_after_seconds=317_100)  # 88 hours, seen in the wild
    assert next_poll_at(NOW, minutes(10), obs) == NOW + MAX_INTERVAL
    assert next_poll_at(NOW, minutes(10), obs, ceiling=minutes(300)) == NOW + minutes(300)


@pytest.mark.parametrize("bad", [-60.0, 0.0, float("nan"), float("inf")])
def test_nonsense_retry_after_is_ignored(bad):
    assert next_poll_at(NOW, minutes(10), failed(2, retry_after_seconds=bad)) == NOW + minutes(20)


# --- gaps -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("seen", "known", "polled_before", "outcome", "gap"), [
    (12, 0, True, "ok", True),
    (1, 0, True, "ok", True),
    (12, 1, True, "ok", False),  # one known entry: the polls overlap
    (12, 0, False, "ok", False),  # a first fetch is never a gap
    (0, 0, True, "ok", False),  # nothing listed
    (0, 0, True, "not_modified", False),
    (12, 0, True, "http_error", False),
    (12, 0, True, "parse_error", False),
])
def test_is_gap(seen, known, polled_before, outcome, gap):
    assert is_gap(seen, known, polled_before, outcome) is gap


def at(hour: int, minute: int = 0) -> datetime:
    return NOW.replace(hour=hour, minute=minute)


def test_gap_window_ends_at_the_oldest_entry():
    assert gap_window(at(8), [at(10, 30), None, at(9, 15), at(11)], NOW) == (at(8), at(9, 15))


def test_gap_window_ends_now_when_no_entry_is_dated():
    assert gap_window(at(8), [None, None], NOW) == (at(8), NOW)
    assert gap_window(at(8), [], NOW) == (at(8), NOW)


def test_gap_window_never_ends_before_it_starts_nor_after_now():
    assert gap_window(at(8), [at(7), at(10)], NOW) == (at(8), at(8))
    assert gap_window(at(8), [NOW + timedelta(days=2)], NOW) == (at(8), NOW)
    assert gap_window(NOW + minutes(5), [], NOW) == (NOW + minutes(5), NOW + minutes(5))


# --- a simulated week -------------------------------------------------------------------------

def simulate(per_hour: int, listed: int, days: int = 7) -> tuple[int, int, timedelta]:
    """A feed publishing ``per_hour`` articles (evenly) and listing its newest ``listed``:
    (polls, gaps, final interval), driven only by the functions under test."""
    start = now = datetime(2026, 1, 5, tzinfo=UTC)
    interval, polls, gaps, newest_seen = DEFAULT_INTERVAL, 0, 0, 0
    while now < start + timedelta(days=days):
        published = 100 + int((now - start).total_seconds() * per_hour // 3600)  # a backlog
        listed_ids = range(max(0, published - listed), published)
        known = sum(1 for i in listed_ids if i < newest_seen)
        obs = ok(len(listed_ids), known)
        gaps += is_gap(obs.seen, obs.known, polls > 0, obs.outcome)
        interval = adapt_interval(interval, obs, polled_before=polls > 0)
        newest_seen, polls = published, polls + 1
        now = next_poll_at(now, interval, obs)
    return polls, gaps, interval


def test_a_simulated_week_settles_without_gaps():
    polls, gaps, interval = simulate(per_hour=6, listed=20)
    assert gaps == 0
    # 20 listed at 6/h: the interval settles where a third to two thirds are new (67-133 min)
    assert minutes(60) <= interval <= minutes(140)
    assert 70 <= polls <= 170  # far fewer than every 10 min (1008), far more than @daily (7)
    assert (polls, interval) == (145, minutes(70))


def test_a_simulated_busy_feed_misses_only_its_first_hour():
    # 30/h with 20 listed: the default hour loses 10 articles once, then polls tighten
    assert simulate(per_hour=30, listed=20) == (503, 1, minutes(20))


def test_a_feed_faster_than_the_floor_is_a_gap_every_time():
    polls, gaps, interval = simulate(per_hour=180, listed=20)
    assert (gaps, interval) == (polls - 1, MIN_INTERVAL)


def test_a_simulated_slow_feed_drifts_towards_the_ceiling():
    polls, gaps, interval = simulate(per_hour=0, listed=20)
    assert (gaps, interval) == (0, minutes(60 + 10 * (polls - 1)))
