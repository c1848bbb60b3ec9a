"""The News view's reads: one function per page, each a few fixed, parameterised statements.

A function receives `fetch(sql, params) -> list[dict]` (a read-only connection's, see readonly.py)
and returns plain data for a template. Lists are paged with LIMIT/OFFSET, asking one row more
than shown to know whether a next page exists. Only analysable articles are shown
(`warehouse.articles.ANALYSABLE`, the same rule as news.v_articles).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from newsflow.statuses import FetchOutcome
from newsflow.warehouse.articles import ANALYSABLE
from newsflow.warehouse.quote_search import QuoteFilter, build_query

Fetch = Callable[[str, Any], list[dict[str, Any]]]

PAGE_SIZE = 25
TOP = 15  # co-mentioned entities, top speakers



@dataclass(frozen=True)
class Page:
    """One page of a list."""

    rows: list[dict[str, Any]]
    number: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.number > 1


def _offset(page: int, size: int) -> int:
    return (max(page, 1) - 1) * size


def _page(rows: list[dict[str, Any]], page: int, size: int) -> Page:
    return Page(rows[:size], max(page, 1), len(rows) > size)


# --------------------------------------------------------------------------- overview

def overview(fetch: Fetch, page: int = 1, size: int = PAGE_SIZE) -> dict[str, Any]:
    """Feeds (failing first) with their last fetch, articles by status today and this week (by
    when they reached the warehouse, UTC days), and the latest pipeline runs."""
    feeds = fetch(
        """SELECT feed_name, title, url, enabled, last_status, last_error, last_fetched_at,
                  consecutive_failures,
                  coalesce(last_status <> ALL(%(healthy)s::text[]), false) AS failing
             FROM news.feeds
            ORDER BY failing DESC, consecutive_failures DESC, feed_name
            LIMIT %(limit)s OFFSET %(offset)s""",
        {"limit": size + 1, "offset": _offset(page, size),
         "healthy": [str(o) for o in FetchOutcome.healthy()]},
    )
    statuses = fetch(
        """SELECT status,
                  count(*) FILTER (WHERE first_seen_at >= date_trunc('day', now() AT TIME ZONE 'UTC')
                                                         AT TIME ZONE 'UTC') AS today,
                  count(*) AS week
             FROM news.articles
            WHERE first_seen_at >= now() - interval '7 days'
            GROUP BY status
            ORDER BY week DESC, status""",
        None,
    )
    runs = fetch(
        """SELECT run_id, stage, dag_id, started_at, finished_at, status
             FROM news.pipeline_runs
            ORDER BY started_at DESC, run_id, stage
            LIMIT 10""",
        None,
    )
    return {"feeds": _page(feeds, page, size), "statuses": statuses, "runs": runs}


# --------------------------------------------------------------------------- quotes

def quote_sql(query: QuoteFilter, page: int = 1, size: int = PAGE_SIZE) -> tuple[str, dict[str, Any]]:
    """quote_search.build_query (the `newsflow quotes` search) for one page (one extra row: is there a next?)."""
    return build_query(replace(query, limit=size + 1, offset=_offset(page, size)))


def quotes(fetch: Fetch, query: QuoteFilter, page: int = 1, size: int = PAGE_SIZE) -> Page:
    """Quotes matching the form, newest article first."""
    sql, params = quote_sql(query, page, size)
    return _page(fetch(sql, params), page, size)


def feed_names(fetch: Fetch) -> list[str]:
    """Feed names for the form's suggestions."""
    return [r["feed_name"] for r in fetch("SELECT feed_name FROM news.feeds ORDER BY feed_name LIMIT 500", None)]


# --------------------------------------------------------------------------- speaker

def speaker(fetch: Fetch, name: str, page: int = 1, size: int = PAGE_SIZE) -> dict[str, Any]:
    """A resolved speaker (news.quotes.speaker): quotes per day, their quotes, the entities named
    in the articles quoting them."""
    per_day = fetch(
        f"""SELECT (a.published_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
             FROM news.quotes q JOIN news.articles a USING (article_id)
            WHERE q.speaker = %(name)s AND {ANALYSABLE}
              AND a.published_at IS NOT NULL
            GROUP BY 1 ORDER BY 1""",
        {"name": name},
    )
    keys = fetch(
        """SELECT q.speaker_key, e.canonical_name, count(*) AS n
             FROM news.quotes q JOIN news.entities e ON e.entity_key = q.speaker_key
            WHERE q.speaker = %(name)s
            GROUP BY 1, 2 ORDER BY n DESC, 1 LIMIT 1""",
        {"name": name},
    )
    speaker_key = keys[0]["speaker_key"] if keys else None
    speaker_entity = keys[0]["canonical_name"] if keys else None
    co_mentioned = fetch(
        f"""SELECT e.entity_key, e.canonical_name, e.label, count(DISTINCT m.article_id) AS articles
             FROM news.entity_mentions m JOIN news.entities e USING (entity_key)
            WHERE m.article_id IN (SELECT q.article_id FROM news.quotes q JOIN news.articles a USING (article_id)
                                    WHERE q.speaker = %(name)s AND {ANALYSABLE})
              AND e.label <> 'DATE' AND e.entity_key IS DISTINCT FROM %(key)s
            GROUP BY 1, 2, 3
            ORDER BY articles DESC, e.canonical_name
            LIMIT %(top)s""",
        {"name": name, "key": speaker_key, "top": TOP},
    )
    rows = fetch(
        f"""SELECT q.quote_id, q.article_id, q.kind, q.cue, q.speaker, q.quote_text,
                  a.title, a.published_at, a.feed_name
             FROM news.quotes q JOIN news.articles a USING (article_id)
            WHERE q.speaker = %(name)s AND {ANALYSABLE}
            ORDER BY a.published_at DESC NULLS LAST, q.article_id, q.start_char
            LIMIT %(limit)s OFFSET %(offset)s""",
        {"name": name, "limit": size + 1, "offset": _offset(page, size)},
    )
    return {"name": name, "speaker_key": speaker_key, "speaker_entity": speaker_entity, "per_day": [(r["day"], r["n"]) for r in per_day],
            "total": sum(r["n"] for r in per_day), "co_mentioned": co_mentioned, "quotes": _page(rows, page, size)}


# --------------------------------------------------------------------------- entity

def entity(fetch: Fetch, key: str, page: int = 1, size: int = PAGE_SIZE) -> dict[str, Any] | None:
    """A canonical entity: mentions per day, co-mentioned entities, the speakers quoted most in
    articles mentioning it, and those articles; None when the key is unknown."""
    found = fetch("SELECT entity_key, canonical_name, label FROM news.entities WHERE entity_key = %(key)s",
                  {"key": key})
    if not found:
        return None
    per_day = fetch(
        f"""SELECT (a.published_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
             FROM news.entity_mentions m JOIN news.articles a USING (article_id)
            WHERE m.entity_key = %(key)s AND {ANALYSABLE}
              AND a.published_at IS NOT NULL
            GROUP BY 1 ORDER BY 1""",
        {"key": key},
    )
    # news_marts keeps the pairs (both orders of a pair are one row).
    co_mentioned = fetch(
        """SELECT entity_key, canonical_name, label, articles FROM (
               SELECT entity_b AS entity_key, name_b AS canonical_name, label_b AS label, articles
                 FROM news.mv_entity_cooccurrence WHERE entity_a = %(key)s
               UNION ALL
               SELECT entity_a, name_a, label_a, articles
                 FROM news.mv_entity_cooccurrence WHERE entity_b = %(key)s) pairs
            ORDER BY articles DESC, canonical_name
            LIMIT %(top)s""",
        {"key": key, "top": TOP},
    )
    speakers = fetch(
        f"""SELECT q.speaker, count(*) AS quotes, count(DISTINCT q.article_id) AS articles
             FROM news.quotes q JOIN news.articles a USING (article_id)
            WHERE q.article_id IN (SELECT article_id FROM news.entity_mentions WHERE entity_key = %(key)s)
              AND {ANALYSABLE} AND q.speaker IS NOT NULL
            GROUP BY q.speaker
            ORDER BY quotes DESC, q.speaker
            LIMIT %(top)s""",
        {"key": key, "top": TOP},
    )
    articles = fetch(
        f"""SELECT a.article_id, a.title, a.published_at, a.feed_name, count(*) AS mentions
             FROM news.entity_mentions m JOIN news.articles a USING (article_id)
            WHERE m.entity_key = %(key)s AND {ANALYSABLE}
            GROUP BY a.article_id
            ORDER BY a.published_at DESC NULLS LAST, a.article_id
            LIMIT %(limit)s OFFSET %(offset)s""",
        {"key": key, "limit": size + 1, "offset": _offset(page, size)},
    )
    return {**found[0], "per_day": [(r["day"], r["n"]) for r in per_day],
            "total": sum(r["n"] for r in per_day), "co_mentioned": co_mentioned, "speakers": speakers,
            "articles": _page(articles, page, size)}


# --------------------------------------------------------------------------- article

def article(fetch: Fetch, article_id: UUID) -> dict[str, Any] | None:
    """One article with its feed, enrichment record, entity mentions and quotes; None if absent."""
    found = fetch(
        """SELECT a.article_id, a.feed_name, f.title AS feed_title, a.url, a.canonical_url, a.title,
                  a.standfirst, a.authors, a.published_at, a.language, a.site_name, a.text, a.word_count,
                  a.status, a.status_reason, a.http_status, a.extractor, a.extractor_version,
                  a.duplicate_of, a.duplicate_kind, a.fetched_at,
                  e.status AS enrichment_status, e.status_reason AS enrichment_reason, e.model,
                  e.analyzed_at
             FROM news.articles a
             JOIN news.feeds f USING (feed_name)
             LEFT JOIN news.article_enrichment e USING (article_id)
            WHERE a.article_id = %(id)s""",
        {"id": str(article_id)},
    )
    if not found:
        return None
    mentions = fetch(
        """SELECT m.start_char, m.end_char, m.label, m.surface, m.entity_key, e.canonical_name
             FROM news.entity_mentions m JOIN news.entities e USING (entity_key)
            WHERE m.article_id = %(id)s ORDER BY m.start_char, m.end_char""",
        {"id": str(article_id)},
    )
    quote_rows = fetch(
        """SELECT quote_id, start_char, end_char, spans, quote_text, kind, cue, speaker, speaker_text,
                  speaker_label, speaker_key, confidence
             FROM news.quotes WHERE article_id = %(id)s ORDER BY start_char, end_char""",
        {"id": str(article_id)},
    )
    return {**found[0], "mentions": mentions, "quotes": quote_rows}

