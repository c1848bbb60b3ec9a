"""
### news_enrich: entities and who said what

Runs when **news_ingest** announces new or changed articles (the `news.articles` Asset); it is
created unpaused, so the chain runs as soon as news_ingest is unpaused. Each mapped `analyze`
task ("batch 2 of 5") runs spaCy NER, canonical entities and attributed quotes with resolved
speakers over one batch and loads them in one transaction; `check_quality` checks the run's rows
and announces `news.enrichments`, which starts **news_marts**.

**Trigger params**: `reprocess` = `none` (only unanalysed articles), `all`, `window`
(published in [`since`, `until`), ISO 8601) or `model` (articles analysed by older rules or
model); `batch_size` articles per `analyze` task.

**Where to look**: `news.pipeline_runs` (stage `enrich`), `news.article_enrichment` (per
article status and reason), the News view's Quotes and speaker pages.
"""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import Param, dag, task

from newsflow.run_params import ISO_DAY_OR_TIME
from newsflow_airflow import ARTICLES, DEFAULT_ARGS, ENRICHMENTS, START_DATE, close_run_on_failure


@dag(
    dag_id="news_enrich",
    schedule=[ARTICLES],
    is_paused_upon_creation=False,  # unpausing news_ingest alone runs the whole chain
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    # Whichever task fails for good closes the run record as failed (no row is left running).
    default_args={**DEFAULT_ARGS, "on_failure_callback": close_run_on_failure("enrich")},
    tags=["newsflow", "nlp"],
    doc_md=__doc__,
    params={
        "reprocess": Param(
            "none", enum=["none", "all", "window", "model"],
            description="none: only unanalysed articles; all; window: published in [since, until); "
            "model: articles analysed by another model version.",
        ),
        "since": Param(None, type=["null", "string"], format="date-time", pattern=ISO_DAY_OR_TIME,
                       description="Window start (published_at), for reprocess=window."),
        "until": Param(None, type=["null", "string"], format="date-time", pattern=ISO_DAY_OR_TIME,
                       description="Window end, for reprocess=window: a date-time is exclusive; a "
                       "date (2026-11-30) means that whole day, inclusive, as in the CLI and the News view."),
        "batch_size": Param(50, type="integer", minimum=1, maximum=1000,
                            description="Articles per mapped analyze task."),
    },
)
def news_enrich():
    @task(execution_timeout=timedelta(minutes=15))
    def claim_batches(params=None, run_id=None, dag_run=None) -> list[dict]:
        """Check the conf (a mistake fails at once, no retry), then record which articles each
        batch analyses; only the batch keys travel in XCom."""
        from newsflow import enrich, run_params
        from newsflow.stage_run import stage_run
        from newsflow_airflow import conf_of, warehouse_dsn

        with stage_run(warehouse_dsn(), run_id, "enrich", "news_enrich", dict(params),
                       validate=lambda: run_params.validate_enrich(conf_of(dag_run), params),
                       exclusive=True, keep_open=True) as run:  # check_quality closes it
            req = run.request
            keys = enrich.claim_batches(run.dsn, run_id, batch_size=req.batch_size,
                                        reprocess=req.reprocess, since=req.since, until=req.until)
        return [{"key": key, "label": f"batch {i + 1} of {len(keys)}"} for i, key in enumerate(keys)]

    # In a mapped task op_kwargs are not rendered: the task names its batch in its context.
    # news_nlp: a big backlog never takes every task slot from the next poll round
    @task(pool="news_nlp", map_index_template="{{ batch_label }}", execution_timeout=timedelta(hours=1))
    def analyze(batch: dict) -> dict:
        """spaCy NER, canonical entities, quotes and speakers for one batch; one transaction."""
        from airflow.sdk import get_current_context

        from newsflow import enrich
        from newsflow_airflow import warehouse_dsn

        get_current_context()["batch_label"] = batch["label"]
        return enrich.analyze_batch(warehouse_dsn(), batch["key"])

    # none_failed: with nothing claimed the mapped task is skipped, and the run must still close.
    @task(outlets=[ENRICHMENTS], trigger_rule="none_failed", execution_timeout=timedelta(minutes=30))
    def check_quality(results: list[dict], run_id=None, outlet_events=None) -> dict:
        """Data-quality checks on the articles this run analysed; a failure fails the run at once
        (a retry would find the same rows). The Asset is announced, with the run's counts, only
        when something was analysed (marts need no refresh else)."""
        import logging

        from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException

        from newsflow import enrich
        from newsflow.warehouse import runs
        from newsflow_airflow import warehouse_dsn

        dsn = warehouse_dsn()
        results = list(results)
        stats = {"batches": len(results), "articles": sum(r["articles"] for r in results),
                 "errors": sum(r["errors"] for r in results),
                 "quotes": sum(r["quotes"] for r in results),
                 "left_after_claim": sum(r.get("left_after_claim", 0) for r in results),
                 "too_long": sum(r.get("too_long", 0) for r in results),
                 "not_english": sum(r.get("not_english", 0) for r in results)}
        try:
            stats["checks"] = enrich.quality_checks(dsn, run_id)
        except enrich.DataQualityError as exc:
            runs.finish_run(dsn, run_id, "enrich", "failed",
                            {**stats, "quality": str(exc), "error": f"data quality: {exc}"})
            raise AirflowFailException(f"data quality: {exc}") from exc
        runs.finish_run(dsn, run_id, "enrich", "success", stats)
        logging.getLogger("newsflow.dags").info(
            "enrich: %d article(s) analysed in %d batch(es), %d quote(s), %d error(s), %d too long, %d not "
            "English; data-quality checks passed%s", stats["articles"], stats["batches"], stats["quotes"],
            stats["errors"], stats["too_long"], stats["not_english"],
            "" if stats["articles"] else " — nothing analysed, news_marts not triggered")
        outlet_events[ENRICHMENTS].extra = {
            "run_id": run_id, "articles_analysed": stats["articles"], "quotes": stats["quotes"],
            "errors": stats["errors"], "batches": stats["batches"],
        }
        if not stats["articles"]:
            raise AirflowSkipException("nothing to analyse: news.enrichments not updated")
        return {k: v for k, v in stats.items() if k != "checks"}

    check_quality(analyze.expand(batch=claim_batches()))


news_enrich()
