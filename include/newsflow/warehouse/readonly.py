"""Connections of the News view: the warehouse connection, turned read-only at login.

Why this way rather than a DSN with its own user: the view needs no password or Airflow
connection of its own. libpq's startup `options` make the session `news_reader` (migration 009:
SELECT on schema news only) before our first statement, and make every transaction read-only on
top. The role is the real guard; read-only transactions are a second one that also holds when the
warehouse user owns the tables. A session could undo both only by running SQL of its own
(RESET ROLE), and the view runs none: every query is a fixed text with bound parameters.
A statement timeout keeps a pathological search from holding a server backend.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg2
import psycopg2.extensions
import psycopg2.pool

from newsflow.warehouse.db import column_names

ROLE = "news_reader"
STATEMENT_TIMEOUT_MS = 5000
WAIT_FOR_CONNECTION_S = 10.0


class WarehouseBusy(RuntimeError):
    """Every pooled connection stayed in use for WAIT_FOR_CONNECTION_S."""


def reader_dsn(dsn: str, *, role: str = ROLE, timeout_ms: int = STATEMENT_TIMEOUT_MS) -> str:
    """`dsn` with startup options that make the session `role`, read-only, with a statement timeout."""
    params = psycopg2.extensions.parse_dsn(dsn)
    ours = f"-c role={role} -c default_transaction_read_only=on -c statement_timeout={int(timeout_ms)}"
    params["options"] = f"{params['options']} {ours}" if params.get("options") else ours
    params.setdefault("application_name", "newsflow-news-view")
    return psycopg2.extensions.make_dsn(**params)


class ReadOnlyWarehouse:
    """A small pool of read-only connections, opened on first use (the DSN is asked for then,
    so importing the plugin touches no database).

    `trace`, when a list, receives (sql, params, seconds) for every query: the benchmark uses it
    to find the slowest statement of a page.
    """

    def __init__(self, dsn_provider: Callable[[], str], *, max_connections: int = 4,
                 wait_s: float = WAIT_FOR_CONNECTION_S) -> None:
        self._dsn_provider = dsn_provider
        self._max = max_connections
        self._wait_s = wait_s
        self._pool: psycopg2.pool.ThreadedConnectionPool | None = None
        self._lock = threading.Lock()
        # The pool raises when it is exhausted; requests beyond its size wait here instead.
        self._slots = threading.BoundedSemaphore(max_connections)
        self.trace: list[tuple[str, Any, float]] | None = None

    def _get_pool(self) -> psycopg2.pool.ThreadedConnectionPool:
        with self._lock:
            if self._pool is None:
                self._pool = psycopg2.pool.ThreadedConnectionPool(0, self._max, reader_dsn(self._dsn_provider()))
            return self._pool

    @contextmanager
    def connection(self) -> Iterator[psycopg2.extensions.connection]:
        """A pooled connection; one transaction per use, always rolled back (nothing to keep)."""
        if not self._slots.acquire(timeout=self._wait_s):
            raise WarehouseBusy(f"no warehouse connection free within {self._wait_s:g} s")
        try:
            pool = self._get_pool()
            conn = pool.getconn()
            broken = False
            try:
                yield conn
            except (psycopg2.OperationalError, psycopg2.InterfaceError):
                broken = True  # server restarted or backend gone: do not hand this one out again
                raise
            finally:
                if not broken and not conn.closed:
                    try:
                        conn.rollback()
                    except psycopg2.Error:
                        broken = True
                pool.putconn(conn, close=broken or bool(conn.closed))
        finally:
            self._slots.release()

    def fetch(self, conn: psycopg2.extensions.connection, sql: str, params: Any = None) -> list[dict[str, Any]]:
        """Rows as dicts (column name -> value)."""
        started = time.perf_counter()
        with conn.cursor() as cur:
            cur.execute(sql, params)
            cols = column_names(cur)
            rows = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
        if self.trace is not None:
            self.trace.append((sql, params, time.perf_counter() - started))
        return rows

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.closeall()
                self._pool = None
