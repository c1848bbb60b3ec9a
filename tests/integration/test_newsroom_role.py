"""Migration 009 where the warehouse user is no superuser (the docker deployment): on a server of
its own, since roles belong to the whole server and this test needs news_reader absent at first."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import pytest

from newsflow.warehouse import db
from newsflow.warehouse.migrate import MigrationError
from newsflow.warehouse.readonly import reader_dsn

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    base = Path(tempfile.mkdtemp(prefix="newsflow-test-role-"))
    base.chmod(0o755)
    try:
        yield db.start_embedded(base / "pgdata")
    finally:
        db.stop_embedded(base / "pgdata")
        shutil.rmtree(base, ignore_errors=True)


def _admin(server: str, *statements: str) -> None:
    conn = psycopg2.connect(server)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
    finally:
        conn.close()


def _user_dsn(server: str, user: str, dbname: str) -> str:
    params = psycopg2.extensions.parse_dsn(server)
    params.update(user=user, dbname=dbname)
    params.pop("password", None)
    return psycopg2.extensions.make_dsn(**params)


def _migrate(dsn: str) -> None:
    from newsflow.ingest.pipeline import prepare_warehouse

    prepare_warehouse(dsn)


def _assert_reader_works(dsn: str) -> None:
    conn = psycopg2.connect(reader_dsn(dsn))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT current_user, session_user, (SELECT count(*) FROM news.articles)")
            assert cur.fetchone()[0] == "news_reader"
            conn.rollback()
            cur.execute("SET TRANSACTION READ WRITE")
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute("INSERT INTO news.feeds (feed_name, url) VALUES ('x', 'http://x.example/')")
    finally:
        conn.close()


def test_009_without_superuser(server):
    # 1. A warehouse user who may not create roles, and no news_reader yet: the migration stops
    #    and says what an administrator must run.
    _admin(server, "CREATE ROLE plain LOGIN", "CREATE DATABASE plain_wh OWNER plain")
    plain = _user_dsn(server, "plain", "plain_wh")
    with pytest.raises((psycopg2.Error, MigrationError)) as refused:
        _migrate(plain)
    text = str(refused.value) + str(getattr(refused.value, "pgerror", "")) + str(getattr(getattr(
        refused.value, "diag", None), "message_hint", ""))
    assert "CREATE ROLE news_reader" in text and "GRANT news_reader TO plain" in text, text
    # 2. A warehouse user with CREATEROLE creates the role and may become it.
    _admin(server, "CREATE ROLE creator LOGIN CREATEROLE", "CREATE DATABASE creator_wh OWNER creator")
    creator = _user_dsn(server, "creator", "creator_wh")
    _migrate(creator)
    _assert_reader_works(creator)
    # 3. What docker/create-warehouse-db.sh does for the plain user: then its migration passes.
    _admin(server, "GRANT news_reader TO plain")
    _migrate(plain)
    _assert_reader_works(plain)
    # 4. Re-running 009 (idempotent) as either user changes nothing and fails nothing.
    from newsflow.warehouse.migrate import SQL_DIR

    for dsn in (plain, creator):
        conn = psycopg2.connect(dsn)
        try:
            with conn.cursor() as cur:
                cur.execute((SQL_DIR / "009_news_reader.sql").read_text())
            conn.commit()
        finally:
            conn.close()
        _assert_reader_works(dsn)
