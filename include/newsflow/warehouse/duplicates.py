"""Duplicate linking: point exact and near copies of an article at its earliest copy.

A link run compares only the articles that changed since the previous run (a watermark on
`updated_at`, kept in news.duplicate_link_state) against the warehouse, and every comparison
goes through an index: content_hash, canonical URLs, and for near copies the SimHash bands of
migration 005. So its cost follows the day's new articles, not the size of the warehouse.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsflow.extract import urls
from newsflow.warehouse import db
from newsflow.warehouse.articles import clean

# (shift, width) of each SimHash band; migration 005 stores them as news.articles.simhash_band<i>.
# Five bands: two hashes within distance 9 always have a band within distance 1 of each other
# (five bands 2+ bits apart are 10+ bits apart), so probing each band's value and its one-bit
# flips finds every pair within NEAR_DUPLICATE_DISTANCE (8). Four 16-bit bands probed exactly
# would only guarantee distance 3 and miss most pairs at 6..8.
CLEAN, CLEAN_L, CLEAN_E = clean(""), clean("l"), clean("e")

BANDS: tuple[tuple[int, int], ...] = ((0, 13), (13, 13), (26, 13), (39, 13), (52, 12))
GUARANTEED_DISTANCE = 2 * len(BANDS) - 1
_MASK64 = (1 << 64) - 1


def simhash_bands(value: int) -> tuple[int, ...]:
    """Band values of a (signed) SimHash, as the generated columns hold them."""
    unsigned = value & _MASK64
    return tuple((unsigned >> shift) & ((1 << width) - 1) for shift, width in BANDS)


def band_probes(value: int) -> list[set[int]]:
    """Per band, the values a probe looks up: the band itself and its one-bit flips."""
    return [{band} | {band ^ (1 << k) for k in range(width)}
            for band, (_shift, width) in zip(simhash_bands(value), BANDS, strict=True)]


def _near_arm(index: int, width: int) -> str:
    # One index scan per article and band, over the band value and its one-bit flips.
    band = f"c.simhash_band{index}"
    probes = ", ".join([band] + [f"{band} # {1 << k}" for k in range(width)])
    return f"""
    SELECT c.article_id, l.article_id
      FROM changed c
      JOIN news.articles l
        ON l.simhash_band{index} = ANY(ARRAY[{probes}])
       AND {CLEAN_L}
       AND l.published_at BETWEEN c.published_at - make_interval(days => %(window)s)
                              AND c.published_at + make_interval(days => %(window)s)
       AND l.article_id <> c.article_id
       AND bit_count((l.simhash # c.simhash)::bit(64)) <= %(distance)s"""


# `changed` is small (this run's articles); every arm starts from it and probes an index.
# Never a CTE over the whole table: one referenced twice is materialised, i.e. a full scan.
LINK_SQL = f"""
WITH changed AS MATERIALIZED (
    SELECT article_id, content_hash, simhash, canonical_url, page_canonical_url, published_at,
           simhash_band0, simhash_band1, simhash_band2, simhash_band3, simhash_band4
      FROM news.articles
     WHERE updated_at >= %(since)s AND {CLEAN} AND simhash IS NOT NULL
), candidates (a_id, b_id) AS (
    SELECT c.article_id, l.article_id
      FROM changed c JOIN news.articles l ON l.content_hash = c.content_hash
     WHERE l.article_id <> c.article_id AND {CLEAN_L} AND l.simhash IS NOT NULL
    UNION
    SELECT c.article_id, l.article_id
      FROM changed c JOIN news.articles l ON l.canonical_url = c.page_canonical_url
     WHERE l.article_id <> c.article_id AND {CLEAN_L} AND l.simhash IS NOT NULL
    UNION
    SELECT c.article_id, l.article_id
      FROM changed c JOIN news.articles l ON l.page_canonical_url = c.canonical_url
     WHERE l.article_id <> c.article_id AND {CLEAN_L} AND l.simhash IS NOT NULL
    UNION""" + "\n    UNION".join(_near_arm(i, width) for i, (_shift, width) in enumerate(BANDS)) + f"""
), oriented AS MATERIALIZED (
    -- A page that names another article as its canonical (rel=canonical / og:url) is that
    -- article's copy, whatever dates it claims (a backdated page cannot displace the article it
    -- names); otherwise the later copy (by publication time, then URL) points at the earlier one.
    SELECT CASE WHEN g.x_later THEN x.article_id ELSE y.article_id END AS later_id,
           CASE WHEN g.x_later THEN y.article_id ELSE x.article_id END AS earlier_id,
           CASE WHEN g.x_later THEN g.y_time ELSE g.x_time END AS earlier_time,
           CASE WHEN g.x_later THEN y.canonical_url ELSE x.canonical_url END AS earlier_url,
           CASE WHEN x.content_hash = y.content_hash
                  OR x.page_canonical_url IN (y.canonical_url, y.page_canonical_url)
                  OR y.page_canonical_url IN (x.canonical_url, x.page_canonical_url)
                THEN 'exact' ELSE 'near' END AS kind,
           0 AS source
      FROM candidates c
      JOIN news.articles x ON x.article_id = c.a_id
      JOIN news.articles y ON y.article_id = c.b_id
     CROSS JOIN LATERAL (SELECT COALESCE(x.published_at, 'infinity') AS x_time,
                                COALESCE(y.published_at, 'infinity') AS y_time) t
     CROSS JOIN LATERAL (SELECT x.page_canonical_url = y.canonical_url
                                    AND y.page_canonical_url IS DISTINCT FROM x.canonical_url AS x_names_y,
                                y.page_canonical_url = x.canonical_url
                                    AND x.page_canonical_url IS DISTINCT FROM y.canonical_url AS y_names_x) d
     CROSS JOIN LATERAL (SELECT t.x_time, t.y_time,
                                CASE WHEN d.x_names_y THEN true WHEN d.y_names_x THEN false
                                     ELSE (t.x_time, x.canonical_url) > (t.y_time, y.canonical_url)
                                END AS x_later) g
), kept AS (
    -- A copy already linked keeps its link when that target is earlier than this run's finds
    -- (the target was compared in an earlier run and is not among today's candidates).
    SELECT a.article_id, a.duplicate_of, COALESCE(e.published_at, 'infinity'), e.canonical_url,
           a.duplicate_kind, 1
      FROM news.articles a
      JOIN news.articles e ON e.article_id = a.duplicate_of AND {CLEAN_E} AND e.simhash IS NOT NULL
     WHERE a.article_id IN (SELECT later_id FROM oriented)
), pairs AS (
    SELECT DISTINCT ON (later_id) later_id, earlier_id, kind
      FROM (SELECT * FROM oriented UNION ALL SELECT * FROM kept) o
     ORDER BY later_id, earlier_time, earlier_url, source
)
UPDATE news.articles a
   SET duplicate_of = p.earlier_id, duplicate_kind = p.kind, updated_at = now()
  FROM pairs p
 WHERE a.article_id = p.later_id
   AND (a.duplicate_of, a.duplicate_kind) IS DISTINCT FROM (p.earlier_id, p.kind)
RETURNING a.article_id
"""

# Chains can only start at a row linked in this run, or at a row pointing to one.
_FLATTEN_SQL = """
UPDATE news.articles a SET duplicate_of = b.duplicate_of, updated_at = now()
  FROM news.articles b
 WHERE a.duplicate_of = b.article_id AND b.duplicate_of IS NOT NULL AND b.duplicate_of <> a.article_id
   AND a.article_id IN (SELECT unnest(%(ids)s::uuid[])
                        UNION SELECT x.article_id FROM news.articles x WHERE x.duplicate_of = ANY(%(ids)s::uuid[]))
RETURNING a.article_id
"""

# Everything earlier than the oldest open transaction is committed or never will be: a row that
# a transaction still running writes gets updated_at = its start, so it is caught next time.
_NEXT_WATERMARK_SQL = """
SELECT LEAST(now(), min(xact_start)) FROM pg_stat_activity
 WHERE datname = current_database() AND backend_type = 'client backend' AND xact_start IS NOT NULL
"""


def link_duplicates(dsn: str, window_days: int = 30, since: datetime | None = None) -> dict[str, Any]:
    """Point exact and near duplicates at the earliest copy (by publication time, then URL).

    Compares the articles changed since the last link run (or since `since`, when given)
    with the whole warehouse: same content hash, canonical URL matches, or SimHash distance
    <= NEAR_DUPLICATE_DISTANCE with publication times within `window_days`. One transaction,
    so a failed run leaves the watermark where it was and the next run compares these too.
    `linked_now` counts rows changed by this run; `exact` and `near` are warehouse totals.
    """
    with db.connection(dsn) as conn, conn.cursor() as cur:
        # The row lock also serialises two link runs (two DAG runs finishing together).
        cur.execute("SELECT compared_through FROM news.duplicate_link_state FOR UPDATE")
        row = cur.fetchone()
        stored = row[0] if row else None
        start = since if since is not None else stored
        cur.execute(_NEXT_WATERMARK_SQL)
        (next_mark,) = db.fetch_one(cur)
        cur.execute(LINK_SQL, {"since": start if start is not None else "-infinity", "window": window_days,
                               "distance": urls.NEAR_DUPLICATE_DISTANCE})
        linked = [r[0] for r in cur.fetchall()]
        touched = list(linked)
        for _ in range(5):  # bounded: a cycle left by older links must not spin forever
            if not touched:
                break
            cur.execute(_FLATTEN_SQL, {"ids": touched})
            touched = [r[0] for r in cur.fetchall()]
        if stored is None or start is None or start <= stored:
            # Everything since the stored watermark was compared: move it on.
            cur.execute(
                """INSERT INTO news.duplicate_link_state (compared_through) VALUES (%(mark)s)
                   ON CONFLICT (singleton) DO UPDATE
                   SET compared_through = GREATEST(news.duplicate_link_state.compared_through, %(mark)s),
                       updated_at = now()""",
                {"mark": next_mark},
            )
        cur.execute(
            "SELECT duplicate_kind, count(*) FROM news.articles WHERE duplicate_of IS NOT NULL GROUP BY 1"
        )
        totals = dict(cur.fetchall())
    return {"linked_now": len(linked), "exact": totals.get("exact", 0), "near": totals.get("near", 0)}
