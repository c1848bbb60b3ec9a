"""A gap's repair: a poll that listed no known entry means articles published since the last
poll may be missing; the site's news sitemap (or its archive feed) is read for the window and
what it lists is queued like listed entries. A gap nothing can fill is recorded with an estimate
of what was missed, from the feed's own publishing rate."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from newsflow.http import Deadline, Fetcher
from newsflow.ingest.backfill import Window, backfill
from newsflow.ingest.feeds import entry_rows
from newsflow.settings import get_settings
from newsflow.warehouse import feeds as warehouse_feeds

log = logging.getLogger(__name__)


def estimate_missed(seen: int, times: list[datetime], window: tuple[datetime, datetime]) -> int:
    """Articles probably published in the window: the listed entries' rate over their own time
    span, times the window's length; at least one feedful when the rate is unknown."""
    start, end = window
    span = (max(times) - min(times)).total_seconds() if len(times) >= 2 else 0.0
    if span <= 0:
        return seen
    return max(1, round(seen / span * (end - start).total_seconds()))


def backfill_gap(name: str, gap: dict[str, Any], *, dsn: str, run_id: str, fetcher: Fetcher,
                 now: datetime) -> dict[str, Any]:
    """Read the gap's window from the site's sitemaps or archive, queue the entries found and
    record the gap (news.feed_gaps). Never raises for web trouble."""
    start, end = gap["window"]
    budget = Deadline(get_settings().backfill_budget)
    found = backfill(fetcher, feed_url=gap["feed_url"], window=Window(start, end), sitemaps=gap["sitemaps"],
                     feed_links=gap["links"], budget=budget, now=now)
    filled = found.method is not None
    missed = 0 if filled else estimate_missed(gap["seen"], gap["times"], (start, end))
    record = warehouse_feeds.GapRecord(
        detected_at=now, window_start=start, window_end=end, status="backfilled" if filled else "unfillable",
        method=found.method, sources=list(found.sources), found=len(found.entries), estimated_missed=missed,
        reason=found.reason)
    source = "archive" if found.method == "archive" else "sitemap"
    added = warehouse_feeds.record_gap(dsn, name, run_id, record, list(entry_rows(name, found.entries).values()),
                                       source)
    log.info("feed %s: gap %s .. %s: %s; %d entries queued%s", name, start.isoformat(timespec="minutes"),
             end.isoformat(timespec="minutes"), found.reason, added,
             f", about {missed} article(s) missed" if missed else "")
    return {"status": record.status, "method": found.method, "found": len(found.entries), "backfilled": added,
            "estimated_missed": missed, "reason": found.reason}
