"""`bench scale`: its generated history is a warehouse the pipeline accepts, and its day's run goes
through the real ingest and enrich path on loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsflow import enrich
from newsflow.warehouse.duplicates import link_duplicates
from newsflow_dev.bench.scale import STAGES, _serve, build_history, build_site, timed_run

from support import query


def test_history_is_what_the_linker_and_the_quality_checks_would_have_written(migrated_dsn):
    build_history(migrated_dsn, 400)
    counts = dict(query(migrated_dsn, "SELECT status, count(*) FROM news.articles GROUP BY 1"))
    assert counts == {"ok": 390, "http_error": 10}
    kinds = dict(query(migrated_dsn, "SELECT duplicate_kind, count(*) FROM news.articles "
                                     "WHERE duplicate_of IS NOT NULL GROUP BY 1"))
    assert kinds == {"near": 20, "exact": 20}
    per_article = query(migrated_dsn, "SELECT min(n), max(n) FROM (SELECT count(*) n FROM news.entity_mentions "
                                      "GROUP BY article_id) m")[0]
    assert per_article == (20, 20)
    assert query(migrated_dsn, "SELECT count(*) FROM news.article_enrichment")[0][0] == 350
    assert query(migrated_dsn, "SELECT count(*) FROM news.mv_daily_entity_mentions")[0][0] > 0
    spread = query(migrated_dsn, "SELECT max(published_at) - min(published_at) FROM news.articles")[0][0]
    assert spread > timedelta(days=360)
    # the whole-warehouse checks pass, and re-linking everything finds exactly the stored links
    assert not any(enrich.quality_checks(migrated_dsn).values())
    before = query(migrated_dsn, "SELECT article_id, duplicate_of, duplicate_kind FROM news.articles ORDER BY 1")
    assert link_duplicates(migrated_dsn, since=datetime(2000, 1, 1, tzinfo=UTC))["linked_now"] == 0
    assert query(migrated_dsn, "SELECT article_id, duplicate_of, duplicate_kind FROM news.articles "
                               "ORDER BY 1") == before


def test_day_run_fetches_links_and_enriches_over_loopback_and_a_rerun_does_nothing(migrated_dsn):
    build_history(migrated_dsn, 300)
    with _serve() as site:
        site.pages, feeds = build_site(site.base_url, 30, seed=1, prefix="day", now=datetime.now(UTC))
        assert len(feeds) == 1
        first = timed_run(migrated_dsn, site, feeds, "day-1")
        assert first["loaded"] == 30
        assert first["linked_now"] >= 1  # the exact copy (article 19) at least
        assert first["analyzed"] == 30 - first["linked_now"]
        assert set(first["seconds"]) == {*STAGES, "total"} and first["seconds"]["analyze"] > 0
        assert query(migrated_dsn, "SELECT count(*) FROM news.articles WHERE feed_name = 'bench-feed-0' "
                                   "AND status = 'ok'")[0][0] == 30
        again = timed_run(migrated_dsn, site, feeds, "day-2")
    assert (again["loaded"], again["linked_now"], again["analyzed"]) == (0, 0, 0)
