"""Incremental analytics marts: news.mv_daily_entity_mentions and news.mv_entity_cooccurrence.

(The speaker rollups, news.v_top_speakers_daily and news.v_quotes_by_outlet, are plain views read
live, with counts per kind class and confidence bucket since migration 012: a threshold is applied
when they are read, so they have nothing to refresh and nothing to go stale.)

Migration 006 made them tables (same names and columns as the old materialised views) and
queues every article whose enrichment, status, day or entities change in news.marts_dirty.
A refresh consumes that queue and touches only those articles: it subtracts what each one
contributed at the last refresh (news.marts_article_entities), adds what it contributes
now, recomputes the (day, entity) rows they touch and applies per-pair deltas to the
co-occurrence, so its cost follows the day's work instead of the warehouse's size.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from newsflow.warehouse import db

# The rollups' from-scratch definitions: the views of 012_confidence_marts.sql (the SELECTs of the
# materialised views of 003), the one place each is defined. news.marts_rebuild() fills the tables
# from them; a refresh must equal them (the bench and the tests compare).
FULL_DAILY_SQL = """
SELECT day, entity_key, canonical_name, label, mentions, articles FROM news.v_mart_daily_entity_mentions
"""
FULL_COOCCURRENCE_SQL = """
SELECT entity_a, name_a, label_a, entity_b, name_b, label_b, articles FROM news.v_mart_entity_cooccurrence
"""

log = logging.getLogger(__name__)

#: pg_advisory_xact_lock key serialising refreshes and rebuilds ("marts").
LOCK_KEY = 0x6D61727473

TABLES = ("news.mv_daily_entity_mentions", "news.mv_entity_cooccurrence")

# Each statement runs under READ COMMITTED after the lock is held, so it sees everything the
# previous refresh committed. The queue is consumed before the articles are read: a change
# committed in between is read now and stays queued, and re-applying it later is a no-op.
_CONSUME = """
    CREATE TEMP TABLE marts_batch (article_id uuid PRIMARY KEY) ON COMMIT DROP;
    WITH consumed AS (DELETE FROM news.marts_dirty RETURNING article_id)
    INSERT INTO marts_batch SELECT DISTINCT article_id FROM consumed;
"""
# Without statistics on the batch the planner guesses ~2000 rows and hashes whole tables;
# with them it probes the article and mention indexes for just the queued articles.
_ANALYZE_BATCH = "ANALYZE marts_batch"

_SWAP_CONTRIBUTIONS = """
    CREATE TEMP TABLE marts_old ON COMMIT DROP AS
    SELECT article_id, entity_key, day, mentions, paired
      FROM news.marts_article_entities WHERE false;
    WITH gone AS (
        DELETE FROM news.marts_article_entities c USING marts_batch b
         WHERE c.article_id = b.article_id
        RETURNING c.article_id, c.entity_key, c.day, c.mentions, c.paired)
    INSERT INTO marts_old SELECT * FROM gone;

    -- v_articles carries the population rule (status ok, not a duplicate) and the day.
    CREATE TEMP TABLE marts_new ON COMMIT DROP AS
    SELECT m.article_id, m.entity_key, a.day, count(*)::integer AS mentions, e.label <> 'DATE' AS paired
      FROM marts_batch b
      JOIN news.v_articles a ON a.article_id = b.article_id
      JOIN news.entity_mentions m ON m.article_id = b.article_id
      JOIN news.entities e ON e.entity_key = m.entity_key
     GROUP BY m.article_id, m.entity_key, a.day, e.label;
    INSERT INTO news.marts_article_entities (article_id, entity_key, day, mentions, paired)
    SELECT article_id, entity_key, day, mentions, paired FROM marts_new;
    ANALYZE marts_old;
    ANALYZE marts_new;
"""

_DAILY_KEYS = """
    CREATE TEMP TABLE marts_keys ON COMMIT DROP AS
    SELECT DISTINCT day, entity_key
      FROM (SELECT day, entity_key FROM marts_old UNION ALL SELECT day, entity_key FROM marts_new) k
     WHERE day IS NOT NULL;
    ANALYZE marts_keys;
"""

# The touched (day, entity) rows are recomputed from the stored contributions (an index-only
# read of the articles of that day and entity), never patched, so they cannot drift; a key
# left with no article is deleted.
_DAILY_RECOMPUTE = """
    CREATE TEMP TABLE marts_daily ON COMMIT DROP AS
    SELECT k.day, k.entity_key, coalesce(sum(c.mentions), 0)::bigint AS mentions,
           count(c.article_id)::bigint AS articles
      FROM marts_keys k
      LEFT JOIN news.marts_article_entities c ON c.day = k.day AND c.entity_key = k.entity_key
     GROUP BY k.day, k.entity_key;
    ANALYZE marts_daily;
"""

_DAILY_UPSERT = """
    INSERT INTO news.mv_daily_entity_mentions AS d (day, entity_key, canonical_name, label, mentions, articles)
    SELECT k.day, k.entity_key, e.canonical_name, e.label, k.mentions, k.articles
      FROM marts_daily k JOIN news.entities e ON e.entity_key = k.entity_key
     WHERE k.articles > 0
     ORDER BY k.day, k.entity_key
    ON CONFLICT (day, entity_key) DO UPDATE
       SET canonical_name = EXCLUDED.canonical_name, label = EXCLUDED.label,
           mentions = EXCLUDED.mentions, articles = EXCLUDED.articles
     WHERE (d.canonical_name, d.label, d.mentions, d.articles)
           IS DISTINCT FROM (EXCLUDED.canonical_name, EXCLUDED.label, EXCLUDED.mentions, EXCLUDED.articles)
"""

_DAILY_DELETE = """
    DELETE FROM news.mv_daily_entity_mentions d USING marts_daily k
     WHERE k.articles = 0 AND d.day = k.day AND d.entity_key = k.entity_key
"""

# Every pair an article had or has, with its net change (0 when it had and has it: such
# pairs still refresh the names when an entity was renamed, but are not rewritten otherwise).
_PAIR_DELTAS = """
    CREATE TEMP TABLE marts_pairs ON COMMIT DROP AS
    SELECT entity_a, entity_b, sum(delta)::bigint AS delta
      FROM (SELECT a.entity_key AS entity_a, b.entity_key AS entity_b, -1 AS delta
              FROM marts_old a JOIN marts_old b ON b.article_id = a.article_id AND a.entity_key < b.entity_key
             WHERE a.paired AND b.paired
            UNION ALL
            SELECT a.entity_key, b.entity_key, 1
              FROM marts_new a JOIN marts_new b ON b.article_id = a.article_id AND a.entity_key < b.entity_key
             WHERE a.paired AND b.paired) p
     GROUP BY entity_a, entity_b;
    ANALYZE marts_pairs;
"""

_PAIR_UPSERT = """
    CREATE TEMP TABLE marts_written (entity_a text, entity_b text, articles bigint) ON COMMIT DROP;
    WITH written AS (
    INSERT INTO news.mv_entity_cooccurrence AS c (entity_a, name_a, label_a, entity_b, name_b, label_b, articles)
    SELECT p.entity_a, ea.canonical_name, ea.label, p.entity_b, eb.canonical_name, eb.label, p.delta
      FROM marts_pairs p
      JOIN news.entities ea ON ea.entity_key = p.entity_a
      JOIN news.entities eb ON eb.entity_key = p.entity_b
     ORDER BY p.entity_a, p.entity_b  -- probes in key order: neighbouring index and heap pages
    ON CONFLICT (entity_a, entity_b) DO UPDATE
       SET articles = c.articles + EXCLUDED.articles, name_a = EXCLUDED.name_a, label_a = EXCLUDED.label_a,
           name_b = EXCLUDED.name_b, label_b = EXCLUDED.label_b
     WHERE EXCLUDED.articles <> 0
        OR (c.name_a, c.label_a, c.name_b, c.label_b)
           IS DISTINCT FROM (EXCLUDED.name_a, EXCLUDED.label_a, EXCLUDED.name_b, EXCLUDED.label_b)
    RETURNING entity_a, entity_b, articles)
    INSERT INTO marts_written SELECT entity_a, entity_b, articles FROM written;
"""

# Pairs whose count reached 0 are deleted by key: the upsert's RETURNING names them, and
# ANALYZE tells the planner they are few (else it scans the whole co-occurrence table).
_PAIR_DELETE = """
    ANALYZE marts_written;
    DELETE FROM news.mv_entity_cooccurrence c USING marts_written w
     WHERE w.articles <= 0 AND c.entity_a = w.entity_a AND c.entity_b = w.entity_b AND c.articles <= 0;
"""


def _count(cur: Any, sql: str) -> int:
    cur.execute(sql)
    return int(cur.fetchone()[0])


def refresh_marts(dsn: str) -> dict[str, Any]:
    """Bring both marts up to date with the articles queued since the last refresh.

    One transaction under an advisory lock: two refreshes at once run one after the other,
    and the queue is consumed only if the marts it describes are written too.
    Returns what was done: articles applied, contribution rows read and written, (day,
    entity) rows and days recomputed, pairs whose count changed, rows written, seconds.
    """
    started = time.perf_counter()
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        cur.execute(_CONSUME)
        articles = cur.rowcount
        stats: dict[str, Any] = {"articles": articles, "contributions_old": 0, "contributions_new": 0,
                                 "daily_keys": 0, "days": 0, "daily_rows_written": 0,
                                 "pairs_changed": 0, "pair_rows_written": 0, "pairs_deleted": 0}
        if articles:
            cur.execute(_ANALYZE_BATCH)
            cur.execute(_SWAP_CONTRIBUTIONS)
            stats["contributions_old"] = _count(cur, "SELECT count(*) FROM marts_old")
            stats["contributions_new"] = _count(cur, "SELECT count(*) FROM marts_new")
            cur.execute(_DAILY_KEYS)
            stats["daily_keys"] = _count(cur, "SELECT count(*) FROM marts_keys")
            stats["days"] = _count(cur, "SELECT count(DISTINCT day) FROM marts_keys")
            cur.execute(_DAILY_RECOMPUTE)
            cur.execute(_DAILY_UPSERT)
            written = cur.rowcount
            cur.execute(_DAILY_DELETE)
            stats["daily_rows_written"] = written + cur.rowcount
            cur.execute(_PAIR_DELTAS)
            stats["pairs_changed"] = _count(cur, "SELECT count(*) FROM marts_pairs WHERE delta <> 0")
            cur.execute(_PAIR_UPSERT)
            stats["pair_rows_written"] = cur.rowcount
            cur.execute(_PAIR_DELETE)
            stats["pairs_deleted"] = cur.rowcount
    stats["seconds"] = round(time.perf_counter() - started, 4)
    log.info("marts refreshed: %s", stats)
    return stats


def rebuild_marts(dsn: str) -> dict[str, Any]:
    """Recompute both marts from scratch (a repair, or after loading with triggers disabled);
    its cost follows the warehouse, so the DAG never does this."""
    started = time.perf_counter()
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        cur.execute("SELECT news.marts_rebuild()")
        contributions = int(db.fetch_one(cur)[0])
    return {"contributions": contributions, "seconds": round(time.perf_counter() - started, 4)}


def pending(dsn: str) -> int:
    """Distinct articles waiting for the next refresh."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        return _count(cur, "SELECT count(DISTINCT article_id) FROM news.marts_dirty")
