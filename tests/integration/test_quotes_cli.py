"""`newsflow quotes`, `report` and `db psql` on a real warehouse: the sample site ingested and enriched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from newsflow import enrich
from newsflow.ingest import pipeline
from newsflow.warehouse.quote_search import QuoteFilter, build_query, search_quotes

from support import query

pytestmark = pytest.mark.integration

ABSENT_WORD = "xylophone"


@pytest.fixture(scope="module")
def warehouse(pg_server, sample_site, tmp_path_factory):
    """The ingested and enriched sample site, shared by this module's tests."""
    from newsflow.ingest.feeds_file import load_feeds
    from newsflow.settings import SAMPLE_FEEDS_FILE
    from newsflow.warehouse.db import scratch_database
    from newsflow_dev.sample_site import render_feeds_file

    feeds = load_feeds(render_feeds_file(sample_site.base_url, tmp_path_factory.mktemp("f") / "feeds.yaml",
                                         SAMPLE_FEEDS_FILE))
    with scratch_database(pg_server, "quotes") as dsn:
        result = pipeline.run_ingest(feeds, dsn=dsn)
        enrich.run_enrich(dsn, result["run_id"])
        yield dsn


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsflow", *args], capture_output=True, text=True,
                          timeout=60, check=False, env=env)


def test_search_finds_a_quote_by_a_word_in_it_and_nothing_for_an_absent_word(warehouse):
    proc = _cli("quotes", "--dsn", warehouse, "--search", "arguing numbers", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert any("stop arguing about numbers" in r["quote_text"] and r["speaker"] == "Jane Moreau" for r in rows)
    assert all("arguing" in r["quote_text"].lower() for r in rows)
    assert query(warehouse, "SELECT count(*) FROM news.quotes WHERE quote_text ILIKE %s", (f"%{ABSENT_WORD}%",)) == [(0,)]
    assert search_quotes(warehouse, QuoteFilter(search=ABSENT_WORD)) == []
    # English stemming: "argue" finds the quote that says "arguing".
    assert any("arguing" in r["quote_text"] for r in search_quotes(warehouse, QuoteFilter(search="argue")))


def test_speaker_is_case_insensitive_and_filters_combine(warehouse):
    rows = search_quotes(warehouse, QuoteFilter(speaker="jane moreau", limit=100))
    assert len(rows) >= 2 and {r["speaker"] for r in rows} == {"Jane Moreau"}
    direct = search_quotes(warehouse, QuoteFilter(speaker="jane moreau", kind="direct", limit=100))
    assert direct and all(r["kind"] == "direct" for r in direct) and len(direct) <= len(rows)
    feed = rows[0]["feed_name"]
    in_feed = search_quotes(warehouse, QuoteFilter(speaker="Moreau", feed=feed, limit=100))
    assert in_feed and {r["feed_name"] for r in in_feed} == {feed}
    assert search_quotes(warehouse, QuoteFilter(speaker="Moreau", since=date(2999, 1, 1))) == []
    assert search_quotes(warehouse, QuoteFilter(speaker="Moreau", until=date(1999, 12, 31))) == []
    # until is inclusive: the day of the newest quote keeps it
    newest = max(r["day"] for r in rows)
    assert len(search_quotes(warehouse, QuoteFilter(speaker="jane moreau", until=newest, limit=100))) == len(rows)
    # A user's % is a literal character, not a wildcard.
    assert search_quotes(warehouse, QuoteFilter(speaker="%")) == []


def test_entity_finds_quotes_in_articles_mentioning_it(warehouse):
    from newsflow.settings import get_settings

    rows = search_quotes(warehouse, QuoteFilter(entity="Belvania", limit=500))
    # By default: speech at or above the configured threshold (the real column compared as a real).
    expected = query(warehouse, """SELECT count(*) FROM news.v_quotes q WHERE EXISTS (
                                     SELECT 1 FROM news.entity_mentions m JOIN news.entities e USING (entity_key)
                                      WHERE m.article_id = q.article_id AND e.canonical_name ILIKE '%%belvania%%')
                                     AND q.kind_class = 'speech' AND q.confidence >= %s::real""",
                     (get_settings().min_confidence,))
    assert rows and len(rows) == expected[0][0]
    everything = search_quotes(warehouse, QuoteFilter(entity="Belvania", limit=500, min_confidence=None,
                                                      all_kinds=True))
    assert len(everything) >= len(rows)
    total = query(warehouse, "SELECT count(*) FROM news.v_quotes")[0][0]
    assert len(rows) < total  # the filter filters


def test_search_uses_the_gin_index(warehouse):
    sql, params = build_query(QuoteFilter(search="arguing numbers"))
    from newsflow.warehouse import db

    with db.connection(warehouse) as conn, conn.cursor() as cur:
        # The sample warehouse is tiny, so a full scan would win on cost; take the full scans and
        # per-row lookups away and the plan shows whether the query's expression matches the index.
        cur.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; SET LOCAL enable_nestloop = off")
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cur.fetchall())
    assert "quotes_text_fts_idx" in plan, plan


def test_quotes_plain_output_names_speaker_and_article(warehouse):
    proc = _cli("quotes", "--dsn", warehouse, "--speaker", "Jane Moreau", "--limit", "3")
    assert proc.returncode == 0, proc.stderr
    assert "Jane Moreau" in proc.stdout and "3 quote(s)" in proc.stdout
    assert "\x1b[" not in proc.stdout  # not a terminal: plain text


def test_report_json_has_every_section_and_feed_filters(warehouse):
    proc = _cli("report", "--dsn", warehouse, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    for section in ("ingest", "articles_by_status", "last_fetches", "enrichment", "top_entities",
                    "top_speakers", "latest_quotes"):
        assert data[section], section
    feed = data["latest_quotes"][0]["feed_name"]
    only = json.loads(_cli("report", "--dsn", warehouse, "--json", "--feed", feed).stdout)
    assert set(only["ingest"]["feeds"]) == {feed}
    assert {q["feed_name"] for q in only["latest_quotes"]} == {feed}
    assert sum(r["articles"] for r in only["articles_by_status"]) < sum(r["articles"] for r in data["articles_by_status"])
    future = json.loads(_cli("report", "--dsn", warehouse, "--json", "--since", "2999-01-01").stdout)
    assert future["top_speakers"] == [] and future["latest_quotes"] == []


def test_report_prints_tables(warehouse):
    proc = _cli("report", "--dsn", warehouse, "--limit", "3")
    assert proc.returncode == 0, proc.stderr
    for title in ("Feeds", "Articles by status", "Top entities", "Top quoted speakers", "Latest quotes"):
        assert title in proc.stdout
    assert "\x1b[" not in proc.stdout


def test_outlet_view_has_one_row_per_feed(warehouse):
    # A feed whose pages carry two site names (the old view split it in two rows).
    feed, article = query(warehouse, """SELECT feed_name, min(article_id::text) FROM news.v_quotes
                                         GROUP BY 1 HAVING count(DISTINCT article_id) > 1 LIMIT 1""")[0]
    query(warehouse, "UPDATE news.articles SET site_name = 'Another Name' WHERE article_id = %s", (article,))
    rows = query(warehouse, "SELECT feed_name, quotes FROM news.v_quotes_by_outlet")
    per_feed = query(warehouse, "SELECT feed_name, count(*) FROM news.v_quotes GROUP BY 1")
    assert sorted(rows) == sorted(per_feed)
    assert [r for r in rows if r[0] == feed]


def test_db_psql_runs_a_command_on_the_warehouse(warehouse):
    # No psql on PATH: the one bundled with the embedded PostgreSQL is used.
    env = {**os.environ, "PATH": "/nonexistent"}
    proc = _cli("db", "psql", "--dsn", warehouse, "--", "-At", "-c", "SELECT count(*) FROM news.quotes", env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(query(warehouse, "SELECT count(*) FROM news.quotes")[0][0])
    bad = _cli("db", "psql", "--dsn", warehouse, "--", "-v", "ON_ERROR_STOP=1", "-c", "SELECT * FROM news.nope", env=env)
    assert bad.returncode != 0 and "news.nope" in bad.stderr


def test_readme_outlet_query_returns_one_row_per_feed(warehouse):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = readme.split("-- Quotes by outlet", 1)[1].split("\n\n", 1)[0]
    sql = block.split("\n", 1)[1].strip().rstrip(";")
    rows = query(warehouse, sql)
    feeds = [r[0] for r in rows]
    assert feeds and len(feeds) == len(set(feeds))
    assert sorted(feeds) == sorted(r[0] for r in query(warehouse, "SELECT DISTINCT feed_name FROM news.v_quotes"))


def test_piped_output_is_tab_separated_whole_lines_with_the_total(warehouse):
    """Piped, `quotes` and `report` print tab-separated rows, never wrapped (grep finds a feed
    name whole), and `quotes` says how many matched beyond --limit."""
    everything = _cli("quotes", "--dsn", warehouse, "--entity", "Belvania", "--limit", "500", "--json")
    total = len(json.loads(everything.stdout))
    assert total > 1
    proc = _cli("quotes", "--dsn", warehouse, "--entity", "Belvania", "--limit", "1")
    lines = proc.stdout.splitlines()
    assert lines[:2] == ["# Quotes", "day\tspeaker\tcue\tquote\tarticle"]
    assert len(lines[2].split("\t")) == 5
    assert lines[3].startswith(f"1 of {total} quotes (use --limit); speech only")
    report = _cli("report", "--dsn", warehouse, "--limit", "50").stdout
    feeds = json.loads(_cli("report", "--dsn", warehouse, "--json").stdout)["feeds"]["rows"]
    for row in feeds:
        assert any(line.split("\t")[0] == row["feed_name"] for line in report.splitlines()), row["feed_name"]
    assert all(len(line) <= 80 or "\t" in line or line.startswith("#") for line in report.splitlines())


def test_every_readme_sql_example_returns_rows_on_the_sample_warehouse(warehouse):
    """The README's example queries are run on what `make demo` loads, so they stay true."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = readme.split("-- Daily mentions of a canonical entity", 1)[1].split("```", 1)[0]
    bodies = ["\n".join(line for line in part.splitlines() if not line.lstrip().startswith("--")).strip()
              for part in block.split(";")]
    statements = [b for b in bodies if b]
    assert len(statements) == 6
    for sql in statements:
        assert query(warehouse, sql), f"no rows: {sql[:200]}"
