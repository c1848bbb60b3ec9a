"""news.articles as the later stages see it: the one definition of an analysable article."""

from __future__ import annotations

import uuid
from typing import Any

from newsflow.statuses import ArticleStatus
from newsflow.warehouse import db
from newsflow.warehouse.load import bulk_upsert


def clean(alias: str = "a") -> str:
    """SQL condition: the article's text was extracted and kept (status ok)."""
    prefix = f"{alias}." if alias else ""
    return f"{prefix}status = '{ArticleStatus.OK.value}'"


def analysable(alias: str = "a") -> str:
    """SQL condition: an article enrich analyses and the marts count — clean, and not a
    duplicate of another. The one definition; news.v_articles (migration 003) says the same."""
    prefix = f"{alias}." if alias else ""
    return f"{clean(alias)} AND {prefix}duplicate_of IS NULL"


#: `analysable()` for news.articles under the alias `a`, the form most queries use.
ANALYSABLE = analysable("a")


def lock_still_analysable(cur: Any, analysed: dict[uuid.UUID, str | None]) -> set[uuid.UUID]:
    """Of the articles analysed (id → content hash read at analysis), those that are still
    analysable with the same text, share-locked until the caller's transaction ends so an
    ingest cannot link or rewrite them before the rows land."""
    cur.execute(
        f"SELECT a.article_id, a.content_hash FROM news.articles a"
        f" WHERE a.article_id = ANY(%s::uuid[]) AND {ANALYSABLE} FOR SHARE",
        ([str(aid) for aid in analysed],),
    )
    return {uuid.UUID(str(aid)) for aid, digest in cur.fetchall()
            if analysed.get(uuid.UUID(str(aid))) == digest}


#: An article worth another try: an error, or a server-side HTTP failure.
RETRYABLE = ("a.status IN ('error', 'timeout')"
             " OR (a.status = 'http_error' AND (a.http_status IS NULL OR a.http_status >= 500))")

ARTICLE_COLUMNS = [
    "article_id", "feed_name", "entry_key", "url", "canonical_url", "page_canonical_url", "title",
    "standfirst",
    "authors", "published_at", "language", "site_name", "feed_summary", "text", "word_count",
    "content_hash", "simhash", "status", "status_reason", "http_status", "extractor",
    "extractor_version", "fetched_at",
]
# Columns an upsert may change; the first feed's entry data and fetched_at keep their first values.
ARTICLE_UPDATE = [c for c in ARTICLE_COLUMNS
                   if c not in ("article_id", "feed_name", "entry_key", "feed_summary", "fetched_at")]
HTML_COLUMNS = ["article_id", "final_url", "content_type", "http_status", "raw_bytes", "sha256", "html_gz", "fetched_at"]



def claim_pending(dsn: str, feed_name: str, run_id: str, *, force: bool = False) -> list[tuple]:
    """(article_id, feed_name, entry_key, url, canonical_url, title, published_at, authors,
    summary, status) of this feed's entries whose article is missing or retryable — with force,
    also every article the feed owns (first seen in it) — each claimed for this run in
    news.article_claims: an article another feed's task already claimed in this run is left to
    that task (in parallel as in sequence); a retry of the same task takes its own claims again."""
    condition = f"a.article_id IS NULL OR {RETRYABLE}"
    if force:
        condition += " OR a.feed_name = %(feed)s"
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            f"""
            SELECT DISTINCT ON (e.canonical_url) e.article_id, e.feed_name, e.entry_key, e.url,
                   e.canonical_url, e.title, e.published_at, e.authors, e.summary, a.status
              FROM news.feed_entries e
              LEFT JOIN news.articles a ON a.article_id = e.article_id
             WHERE e.feed_name = %(feed)s AND e.canonical_url IS NOT NULL AND ({condition})
             ORDER BY e.canonical_url, e.first_seen_at
            """,
            {"feed": feed_name},
        )
        pending = cur.fetchall()
        if not pending:
            return []
        cur.execute(
            """
            INSERT INTO news.article_claims AS c (article_id, run_id, feed_name)
            SELECT unnest(%(ids)s::uuid[]), %(run)s, %(feed)s
            ON CONFLICT (article_id) DO UPDATE
               SET run_id = EXCLUDED.run_id, feed_name = EXCLUDED.feed_name, claimed_at = now()
             WHERE c.run_id <> EXCLUDED.run_id OR c.feed_name = EXCLUDED.feed_name
            RETURNING article_id
            """,
            {"ids": [str(p[0]) for p in pending], "run": run_id, "feed": feed_name},
        )
        mine = {uuid.UUID(str(r[0])) for r in cur.fetchall()}
    return [p for p in pending if uuid.UUID(str(p[0])) in mine]


def load_articles(dsn: str, rows: list[tuple], html_rows: list[tuple]) -> int:
    """One transaction per batch: articles and their raw HTML land together or not at all.
    Returns the articles inserted or changed (an identical re-download changes none)."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        changed = bulk_upsert(cur, "articles", ARTICLE_COLUMNS, rows, ["article_id"], ARTICLE_UPDATE,
                              touch="updated_at")
        if html_rows:
            bulk_upsert(cur, "article_html", HTML_COLUMNS, html_rows, ["article_id"],
                        [c for c in HTML_COLUMNS if c not in ("article_id", "fetched_at")])
    return changed

