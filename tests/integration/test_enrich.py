"""Enrich stages against the real embedded PostgreSQL, on articles ingested from the sample site."""

from __future__ import annotations

import psycopg2
import pytest

from newsflow import enrich, nlp
from newsflow.extract import urls
from newsflow.ingest import pipeline
from newsflow_dev.demo import warehouse_fingerprint

from support import query

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def ingested(pg_server, sample_site, tmp_path_factory):
    """A database holding the ingested sample site (shared by this module's tests)."""
    from newsflow.ingest.feeds_file import load_feeds
    from newsflow.settings import SAMPLE_FEEDS_FILE
    from newsflow.warehouse.db import scratch_database
    from newsflow_dev.sample_site import render_feeds_file

    feeds = load_feeds(render_feeds_file(sample_site.base_url, tmp_path_factory.mktemp("f") / "feeds.yaml",
                                         SAMPLE_FEEDS_FILE))
    with scratch_database(pg_server, "enrich") as dsn:
        pipeline.run_ingest(feeds, dsn=dsn)
        yield dsn


def test_enrich_all_clean_articles_then_reprocess_is_identical(ingested):
    stats = enrich.run_enrich(ingested, "test-enrich-1", batch_size=8)
    candidates = query(ingested, "SELECT count(*) FROM news.articles WHERE status = 'ok' AND duplicate_of IS NULL")[0][0]
    assert stats["articles"] == candidates and stats["errors"] == 0 and stats["batches"] >= 3
    # Nothing left to claim: a second plain run is a no-op.
    assert enrich.claim_batches(ingested, "test-enrich-2") == []
    before = warehouse_fingerprint(ingested)
    enrich.run_enrich(ingested, "test-enrich-3", batch_size=5, reprocess="all")
    assert warehouse_fingerprint(ingested) == before
    dup_quotes = query(ingested, """SELECT count(*) FROM news.quotes q JOIN news.articles a USING (article_id)
                                    WHERE a.duplicate_of IS NOT NULL OR a.status <> 'ok'""")[0][0]
    assert dup_quotes == 0


def test_stored_offsets_slice_the_article_text(ingested):
    enrich.run_enrich(ingested, "test-offsets", batch_size=50)
    rows = query(ingested, """SELECT a.text, q.start_char, q.end_char, q.spans, q.speaker_start, q.speaker_end,
                                     q.speaker_text
                                FROM news.quotes q JOIN news.articles a USING (article_id)""")
    assert rows
    for text, start, end, spans, s_start, s_end, s_text in rows:
        assert 0 <= start < end <= len(text)
        for piece_start, piece_end in spans:
            assert start <= piece_start < piece_end <= end
        if s_start is not None:
            assert text[s_start:s_end] == s_text
    assert enrich.quality_checks(ingested)


def _fail_on(monkeypatch, victim_text: str) -> None:
    """nlp fails on one text, and the fast batch path fails whole (so the slow path runs)."""
    real_analyze = nlp.analyze

    def fails_on_victim(text: str):
        if text == victim_text:
            raise ValueError("simulated analysis failure")
        return real_analyze(text)

    def batch_raises(texts, **_kw):
        raise RuntimeError("simulated batch failure")

    monkeypatch.setattr(nlp, "analyze", fails_on_victim)
    monkeypatch.setattr(nlp, "analyze_many", batch_raises)


def test_one_failing_article_is_recorded_and_its_batch_mates_land(ingested, monkeypatch):
    victim_id, victim_text = query(
        ingested, "SELECT article_id, text FROM news.articles WHERE status = 'ok' AND duplicate_of IS NULL "
                  "ORDER BY article_id LIMIT 1")[0]
    _fail_on(monkeypatch, victim_text)
    keys = enrich.claim_batches(ingested, "test-failure", batch_size=100, reprocess="all")
    assert len(keys) == 1
    result = enrich.analyze_batch(ingested, keys[0])
    assert result["errors"] == 1 and result["articles"] > 1
    status = dict(query(ingested, "SELECT article_id::text, status FROM news.article_enrichment"))
    assert status.pop(str(victim_id)) == "error"
    assert set(status.values()) == {"ok"}
    reason = query(ingested, "SELECT status_reason FROM news.article_enrichment WHERE article_id = %s",
                   (str(victim_id),))[0][0]
    assert "simulated analysis failure" in reason
    assert query(ingested, "SELECT count(*) FROM news.quotes WHERE article_id = %s", (str(victim_id),))[0][0] == 0
    assert query(ingested, "SELECT count(*) FROM news.quotes")[0][0] > 0
    # Mend it: the next plain run does not retry errors, a model reprocess does.
    monkeypatch.undo()
    enrich.run_enrich(ingested, "test-failure-mend", reprocess="all")
    assert query(ingested, "SELECT count(*) FROM news.article_enrichment WHERE status = 'error'")[0][0] == 0


def test_quality_checks_catch_corrupt_rows(ingested):
    enrich.run_enrich(ingested, "test-quality", reprocess="all")
    conn = psycopg2.connect(ingested)
    try:
        with conn.cursor() as cur:
            cur.execute("UPDATE news.quotes SET end_char = end_char + 1000000 "
                        "WHERE quote_id = (SELECT quote_id FROM news.quotes LIMIT 1)")
        conn.commit()
        with pytest.raises(enrich.DataQualityError, match="quote offsets inside their article"):
            enrich.quality_checks(ingested)
        # scoped to a run: the run that claimed the article sees it, one that claimed nothing does not
        with pytest.raises(enrich.DataQualityError, match="quote offsets inside their article"):
            enrich.quality_checks(ingested, "test-quality")
        assert enrich.claim_batches(ingested, "test-quality-empty") == []
        assert not any(enrich.quality_checks(ingested, "test-quality-empty").values())
    finally:
        conn.rollback()
        conn.close()
    enrich.run_enrich(ingested, "test-quality-mend", reprocess="all")
    assert enrich.quality_checks(ingested)


def test_window_reprocess_claims_only_the_window(ingested):
    from datetime import UTC, datetime

    enrich.run_enrich(ingested, "test-window-base")
    since, until = datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 22, tzinfo=UTC)
    keys = enrich.claim_batches(ingested, "test-window", reprocess="window", since=since, until=until)
    claimed = query(ingested, """SELECT a.published_at FROM news.enrich_batches b
                                 JOIN news.articles a USING (article_id) WHERE b.run_id = 'test-window'""")
    total = query(ingested, "SELECT count(*) FROM news.v_articles")[0][0]
    assert keys and 0 < len(claimed) < total
    assert all(since <= p < until for (p,) in claimed)
    with pytest.raises(ValueError):
        enrich.claim_batches(ingested, "bad", reprocess="window")


def test_changed_text_is_reanalysed_and_duplicates_lose_their_rows(ingested):
    enrich.run_enrich(ingested, "test-stale-base", reprocess="all")
    aid, text = query(ingested, "SELECT article_id, text FROM news.v_articles v JOIN news.articles a "
                                "USING (article_id) ORDER BY article_id LIMIT 1")[0]
    other = query(ingested, "SELECT article_id FROM news.v_articles ORDER BY article_id DESC LIMIT 1")[0][0]
    conn = psycopg2.connect(ingested)
    try:
        with conn.cursor() as cur:
            # A re-download changed the text (a correction prepended: every offset moves) ...
            new_text = "Correction: an earlier version misspelled a name.\n\n" + text
            cur.execute("UPDATE news.articles SET text = %s, content_hash = %s WHERE article_id = %s",
                        (new_text, urls.content_hash(new_text), aid))
            # ... and another article turned out to be a copy of a third one.
            cur.execute("UPDATE news.articles SET duplicate_of = %s, duplicate_kind = 'near' "
                        "WHERE article_id = %s", (str(aid), other))
        conn.commit()
    finally:
        conn.close()
    keys = enrich.claim_batches(ingested, "test-stale")
    claimed = query(ingested, "SELECT article_id FROM news.enrich_batches WHERE run_id = 'test-stale'")
    assert [str(r[0]) for r in claimed] == [str(aid)] and len(keys) == 1
    assert query(ingested, "SELECT count(*) FROM news.quotes WHERE article_id = %s", (str(other),))[0][0] == 0
    assert query(ingested, "SELECT count(*) FROM news.article_enrichment WHERE article_id = %s",
                 (str(other),))[0][0] == 0
    enrich.analyze_batch(ingested, keys[0])
    assert enrich.quality_checks(ingested)


def test_failed_enrichment_is_retried_with_backoff_then_given_up(ingested, monkeypatch):
    enrich.run_enrich(ingested, "retry-base", reprocess="all")  # a successful run: the watermark
    victim_id, victim_text = query(
        ingested, "SELECT article_id::text, text FROM news.articles WHERE status = 'ok' "
                  "AND duplicate_of IS NULL ORDER BY article_id LIMIT 1")[0]
    # Its text changes (a re-download): a routine run picks it up, and the analysis raises.
    query(ingested, "UPDATE news.article_enrichment SET content_hash = 'stale' WHERE article_id = %s",
          (victim_id,))
    query(ingested, "UPDATE news.articles SET updated_at = now() WHERE article_id = %s", (victim_id,))
    _fail_on(monkeypatch, victim_text)

    def attempt(run_id: str) -> list[str]:
        keys = enrich.claim_batches(ingested, run_id)
        claimed = [r[0] for r in query(ingested, "SELECT article_id::text FROM news.enrich_batches "
                                                 "WHERE run_id = %s", (run_id,))]
        for key in keys:
            enrich.analyze_batch(ingested, key)
        return claimed

    def state():
        return query(ingested, "SELECT status, attempts, next_attempt_at - analyzed_at, status_reason "
                               "FROM news.article_enrichment WHERE article_id = %s", (victim_id,))[0]

    assert attempt("retry-1") == [victim_id]
    status, attempts, wait, reason = state()
    assert (status, attempts) == ("error", 1) and "simulated analysis failure" in reason
    assert wait == enrich.RETRY_BACKOFF
    assert attempt("retry-1b") == []  # its backoff has not passed: not claimed
    for n in range(2, enrich.MAX_ATTEMPTS + 1):
        query(ingested, "UPDATE news.article_enrichment SET next_attempt_at = now() - interval '1 second' "
                        "WHERE article_id = %s", (victim_id,))
        assert attempt(f"retry-{n}") == [victim_id]
        status, attempts, wait, reason = state()
        assert attempts == n
    assert wait is None and reason.startswith(f"gave up after {enrich.MAX_ATTEMPTS} attempts")
    assert attempt("retry-after-giving-up") == []  # given up: no more routine retries
    enrich.claim_batches(ingested, "retry-model", reprocess="model")  # nor model reprocessing
    assert victim_id not in [r[0] for r in query(ingested, "SELECT article_id::text FROM news.enrich_batches "
                                                           "WHERE run_id = 'retry-model'")]
    # Mended, a forced run analyses it and clears the failure count.
    monkeypatch.undo()
    enrich.run_enrich(ingested, "retry-mend", reprocess="all")
    assert state()[:3] == ("ok", 0, None)


def test_routine_claim_reads_only_articles_changed_since_the_last_success(ingested):
    enrich.run_enrich(ingested, "watermark-base", reprocess="all")
    assert enrich.claim_batches(ingested, "watermark-idle") == []  # nothing changed, nothing claimed
    # An article analysed long ago but missing its enrichment, and unchanged since: a routine run
    # does not scan back for it (that is what reprocess=all is for) ...
    old_id = query(ingested, "SELECT article_id::text FROM news.article_enrichment ORDER BY 1 LIMIT 1")[0][0]
    query(ingested, "DELETE FROM news.article_enrichment WHERE article_id = %s", (old_id,))
    query(ingested, "UPDATE news.articles SET updated_at = now() - interval '10 days' WHERE article_id = %s",
          (old_id,))
    assert enrich.claim_batches(ingested, "watermark-old") == []
    # ... while one changed since (a re-download, a new article) is claimed.
    query(ingested, "UPDATE news.articles SET updated_at = now() WHERE article_id = %s", (old_id,))
    enrich.claim_batches(ingested, "watermark-new")
    assert query(ingested, "SELECT article_id::text FROM news.enrich_batches WHERE run_id = 'watermark-new'") \
        == [(old_id,)]


def test_article_linked_as_duplicate_between_claim_and_analyse_is_skipped(ingested):
    """An ingest that links a claimed article as a duplicate before analyse stores it nothing:
    the load re-checks "analysable" under a share lock, records the article in the batch's
    counts, and the run's quality checks pass (they failed the run before)."""
    enrich.claim_batches(ingested, "race-reset", reprocess="all", batch_size=1000)  # drop older rows' claims
    for key in enrich.claim_batches(ingested, "race-reset", reprocess="all", batch_size=1000):
        enrich.analyze_batch(ingested, key)
    keys = enrich.claim_batches(ingested, "race-1", reprocess="all", batch_size=1000)
    assert len(keys) == 1
    victim, original = query(ingested, """
        SELECT b.article_id, (SELECT o.article_id FROM news.articles o
                               WHERE o.status = 'ok' AND o.duplicate_of IS NULL AND o.article_id <> b.article_id
                               LIMIT 1)
          FROM news.enrich_batches b JOIN news.quotes q USING (article_id)
         WHERE b.batch_key = %s LIMIT 1""", (keys[0],))[0]
    with psycopg2.connect(ingested) as conn, conn.cursor() as cur:  # the concurrent ingest
        cur.execute("UPDATE news.articles SET duplicate_of = %s WHERE article_id = %s", (original, victim))
    try:
        result = enrich.analyze_batch(ingested, keys[0])
        assert result["left_after_claim"] == 1
        assert query(ingested, "SELECT count(*) FROM news.quotes WHERE article_id = %s", (victim,))[0][0] == 0
        assert enrich.quality_checks(ingested, "race-1")
    finally:
        with psycopg2.connect(ingested) as conn, conn.cursor() as cur:
            cur.execute("UPDATE news.articles SET duplicate_of = NULL WHERE article_id = %s", (victim,))


def test_articles_over_the_analysis_cap_are_recorded_too_long_and_batch_mates_land(ingested, monkeypatch):
    """No text is cut silently: an article longer than NEWSFLOW_NLP_MAX_CHARS gets the enrichment
    status too_long with its length in the reason (migration 010), the others are analysed."""
    lengths = sorted(r[0] for r in query(ingested, "SELECT length(text) FROM news.articles a "
                                                   "WHERE status = 'ok' AND duplicate_of IS NULL"))
    cap = lengths[len(lengths) // 2]  # about half the articles are over it
    monkeypatch.setenv("NEWSFLOW_NLP_MAX_CHARS", str(cap))
    stats = enrich.run_enrich(ingested, "test-too-long", reprocess="all", batch_size=5)
    over = sum(n > cap for n in lengths)
    rows = query(ingested, """SELECT e.status, e.status_reason, length(a.text), e.entity_count
                                FROM news.article_enrichment e JOIN news.articles a USING (article_id)""")
    too_long = [r for r in rows if r[0] == "too_long"]
    assert len(too_long) == over > 0 and stats["errors"] == 0
    assert all(length > cap and f"over the analysis cap of {cap}" in reason and n == 0
               for _, reason, length, n in too_long)
    assert all(length <= cap for status, _, length, _ in rows if status == "ok")
    assert query(ingested, """SELECT count(*) FROM news.quotes q JOIN news.article_enrichment e USING (article_id)
                              WHERE e.status = 'too_long'""")[0][0] == 0
    monkeypatch.delenv("NEWSFLOW_NLP_MAX_CHARS")
    enrich.run_enrich(ingested, "test-too-long-after", reprocess="all", batch_size=50)  # leave it analysed


def test_unnamed_sources_keep_one_description_key_whatever_the_case(ingested):
    enrich.run_enrich(ingested, "test-descriptions", reprocess="all")
    rows = query(ingested, "SELECT speaker, speaker_key FROM news.quotes WHERE speaker_label = 'ANON'")
    assert rows, "the sample site quotes officials, analysts and spokesmen"
    for speaker, key in rows:
        assert key == nlp.entities.normalise_key("anon", speaker) and key == key.lower()
    assert query(ingested, """SELECT count(*) FROM news.quotes q JOIN news.entities e ON e.entity_key = q.speaker_key
                               WHERE q.speaker_label = 'ANON'""") == [(0,)]  # no entity: a description
    assert all(v == 0 for v in enrich.quality_checks(ingested).values())
