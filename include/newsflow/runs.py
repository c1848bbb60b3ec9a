"""Run records: one row per pipeline run and stage in news.pipeline_runs, and the warehouse
preparation every entry point does first."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from newsflow.http import redact_url
from newsflow.warehouse import db
from newsflow.warehouse.migrate import migrate
from newsflow.warehouse.text import storable

log = logging.getLogger(__name__)


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


def start_run(dsn: str, run_id: str, stage: str, dag_id: str, params: dict[str, Any]) -> None:
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


def finish_run(dsn: str, run_id: str, stage: str, run_status: str, stats: dict[str, Any]) -> None:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            """
            UPDATE news.pipeline_runs SET finished_at = now(), status = %s, stats = %s
             WHERE run_id = %s AND stage = %s
            """,
            (run_status, json.dumps(storable(stats), default=str), run_id, stage),
        )
