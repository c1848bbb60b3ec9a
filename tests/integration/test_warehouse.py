"""The warehouse on a real embedded PostgreSQL: migrations, bulk upserts, all-or-nothing batches."""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from datetime import UTC, datetime

import psycopg2
import psycopg2.extensions
import pytest

from newsflow.warehouse import db, migrate
from newsflow.warehouse.load import bulk_upsert

from support import query

EXPECTED_TABLES = {"feeds", "feed_fetches", "articles", "feed_entries", "article_html", "pipeline_runs",
                   "schema_migrations"}


def table_md5(dsn: str, table: str) -> str:
    return query(dsn, f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM news.{table} t")[0][0]


# ----------------------------------------------------------------------- DSN


def test_dsn_resolution_order(monkeypatch):
    from newsflow.settings import get_settings

    assert db.resolve_dsn("postgresql://explicit/db") == "postgresql://explicit/db"
    monkeypatch.setenv("NEWSFLOW_WAREHOUSE_DSN", "postgresql://env/db")
    get_settings.cache_clear()
    assert db.resolve_dsn(None, start=False) == "postgresql://env/db"
    monkeypatch.setenv(db.CONN_ENV, "postgres://u:p@airflow-host:5433/warehouse")
    assert db.resolve_dsn(None, start=False) == "postgresql://u:p@airflow-host:5433/warehouse"
    monkeypatch.setenv(db.CONN_ENV, '{"conn_type": "postgres", "login": "u s", "password": "p@ss",'
                                    ' "host": "h", "port": 5432, "schema": "wh"}')
    assert psycopg2.extensions.parse_dsn(db.resolve_dsn(None, start=False)) == {
        "user": "u s", "password": "p@ss", "host": "h", "port": "5432", "dbname": "wh"}
    monkeypatch.delenv(db.CONN_ENV)
    monkeypatch.delenv("NEWSFLOW_WAREHOUSE_DSN")
    get_settings.cache_clear()
    with pytest.raises(RuntimeError):
        db.resolve_dsn(None, start=False)


def test_describe_dsn_hides_password():
    text = db.describe_dsn("postgresql://alice:topsecret@dbhost:5433/news")
    assert "topsecret" not in text
    assert "alice" in text and "dbhost:5433" in text and "news" in text


# ----------------------------------------------------------------- migrations


def test_migrations_from_zero_comment_every_table_and_column(dsn):
    conn = db.connect(dsn)
    try:
        applied = migrate.migrate(conn)
    finally:
        conn.close()
    assert applied == [m.path.name for m in migrate.discover()]
    tables = {r[0] for r in query(dsn, "SELECT table_name FROM information_schema.tables "
                                       "WHERE table_schema = 'news' AND table_type = 'BASE TABLE'")}
    assert EXPECTED_TABLES <= tables
    uncommented_tables = query(dsn, """
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'news' AND c.relkind IN ('r', 'p', 'v', 'm')
           AND coalesce(obj_description(c.oid, 'pg_class'), '') = ''
    """)
    assert uncommented_tables == []
    assert uncommented_columns(dsn, "'r', 'p'") == []
    # the keys that make re-runs idempotent are there
    uniques = {r[0] for r in query(dsn, """
        SELECT conrelid::regclass::text || ':' || pg_get_constraintdef(oid)
          FROM pg_constraint WHERE connamespace = 'news'::regnamespace AND contype IN ('p', 'u')
    """)}
    assert "news.articles:UNIQUE (canonical_url)" in uniques
    assert "news.feed_entries:PRIMARY KEY (feed_name, entry_key)" in uniques


def uncommented_columns(dsn: str, relkinds: str) -> list[str]:
    return [r[0] for r in query(dsn, f"""
        SELECT c.relname || '.' || a.attname
          FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'news' AND c.relkind IN ({relkinds})
           AND a.attnum > 0 AND NOT a.attisdropped
           AND coalesce(col_description(c.oid, a.attnum), '') = ''
         ORDER BY 1
    """)]


def test_view_columns_are_commented(migrated_dsn):
    assert uncommented_columns(migrated_dsn, "'v', 'm'") == []


def test_remigrate_is_a_noop(migrated_dsn):
    before = query(migrated_dsn, "SELECT version, name, checksum, applied_at FROM news.schema_migrations")
    conn = db.connect(migrated_dsn)
    try:
        assert migrate.migrate(conn) == []
        assert migrate.applied(conn) == [(v, n) for v, n, _, _ in sorted(before)]
    finally:
        conn.close()
    assert query(migrated_dsn, "SELECT version, name, checksum, applied_at FROM news.schema_migrations") == before


def test_applied_on_an_empty_database(dsn):
    conn = db.connect(dsn)
    try:
        assert migrate.applied(conn) == []
    finally:
        conn.close()


def _lock_is_free(dsn: str) -> bool:
    conn = db.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(%s)", (migrate._LOCK_KEY,))
            got = cur.fetchone()[0]
            if got:
                cur.execute("SELECT pg_advisory_unlock(%s)", (migrate._LOCK_KEY,))
        return got
    finally:
        conn.close()


def test_edited_applied_migration_raises(dsn, tmp_path):
    sql_dir = tmp_path / "sql"
    shutil.copytree(migrate.SQL_DIR, sql_dir)
    conn = db.connect(dsn)
    try:
        assert migrate.migrate(conn, sql_dir)
        first = sorted(sql_dir.glob("*.sql"))[0]
        first.write_text(first.read_text() + "\n-- edited after it was applied\n")
        with pytest.raises(migrate.MigrationError, match="changed after it was applied"):
            migrate.migrate(conn, sql_dir)
    finally:
        conn.close()
    assert _lock_is_free(dsn)  # the advisory lock was released on the error path


def test_failing_migration_leaves_nothing_behind(dsn, tmp_path):
    sql_dir = tmp_path / "sql"
    shutil.copytree(migrate.SQL_DIR, sql_dir)
    (sql_dir / "900_broken.sql").write_text(
        "CREATE TABLE news.half_done (id int);\nSELECT * FROM news.no_such_table;\n"
    )
    conn = db.connect(dsn)
    try:
        with pytest.raises(psycopg2.errors.UndefinedTable):
            migrate.migrate(conn, sql_dir)
    finally:
        conn.close()
    assert query(dsn, "SELECT to_regclass('news.half_done')") == [(None,)]
    versions = [v for (v,) in query(dsn, "SELECT version FROM news.schema_migrations")]
    assert 900 not in versions
    assert versions  # the good ones before it were applied and kept
    assert _lock_is_free(dsn)


def test_bad_migration_file_name_is_rejected(tmp_path):
    (tmp_path / "1_bad.sql").write_text("SELECT 1;")
    with pytest.raises(migrate.MigrationError, match="NNN_name"):
        migrate.discover(tmp_path)


def test_concurrent_migrators_apply_each_migration_once(dsn):
    n = 4
    barrier = threading.Barrier(n)
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def run() -> None:
        conn = db.connect(dsn)
        try:
            barrier.wait(timeout=10)
            results.append(migrate.migrate(conn))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    expected = [m.path.name for m in migrate.discover()]
    assert sorted(results, key=len) == [[]] * (n - 1) + [expected]
    rows = query(dsn, "SELECT version, count(*) FROM news.schema_migrations GROUP BY 1")
    assert len(rows) == len(expected) and all(c == 1 for _, c in rows)


# ----------------------------------------------------------------- bulk upsert

FEED_COLS = ["feed_name", "url", "title", "tags", "enabled"]


def upsert_feeds(dsn: str, rows) -> int:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        return bulk_upsert(cur, "feeds", FEED_COLS, rows, conflict=["feed_name"], touch="updated_at")


def test_bulk_upsert_is_idempotent(migrated_dsn):
    rows = [
        ("a", "http://x.org/a", "A", ["world"], True),
        ("b", "http://x.org/b", None, [], False),
        ("c", "http://x.org/c", "C, with \"quotes\"", ["x", "y"], True),
    ]
    assert upsert_feeds(migrated_dsn, rows) == 3
    first = table_md5(migrated_dsn, "feeds")
    assert upsert_feeds(migrated_dsn, rows) == 0
    assert table_md5(migrated_dsn, "feeds") == first  # updated_at untouched too
    changed = [rows[0], rows[1], ("c", "http://x.org/c", "C renamed", ["x", "y"], True)]
    before = dict(query(migrated_dsn, "SELECT feed_name, updated_at FROM news.feeds"))
    time.sleep(0.01)
    assert upsert_feeds(migrated_dsn, changed) == 1
    after = dict(query(migrated_dsn, "SELECT feed_name, updated_at FROM news.feeds"))
    assert after["a"] == before["a"] and after["b"] == before["b"] and after["c"] > before["c"]
    assert query(migrated_dsn, "SELECT title FROM news.feeds WHERE feed_name = 'c'") == [("C renamed",)]
    assert upsert_feeds(migrated_dsn, []) == 0


def test_bulk_upsert_values_round_trip(migrated_dsn):
    tricky = ["a,b", 'quote"d', "back\\slash", "{brace}", "NULL", "", "ünïcødé ✓", "multi\nline", "tab\there"]
    rows = [
        ("nulltitle", "http://x.org/1", None, [], True),
        ("emptytitle", "http://x.org/2", "", [""], True),
        ("tricky", "http://x.org/3?a=1&b=2", 'He said, "no"\r\nthen \\left\t.', tricky, False),
        ("nullelem", "http://x.org/4", "NUL\x00byte", [None, "x"], True),
    ]
    assert upsert_feeds(migrated_dsn, rows) == 4
    got = {r[0]: r[1:] for r in query(migrated_dsn, "SELECT feed_name, url, title, tags, enabled FROM news.feeds")}
    assert got["nulltitle"] == ("http://x.org/1", None, [], True)
    assert got["emptytitle"] == ("http://x.org/2", "", [""], True)
    assert got["tricky"] == ("http://x.org/3?a=1&b=2", 'He said, "no"\r\nthen \\left\t.', tricky, False)
    assert got["nullelem"] == ("http://x.org/4", "NULbyte", [None, "x"], True)  # NUL cannot be stored
    assert upsert_feeds(migrated_dsn, rows) == 0  # and the same values compare equal next time


def test_bulk_upsert_bytea_json_uuid_timestamps(migrated_dsn):
    upsert_feeds(migrated_dsn, [("f", "http://x.org/f", None, [], True)])
    aid = uuid.uuid4()
    when = datetime(2026, 11, 24, 9, 30, 15, 123456, tzinfo=UTC)
    payload = bytes(range(256)) * 3
    params = {"feeds": ["a", "b"], "force": True, "note": 'qu"ote, back\\slash, ünï', "n": None,
              "nested": {"x": [1, 2.5, {"y": "z"}]}}
    with db.connection(migrated_dsn) as conn, conn.cursor() as cur:
        bulk_upsert(cur, "articles",
                    ["article_id", "feed_name", "entry_key", "url", "canonical_url", "status", "simhash",
                     "published_at", "authors"],
                    [(aid, "f", "k", "http://x.org/a", "http://x.org/a", "ok", -(2**63), when, ["Ann O'Neil"])],
                    conflict=["article_id"])
        bulk_upsert(cur, "article_html",
                    ["article_id", "raw_bytes", "sha256", "html_gz", "fetched_at"],
                    [(aid, len(payload), "x" * 64, payload, when)], conflict=["article_id"])
        bulk_upsert(cur, "pipeline_runs", ["run_id", "stage", "started_at", "status", "params"],
                    [("r1", "ingest", when, "success", params)], conflict=["run_id", "stage"])
    assert query(migrated_dsn, "SELECT article_id, simhash, published_at, authors FROM news.articles") == [
        (str(aid), -(2**63), when, ["Ann O'Neil"])
    ]
    (blob,) = query(migrated_dsn, "SELECT html_gz FROM news.article_html")[0]
    assert bytes(blob) == payload
    assert query(migrated_dsn, "SELECT params FROM news.pipeline_runs") == [(params,)]


def test_bulk_upsert_duplicate_keys_in_one_batch(migrated_dsn):
    rows = [("d", "http://x.org/d", "one", [], True), ("d", "http://x.org/d", "one", [], True)]
    assert upsert_feeds(migrated_dsn, rows) == 1
    assert query(migrated_dsn, "SELECT count(*) FROM news.feeds") == [(1,)]


def _article(feed: str, n: int, status: str = "ok") -> tuple:
    url = f"http://x.org/{n}"
    return (uuid.uuid5(uuid.NAMESPACE_URL, url), feed, f"k{n}", url, url, status)


ART_COLS = ["article_id", "feed_name", "entry_key", "url", "canonical_url", "status"]


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (_article("f", 2, status="bogus"), psycopg2.errors.CheckViolation),
        (_article("no-such-feed", 2), psycopg2.errors.ForeignKeyViolation),
        (_article("f", 2)[:3] + (None,) + _article("f", 2)[4:], psycopg2.errors.NotNullViolation),
    ],
    ids=["check", "foreign-key", "not-null"],
)
def test_failed_batch_leaves_nothing_behind(migrated_dsn, bad, error):
    with pytest.raises(error):
        with db.connection(migrated_dsn) as conn, conn.cursor() as cur:
            # like the pipeline's batches: several tables in one transaction
            bulk_upsert(cur, "feeds", FEED_COLS, [("f", "http://x.org/f", None, [], True)], ["feed_name"])
            bulk_upsert(cur, "articles", ART_COLS, [_article("f", 1), bad, _article("f", 3)], ["article_id"])
    for table in ("feeds", "articles"):
        assert query(migrated_dsn, f"SELECT count(*) FROM news.{table}") == [(0,)], table
    # the same connection path works afterwards (no stale staging table or lock)
    assert upsert_feeds(migrated_dsn, [("f", "http://x.org/f", None, [], True)]) == 1


def test_connection_killed_mid_load_leaves_nothing_behind(migrated_dsn):
    rows = [(f"feed-{i}", f"http://x.org/{i}", f"t{i}", ["x"], True) for i in range(500)]
    holder = db.connect(migrated_dsn)
    loader_pid: list[int] = []
    outcome: list[BaseException | int] = []

    def load() -> None:
        try:
            with db.connection(migrated_dsn) as conn, conn.cursor() as cur:
                loader_pid.append(conn.get_backend_pid())
                outcome.append(bulk_upsert(cur, "feeds", FEED_COLS, rows, ["feed_name"]))
        except BaseException as exc:  # noqa: BLE001 - asserted below
            outcome.append(exc)

    try:
        with holder.cursor() as cur:
            # A SHARE lock lets the loader create its staging table and COPY, but blocks its INSERT.
            cur.execute("LOCK TABLE news.feeds IN SHARE MODE")
        thread = threading.Thread(target=load)
        thread.start()
        deadline = time.monotonic() + 10
        waiting = False
        while time.monotonic() < deadline and not waiting:
            time.sleep(0.05)
            if loader_pid:
                waiting = query(
                    migrated_dsn,
                    "SELECT wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO%%' FROM pg_stat_activity "
                    "WHERE pid = %s", (loader_pid[0],),
                ) == [(True,)]
        assert waiting, "loader never reached its INSERT"
        # (its staging table and the COPY into it exist only inside its open transaction)
        assert query(migrated_dsn, "SELECT pg_terminate_backend(%s)", (loader_pid[0],)) == [(True,)]
        thread.join(timeout=10)
    finally:
        holder.rollback()
        holder.close()
    assert len(outcome) == 1 and isinstance(outcome[0], psycopg2.Error), outcome
    assert query(migrated_dsn, "SELECT count(*) FROM news.feeds") == [(0,)]
    assert query(migrated_dsn, "SELECT count(*) FROM pg_class WHERE relname = 'stage_feeds'") == [(0,)]
