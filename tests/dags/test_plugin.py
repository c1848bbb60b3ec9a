"""The Airflow glue turns the news_warehouse connection into a libpq DSN psycopg2 accepts."""

from __future__ import annotations

import sys
from pathlib import Path
from unittest import mock

import psycopg2.extensions

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "plugins"))

import newsflow_airflow  # noqa: E402


def test_connection_with_provider_extras_becomes_a_clean_dsn():
    from airflow.sdk import Connection

    conn = Connection(
        conn_id="news_warehouse", conn_type="postgres", host="db.example", port=5432, login="u",
        password="p@ss word", schema="news",
        extra='{"sslmode": "require", "keepalives_idle": 30, "cursor": "realdictcursor"}',
    )
    with mock.patch.object(Connection, "get", return_value=conn):
        dsn = newsflow_airflow.warehouse_dsn()
    params = psycopg2.extensions.parse_dsn(dsn)  # raises on anything libpq rejects
    assert params == {"host": "db.example", "port": "5432", "user": "u", "password": "p@ss word",
                      "dbname": "news", "sslmode": "require", "keepalives_idle": "30"}


def test_without_the_connection_newsflow_resolution_applies(monkeypatch):
    from airflow.sdk import Connection
    from airflow.sdk.exceptions import AirflowNotFoundException

    monkeypatch.setenv("NEWSFLOW_WAREHOUSE_DSN", "postgresql://x@127.0.0.1:1/warehouse")
    with mock.patch.object(Connection, "get", side_effect=AirflowNotFoundException("absent")):
        assert newsflow_airflow.warehouse_dsn() == "postgresql://x@127.0.0.1:1/warehouse"
