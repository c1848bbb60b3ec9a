"""Airflow glue for newsflow: where the warehouse is, seen from inside a task.

The `news_warehouse` connection (UI, secrets backend or AIRFLOW_CONN_NEWS_WAREHOUSE) wins;
without it newsflow's own resolution applies (NEWSFLOW_WAREHOUSE_DSN, else the embedded
PostgreSQL server). newsflow itself never imports Airflow, so this is the only bridge.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import Asset, ExceptionRetryPolicy, RetryAction, RetryRule

CONN_ID = "news_warehouse"

# What the DAGs share: the first logical date and one retry policy. Network and database
# trouble is retried with backoff; a bad conf (newsflow raises ConfError, never an Airflow
# exception) is a mistake no retry can fix, so it fails at once.
START_DATE = pendulum.datetime(2026, 11, 1, tz="UTC")
RETRY_POLICY = ExceptionRetryPolicy(rules=[
    RetryRule(exception="newsflow.run_params.ConfError", action=RetryAction.FAIL,
              reason="bad conf: fix the conf and trigger again"),
])
DEFAULT_ARGS = {
    "owner": "newsflow",
    "retries": 2,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=10),
    "retry_policy": RETRY_POLICY,
}

# The Assets that chain the DAGs: ingest → enrich → marts.
ARTICLES = Asset(name="news.articles", uri="postgres://news-warehouse:5432/newsflow/news/articles")
ENRICHMENTS = Asset(name="news.enrichments", uri="postgres://news-warehouse:5432/newsflow/news/quotes")


def warehouse_dsn() -> str:
    """libpq DSN of the warehouse for the current task; never logged, never put in XCom."""
    from airflow.sdk import Connection
    from airflow.sdk.exceptions import AirflowNotFoundException

    from newsflow.warehouse import db

    try:
        conn = Connection.get(CONN_ID)
    except AirflowNotFoundException:
        return db.resolve_dsn()
    return db.dsn_from_connection(conn.host, conn.port, conn.login, conn.password, conn.schema,
                                  conn.extra_dejson)


def close_run_on_failure(stage: str) -> Callable[[Any], None]:
    """A task's on_failure_callback (it runs in the task's own process once the task has failed
    for good): close the run's news.pipeline_runs row as failed with the error, so no failure
    path leaves it `running`. A row already closed (e.g. 'partial') is left alone."""

    def callback(context: Any) -> None:
        from newsflow.warehouse import runs

        ti = context["ti"]
        exc = context.get("exception")
        error = f"{ti.task_id}: {type(exc).__name__}: {exc}" if exc else f"{ti.task_id} failed"
        runs.fail_run(warehouse_dsn(), context["run_id"], stage, ti.dag_id, error)

    callback.__name__ = f"close_{stage}_run_on_failure"
    return callback


def conf_of(dag_run: Any) -> dict[str, Any]:
    """The conf the run was triggered with ({} for a scheduled run)."""
    return dict(getattr(dag_run, "conf", None) or {})
