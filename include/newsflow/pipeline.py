"""The ingest in one process (the CLI's `run`), and the stage functions the DAG tasks call.

The stages live in their own modules (runs, feed_stage, article_stage, duplicates); they are
re-exported here because DAGs, the CLI and tests call them as `pipeline.<stage>`. Each stage
takes a DSN and ids, does its own I/O and returns a small dict of counts, so Airflow's XCom
only ever carries ids and numbers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from newsflow.article_stage import ARTICLE_BATCH, fetch_articles
from newsflow.config import FeedConfig, Settings, get_settings
from newsflow.duplicates import link_duplicates
from newsflow.feed_stage import fetch_feed, sync_feeds
from newsflow.http import Fetcher
from newsflow.runs import finish_run, new_run_id, now, prepare_warehouse, start_run
from newsflow.warehouse import db

__all__ = [
    "ARTICLE_BATCH", "fetch_articles", "fetch_feed", "finish_run", "ingest_summary", "link_duplicates",
    "new_run_id", "now", "prepare_warehouse", "run_ingest", "start_run", "sync_feeds",
]

log = logging.getLogger(__name__)


def ingest_summary(dsn: str, feed_names: Iterable[str] | None = None) -> dict[str, Any]:
    """Articles per feed and status, as the demo and `report` print them."""
    names = list(feed_names) if feed_names is not None else None
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            """
            SELECT f.feed_name, f.last_status, a.status, count(a.article_id)
              FROM news.feeds f
              LEFT JOIN news.articles a ON a.feed_name = f.feed_name
             WHERE %(all)s OR f.feed_name = ANY(%(names)s)
             GROUP BY 1, 2, 3 ORDER BY 1, 3
            """,
            {"all": names is None, "names": names or []},
        )
        per_feed: dict[str, dict[str, Any]] = {}
        for feed, last_status, st, n in cur.fetchall():
            entry = per_feed.setdefault(feed, {"feed_status": last_status, "statuses": {}})
            if st:
                entry["statuses"][st] = n
        cur.execute("SELECT count(*) FILTER (WHERE duplicate_of IS NOT NULL), count(*) FROM news.articles")
        dups, total = cur.fetchone()
    return {"feeds": per_feed, "articles": total, "duplicates": dups}


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
    from newsflow.config import select_feeds

    dsn = prepare_warehouse(dsn)
    run_id = run_id or new_run_id()
    say = progress or (lambda _msg: None)
    chosen = {f.name for f in select_feeds(feeds, only)}
    start_run(dsn, run_id, "ingest", "cli", {"feeds": sorted(chosen), "force": force})
    names = [n for n in sync_feeds(feeds, dsn, include_gone=force) if n in chosen]
    urls = {f.name: f.url for f in feeds}
    fetched, loaded = [], []
    started = time.monotonic()
    with Fetcher(settings or get_settings()) as fetcher:
        for name in names:
            res = fetch_feed(name, dsn=dsn, run_id=run_id, force=force, fetcher=fetcher, url=urls[name])
            fetched.append(res)
            say(f"feed {name}: {res['outcome']}, {res['entries']} entries, {res['new']} new")
            arts = fetch_articles(name, dsn=dsn, run_id=run_id, force=force, fetcher=fetcher)
            loaded.append(arts)
            if arts["articles"]:
                say(f"  articles: {arts['statuses']}")
    dups = link_duplicates(dsn)
    stats = {"feeds": fetched, "articles": loaded, "duplicates": dups,
             "seconds": round(time.monotonic() - started, 1)}
    finish_run(dsn, run_id, "ingest", "success", stats)
    return {"run_id": run_id, "dsn": dsn, **stats}
