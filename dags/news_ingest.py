"""news_ingest: feeds → clean articles in the warehouse (daily, or by hand from the UI)."""

from __future__ import annotations

from airflow.sdk import Param, dag, task

from newsflow_airflow import ARTICLES, DEFAULT_ARGS, START_DATE


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
            [], type="array", items={"type": "string"},
            description="Only these feeds (names or URLs from feeds.yaml); empty = all enabled feeds.",
        ),
        "force": Param(
            False, type="boolean",
            description="Ignore ETag/Last-Modified and re-download known articles.",
        ),
    },
)
def news_ingest():
    @task
    def prepare(params=None, run_id=None, dag_run=None) -> list[str]:
        """Migrate the warehouse, sync feeds.yaml into news.feeds, pick the feeds to fetch."""
        import os

        from newsflow import pipeline
        from newsflow.config import load_feeds, select_feeds
        from newsflow_airflow import warehouse_dsn

        dsn = pipeline.prepare_warehouse(warehouse_dsn())
        feeds = load_feeds(os.environ.get("NEWSFLOW_FEEDS_FILE") or None)
        chosen = select_feeds(feeds, params["feeds"])
        as_of = dag_run.logical_date or dag_run.run_after  # manual runs have no logical date
        pipeline.start_run(dsn, run_id, "ingest", "news_ingest",
                           {**params, "as_of": str(as_of)})
        active = set(pipeline.sync_feeds(feeds, dsn, include_gone=params["force"]))
        return [f.name for f in chosen if f.name in active]

    @task(pool="news_http", map_index_template="{{ task.op_kwargs['feed_name'] }}")
    def fetch_feed(feed_name: str, params=None, run_id=None) -> dict:
        """Conditional GET and parse of one feed; failures are recorded, not raised."""
        import os

        from newsflow import pipeline
        from newsflow.config import load_feeds
        from newsflow_airflow import warehouse_dsn

        urls = {f.name: f.url for f in load_feeds(os.environ.get("NEWSFLOW_FEEDS_FILE") or None)}
        return pipeline.fetch_feed(feed_name, dsn=warehouse_dsn(), run_id=run_id,
                                   force=params["force"], url=urls.get(feed_name))

    @task(pool="news_http", map_index_template="{{ task.op_kwargs['feed']['feed'] }}")
    def fetch_articles(feed: dict, params=None, run_id=None) -> dict:
        """Download, extract, clean and load the feed's new articles in batches."""
        from newsflow import pipeline
        from newsflow_airflow import warehouse_dsn

        return pipeline.fetch_articles(feed["feed"], dsn=warehouse_dsn(), run_id=run_id, force=params["force"])

    # none_failed: with no feed selected the mapped tasks are skipped, and the run must still close.
    @task(outlets=[ARTICLES], trigger_rule="none_failed")
    def finalize(feeds: list[dict], articles: list[dict], run_id=None) -> dict:
        """Link duplicates across feeds, close the run record, announce the articles Asset
        when articles were loaded (a day of 304s does not wake news_enrich)."""
        from airflow.sdk.exceptions import AirflowSkipException

        from newsflow import pipeline
        from newsflow_airflow import warehouse_dsn

        dsn = warehouse_dsn()
        dups = pipeline.link_duplicates(dsn)
        stats = {"feeds": list(feeds), "articles": list(articles), "duplicates": dups}
        pipeline.finish_run(dsn, run_id, "ingest", "success", stats)
        new = sum(sum(a["statuses"].values()) for a in stats["articles"])
        if not new and not dups["linked_now"]:
            raise AirflowSkipException("no article loaded or changed: news.articles not updated")
        return {"feeds": len(stats["feeds"]), "articles_loaded": new, **dups}

    feed_results = fetch_feed.expand(feed_name=prepare())
    article_results = fetch_articles.expand(feed=feed_results)
    finalize(feed_results, article_results)


news_ingest()
