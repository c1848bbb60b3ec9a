"""Benchmark the real enrich path: texts stream from PostgreSQL through analyze_batch.

`bench nlp` compares raw nlp.pipe with analyze_many in memory; this one measures what an
enrich task does (claim, server-side cursor, nlp.pipe, rules, COPY + upsert) on the same
texts, beside raw nlp.pipe, with peak RSS, so memory stays bounded by the batch size.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from newsflow.settings import PROJECT_ROOT
from newsflow_dev.bench.server import bench_server

DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data" / "polnear"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _texts(data: Path, limit: int) -> list[str]:
    files = sorted((data / "train" / "text").glob("*.txt")) + sorted((data / "dev" / "text").glob("*.txt"))
    if not files:
        raise SystemExit(f"no texts under {data}/{{train,dev}}/text (is ../shared mounted?)")
    return [f.read_text(encoding="utf-8") for f in files[: limit or None]]


def _load_articles(dsn: str, texts: list[str]) -> None:
    from newsflow.extract import urls
    from newsflow.warehouse import db
    from newsflow.warehouse.load import bulk_upsert

    rows = []
    for i, text in enumerate(texts):
        url = f"http://bench.invalid/{i}"
        rows.append((urls.article_id(url), "bench", f"e{i}", url, url, "ok", text,
                     urls.content_hash(text), urls.simhash(text)))
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO news.feeds (feed_name, url) VALUES ('bench', 'http://bench.invalid/')")
        bulk_upsert(cur, "articles", ["article_id", "feed_name", "entry_key", "url", "canonical_url",
                                      "status", "text", "content_hash", "simhash"], rows, ["article_id"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsflow bench enrich", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PolNeAR folder")
    parser.add_argument("--limit", type=int, default=300, help="articles (0 = all 924)")
    parser.add_argument("--batch-size", type=int, default=50, help="articles per claimed batch")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats (medians reported)")
    parser.add_argument("--dsn", help="a warehouse to create a scratch database in (default: embedded)")
    args = parser.parse_args(argv)

    from newsflow.warehouse import db

    texts = _texts(args.data, args.limit)
    with bench_server(args.dsn, "enrich") as server_dsn, db.scratch_database(server_dsn, "bench") as dsn:
        _measure(dsn, texts, args)
    return 0


def _measure(dsn: str, texts: list[str], args: argparse.Namespace) -> None:
    from newsflow import enrich
    from newsflow.ingest import pipeline
    from newsflow.nlp.model import get_nlp

    chars = sum(len(t) for t in texts)
    pipeline.prepare_warehouse(dsn)
    _load_articles(dsn, texts)
    from newsflow_dev.bench.nlp import own_components

    nlp = get_nlp()
    base_only = own_components(nlp)  # "raw" = the base model alone, as in bench nlp
    list(nlp.pipe(texts[:5]))  # warm-up
    raw_times, enrich_times = [], []
    rss_raw = 0.0
    for n in range(args.repeats):
        started = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=32, disable=base_only):
            pass
        raw_times.append(time.perf_counter() - started)
        rss_raw = _peak_rss_mb()
        started = time.perf_counter()
        keys = enrich.claim_batches(dsn, f"bench-{n}", batch_size=args.batch_size, reprocess="all")
        for key in keys:
            enrich.analyze_batch(dsn, key)
        enrich_times.append(time.perf_counter() - started)
    raw, full = statistics.median(raw_times), statistics.median(enrich_times)
    print(f"enrich benchmark: {len(texts)} articles, {chars} chars, batches of {args.batch_size}, "
          f"{args.repeats} repeats (medians)")
    print(f"raw nlp.pipe                 {chars / raw:>10,.0f} chars/s  ({raw:.1f} s)")
    print(f"enrich (DB → NLP → DB)       {chars / full:>10,.0f} chars/s  ({full:.1f} s)")
    print(f"ratio enrich / raw: {raw / full:.2f}")
    print(f"peak RSS: {rss_raw:.0f} MB after raw spaCy, {_peak_rss_mb():.0f} MB after enrich")
