"""news_marts: refresh the materialised analytics rollups after each enrichment."""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import dag, task

from newsflow_airflow import ENRICHMENTS, START_DATE


@dag(
    dag_id="news_marts",
    schedule=[ENRICHMENTS],
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "newsflow", "retries": 2, "retry_delay": timedelta(minutes=1)},
    tags=["newsflow", "marts"],
    doc_md=__doc__,
)
def news_marts():
    @task
    def refresh(run_id=None) -> list[str]:
        """REFRESH MATERIALIZED VIEW CONCURRENTLY for the daily-mentions and co-occurrence marts."""
        from newsflow import enrich, pipeline
        from newsflow_airflow import warehouse_dsn

        dsn = pipeline.prepare_warehouse(warehouse_dsn())
        pipeline.start_run(dsn, run_id, "marts", "news_marts", {})
        views = enrich.refresh_marts(dsn)
        pipeline.finish_run(dsn, run_id, "marts", "success", {"refreshed": views})
        return views

    refresh()


news_marts()
