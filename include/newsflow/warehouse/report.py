"""What `newsflow report` reads: ingest, fetches, enrichment and the marts, in one pass."""

from __future__ import annotations

from datetime import date
from typing import Any

from newsflow.warehouse import db


def _query(dsn: str, relation: str, sql: str, params: dict | None = None) -> list[dict[str, Any]]:
    """Rows as dicts; [] when `relation` does not exist yet (a warehouse before enrichment)."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", (relation,))
        if db.fetch_one(cur)[0] is None:
            return []
        cur.execute(sql, params or {})
        cols = db.column_names(cur)
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def collect(dsn: str, limit: int = 10, *, since: date | None = None, feed: str | None = None) -> dict[str, Any]:
    """Every section of the report; `since` (a UTC day) and `feed` narrow articles, entities and
    quotes (fetch outcomes stay the latest per feed)."""
    from newsflow.warehouse.feeds import ingest_summary

    params = {"limit": limit, "since": since, "feed": feed}
    art_filter = """(%(since)s::date IS NULL OR published_at >= %(since)s::date)
                    AND (%(feed)s::text IS NULL OR feed_name = %(feed)s)"""
    data: dict[str, Any] = {"ingest": ingest_summary(dsn, [feed] if feed else None)}
    data["articles_by_status"] = _query(
        dsn, "news.articles",
        f"""SELECT status, count(*) AS articles, count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS duplicates
              FROM news.articles WHERE {art_filter} GROUP BY 1 ORDER BY 2 DESC, 1""",
        params,
    )
    data["last_fetches"] = _query(
        dsn, "news.feed_fetches",
        """SELECT DISTINCT ON (feed_name) feed_name, run_id, fetched_at, outcome, http_status, not_modified,
                  entries_seen, entries_new, bozo, error
             FROM news.feed_fetches WHERE %(feed)s::text IS NULL OR feed_name = %(feed)s
            ORDER BY feed_name, fetched_at DESC""",
        params,
    )
    data["enrichment"] = _query(
        dsn, "news.article_enrichment",
        """SELECT CASE WHEN status <> 'error' THEN status
                       WHEN next_attempt_at IS NULL THEN 'error (given up)'
                       ELSE 'error (retrying)' END AS state,
                  count(*) AS articles, max(attempts) AS max_attempts
             FROM news.article_enrichment GROUP BY 1 ORDER BY 1""",
    )
    data["top_entities"] = _query(
        dsn, "news.v_entity_article_mentions",
        f"""SELECT canonical_name, label, sum(mentions) AS mentions, count(DISTINCT article_id) AS articles
              FROM news.v_entity_article_mentions WHERE label NOT IN ('DATE', 'TIME', 'CARDINAL',
                   'ORDINAL', 'QUANTITY', 'PERCENT', 'MONEY') AND {art_filter}
             GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT %(limit)s""",
        params,
    )
    data["top_speakers"] = _query(
        dsn, "news.v_quotes",
        f"""SELECT speaker, speaker_label, count(*) AS quotes, count(DISTINCT article_id) AS articles
              FROM news.v_quotes WHERE speaker_key IS NOT NULL AND {art_filter}
             GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT %(limit)s""",
        params,
    )
    data["latest_quotes"] = _query(
        dsn, "news.v_quotes",
        f"""SELECT day, feed_name, speaker, kind, cue, left(quote_text, 140) AS quote, title
              FROM news.v_quotes WHERE speaker_key IS NOT NULL AND {art_filter}
             ORDER BY published_at DESC NULLS LAST, article_id, start_char LIMIT %(limit)s""",
        params,
    )
    return data
