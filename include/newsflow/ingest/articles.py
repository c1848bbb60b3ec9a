"""Article stage: download a feed's new (or retryable) articles, extract and clean them, and load
them with their raw HTML, one transaction per batch."""

from __future__ import annotations

import gzip
import hashlib
import logging
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from newsflow.extract import urls
from newsflow.extract.article import Article, ArticleStatus
from newsflow.http import Deadline, Fetcher, FetchOutcome, FetchResult, redact_url
from newsflow.ingest.feed_parser import (
    MAX_AUTHOR_CHARS,
    MAX_AUTHORS,
    MAX_ENTRY_TITLE_CHARS,
    MAX_ERROR_CHARS,
    MAX_FEED_TITLE_CHARS,
    capped_text,
    indexable_url,
)
from newsflow.ingest.feeds import borrowed
from newsflow.warehouse import articles as warehouse_articles
from newsflow.warehouse import db
from newsflow.warehouse import feeds as warehouse_feeds
from newsflow.warehouse.runs import now

log = logging.getLogger(__name__)

ARTICLE_BATCH = 20
MAX_STANDFIRST_CHARS = 5_000
_HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
# Article statuses worth another download on a later run (transient trouble).


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


def _pending_articles(dsn: str, feed_name: str, force: bool, run_id: str) -> list[_Pending]:
    """Entries of this feed whose article is missing or retryable (with force, every article it
    owns), each claimed for this run: an article another feed's task claimed is left to it."""
    return [_Pending(*row) for row in warehouse_articles.claim_pending(dsn, feed_name, run_id, force=force)]

_FETCH_STATUS: dict[str, ArticleStatus] = {
    FetchOutcome.TIMEOUT: ArticleStatus.TIMEOUT,
    FetchOutcome.TOO_LARGE: ArticleStatus.TOO_LARGE,
    FetchOutcome.BLOCKED: ArticleStatus.BLOCKED,
    FetchOutcome.REFUSED: ArticleStatus.BLOCKED,
    FetchOutcome.HTTP_ERROR: ArticleStatus.HTTP_ERROR,
    FetchOutcome.NETWORK_ERROR: ArticleStatus.ERROR,
}


def _extract(res: FetchResult) -> Article:
    """Page bytes → Article; a failure of ours becomes status 'error', never an exception."""
    from newsflow.extract import extract_article
    from newsflow.extract.encoding import decode_html

    try:
        html = decode_html(res.content, res.content_type)
        art = extract_article(html, res.final_url)
    except Exception as exc:
        art = Article(status=ArticleStatus.ERROR, status_reason=f"{type(exc).__name__}: {exc}")
    return art


def _strip_site_repeats(articles: list[Article], urls: list[str]) -> None:
    """Drop paragraphs repeated verbatim across several articles of the same host."""
    from newsflow.extract.clean import fill_body, strip_site_repeats

    by_host: dict[str, list[int]] = defaultdict(list)
    for i, (art, url) in enumerate(zip(articles, urls, strict=True)):
        if art.status == ArticleStatus.OK:
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


def _page_canonical(art: Article) -> str | None:
    """The page's declared canonical URL, unless it is too long to index (then it names nothing)."""
    return indexable_url(urls.canonicalize_url(art.canonical_url)) if art.canonical_url else None


def _article_row(p: _Pending, res: FetchResult, art: Article, fetched_at: datetime) -> tuple:
    """The stored row; page metadata is capped like a feed's fields (a page is as hostile)."""
    text = art.text or None
    authors = [a for a in (capped_text(a, MAX_AUTHOR_CHARS) for a in art.authors[:MAX_AUTHORS]) if a] \
        or p.authors
    return (
        p.article_id, p.feed_name, p.entry_key, redact_url(p.url), p.canonical_url, _page_canonical(art),
        capped_text(art.title, MAX_ENTRY_TITLE_CHARS) or p.title, capped_text(art.standfirst, MAX_STANDFIRST_CHARS),
        authors, art.published_at or p.published_at, capped_text(art.language, 35),
        capped_text(art.site_name, MAX_FEED_TITLE_CHARS), p.summary,
        text, len(text.split()) if text else 0,
        urls.content_hash(text) if text else None,
        urls.simhash(text) if text else None,
        art.status, capped_text(art.status_reason, MAX_ERROR_CHARS), res.status_code, art.extractor or None,
        art.extractor_version or None, fetched_at,
    )


def _refused_row(row: tuple, reason: str) -> tuple:
    """The article's identity with status 'error' and the reason, none of its page's values."""
    keep = {"article_id", "feed_name", "entry_key", "url", "canonical_url", "fetched_at"}
    values = {c: (v if c in keep else None) for c, v in zip(warehouse_articles.ARTICLE_COLUMNS, row, strict=True)}
    values.update(authors=[], word_count=0, status=ArticleStatus.ERROR, status_reason=reason)
    return tuple(values[c] for c in warehouse_articles.ARTICLE_COLUMNS)


def _load_confined(dsn: str, rows: list[tuple], html_rows: list[tuple], counts: Counter[str]) -> int:
    """Load a batch; when the database refuses a value, load article by article so only the
    article that carries it is recorded as 'error' (with the reason) and its batch-mates land.
    Returns the articles inserted or changed."""
    try:
        return warehouse_articles.load_articles(dsn, rows, html_rows)
    except Exception as exc:
        if not db.is_data_error(exc):
            raise
        log.warning("batch refused (%s); loading its articles one by one", db.describe_error(exc))
    html_of = {h[0]: h for h in html_rows}
    status_at = warehouse_articles.ARTICLE_COLUMNS.index("status")
    changed = 0
    for row in rows:
        try:
            changed += warehouse_articles.load_articles(dsn, [row], [html_of[row[0]]] if row[0] in html_of else [])
            continue
        except Exception as exc:
            if not db.is_data_error(exc):
                raise
            reason = f"could not store the article: {db.describe_error(exc)}"
        log.warning("article %s: %s", row[0], reason)
        counts[row[status_at]] -= 1
        counts[ArticleStatus.ERROR] += 1
        changed += warehouse_articles.load_articles(dsn, [_refused_row(row, reason)], [])
    for key in [k for k, n in counts.items() if n <= 0]:
        del counts[key]
    return changed


def fetch_articles(
    feed_name: str,
    *,
    dsn: str,
    run_id: str,
    force: bool = False,
    fetcher: Fetcher | None = None,
    batch_size: int = ARTICLE_BATCH,
) -> dict[str, Any]:
    """Download, extract, clean and load this feed's new articles; counts per status.

    All of the feed's downloads share one wall-clock budget (settings.feed_budget, well inside
    the task's execution_timeout): when it is spent, the articles not yet tried are left for
    the next run (counted as deferred), never recorded as failures."""
    started = time.monotonic()
    pending = _pending_articles(dsn, feed_name, force, run_id)
    counts: Counter[str] = Counter()
    tried = changed = 0
    with borrowed(fetcher, dsn) as client:
        settings = client.settings
        feed_budget = Deadline(settings.feed_budget)
        for start in range(0, len(pending), batch_size):
            if feed_budget.expired:
                break
            batch = pending[start : start + batch_size]
            results: list[FetchResult] = []
            articles: list[Article] = []
            for p in batch:
                if feed_budget.expired:  # this one and the rest wait for the next run
                    batch = batch[: len(results)]
                    break
                budget = Deadline(settings.fetch_budget, within=feed_budget)
                res = client.fetch(p.url, accept=_HTML_ACCEPT, check_robots=True, budget=budget)
                results.append(res)
                if res.ok:
                    articles.append(_extract(res))
                else:
                    articles.append(
                        Article(status=_FETCH_STATUS.get(res.outcome, ArticleStatus.ERROR), status_reason=res.error)
                    )
            _strip_site_repeats(articles, [p.url for p in batch])
            fetched_at = now()
            rows, html_rows = [], []
            for p, res, art in zip(batch, results, articles, strict=True):
                if p.current_status == ArticleStatus.OK and art.status != ArticleStatus.OK:
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
            changed += _load_confined(dsn, rows, html_rows, counts)
            tried += len(batch)
    deferred = len(pending) - tried
    if deferred:
        log.warning("feed %s: article budget of %.0f s spent; %d articles wait for the next run",
                    feed_name, settings.feed_budget, deferred)
    result = {"feed": feed_name, "articles": tried, "statuses": dict(counts), "deferred": deferred,
              "changed": changed}
    warehouse_feeds.record_articles_stage(dsn, feed_name, run_id, result)
    log.info("feed %s: %d article(s) tried of %d pending, %d deferred, %.1f s", feed_name, tried,
             len(pending), deferred, time.monotonic() - started)
    for article_status, n in sorted(counts.items()):
        log.info("feed %s: %d article(s) %s", feed_name, n, article_status)
    return result
