"""Incremental marts (migration 006, newsflow.warehouse.marts) against the real embedded PostgreSQL.

The oracle is the old full definition of each materialised view (the SELECTs of 003),
computed from scratch over the same data: after every change and refresh the incremental
tables must hold exactly those rows.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from newsflow.extract import urls
from newsflow.warehouse import db, marts, migrate
from newsflow.warehouse.load import bulk_upsert

from support import assert_exact, incremental, query

pytestmark = pytest.mark.integration

DAY1 = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)
DAY2 = datetime(2026, 11, 4, 23, 59, tzinfo=UTC)

ENTITIES = {
    "gpe:belvania": ("Belvania", "GPE"),
    "gpe:russia": ("Russia", "GPE"),
    "org:united nations": ("United Nations", "ORG"),
    "person:john kerry": ("John Kerry", "PERSON"),
    "person:anna mirel": ("Anna Mirel", "PERSON"),
    "date:tuesday": ("Tuesday", "DATE"),
    "norp:belvanian": ("Belvanian", "NORP"),
}


def article(n: int) -> uuid.UUID:
    return urls.article_id(f"http://marts.invalid/{n}")


def add_articles(dsn: str, specs: dict[int, datetime | None], status: str = "ok") -> None:
    rows = [(article(n), "marts", f"e{n}", f"http://marts.invalid/{n}", f"http://marts.invalid/{n}",
             status, f"text {n}", published) for n, published in specs.items()]
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO news.feeds (feed_name, url) VALUES ('marts', 'http://marts.invalid/') "
                    "ON CONFLICT DO NOTHING")
        bulk_upsert(cur, "articles", ["article_id", "feed_name", "entry_key", "url", "canonical_url",
                                      "status", "text", "published_at"], rows, ["article_id"])


def analyse(dsn: str, results: dict[int, list[tuple[str, int]]], batch: str = "b1") -> None:
    """Store analyses the way enrich.analyze_batch does: one transaction per batch, mentions
    deleted and re-inserted, entities upserted, the enrichment row upserted."""
    mentions, enrichment = [], []
    for n, found in results.items():
        offset, first = 0, len(mentions)
        for key, count in found:
            for _ in range(count):
                mentions.append((article(n), offset, offset + 3, key, ENTITIES[key][1], "xyz", 0, 100))
                offset += 5
        enrichment.append((article(n), "ok", None, "test-model", None, len(mentions) - first, 0, batch))
    ids = [str(article(n)) for n in results]
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("DELETE FROM news.entity_mentions WHERE article_id = ANY(%s::uuid[])", (ids,))
        bulk_upsert(cur, "entities", ["entity_key", "canonical_name", "label"],
                    [(k, *v) for k, v in ENTITIES.items()], ["entity_key"], update=[])
        bulk_upsert(cur, "entity_mentions", ["article_id", "start_char", "end_char", "entity_key", "label",
                                             "surface", "sentence_start", "sentence_end"],
                    mentions, ["article_id", "start_char", "end_char"])
        bulk_upsert(cur, "article_enrichment", ["article_id", "status", "status_reason", "model",
                                                "content_hash", "entity_count", "quote_count", "batch_key"],
                    enrichment, ["article_id"], touch="analyzed_at")


def row_versions(dsn: str) -> list[tuple]:
    """xmin of every mart row: unchanged when a refresh wrote nothing."""
    return sorted(query(dsn, "SELECT 'd', day::text || entity_key, xmin::text FROM news.mv_daily_entity_mentions "
                             "UNION ALL SELECT 'p', entity_a || entity_b, xmin::text FROM news.mv_entity_cooccurrence"))


BASE = {
    1: [("gpe:belvania", 3), ("person:john kerry", 2), ("date:tuesday", 1), ("org:united nations", 1)],
    2: [("gpe:belvania", 1), ("gpe:russia", 2), ("person:john kerry", 1)],
    3: [("gpe:russia", 1), ("org:united nations", 2), ("date:tuesday", 2)],
    4: [("person:anna mirel", 1), ("gpe:belvania", 1)],       # no published_at: pairs only
    5: [("gpe:belvania", 4), ("norp:belvanian", 1)],           # paywalled: counted nowhere
}


@pytest.fixture()
def warehouse(migrated_dsn: str) -> str:
    """Five analysed articles over two days, one undated, one not analysable; marts refreshed."""
    add_articles(migrated_dsn, {1: DAY1, 2: DAY1, 3: DAY2, 4: None})
    add_articles(migrated_dsn, {5: DAY2}, status="paywalled")
    analyse(migrated_dsn, BASE)
    stats = marts.refresh_marts(migrated_dsn)
    assert stats["articles"] == 5
    return migrated_dsn


def test_first_refresh_equals_the_full_definitions(warehouse):
    assert_exact(warehouse)
    daily, pairs = incremental(warehouse)
    assert (DAY1.date(), "gpe:belvania", "Belvania", "GPE", 4, 2) in daily
    assert not any(row[1] == "norp:belvanian" for row in daily)  # the paywalled article
    assert ("gpe:belvania", "Belvania", "GPE", "person:anna mirel", "Anna Mirel", "PERSON", 1) in pairs
    assert not any("date:tuesday" in (row[0], row[3]) for row in pairs)
    assert marts.pending(warehouse) == 0


def test_series_of_changes_stays_exact_and_reads_only_dirty_articles(warehouse):
    # New articles, one on a day already present, one on a new day.
    add_articles(warehouse, {6: DAY2, 7: DAY2 + timedelta(days=1)})
    analyse(warehouse, {6: [("gpe:russia", 2), ("person:john kerry", 1)],
                        7: [("gpe:russia", 1), ("person:anna mirel", 1)]}, batch="b2")
    stats = marts.refresh_marts(warehouse)
    assert stats["articles"] == 2 and stats["contributions_old"] == 0 and stats["contributions_new"] == 4
    assert stats["days"] == 2 and stats["pairs_changed"] == 2
    assert_exact(warehouse)

    # Re-analysis with a different entity set: Belvania gone, the UN in.
    analyse(warehouse, {2: [("gpe:russia", 2), ("person:john kerry", 3), ("org:united nations", 1)]}, batch="b3")
    stats = marts.refresh_marts(warehouse)
    assert stats["articles"] == 1 and stats["contributions_old"] == 3 and stats["contributions_new"] == 3
    assert stats["daily_keys"] == 4 and stats["days"] == 1
    assert stats["pairs_changed"] == 4  # -belvania/russia -belvania/kerry +russia/un +kerry/un
    assert_exact(warehouse)

    # Article 1 becomes a duplicate: the 003 definitions stop counting it at once ...
    query(warehouse, "UPDATE news.articles SET duplicate_of = %s, duplicate_kind = 'near' WHERE article_id = %s",
          (str(article(2)), str(article(1))))
    assert marts.refresh_marts(warehouse)["articles"] == 1
    assert_exact(warehouse)
    # ... and the next enrich claim deletes its rows (as enrich._drop_stale_enrichment does).
    with db.connection(warehouse) as conn, conn.cursor() as cur:
        for table in ("entity_mentions", "quotes", "article_enrichment"):
            cur.execute(f"""DELETE FROM news.{table} WHERE article_id IN (
                SELECT r.article_id FROM news.article_enrichment r JOIN news.articles a USING (article_id)
                 WHERE a.status <> 'ok' OR a.duplicate_of IS NOT NULL OR a.text IS NULL)""")
    assert query(warehouse, "SELECT count(*) FROM news.entity_mentions WHERE article_id = %s",
                 (str(article(1)),)) == [(0,)]
    stats = marts.refresh_marts(warehouse)
    assert stats["articles"] == 2  # article 1, and the paywalled article 5 whose rows were dropped too
    assert stats["contributions_old"] == 0 and stats["pairs_changed"] == 0
    assert_exact(warehouse)

    # A re-analysis that finds the same entities: queued and read, nothing rewritten.
    before = row_versions(warehouse)
    analyse(warehouse, {3: BASE[3]}, batch="b4")
    stats = marts.refresh_marts(warehouse)
    assert stats["articles"] == 1 and stats["contributions_old"] == stats["contributions_new"] == 3
    assert stats["pairs_changed"] == 0 and stats["daily_rows_written"] == 0 and stats["pair_rows_written"] == 0
    assert row_versions(warehouse) == before
    assert_exact(warehouse)

    # A date correction moves an article to another day; a deleted article takes its counts along.
    query(warehouse, "UPDATE news.articles SET published_at = %s WHERE article_id = %s", (DAY1, str(article(7))))
    query(warehouse, "DELETE FROM news.articles WHERE article_id = %s", (str(article(6)),))
    stats = marts.refresh_marts(warehouse)
    assert stats["articles"] == 2
    assert_exact(warehouse)
    assert query(warehouse, "SELECT count(*) FROM news.marts_article_entities WHERE article_id = %s",
                 (str(article(6)),)) == [(0,)]


def test_refresh_with_an_empty_queue_changes_nothing(warehouse):
    before, versions = incremental(warehouse), row_versions(warehouse)
    stats = marts.refresh_marts(warehouse)
    assert stats["articles"] == 0 and stats["daily_rows_written"] == 0 and stats["pair_rows_written"] == 0
    assert incremental(warehouse) == before and row_versions(warehouse) == versions


def test_renamed_and_relabelled_entities_reach_both_marts(warehouse):
    query(warehouse, "UPDATE news.entities SET canonical_name = 'Sen. John Kerry' WHERE entity_key = 'person:john kerry'")
    query(warehouse, "UPDATE news.entities SET label = 'DATE' WHERE entity_key = 'gpe:russia'")
    stats = marts.refresh_marts(warehouse)
    assert stats["articles"] == 3  # the articles naming Kerry or Russia, nothing else
    assert_exact(warehouse)
    daily, pairs = incremental(warehouse)
    assert {r[2] for r in daily if r[1] == "person:john kerry"} == {"Sen. John Kerry"}
    assert not any("gpe:russia" in (r[0], r[3]) for r in pairs)


def test_a_refresh_reads_only_the_queued_articles_of_a_large_warehouse(warehouse):
    add_articles(warehouse, {n: DAY1 + timedelta(days=n % 30) for n in range(100, 400)})
    analyse(warehouse, {n: [("gpe:belvania", 1 + n % 3), ("gpe:russia", 1), ("person:anna mirel", n % 2 + 1)]
                        for n in range(100, 400)}, batch="big")
    assert marts.refresh_marts(warehouse)["articles"] == 300
    analyse(warehouse, {150: [("gpe:belvania", 1)]}, batch="one")
    stats = marts.refresh_marts(warehouse)
    assert stats["articles"] == 1 and stats["contributions_old"] == 3 and stats["contributions_new"] == 1
    assert stats["daily_keys"] == 3 and stats["pairs_changed"] == 3
    assert_exact(warehouse)


def _waiting_on_advisory_lock(dsn: str) -> int:
    return query(dsn, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                      "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")[0][0]


def test_concurrent_refreshes_never_double_count(warehouse):
    add_articles(warehouse, {n: DAY2 for n in range(20, 60)})
    analyse(warehouse, {n: [("gpe:belvania", 1), ("org:united nations", 2), ("person:john kerry", 1)]
                        for n in range(20, 60)}, batch="c")
    # A refresh that finds the lock taken waits for it ...
    holder = db.connect(warehouse)
    results: list[dict] = []
    errors: list[BaseException] = []

    def refresh() -> None:
        try:
            results.append(marts.refresh_marts(warehouse))
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    try:
        with holder.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (marts.LOCK_KEY,))
        threads = [threading.Thread(target=refresh) for _ in range(2)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 10
        while _waiting_on_advisory_lock(warehouse) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _waiting_on_advisory_lock(warehouse) == 2
        assert results == [] and all(t.is_alive() for t in threads)
        assert marts.pending(warehouse) == 40
    finally:
        holder.rollback()  # releases the lock
        holder.close()
    for t in threads:
        t.join(timeout=20)
    assert errors == [] and not any(t.is_alive() for t in threads)
    # ... then exactly one of the two applies the queue; the other finds it empty.
    assert sorted(r["articles"] for r in results) == [0, 40]
    assert_exact(warehouse)


def test_migration_populates_from_an_existing_warehouse(dsn, tmp_path):
    """A warehouse enriched before 006 gets its marts filled by the migration itself."""
    before_006 = tmp_path / "sql"
    before_006.mkdir()
    for mig in migrate.discover():
        if mig.version < 6:
            shutil.copy(mig.path, before_006 / mig.path.name)
    conn = db.connect(dsn)
    try:
        migrate.migrate(conn, before_006)
    finally:
        conn.close()
    add_articles(dsn, {1: DAY1, 2: DAY1, 3: DAY2, 4: None})
    add_articles(dsn, {5: DAY2}, status="paywalled")
    analyse(dsn, BASE)
    assert query(dsn, "SELECT relkind FROM pg_class WHERE oid = 'news.mv_entity_cooccurrence'::regclass") == [("m",)]
    conn = db.connect(dsn)
    try:
        assert "006_incremental_marts.sql" in migrate.migrate(conn)
    finally:
        conn.close()
    assert query(dsn, "SELECT relkind FROM pg_class WHERE oid = 'news.mv_entity_cooccurrence'::regclass") == [("r",)]
    assert len(incremental(dsn)[0]) == 8 and len(incremental(dsn)[1]) == 7
    assert_exact(dsn)
    assert marts.pending(dsn) == 0 and marts.refresh_marts(dsn)["articles"] == 0
    # The repair path gives the same tables.
    before = incremental(dsn)
    assert marts.rebuild_marts(dsn)["contributions"] == 12
    assert incremental(dsn) == before


# --------------------------------------------------------------------------- speaker rollups (012)

CONFIDENCES = [0.95, 0.5, 0.49, 0.3, 0.29, 0.1]


def _add_quotes(dsn: str) -> None:
    """Speech and stances of one speaker at confidences on both sides of two thresholds, in two
    articles of DAY1 (and one in the paywalled article, which no rollup counts)."""
    for n in (1, 2, 5):
        for i, confidence in enumerate(CONFIDENCES):
            kind = "stance" if i % 3 == 2 else ("direct", "indirect")[i % 2]
            query(dsn, """INSERT INTO news.quotes (quote_id, article_id, start_char, end_char, quote_text, kind, cue,
                                                   speaker, speaker_label, speaker_key, confidence)
                          VALUES (%s, %s, %s, %s, 'words', %s, 'said', 'John Kerry', 'PERSON',
                                  'person:john kerry', %s)""",
                  (str(uuid.uuid5(article(n), str(i))), str(article(n)), 10 * i, 10 * i + 5, kind, confidence))


@pytest.mark.parametrize("threshold", [0.5, 0.3])
def test_speaker_rollup_counts_per_bucket_give_any_threshold_at_read_time(warehouse, threshold):
    _add_quotes(warehouse)
    for kind_class, kinds in (("speech", "('direct', 'mixed', 'indirect')"), ("stance", "('stance')")):
        rollup = query(warehouse, """SELECT day, feed_name, sum(quotes)::int, sum(direct_quotes)::int
                                       FROM news.v_top_speakers_daily
                                      WHERE kind_class = %s AND confidence_bucket >= %s
                                      GROUP BY 1, 2""", (kind_class, threshold))
        direct = query(warehouse, f"""SELECT (a.published_at AT TIME ZONE 'UTC')::date, a.feed_name, count(*)::int,
                                             (count(*) FILTER (WHERE q.kind = 'direct'))::int
                                        FROM news.quotes q JOIN news.articles a USING (article_id)
                                       WHERE a.status = 'ok' AND a.duplicate_of IS NULL AND q.kind IN {kinds}
                                         AND q.confidence >= %s::real
                                       GROUP BY 1, 2""", (threshold,))
        assert rollup == direct, (kind_class, threshold)
    expected_speech = 2 * sum(1 for i, c in enumerate(CONFIDENCES) if i % 3 != 2 and c >= threshold)
    assert query(warehouse, """SELECT sum(quotes)::int FROM news.v_top_speakers_daily
                                WHERE kind_class = 'speech' AND confidence_bucket >= %s""",
                 (threshold,)) == [(expected_speech,)]
    # Every bucket together is every quote: nothing is lost by splitting.
    assert query(warehouse, "SELECT sum(quotes)::int FROM news.v_top_speakers_daily") == [(2 * len(CONFIDENCES),)]


def test_buckets_round_down_to_the_hundredth_of_the_stored_real(warehouse):
    rows = query(warehouse, "SELECT news.confidence_bucket(c::real)::text FROM unnest(%s::float8[]) AS c",
                 ([0.29, 0.5, 0.537, 0.999, 1.0, 0.0],))
    assert [r[0] for r in rows] == ["0.29", "0.50", "0.53", "0.99", "1.00", "0.00"]


def test_outlet_view_counts_stances_apart(warehouse):
    _add_quotes(warehouse)
    assert query(warehouse, "SELECT quotes::int, direct::int + mixed::int + indirect::int, stances::int "
                            "FROM news.v_quotes_by_outlet") == [(12, 8, 4)]


def test_entity_marts_oracle_is_the_one_definition_the_rebuild_uses(warehouse):
    before = incremental(warehouse)
    marts.rebuild_marts(warehouse)
    assert incremental(warehouse) == before
    assert_exact(warehouse)
    assert "news.v_mart_daily_entity_mentions" in marts.FULL_DAILY_SQL
    assert "news.v_mart_entity_cooccurrence" in marts.FULL_COOCCURRENCE_SQL
