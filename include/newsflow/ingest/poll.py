"""The poller: which feeds a round fetches, in a fixed number of shards, and one shard's work.

A round is planned into news.poll_plan: the feeds that are due (`next_poll_at <= now`), every
enabled feed (a manual run), or those asked for. All of a site's feeds go to one shard, so
politeness stays per host, and there are never more than `settings.poll_shards` shards whatever
the feed count: the DAG maps over shards, not feeds. Inside a shard, sites proceed in parallel
threads on one Fetcher (the per-site clock is shared), each site's feeds one after another:
fetch, gap backfill, articles. The CLI's `run` and the DAG run this same code; the clock is a
parameter, so `bench coverage` runs a simulated week in minutes.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg2

from newsflow.http import Deadline, Fetcher
from newsflow.ingest.articles import fetch_articles
from newsflow.ingest.clock import SYSTEM_CLOCK, Clock
from newsflow.ingest.feeds import borrowed, fetch_feed
from newsflow.ingest.gaps import backfill_gap
from newsflow.settings import Settings, get_settings
from newsflow.warehouse import db, polling

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Plan:
    feeds: int
    sites: int
    shards: list[int]  # the shard numbers that hold feeds, for the DAG to map over


def assign_shards(feeds: list[tuple[str, str]], shards: int) -> dict[str, int]:
    """feed -> shard: whole sites, biggest first, each to the least loaded shard (balanced and
    stable for a given registry)."""
    by_site: dict[str, list[str]] = defaultdict(list)
    for name, site in feeds:
        by_site[site].append(name)
    load = [0] * max(1, min(shards, len(by_site)))
    out: dict[str, int] = {}
    for site in sorted(by_site, key=lambda s: (-len(by_site[s]), s)):
        shard = min(range(len(load)), key=lambda i: (load[i], i))
        load[shard] += len(by_site[site])
        for name in by_site[site]:
            out[name] = shard
    return out


def plan_round(dsn: str, run_id: str, *, now: datetime, names: list[str] | None = None,
               poll_all: bool = False, shards: int | None = None) -> Plan:
    """Write this round's feeds and shards to news.poll_plan (a retry of `prepare` rewrites it).

    names: exactly these feeds (due or not); poll_all: every enabled feed; else the due ones."""
    shards = shards or get_settings().poll_shards
    feeds = polling.round_candidates(dsn, now=now, names=names, poll_all=poll_all)
    assigned = assign_shards(feeds, shards)
    polling.write_plan(dsn, run_id, assigned)
    return Plan(len(assigned), len({site for _, site in feeds}), sorted(set(assigned.values())))


planned_feeds = polling.planned_feeds


def poll_feed(name: str, *, dsn: str, run_id: str, fetcher: Fetcher, clock: Clock = SYSTEM_CLOCK,
              force: bool = False, url: str | None = None) -> dict[str, Any]:
    """One feed's whole poll: conditional GET, a gap's backfill, then its pending articles."""
    feed = fetch_feed(name, dsn=dsn, run_id=run_id, force=force, fetcher=fetcher, url=url, now=clock.now())
    gap = feed.pop("_gap", None)
    if gap is not None:
        feed["backfill"] = backfill_gap(name, gap, dsn=dsn, run_id=run_id, fetcher=fetcher, now=clock.now())
    arts = fetch_articles(name, dsn=dsn, run_id=run_id, force=force, fetcher=fetcher)
    return {"feed": feed, "articles": arts}


def _poll_site(feeds: list[tuple[str, str | None]], *, dsn: str, run_id: str, fetcher: Fetcher, clock: Clock,
               force: bool, say: Progress, budget: Deadline) -> dict[str, Any]:
    """A site's feeds one after another; a feed's failure is recorded and the next goes on, but
    a warehouse that went away ends the site (no feed can be stored). Once the shard's budget is
    spent no further feed starts: those stay due for the next round."""
    done: dict[str, Any] = {"results": [], "errors": {}, "fatal": None, "deferred": []}
    for index, (name, url) in enumerate(feeds):
        if budget.expired:
            done["deferred"] = [n for n, _ in feeds[index:]]
            break
        try:
            res = poll_feed(name, dsn=dsn, run_id=run_id, fetcher=fetcher, clock=clock, force=force, url=url)
        except (psycopg2.OperationalError, psycopg2.InterfaceError) as exc:
            if not db.is_data_error(exc):
                done["fatal"] = exc
                return done
            done["errors"][name] = db.describe_error(exc)
        except Exception as exc:  # a bug met on this feed's data: the other feeds go on
            log.exception("feed %s failed", name)
            done["errors"][name] = db.describe_error(exc)
        else:
            done["results"].append(res)
            feed = res["feed"]
            say(f"feed {name}: {feed['outcome']}, {feed['entries']} entries, {feed['new']} new"
                + (f", gap: {feed['backfill']['reason']}" if "backfill" in feed else ""))
            if res["articles"]["articles"]:
                say(f"  articles: {res['articles']['statuses']}")
            continue
        say(f"feed {name}: failed: {done['errors'][name]}")
    return done


def poll_feeds(feeds: list[tuple[str, str]], *, dsn: str, run_id: str, force: bool = False,
               settings: Settings | None = None, clock: Clock = SYSTEM_CLOCK, fetcher: Fetcher | None = None,
               urls: dict[str, str] | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """Poll (feed, site) pairs: sites in parallel (settings.shard_concurrency threads), each
    site's feeds in turn. `urls` are configured URLs that may carry credentials."""
    settings = settings or get_settings()
    say = progress or (lambda _msg: None)
    by_site: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for name, site in feeds:
        by_site[site].append((name, (urls or {}).get(name)))
    budget = Deadline(settings.shard_budget)
    with borrowed(fetcher, dsn, settings, clock.sleep) as client:
        workers = max(1, min(settings.shard_concurrency, len(by_site)))
        with ThreadPoolExecutor(workers, thread_name_prefix="poll") as pool:
            done = list(pool.map(lambda group: _poll_site(
                group, dsn=dsn, run_id=run_id, fetcher=client, clock=clock, force=force, say=say,
                budget=budget), by_site.values()))
    fatal = next((d["fatal"] for d in done if d["fatal"] is not None), None)
    if fatal is not None:
        raise fatal  # the warehouse went away: the task fails and is retried
    results = [r for d in done for r in d["results"]]
    deferred = sorted(n for d in done for n in d["deferred"])
    if deferred:  # not polled this round: out of its plan, still due, first in the next round
        polling.unplan(dsn, run_id, deferred)
        log.warning("shard budget of %.0f s spent: %d feed(s) wait for the next round", settings.shard_budget,
                    len(deferred))
    return {"feeds": [r["feed"] for r in results], "articles": [r["articles"] for r in results],
            "errors": {k: v for d in done for k, v in d["errors"].items()}, "deferred": deferred}


def poll_shard(dsn: str, run_id: str, shard: int, *, force: bool = False, settings: Settings | None = None,
               clock: Clock = SYSTEM_CLOCK) -> dict[str, Any]:
    """One mapped task's work: the shard's feeds, summarised in numbers (XCom stays small)."""
    feeds = planned_feeds(dsn, run_id, shard)
    out = poll_feeds(feeds, dsn=dsn, run_id=run_id, force=force, settings=settings, clock=clock)
    outcomes: dict[str, int] = defaultdict(int)
    for f in out["feeds"]:
        outcomes[f["outcome"]] += 1
    summary = {
        "shard": shard, "feeds": len(feeds), "sites": len({s for _, s in feeds}), "outcomes": dict(outcomes),
        "entries_new": sum(f["new"] for f in out["feeds"]), "gaps": sum(1 for f in out["feeds"] if f["gap"]),
        "backfilled": sum(f.get("backfill", {}).get("backfilled", 0) for f in out["feeds"]),
        "articles": sum(a["articles"] for a in out["articles"]), "failed_feeds": sorted(out["errors"]),
        "deferred": len(out["deferred"]),
    }
    log.info("shard %d: %d feed(s) on %d site(s): %s; %d new entries, %d gap(s), %d backfilled, "
             "%d article(s) fetched%s", shard, summary["feeds"], summary["sites"],
             ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())) or "nothing fetched",
             summary["entries_new"], summary["gaps"], summary["backfilled"], summary["articles"],
             f"; failed: {', '.join(summary['failed_feeds'])}" if summary["failed_feeds"] else "")
    return summary
