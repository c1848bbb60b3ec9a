"""One run protocol for every entry point (DAG tasks and CLI commands): migrate the warehouse,
check the conf, open the run record, and close it with its outcome — also when the body raises,
so no run is left `running` with its reason lost. The package never imports Airflow: a bad conf
raises `ConfError`, which the DAGs' shared retry policy fails without a retry."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from newsflow.run_params import ConfError
from newsflow.settings import get_settings
from newsflow.warehouse import db, runs

#: Set by whatever runs a DAG outside the deployment (`airflow dags test` for the demo): each run
#: record's params.triggered_by says so (Settings.run_origin), and the News view does not link it.
RUN_ORIGIN_ENV = "NEWSFLOW_RUN_ORIGIN"

__all__ = ["ConfError", "StageRun", "stage_run"]

log = logging.getLogger(__name__)


@dataclass
class StageRun:
    """The open run: where it is, what the conf asked for, and how it will be closed."""

    dsn: str
    run_id: str
    stage: str
    dag_id: str
    request: Any = None
    #: closed as this on a normal exit: "success", "partial" or "failed"
    status: str = "success"
    stats: dict[str, Any] = field(default_factory=dict)
    #: False when a later step closes the record (a DAG's last task, `finalize_ingest`)
    close_on_exit: bool = True


@contextmanager
def stage_run(dsn: str | None, run_id: str, stage: str, dag_id: str, params: Mapping[str, Any], *,
              validate: Callable[[], Any] | None = None, exclusive: bool = False,
              keep_open: bool = False) -> Iterator[StageRun]:
    """Open the run record of `stage`; yield the open run; close it on exit.

    `validate` checks the conf before anything starts: its ConfError closes the run as failed
    ("bad conf: …") and propagates. `exclusive`: the DAG allows one active run, so other
    `running` rows of it are dead. `keep_open`: a later task closes the record on success.
    """
    dsn = runs.prepare_warehouse(dsn)
    record = dict(params)
    origin = get_settings().run_origin
    if origin:  # `airflow dags test` (the demo): not in the Airflow UI's runs
        record["triggered_by"] = origin
    request = None
    if validate is not None:
        try:
            request = validate()
        except ConfError as exc:
            log.error("bad conf: %s", exc)  # one line naming every bad value, before any traceback
            runs.fail_run(dsn, run_id, stage, dag_id, f"bad conf: {exc}", record)
            raise
    runs.start_run(dsn, run_id, stage, dag_id, record, exclusive=exclusive)
    run = StageRun(dsn, run_id, stage, dag_id, request, close_on_exit=not keep_open)
    try:
        yield run
    except BaseException as exc:  # a conf checked against the warehouse (feed names) fails here
        reason = f"bad conf: {exc}" if isinstance(exc, ConfError) else db.describe_error(exc)
        if isinstance(exc, ConfError):
            log.error(reason)
        runs.fail_run(dsn, run_id, stage, dag_id, reason)
        raise
    if run.close_on_exit:
        runs.finish_run(dsn, run_id, stage, run.status, run.stats)
