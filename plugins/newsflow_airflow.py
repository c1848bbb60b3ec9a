"""Airflow glue for newsflow: where the warehouse is, seen from inside a task.

The `news_warehouse` connection (UI, secrets backend or AIRFLOW_CONN_NEWS_WAREHOUSE) wins;
without it newsflow's own resolution applies (NEWSFLOW_WAREHOUSE_DSN, else the embedded
PostgreSQL server). newsflow itself never imports Airflow, so this is the only bridge.
"""

from __future__ import annotations

from airflow.sdk import Asset

CONN_ID = "news_warehouse"

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
    uri = conn.get_uri()
    for prefix in ("postgres://", "postgresql+psycopg2://", "postgresql+psycopg://"):
        if uri.startswith(prefix):
            uri = "postgresql://" + uri[len(prefix) :]
    return uri
