"""The PostgreSQL server a benchmark creates its scratch databases on.

Why one helper: every database benchmark takes ``--dsn`` (an existing server) or else starts a
throwaway embedded server in a temporary folder, and must stop and remove it afterwards.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
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


def send_conditional(handler: BaseHTTPRequestHandler, body: bytes, ctype: str, etag: str) -> int:
    """Answer a GET with an ETag: 304 when If-None-Match names it, else 200 with the body.
    Returns the status sent (the simulated sites' feeds and pages)."""
    if handler.headers.get("If-None-Match") == etag:
        handler.send_response(304)
        handler.send_header("ETag", etag)
        handler.end_headers()
        return 304
    handler.send_response(200)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("ETag", etag)
    handler.end_headers()
    handler.wfile.write(body)
    return 200
