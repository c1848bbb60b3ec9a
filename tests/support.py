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


# The SELECTs of the materialised views in 003_analytics_views.sql, verbatim.
FULL_DAILY = """
SELECT day, entity_key, canonical_name, label,
       sum(mentions)::bigint AS mentions, count(DISTINCT article_id)::bigint AS articles
  FROM news.v_entity_article_mentions
 WHERE day IS NOT NULL
 GROUP BY day, entity_key, canonical_name, label
"""
FULL_COOCCURRENCE = """
SELECT a.entity_key AS entity_a, ea.canonical_name AS name_a, ea.label AS label_a,
       b.entity_key AS entity_b, eb.canonical_name AS name_b, eb.label AS label_b,
       count(*)::bigint AS articles
  FROM (SELECT DISTINCT article_id, entity_key FROM news.entity_mentions
         WHERE article_id IN (SELECT article_id FROM news.v_articles)) a
  JOIN (SELECT DISTINCT article_id, entity_key FROM news.entity_mentions) b
    ON a.article_id = b.article_id AND a.entity_key < b.entity_key
  JOIN news.entities ea ON ea.entity_key = a.entity_key
  JOIN news.entities eb ON eb.entity_key = b.entity_key
 WHERE ea.label <> 'DATE' AND eb.label <> 'DATE'
 GROUP BY 1, 2, 3, 4, 5, 6
"""
DAILY_COLUMNS = "day, entity_key, canonical_name, label, mentions, articles"
PAIR_COLUMNS = "entity_a, name_a, label_a, entity_b, name_b, label_b, articles"


def incremental(dsn: str) -> tuple[list[tuple], list[tuple]]:
    return (sorted(query(dsn, f"SELECT {DAILY_COLUMNS} FROM news.mv_daily_entity_mentions")),
            sorted(query(dsn, f"SELECT {PAIR_COLUMNS} FROM news.mv_entity_cooccurrence")))


def from_scratch(dsn: str) -> tuple[list[tuple], list[tuple]]:
    return sorted(query(dsn, FULL_DAILY)), sorted(query(dsn, FULL_COOCCURRENCE))


def assert_exact(dsn: str) -> None:
    """The incremental marts equal what the 003 definitions compute from scratch."""
    daily, pairs = incremental(dsn)
    full_daily, full_pairs = from_scratch(dsn)
    assert daily == full_daily
    assert pairs == full_pairs
