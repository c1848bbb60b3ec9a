"""The PostgreSQL server a benchmark creates its scratch databases on.

Why one helper: every database benchmark takes ``--dsn`` (an existing server) or else starts a
throwaway embedded server in a temporary folder, and must stop and remove it afterwards.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def bench_server(dsn: str | None, name: str) -> Iterator[str]:
    """``dsn`` when given, else a throwaway embedded server (stopped and deleted on exit)."""
    if dsn:
        yield dsn
        return
    from newsflow.warehouse import db

    tmp = Path(tempfile.mkdtemp(prefix=f"newsflow-bench-{name}-"))
    tmp.chmod(0o755)
    server_dsn = db.start_embedded(tmp / "pgdata")
    try:
        yield server_dsn
    finally:
        db.stop_embedded(tmp / "pgdata")
        shutil.rmtree(tmp, ignore_errors=True)
