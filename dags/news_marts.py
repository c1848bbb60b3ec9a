"""
### news_marts: the analytics marts, kept up to date

Runs when **news_enrich** announces `news.enrichments` (created unpaused, like news_enrich).
`news.mv_daily_entity_mentions` and `news.mv_entity_cooccurrence` are tables updated
incrementally from the queue of articles whose enrichment changed (`newsflow.warehouse.marts`), so
a run costs what the day's enrichment changed, not what the warehouse holds. No params.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.sdk import dag, task

from newsflow_airflow import DEFAULT_ARGS, ENRICHMENTS, START_DATE, close_run_on_failure


@dag(
    dag_id="news_marts",
    schedule=[ENRICHMENTS],
    is_paused_upon_creation=False,  # unpausing news_ingest alone runs the whole chain
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args={**DEFAULT_ARGS, "on_failure_callback": close_run_on_failure("marts")},
    tags=["newsflow", "marts"],
    doc_md=__doc__,
)
def news_marts():
    @task(execution_timeout=timedelta(minutes=30))
    def refresh(run_id=None, dag_run=None) -> dict[str, Any]:
        """Apply the queued article changes to both marts (one transaction, advisory lock)."""
        import logging

        from newsflow import run_params
        from newsflow.stage_run import stage_run
        from newsflow.warehouse import marts
        from newsflow_airflow import conf_of, warehouse_dsn

        # news_marts takes no conf: a key given by hand is a mistake, not an option
        with stage_run(warehouse_dsn(), run_id, "marts", "news_marts", {}, exclusive=True,
                       validate=lambda: run_params.check_keys(conf_of(dag_run), frozenset(), "news_marts")) as run:
            run.stats = marts.refresh_marts(run.dsn)
        s = run.stats
        logging.getLogger("newsflow.dags").info(
            "marts: %d changed article(s) applied, %d (day, entity) rows over %d day(s) recomputed, "
            "%d co-occurrence pair(s) changed, %.2f s", s["articles"], s["daily_keys"], s["days"],
            s["pairs_changed"], s["seconds"])
        return run.stats

    refresh()


news_marts()
