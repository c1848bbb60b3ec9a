"""Benchmark: over a simulated week, does the poller capture what outlets publish, politely?

Outlets (bench.outlets) publish on their own schedules on loopback; a poll round runs every 10
virtual minutes as the news_ingest DAG runs it (plan_round, poll_feeds, finalize_ingest) on a
virtual clock that moves only by the poller's politeness waits and between rounds, so a week
takes minutes. Mid-period the poller is down for 6 hours; after the period one round polls
every feed, so the count ends when every feed was read. Per outlet and overall: published,
captured (news.articles with status ok at a URL published in the period), gaps detected /
backfilled / unfillable with the estimated misses, feed overflows seen by the servers (articles
no listing showed) and whether each was recorded as a gap, requests per ok article, and the
shortest spacing between two requests to one site. Targets: >= 99.5% captured overall, >= 99%
for 300/day outlets with a news sitemap, every overflow without a sitemap recorded as a gap,
no site hit faster than 0.5 s.

Usage: python -m newsflow bench coverage [--days 7] [--outlets 12] [--quick] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest.mock import patch
from urllib.parse import urlsplit

from newsflow_dev.bench.outlets import ARTICLE_PATH, Outlet, outlet_mix, serve_outlets, served
from newsflow_dev.bench.server import bench_server

HISTORY_DAYS = 3  # publications before the start fill the feeds and the news sitemaps
ROUND = timedelta(minutes=10)
DELAY = 0.5  # settings.per_host_delay: the spacing every site must see
SLACK = 0.001  # seconds of float rounding allowed on that spacing
MATCH = timedelta(seconds=5)  # a gap's fetch (fetched_at) and the listing the server logged

Say = Callable[[str], None]


def period_start(days: float) -> datetime:
    """Midnight UTC far enough back that the simulated period ends before the real now: what
    the poller dates with the real clock (retention cutoffs, run records) stays consistent."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=math.ceil(days) + 1)


class VirtualClock:
    """The poller's clock in a simulation: now() and monotonic() move only by sleep() (the
    poller's politeness and retry waits) and advance() (the benchmark between rounds)."""

    def __init__(self, start: datetime) -> None:
        self._start = start
        self._elapsed = 0.0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._start + timedelta(seconds=self._elapsed)

    def monotonic(self) -> float:
        with self._lock:
            return self._elapsed

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            with self._lock:
                self._elapsed += seconds

    def advance(self, delta: timedelta) -> None:
        self.sleep(delta.total_seconds())


@dataclass(frozen=True)
class Options:
    days: float = 7.0
    outlets: int = 12
    quick: bool = False
    outage_hours: float = 6.0
    outage_at: float | None = None  # hours after the start; default: the middle of the period
    #: the poller before issue 19: every feed once a day (news_ingest @daily), no gap backfill
    before: bool = False

    @property
    def round(self) -> timedelta:
        return timedelta(days=1) if self.before else ROUND

    @property
    def outage(self) -> tuple[timedelta, timedelta]:
        at = timedelta(hours=self.outage_at if self.outage_at is not None else self.days * 12)
        return at, at + timedelta(hours=self.outage_hours)


QUICK = Options(days=1.0, outlets=5, quick=True)


# --------------------------------------------------------------------------- the poller's side


def _register(dsn: str, outlets: list[Outlet]) -> None:
    """The outlets' feeds into news.feeds; a feed that starts slow gets its interval after sync
    (an adaptive interval, not the feeds file's fixed one)."""
    from newsflow.ingest.feeds import sync_feeds
    from newsflow.ingest.feeds_file import FeedConfig
    from newsflow.warehouse import db

    sync_feeds([FeedConfig(name=o.spec.name, url=o.feed_url, title=o.spec.name,
                           sitemaps=[o.sitemap_url] if o.spec.sitemap == "feeds_file" else [])
                for o in outlets], dsn)
    with db.connection(dsn) as conn, conn.cursor() as cur:
        for o in outlets:
            if o.spec.start_interval_hours:
                cur.execute("UPDATE news.feeds SET poll_interval = make_interval(hours => %s) "
                            "WHERE feed_name = %s", (o.spec.start_interval_hours, o.spec.name))


def _settings() -> Any:
    from newsflow.settings import Settings

    # one site at a time: the virtual clock is the poller's only thread's
    return Settings(allow_private_hosts=("127.0.0.1",), per_host_delay=DELAY, shard_concurrency=1)


def _round(dsn: str, run_id: str, clock: VirtualClock, fetcher: Any, poll_all: bool = False) -> dict[str, Any]:
    """One poll round as the DAG runs it: plan at the clock's now, poll, close the run."""
    from newsflow.ingest.pipeline import finalize_ingest
    from newsflow.ingest.poll import plan_round, planned_feeds, poll_feeds
    from newsflow.warehouse.runs import start_run

    start_run(dsn, run_id, "ingest", "bench", {"virtual_now": clock.now().isoformat()})
    plan_round(dsn, run_id, now=clock.now(), poll_all=poll_all, shards=1)
    planned = planned_feeds(dsn, run_id)
    out = poll_feeds(planned, dsn=dsn, run_id=run_id, settings=fetcher.settings, clock=clock, fetcher=fetcher)
    stats = finalize_ingest(dsn, run_id, [name for name, _ in planned_feeds(dsn, run_id)], at=clock.now())
    return {"feeds": len(planned), "errors": out["errors"], "failed_feeds": stats["failed_feeds"],
            "articles": stats["articles_loaded"], "gaps": sum(1 for f in out["feeds"] if f["gap"])}


def _count(tally: dict[str, Any], run_id: str, res: dict[str, Any]) -> None:
    tally["run"] += 1
    tally["feed_polls"] += res["feeds"]
    tally["articles"] += res["articles"]
    if res["errors"] or res["failed_feeds"]:
        tally["failed"].append(f"{run_id}: {res['errors'] or res['failed_feeds']}")


@contextmanager
def _backfill_off(off: bool) -> Iterator[None]:
    """--before: the poller without gap backfill (a gap is still detected; nothing reads it)."""
    if not off:
        yield
        return
    from newsflow.ingest import poll

    def nothing(name: str, gap: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {"status": "open", "method": None, "found": 0, "backfilled": 0, "estimated_missed": 0,
                "reason": "no backfill (--before)"}

    with patch.object(poll, "backfill_gap", nothing):
        yield


def run_rounds(dsn: str, clock: VirtualClock, opts: Options, say: Say) -> tuple[dict[str, Any], datetime]:
    """Rounds every ROUND until the period ends (none during the outage), then one round of
    every feed; returns the tally and the virtual time that last round started."""
    from newsflow.http import Fetcher
    from newsflow.http.politeness import InProcessPoliteness

    start, end = clock.now(), clock.now() + timedelta(days=opts.days)
    down_from, down_to = (start + d for d in opts.outage)
    tally: dict[str, Any] = {"run": 0, "skipped_outage": 0, "overran": 0, "feed_polls": 0, "articles": 0,
                             "failed": []}
    started, day, k = time.perf_counter(), 0, 0
    politeness = InProcessPoliteness(clock=clock.monotonic)
    step = opts.round
    with Fetcher(_settings(), politeness=politeness, sleep=clock.sleep) as fetcher, _backfill_off(opts.before):
        while (due := start + k * step) < end:
            clock.advance(due - clock.now())
            if down_from <= due < down_to:
                tally["skipped_outage"] += 1
            else:
                _count(tally, f"cov-{k:05d}", _round(dsn, f"cov-{k:05d}", clock, fetcher, poll_all=opts.before))
            tally["overran"] += clock.now() - due > step
            k = max(k + 1, int((clock.now() - start) / step) + 1)  # an overrun round delays the next
            if (clock.now() - start).days > day:
                day = (clock.now() - start).days
                say(f"day {day}: {tally['run']} rounds, {tally['feed_polls']} feed polls, {tally['articles']} "
                    f"articles, {time.perf_counter() - started:.0f} s real")
        clock.advance(max(timedelta(0), end - clock.now()))
        final = clock.now()
        _count(tally, "cov-final", _round(dsn, "cov-final", clock, fetcher, poll_all=True))
    return tally, final


# --------------------------------------------------------------------------- what was captured


def _query(dsn: str, sql: str) -> list[tuple[Any, ...]]:
    from newsflow.warehouse import db

    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(sql)
        return list(cur.fetchall())


def _captured(dsn: str) -> dict[int, set[int]]:
    """port -> numbers of the articles stored with status ok (the honest measure of capture)."""
    out: dict[int, set[int]] = defaultdict(set)
    for (url,) in _query(dsn, "SELECT canonical_url FROM news.articles WHERE status = 'ok'"):
        parts = urlsplit(url)
        number = parts.path.removeprefix(ARTICLE_PATH).removesuffix(".html")
        if parts.port and number.isdigit():
            out[parts.port].add(int(number))
    return out


_GAP_COLUMNS = ("detected_at", "window_start", "window_end", "status", "method", "found", "backfilled",
                "estimated_missed")


def _by_feed(dsn: str) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[datetime]], dict[str, str]]:
    """Gaps recorded, times of the fetches flagged as gaps, and the final poll interval, by feed."""
    gaps: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for name, *row in _query(dsn, f"SELECT feed_name, {', '.join(_GAP_COLUMNS)} FROM news.feed_gaps "
                                  "ORDER BY detected_at"):
        gaps[name].append(dict(zip(_GAP_COLUMNS, row, strict=True)))
    flagged: dict[str, list[datetime]] = defaultdict(list)
    for name, at in _query(dsn, "SELECT feed_name, fetched_at FROM news.feed_fetches WHERE gap"):
        flagged[name].append(at)
    intervals = {name: str(iv) for name, iv in _query(dsn, "SELECT feed_name, poll_interval FROM news.feeds")}
    return gaps, flagged, intervals


def _outlet(o: Outlet, ok: set[int], gaps: list[dict[str, Any]], flagged: list[datetime], start: datetime,
            final: datetime) -> dict[str, Any]:
    """The server's figures, what the warehouse holds of them, and the gaps it recorded."""
    row = served(o, start, final)
    first, end = o.published(start), o.published(final)
    captured = sum(1 for n in ok if first <= n < end)
    as_gaps = sum(1 for at, _ in row["overflow_events"]
                  if any(timedelta(0) <= datetime.fromisoformat(at) - t <= MATCH for t in flagged))
    return {**row, "captured": captured, "ratio": round(captured / (end - first), 4) if end > first else None,
            "gaps": len(gaps), "backfilled": sum(g["status"] == "backfilled" for g in gaps),
            "unfillable": sum(g["status"] == "unfillable" for g in gaps),
            "estimated_missed": sum(g["estimated_missed"] for g in gaps),
            "entries_backfilled": sum(g["backfilled"] for g in gaps), "overflows_as_gaps": as_gaps,
            "articles_ok": len(ok), "requests_per_article": round(row["requests"] / len(ok), 2) if ok else None}


_SUMMED = ("published", "captured", "gaps", "backfilled", "unfillable", "estimated_missed", "overflows",
           "never_listed", "overflows_as_gaps", "requests", "not_modified", "articles_ok")


def measure(dsn: str, outlets: list[Outlet], start: datetime, final: datetime) -> dict[str, Any]:
    """Per outlet and overall figures, the targets, and the busiest sitemap outlet's gaps."""
    ok = _captured(dsn)
    gaps, flagged, intervals = _by_feed(dsn)
    rows = []
    for o in outlets:
        row = _outlet(o, ok.get(urlsplit(o.base_url).port or 0, set()), gaps[o.spec.name],
                      flagged[o.spec.name], start, final)
        rows.append({**row, "poll_interval": intervals.get(o.spec.name)})
    published, captured = sum(r["published"] for r in rows), sum(r["captured"] for r in rows)
    spacings = [r["min_spacing"] for r in rows if r["min_spacing"] is not None]
    busiest = max(rows, key=lambda r: r["per_day"])["per_day"]
    busy = {r["outlet"]: r["ratio"] for r in rows if r["sitemap"] and r["per_day"] == busiest}
    bare = [r for r in rows if not r["sitemap"]]
    shown = max((r for r in rows if r["sitemap"]), key=lambda r: r["published"])["outlet"]
    overall: dict[str, Any] = {key: sum(r[key] for r in rows) for key in _SUMMED}
    overall.update(outlet="overall", ratio=round(captured / published, 4), poll_interval="",
                   requests_per_article=round(overall["requests"] / max(1, overall["articles_ok"]), 2),
                   min_spacing=min(spacings, default=None))
    seen, overflowed = sum(r["overflows_as_gaps"] for r in bare), sum(r["overflows"] for r in bare)
    targets = [
        [">= 99.5% captured overall", _pct(overall["ratio"]), overall["ratio"] >= 0.995],
        [">= 99% for the busiest outlets with a news sitemap", ", ".join(f"{k} {_pct(v)}" for k, v in busy.items()),
         all(v is not None and v >= 0.99 for v in busy.values())],
        ["every overflow without a sitemap recorded as a gap", f"{seen} of {overflowed}", seen == overflowed],
        [f"no site hit faster than {DELAY} s", f"shortest spacing {overall['min_spacing']} s",
         all(s >= DELAY - SLACK for s in spacings)],
    ]
    return {"outlets": rows, "overall": overall, "targets": targets,
            "gap_records": {"outlet": shown, "gaps": gaps[shown]}}


# --------------------------------------------------------------------------- printing


def _pct(ratio: float | None) -> str:
    return f"{ratio * 100:.2f}%" if ratio is not None else "-"


def _line(r: dict[str, Any]) -> str:
    return (f"{r['outlet']:<18}{r['published']:>10}{r['captured']:>9}{_pct(r['ratio']):>9}{r['gaps']:>6}"
            f"{r['backfilled']:>7}{r['unfillable']:>7}{r['estimated_missed']:>9}"
            f"{str(r['overflows']) + '/' + str(r['never_listed']):>9}{r['overflows_as_gaps']:>7}"
            f"{r['requests']:>7}{r['not_modified']:>6}{r['requests_per_article'] or '-':>8}"
            f"{r['min_spacing'] if r['min_spacing'] is not None else '-':>8}  {r['poll_interval']}")


def print_report(result: dict[str, Any]) -> None:
    opts, rounds = result["options"], result["rounds"]
    print(f"coverage over {opts['days']:g} simulated days ({opts['start'][:16]} .. {opts['end'][:16]} UTC), "
          f"{len(result['outlets'])} outlets; {rounds['run']} rounds, {rounds['skipped_outage']} skipped for a "
          f"{opts['outage_hours']:g} h outage, {rounds['overran']} overran, {len(rounds['failed'])} failed; "
          f"{result['real_seconds']:.0f} s real")
    print("captured = articles stored with status ok; requests/article = all requests to the site / its ok "
          "articles (start's backlog included); spacing in virtual seconds")
    print(f"{'outlet':<18}{'published':>10}{'captured':>9}{'ratio':>9}{'gaps':>6}{'filled':>7}{'unfill':>7}"
          f"{'est.miss':>9}{'overflow':>9}{'as gap':>7}{'req':>7}{'304':>6}{'req/art':>8}{'spacing':>8}  interval")
    for r in [*result["outlets"], result["overall"]]:
        print(_line(r))
    print("(overflow: listings that skipped articles / articles no listing showed)")
    for r in result["outlets"]:
        print(f"  {r['outlet']}: {r['kind']}")
    for label, value, met in result["targets"]:
        print(f"target {label}: {value}, {'met' if met else 'MISSED'}")
    for failure in rounds["failed"][:5]:
        print(f"failed round {failure}")
    print(f"gaps of {result['gap_records']['outlet']} (window UTC, status, method, found, backfilled, est. missed):")
    for g in result["gap_records"]["gaps"]:
        print(f"  {g['window_start']:%a %H:%M} .. {g['window_end']:%a %H:%M}  {g['status']:<10} "
              f"{g['method'] or '-':<12} found {g['found']:>4}  backfilled {g['backfilled']:>4}  "
              f"missed~{g['estimated_missed']}")


# --------------------------------------------------------------------------- the benchmark


def simulate(dsn: str, opts: Options, say: Say) -> dict[str, Any]:
    """The whole benchmark on a migrated, empty warehouse; returns the figures."""
    started = time.perf_counter()
    start = period_start(opts.days)
    clock = VirtualClock(start)
    first_day = start - timedelta(days=HISTORY_DAYS)
    days = HISTORY_DAYS + int(opts.days) + 2
    with serve_outlets(outlet_mix(opts.outlets, quick=opts.quick), clock, first_day, days) as outlets:
        _register(dsn, outlets)
        say(f"{len(outlets)} outlets, {opts.days:g} simulated days from {start:%Y-%m-%d}; "
            f"outage {opts.outage_hours:g} h from hour {opts.outage[0].total_seconds() / 3600:g}")
        tally, final = run_rounds(dsn, clock, opts, say)
        result = measure(dsn, outlets, start, final)
    result["rounds"] = tally
    result["options"] = {**opts.__dict__, "start": start.isoformat(), "end": final.isoformat()}
    result["real_seconds"] = round(time.perf_counter() - started, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsflow bench coverage", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=float, default=7.0, help="simulated days (default 7)")
    parser.add_argument("--outlets", type=int, default=12, help="outlets (default 12; 6 busy, the rest small)")
    parser.add_argument("--quick", action="store_true", help="1 simulated day, 5 outlets at a third of the pace")
    parser.add_argument("--outage-hours", type=float, default=6.0, help="hours without rounds mid-period")
    parser.add_argument("--dsn", help="a PostgreSQL server to create the scratch database on (default: embedded)")
    parser.add_argument("--before", action="store_true",
                        help="the poller before issue 19: every feed once a day, no gap backfill")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON to PATH ('-': stdout)")
    args = parser.parse_args(argv)
    opts = Options(days=args.days, outlets=args.outlets, outage_hours=args.outage_hours, before=args.before)
    if args.quick:
        opts = Options(**{**QUICK.__dict__, "outage_hours": args.outage_hours})

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    from newsflow.warehouse import db
    from newsflow.warehouse.runs import prepare_warehouse

    with bench_server(args.dsn, "coverage") as server_dsn, db.scratch_database(server_dsn, "coverage") as dsn:
        prepare_warehouse(dsn)
        result = simulate(dsn, opts, say)
    if args.json == "-":
        print(json.dumps(result, indent=2, default=str))
        return 0
    print_report(result)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=2, default=str)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
