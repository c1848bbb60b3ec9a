"""Numbered SQL migrations (include/newsflow/sql/NNN_name.sql), applied in order, once.

Each migration runs in its own transaction together with its bookkeeping row, under a
session advisory lock, so two processes migrating at once apply each file exactly once.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg2.extensions

from newsflow.warehouse.db import fetch_one

log = logging.getLogger(__name__)

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
_LOCK_KEY = 0x6E657773  # "news"
_FILE_RE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


class MigrationError(RuntimeError):
    pass


def discover(sql_dir: Path = SQL_DIR) -> list[Migration]:
    migrations = []
    for path in sorted(sql_dir.glob("*.sql")):
        match = _FILE_RE.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: migration files are named NNN_name.sql")
        migrations.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"duplicate migration numbers in {sql_dir}")
    return migrations


_BOOKKEEPING_COMMENTS = {
    "version": "Migration number (the NNN of NNN_name.sql); applied in ascending order.",
    "name": "Migration name (the name part of NNN_name.sql).",
    "checksum": "SHA-256 of the file when applied; an edited applied migration is refused.",
    "applied_at": "When the migration was applied.",
}


def _ensure_bookkeeping(cur: psycopg2.extensions.cursor) -> None:
    cur.execute("CREATE SCHEMA IF NOT EXISTS news")
    cur.execute(
        """
        CREATE TABLE IF NOT EXISTS news.schema_migrations (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            checksum   text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    cur.execute(
        "COMMENT ON TABLE news.schema_migrations IS "
        "'Applied schema migrations (include/newsflow/sql/NNN_name.sql) and their checksums.'"
    )
    for column, text in _BOOKKEEPING_COMMENTS.items():
        cur.execute(f"COMMENT ON COLUMN news.schema_migrations.{column} IS %s", (text,))


def migrate(conn: psycopg2.extensions.connection, sql_dir: Path = SQL_DIR) -> list[str]:
    """Apply pending migrations; return the names applied (empty when up to date)."""
    migrations = discover(sql_dir)
    applied_now: list[str] = []
    conn.autocommit = False
    with conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_lock(%s)", (_LOCK_KEY,))
        conn.commit()
        try:
            # Two first-ever migrators can race on CREATE SCHEMA; the lock serialises them.
            _ensure_bookkeeping(cur)
            conn.commit()
            cur.execute("SELECT version, checksum FROM news.schema_migrations")
            done = dict(cur.fetchall())
            for mig in migrations:
                if mig.version in done:
                    if done[mig.version] != mig.checksum:
                        raise MigrationError(
                            f"migration {mig.path.name} changed after it was applied; "
                            "add a new numbered migration instead of editing an applied one"
                        )
                    continue
                log.info("applying migration %s", mig.path.name)
                try:
                    cur.execute(mig.sql)
                    cur.execute(
                        "INSERT INTO news.schema_migrations (version, name, checksum) "
                        "VALUES (%s, %s, %s)",
                        (mig.version, mig.name, mig.checksum),
                    )
                    conn.commit()
                except Exception:
                    conn.rollback()
                    raise
                applied_now.append(mig.path.name)
        finally:
            conn.rollback()
            cur.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))
            conn.commit()
    return applied_now


def applied(conn: psycopg2.extensions.connection) -> list[tuple[int, str]]:
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass('news.schema_migrations')")
        if fetch_one(cur)[0] is None:
            return []
        cur.execute("SELECT version, name FROM news.schema_migrations ORDER BY version")
        return list(cur.fetchall())
