"""Duplicate linking: point exact and near copies of an article at its earliest copy."""

from __future__ import annotations

from newsflow import dedup
from newsflow.warehouse import db

_LINK_DUPLICATES_SQL = """
WITH live AS (
    SELECT article_id, content_hash, simhash, canonical_url, page_canonical_url, published_at,
           first_seen_at, COALESCE(published_at, 'infinity'::timestamptz) AS sort_time
      FROM news.articles
     WHERE status = 'ok' AND simhash IS NOT NULL
), recent AS (
    SELECT * FROM live WHERE first_seen_at >= now() - make_interval(days => %(window)s)
), candidates AS (
    -- Each arm can use an index: content_hash, canonical_url/page_canonical_url, published_at.
    SELECT r.article_id AS a_id, l.article_id AS b_id
      FROM recent r JOIN live l ON l.content_hash = r.content_hash AND l.article_id <> r.article_id
    UNION
    SELECT r.article_id, l.article_id
      FROM recent r JOIN live l ON l.canonical_url = r.page_canonical_url AND l.article_id <> r.article_id
    UNION
    SELECT r.article_id, l.article_id
      FROM recent r JOIN live l ON l.page_canonical_url = r.canonical_url AND l.article_id <> r.article_id
    UNION
    SELECT r.article_id, l.article_id
      FROM recent r JOIN live l
        ON l.published_at BETWEEN r.published_at - make_interval(days => %(window)s)
                              AND r.published_at + make_interval(days => %(window)s)
       AND l.article_id <> r.article_id
       AND bit_count((l.simhash # r.simhash)::bit(64)) <= %(distance)s
), oriented AS (
    -- The later copy (by publication time, then URL) points at the earlier one.
    SELECT CASE WHEN g.x_later THEN x.article_id ELSE y.article_id END AS later_id,
           CASE WHEN g.x_later THEN y.article_id ELSE x.article_id END AS earlier_id,
           CASE WHEN g.x_later THEN y.sort_time ELSE x.sort_time END AS earlier_time,
           CASE WHEN g.x_later THEN y.canonical_url ELSE x.canonical_url END AS earlier_url,
           CASE WHEN x.content_hash = y.content_hash
                  OR x.page_canonical_url IN (y.canonical_url, y.page_canonical_url)
                  OR y.page_canonical_url IN (x.canonical_url, x.page_canonical_url)
                THEN 'exact' ELSE 'near' END AS kind
      FROM candidates c
      JOIN live x ON x.article_id = c.a_id
      JOIN live y ON y.article_id = c.b_id
     CROSS JOIN LATERAL (SELECT (x.sort_time, x.canonical_url) > (y.sort_time, y.canonical_url) AS x_later) g
), pairs AS (
    SELECT DISTINCT ON (later_id) later_id, earlier_id, kind
      FROM oriented ORDER BY later_id, earlier_time, earlier_url
)
UPDATE news.articles a
   SET duplicate_of = p.earlier_id, duplicate_kind = p.kind, updated_at = now()
  FROM pairs p
 WHERE a.article_id = p.later_id
   AND (a.duplicate_of, a.duplicate_kind) IS DISTINCT FROM (p.earlier_id, p.kind)
"""

_FLATTEN_SQL = """
UPDATE news.articles a SET duplicate_of = b.duplicate_of, updated_at = now()
  FROM news.articles b
 WHERE a.duplicate_of = b.article_id AND b.duplicate_of IS NOT NULL AND b.duplicate_of <> a.article_id
"""


def link_duplicates(dsn: str, window_days: int = 30) -> dict[str, int]:
    """Point exact and near duplicates at the earliest copy (by publication time, then URL).

    Only pairs touching an article first seen in the last `window_days` are compared, each
    candidate arm can use an index, and near-duplicates (SimHash) must be published within
    `window_days` of each other, so the cost follows the day's articles, not the warehouse.
    """
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(_LINK_DUPLICATES_SQL, {"window": window_days, "distance": dedup.NEAR_DUPLICATE_DISTANCE})
        linked = cur.rowcount
        for _ in range(3):
            cur.execute(_FLATTEN_SQL)
            if cur.rowcount == 0:
                break
        cur.execute(
            "SELECT duplicate_kind, count(*) FROM news.articles WHERE duplicate_of IS NOT NULL GROUP BY 1"
        )
        totals = dict(cur.fetchall())
    return {"linked_now": linked, "exact": totals.get("exact", 0), "near": totals.get("near", 0)}
