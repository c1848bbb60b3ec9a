"""Benchmark: does one day's work cost the same on a small and a large warehouse?

For each size (default 10k, 50k, 200k articles) a scratch database on the embedded server is
filled in SQL (generate_series) with a year of history: articles with ~1,500-char texts,
SimHash/content hashes (5% near and 5% exact copies, linked), ~20 entity mentions and 3
quotes per analysable article, enrichment records, claims, feed entries and a run record per
day; marts rebuilt, VACUUM ANALYZE. Then one day's run of `--day` new articles goes through
the real path: a feed and article pages served on 127.0.0.1, fetch_feed + fetch_articles,
link_duplicates, claim_batches, analyze_batch, quality_checks(run_id), refresh_marts.
The same day's pages are used for every size, so only the warehouse differs.
Target: total(200k) <= 1.5 x total(10k).

`--throughput N` instead ingests and enriches N generated articles into an empty warehouse:
articles/s per stage, peak RSS, warehouse MB per 1k articles, and a second, unchanged run
(which must be fast and rewrite nothing).

Usage: python -m newsflow bench scale [--sizes 10000,50000,200000] [--day 500] [--json]
       python -m newsflow bench scale --throughput 10000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from newsflow_dev.bench.server import bench_server, send_conditional

STAGES = ("ingest", "duplicates", "claim", "analyze", "quality", "marts")
STAGE_TITLES = {"ingest": "fetch+extract+load", "duplicates": "duplicates", "claim": "claim",
                "analyze": "analyze (NLP)", "quality": "quality", "marts": "marts"}
ENTITIES = 20_000
FEED_ENTRIES = 1000  # per served feed (feeds.MAX_ENTRIES keeps 2000)

# --------------------------------------------------------------------------- history in SQL

_HISTORY_SQL = """
SET LOCAL session_replication_role = replica;  -- bulk load: no FK checks, no mart triggers (rebuilt after)
INSERT INTO news.feeds (feed_name, url, title, enabled, last_status, last_fetched_at)
VALUES ('history', 'http://history.invalid/feed.xml', 'History', false, 'ok', now() - interval '1 day');
INSERT INTO news.entities (entity_key, canonical_name, label, first_seen_at)
SELECT 'bench:' || j, 'Entity ' || j,
       (ARRAY['DATE', 'PERSON', 'ORG', 'GPE', 'PERSON', 'ORG', 'GPE', 'NORP', 'PERSON', 'ORG'])[j %% 10 + 1],
       now() - interval '400 days'
  FROM generate_series(0, %(entities)s - 1) j;

CREATE TEMP TABLE hist ON COMMIT DROP AS
SELECT i, md5('hist' || i)::uuid AS article_id,
       now() - interval '365 days' + (i::float8 / %(n)s) * interval '364 days' AS published_at,
       i %% 40 = 7 AS failed,
       i %% 20 = 0 AS near_copy,
       i %% 20 = 10 AS exact_copy,
       CASE WHEN i %% 20 = 10 THEN i - 1 ELSE i END AS content_of
  FROM generate_series(1, %(n)s) i;

INSERT INTO news.articles (article_id, feed_name, entry_key, url, canonical_url, title, authors,
                           published_at, language, site_name, text, word_count, content_hash, simhash,
                           duplicate_of, duplicate_kind, status, status_reason, http_status, extractor,
                           extractor_version, fetched_at, first_seen_at, updated_at)
SELECT h.article_id, 'history', 'guid:' || h.i, 'http://history.invalid/a/' || h.i,
       'http://history.invalid/a/' || h.i, 'Story number ' || h.i, ARRAY['Writer ' || h.i %% 300],
       h.published_at, 'en', 'History',
       CASE WHEN NOT h.failed THEN (SELECT string_agg(md5(h.content_of || ':' || k), ' ')
                                      FROM generate_series(1, 45) k) END,
       CASE WHEN h.failed THEN 0 ELSE 45 END,
       CASE WHEN NOT h.failed THEN encode(sha256(convert_to('text' || h.content_of, 'UTF8')), 'hex') END,
       CASE WHEN h.failed THEN NULL
            WHEN h.near_copy THEN ('x' || substr(md5('s' || (h.i - 1)), 1, 16))::bit(64)::bigint # (7::bigint << (h.i %% 60))
            ELSE ('x' || substr(md5('s' || h.content_of), 1, 16))::bit(64)::bigint END,
       CASE WHEN h.near_copy OR h.exact_copy THEN md5('hist' || (h.i - 1))::uuid END,
       CASE WHEN h.near_copy THEN 'near' WHEN h.exact_copy THEN 'exact' END,
       CASE WHEN h.failed THEN 'http_error' ELSE 'ok' END,
       CASE WHEN h.failed THEN 'HTTP 404' END,
       CASE WHEN h.failed THEN 404 ELSE 200 END,
       'newsflow', 'bench', h.published_at + interval '30 minutes', h.published_at + interval '30 minutes',
       h.published_at + interval '2 hours'
  FROM hist h;

INSERT INTO news.feed_entries (feed_name, entry_key, url, canonical_url, article_id, title, published_at,
                               first_seen_at)
SELECT 'history', 'guid:' || i, 'http://history.invalid/a/' || i, 'http://history.invalid/a/' || i,
       article_id, 'Story number ' || i, published_at, published_at + interval '30 minutes'
  FROM hist;

CREATE TEMP TABLE live ON COMMIT DROP AS
SELECT h.i, h.article_id, a.content_hash, a.updated_at
  FROM hist h JOIN news.articles a USING (article_id)
 WHERE NOT h.failed AND NOT h.near_copy AND NOT h.exact_copy;

-- ~20 mentions over ~12 entities per article, skewed: a few entities are everywhere.
INSERT INTO news.entity_mentions (article_id, start_char, end_char, entity_key, label, surface,
                                  sentence_start, sentence_end)
SELECT l.article_id, k * 70, k * 70 + 12, e.entity_key, e.label, substr(a.text, k * 70 + 1, 12),
       (k / 3) * 210, (k / 3) * 210 + 210
  FROM live l JOIN news.articles a USING (article_id) CROSS JOIN generate_series(0, 19) k
  JOIN news.entities e
    ON e.entity_key = 'bench:' || floor(%(entities)s * power((abs(hashint4(l.i * 97 + k %% 12)) %% 1000003) / 1000003.0, 3))::int;

INSERT INTO news.quotes (quote_id, article_id, start_char, end_char, spans, quote_text, kind, cue, cue_start,
                         cue_end, speaker_start, speaker_end, speaker_text, speaker, speaker_label, speaker_key,
                         confidence)
SELECT md5('q' || l.i || ':' || k)::uuid, l.article_id, k * 500 + 20, k * 500 + 140,
       jsonb_build_array(jsonb_build_array(k * 500 + 20, k * 500 + 140)), 'quoted words ' || l.i,
       (ARRAY['direct', 'mixed', 'indirect'])[k + 1], 'said', k * 500 + 150, k * 500 + 154,
       k * 500 + 155, k * 500 + 170, 'Entity ' || s.j, 'Entity ' || s.j, 'PERSON', 'bench:' || s.j, 0.8
  FROM live l CROSS JOIN generate_series(0, 2) k
 CROSS JOIN LATERAL (SELECT (abs(hashint4(l.i * 7 + k)) %% 1000) * 10 + 1 AS j) s;

INSERT INTO news.article_enrichment (article_id, status, model, content_hash, entity_count, quote_count,
                                     batch_key, analyzed_at)
SELECT l.article_id, 'ok', %(model)s, l.content_hash,
       (SELECT count(*) FROM news.entity_mentions m WHERE m.article_id = l.article_id), 3,
       'hist-' || l.i / 50, l.updated_at + interval '1 hour'
  FROM live l;

INSERT INTO news.enrich_batches (batch_key, article_id, run_id, claimed_at)
SELECT 'hist-' || i / 50, article_id, 'hist-' || i / 550, updated_at + interval '1 hour' FROM live;

INSERT INTO news.pipeline_runs (run_id, stage, dag_id, started_at, finished_at, status)
SELECT 'hist-' || d, s.stage, 'bench', now() - d * interval '1 day' + s.offs,
       now() - d * interval '1 day' + s.offs + interval '10 minutes', 'success'
  FROM generate_series(1, 365) d
 CROSS JOIN (VALUES ('ingest', interval '0'), ('enrich', interval '1 hour'), ('marts', interval '2 hours')) s(stage, offs);

INSERT INTO news.feed_fetches (feed_name, run_id, fetched_at, url, http_status, outcome, entries_seen, entries_new)
SELECT 'history', 'hist-' || d, now() - d * interval '1 day', 'http://history.invalid/feed.xml', 200, 'ok',
       %(n)s / 365, %(n)s / 365
  FROM generate_series(1, 365) d;
"""


def build_history(dsn: str, n: int) -> dict[str, float]:
    """Fill a migrated warehouse with `n` articles of history; return seconds per step."""
    from newsflow.nlp.model import model_version
    from newsflow.warehouse import db, marts

    started = time.perf_counter()
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(_HISTORY_SQL, {"n": n, "entities": ENTITIES, "model": model_version()})
    load = time.perf_counter() - started
    started = time.perf_counter()
    marts.rebuild_marts(dsn)
    rebuild = time.perf_counter() - started
    started = time.perf_counter()
    conn = db.connect(dsn)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()
    return {"load": load, "marts_rebuild": rebuild, "vacuum": time.perf_counter() - started}


# --------------------------------------------------------------------------- generated news

_FIRST = ["Maria", "John", "Aisha", "Pedro", "Yuki", "Olga", "Samuel", "Fatima", "Lars", "Chen", "Grace",
          "Tomas", "Amara", "Ivan", "Sofia", "David", "Leila", "Marcus", "Nadia", "Kwame", "Elena", "Rahul",
          "Hannah", "Omar", "Ingrid", "Luis", "Mei", "Peter", "Zainab", "Anders"]
_LAST = ["Lopez", "Whitaker", "Okafor", "Lindqvist", "Tanaka", "Petrova", "Mensah", "Haddad", "Berg",
         "Wang", "Fischer", "Novak", "Diallo", "Kowalski", "Moreau", "Santos", "Keller", "Osei", "Ruiz",
         "Nakamura", "Andersen", "Costa", "Brennan", "Sato", "Adeyemi", "Larsen", "Rossi", "Hughes"]
_ORG = ["the Ministry of Finance", "Harbor Bank", "the World Health Organization", "NordAir",
        "the European Commission", "Union Savings", "the Port Authority", "Greenfield Energy",
        "the National Teachers Union", "Atlas Motors", "the Central Bank", "Riverside Hospital",
        "the Chamber of Commerce", "Solace Pharmaceuticals", "the City Council", "Meridian Rail"]
_PLACE = ["Geneva", "Nairobi", "Halden", "Lisbon", "Osaka", "Toronto", "Warsaw", "Accra", "Lyon",
          "Santiago", "Oslo", "Mumbai", "Denver", "Tunis", "Hamburg", "Manila"]
_ROLE = ["spokesperson", "chief executive", "finance director", "mayor", "chairman", "lead negotiator",
         "health minister", "economist", "union leader", "senior analyst"]
_TOPIC = ["the new budget", "the water agreement", "the strike", "the merger", "the vaccine programme",
          "the rail link", "interest rates", "the housing plan", "the trade deal", "the school reform",
          "the energy tariff", "the flood defences"]
_VERB = ["would review", "had rejected", "planned to expand", "was ready to sign", "could delay",
         "would fund", "had criticised", "hoped to finish", "was studying", "would not support"]


_ADJ = ["new", "local", "federal", "rural", "private", "public", "early", "late", "former", "small", "large",
        "costly", "urgent", "annual", "regional", "coastal", "northern", "southern", "foreign", "domestic",
        "rising", "falling", "fragile", "temporary", "permanent", "digital", "medical", "legal", "military",
        "financial", "seasonal", "historic", "modest", "sharp", "steady", "delayed", "contested", "joint"]
_NOUN = ["budget", "bridge", "contract", "election", "harvest", "hospital", "inquiry", "loan", "market",
         "pipeline", "port", "prices", "protest", "railway", "reform", "report", "river", "school", "shortage",
         "subsidy", "tariff", "tax", "union", "vote", "wages", "court", "drought", "factory", "airport",
         "ceasefire", "clinic", "debt", "exports", "fishery", "grid", "housing", "license", "mine", "pension",
         "permit", "ruling", "satellite", "sanctions", "survey", "tunnel", "vaccine", "warehouse", "zoning"]
_PAST = ["approved", "blocked", "delayed", "doubled", "ended", "expanded", "funded", "halted", "launched",
         "questioned", "reopened", "revised", "scrapped", "signed", "slowed", "suspended", "tightened",
         "welcomed", "challenged", "overturned", "postponed", "reviewed", "cut", "extended"]
_LINK = ["while", "after", "because", "although", "as", "since", "before", "even though"]


def _phrase(rng: random.Random) -> str:
    return f"the {rng.choice(_ADJ)} {rng.choice(_NOUN)}"


def _free_sentence(rng: random.Random) -> str:
    """Mostly free word order, so two articles share few word triples (as real stories do)."""
    first = _phrase(rng)
    return (f"{first[0].upper()}{first[1:]} {rng.choice(_PAST)} {_phrase(rng)} in {rng.choice(_PLACE)} "
            f"{rng.choice(_LINK)} {_phrase(rng)} {rng.choice(_PAST)} {_phrase(rng)}.")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _sentence(rng: random.Random, n: int) -> str:
    kind = rng.randrange(9)
    if kind >= 5:
        return _free_sentence(rng)
    who, org, place, topic = _person(rng), rng.choice(_ORG), rng.choice(_PLACE), rng.choice(_TOPIC)
    amount = rng.randrange(2, 900)
    if kind == 0:
        return (f'"We will not accept {topic} in its current form, and {amount} families agree with us," '
                f"said {who}, the {rng.choice(_ROLE)} of {org}.")
    if kind == 1:
        return f"{who} told reporters in {place} on day {n} that {org} {rng.choice(_VERB)} {topic}."
    if kind == 2:
        return (f"According to {org}, {topic} {rng.choice(_VERB).split()[0]} cost about {amount} million "
                f"euros over {rng.randrange(2, 12)} years, a figure disputed in {place}.")
    if kind == 3:
        return (f"{org} {rng.choice(_VERB)} {topic} after talks in {place}, {who} said, adding that "
                f"{amount} workers were affected.")
    return (f'"This is about trust," {who} said. "People in {place} have waited {amount} days for an '
            f'answer on {topic}."')


def _article_text(rng: random.Random, n: int, chars: int = 1500) -> tuple[str, list[str]]:
    paragraphs: list[str] = []
    total = 0
    while total < chars:
        para = " ".join(_sentence(rng, n) for _ in range(rng.randrange(2, 4)))
        paragraphs.append(para)
        total += len(para)
    title = f"{rng.choice(_ORG).removeprefix('the ').capitalize()} and {rng.choice(_TOPIC)}: story {n}"
    return title, paragraphs


def _page(base: str, path: str, title: str, author: str, published: datetime, paragraphs: list[str]) -> bytes:
    url = base + path
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "author": [{"@type": "Person", "name": author}], "datePublished": published.isoformat(),
                     "inLanguage": "en", "mainEntityOfPage": url,
                     "publisher": {"@type": "Organization", "name": "Bench Daily"}})
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} | Bench Daily</title><link rel="canonical" href="{url}">
<script type="application/ld+json">{ld}</script></head>
<body><header class="site-header"><a class="logo" href="{base}/">Bench Daily</a>
<nav><ul><li><a href="{base}/world">World</a></li><li><a href="{base}/business">Business</a></li></ul></nav></header>
<main><article class="story"><h1 class="headline">{escape(title)}</h1>
<p class="byline">By {escape(author)}</p><p class="published"><time datetime="{published.isoformat()}">
{published:%d %B %Y}</time></p><div class="story-body">
{body}
</div></article></main><footer>Bench Daily, all rights reserved.</footer></body></html>""".encode()


def _feed(base: str, title: str, items: list[tuple[str, str, datetime]]) -> bytes:
    entries = "\n".join(
        f"<item><title>{escape(t)}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        f"<pubDate>{format_datetime(when)}</pubDate></item>"
        for t, p, when in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>{base}/</link><description>generated</description>\n{entries}\n</channel></rss>").encode()


def build_site(base: str, count: int, *, seed: int, prefix: str, now: datetime) -> tuple[dict[str, bytes], list[str]]:
    """`count` article pages (4% near copies with a rewritten lede: SimHash distance ~5-11,
    1% exact copies under another URL) and feeds of at most FEED_ENTRIES entries; returns {path: body} and the feed paths."""
    rng = random.Random(seed)
    pages: dict[str, bytes] = {}
    items: list[tuple[str, str, datetime]] = []
    texts: list[tuple[str, list[str]]] = []
    for n in range(count):
        published = now - timedelta(minutes=n % 1200)
        author = _person(rng)
        if n % 25 == 12:
            title, paragraphs = texts[rng.randrange(len(texts))]
            paragraphs = [_sentence(rng, n) + " " + _sentence(rng, n), *paragraphs[1:]]
            title = "Update: " + title
        elif n % 100 == 19:
            title, paragraphs = texts[rng.randrange(len(texts))]
        else:
            title, paragraphs = _article_text(rng, n)
            texts.append((title, paragraphs))
        path = f"/{prefix}/{n:06d}.html"
        pages[path] = _page(base, path, title, author, published, paragraphs)
        items.append((title, path, published))
    feeds = []
    for k in range(0, count, FEED_ENTRIES):
        path = f"/{prefix}/feed-{k // FEED_ENTRIES}.xml"
        pages[path] = _feed(base, f"Bench {prefix} {k // FEED_ENTRIES}", items[k : k + FEED_ENTRIES])
        feeds.append(path)
    return pages, feeds


class _Handler(BaseHTTPRequestHandler):
    server: _Site

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        elif path in self.server.pages:
            body = self.server.pages[path]
            ctype = "application/rss+xml" if path.endswith(".xml") else "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        send_conditional(self, body, ctype, '"' + hashlib.sha1(body).hexdigest() + '"')


class _Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages: dict[str, bytes] = {}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def _serve() -> Iterator[_Site]:
    site = _Site()
    thread = threading.Thread(target=site.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- one run, timed


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def timed_run(dsn: str, site: _Site, feeds: list[str], run_id: str) -> dict[str, Any]:
    """The ingest and enrich stages of one run, as the DAGs call them; seconds per stage."""
    from newsflow import enrich
    from newsflow.http import Fetcher
    from newsflow.ingest import pipeline
    from newsflow.ingest.feeds_file import FeedConfig
    from newsflow.settings import get_settings
    from newsflow.warehouse import marts

    configs = [FeedConfig(name=f"bench-{Path(p).stem}", url=site.base_url + p) for p in feeds]
    seconds: dict[str, float] = {}
    counts: dict[str, Any] = {}
    started = time.perf_counter()
    pipeline.start_run(dsn, run_id, "ingest", "bench", {})
    names = pipeline.sync_feeds(configs, dsn)
    loaded = 0
    with Fetcher(get_settings()) as fetcher:
        for cfg in configs:
            if cfg.name not in names:
                continue
            pipeline.fetch_feed(cfg.name, dsn=dsn, run_id=run_id, fetcher=fetcher, url=cfg.url)
            arts = pipeline.fetch_articles(cfg.name, dsn=dsn, run_id=run_id, fetcher=fetcher)
            loaded += sum(arts["statuses"].values())
    seconds["ingest"] = time.perf_counter() - started
    counts["loaded"] = loaded

    started = time.perf_counter()
    dups = pipeline.link_duplicates(dsn)
    seconds["duplicates"] = time.perf_counter() - started
    counts["linked_now"] = dups["linked_now"]
    pipeline.finish_run(dsn, run_id, "ingest", "success", {"duplicates": dups})

    pipeline.start_run(dsn, run_id, "enrich", "bench", {})
    started = time.perf_counter()
    keys = enrich.claim_batches(dsn, run_id)
    seconds["claim"] = time.perf_counter() - started
    started = time.perf_counter()
    analyzed = sum(enrich.analyze_batch(dsn, key)["articles"] for key in keys)
    seconds["analyze"] = time.perf_counter() - started
    counts["analyzed"] = analyzed
    started = time.perf_counter()
    enrich.quality_checks(dsn, run_id)
    seconds["quality"] = time.perf_counter() - started
    started = time.perf_counter()
    marts.refresh_marts(dsn)
    seconds["marts"] = time.perf_counter() - started
    pipeline.finish_run(dsn, run_id, "enrich", "success", {"articles": analyzed})
    seconds["total"] = sum(seconds[s] for s in STAGES)
    return {"seconds": {k: round(v, 3) for k, v in seconds.items()}, **counts}


# --------------------------------------------------------------------------- the two modes


def _scale(server_dsn: str, sizes: list[int], day: int, say: Any) -> dict[str, Any]:
    from newsflow.warehouse import db
    from newsflow.warehouse.runs import prepare_warehouse

    results = []
    with _serve() as site:
        now = datetime.now(UTC)
        site.pages, feeds = build_site(site.base_url, day, seed=1, prefix="day", now=now)
        for size in sizes:
            with db.scratch_database(server_dsn, f"scale{size}") as dsn:
                prepare_warehouse(dsn)
                say(f"[{size}] building history ...")
                build = build_history(dsn, size)
                say(f"[{size}] history built in {sum(build.values()):.0f} s; running one day ...")
                run = timed_run(dsn, site, feeds, f"bench-day-{size}")
                with db.connection(dsn) as conn, conn.cursor() as cur:
                    cur.execute("SELECT count(*), pg_database_size(current_database()) FROM news.articles")
                    articles, size_bytes = cur.fetchone()
                run.update(size=size, articles_after=articles, database_mb=round(size_bytes / 2**20),
                           build_seconds={k: round(v, 1) for k, v in build.items()})
                say(f"[{size}] {run['seconds']}")
                results.append(run)
    ratios = {}
    if len(results) > 1:
        first, last = results[0]["seconds"], results[-1]["seconds"]
        ratios = {k: round(last[k] / first[k], 2) if first[k] else None for k in (*STAGES, "total")}
    return {"day": day, "runs": results, "ratio_last_first": ratios,
            "ratio_sizes": [results[0]["size"], results[-1]["size"]] if results else []}


def _snapshot(dsn: str) -> dict[str, str]:
    from newsflow.warehouse import db

    out = {}
    with db.connection(dsn) as conn, conn.cursor() as cur:
        for table in ("articles", "article_html", "entity_mentions", "quotes", "article_enrichment",
                      "mv_daily_entity_mentions", "mv_entity_cooccurrence"):
            cur.execute(f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM news.{table} t")
            out[table] = cur.fetchone()[0]
    return out


def _throughput(server_dsn: str, count: int, say: Any) -> dict[str, Any]:
    from newsflow.warehouse import db
    from newsflow.warehouse.runs import prepare_warehouse

    with _serve() as site, db.scratch_database(server_dsn, "throughput") as dsn:
        site.pages, feeds = build_site(site.base_url, count, seed=2, prefix="tp", now=datetime.now(UTC))
        prepare_warehouse(dsn)
        say(f"[throughput] {count} articles in {len(feeds)} feeds ...")
        first = timed_run(dsn, site, feeds, "bench-tp-1")
        with db.connection(dsn) as conn, conn.cursor() as cur:
            cur.execute("SELECT pg_database_size(current_database())")
            size_bytes = cur.fetchone()[0]
        say(f"[throughput] first run {first['seconds']}; second, unchanged run ...")
        before = _snapshot(dsn)
        second = timed_run(dsn, site, feeds, "bench-tp-2")
        unchanged = _snapshot(dsn) == before
    per_second = {s: round(count / first["seconds"][s], 1) if first["seconds"][s] else None for s in STAGES}
    return {"articles": count, "first": first, "articles_per_second": per_second,
            "end_to_end_articles_per_second": round(count / first["seconds"]["total"], 1),
            "peak_rss_mb": round(_peak_rss_mb()), "warehouse_mb_per_1k": round(size_bytes / 2**20 / count * 1000, 1),
            "second_run": second, "second_run_rewrote_nothing": unchanged}


# --------------------------------------------------------------------------- printing


def _print_scale(result: dict[str, Any]) -> None:
    runs = result["runs"]
    print(f"one day's run of {result['day']} new articles on warehouses of growing size (seconds)")
    header = f"{'stage':<20}" + "".join(f"{r['size']:>12,}" for r in runs)
    if result["ratio_last_first"]:
        header += f"{'ratio ' + format(runs[-1]['size'] // runs[0]['size'], ',') + 'x':>14}"
    print(header)
    for stage in (*STAGES, "total"):
        line = f"{STAGE_TITLES.get(stage, stage):<20}" + "".join(f"{r['seconds'][stage]:>12.2f}" for r in runs)
        if result["ratio_last_first"]:
            ratio = result["ratio_last_first"][stage]
            line += f"{ratio:>14.2f}" if ratio is not None else f"{'-':>14}"
        print(line)
    print(f"{'loaded / linked / analysed':<20}" + "".join(
        f"{str(r['loaded']) + '/' + str(r['linked_now']) + '/' + str(r['analyzed']):>12}" for r in runs))
    print(f"{'database MB':<20}" + "".join(f"{r['database_mb']:>12,}" for r in runs))
    print(f"{'history build s':<20}" + "".join(f"{sum(r['build_seconds'].values()):>12.0f}" for r in runs))
    if result["ratio_last_first"]:
        total = result["ratio_last_first"]["total"]
        verdict = "met" if total <= 1.5 else "MISSED"
        print(f"target total({runs[-1]['size']:,}) <= 1.5 x total({runs[0]['size']:,}): {total:.2f}x, {verdict}")


def _print_throughput(result: dict[str, Any]) -> None:
    first, second = result["first"]["seconds"], result["second_run"]["seconds"]
    print(f"throughput: {result['articles']:,} generated articles into an empty warehouse")
    print(f"{'stage':<20}{'seconds':>10}{'articles/s':>12}{'2nd run s':>12}")
    for stage in STAGES:
        rate = result["articles_per_second"][stage]
        print(f"{STAGE_TITLES[stage]:<20}{first[stage]:>10.2f}{rate if rate is not None else '-':>12}"
              f"{second[stage]:>12.2f}")
    print(f"{'total':<20}{first['total']:>10.2f}{result['end_to_end_articles_per_second']:>12}{second['total']:>12.2f}")
    print(f"loaded {result['first']['loaded']}, linked {result['first']['linked_now']}, "
          f"analysed {result['first']['analyzed']}; second run loaded {result['second_run']['loaded']}, "
          f"analysed {result['second_run']['analyzed']}, rewrote nothing: {result['second_run_rewrote_nothing']}")
    print(f"peak RSS {result['peak_rss_mb']} MB; warehouse {result['warehouse_mb_per_1k']} MB per 1k articles")


# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsflow bench scale", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,50000,200000", help="warehouse sizes (articles), comma-separated")
    parser.add_argument("--day", type=int, default=500, help="new articles in the timed day's run")
    parser.add_argument("--throughput", type=int, metavar="N", help="instead: ingest+enrich N articles "
                        "into an empty warehouse, then an unchanged second run")
    parser.add_argument("--dsn", help="a PostgreSQL server to create scratch databases on (default: embedded)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    # Loopback pages, no politeness delay: the benchmark measures our work, not our manners.
    os.environ["NEWSFLOW_ALLOW_PRIVATE_HOSTS"] = "127.0.0.1"
    os.environ["NEWSFLOW_PER_HOST_DELAY"] = "0"
    from newsflow.nlp.model import get_nlp
    from newsflow.settings import get_settings

    get_settings.cache_clear()
    get_nlp()  # model load is not part of any stage

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    with bench_server(args.dsn, "scale") as server_dsn:
        if args.throughput:
            result = _throughput(server_dsn, args.throughput, say)
            printer = _print_throughput
        else:
            result = _scale(server_dsn, sizes, args.day, say)
            printer = _print_scale
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        printer(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
