"""Benchmark the incremental marts: refresh time for a fixed number of re-analysed articles
on warehouses of growing size, beside a full recompute (what REFRESH MATERIALIZED VIEW did).

Rows are generated in SQL (generate_series) in a scratch database: articles spread over a
year, ~20 mentions each over ~12 distinct entities drawn with a skew (a few entities are
everywhere, as "United States" is), 10% of entities DATE. Each repeat re-analyses a fresh
set of articles with a different entity set, then times newsflow.warehouse.marts.refresh_marts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from newsflow_dev.bench.server import bench_server

ENTITIES = 20_000
MENTIONS = 20  # per article
DISTINCT = 12  # entity slots per article (skew makes some collide)

# An entity per (article, slot), skewed towards low numbers; `seed` changes the draw.
_ENTITY_OF = "'ent:' || floor({n} * power((abs(hashint4({i} * 97 + {k} %% {d} + {seed} * 1000003)) %% 1000003) / 1000003.0, 3))::int"

_LOAD = """
INSERT INTO news.feeds (feed_name, url) VALUES ('bench', 'http://bench.invalid/') ON CONFLICT DO NOTHING;
INSERT INTO news.entities (entity_key, canonical_name, label)
SELECT 'ent:' || j, 'Entity ' || j, (ARRAY['DATE', 'PERSON', 'ORG', 'GPE', 'PERSON', 'ORG', 'GPE', 'NORP', 'PERSON', 'ORG'])[j %% 10 + 1]
  FROM generate_series(0, %(entities)s - 1) j;
INSERT INTO news.articles (article_id, feed_name, entry_key, url, canonical_url, status, published_at)
SELECT md5('bench' || i)::uuid, 'bench', 'e' || i, 'http://bench.invalid/' || i, 'http://bench.invalid/' || i,
       'ok', timestamptz '2026-01-01 00:00+00' + (i %% 24) * interval '1 hour'
             + CASE WHEN i > %(loaded)s THEN (363 + i %% 2) ELSE i %% 365 END * interval '1 day'
  FROM generate_series(1, %(articles)s) i;
"""


def _mentions_sql(where: str, seed: int) -> str:
    entity = _ENTITY_OF.format(n=ENTITIES, i="i", k="k", d=DISTINCT, seed=seed)
    return f"""
    INSERT INTO news.entity_mentions (article_id, start_char, end_char, entity_key, label, surface)
    SELECT md5('bench' || i)::uuid, k * 10, k * 10 + 5, e.entity_key, e.label, 'xxxxx'
      FROM generate_series(1, %(articles)s) i CROSS JOIN generate_series(0, {MENTIONS - 1}) k
      JOIN news.entities e ON e.entity_key = {entity}
     WHERE {where};
    INSERT INTO news.article_enrichment (article_id, status, model, entity_count, batch_key)
    SELECT md5('bench' || i)::uuid, 'ok', 'bench-{seed}', {MENTIONS}, 'bench'
      FROM generate_series(1, %(articles)s) i WHERE {where}
    ON CONFLICT (article_id) DO UPDATE SET model = EXCLUDED.model, analyzed_at = now();
    """


def _execute(dsn: str, sql: str, params: dict[str, Any], *, autocommit: bool = False) -> float:
    from newsflow.warehouse import db

    conn = db.connect(dsn)
    try:
        conn.autocommit = autocommit
        started = time.perf_counter()
        with conn.cursor() as cur:
            cur.execute(sql, params)
        conn.commit()
        return time.perf_counter() - started
    finally:
        conn.close()


_DAILY = "day, entity_key, canonical_name, label, mentions, articles"
_PAIRS = "entity_a, name_a, label_a, entity_b, name_b, label_b, articles"


def _full_recompute_seconds(dsn: str) -> float:
    """What one REFRESH MATERIALIZED VIEW of the two 003 definitions had to compute."""
    from newsflow.warehouse import db, marts

    conn = db.connect(dsn)
    try:
        with conn.cursor() as cur:
            started = time.perf_counter()
            cur.execute(f"CREATE TEMP TABLE full_daily AS {marts.FULL_DAILY_SQL};"
                        f"CREATE TEMP TABLE full_pairs AS {marts.FULL_COOCCURRENCE_SQL}")
            elapsed = time.perf_counter() - started
            cur.execute(f"""SELECT
                (SELECT count(*) FROM ((TABLE full_daily EXCEPT SELECT {_DAILY} FROM news.mv_daily_entity_mentions)
                 UNION ALL (SELECT {_DAILY} FROM news.mv_daily_entity_mentions EXCEPT TABLE full_daily)) d)
              + (SELECT count(*) FROM ((TABLE full_pairs EXCEPT SELECT {_PAIRS} FROM news.mv_entity_cooccurrence)
                 UNION ALL (SELECT {_PAIRS} FROM news.mv_entity_cooccurrence EXCEPT TABLE full_pairs)) p)""")
            if cur.fetchone()[0]:
                raise SystemExit("incremental marts differ from the full definitions")
        conn.rollback()
        return elapsed
    finally:
        conn.close()


def measure(dsn: str, articles: int, dirty: int, repeats: int) -> dict[str, Any]:
    """Load a warehouse of `articles` analysed articles, then time refreshes after `dirty`
    new articles were analysed (a day's work) and after `dirty` old ones were re-analysed
    into a different entity set (the worst case: every pair of theirs changes)."""
    from newsflow.warehouse import marts
    from newsflow.warehouse.runs import prepare_warehouse

    prepare_warehouse(dsn)
    total = articles + repeats * dirty
    params = {"articles": total, "entities": ENTITIES, "loaded": articles}
    load = _execute(dsn, _LOAD + _mentions_sql("i <= %(loaded)s", 0), params)
    rebuild = marts.rebuild_marts(dsn)["seconds"]
    _execute(dsn, "VACUUM ANALYZE", {}, autocommit=True)
    full = _full_recompute_seconds(dsn)
    runs: dict[str, list[dict[str, Any]]] = {"new": [], "reanalysed": []}
    for r in range(repeats):
        where = f"i > {articles + r * dirty} AND i <= {articles + (r + 1) * dirty}"
        _execute(dsn, _mentions_sql(where, 0), params)
        runs["new"].append(marts.refresh_marts(dsn))
        step = max(1, articles // dirty)
        where = f"(i - 1) %% {step} = {r} AND i <= {dirty * step}"
        _execute(dsn, f"DELETE FROM news.entity_mentions WHERE article_id IN "
                      f"(SELECT md5('bench' || i)::uuid FROM generate_series(1, %(articles)s) i WHERE {where});"
                      + _mentions_sql(where, r + 1), params)
        runs["reanalysed"].append(marts.refresh_marts(dsn))
    _full_recompute_seconds(dsn)  # checks the marts still equal the full definitions
    result: dict[str, Any] = {"articles": articles, "mentions": articles * MENTIONS, "dirty": dirty,
                              "load_seconds": round(load, 1), "rebuild_seconds": rebuild,
                              "full_recompute_seconds": round(full, 3)}
    for name, stats in runs.items():
        result[name] = {"refresh_seconds_median": round(statistics.median(s["seconds"] for s in stats), 3),
                        "refresh_seconds": [s["seconds"] for s in stats],
                        "articles": [s["articles"] for s in stats],
                        "pairs_changed": [s["pairs_changed"] for s in stats],
                        "daily_keys": [s["daily_keys"] for s in stats]}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsflow bench marts", description=__doc__)
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 100_000],
                        help="warehouse sizes to measure (articles)")
    parser.add_argument("--dirty", type=int, default=500, help="re-analysed articles per refresh")
    parser.add_argument("--repeats", type=int, default=3, help="timed refreshes per size (median reported)")
    parser.add_argument("--dsn", help="a server to create scratch databases on (default: embedded)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    from newsflow.warehouse import db

    results = []
    with bench_server(args.dsn, "marts") as server_dsn:
        for size in args.articles:
            with db.scratch_database(server_dsn, "bench_marts") as dsn:
                results.append(measure(dsn, size, args.dirty, args.repeats))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"marts benchmark: {args.dirty} new / re-analysed articles per refresh, {args.repeats} repeats (median)")
    print(f"{'articles':>9} {'mentions':>10} {'new: refresh s':>15} {'reanalysed: refresh s':>22} "
          f"{'full recompute s':>17} {'rebuild s':>10}")
    for r in results:
        print(f"{r['articles']:>9,} {r['mentions']:>10,} {r['new']['refresh_seconds_median']:>15.3f} "
              f"{r['reanalysed']['refresh_seconds_median']:>22.3f} {r['full_recompute_seconds']:>17.3f} "
              f"{r['rebuild_seconds']:>10.2f}")
    return 0
