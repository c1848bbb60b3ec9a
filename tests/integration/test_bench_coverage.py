"""`bench coverage --quick`: a simulated day of polling on loopback outlets, with an outage, is
polite to every site, loses nothing a news sitemap can give back, and records as unfillable
the overflow of a feed that has no sitemap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsflow_dev.bench.coverage import DELAY, QUICK, SLACK, VirtualClock, simulate

from support import query


def test_virtual_clock_moves_only_when_told():
    clock = VirtualClock(datetime(2025, 1, 1, tzinfo=UTC))
    assert clock.monotonic() == 0.0
    clock.sleep(0.5)
    clock.sleep(-3)  # a negative wait is no wait
    clock.advance(timedelta(minutes=10))
    assert clock.monotonic() == 600.5
    assert clock.now() == datetime(2025, 1, 1, 0, 10, 0, 500_000, tzinfo=UTC)


def test_quick_week_is_polite_complete_and_records_what_it_cannot_fill(migrated_dsn):
    result = simulate(migrated_dsn, QUICK, lambda _msg: None)
    rows = {r["outlet"]: r for r in result["outlets"]}

    assert not result["rounds"]["failed"]
    assert result["rounds"]["skipped_outage"] == 36  # 6 hours of 10-minute rounds
    for r in rows.values():  # the server's log: no site was ever hit faster than the delay
        assert r["min_spacing"] is None or r["min_spacing"] >= DELAY - SLACK, r
    with_sitemap = [r for r in rows.values() if r["sitemap"] and r["published"]]
    assert len(with_sitemap) >= 3
    for r in with_sitemap:
        assert r["ratio"] >= 0.99, r

    bare = rows["daily-nositemap"]
    assert bare["overflows"] >= 1 and bare["overflows_as_gaps"] == bare["overflows"]
    unfillable = query(migrated_dsn, "SELECT count(*), min(estimated_missed) FROM news.feed_gaps "
                                     "WHERE feed_name = 'daily-nositemap' AND status = 'unfillable'")[0]
    assert unfillable[0] >= 1 and unfillable[1] > 0
