"""news.pipeline_runs is never left `running`: failures close the row, a new run closes dead ones."""

from __future__ import annotations

import pytest

from newsflow.warehouse import runs

from support import query


def _rows(dsn: str) -> dict[tuple[str, str], tuple]:
    return {(r[0], r[1]): r[2:] for r in query(
        dsn, "SELECT run_id, stage, status, finished_at IS NOT NULL, stats->>'error' FROM news.pipeline_runs")}


def _age(dsn: str, run_id: str, stage: str, hours: int) -> None:
    query(dsn, "UPDATE news.pipeline_runs SET started_at = now() - make_interval(hours => %s) "
               "WHERE run_id = %s AND stage = %s", (hours, run_id, stage))


def test_fail_run_closes_a_running_row_with_its_error(migrated_dsn):
    runs.start_run(migrated_dsn, "r1", "enrich", "news_enrich", {"reprocess": "none"})
    assert runs.fail_run(migrated_dsn, "r1", "enrich", "news_enrich", "analyze: OperationalError: boom")
    status, finished, error = _rows(migrated_dsn)[("r1", "enrich")]
    assert (status, finished, error) == ("failed", True, "analyze: OperationalError: boom")


def test_fail_run_records_a_run_that_failed_before_it_started(migrated_dsn):
    """A bad conf fails prepare before start_run: the failure is still on record, with its params."""
    assert runs.fail_run(migrated_dsn, "manual__x", "ingest", "news_ingest", "unknown feed(s): nope",
                         {"feeds": ["https://u:secret@example.org/feed"]})
    assert _rows(migrated_dsn)[("manual__x", "ingest")] == ("failed", True, "unknown feed(s): nope")
    params = query(migrated_dsn, "SELECT params::text FROM news.pipeline_runs WHERE run_id = 'manual__x'")[0][0]
    assert "secret" not in params and "example.org" in params


def test_fail_run_leaves_a_closed_row_alone(migrated_dsn):
    runs.start_run(migrated_dsn, "r2", "ingest", "news_ingest", {})
    runs.finish_run(migrated_dsn, "r2", "ingest", "partial", {"failed_feeds": ["a"]})
    assert not runs.fail_run(migrated_dsn, "r2", "ingest", "news_ingest", "check_feeds failed")
    assert _rows(migrated_dsn)[("r2", "ingest")] == ("partial", True, None)


def test_fail_run_keeps_secrets_out_of_the_error(migrated_dsn):
    runs.fail_run(migrated_dsn, "r3", "marts", "news_marts",
                  "could not connect: host=db user=news password=hunter2 and https://bob:s3cr3t@feeds.example/x")
    error = _rows(migrated_dsn)[("r3", "marts")][2]
    assert "hunter2" not in error and "s3cr3t" not in error and "bob" not in error
    assert "feeds.example/x" in error and "password=***" in error


def test_a_new_run_closes_stale_rows_of_its_stage(migrated_dsn):
    # Dead: an older run of the same single-run DAG; a run of any origin started 30 h ago.
    runs.start_run(migrated_dsn, "scheduled__old", "ingest", "news_ingest", {})
    runs.start_run(migrated_dsn, "cli__old", "ingest", "cli", {})
    # Alive or not ours to judge: a recent CLI run, another stage, a finished run.
    runs.start_run(migrated_dsn, "cli__recent", "ingest", "cli", {})
    runs.start_run(migrated_dsn, "scheduled__old", "enrich", "news_enrich", {})
    runs.start_run(migrated_dsn, "manual__done", "ingest", "news_ingest", {})
    runs.finish_run(migrated_dsn, "manual__done", "ingest", "success", {})
    _age(migrated_dsn, "cli__old", "ingest", 30)

    closed = runs.start_run(migrated_dsn, "manual__new", "ingest", "news_ingest", {}, exclusive=True)

    assert closed == ["cli__old", "scheduled__old"]
    rows = _rows(migrated_dsn)
    assert rows[("scheduled__old", "ingest")][:2] == ("failed", True)
    assert "news_ingest allows one active run and run manual__new has started" in rows[("scheduled__old", "ingest")][2]
    assert rows[("cli__old", "ingest")][:2] == ("failed", True)
    assert "still running after" in rows[("cli__old", "ingest")][2]
    assert rows[("cli__recent", "ingest")][0] == "running"
    assert rows[("scheduled__old", "enrich")][0] == "running"
    assert rows[("manual__done", "ingest")][0] == "success"
    assert rows[("manual__new", "ingest")][:2] == ("running", False)


def test_a_retried_task_reopens_its_own_row(migrated_dsn):
    """start_run again for the same run (a retry of prepare) is not a stale row of itself."""
    runs.start_run(migrated_dsn, "manual__r", "enrich", "news_enrich", {}, exclusive=True)
    assert runs.start_run(migrated_dsn, "manual__r", "enrich", "news_enrich", {}, exclusive=True) == []
    assert _rows(migrated_dsn)[("manual__r", "enrich")][0] == "running"


def test_the_dags_failure_callback_closes_the_run(migrated_dsn, monkeypatch):
    """What Airflow calls in the task's process once a task has failed for good (see the DAGs'
    on_failure_callback): the row is closed as failed with the task and its error."""
    import sys
    from pathlib import Path
    from types import SimpleNamespace

    monkeypatch.setenv("NEWSFLOW_WAREHOUSE_DSN", migrated_dsn)
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "plugins"))
    sys.modules.pop("newsflow_airflow", None)
    from newsflow_airflow import close_run_on_failure

    runs.start_run(migrated_dsn, "manual__cb", "enrich", "news_enrich", {})
    context = {"ti": SimpleNamespace(task_id="analyze", dag_id="news_enrich"), "run_id": "manual__cb",
               "exception": ConnectionError("server closed the connection unexpectedly")}
    close_run_on_failure("enrich")(context)
    assert _rows(migrated_dsn)[("manual__cb", "enrich")] == (
        "failed", True, "analyze: ConnectionError: server closed the connection unexpectedly")


def test_cli_enrich_closes_its_run_as_failed_with_the_reason(migrated_dsn, monkeypatch):
    """`newsflow run --enrich` (enrich.run_enrich) used to leave its row `running` when a step
    raised; the run protocol closes it as failed with the error."""
    from newsflow import enrich

    def broken(*_args, **_kwargs):
        raise enrich.DataQualityError("quote offsets inside their article: 3 bad rows")

    monkeypatch.setattr(enrich, "quality_checks", broken)
    with pytest.raises(enrich.DataQualityError):
        enrich.run_enrich(migrated_dsn, "cli-enrich-fails")
    status, error = query(migrated_dsn, "SELECT status, stats->>'error' FROM news.pipeline_runs "
                                        "WHERE run_id = 'cli-enrich-fails' AND stage = 'enrich'")[0]
    assert status == "failed" and "DataQualityError: quote offsets" in error
