"""The ingest in one process (the CLI's `run`), and the stage functions the DAG tasks call.

The stages live in `ingest.feeds` (one feed's fetch), `ingest.articles` (its articles) and
`warehouse.duplicates` (linking); DAG tasks call them as `pipeline.<stage>`. Each takes a DSN and
ids, does its own I/O and returns a small dict of counts, so Airflow's XCom only ever carries ids
and numbers.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from newsflow.ingest.articles import ARTICLE_BATCH, fetch_articles
from newsflow.ingest.clock import SYSTEM_CLOCK
from newsflow.ingest.feeds import fetch_feed, sync_feeds
from newsflow.ingest.feeds_file import FeedConfig, FeedsFileError
from newsflow.ingest.poll import Plan, plan_round, planned_feeds, poll_feeds, poll_shard
from newsflow.settings import Settings, get_settings
from newsflow.warehouse import feeds as warehouse_feeds
from newsflow.warehouse.duplicates import link_duplicates
from newsflow.warehouse.feeds import ingest_summary
from newsflow.warehouse.runs import finish_run, new_run_id, now, prepare_warehouse, start_run

__all__ = [
    "ARTICLE_BATCH", "failed_feeds", "fetch_articles", "fetch_feed", "finalize_ingest", "finish_run",
    "ingest_summary",
    "link_duplicates",
    "new_run_id", "now", "planned_feeds", "poll_shard", "prepare_round", "prepare_warehouse", "run_ingest",
    "start_run", "sync_feeds",
]

log = logging.getLogger(__name__)


def run_ingest(
    feeds: list[FeedConfig],
    *,
    only: list[str] | None = None,
    dsn: str | None = None,
    run_id: str | None = None,
    force: bool = False,
    settings: Settings | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The whole ingest in one process (the CLI's `run`); the DAG runs the same stages as tasks.

    `feeds` is the whole configured list (it is synced); `only` narrows what is fetched.
    """
    from newsflow.ingest.feeds_file import select_feeds
    from newsflow.stage_run import stage_run

    run_id = run_id or new_run_id()
    chosen = {f.name for f in select_feeds(feeds, only)}
    # finalize_ingest closes the record (success or partial); anything raised closes it as failed
    with stage_run(dsn, run_id, "ingest", "cli", {"feeds": sorted(chosen), "force": force},
                   keep_open=True) as run:
        stats = _ingest_feeds(feeds, chosen, run.dsn, run_id, force, settings, progress)
    return {"run_id": run_id, "dsn": run.dsn, **stats}


def _ingest_feeds(feeds: list[FeedConfig], chosen: set[str], dsn: str, run_id: str, force: bool,
                  settings: Settings | None, progress: Callable[[str], None] | None) -> dict[str, Any]:
    """The poll round the DAG runs, in this process: plan the chosen feeds, poll them (sites in
    parallel), close the run."""
    active = [n for n in sync_feeds(feeds, dsn, include_gone=force) if n in chosen]
    started = time.monotonic()
    plan_round(dsn, run_id, now=SYSTEM_CLOCK.now(), names=active)
    planned = planned_feeds(dsn, run_id)
    out = poll_feeds(planned, dsn=dsn, run_id=run_id, force=force, settings=settings,
                     urls={f.name: f.url for f in feeds}, progress=progress)
    names = [name for name, _ in planned_feeds(dsn, run_id)]  # without any the budget deferred
    return finalize_ingest(dsn, run_id, names, {**out, "seconds": round(time.monotonic() - started, 1)})


def prepare_round(dsn: str, run_id: str, *, wanted: list[str], force: bool, poll_all: bool,
                  feeds_path: Path, now: datetime) -> Plan:
    """A DAG run's first step: import the feeds file if it changed, resolve what the run asked
    for against the registry (ConfError when it names no enabled feed), plan the shards."""
    from newsflow.ingest import registry
    from newsflow.run_params import ConfError

    try:
        imported = registry.import_feeds_file(dsn, feeds_path, force=force)
    except FeedsFileError as exc:
        raise ConfError(f"the feeds file cannot be used: {exc}") from None
    names = None
    if wanted:
        try:
            names = registry.resolve(dsn, wanted)
        except registry.SelectionError as exc:
            shown, total = registry.enabled_names(dsn)
            raise ConfError(f"{exc}. Active feeds file: {feeds_path} (NEWSFLOW_FEEDS_FILE); "
                            f"{total} enabled feed(s), e.g. {', '.join(shown) or '(none)'}; "
                            "tags (tag:world) and patterns (meridian-*) choose several") from None
    plan = plan_round(dsn, run_id, now=now, names=names, poll_all=poll_all)
    log.info("feeds file %s (%d feeds, %s); %d feed(s) on %d site(s) to poll in %d shard(s)%s",
             feeds_path, imported.feeds, "imported" if imported.changed else "unchanged", plan.feeds,
             plan.sites, len(plan.shards), " (force)" if force else "")
    return plan


def finalize_ingest(dsn: str, run_id: str, feed_names: list[str],
                    stats: dict[str, Any] | None = None, *, at: datetime | None = None) -> dict[str, Any]:
    """Link duplicates and close the run record from what the warehouse says each feed's stages
    did, so a feed whose task failed is named ('partial') while the others' work counts."""
    warehouse_feeds.settle_owners(dsn, run_id)
    dups = link_duplicates(dsn)
    done = warehouse_feeds.feed_stages(dsn, run_id, feed_names)
    failed = _unfinished(feed_names, done)
    loaded = sum(sum((arts or {}).get("statuses", {}).values()) for _, arts in done.values())
    changed = sum((arts or {}).get("changed", 0) for _, arts in done.values())
    stats = {"articles": [arts for _, arts in done.values() if arts], **(stats or {}),
             "duplicates": dups, "articles_loaded": loaded, "articles_changed": changed, "failed_feeds": failed,
             "outcomes": dict(sorted(Counter(outcome for outcome, _ in done.values()).items()))}
    finish_run(dsn, run_id, "ingest", "partial" if failed else "success", stats)
    prune_old_records(dsn, at=at)
    return stats


def prune_old_records(dsn: str, settings: Settings | None = None, *, at: datetime | None = None) -> dict[str, int]:
    """Frequent polls must not flood the fetch log and run records: what is older than the
    retention settings goes (news.feed_days keeps the daily counts). `at`: the poller's clock."""
    from newsflow.warehouse.retention import prune

    s = settings or get_settings()
    pruned = prune(dsn, now=at or now(), fetch_days=s.fetch_retention_days, run_days=s.run_retention_days,
                   html_days=s.html_retention_days or None)
    if any(pruned.values()):
        log.info("pruned old records: %s", ", ".join(f"{n} {k}" for k, n in pruned.items() if n))
    return pruned


def _unfinished(feed_names: list[str], done: dict[str, tuple[str, Any]]) -> list[str]:
    return sorted(n for n in feed_names if n not in done or done[n][1] is None)


def failed_feeds(dsn: str, run_id: str, feed_names: list[str]) -> list[str]:
    """Feeds of this run whose fetch or article stage did not complete."""
    return _unfinished(feed_names, warehouse_feeds.feed_stages(dsn, run_id, feed_names))
