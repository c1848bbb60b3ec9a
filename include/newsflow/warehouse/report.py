"""What `newsflow report` reads: feeds, runs, ingest, enrichment and the marts, in one pass.

Feeds are polled every few minutes, so there can be thousands of feeds and many fetch and run
records a day: every section is bounded. The feeds section lists at most `limit` feeds (those
needing attention first, the News overview's order) and counts the rest; runs are counted per day
and stage rather than listed when there are more than `limit`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from newsflow.statuses import RunStatus
from newsflow.warehouse import db
from newsflow.warehouse.newsroom import ANON, FETCH_DAYS, UNNAMED_KEY, feed_coverage
from newsflow.warehouse.quote_search import (
    STANCE,
    Shown,
    confidence_condition,
    default_min_confidence,
    kind_condition,
)

RUN_DAYS = 7  # the runs section covers this many UTC days, today included


def _query(dsn: str, relation: str, sql: str, params: dict | None = None) -> list[dict[str, Any]]:
    """Rows as dicts; [] when `relation` does not exist yet (a warehouse before enrichment)."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", (relation,))
        if db.fetch_one(cur)[0] is None:
            return []
        cur.execute(sql, params or {})
        cols = db.column_names(cur)
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _feeds(dsn: str, limit: int, feed: str | None) -> dict[str, Any]:
    """At most `limit` feeds, failing and gapped first, with their gaps, backfills, estimated
    missed articles and fetches over the last FETCH_DAYS days; counts of all of them."""
    rows, counts = feed_coverage(lambda sql, p: _query(dsn, "news.v_feed_coverage", sql, p), limit, feed=feed)
    return {"rows": rows, **counts, "more": max(0, counts["total"] - len(rows)), "fetch_days": FETCH_DAYS}


def _last_fetches(dsn: str, names: list[str]) -> list[dict[str, Any]]:
    """The latest fetch of each listed feed (one index scan per feed, not the whole fetch log)."""
    return _query(
        dsn, "news.feed_fetches",
        """SELECT x.* FROM unnest(%(names)s::text[]) AS n(feed_name)
             CROSS JOIN LATERAL (
                  SELECT feed_name, run_id, fetched_at, outcome, http_status, not_modified, entries_seen,
                         entries_new, bozo, error
                    FROM news.feed_fetches f WHERE f.feed_name = n.feed_name
                   ORDER BY fetched_at DESC LIMIT 1) x
            ORDER BY x.feed_name""",
        {"names": names},
    )


def _runs(dsn: str, limit: int) -> dict[str, Any]:
    """Pipeline runs of the last RUN_DAYS days: per day and stage (runs, success, partial, failed,
    running), and the latest `limit` runs themselves (printed only when they are all of them)."""
    params = {"days": RUN_DAYS, "limit": limit, **{s.name.lower(): str(s) for s in RunStatus}}
    window = ("started_at >= ((now() AT TIME ZONE 'UTC')::date - (%(days)s - 1))::timestamp"
              " AT TIME ZONE 'UTC'")
    by_day = _query(
        dsn, "news.pipeline_runs",
        f"""SELECT (started_at AT TIME ZONE 'UTC')::date AS day, stage, count(*) AS runs,
                   count(*) FILTER (WHERE status = %(success)s) AS success,
                   count(*) FILTER (WHERE status = %(partial)s) AS partial,
                   count(*) FILTER (WHERE status = %(failed)s) AS failed,
                   count(*) FILTER (WHERE status = %(running)s) AS running
              FROM news.pipeline_runs WHERE {window}
             GROUP BY 1, 2 ORDER BY 1 DESC, 2 LIMIT 1000""",
        params,
    )
    latest = _query(
        dsn, "news.pipeline_runs",
        f"""SELECT run_id, stage, dag_id, started_at, finished_at, status
              FROM news.pipeline_runs WHERE {window}
             ORDER BY started_at DESC, run_id, stage LIMIT %(limit)s""",
        params,
    )
    return {"days": RUN_DAYS, "total": sum(r["runs"] for r in by_day), "by_day": by_day, "latest": latest}


def collect(dsn: str, limit: int = 10, *, since: date | None = None, feed: str | None = None,
            shown: Shown | None = None) -> dict[str, Any]:
    """Every section of the report; `since` (a UTC day) and `feed` narrow articles, entities and
    quotes, `feed` the feeds too (fetch outcomes stay the latest per feed); `limit` bounds every
    list, feeds included (`feeds.more` counts those left out). Speakers and quotes are those
    `shown` shows (by default speech at or above the configured confidence), named speakers in
    `top_speakers` and unnamed sources apart in `unnamed_sources`; `attributions` counts speech at
    or above the threshold, speech below it, and stances, so what is left out is never silent."""
    from newsflow.warehouse.feeds import ingest_summary

    shown = shown or Shown()
    params: dict[str, Any] = {"limit": limit, "since": since, "feed": feed}
    kinds = kind_condition(None, shown.all_kinds, params)
    confident = confidence_condition(shown.min_confidence, params)
    # The three counts split at the threshold in force even when everything is shown (--all).
    threshold = default_min_confidence() if shown.min_confidence is None else shown.min_confidence
    split = {"split_min": float(threshold), "stance_kind": STANCE}
    art_filter = """(%(since)s::date IS NULL OR published_at >= %(since)s::date)
                    AND (%(feed)s::text IS NULL OR feed_name = %(feed)s)"""
    data: dict[str, Any] = {"feeds": _feeds(dsn, limit, feed)}
    names = [r["feed_name"] for r in data["feeds"]["rows"]]
    data["ingest"] = ingest_summary(dsn, names)  # articles per status of the listed feeds only
    data["articles_by_status"] = _query(
        dsn, "news.articles",
        f"""SELECT status, count(*) AS articles, count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS duplicates
              FROM news.articles WHERE {art_filter} GROUP BY 1 ORDER BY 2 DESC, 1""",
        params,
    )
    data["last_fetches"] = _last_fetches(dsn, names)
    data["runs"] = _runs(dsn, limit)
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
    counts = _query(
        dsn, "news.v_quotes",
        f"""SELECT count(*) FILTER (WHERE q.kind <> %(stance_kind)s AND q.confidence >= %(split_min)s::real) AS speech,
                   count(*) FILTER (WHERE q.kind <> %(stance_kind)s AND q.confidence < %(split_min)s::real)
                       AS speech_below,
                   count(*) FILTER (WHERE q.kind = %(stance_kind)s) AS stances
              FROM news.v_quotes q WHERE {art_filter}""",
        {**params, **split},
    )
    data["attributions"] = {"min_confidence": float(threshold), "speech": 0, "speech_below": 0, "stances": 0,
                            **(counts[0] if counts else {})}
    data["shown"] = {"min_confidence": shown.min_confidence, "all_kinds": shown.all_kinds}
    data["top_speakers"] = _query(
        dsn, "news.v_quotes",
        f"""SELECT speaker, speaker_label, count(*) AS quotes, count(DISTINCT article_id) AS articles
              FROM news.v_quotes q WHERE speaker_key IS NOT NULL AND speaker_label IS DISTINCT FROM %(anon)s
               AND {art_filter} AND {kinds} AND {confident}
             GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT %(limit)s""",
        {**params, "anon": ANON},
    )
    # Unnamed sources ("officials", "a spokeswoman for the bank") are descriptions, not people or
    # organisations: listed apart, one row per lower-cased description.
    data["unnamed_sources"] = _query(
        dsn, "news.v_quotes",
        f"""SELECT {UNNAMED_KEY} AS speaker_key, mode() WITHIN GROUP (ORDER BY speaker) AS speaker,
                   count(*) AS quotes, count(DISTINCT article_id) AS articles
              FROM news.v_quotes q WHERE speaker_label = %(anon)s AND speaker IS NOT NULL
               AND {art_filter} AND {kinds} AND {confident}
             GROUP BY 1 ORDER BY 3 DESC, 2 LIMIT %(limit)s""",
        {**params, "anon": ANON},
    )
    data["latest_quotes"] = _query(
        dsn, "news.v_quotes",
        f"""SELECT day, feed_name, speaker, kind, cue, left(quote_text, 140) AS quote, title, confidence,
                   quote_text, (SELECT s.spans FROM news.quotes s WHERE s.quote_id = q.quote_id) AS spans
              FROM news.v_quotes q WHERE speaker_key IS NOT NULL AND {art_filter} AND {kinds} AND {confident}
             ORDER BY published_at DESC NULLS LAST, article_id, start_char LIMIT %(limit)s""",
        params,
    )
    return data
