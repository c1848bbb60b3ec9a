"""The DAGs under the real scheduler: the components `make airflow` runs (api-server, scheduler,
dag-processor, triggerer; LocalExecutor; metadata in the embedded PostgreSQL) in a temporary home,
against the loopback sample site and a scratch warehouse, driven only through the REST API."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsflow.ingest.feeds_file import load_feeds
from newsflow.settings import PROJECT_ROOT as ROOT
from newsflow.settings import SAMPLE_FEEDS_FILE
from newsflow.warehouse.db import scratch_database
from newsflow_dev import airflow_env
from newsflow_dev.airflow_api import TERMINAL, AirflowApi, wait_for
from newsflow_dev.airflow_lifecycle import processes_of
from newsflow_dev.sample_site import render_feeds_file

from airflow_cluster import airflow_cluster, redis_broker
from support import query

pytestmark = pytest.mark.e2e

DAGS = ("news_ingest", "news_enrich", "news_marts")
CONTENT_TABLES = ("feed_entries", "articles", "entities", "entity_mentions", "quotes",
                  "mv_daily_entity_mentions", "mv_entity_cooccurrence")


def _finished(api: AirflowApi, dag_id: str, run_type: str, count: int = 1):
    """The runs of `run_type` once `count` exist and all are finished (None before)."""
    runs = [r for r in api.runs(dag_id) if r["run_type"] == run_type]
    if len(runs) >= count and all(r["state"] in TERMINAL for r in runs):
        return runs
    return None


def _newsflow_env(warehouse: str, feeds_file: Path, tmp_path: Path) -> dict[str, str]:
    """What the tasks need: the scratch warehouse, the sample feeds, loopback allowed, no delay."""
    return {
        "NEWSFLOW_WAREHOUSE_DSN": warehouse,
        "NEWSFLOW_FEEDS_FILE": str(feeds_file),
        "NEWSFLOW_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
        "NEWSFLOW_PER_HOST_DELAY": "0",
        "NEWSFLOW_DATA_DIR": str(tmp_path / "data"),
        # one scheduled run per test: a 10-minute poll would add runs while the test watches
        "NEWSFLOW_POLL_SCHEDULE": "@daily",
    }


def _assert_success(api: AirflowApi, runs: list[dict]) -> None:
    for run in runs:
        if run["state"] != "success":
            tis = api.task_instances(run["dag_id"], run["dag_run_id"])
            failed = [ti for ti in tis if ti["state"] not in ("success", "skipped")]
            detail = "\n".join(f"--- {ti['task_id']}[{ti['map_index']}] {ti['state']}\n{api.log_text(ti)[-3000:]}"
                               for ti in failed[:3])
            raise AssertionError(f"{run['dag_id']} {run['dag_run_id']} is {run['state']}\n{detail}")


# An article listed by two feeds (the sample site cross-posts one) is downloaded by whichever
# fetch_articles task claims it first, but finalize gives it to the first feed by name, so even the
# feed attribution is the same under any executor: no column is left out of the comparison.
RACY_COLUMNS: dict[str, tuple[str, ...]] = {}


def content_checksums(dsn: str) -> dict[str, str]:
    """md5 per data table over the columns that describe content: not timestamps, run ids or
    batch keys (they differ between any two runs), nor raw gzip bytes (their header has a time)."""
    out = {}
    for table in CONTENT_TABLES:
        cols = [c for (c,) in query(dsn, """
            SELECT column_name FROM information_schema.columns
             WHERE table_schema = 'news' AND table_name = %s
               AND data_type NOT IN ('timestamp with time zone', 'timestamp without time zone', 'bytea')
               AND column_name NOT LIKE '%%run_id' AND column_name NOT LIKE '%%batch%%'
             ORDER BY ordinal_position""", (table,)) if c not in RACY_COLUMNS.get(table, ())]
        assert cols, table
        row = ", ".join(f'"{c}"' for c in cols)
        out[table] = query(dsn, f"SELECT count(*) || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') "
                                f"FROM (SELECT {row} FROM news.{table}) r")[0][0]
        if table == "articles":  # per column too, so a difference names its column
            for c in cols:
                out[f"articles.{c}"] = query(dsn, f'SELECT md5(string_agg(article_id::text || \'=\' || coalesce("{c}"::text, \'\'), \'|\' ORDER BY article_id)) FROM news.articles')[0][0]
    return out


_REFERENCE: dict[str, dict[str, str]] = {}


def test_airflow_cfg_is_what_the_cli_reads(tmp_path):
    """The home `make airflow` writes is the whole configuration: Airflow's own CLI pointed at it
    (no AIRFLOW__* variables) reads our folders, metadata URL and ports; a rewrite keeps secrets."""
    import configparser

    home = tmp_path / "airflow"
    url = airflow_env.metadata_url("postgresql://postgres:@/postgres?host=/tmp/pg", "airflow")
    assert url == "postgresql+psycopg2://postgres:@/airflow?host=/tmp/pg"
    ports = airflow_env.Ports(api=18080, worker_log=18793, trigger_log=18794)
    path = airflow_env.write_config(home, sql_alchemy_conn=url, ports=ports, parallelism=3)
    first = configparser.ConfigParser(interpolation=None)
    first.read(path)
    airflow_env.write_config(home, sql_alchemy_conn=url, ports=ports)
    again = configparser.ConfigParser(interpolation=None)
    again.read(path)
    for section, key in airflow_env.SECRETS:
        assert again.get(section, key) == first.get(section, key) != ""
    assert again.get("core", "parallelism") == str(airflow_env.default_parallelism())

    env = {k: v for k, v in airflow_env.deployment_env(home, {}).items() if not k.startswith("AIRFLOW__")}
    expected = {
        ("core", "dags_folder"): str(ROOT / "dags"),
        ("core", "load_examples"): "False",
        ("database", "sql_alchemy_conn"): url,
        ("logging", "worker_log_server_port"): "18793",
    }
    for (section, key), value in expected.items():
        proc = airflow_env.airflow_cli(env, "config", "get-value", section, key, timeout=60)
        assert proc.stdout.strip() == value, (section, key, proc.stdout)


def test_scheduler_runs_the_dag_chain(tmp_path, pg_server, sample_site):
    _REFERENCE["local"] = _local_scenario(tmp_path, pg_server, sample_site)


def _local_scenario(tmp_path: Path, pg_server: str, sample_site) -> dict[str, str]:
    """Scheduled and manual ingest, the Asset chain, logs and a bad conf under the LocalExecutor;
    the warehouse's content checksums at the end."""
    started = time.monotonic()
    tmp_path.mkdir(parents=True, exist_ok=True)
    feeds_file = render_feeds_file(sample_site.base_url, tmp_path / "feeds.yaml", SAMPLE_FEEDS_FILE)
    enabled = [f.name for f in load_feeds(feeds_file) if f.enabled]
    home = tmp_path / "airflow"
    with scratch_database(pg_server, "wh") as warehouse, scratch_database(pg_server, "airflow") as meta:
        newsflow_env = _newsflow_env(warehouse, feeds_file, tmp_path)
        try:
            with airflow_cluster(home, meta, newsflow_env) as (deployment, api):
                print(f"airflow up after {time.monotonic() - started:.0f} s")
                assert len(processes_of(home)) >= 4  # what the teardown check must find gone
                cfg = (home / "airflow.cfg").read_text()
                assert "executor = LocalExecutor" in cfg and "host = 127.0.0.1" in cfg

                listed = wait_for("the DAGs to be parsed",
                                  lambda: {d["dag_id"] for d in api.get("/dags")["dags"]} >= set(DAGS), 90)
                assert listed
                assert api.get("/importErrors")["total_entries"] == 0

                for dag_id in ("news_enrich", "news_marts", "news_ingest"):
                    api.unpause(dag_id)
                wait_for("the scheduled news_ingest run", lambda: [
                    r for r in api.runs("news_ingest") if r["run_type"] == "scheduled"], 60, every=1)
                manual_id = api.trigger("news_ingest", {"feeds": [enabled[0]]})

                ingest = wait_for("news_ingest runs to finish", lambda: (
                    _finished(api, "news_ingest", "scheduled") and _finished(api, "news_ingest", "manual")), 240)
                ingest_runs = [r for r in api.runs("news_ingest")]
                _assert_success(api, ingest_runs)
                assert ingest and any(r["dag_run_id"] == manual_id and r["conf"] == {"feeds": [enabled[0]]}
                                      for r in ingest_runs)
                enrich = wait_for("news_enrich from the articles Asset",
                                  lambda: _finished(api, "news_enrich", "asset_triggered"), 240)
                _assert_success(api, enrich)
                marts = wait_for("news_marts from the enrichments Asset",
                                 lambda: _finished(api, "news_marts", "asset_triggered"), 120)
                _assert_success(api, marts)

                # The warehouse holds the sample site's articles, entities and quotes.
                ok = query(warehouse, "SELECT count(*) FROM news.articles WHERE status = 'ok'")[0][0]
                assert ok >= 25
                assert query(warehouse, "SELECT count(DISTINCT feed_name) FROM news.feed_fetches")[0][0] == len(enabled)
                assert query(warehouse, "SELECT count(*) FROM news.entities WHERE label = 'PERSON'")[0][0] >= 10
                assert query(warehouse, "SELECT count(*) FROM news.quotes WHERE speaker_key LIKE 'person:%%'")[0][0] >= 10
                assert query(warehouse, "SELECT count(*) FROM news.mv_daily_entity_mentions")[0][0] > 0
                runs = dict(query(warehouse, "SELECT run_id, status FROM news.pipeline_runs WHERE stage = 'ingest'"))
                assert set(runs.values()) == {"success"} and manual_id in runs and len(runs) == 2

                # Task logs are non-empty and carry the summary lines.
                scheduled = next(r for r in ingest_runs if r["run_type"] == "scheduled")
                tis = api.task_instances("news_ingest", scheduled["dag_run_id"])
                # The sample site is one site: one shard, whose log has every feed's summary lines.
                shards = [t for t in tis if t["task_id"] == "poll_shard"]
                assert [t["rendered_map_index"] for t in shards] == ["shard 1 of 1"]
                for ti in tis:
                    assert api.log_text(ti).strip(), f"empty log: {ti['task_id']}[{ti['map_index']}]"
                excerpts = {}
                text = api.log_text(shards[0])
                for name in enabled:
                    lines = [ln for ln in text.splitlines() if f"feed {name}:" in ln]
                    assert len(lines) >= 2, f"poll_shard log has no fetch and article lines for {name}:\n{text[-2000:]}"
                    excerpts[f"poll_shard[{name}]"] = lines
                analyze = [t for t in api.task_instances("news_enrich", enrich[0]["dag_run_id"])
                           if t["task_id"] == "analyze"]
                assert analyze
                for ti in analyze:
                    text = api.log_text(ti)
                    lines = [ln for ln in text.splitlines() if "entity mentions" in ln]
                    assert lines, f"analyze[{ti['map_index']}] has no summary line:\n{text[-2000:]}"
                    excerpts[f"analyze[{ti['map_index']}]"] = lines
                # A mistake no retry can fix fails the run at once, with a message that helps.
                bad_id = api.trigger("news_ingest", {"feeds": ["no-such-feed"]})
                bad = wait_for("the bad-conf run to finish", lambda: [
                    r for r in api.runs("news_ingest") if r["dag_run_id"] == bad_id and r["state"] in TERMINAL], 120)
                assert bad[0]["state"] == "failed"
                prep = next(t for t in api.task_instances("news_ingest", bad_id) if t["task_id"] == "prepare")
                assert prep["state"] == "failed" and prep["try_number"] == 1, prep  # not retried
                message = api.log_text(prep)
                assert "no-such-feed" in message and str(feeds_file) in message and enabled[0] in message, \
                    message[-3000:]
                assert query(warehouse, "SELECT status FROM news.pipeline_runs WHERE run_id = %s",
                             (bad_id,)) == [("failed",)]
                excerpts["prepare (bad conf)"] = [ln for ln in message.splitlines() if "no-such-feed" in ln][:1]

                for key, lines in excerpts.items():
                    print(f"{key}: {' | '.join(lines)}")
                for row in query(warehouse, "SELECT run_id, stage, status, finished_at IS NOT NULL, stats->>'error' "
                                            "FROM news.pipeline_runs ORDER BY started_at"):
                    print("pipeline_runs:", row)
                return content_checksums(warehouse)
        finally:
            print(f"test_scheduler wall time: {time.monotonic() - started:.0f} s")


def test_celery_two_workers_match_local(tmp_path, pg_server, sample_site):
    """CeleryExecutor, a real Redis broker and two workers: the mapped tasks spread over both, and
    the warehouse ends with the same content as the LocalExecutor run's."""
    reference = _REFERENCE.get("local") or _local_scenario(tmp_path / "local", pg_server, sample_site)
    started = time.monotonic()
    feeds_file = render_feeds_file(sample_site.base_url, tmp_path / "feeds.yaml", SAMPLE_FEEDS_FILE)
    home = tmp_path / "airflow-celery"
    workers = ("worker-a", "worker-b")
    with scratch_database(pg_server, "wh") as warehouse, scratch_database(pg_server, "airflow") as meta, \
            redis_broker(tmp_path / "redis") as broker:
        newsflow_env = _newsflow_env(warehouse, feeds_file, tmp_path)
        try:
            with airflow_cluster(home, meta, newsflow_env, broker_url=broker, workers=workers) as (_, api):
                print(f"airflow (celery) up after {time.monotonic() - started:.0f} s")
                wait_for("the DAGs to be parsed",
                         lambda: {d["dag_id"] for d in api.get("/dags")["dags"]} >= set(DAGS), 90)
                for dag_id in ("news_enrich", "news_marts", "news_ingest"):
                    api.unpause(dag_id)
                ingest = wait_for("the scheduled news_ingest run", lambda: _finished(api, "news_ingest", "scheduled"), 240)
                _assert_success(api, ingest)
                enrich = wait_for("news_enrich from the articles Asset",
                                  lambda: _finished(api, "news_enrich", "asset_triggered"), 240)
                _assert_success(api, enrich)
                wait_for("news_marts from the enrichments Asset",
                         lambda: _finished(api, "news_marts", "asset_triggered"), 120)
                # Re-analyse in small batches: analyze maps to several tasks for the workers to share.
                marts_before = len(api.runs("news_marts"))
                again = api.trigger("news_enrich", {"reprocess": "all", "batch_size": 8})
                wait_for("the reprocess run", lambda: _finished(api, "news_enrich", "manual"), 240)
                marts = wait_for("news_marts after the reprocess", lambda: (
                    len(api.runs("news_marts")) > marts_before and _finished(api, "news_marts", "asset_triggered")), 120)
                _assert_success(api, [r for r in api.runs("news_enrich")] + marts)

                tis = api.task_instances("news_ingest", ingest[0]["dag_run_id"]) + \
                    api.task_instances("news_enrich", again)
                mapped = [t for t in tis if t["map_index"] >= 0]
                assert len([t for t in mapped if t["task_id"] == "analyze"]) >= 3
                by_host: dict[str, list[str]] = {}
                for ti in mapped:
                    by_host.setdefault(ti["hostname"], []).append(f"{ti['task_id']}[{ti['map_index']}]")
                print("mapped tasks per worker:", by_host)
                assert set(by_host) == set(workers), by_host
                assert len([t for t in mapped if t["task_id"] == "poll_shard"]) == 1  # one site, one shard

                checksums = content_checksums(warehouse)
                assert checksums == reference, {k: (checksums[k], reference[k]) for k in checksums
                                                if checksums[k] != reference.get(k)}
        finally:
            print(f"test_celery wall time: {time.monotonic() - started:.0f} s")
