"""news_ingest: feeds → clean articles in the warehouse (daily, or by hand from the UI)."""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import Param, dag, task, task_group

from newsflow.run_params import feed_choices, feeds_file
from newsflow_airflow import ARTICLES, DEFAULT_ARGS, START_DATE, close_run_on_failure

# Read once at parse time for the trigger form's picker; a missing or broken file gives no
# choices (free text still works) and the run itself reports what is wrong with it.
FEEDS_FILE = feeds_file()
FEED_CHOICES = feed_choices(FEEDS_FILE)


@dag(
    dag_id="news_ingest",
    schedule="@daily",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["newsflow", "ingest"],
    doc_md=__doc__,
    params={
        "feeds": Param(
            # "null" in the type: the form does not mark it required (empty = every enabled feed);
            # examples: the form renders a picker of the configured names (free text without them).
            [], type=["array", "null"], items={"type": "string"},
            **({"examples": FEED_CHOICES} if FEED_CHOICES else {}),
            description=f"Only these feeds (names or URLs from the active feeds file {FEEDS_FILE}, "
            "set by NEWSFLOW_FEEDS_FILE); empty = all enabled feeds.",
        ),
        "force": Param(
            False, type="boolean",
            description="Ignore ETag/Last-Modified and re-download known articles.",
        ),
    },
)
def news_ingest():
    @task(execution_timeout=timedelta(minutes=15), on_failure_callback=close_run_on_failure("ingest"))
    def prepare(params=None, run_id=None, dag_run=None) -> list[str]:
        """Migrate the warehouse, check the conf (a mistake fails at once, no retry), sync the
        feeds file into news.feeds, pick the feeds to fetch."""
        import logging

        from newsflow import run_params
        from newsflow.ingest import pipeline
        from newsflow.stage_run import stage_run
        from newsflow_airflow import conf_of, warehouse_dsn

        as_of = dag_run.logical_date or dag_run.run_after  # manual runs have no logical date
        with stage_run(warehouse_dsn(), run_id, "ingest", "news_ingest", {**params, "as_of": str(as_of)},
                       validate=lambda: run_params.validate_ingest(conf_of(dag_run), params),
                       exclusive=True, keep_open=True) as run:  # finalize closes it
            req = run.request
            active = set(pipeline.sync_feeds(req.available, run.dsn, include_gone=req.force))
        chosen = [f.name for f in req.feeds if f.name in active]
        logging.getLogger("newsflow.dags").info(
            "%d feed(s) to fetch%s: %s", len(chosen), " (force)" if req.force else "", ", ".join(chosen))
        return chosen

    # In a mapped task group op_kwargs are not rendered: each task names its feed in its context.
    @task(pool="news_http", map_index_template="{{ feed_name }}", execution_timeout=timedelta(minutes=10))
    def fetch_feed(feed_name: str, params=None, run_id=None) -> dict:
        """Conditional GET and parse of one feed; failures are recorded, not raised."""

        from airflow.sdk import get_current_context

        from newsflow.ingest import pipeline
        from newsflow.ingest.feeds_file import load_feeds
        from newsflow_airflow import warehouse_dsn

        get_current_context()["feed_name"] = feed_name
        urls = {f.name: f.url for f in load_feeds(feeds_file())}
        return pipeline.fetch_feed(feed_name, dsn=warehouse_dsn(), run_id=run_id,
                                   force=params["force"], url=urls.get(feed_name))

    @task(pool="news_http", map_index_template="{{ feed_name }}", execution_timeout=timedelta(hours=1))
    def fetch_articles(feed: dict, params=None, run_id=None) -> dict:
        """Download, extract, clean and load the feed's new articles in batches."""
        from airflow.sdk import get_current_context

        from newsflow.ingest import pipeline
        from newsflow_airflow import warehouse_dsn

        get_current_context()["feed_name"] = feed["feed"]
        return pipeline.fetch_articles(feed["feed"], dsn=warehouse_dsn(), run_id=run_id, force=params["force"])

    @task_group
    def ingest_feed(feed_name: str) -> None:
        """One feed's fetch then its articles: a feed whose task fails holds up no other feed."""
        fetch_articles(fetch_feed(feed_name))

    # all_done: one feed's failed task must not keep the others' articles from enrich.
    @task(outlets=[ARTICLES], trigger_rule="all_done", execution_timeout=timedelta(minutes=30),
          on_failure_callback=close_run_on_failure("ingest"))
    def finalize(feed_names: list[str] | None, run_id=None, outlet_events=None) -> dict:
        """Link duplicates, close the run record from what each feed's stages stored ('partial'
        naming failed feeds), announce the articles Asset with the run's counts when articles
        were loaded (a day of 304s does not wake news_enrich)."""
        from airflow.sdk.exceptions import AirflowSkipException

        from newsflow.ingest import pipeline
        from newsflow_airflow import warehouse_dsn

        if feed_names is None:  # prepare failed (and closed the run): there is nothing to finalize
            raise AirflowSkipException("prepare failed: no feeds were fetched, nothing to finalize")
        stats = pipeline.finalize_ingest(warehouse_dsn(), run_id, list(feed_names))
        outlet_events[ARTICLES].extra = {
            "run_id": run_id, "articles_loaded": stats["articles_loaded"],
            "duplicates_linked": stats["duplicates"]["linked_now"], "failed_feeds": stats["failed_feeds"],
        }
        if not stats["articles_loaded"] and not stats["duplicates"]["linked_now"]:
            raise AirflowSkipException("no article loaded or changed: news.articles not updated")
        return {k: stats[k] for k in ("articles_loaded", "failed_feeds", "outcomes", "duplicates")}

    @task(trigger_rule="all_done", execution_timeout=timedelta(minutes=5))
    def check_feeds(feed_names: list[str] | None, run_id=None) -> None:
        """Fail the run, after the good feeds were loaded and announced, when a feed's task failed."""
        from airflow.sdk.exceptions import AirflowFailException

        from newsflow.ingest import pipeline
        from newsflow_airflow import warehouse_dsn

        if feed_names is None:  # this task is the run's verdict: a failed prepare fails the run
            raise AirflowFailException("prepare failed (see its log): no feed was fetched")

        failed = pipeline.failed_feeds(warehouse_dsn(), run_id, list(feed_names))
        if failed:
            raise AirflowFailException(f"feeds whose tasks failed (see their logs): {', '.join(failed)}")

    feed_names = prepare()
    done = finalize(feed_names)
    ingest_feed.expand(feed_name=feed_names) >> done >> check_feeds(feed_names)


news_ingest()
