"""Who said what: the quote search behind `newsflow quotes` and the News view's Quotes page.

Returns rows, never prints. Every value is a bound parameter; the word search uses the
expression indexed by migration 008, so PostgreSQL answers it from the GIN index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from newsflow.warehouse import db
from newsflow.warehouse.articles import ANALYSABLE

KINDS = ("direct", "mixed", "indirect")

# Must stay identical to the indexed expression in sql/008_quote_search.sql.
TSVECTOR = "to_tsvector('english', q.quote_text)"


@dataclass(frozen=True)
class QuoteFilter:
    """What to look for; every field is optional and they combine with AND."""

    speaker: str | None = None  # resolved speaker name, case-insensitive substring
    entity: str | None = None  # canonical name of an entity the article mentions (substring)
    search: str | None = None  # words in the quote, web-search syntax ("a b", -c, "exact phrase")
    since: date | None = None  # articles published on or after this day (UTC)
    until: date | None = None  # articles published on or before this day (UTC)
    feed: str | None = None  # feed name, exact
    kind: str | None = None  # direct | mixed | indirect
    limit: int = 20
    offset: int = 0


def _like(term: str) -> str:
    """A substring pattern for ILIKE in which the user's % and _ are literal."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def build_query(flt: QuoteFilter) -> tuple[str, dict[str, Any]]:
    """The SQL and its parameters (separate so a test can EXPLAIN exactly what runs)."""
    where: list[str] = []
    params: dict[str, Any] = {"limit": max(0, flt.limit), "offset": max(0, flt.offset)}
    if flt.search:
        where.append(f"{TSVECTOR} @@ websearch_to_tsquery('english', %(search)s)")
        params["search"] = flt.search
    if flt.speaker:
        where.append("q.speaker ILIKE %(speaker)s")
        params["speaker"] = _like(flt.speaker)
    if flt.entity:
        where.append(
            """EXISTS (SELECT 1 FROM news.entity_mentions m JOIN news.entities e USING (entity_key)
                        WHERE m.article_id = q.article_id AND e.canonical_name ILIKE %(entity)s)"""
        )
        params["entity"] = _like(flt.entity)
    if flt.since:
        where.append("a.published_at >= %(since)s::date")
        params["since"] = flt.since
    if flt.until:
        where.append("a.published_at < %(until)s::date + 1")
        params["until"] = flt.until
    if flt.feed:
        where.append("a.feed_name = %(feed)s")
        params["feed"] = flt.feed
    if flt.kind:
        if flt.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {flt.kind!r}")
        where.append("q.kind = %(kind)s")
        params["kind"] = flt.kind
    sql = f"""
        SELECT q.quote_id, q.article_id, a.feed_name, a.published_at,
               (a.published_at AT TIME ZONE 'UTC')::date AS day, a.title, a.url,
               q.kind, q.cue, q.speaker, q.speaker_label, q.speaker_text, q.quote_text, q.confidence
          FROM news.quotes q
          JOIN news.articles a USING (article_id)
         WHERE {ANALYSABLE}
           {''.join(f' AND {w}' for w in where)}
         ORDER BY a.published_at DESC NULLS LAST, q.article_id, q.start_char
         LIMIT %(limit)s OFFSET %(offset)s"""
    return sql, params


def search_quotes(dsn: str, flt: QuoteFilter) -> list[dict[str, Any]]:
    """Quotes matching `flt`, newest article first."""
    sql, params = build_query(flt)
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        cols = db.column_names(cur)
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
