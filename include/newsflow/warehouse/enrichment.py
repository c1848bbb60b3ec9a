"""news.enrich_batches, news.article_enrichment, news.entities, news.entity_mentions and
news.quotes: what enrich claims, stores and checks."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from newsflow.statuses import EnrichmentStatus
from newsflow.warehouse import db
from newsflow.warehouse.articles import ANALYSABLE, lock_still_analysable
from newsflow.warehouse.entity_aliases import record_aliases, remember_keys
from newsflow.warehouse.load import bulk_upsert

log = logging.getLogger(__name__)

#: The key prefix of an unnamed source's description ('anon:officials'; speaker_label ANON):
#: a quote's speaker_key is an entity key or such a description key (migration 014).
DESCRIPTION_PREFIX = "anon:"
DEFAULT_BATCH_SIZE = 50  # articles per claimed batch (one mapped analyze task)
MAX_BATCHES = 1000  # below Airflow's max_map_length (1024)
_STREAM_ROWS = 20
#: An article whose analysis raised is retried by later runs after 30 min, 1 h, 2 h …, and given
#: up after MAX_ATTEMPTS failures in a row (until its text or the model changes).
MAX_ATTEMPTS = 3
RETRY_BACKOFF = timedelta(minutes=30)
WATERMARK_MARGIN = timedelta(hours=1)
_RETRY_DUE = f"(e.status = '{EnrichmentStatus.ERROR.value}' AND e.next_attempt_at <= now())"

_MENTION_COLUMNS = ["article_id", "start_char", "end_char", "entity_key", "label", "surface",
                    "sentence_start", "sentence_end"]
_QUOTE_COLUMNS = ["quote_id", "article_id", "start_char", "end_char", "spans", "quote_text", "kind",
                  "cue", "cue_start", "cue_end", "speaker_start", "speaker_end", "speaker_text",
                  "speaker", "speaker_label", "speaker_key", "confidence"]
_ENRICHMENT_COLUMNS = ["article_id", "status", "status_reason", "model", "content_hash",
                       "entity_count", "quote_count", "batch_key", "attempts", "next_attempt_at"]


class DataQualityError(Exception):
    """The warehouse failed a data-quality check; the message lists every failed check."""


def _candidate_filter(reprocess: str, since: datetime | None, until: datetime | None, model: str) -> tuple[str, dict]:
    """SQL condition choosing the articles an enrich run should (re)analyse."""
    params: dict[str, Any] = {"model": model, "since": since, "until": until}
    base = f"{ANALYSABLE} AND a.text IS NOT NULL"
    if reprocess == "all":
        return base, params
    if reprocess == "window":
        if since is None and until is None:
            raise ValueError("reprocess='window' needs since and/or until")
        return (
            base + " AND (%(since)s::timestamptz IS NULL OR a.published_at >= %(since)s)"
            " AND (%(until)s::timestamptz IS NULL OR a.published_at < %(until)s)",
            params,
        )
    if reprocess == "model":  # everything not produced by the current model, and failures due again
        return base + f" AND (e.article_id IS NULL OR e.model <> %(model)s OR {_RETRY_DUE})", params
    if reprocess != "none":
        raise ValueError(f"reprocess must be none, all, window or model, not {reprocess!r}")
    # New articles, those whose text changed since they were analysed (a re-download), and
    # failures whose backoff has passed.
    return base + (" AND (e.article_id IS NULL OR e.content_hash IS DISTINCT FROM a.content_hash"
                   f" OR {_RETRY_DUE})"), params


def _watermark(cur: Any) -> datetime | None:
    """Articles changed before this cannot need a routine (reprocess=none) run: the start of the
    latest successful enrich run, less a margin for ingest transactions still open then (their
    updated_at is their start time). None before the first success: look at everything."""
    cur.execute(
        "SELECT max(started_at) - %s FROM news.pipeline_runs WHERE stage = 'enrich' AND status = 'success'",
        (WATERMARK_MARGIN,),
    )
    return cur.fetchone()[0]


def _drop_stale_enrichment(cur: Any, changed_since: datetime | None) -> None:
    """Articles that left the analysable set (now a duplicate, or re-fetched into a non-ok
    status) lose their entities and quotes, so analytics never count them. Leaving the set
    touches the article's updated_at, so only articles changed since the watermark are read."""
    stale = f"""SELECT r.article_id FROM news.article_enrichment r JOIN news.articles a USING (article_id)
                WHERE (NOT ({ANALYSABLE}) OR a.text IS NULL)
                  AND (%(since)s::timestamptz IS NULL OR a.updated_at >= %(since)s)"""
    for table in ("entity_mentions", "quotes", "article_enrichment"):
        cur.execute(f"DELETE FROM news.{table} WHERE article_id IN ({stale})", {"since": changed_since})


def claim_batches(
    dsn: str,
    run_id: str,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    reprocess: str = "none",
    since: datetime | None = None,
    until: datetime | None = None,
    model: str,
) -> list[str]:
    """Split the articles to analyse into batches recorded in news.enrich_batches; return keys.

    A routine run (reprocess=none) reads only articles changed since the last successful run
    (index on updated_at) plus failures due for a retry, so its cost follows the day's work."""
    condition, params = _candidate_filter(reprocess, since, until, model)
    batch_size = max(1, batch_size)
    with db.connection(dsn) as conn, conn.cursor() as cur:
        changed_since = _watermark(cur)
        _drop_stale_enrichment(cur, changed_since)
        params["changed_since"] = changed_since if reprocess == "none" else None
        cur.execute(
            f"""
            SELECT a.article_id, a.published_at FROM news.articles a
              LEFT JOIN news.article_enrichment e ON e.article_id = a.article_id
             WHERE {condition}
               AND (%(changed_since)s::timestamptz IS NULL OR a.updated_at >= %(changed_since)s)
            UNION
            SELECT a.article_id, a.published_at FROM news.article_enrichment e
              JOIN news.articles a ON a.article_id = e.article_id
             WHERE %(changed_since)s::timestamptz IS NOT NULL AND {condition} AND {_RETRY_DUE}
            ORDER BY 2 NULLS LAST, 1
            """,
            params,
        )
        ids = [row[0] for row in cur.fetchall()]
        if len(ids) > batch_size * MAX_BATCHES:
            batch_size = -(-len(ids) // MAX_BATCHES)
        cur.execute("DELETE FROM news.enrich_batches WHERE run_id = %s", (run_id,))
        keys: list[str] = []
        rows: list[tuple[str, Any, str]] = []
        for n, start in enumerate(range(0, len(ids), batch_size)):
            key = f"{run_id}#{n:04d}"
            keys.append(key)
            rows.extend((key, aid, run_id) for aid in ids[start : start + batch_size])
        bulk_upsert(cur, "enrich_batches", ["batch_key", "article_id", "run_id"], rows,
                    ["batch_key", "article_id"], update=[])
    log.info("claimed %d articles in %d batches", len(ids), len(keys))
    return keys


def stream_batch_texts(dsn: str, batch_key: str) -> Iterator[tuple[uuid.UUID, str, str | None, str | None]]:
    """(article id, text, content hash, declared language) of a batch, read through a
    server-side cursor."""
    conn = db.connect(dsn)
    try:
        with conn.cursor(name=f"enrich_{uuid.uuid4().hex[:8]}") as cur:
            cur.itersize = _STREAM_ROWS
            cur.execute(
                """
                SELECT a.article_id, a.text, a.content_hash, a.language FROM news.enrich_batches b
                  JOIN news.articles a ON a.article_id = b.article_id
                 WHERE b.batch_key = %s ORDER BY a.article_id
                """,
                (batch_key,),
            )
            for aid, text, digest, language in cur:
                yield uuid.UUID(str(aid)), text, digest, language
    finally:
        conn.close()


def store_batch(dsn: str, batch_key: str, seen: list[tuple[uuid.UUID, str | None]],
                rows: Any) -> tuple[list[str], list[str]]:
    """Replace the batch's articles' rows in one transaction (`rows`: enrich's batch rows:
    entities, mentions, quotes, enrichment, keep_only(), failure_rows()), recording the keys the
    replace retired as aliases of their new keys; returns the ids stored and the ids that left the
    analysable set after the claim."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        # An ingest may have linked an article as a duplicate, or re-fetched it into another
        # status or text, since the claim: it keeps no rows (its older ones are stale too; a
        # changed text is claimed again by the next run) and the batch counts it.
        still = lock_still_analysable(cur, dict(seen))
        left = [str(aid) for aid, _ in seen if aid not in still]
        if left:
            rows.keep_only(still)
            cur.execute("DELETE FROM news.article_enrichment WHERE article_id = ANY(%s::uuid[])", (left,))
            log.warning("batch %s: %d article(s) left the analysable set after the claim; not stored: %s",
                        batch_key, len(left), ", ".join(left))
        every = [str(aid) for aid, _ in seen]
        ids = [aid for aid in every if aid not in left]
        remember_keys(cur, every)  # so keys the replace changes become aliases (entity_aliases)
        cur.execute("DELETE FROM news.entity_mentions WHERE article_id = ANY(%s::uuid[])", (every,))
        cur.execute("DELETE FROM news.quotes WHERE article_id = ANY(%s::uuid[])", (every,))
        bulk_upsert(cur, "entities", ["entity_key", "canonical_name", "label"], list(rows.entities.values()),
                    ["entity_key"], update=[])
        bulk_upsert(cur, "entity_mentions", _MENTION_COLUMNS, rows.mentions,
                    ["article_id", "start_char", "end_char"])
        bulk_upsert(cur, "quotes", _QUOTE_COLUMNS, rows.quotes, ["quote_id"])
        record_aliases(cur, every)
        cur.execute(
            "SELECT article_id, attempts FROM news.article_enrichment"
            " WHERE status = %s AND article_id = ANY(%s::uuid[])", (EnrichmentStatus.ERROR.value, ids))
        earlier = cur.fetchall()
        cur.execute("SELECT now()")
        now = db.fetch_one(cur)[0]
        failures = rows.failure_rows({uuid.UUID(str(r[0])): r[1] for r in earlier}, now)
        bulk_upsert(cur, "article_enrichment", _ENRICHMENT_COLUMNS, rows.enrichment + failures,
                    ["article_id"], touch="analyzed_at")
    return ids, left


# -------------------------------------------------------------- data quality

#: name -> (alias of the table whose article_id scopes the check, query counting bad rows)
QUALITY_CHECKS: dict[str, tuple[str, str]] = {
    "quote offsets inside their article": ("q", """
        SELECT count(*) FROM news.quotes q JOIN news.articles a USING (article_id)
         WHERE (q.end_char > length(a.text) OR q.start_char < 0 OR q.end_char <= q.start_char)
           AND {scope}"""),
    "quote spans inside their article": ("q", """
        SELECT count(*) FROM news.quotes q JOIN news.articles a USING (article_id),
               jsonb_array_elements(q.spans) s
         WHERE ((s->>0)::int < q.start_char OR (s->>1)::int > q.end_char
            OR (s->>1)::int > length(a.text)) AND {scope}"""),
    "mention text equals the article text at its offsets": ("m", """
        SELECT count(*) FROM news.entity_mentions m JOIN news.articles a USING (article_id)
         WHERE substr(a.text, m.start_char + 1, m.end_char - m.start_char) <> m.surface AND {scope}"""),
    "every mention has its entity": ("m", """
        SELECT count(*) FROM news.entity_mentions m
          LEFT JOIN news.entities e USING (entity_key) WHERE e.entity_key IS NULL AND {scope}"""),
    "resolved speakers are known entities or descriptions": ("q", f"""
        SELECT count(*) FROM news.quotes q LEFT JOIN news.entities e ON e.entity_key = q.speaker_key
         WHERE q.speaker_key IS NOT NULL AND e.entity_key IS NULL
           AND NOT (q.speaker_label = 'ANON' AND q.speaker_key LIKE '{DESCRIPTION_PREFIX}%%') AND {{scope}}"""),
    "enrichment counts match stored rows": ("r", f"""
        SELECT count(*) FROM news.article_enrichment r
         WHERE r.status = '{EnrichmentStatus.OK.value}' AND {{scope}} AND (
               r.entity_count <> (SELECT count(*) FROM news.entity_mentions m WHERE m.article_id = r.article_id)
            OR r.quote_count <> (SELECT count(*) FROM news.quotes q WHERE q.article_id = r.article_id))"""),
    "only clean, non-duplicate articles enriched": ("q", f"""
        SELECT count(*) FROM news.quotes q JOIN news.articles a USING (article_id)
         WHERE NOT ({ANALYSABLE}) AND {{scope}}"""),
}
_RUN_SCOPE = "{alias}.article_id IN (SELECT article_id FROM news.enrich_batches WHERE run_id = %(run_id)s)"


def quality_checks(dsn: str, run_id: str | None = None) -> dict[str, int]:
    """Run every check; raise DataQualityError naming each failing one.

    With ``run_id`` the checks read only the articles that run claimed, so their cost
    follows the run's size rather than the warehouse's (stale rows of articles that
    left the analysable set are removed at claim time); without it, the whole warehouse."""
    failures: dict[str, int] = {}
    counts: dict[str, int] = {}
    with db.connection(dsn) as conn, conn.cursor() as cur:
        for name, (alias, query) in QUALITY_CHECKS.items():
            scope = _RUN_SCOPE.format(alias=alias) if run_id is not None else "TRUE"
            cur.execute(query.format(scope=scope), {"run_id": run_id})
            bad = db.fetch_one(cur)[0]
            counts[name] = bad
            if bad:
                failures[name] = bad
    if failures:
        raise DataQualityError("; ".join(f"{name}: {n} bad rows" for name, n in failures.items()))
    return counts


def enrich_summary(dsn: str) -> dict[str, Any]:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT status, count(*) FROM news.article_enrichment GROUP BY 1")
        statuses = dict(cur.fetchall())
        cur.execute("SELECT count(*) FROM news.entity_mentions")
        mentions = db.fetch_one(cur)[0]
        cur.execute("SELECT kind, count(*) FROM news.quotes GROUP BY 1")
        quotes = dict(cur.fetchall())
    return {"articles": statuses, "mentions": mentions, "quotes": quotes}


