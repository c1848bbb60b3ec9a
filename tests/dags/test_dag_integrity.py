"""DAG files import cleanly, parse fast, import no heavy NLP at parse time, and follow our rules."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "dags"
PLUGINS = ROOT / "plugins"
DAG_FILES = sorted(DAGS.glob("news_*.py"))


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory):
    home = tmp_path_factory.mktemp("airflow_home")
    env = {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(PLUGINS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    }
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    sys.path.insert(0, str(PLUGINS))
    try:
        from airflow.dag_processing.dagbag import DagBag

        yield DagBag(dag_folder=str(DAGS))  # Airflow 3.3: no include_examples argument
    finally:
        sys.path.remove(str(PLUGINS))
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == {"news_ingest", "news_enrich", "news_marts"}


@pytest.mark.parametrize("dag_id", ["news_ingest", "news_enrich", "news_marts"])
def test_dag_conventions(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    assert dag.tags and "newsflow" in dag.tags
    assert dag.catchup is False
    assert dag.start_date.tzinfo is not None
    assert dag.max_active_runs == 1
    for t in dag.tasks:
        assert t.owner == "newsflow"
        assert t.retries >= 2, f"{dag_id}.{t.task_id} retries {t.retries}"


def test_ingest_shape(dagbag):
    dag = dagbag.dags["news_ingest"]
    assert dag.timetable.expression == "*/10 * * * *"  # the poller: NEWSFLOW_POLL_SCHEDULE's default
    assert set(dag.params.keys()) >= {"feeds", "force"}
    # One mapped task per shard (never per feed): the task count does not grow with the feeds.
    assert {t.task_id for t in dag.tasks} == {"prepare", "poll_shard", "finalize", "check_feeds"}
    shard = dag.get_task("poll_shard")
    assert shard.pool == "news_http" and shard.retry_exponential_backoff
    assert shard.upstream_task_ids == {"prepare"}
    finalize = dag.get_task("finalize")
    assert [o.name for o in finalize.outlets] == ["news.articles"]
    assert finalize.trigger_rule == "all_done" and dag.get_task("check_feeds").trigger_rule == "all_done"


@pytest.mark.parametrize("dag_id", ["news_ingest", "news_enrich", "news_marts"])
def test_every_task_has_an_execution_timeout(dagbag, dag_id):
    """A network or database task that hangs fails instead of holding a run (and a pool slot)."""
    for t in dagbag.dags[dag_id].tasks:
        assert t.execution_timeout is not None, f"{dag_id}.{t.task_id} has no execution_timeout"


def test_enrich_and_marts_are_asset_scheduled(dagbag):
    enrich = dagbag.dags["news_enrich"]
    marts = dagbag.dags["news_marts"]
    assert "news.articles" in str(enrich.timetable.asset_condition)
    assert "news.enrichments" in str(marts.timetable.asset_condition)
    assert set(enrich.params.keys()) >= {"reprocess", "since", "until", "batch_size"}
    assert [o.name for o in enrich.get_task("check_quality").outlets] == ["news.enrichments"]
    # spaCy batches have a pool of their own: a backlog never takes every slot from poll rounds
    assert enrich.get_task("analyze").pool == "news_nlp"


_PROBE = r"""
import json, sys, time, runpy
import airflow.sdk  # the baseline every DAG file pays; we time what the file adds
sys.path.insert(0, sys.argv[2])
before = set(sys.modules)
t = time.perf_counter()
runpy.run_path(sys.argv[1])
elapsed = time.perf_counter() - t
added = set(sys.modules) - before
heavy = sorted(m for m in ("spacy", "trafilatura", "newsflow.nlp", "newsflow.ingest.pipeline", "psycopg2",
                           "feedparser", "httpx", "thinc", "lxml") if m in added)
print(json.dumps({"seconds": elapsed, "heavy": heavy}))
"""


@pytest.mark.parametrize("path", DAG_FILES, ids=[p.name for p in DAG_FILES])
def test_dag_file_parses_fast_and_light(path, tmp_path):
    env = dict(os.environ, AIRFLOW_HOME=str(tmp_path), AIRFLOW__CORE__LOAD_EXAMPLES="False")
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path), str(PLUGINS)],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["heavy"] == [], f"{path.name} imports heavy modules at parse time: {probe['heavy']}"
    assert probe["seconds"] < 1.0, f"{path.name} took {probe['seconds']:.2f}s to parse"


def test_trigger_form_params(dagbag):
    """feeds: names, tags or patterns, not required, no picker of every name (there may be
    thousands), naming the active feeds file; since/until: date-time fields. (The form marks a
    param required unless its type allows null.)"""
    from newsflow.settings import get_settings

    feeds = dagbag.dags["news_ingest"].params.get_param("feeds")
    assert "null" in feeds.schema["type"] and "array" in feeds.schema["type"]
    assert feeds.schema["items"] == {"type": "string", "maxLength": 2000}
    assert "examples" not in feeds.schema and feeds.schema["maxItems"] == 1000
    assert str(get_settings().feeds_file) in feeds.description and "tag:" in feeds.description
    assert feeds.resolve(None) is None and feeds.resolve(["bbc-world"]) == ["bbc-world"]
    enrich = dagbag.dags["news_enrich"].params
    for name in ("since", "until"):
        param = enrich.get_param(name)
        assert param.schema["format"] == "date-time" and "null" in param.schema["type"]


@pytest.mark.parametrize("value", ["2026-11-30", "2026-11-30T00:00:00+00:00", "2026-11-30 10:00", "2026-11-30T10:00Z",
                                   "2026-11-30T10:00:05.123+0100", "", None])
def test_bounds_the_form_accepts_are_those_news_enrich_reads(dagbag, value):
    from newsflow.run_params import parse_instant

    param = copy.deepcopy(dagbag.dags["news_enrich"].params.get_param("until"))
    assert param.resolve(value) == value
    parse_instant(value, "until", end=True)  # and the run reads it


@pytest.mark.parametrize("value", ["last week", "30/11/2026", "2026-11", "2026-11-30 and more", "now"])
def test_the_form_refuses_a_bound_the_schema_can_refuse(dagbag, value):
    """The trigger form and the REST API validate params against their schema: a bound that is no
    ISO 8601 date or date-time is refused there, before a run (and a failed task) exists."""
    from airflow.sdk.definitions.param import ParamValidationError

    for name in ("since", "until"):
        param = copy.deepcopy(dagbag.dags["news_enrich"].params.get_param(name))
        with pytest.raises(ParamValidationError):
            param.resolve(value)


def test_dag_parse_never_reads_the_feeds_file(tmp_path):
    """A missing or broken feeds file never breaks DAG parsing, and parsing does not open it."""
    broken = tmp_path / "feeds.yaml"
    broken.write_text("feeds: [")
    probe = (
        "import json, sys, builtins, io; sys.path.insert(0, sys.argv[2]); import runpy; "
        "opened = []; real = io.open; "
        "io.open = builtins.open = lambda f, *a, **k: (opened.append(str(f)), real(f, *a, **k))[1]; "
        "ns = runpy.run_path(sys.argv[1]); "
        "print(json.dumps({'read': [f for f in opened if f.endswith('feeds.yaml')], "
        "'file': str(ns['SETTINGS'].feeds_file)}))"
    )
    env = dict(os.environ, AIRFLOW_HOME=str(tmp_path), NEWSFLOW_FEEDS_FILE=str(broken),
               AIRFLOW__CORE__LOAD_EXAMPLES="False")
    out = subprocess.run([sys.executable, "-c", probe, str(DAGS / "news_ingest.py"), str(PLUGINS)],
                         capture_output=True, text=True, env=env, timeout=120, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"read": [], "file": str(broken)}


def test_run_records_are_closed_on_failure(dagbag):
    """Each task that owns a run record closes it as failed when it fails for good; the mapped
    per-feed tasks do not (finalize closes the run as 'partial' naming them)."""
    def callbacks(dag_id, task_id):
        found = dagbag.dags[dag_id].get_task(task_id).on_failure_callback or []
        return [c.__name__ for c in (found if isinstance(found, list) else [found])]

    assert callbacks("news_ingest", "prepare") == ["close_ingest_run_on_failure"]
    assert callbacks("news_ingest", "finalize") == ["close_ingest_run_on_failure"]
    assert callbacks("news_ingest", "poll_shard") == []
    assert callbacks("news_ingest", "check_feeds") == []  # the run is already closed (partial)
    for task_id in ("claim_batches", "analyze", "check_quality"):
        assert callbacks("news_enrich", task_id) == ["close_enrich_run_on_failure"]
    assert callbacks("news_marts", "refresh") == ["close_marts_run_on_failure"]


@pytest.mark.parametrize("dag_id", ["news_ingest", "news_enrich", "news_marts"])
def test_one_retry_policy_for_every_task(dagbag, dag_id):
    """The three DAGs share DEFAULT_ARGS: the same retries and the policy that fails a bad conf
    (newsflow's ConfError) at once instead of retrying it."""
    from newsflow.run_params import ConfError
    from newsflow_airflow import DEFAULT_ARGS

    for t in dagbag.dags[dag_id].tasks:
        assert t.retries == DEFAULT_ARGS["retries"], (dag_id, t.task_id)
        assert t.retry_policy is DEFAULT_ARGS["retry_policy"] or t.retry_policy == DEFAULT_ARGS["retry_policy"]
        decision = t.retry_policy.rules[0]
        assert decision.matches(ConfError("bad")) and not decision.matches(OSError("network"))


def test_the_chain_needs_only_news_ingest_unpaused(dagbag):
    """enrich and marts are created unpaused (an Asset event of a paused DAG creates no run);
    news_ingest starts paused, so nothing polls before the user says so."""
    assert dagbag.dags["news_enrich"].is_paused_upon_creation is False
    assert dagbag.dags["news_marts"].is_paused_upon_creation is False
    assert dagbag.dags["news_ingest"].is_paused_upon_creation in (None, True)
    docs = {dag_id: dagbag.dags[dag_id].doc_md for dag_id in ("news_ingest", "news_enrich", "news_marts")}
    assert all(doc.count("\n") >= 6 for doc in docs.values()), docs
    assert "News view" in docs["news_ingest"] and "News view" in docs["news_enrich"]
    assert "news_enrich" in docs["news_marts"] and "news_marts" in docs["news_ingest"]
    assert "force" in dagbag.dags["news_ingest"].doc_md and "tag:world" in dagbag.dags["news_ingest"].doc_md
