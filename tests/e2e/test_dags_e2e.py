"""The three DAGs run through Airflow's own task path (`airflow dags test` = dag.test(), after
`airflow db migrate`) against the loopback sample site and a real PostgreSQL database."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
import yaml

from newsflow.settings import SAMPLE_FEEDS_FILE
from newsflow_dev import airflow_env
from newsflow_dev.demo import warehouse_fingerprint
from newsflow_dev.sample_site import render_feeds_file

from support import assert_exact, query

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def e2e_dsn(pg_server):
    from newsflow.warehouse.db import scratch_database

    with scratch_database(pg_server, "e2e") as dsn:
        yield dsn


@pytest.fixture(scope="module")
def feeds_file(sample_site, tmp_path_factory) -> Path:
    """The sample feeds plus broken and poisoned ones, so a run proves one bad feed stops nothing."""
    folder = tmp_path_factory.mktemp("feeds")
    path = render_feeds_file(sample_site.base_url, folder / "feeds.yaml", SAMPLE_FEEDS_FILE)
    doc = yaml.safe_load(path.read_text())
    doc["feeds"] += [
        {"name": "dead-feed", "url": f"{sample_site.base_url}/_test/status/404"},
        {"name": "bomb-feed", "url": f"{sample_site.base_url}/_test/xml-bomb"},
        {"name": "poison-feed", "url": f"{sample_site.base_url}/feeds/hostile/nul-author.xml"},
    ]
    path.write_text(yaml.safe_dump(doc))
    return path


@pytest.fixture(scope="module")
def airflow(tmp_path_factory, e2e_dsn, feeds_file):
    home = tmp_path_factory.mktemp("airflow_home")
    env = airflow_env.local_env(
        home,
        {
            "NEWSFLOW_FEEDS_FILE": str(feeds_file),
            "NEWSFLOW_WAREHOUSE_DSN": e2e_dsn,
            "NEWSFLOW_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
            "NEWSFLOW_PER_HOST_DELAY": "0",
        },
    )
    airflow_env.ensure_metadata_db(env)
    return env


def _dag_ok(proc) -> None:
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "DagRun failed" not in out, out[-4000:]


def test_ingest_enrich_marts_end_to_end(airflow, e2e_dsn, sample_site):
    sample_site.clear()
    _dag_ok(airflow_env.dags_test("news_ingest", airflow))

    statuses = dict(query(e2e_dsn, "SELECT status, count(*) FROM news.articles GROUP BY 1"))
    assert statuses.get("ok", 0) >= 25
    for expected in ("paywalled", "too_short", "http_error", "blocked"):
        assert statuses.get(expected, 0) >= 1, statuses
    fetches = dict(query(e2e_dsn, "SELECT feed_name, outcome FROM news.feed_fetches"))
    assert fetches["dead-feed"] == "http_error"
    assert fetches["bomb-feed"] == "parse_error"
    assert fetches["meridian-world"] == "ok"
    assert fetches["poison-feed"] == "ok"  # its NUL is dropped, not fatal to it or to the others
    assert query(e2e_dsn, "SELECT authors FROM news.feed_entries WHERE feed_name = 'poison-feed'") \
        == [(["WireDesk"],)]
    shared = "/articles/business/harbor-bank-merger-talks.html"
    assert sum(1 for r in sample_site.requests if r.path == shared) == 1  # in two feeds, fetched once
    assert "meridian-sport" not in fetches  # disabled in feeds.yaml
    bozo = query(e2e_dsn, "SELECT bozo, entries_seen FROM news.feed_fetches WHERE feed_name = 'meridian-local-legacy'")
    assert bozo[0][0] is True and bozo[0][1] > 0
    run_ids = {r[0] for r in query(e2e_dsn, "SELECT run_id FROM news.pipeline_runs WHERE stage = 'ingest'")}
    assert len(run_ids) == 1 and next(iter(run_ids)).startswith("manual__")
    assert query(e2e_dsn, "SELECT status FROM news.pipeline_runs WHERE stage = 'ingest'") == [("success",)]
    dup = query(e2e_dsn, "SELECT count(*) FROM news.articles WHERE duplicate_of IS NOT NULL")[0][0]
    assert dup >= 1
    page_hits = sum(1 for r in sample_site.requests if r.path.startswith("/articles/"))
    assert page_hits >= 30

    # A second run: feeds answer 304, no article page is downloaded, nothing changes.
    before = warehouse_fingerprint(e2e_dsn)
    sample_site.clear()
    proc = airflow_env.dags_test("news_ingest", airflow)
    _dag_ok(proc)
    assert not [r for r in sample_site.requests if r.path.startswith("/articles/")]
    # A skip says why in its task log.
    assert re.search(r"reason='nothing new: \d+ feed\(s\) polled \([^)]*\d+ not_modified[^)]*\), 0 article\(s\) downloaded, none new or changed — news_enrich not triggered'",
                     proc.stdout + proc.stderr), (proc.stdout + proc.stderr)[-3000:]
    latest = query(
        e2e_dsn,
        """SELECT outcome, count(*) FROM news.feed_fetches
            WHERE run_id = (SELECT run_id FROM news.pipeline_runs WHERE stage = 'ingest'
                             ORDER BY started_at DESC LIMIT 1) GROUP BY 1""",
    )
    assert dict(latest).get("not_modified", 0) >= 4
    assert warehouse_fingerprint(e2e_dsn) == before
    # Nothing new: the run still closes (finalize runs, and skips announcing the Asset).
    assert set(query(e2e_dsn, "SELECT status FROM news.pipeline_runs WHERE stage = 'ingest'")) == {("success",)}

    # Enrich: entities and attributed quotes for every clean, non-duplicate article.
    proc = airflow_env.dags_test("news_enrich", airflow)
    _dag_ok(proc)
    # Each analyze task logs its summary line; the Asset event carries the run's counts.
    assert re.search(r"batch \S+: \d+ articles, \d+ entity mentions, \d+ quotes, \d+ errors, \d+ too long, \d+ not English; "
                     r"\d+ chars in [\d.]+ s \(\d+ chars/s\)", proc.stdout + proc.stderr)
    enriched = dict(query(e2e_dsn, "SELECT status, count(*) FROM news.article_enrichment GROUP BY 1"))
    candidates = query(e2e_dsn, "SELECT count(*) FROM news.articles WHERE status = 'ok' AND duplicate_of IS NULL")[0][0]
    assert enriched.get("ok") == candidates
    persons = query(e2e_dsn, "SELECT count(*) FROM news.entities WHERE label = 'PERSON'")[0][0]
    assert persons >= 10
    attributed = query(e2e_dsn, "SELECT count(*) FROM news.quotes WHERE kind = 'direct' AND speaker_key LIKE 'person:%%'")[0][0]
    assert attributed >= 10
    assert query(e2e_dsn, "SELECT status FROM news.pipeline_runs WHERE stage = 'enrich'") == [("success",)]
    quotes = query(e2e_dsn, "SELECT count(*) FROM news.quotes")[0][0]
    assert {"articles_analysed": candidates, "quotes": quotes} in [
        {k: x.get(k) for k in ("articles_analysed", "quotes")} for x in _asset_extras(airflow, "news.enrichments")]

    # Reprocess everything: rows are replaced, nothing duplicates, tables identical.
    enriched_before = warehouse_fingerprint(e2e_dsn)
    proc = airflow_env.dags_test("news_enrich", airflow, conf={"reprocess": "all", "batch_size": 7})
    _dag_ok(proc)
    assert warehouse_fingerprint(e2e_dsn) == enriched_before
    batches = query(e2e_dsn, "SELECT count(DISTINCT batch_key) FROM news.enrich_batches GROUP BY run_id ORDER BY 1")
    assert max(b[0] for b in batches) >= 3  # batch_size 7 split the work into mapped tasks

    # Nothing left to analyse: the mapped task expands to nothing and the run still closes.
    _dag_ok(airflow_env.dags_test("news_enrich", airflow))
    assert set(query(e2e_dsn, "SELECT status FROM news.pipeline_runs WHERE stage = 'enrich'")) == {("success",)}
    assert len(query(e2e_dsn, "SELECT 1 FROM news.pipeline_runs WHERE stage = 'enrich'")) == 3

    # Marts: the incremental rollups take in the enriched data.
    _dag_ok(airflow_env.dags_test("news_marts", airflow))
    assert query(e2e_dsn, "SELECT count(*) FROM news.mv_daily_entity_mentions")[0][0] > 0
    assert query(e2e_dsn, "SELECT count(*) FROM news.mv_entity_cooccurrence")[0][0] > 0
    assert_exact(e2e_dsn)  # incremental marts equal the full definitions
    assert query(e2e_dsn, "SELECT count(*) FROM news.marts_dirty")[0][0] == 0


# ---------------------------------------------------------------- operation: logs, records, bad conf

DB_PASSWORD = "Wh-db-S3cret-91d7"
FEED_PASSWORD = "Fd-S3cret-4c2e"


@pytest.fixture(scope="module")
def secret_airflow(pg_server, airflow, sample_site, tmp_path_factory):
    """The same Airflow home, against a warehouse reached with a password-carrying DSN (a role
    with a password) and feeds whose URLs carry user:password@."""
    import psycopg2

    from newsflow.warehouse.db import scratch_database

    role = "newsflow_secret_test"
    admin = psycopg2.connect(pg_server)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP ROLE IF EXISTS {role}")
        cur.execute(f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{DB_PASSWORD}'")
    folder = tmp_path_factory.mktemp("secret-feeds")
    path = render_feeds_file(sample_site.base_url, folder / "feeds.yaml", SAMPLE_FEEDS_FILE)
    doc = yaml.safe_load(path.read_text())
    doc["feeds"] = [f for f in doc["feeds"] if f["name"] in ("meridian-world", "meridian-business")]
    for feed in doc["feeds"]:
        feed["url"] = feed["url"].replace("http://", f"http://reader:{FEED_PASSWORD}@")
    path.write_text(yaml.safe_dump(doc))
    try:
        with scratch_database(pg_server, "ops") as dsn:
            head, _, query_string = dsn.partition("?")
            secret_dsn = head.replace("postgres:@", f"{role}:{DB_PASSWORD}@") + f"?{query_string}"
            assert DB_PASSWORD in secret_dsn and secret_dsn != dsn
            yield {**airflow, "NEWSFLOW_WAREHOUSE_DSN": secret_dsn, "NEWSFLOW_FEEDS_FILE": str(path)}, dsn
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP ROLE IF EXISTS {role}")
        admin.close()


def _asset_extras(env: dict[str, str], asset_name: str) -> list[dict]:
    """The extra of each event of that Asset, from the run's Airflow metadata (SQLite)."""
    import sqlite3

    with sqlite3.connect(Path(env["AIRFLOW_HOME"]) / "airflow.db") as meta:
        return [json.loads(e) for (e,) in meta.execute(
            "SELECT e.extra FROM asset_event e JOIN asset a ON a.id = e.asset_id WHERE a.name = ?", (asset_name,))]


def test_task_logs_tell_the_story_without_secrets_or_text(secret_airflow):
    env, dsn = secret_airflow
    proc = airflow_env.dags_test("news_ingest", env)
    _dag_ok(proc)
    out = proc.stdout + proc.stderr
    # It reached the warehouse through the password-carrying DSN and fetched the credentialed feeds.
    assert dict(query(dsn, "SELECT feed_name, outcome FROM news.feed_fetches")) == {
        "meridian-world": "ok", "meridian-business": "ok"}
    # One summary line per fetch_feed, a line per status count per fetch_articles.
    assert re.search(r"feed meridian-world: ok, HTTP 200, \d+ entries seen, \d+ new, \d+ known, "
                     r"next poll in [\d:]+, [\d.]+ s", out), out[-3000:]
    assert re.search(r"feed meridian-business: \d+ article\(s\) ok", out), out[-3000:]
    assert re.search(r"\(2 feeds, imported\); 2 feed\(s\) on 1 site\(s\) to poll in 1 shard\(s\)", out), out[-3000:]
    assert re.search(r"shard 0: 2 feed\(s\) on 1 site\(s\): 2 ok; \d+ new entries, 0 gap\(s\)", out), out[-3000:]
    # No credential, no DSN, no article text.
    assert DB_PASSWORD not in out and FEED_PASSWORD not in out
    assert "reader:" not in out and "newsflow_secret_test:" not in out
    texts = [t for (t,) in query(dsn, "SELECT text FROM news.articles WHERE status = 'ok' AND length(text) > 400")]
    assert len(texts) >= 5
    for text in texts:
        middle = text[len(text) // 2 : len(text) // 2 + 60]
        assert middle not in out, f"article text in the task logs: {middle!r}"
    stored = str(query(dsn, "SELECT params, stats FROM news.pipeline_runs")) + str(query(dsn, "SELECT url FROM news.feeds"))
    assert FEED_PASSWORD not in stored and DB_PASSWORD not in stored
    # The Asset event carries the run's counts (the Assets view shows them).
    extras = _asset_extras(env, "news.articles")
    loaded = query(dsn, "SELECT count(*) FROM news.articles")[0][0]
    assert any(x.get("articles_loaded") == loaded and "duplicates_linked" in x for x in extras), extras


@pytest.mark.parametrize(("dag_id", "conf", "message"), [
    ("news_ingest", {"feeds": ["no-such-feed"]},
     r"unknown feed\(s\): no-such-feed\. Active feeds file: \S+feeds\.yaml \(NEWSFLOW_FEEDS_FILE\); "
     r"2 enabled feed\(s\), e\.g\. meridian-business, meridian-world"),
    ("news_ingest", {"feed": ["meridian-world"]}, r"unknown conf key\(s\) 'feed'; allowed keys: feeds, force"),
    # The form and the REST API refuse a bound that is not shaped like a date (test_dag_integrity);
    # one shaped like a date that is none is the task's to refuse.
    ("news_enrich", {"reprocess": "window", "since": "2026-02-30"}, r"since='2026-02-30' is not an ISO 8601 date-time"),
])
def test_bad_conf_fails_fast_with_its_message_and_a_failed_run_record(secret_airflow, dag_id, conf, message):
    env, dsn = secret_airflow
    started = time.monotonic()
    proc = airflow_env.dags_test(dag_id, env, conf=conf)
    elapsed = time.monotonic() - started
    out = proc.stdout + proc.stderr
    print(f"{dag_id} {conf}: failed in {elapsed:.1f} s")
    assert "DagRun failed" in out or proc.returncode != 0, out[-3000:]
    assert re.search(message, out), out[-3000:]
    assert "ConfError" in out and "up_for_retry" not in out.lower()  # the retry policy failed it at once
    # Well under the first retry delay (30 s): nothing waited for a retry. (The bound includes
    # starting the Airflow CLI.)
    assert elapsed < 25, f"{elapsed:.1f} s"
    stage = "ingest" if dag_id == "news_ingest" else "enrich"
    latest = query(dsn, "SELECT status, finished_at IS NOT NULL, stats->>'error' FROM news.pipeline_runs "
                        "WHERE stage = %s ORDER BY started_at DESC LIMIT 1", (stage,))
    assert latest and latest[0][:2] == ("failed", True)
    assert latest[0][2].startswith("bad conf: ") and re.search(message, latest[0][2])
    assert not query(dsn, "SELECT 1 FROM news.pipeline_runs WHERE status = 'running'")


def test_a_run_closes_the_stale_records_of_dead_runs(secret_airflow):
    """A run killed without our failure path (worker lost, marked failed in the UI) left its row
    `running`; the next run of that single-run DAG closes it as failed, saying why."""
    from newsflow.warehouse import runs

    env, dsn = secret_airflow
    runs.prepare_warehouse(dsn)
    runs.start_run(dsn, "scheduled__dead", "marts", "news_marts", {})
    proc = airflow_env.dags_test("news_marts", env)
    _dag_ok(proc)
    rows = {r[0]: r[1:] for r in query(
        dsn, "SELECT run_id, status, finished_at IS NOT NULL, stats->>'error' FROM news.pipeline_runs "
             "WHERE stage = 'marts'")}
    (current,) = [run_id for run_id in rows if run_id.startswith("manual__")]
    assert rows[current][:2] == ("success", True)
    assert rows["scheduled__dead"][:2] == ("failed", True)
    assert rows["scheduled__dead"][2] == f"stale: news_marts allows one active run and run {current} has started"
