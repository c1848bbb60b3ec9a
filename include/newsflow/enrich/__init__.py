"""Enrich stage: claim articles in batches, analyse them, load entities and quotes, check.

The DAG's mapped tasks receive only batch keys; texts are streamed from PostgreSQL with a
server-side cursor, so memory stays bounded by the batch, not the backlog. Only English articles
go through the (English) pipeline; the others are recorded as not_english (enrich.language).
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from newsflow.enrich import language
from newsflow.extract import urls
from newsflow.settings import get_settings
from newsflow.statuses import EnrichmentStatus
from newsflow.warehouse import enrichment as warehouse_enrichment
from newsflow.warehouse import marts
from newsflow.warehouse.enrichment import (
    DESCRIPTION_PREFIX,
    DataQualityError,
    enrich_summary,
    quality_checks,
)

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = warehouse_enrichment.DEFAULT_BATCH_SIZE
MAX_ATTEMPTS = warehouse_enrichment.MAX_ATTEMPTS
RETRY_BACKOFF = warehouse_enrichment.RETRY_BACKOFF


def claim_batches(dsn: str, run_id: str, *, batch_size: int = DEFAULT_BATCH_SIZE, reprocess: str = "none",
                  since: datetime | None = None, until: datetime | None = None,
                  model: str | None = None) -> list[str]:
    """Split the articles to (re)analyse with the current model into batches; return their keys."""
    from newsflow.nlp.model import model_version

    return warehouse_enrichment.claim_batches(dsn, run_id, model=model or model_version(),
                                              batch_size=batch_size, reprocess=reprocess,
                                              since=since, until=until)


def quote_id(article_id: uuid.UUID, start: int, end: int) -> uuid.UUID:
    return uuid.uuid5(urls.NAMESPACE, f"quote:{article_id}:{start}:{end}")


def _sentence_of(sentences: list[tuple[int, int]], start: int) -> tuple[int | None, int | None]:
    for s, e in sentences:
        if s <= start < e:
            return s, e
    return None, None


def _rows_for(article_id: uuid.UUID, analysis: Any) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """(entities, mentions, quotes) rows for one analysed article."""
    entities: dict[str, tuple] = {}
    mentions: dict[tuple[int, int], tuple] = {}
    quotes: dict[tuple[int, int], tuple] = {}
    for ent in analysis.entities:
        entities.setdefault(ent.key, (ent.key, ent.canonical, ent.label))
        s_start, s_end = _sentence_of(analysis.sentences, ent.start)
        mentions[(ent.start, ent.end)] = (article_id, ent.start, ent.end, ent.key, ent.label, ent.text, s_start, s_end)
    for q in analysis.quotes:
        spans = [list(span) for span in q.spans] if len(q.spans) > 1 else []
        # An interrupted quote is stored as its pieces, without the attribution between them.
        content = " ".join(analysis.text[s:e] for s, e in spans) if spans else q.text
        quotes[(q.start, q.end)] = (
            quote_id(article_id, q.start, q.end), article_id, q.start, q.end, json.dumps(spans),
            content, q.kind, q.cue, q.cue_start, q.cue_end, q.speaker_start, q.speaker_end,
            q.speaker_text, q.speaker, q.speaker_label,
            _speaker_key(q, entities),
            min(1.0, max(0.0, float(q.confidence))),
        )
    return list(entities.values()), list(mentions.values()), list(quotes.values())


def _speaker_key(q: Any, entities: dict) -> str | None:  # noqa: ANN401 (newsflow.nlp.Quote)
    """The speaker's entity key; an unnamed source's description key ('anon:officials': one key
    whatever the case, counted apart from people and organisations); else None."""
    if q.speaker_key in entities:
        return q.speaker_key
    if q.speaker_label == "ANON" and q.speaker_key and q.speaker_key.startswith(DESCRIPTION_PREFIX):
        return q.speaker_key
    return None


class _BatchRows:
    """Rows for one batch, filled article by article so no Analysis outlives its article."""

    def __init__(self, batch_key: str, model: str) -> None:
        self.batch_key, self.model = batch_key, model
        self.entities: dict[str, tuple] = {}
        self.mentions: list[tuple] = []
        self.quotes: list[tuple] = []
        self.enrichment: list[tuple] = []
        self.failed: list[tuple[uuid.UUID, str | None, str]] = []
        self.errors = 0
        self.too_long_count = 0
        self.not_english_count = 0

    def add(self, aid: uuid.UUID, digest: str | None, analysis: Any) -> None:
        ents, ments, qs = _rows_for(aid, analysis)
        for row in ents:
            self.entities.setdefault(row[0], row)
        self.mentions.extend(ments)
        self.quotes.extend(qs)
        self.enrichment.append((aid, EnrichmentStatus.OK.value, None, self.model, digest, len(ments), len(qs), self.batch_key,
                                0, None))

    def keep_only(self, article_ids: set[uuid.UUID]) -> None:
        """Drop the rows of articles not in `article_ids` (entities are shared: kept)."""
        self.mentions = [r for r in self.mentions if r[0] in article_ids]
        self.quotes = [r for r in self.quotes if r[1] in article_ids]
        self.enrichment = [r for r in self.enrichment if r[0] in article_ids]
        kept = [f for f in self.failed if f[0] in article_ids]
        self.errors -= len(self.failed) - len(kept)
        self.failed = kept

    def too_long(self, aid: uuid.UUID, digest: str | None, length: int, limit: int) -> None:
        self.too_long_count += 1
        self.enrichment.append((aid, EnrichmentStatus.TOO_LONG.value,
                                f"{length} characters, over the analysis cap of {limit} (NEWSFLOW_NLP_MAX_CHARS)",
                                self.model, digest, 0, 0, self.batch_key, 0, None))

    def not_english(self, aid: uuid.UUID, digest: str | None, reason: str) -> None:
        self.not_english_count += 1
        self.enrichment.append((aid, EnrichmentStatus.NOT_ENGLISH.value, reason, self.model, digest, 0, 0,
                                self.batch_key, 0, None))

    def fail(self, aid: uuid.UUID, digest: str | None, exc: BaseException) -> None:
        self.errors += 1
        self.failed.append((aid, digest, f"{type(exc).__name__}: {exc}"[:500]))

    def failure_rows(self, earlier_attempts: dict[uuid.UUID, int], now: datetime) -> list[tuple]:
        """Error rows that count this failure: the next try waits RETRY_BACKOFF × 2^(n-1), and
        after MAX_ATTEMPTS failures in a row the article is given up (no next attempt)."""
        rows = []
        for aid, digest, reason in self.failed:
            attempts = earlier_attempts.get(aid, 0) + 1
            if attempts >= MAX_ATTEMPTS:
                reason, retry_at = f"gave up after {attempts} attempts: {reason}", None
            else:
                retry_at = now + RETRY_BACKOFF * 2 ** (attempts - 1)
            rows.append((aid, EnrichmentStatus.ERROR.value, reason, self.model, digest, 0, 0, self.batch_key, attempts, retry_at))
        return rows


def analyze_batch(dsn: str, batch_key: str, *, n_process: int | None = None) -> dict[str, Any]:
    """Analyse one claimed batch and replace its articles' rows in one transaction.

    Texts stream from the database into nlp.pipe; if the fast path raises, the batch is redone
    one article at a time so a single bad article is recorded and its batch-mates still land.
    """
    from newsflow import nlp
    from newsflow.nlp.model import model_version

    settings = get_settings()
    n_process = n_process or settings.nlp_n_process
    started = time.monotonic()
    rows = _BatchRows(batch_key, model_version())
    seen: list[tuple[uuid.UUID, str | None]] = []  # every article of the batch
    analysed: list[tuple[uuid.UUID, str | None]] = []  # those sent to spaCy, in order
    chars = 0
    limit = nlp.max_chars()

    def texts() -> Iterator[str]:
        nonlocal chars
        for aid, text, digest, declared in warehouse_enrichment.stream_batch_texts(dsn, batch_key):
            seen.append((aid, digest))
            verdict = language.decide(declared, text)  # reads a bounded slice of the text
            if not verdict.english:  # the English pipeline would invent entities and quotes
                rows.not_english(aid, digest, verdict.reason)
                continue
            if len(text) > limit:  # recorded, never cut: spaCy's memory grows with the text
                rows.too_long(aid, digest, len(text), limit)
                continue
            analysed.append((aid, digest))
            chars += len(text)
            yield text

    try:
        for i, analysis in enumerate(nlp.analyze_many(texts(), batch_size=settings.nlp_batch_size,
                                                      n_process=n_process)):
            rows.add(analysed[i][0], analysed[i][1], analysis)
    except Exception:
        log.warning("batch %s raised; redoing it article by article", batch_key, exc_info=True)
        rows = _BatchRows(batch_key, rows.model)
        seen.clear()
        analysed.clear()
        chars = 0
        for text in texts():
            aid, digest = analysed[-1]
            try:
                rows.add(aid, digest, nlp.analyze(text))
            except Exception as exc:
                rows.fail(aid, digest, exc)
    ids, left = warehouse_enrichment.store_batch(dsn, batch_key, seen, rows)
    result = {"batch": batch_key, "articles": len(ids), "errors": rows.errors, "too_long": rows.too_long_count,
              "not_english": rows.not_english_count, "mentions": len(rows.mentions), "quotes": len(rows.quotes),
              "left_after_claim": len(left)}
    seconds = time.monotonic() - started
    log.info("batch %s: %d articles, %d entity mentions, %d quotes, %d errors, %d too long, %d not English; "
             "%d chars in %.1f s (%.0f chars/s)", batch_key, result["articles"], result["mentions"],
             result["quotes"], result["errors"], result["too_long"], result["not_english"], chars, seconds,
             chars / seconds if seconds > 0 else 0.0)
    return result


def run_enrich(
    dsn: str,
    run_id: str,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    reprocess: str = "none",
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[str, Any]:
    """The whole enrich stage in one process (CLI); the DAG runs the same steps as tasks.
    The run record is closed whatever happens: success, or failed with the reason."""
    from newsflow.stage_run import stage_run

    params = {"reprocess": reprocess, "batch_size": batch_size}
    with stage_run(dsn, run_id, "enrich", "cli", params) as run:
        keys = claim_batches(run.dsn, run_id, batch_size=batch_size, reprocess=reprocess,
                             since=since, until=until)
        batches = [analyze_batch(run.dsn, key) for key in keys]
        checks = quality_checks(run.dsn, run_id)
        marts.refresh_marts(run.dsn)
        run.stats = {"batches": len(keys), "articles": sum(b["articles"] for b in batches),
                     "errors": sum(b["errors"] for b in batches), "checks": len(checks),
                     "too_long": sum(b["too_long"] for b in batches),
                     "not_english": sum(b["not_english"] for b in batches),
                     "left_after_claim": sum(b.get("left_after_claim", 0) for b in batches)}
    return run.stats


__all__ = ["DEFAULT_BATCH_SIZE", "DataQualityError", "analyze_batch", "claim_batches", "enrich_summary",
           "quality_checks", "quote_id", "run_enrich"]
