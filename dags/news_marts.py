"""news_marts: bring the analytics marts up to date after each enrichment.

`news.mv_daily_entity_mentions` and `news.mv_entity_cooccurrence` are tables updated
incrementally from the queue of articles whose enrichment changed (newsflow.warehouse.marts), so a
run costs what the day's enrichment changed, not what the warehouse holds.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.sdk import dag, task

from newsflow_airflow import ENRICHMENTS, START_DATE, close_run_on_failure


@dag(
    dag_id="news_marts",
    schedule=[ENRICHMENTS],
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "newsflow", "retries": 2, "retry_delay": timedelta(minutes=1),
                  "on_failure_callback": close_run_on_failure("marts")},
    tags=["newsflow", "marts"],
    doc_md=__doc__,
)
def news_marts():
    @task(execution_timeout=timedelta(minutes=30))
    def refresh(run_id=None, dag_run=None) -> dict[str, Any]:
        """Apply the queued article changes to both marts (one transaction, advisory lock)."""
        from airflow.sdk.exceptions import AirflowFailException

        from newsflow import run_params
        from newsflow.warehouse import marts, runs
        from newsflow_airflow import conf_of, warehouse_dsn

        dsn = runs.prepare_warehouse(warehouse_dsn())
        try:  # news_marts takes no conf: a key given by hand is a mistake, not an option
            run_params.check_keys(conf_of(dag_run), frozenset(), "news_marts")
        except run_params.ConfError as exc:
            runs.fail_run(dsn, run_id, "marts", "news_marts", f"bad conf: {exc}")
            raise AirflowFailException(str(exc)) from None
        runs.start_run(dsn, run_id, "marts", "news_marts", {}, exclusive=True)
        stats = marts.refresh_marts(dsn)
        runs.finish_run(dsn, run_id, "marts", "success", stats)
        return stats

    refresh()


news_marts()
