"""Benchmark: how fast does each page of the News view answer on a large warehouse?

A scratch database on the embedded server (or `--dsn`'s server) is migrated and filled with the
history generator of `bench scale` (default 10,000 articles over a year, ~20 entity mentions and
3 quotes per analysable article, marts rebuilt, VACUUM ANALYZE). Each page is then requested
through the app in-process (Starlette TestClient: routing, the read-only pooled connection as
news_reader, the queries and template rendering; no network), once to warm up and `--repeats`
times measured. Prints the median and the slowest time per page, the page's slowest statement,
and EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of the slowest page. Target: every page
under 300 ms.

Usage: python -m newsflow bench newsroom [--articles 10000] [--repeats 15] [--dsn SERVER] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from typing import Any

from newsflow_dev.bench.server import bench_server

TARGET_MS = 300.0


def pages(dsn: str) -> dict[str, str]:
    """The URLs timed, chosen from the warehouse: the busiest speaker and entity, a quoting article,
    a word every quote has (the search that matches the most rows) and a rare one."""
    from newsflow.warehouse import db

    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("""SELECT speaker, min(speaker_key) FROM news.quotes WHERE speaker IS NOT NULL
                        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""")
        speaker, speaker_key = cur.fetchone()
        cur.execute("""SELECT entity_key, canonical_name FROM news.entities e
                        WHERE label <> 'DATE'
                        ORDER BY (SELECT count(*) FROM news.entity_mentions m WHERE m.entity_key = e.entity_key) DESC,
                                 entity_key LIMIT 1""")
        entity_key, entity_name = cur.fetchone()
        cur.execute("""SELECT q.article_id, q.quote_text FROM news.quotes q JOIN news.articles a USING (article_id)
                        WHERE a.status = 'ok' AND a.duplicate_of IS NULL
                        ORDER BY a.published_at DESC LIMIT 1""")
        article_id, quote_text = cur.fetchone()
        cur.execute("SELECT feed_name, (min(published_at) + (max(published_at) - min(published_at)) / 2)::date "
                    "FROM news.articles GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
        feed, middle = cur.fetchone()
    from urllib.parse import urlencode

    common_word = quote_text.split()[0]
    rare_word = quote_text.split()[-1]

    def q(**params: Any) -> str:
        return "/news/quotes?" + urlencode(params)

    return {
        "overview": "/news/",
        "quotes (no filter)": "/news/quotes",
        "quotes page 40": q(page=40),
        "quotes: common word": q(q=common_word),
        "quotes: rare word": q(q=rare_word),
        "quotes: speaker": q(speaker=speaker),
        "quotes: entity substring": q(entity=entity_name),
        "quotes: feed+kind+dates": q(feed=feed, kind="direct", since=str(middle), until="2999-01-01"),
        "quotes: everything": q(q=common_word, speaker=speaker.split()[0], entity=entity_name, feed=feed,
                                kind="mixed", since="2000-01-01", until="2999-01-01"),
        "quotes: sorted by speaker": q(sort="speaker"),
        "quotes: part of a feed name": q(feed=feed[: max(3, len(feed) // 2)]),
        "quotes: oldest, page 40": q(sort="oldest", page=40),
        "speaker": "/news/speakers?" + urlencode({"name": speaker}),
        **({"speaker by key": "/news/speakers?" + urlencode({"key": speaker_key})} if speaker_key else {}),
        "entity": "/news/entities?" + urlencode({"key": entity_key}),
        "entity page 10": "/news/entities?" + urlencode({"key": entity_key, "page": 10}),
        "article": f"/news/articles/{article_id}",
    }


def time_pages(dsn: str, urls: dict[str, str], repeats: int) -> dict[str, Any]:
    """Per page: median and max ms over `repeats` requests, and its slowest statement."""
    from fastapi.testclient import TestClient

    from newsflow.newsroom.app import create_app

    app = create_app(lambda: dsn, lambda: None)
    warehouse = app.state.warehouse
    results: dict[str, Any] = {}
    with TestClient(app, root_path="/news") as client:
        for name, url in urls.items():
            path = url.removeprefix("/news")
            resp = client.get(path)  # warm-up: pool, plans, caches
            if resp.status_code != 200:
                raise RuntimeError(f"{name}: {url} answered {resp.status_code}: {resp.text[:300]}")
            times: list[float] = []
            slowest: tuple[str, Any, float] = ("", None, -1.0)
            for _ in range(repeats):
                warehouse.trace = []
                started = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                top = max(warehouse.trace, key=lambda t: t[2])
                if top[2] > slowest[2]:
                    slowest = top
            warehouse.trace = None
            results[name] = {"url": url, "median_ms": round(statistics.median(times), 1),
                             "max_ms": round(max(times), 1),
                             "slowest_sql": slowest[0], "slowest_params": slowest[1],
                             "slowest_sql_ms": round(slowest[2] * 1000, 1)}
    warehouse.close()
    return results


def time_downloads(dsn: str, repeats: int) -> dict[str, Any]:
    """The Quotes page's CSV and JSON downloads of every quote (capped at EXPORT_MAX_ROWS): median
    and max ms over `repeats`, rows and bytes. Not pages: no 300 ms target, only bounded."""
    from fastapi.testclient import TestClient

    from newsflow.newsroom.app import create_app

    app = create_app(lambda: dsn, lambda: None)
    results: dict[str, Any] = {}
    with TestClient(app, root_path="/news") as client:
        for fmt in ("csv", "json"):
            path = f"/quotes.{fmt}?all=1"
            times, size = [], 0
            for _ in range(repeats + 1):  # the first warms up
                started = time.perf_counter()
                resp = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                size = len(resp.content)
            rows = (resp.text.count("\r\n") - 1) if fmt == "csv" else len(json.loads(resp.text))
            results[fmt] = {"median_ms": round(statistics.median(times[1:]), 1), "max_ms": round(max(times[1:]), 1),
                            "rows": rows, "bytes": size}
    app.state.warehouse.close()
    return results


def explain(dsn: str, sql: str, params: Any) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) run the way the app runs its statements (as news_reader)."""
    import psycopg2

    from newsflow.warehouse.readonly import reader_dsn

    conn = psycopg2.connect(reader_dsn(dsn))
    try:
        with conn.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            return "\n".join(row[0] for row in cur.fetchall())
    finally:
        conn.rollback()
        conn.close()


def run(server_dsn: str, articles: int, repeats: int, say: Any) -> dict[str, Any]:
    from newsflow.ingest.pipeline import prepare_warehouse
    from newsflow.warehouse import db
    from newsflow_dev.bench.scale import build_history

    with db.scratch_database(server_dsn, "newsroom") as dsn:
        prepare_warehouse(dsn)
        say(f"building a warehouse of {articles} articles ...")
        build = build_history(dsn, articles)
        with db.connection(dsn) as conn, conn.cursor() as cur:
            cur.execute("""SELECT (SELECT count(*) FROM news.article_enrichment WHERE status = 'ok'),
                                  (SELECT count(*) FROM news.entity_mentions), (SELECT count(*) FROM news.quotes)""")
            enriched, mentions, quotes = cur.fetchone()
        say(f"built in {sum(build.values()):.1f} s: {enriched} enriched articles, {mentions} mentions, "
            f"{quotes} quotes; timing {repeats} requests per page ...")
        urls = pages(dsn)
        timings = time_pages(dsn, urls, repeats)
        downloads = time_downloads(dsn, max(1, repeats // 3))
        slowest_page = max(timings, key=lambda n: timings[n]["median_ms"])
        worst = timings[slowest_page]
        plan = explain(dsn, worst["slowest_sql"], worst["slowest_params"])
    return {"articles": articles, "enriched": enriched, "mentions": mentions, "quotes": quotes,
            "repeats": repeats, "target_ms": TARGET_MS, "pages": timings, "slowest_page": slowest_page,
            "all_under_target": all(t["median_ms"] < TARGET_MS for t in timings.values()),
            "downloads": downloads, "explain_slowest": plan, "build_s": {k: round(v, 1) for k, v in build.items()}}


def _print(result: dict[str, Any]) -> None:
    print(f"News view on {result['articles']} articles ({result['enriched']} enriched, {result['mentions']} "
          f"mentions, {result['quotes']} quotes); {result['repeats']} requests per page, in-process")
    print(f"{'page':28} {'median ms':>10} {'max ms':>8} {'slowest stmt ms':>16}")
    for name, t in result["pages"].items():
        print(f"{name:28} {t['median_ms']:>10.1f} {t['max_ms']:>8.1f} {t['slowest_sql_ms']:>16.1f}")
    verdict = "every page under" if result["all_under_target"] else "NOT every page under"
    print(f"{verdict} {result['target_ms']:.0f} ms (median). Slowest page: {result['slowest_page']}")
    for fmt, d in result["downloads"].items():
        print(f"download {fmt.upper():4} (every quote, capped): {d['rows']} rows, {d['bytes'] / 1e6:.1f} MB, "
              f"median {d['median_ms']:.0f} ms, max {d['max_ms']:.0f} ms")
    worst = result["pages"][result["slowest_page"]]
    print("\nits slowest statement:\n" + " ".join(worst["slowest_sql"].split()))
    print(f"params: {worst['slowest_params']}")
    print("\nEXPLAIN (ANALYZE, BUFFERS):\n" + result["explain_slowest"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsflow bench newsroom", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the generated warehouse")
    parser.add_argument("--repeats", type=int, default=15, help="measured requests per page")
    parser.add_argument("--dsn", help="a PostgreSQL server to create the scratch database on (default: embedded)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    with bench_server(args.dsn, "newsroom") as server_dsn:
        result = run(server_dsn, args.articles, max(1, args.repeats), say)
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
