"""Helpers the test modules share (``tests/`` is on ``sys.path``: see pyproject's pytest ``pythonpath``)."""

from __future__ import annotations

import socket

from newsflow.warehouse import db


def query(dsn: str, sql: str, params=None) -> list[tuple]:
    """Rows of one statement (``[]`` for a statement that returns none)."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall() if cur.description else []


def closed_port() -> int:
    """A loopback port nothing listens on (bound once, then released)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
