"""Run records: one row per pipeline run and stage in news.pipeline_runs, and the warehouse
preparation every entry point does first."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from newsflow.http import redact_text, redact_url
from newsflow.warehouse import db
from newsflow.warehouse.migrate import migrate
from newsflow.warehouse.text import storable

log = logging.getLogger(__name__)

#: A `running` row older than this belongs to a dead run whatever started it (no task of ours
#: runs for more than a few hours: see the DAGs' execution_timeout).
STALE_AFTER = timedelta(hours=24)


def now() -> datetime:
    return datetime.now(UTC)


def new_run_id(prefix: str = "cli") -> str:
    return f"{prefix}__{now().strftime('%Y-%m-%dT%H:%M:%S.%f')}"


def prepare_warehouse(dsn: str | None = None) -> str:
    """Resolve the warehouse, apply pending migrations, return the DSN to pass around."""
    dsn = db.resolve_dsn(dsn)
    conn = db.connect(dsn)
    try:
        applied = migrate(conn)
    finally:
        conn.close()
    if applied:
        log.info("applied migrations: %s", ", ".join(applied))
    return dsn


def _redacted(value: Any) -> Any:
    """Params may name feeds by URL: credentials never reach pipeline_runs."""
    if isinstance(value, str):
        return redact_url(value) if "://" in value else value
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_redacted(v) for v in value]
    return value


def start_run(dsn: str, run_id: str, stage: str, dag_id: str, params: dict[str, Any], *,
              exclusive: bool = False) -> list[str]:
    """Record the run as running; first close the stage's stale `running` rows (see
    close_stale_runs). `exclusive`: the DAG has max_active_runs=1, so any other running row of
    the same DAG and stage is dead. Returns the run_ids closed."""
    closed = close_stale_runs(dsn, stage, run_id, dag_id if exclusive else None)
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            """
            INSERT INTO news.pipeline_runs (run_id, stage, dag_id, started_at, status, params)
            VALUES (%s, %s, %s, now(), 'running', %s)
            ON CONFLICT (run_id, stage) DO UPDATE
               SET status = 'running', finished_at = NULL, params = EXCLUDED.params
            """,
            (run_id, stage, dag_id, json.dumps(storable(_redacted(params)), default=str)),
        )
    return closed


def close_stale_runs(dsn: str, stage: str, current_run_id: str, exclusive_dag_id: str | None = None,
                     older_than: timedelta = STALE_AFTER) -> list[str]:
    """Close as failed the `running` rows of this stage whose run is dead: started more than
    `older_than` ago, or (exclusive_dag_id) any other run of that single-run DAG. A worker
    killed mid-task, or a run marked failed in the UI, never ran our failure path."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            """
            UPDATE news.pipeline_runs
               SET status = 'failed', finished_at = now(), stats = stats || jsonb_build_object('error',
                   CASE WHEN started_at < now() - %(older_than)s
                        THEN format('stale: still running after %%s; closed by run %%s',
                                    %(older_than)s::text, %(current)s::text)
                        ELSE format('stale: %%s allows one active run and run %%s has started',
                                    dag_id, %(current)s::text) END)
             WHERE stage = %(stage)s AND status = 'running' AND run_id <> %(current)s
               AND (started_at < now() - %(older_than)s
                    OR (%(dag_id)s::text IS NOT NULL AND dag_id = %(dag_id)s))
            RETURNING run_id
            """,
            {"stage": stage, "current": current_run_id, "dag_id": exclusive_dag_id,
             "older_than": older_than},
        )
        closed = sorted(r[0] for r in cur.fetchall())
    if closed:
        log.warning("closed %d stale %s run record(s) as failed: %s", len(closed), stage, ", ".join(closed))
    return closed


def fail_run(dsn: str, run_id: str, stage: str, dag_id: str, error: str,
             params: dict[str, Any] | None = None) -> bool:
    """Close the run as failed with its error, also when it failed before start_run (a bad conf
    in prepare). A row already closed (success, partial, failed) is left as it is: the first
    outcome recorded is the one that explains the run. Returns whether a row was written."""
    error = redact_text(error)[:2000]
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            """
            INSERT INTO news.pipeline_runs AS r
                   (run_id, stage, dag_id, started_at, finished_at, status, params, stats)
            VALUES (%s, %s, %s, now(), now(), 'failed', %s, %s)
            ON CONFLICT (run_id, stage) DO UPDATE
               SET status = 'failed', finished_at = now(), stats = r.stats || EXCLUDED.stats
             WHERE r.status = 'running'
            RETURNING 1
            """,
            (run_id, stage, dag_id, json.dumps(storable(_redacted(params or {})), default=str),
             json.dumps(storable({"error": error}))),
        )
        written = cur.fetchone() is not None
    log.info("run %s (%s) %s", run_id, stage, "closed as failed" if written else "was already closed")
    return written


def finish_run(dsn: str, run_id: str, stage: str, run_status: str, stats: dict[str, Any]) -> None:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            """
            UPDATE news.pipeline_runs SET finished_at = now(), status = %s, stats = %s
             WHERE run_id = %s AND stage = %s
            """,
            (run_status, json.dumps(storable(stats), default=str), run_id, stage),
        )
