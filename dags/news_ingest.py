"""
### news_ingest: the poller

Every round (`NEWSFLOW_POLL_SCHEDULE`, default every 10 minutes) fetches the feeds that are **due**
(each feed's interval adapts to how often it publishes), in at most `NEWSFLOW_POLL_SHARDS` mapped
`poll_shard` tasks whatever the feed count (a site's feeds share a shard). A gap between two polls
is backfilled from the site's news sitemap. New or changed articles announce the
`news.articles` Asset, which starts **news_enrich**, whose `news.enrichments` Asset starts
**news_marts**: unpausing this DAG is all the chain needs.

**Trigger params**
- `feeds`: names, URLs, tags (`tag:world`) or patterns (`meridian-*`); empty = every enabled
  feed, due or not.
- `force`: ignore ETag/Last-Modified and download known articles again. Without it, a run
  right after another finds every feed unchanged (HTTP 304): `finalize` is skipped and says so
  in its log ("nothing new: … news_enrich not triggered"). Pages that come back unchanged wake
  nothing either: to re-analyse what is loaded, trigger `news_enrich` with `reprocess=all`.

**Where to look**: each task's log has one summary line (per shard: feeds, outcomes, new
entries, gaps; per feed: HTTP outcome, entries, next poll). Run records: `news.pipeline_runs`;
per feed: `news.feed_fetches`, `news.feed_gaps`, `news.v_feed_coverage`. The **News view**
(top navigation) shows feeds (failing and gapped first), articles, quotes and speakers.
"""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import Param, dag, task

from newsflow.settings import get_settings
from newsflow_airflow import ARTICLES, DEFAULT_ARGS, START_DATE, close_run_on_failure

SETTINGS = get_settings()  # environment only: parsing never reads the feeds file


@dag(
    dag_id="news_ingest",
    schedule=SETTINGS.poll_schedule,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["newsflow", "ingest"],
    doc_md=__doc__,
    params={
        "feeds": Param(
            # "null" in the type: the form does not mark it required (empty = every enabled feed)
            [], type=["array", "null"], items={"type": "string", "maxLength": 2000}, maxItems=1000,
            description="Only these feeds: names, URLs, tags (tag:world) or patterns (meridian-*) from the "
            f"feed registry (imported from {SETTINGS.feeds_file}, NEWSFLOW_FEEDS_FILE); "
            "empty = every enabled feed (a scheduled round polls the feeds that are due).",
        ),
        "force": Param(
            False, type="boolean",
            description="Ignore ETag/Last-Modified and re-download known articles.",
        ),
    },
)
def news_ingest():
    @task(execution_timeout=timedelta(minutes=15), on_failure_callback=close_run_on_failure("ingest"))
    def prepare(params=None, run_id=None, dag_run=None) -> list[dict]:
        """Migrate the warehouse, check the conf (a mistake fails at once, no retry), import the
        feeds file when it changed, plan the round's shards."""
        from newsflow import run_params
        from newsflow.ingest import pipeline
        from newsflow.stage_run import stage_run
        from newsflow_airflow import conf_of, warehouse_dsn

        as_of = dag_run.logical_date or dag_run.run_after  # manual runs have no logical date
        with stage_run(warehouse_dsn(), run_id, "ingest", "news_ingest", {**params, "as_of": str(as_of)},
                       validate=lambda: run_params.validate_ingest(conf_of(dag_run), params),
                       exclusive=True, keep_open=True) as run:  # finalize closes it
            req = run.request
            plan = pipeline.prepare_round(
                run.dsn, run_id, wanted=req.wanted, force=req.force, feeds_path=SETTINGS.feeds_file,
                poll_all=str(dag_run.run_type).lower().rsplit(".", 1)[-1] != "scheduled",
                now=pipeline.now())
        return [{"shard": s, "label": f"{i + 1} of {len(plan.shards)}"} for i, s in enumerate(plan.shards)]

    # In a mapped task op_kwargs are not rendered: the task names its shard in its context.
    @task(pool="news_http", map_index_template="shard {{ shard_label }}", execution_timeout=timedelta(hours=3))
    def poll_shard(shard: dict, params=None, run_id=None) -> dict:
        """Fetch the shard's feeds (sites in parallel, each site's feeds in turn), backfill gaps,
        download their new articles; a feed's trouble is recorded, not raised."""
        from airflow.sdk import get_current_context

        from newsflow.ingest import pipeline
        from newsflow_airflow import warehouse_dsn

        get_current_context()["shard_label"] = shard["label"]
        return pipeline.poll_shard(warehouse_dsn(), run_id, shard["shard"], force=params["force"])

    # all_done: one shard's failed task must not keep the others' articles from enrich.
    @task(outlets=[ARTICLES], trigger_rule="all_done", execution_timeout=timedelta(minutes=30),
          on_failure_callback=close_run_on_failure("ingest"))
    def finalize(shards: list[dict] | None, run_id=None, outlet_events=None) -> dict:
        """Link duplicates, close the run record from what each feed's stages stored ('partial'
        naming failed feeds), prune old records, announce the articles Asset with the run's
        counts when articles were loaded (a round of 304s does not wake news_enrich)."""
        import logging

        from airflow.sdk.exceptions import AirflowSkipException

        from newsflow.ingest import pipeline
        from newsflow_airflow import warehouse_dsn

        if shards is None:  # prepare failed (and closed the run): there is nothing to finalize
            raise AirflowSkipException("prepare failed: no feeds were fetched, nothing to finalize")
        dsn = warehouse_dsn()
        names = [name for name, _ in pipeline.planned_feeds(dsn, run_id)]
        stats = pipeline.finalize_ingest(dsn, run_id, names)
        outlet_events[ARTICLES].extra = {
            "run_id": run_id, "articles_loaded": stats["articles_loaded"],
            "articles_changed": stats["articles_changed"],
            "duplicates_linked": stats["duplicates"]["linked_now"], "failed_feeds": stats["failed_feeds"],
        }
        outcomes = ", ".join(f"{n} {k}" for k, n in stats["outcomes"].items()) or "none due"
        if not stats["articles_changed"] and not stats["duplicates"]["linked_now"]:
            # a forced re-download of unchanged pages changes nothing either: enrich is not woken
            reason = (f"nothing new: {len(names)} feed(s) polled ({outcomes}), {stats['articles_loaded']} "
                      "article(s) downloaded, none new or changed — news_enrich not triggered")
            logging.getLogger("newsflow.dags").info(reason)
            raise AirflowSkipException(reason)
        logging.getLogger("newsflow.dags").info(
            "%d feed(s) polled (%s): %d article(s) new or changed, %d duplicate(s) linked — news_enrich "
            "triggered", len(names), outcomes, stats["articles_changed"], stats["duplicates"]["linked_now"])
        return {k: stats[k] for k in ("articles_loaded", "articles_changed", "failed_feeds", "outcomes", "duplicates")}

    @task(trigger_rule="all_done", execution_timeout=timedelta(minutes=5))
    def check_feeds(shards: list[dict] | None, run_id=None) -> None:
        """Fail the run, after the good feeds were loaded and announced, when a feed's work failed."""
        from airflow.sdk.exceptions import AirflowFailException

        from newsflow.ingest import pipeline
        from newsflow_airflow import warehouse_dsn

        if shards is None:  # this task is the run's verdict: a failed prepare fails the run
            raise AirflowFailException("prepare failed (see its log): no feed was fetched")
        dsn = warehouse_dsn()
        failed = pipeline.failed_feeds(dsn, run_id, [name for name, _ in pipeline.planned_feeds(dsn, run_id)])
        if failed:
            shown = ", ".join(failed[:20]) + (f" and {len(failed) - 20} more" if len(failed) > 20 else "")
            raise AirflowFailException(f"feeds whose work failed (see the shard logs): {shown}")

    shards = prepare()
    done = finalize(shards)
    poll_shard.expand(shard=shards) >> done >> check_feeds(shards)


news_ingest()
