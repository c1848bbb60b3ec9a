"""Ingest stages that the DAG tasks (and the CLI) call: feeds → entries → articles.

Each stage takes a DSN and ids, does its I/O and database work itself and returns a small
dict of counts, so Airflow's XCom only ever carries ids and numbers.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from newsflow import article as status
from newsflow import dedup
from newsflow import http as nfhttp
from newsflow.article import Article
from newsflow.config import FeedConfig, Settings, get_settings
from newsflow.feeds import FeedParseError, parse_feed
from newsflow.http import Fetcher, FetchResult, redact_url, strip_userinfo, with_userinfo_of
from newsflow.warehouse import db
from newsflow.warehouse.load import bulk_upsert
from newsflow.warehouse.migrate import migrate

log = logging.getLogger(__name__)

ARTICLE_BATCH = 20
_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
_HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
# Article statuses worth another download on a later run (transient trouble).
_RETRYABLE = "a.status = 'error' OR (a.status = 'http_error' AND (a.http_status IS NULL OR a.http_status >= 500))"


def now() -> datetime:
    return datetime.now(UTC)


def new_run_id(prefix: str = "cli") -> str:
    return f"{prefix}__{now().strftime('%Y-%m-%dT%H:%M:%S.%f')}"


def prepare_warehouse(dsn: str | None = None) -> str:
    """Resolve the warehouse, apply pending migrations, return the DSN to pass around."""
    dsn = db.resolve_dsn(dsn)
    conn = db.connect(dsn)
    try:
        applied = migrate(conn)
    finally:
        conn.close()
    if applied:
        log.info("applied migrations: %s", ", ".join(applied))
    return dsn


# ------------------------------------------------------------------- run bookkeeping


def _redacted(value: Any) -> Any:
    """Params may name feeds by URL: credentials never reach pipeline_runs."""
    if isinstance(value, str):
        return redact_url(value) if "://" in value else value
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_redacted(v) for v in value]
    return value


def start_run(dsn: str, run_id: str, stage: str, dag_id: str, params: dict[str, Any]) -> None:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            """
            INSERT INTO news.pipeline_runs (run_id, stage, dag_id, started_at, status, params)
            VALUES (%s, %s, %s, now(), 'running', %s)
            ON CONFLICT (run_id, stage) DO UPDATE
               SET status = 'running', finished_at = NULL, params = EXCLUDED.params
            """,
            (run_id, stage, dag_id, json.dumps(_redacted(params), default=str)),
        )


def finish_run(dsn: str, run_id: str, stage: str, run_status: str, stats: dict[str, Any]) -> None:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            """
            UPDATE news.pipeline_runs SET finished_at = now(), status = %s, stats = %s
             WHERE run_id = %s AND stage = %s
            """,
            (run_status, json.dumps(stats, default=str), run_id, stage),
        )


# ------------------------------------------------------------------------ feeds


def sync_feeds(feeds: list[FeedConfig], dsn: str, *, include_gone: bool = False) -> list[str]:
    """Upsert the configured feeds and return the names to fetch.

    Feeds no longer configured are disabled, never deleted. A feed that answered 410 Gone stays
    disabled (not hammered) until its configured URL changes or `include_gone` (a forced run);
    a URL moved by a permanent redirect is kept until the configured URL changes.
    """
    rows = [(f.name, strip_userinfo(f.url), f.title, list(f.tags), f.enabled) for f in feeds]
    with db.connection(dsn) as conn, conn.cursor() as cur:
        for name, url, title, tags, enabled in rows:
            cur.execute(
                """
                INSERT INTO news.feeds AS f (feed_name, configured_url, url, title, tags, enabled)
                VALUES (%(name)s, %(url)s, %(url)s, %(title)s, %(tags)s, %(enabled)s)
                ON CONFLICT (feed_name) DO UPDATE SET
                    configured_url = EXCLUDED.configured_url,
                    url = CASE WHEN f.configured_url = EXCLUDED.configured_url THEN f.url
                               ELSE EXCLUDED.url END,
                    last_status = CASE WHEN f.configured_url = EXCLUDED.configured_url THEN f.last_status
                                       END,
                    title = COALESCE(EXCLUDED.title, f.title),
                    tags = EXCLUDED.tags,
                    enabled = EXCLUDED.enabled AND (
                        %(include_gone)s OR f.configured_url <> EXCLUDED.configured_url
                        OR f.last_status IS DISTINCT FROM 'gone'),
                    updated_at = now()
                WHERE (f.configured_url, f.title, f.tags, f.enabled)
                      IS DISTINCT FROM (EXCLUDED.configured_url, COALESCE(EXCLUDED.title, f.title),
                                        EXCLUDED.tags, EXCLUDED.enabled AND (
                                            %(include_gone)s OR f.last_status IS DISTINCT FROM 'gone'))
                """,
                {"name": name, "url": url, "title": title, "tags": tags, "enabled": enabled,
                 "include_gone": include_gone},
            )
        cur.execute(
            "UPDATE news.feeds SET enabled = false, updated_at = now() "
            "WHERE enabled AND NOT feed_name = ANY(%s)",
            ([f.name for f in feeds],),
        )
        cur.execute("SELECT feed_name FROM news.feeds WHERE enabled AND feed_name = ANY(%s)",
                    ([f.name for f in feeds],))
        active = {r[0] for r in cur.fetchall()}
    return [f.name for f in feeds if f.name in active]


def _borrowed(fetcher: Fetcher | None) -> AbstractContextManager[Fetcher]:
    """The caller's Fetcher (left open for its next use), or a new one closed afterwards."""
    return nullcontext(fetcher) if fetcher is not None else Fetcher()


def _feed_state(dsn: str, feed_name: str) -> dict[str, Any]:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT url, etag, last_modified, enabled, last_status FROM news.feeds WHERE feed_name = %s",
            (feed_name,),
        )
        row = cur.fetchone()
    if row is None:
        raise KeyError(f"feed {feed_name!r} is not in news.feeds; run sync_feeds first")
    return dict(zip(("url", "etag", "last_modified", "enabled", "last_status"), row, strict=True))


def fetch_feed(
    feed_name: str,
    *,
    dsn: str,
    run_id: str,
    force: bool = False,
    fetcher: Fetcher | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """Conditional GET + parse one feed, store its entries, record the attempt. Never raises
    for feed trouble: the outcome is recorded and returned.

    `url` is the configured URL from feeds.yaml, which may carry credentials the warehouse
    never stores; it is used unless a permanent redirect has since moved the feed.
    """
    state = _feed_state(dsn, feed_name)
    if url and strip_userinfo(url) == state["url"]:
        fetch_url = url
    else:  # moved by a permanent redirect: same credentials if it stayed on the same host
        fetch_url = with_userinfo_of(state["url"], url) if url else state["url"]
    with _borrowed(fetcher) as client:
        res = client.fetch(
            fetch_url,
            etag=None if force else state["etag"],
            last_modified=None if force else state["last_modified"],
            accept=_FEED_ACCEPT,
        )
    outcome, error = res.outcome, res.error
    parsed = None
    if res.ok:
        try:
            parsed = parse_feed(res.content, res.headers)
        except FeedParseError as exc:
            outcome, error = "parse_error", str(exc)
        except Exception as exc:  # feedparser on hostile bytes: record, don't crash the run
            outcome, error = "parse_error", f"{type(exc).__name__}: {exc}"
    entries = parsed.entries if parsed else []
    with db.connection(dsn) as conn, conn.cursor() as cur:
        new = 0
        if entries:
            keys = list({e.canonical_url for e in entries if e.canonical_url})
            cur.execute(
                "SELECT canonical_url FROM news.articles WHERE canonical_url = ANY(%s)", (keys,)
            )
            known = {r[0] for r in cur.fetchall()}
            new = len(set(keys) - known)
            rows = {}
            for e in entries:
                aid = dedup.article_id(e.canonical_url) if e.canonical_url else None
                rows[e.entry_key] = (
                    feed_name, e.entry_key, redact_url(e.url) if e.url else None,
                    e.canonical_url, aid, e.title, e.published_at, e.authors, e.summary,
                )
            bulk_upsert(
                cur,
                "feed_entries",
                ["feed_name", "entry_key", "url", "canonical_url", "article_id",
                 "title", "published_at", "authors", "summary"],
                list(rows.values()),
                conflict=["feed_name", "entry_key"],
            )
        cur.execute(
            """
            INSERT INTO news.feed_fetches (feed_name, run_id, fetched_at, url, final_url,
                http_status, outcome, not_modified, entries_seen, entries_new, bozo,
                bozo_error, error, attempts, elapsed_ms)
            VALUES (%s, %s, now(), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
            ON CONFLICT (feed_name, run_id) DO UPDATE SET
                fetched_at = EXCLUDED.fetched_at, url = EXCLUDED.url,
                final_url = EXCLUDED.final_url, http_status = EXCLUDED.http_status,
                outcome = EXCLUDED.outcome, not_modified = EXCLUDED.not_modified,
                entries_seen = EXCLUDED.entries_seen, entries_new = EXCLUDED.entries_new,
                bozo = EXCLUDED.bozo, bozo_error = EXCLUDED.bozo_error, error = EXCLUDED.error,
                attempts = EXCLUDED.attempts, elapsed_ms = EXCLUDED.elapsed_ms
            """,
            (
                feed_name, run_id, redact_url(res.url), redact_url(res.final_url),
                res.status_code, outcome, outcome == nfhttp.NOT_MODIFIED, len(entries), new,
                bool(parsed and parsed.bozo), parsed.bozo_error if parsed else None,
                error, res.attempts, res.elapsed_ms,
            ),
        )
        success = outcome in (nfhttp.OK, nfhttp.NOT_MODIFIED)
        gone = res.status_code == 410
        cur.execute(
            """
            UPDATE news.feeds SET
                url = COALESCE(%s, url),
                title = COALESCE(title, %s),
                etag = CASE WHEN %s THEN %s ELSE etag END,
                last_modified = CASE WHEN %s THEN %s ELSE last_modified END,
                last_status = %s, last_error = %s, last_fetched_at = now(),
                consecutive_failures = CASE WHEN %s THEN 0 ELSE consecutive_failures + 1 END,
                enabled = enabled AND NOT %s,
                updated_at = now()
             WHERE feed_name = %s
            """,
            (
                strip_userinfo(res.permanent_url) if success and res.permanent_url else None,
                parsed.title if parsed else None,
                outcome == nfhttp.OK, res.headers.get("etag"),
                outcome == nfhttp.OK, res.headers.get("last-modified"),
                "gone" if gone else outcome, error,
                success, gone, feed_name,
            ),
        )
    result = {
        "feed": feed_name,
        "outcome": outcome,
        "http_status": res.status_code,
        "entries": len(entries),
        "new": new,
        "bozo": bool(parsed and parsed.bozo),
        "error": error,
    }
    log.info("feed %s: %s", feed_name, result)
    return result


# --------------------------------------------------------------------- articles


@dataclass
class _Pending:
    article_id: uuid.UUID
    feed_name: str
    entry_key: str
    url: str
    canonical_url: str
    title: str | None
    published_at: datetime | None
    authors: list[str]
    summary: str | None
    current_status: str | None  # status of the stored article, None when it is new


def _pending_articles(dsn: str, feed_name: str, force: bool) -> list[_Pending]:
    """Entries of this feed whose article is missing or retryable; with force, also every article
    this feed owns (first seen in it), so an article shared by two feeds is processed once."""
    condition = f"a.article_id IS NULL OR {_RETRYABLE}"
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
        return [_Pending(*row) for row in cur.fetchall()]


_FETCH_STATUS = {
    nfhttp.TOO_LARGE: status.TOO_LARGE,
    nfhttp.BLOCKED: status.BLOCKED,
    nfhttp.REFUSED: status.BLOCKED,
    nfhttp.HTTP_ERROR: status.HTTP_ERROR,
    nfhttp.NETWORK_ERROR: status.ERROR,
}


def _extract(res: FetchResult) -> Article:
    """Page bytes → Article; a failure of ours becomes status 'error', never an exception."""
    from newsflow.encoding import decode_html
    from newsflow.extract import extract_article

    try:
        html = decode_html(res.content, res.content_type)
        art = extract_article(html, res.final_url)
    except Exception as exc:
        art = Article(status=status.ERROR, status_reason=f"{type(exc).__name__}: {exc}")
    return art


def _strip_site_repeats(articles: list[Article], urls: list[str]) -> None:
    """Drop paragraphs repeated verbatim across several articles of the same host."""
    from newsflow.clean import fill_body, strip_site_repeats

    by_host: dict[str, list[int]] = defaultdict(list)
    for i, (art, url) in enumerate(zip(articles, urls, strict=True)):
        if art.status == status.OK:
            by_host[urlsplit(url).netloc].append(i)
    for indexes in by_host.values():
        if len(indexes) < 3:
            continue
        kept = strip_site_repeats([articles[i].paragraphs for i in indexes])
        for i, paragraphs in zip(indexes, kept, strict=True):
            art = articles[i]
            if len(paragraphs) == len(art.paragraphs):
                continue
            gone = set(art.paragraphs) - set(paragraphs)
            # fill_body also re-derives the status: a page left too short is no longer "ok".
            fill_body(art, [b for b in art.blocks if b.text not in gone])


_ARTICLE_COLUMNS = [
    "article_id", "feed_name", "entry_key", "url", "canonical_url", "page_canonical_url", "title",
    "standfirst",
    "authors", "published_at", "language", "site_name", "feed_summary", "text", "word_count",
    "content_hash", "simhash", "status", "status_reason", "http_status", "extractor",
    "extractor_version", "fetched_at",
]
# Columns an upsert may change; the first feed's entry data and fetched_at keep their first values.
_ARTICLE_UPDATE = [c for c in _ARTICLE_COLUMNS
                   if c not in ("article_id", "feed_name", "entry_key", "feed_summary", "fetched_at")]
_HTML_COLUMNS = ["article_id", "final_url", "content_type", "http_status", "raw_bytes", "sha256", "html_gz", "fetched_at"]


def _article_row(p: _Pending, res: FetchResult, art: Article, fetched_at: datetime) -> tuple:
    text = art.text or None
    return (
        p.article_id, p.feed_name, p.entry_key, redact_url(p.url), p.canonical_url,
        dedup.canonicalize_url(art.canonical_url) if art.canonical_url else None,
        art.title or p.title, art.standfirst, art.authors or p.authors,
        art.published_at or p.published_at, art.language, art.site_name, p.summary,
        text, len(text.split()) if text else 0,
        dedup.content_hash(text) if text else None,
        dedup.simhash(text) if text else None,
        art.status, art.status_reason, res.status_code, art.extractor or None,
        art.extractor_version or None, fetched_at,
    )


def _load_articles(dsn: str, rows: list[tuple], html_rows: list[tuple]) -> None:
    """One transaction per batch: articles and their raw HTML land together or not at all."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        bulk_upsert(cur, "articles", _ARTICLE_COLUMNS, rows, ["article_id"], _ARTICLE_UPDATE, touch="updated_at")
        if html_rows:
            bulk_upsert(cur, "article_html", _HTML_COLUMNS, html_rows, ["article_id"],
                        [c for c in _HTML_COLUMNS if c not in ("article_id", "fetched_at")])


def fetch_articles(
    feed_name: str,
    *,
    dsn: str,
    run_id: str,
    force: bool = False,
    fetcher: Fetcher | None = None,
    batch_size: int = ARTICLE_BATCH,
) -> dict[str, Any]:
    """Download, extract, clean and load this feed's new articles; counts per status."""
    pending = _pending_articles(dsn, feed_name, force)
    counts: Counter[str] = Counter()
    with _borrowed(fetcher) as client:
        for start in range(0, len(pending), batch_size):
            batch = pending[start : start + batch_size]
            results: list[FetchResult] = []
            articles: list[Article] = []
            for p in batch:
                res = client.fetch(p.url, accept=_HTML_ACCEPT, check_robots=True)
                results.append(res)
                if res.ok:
                    articles.append(_extract(res))
                else:
                    articles.append(
                        Article(status=_FETCH_STATUS.get(res.outcome, status.ERROR), status_reason=res.error)
                    )
            _strip_site_repeats(articles, [p.url for p in batch])
            fetched_at = now()
            rows, html_rows = [], []
            for p, res, art in zip(batch, results, articles, strict=True):
                if p.current_status == status.OK and art.status != status.OK:
                    # A failed re-download (forced run) never replaces good text with nothing.
                    counts[f"kept_ok_after_{art.status}"] += 1
                    log.warning("re-fetch of %s gave %s (%s); keeping the stored article",
                                redact_url(p.url), art.status, art.status_reason)
                    continue
                rows.append(_article_row(p, res, art, fetched_at))
                counts[art.status] += 1
                if res.ok and res.content:
                    html_rows.append((
                        p.article_id, redact_url(res.final_url), res.content_type, res.status_code,
                        len(res.content), hashlib.sha256(res.content).hexdigest(),
                        gzip.compress(res.content, mtime=0), fetched_at,
                    ))
            _load_articles(dsn, rows, html_rows)
    result = {"feed": feed_name, "articles": len(pending), "statuses": dict(counts)}
    log.info("articles for %s: %s", feed_name, result)
    return result


# ------------------------------------------------------------------- duplicates

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


# ------------------------------------------------------------------- summaries


def ingest_summary(dsn: str, feed_names: Iterable[str] | None = None) -> dict[str, Any]:
    """Articles per feed and status, as the demo and `report` print them."""
    names = list(feed_names) if feed_names is not None else None
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            """
            SELECT f.feed_name, f.last_status, a.status, count(a.article_id)
              FROM news.feeds f
              LEFT JOIN news.articles a ON a.feed_name = f.feed_name
             WHERE %(all)s OR f.feed_name = ANY(%(names)s)
             GROUP BY 1, 2, 3 ORDER BY 1, 3
            """,
            {"all": names is None, "names": names or []},
        )
        per_feed: dict[str, dict[str, Any]] = {}
        for feed, last_status, st, n in cur.fetchall():
            entry = per_feed.setdefault(feed, {"feed_status": last_status, "statuses": {}})
            if st:
                entry["statuses"][st] = n
        cur.execute("SELECT count(*) FILTER (WHERE duplicate_of IS NOT NULL), count(*) FROM news.articles")
        dups, total = cur.fetchone()
    return {"feeds": per_feed, "articles": total, "duplicates": dups}


def run_ingest(
    feeds: list[FeedConfig],
    *,
    only: list[str] | None = None,
    dsn: str | None = None,
    run_id: str | None = None,
    force: bool = False,
    settings: Settings | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The whole ingest in one process (the CLI's `run`); the DAG runs the same stages as tasks.

    `feeds` is the whole configured list (it is synced); `only` narrows what is fetched.
    """
    from newsflow.config import select_feeds

    dsn = prepare_warehouse(dsn)
    run_id = run_id or new_run_id()
    say = progress or (lambda _msg: None)
    chosen = {f.name for f in select_feeds(feeds, only)}
    start_run(dsn, run_id, "ingest", "cli", {"feeds": sorted(chosen), "force": force})
    names = [n for n in sync_feeds(feeds, dsn, include_gone=force) if n in chosen]
    urls = {f.name: f.url for f in feeds}
    fetched, loaded = [], []
    started = time.monotonic()
    with Fetcher(settings or get_settings()) as fetcher:
        for name in names:
            res = fetch_feed(name, dsn=dsn, run_id=run_id, force=force, fetcher=fetcher, url=urls[name])
            fetched.append(res)
            say(f"feed {name}: {res['outcome']}, {res['entries']} entries, {res['new']} new")
            arts = fetch_articles(name, dsn=dsn, run_id=run_id, force=force, fetcher=fetcher)
            loaded.append(arts)
            if arts["articles"]:
                say(f"  articles: {arts['statuses']}")
    dups = link_duplicates(dsn)
    stats = {"feeds": fetched, "articles": loaded, "duplicates": dups,
             "seconds": round(time.monotonic() - started, 1)}
    finish_run(dsn, run_id, "ingest", "success", stats)
    return {"run_id": run_id, "dsn": dsn, **stats}
