"""`run` and `airflow-ui`: the pipeline without Airflow (ingest, enrich, a summary), and the
Airflow deployment `make airflow` runs."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator

from newsflow.commands import print_json
from newsflow.commands.dev import dev_module
from newsflow.settings import DEFAULT_FEEDS_FILE, get_settings


@contextlib.contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str], None]]:
    """A live status line on a terminal; nothing in logs, pipes or --json (their output is data)."""
    if quiet or not sys.stderr.isatty():
        yield lambda _msg: None
        return
    from rich.console import Console

    console = Console(stderr=True)
    with console.status("starting") as status:
        def say(msg: str) -> None:
            console.print(msg, markup=False, highlight=False)  # the step stays on screen
            status.update(msg, spinner="dots")

        yield say


def cmd_run(args: argparse.Namespace) -> int:
    from newsflow.ingest import pipeline
    from newsflow.ingest.feeds_file import load_feeds

    with _progress(quiet=args.json) as say:
        result = pipeline.run_ingest(load_feeds(args.feeds), only=args.only, dsn=args.dsn, force=args.force,
                                     progress=say)
        if not args.skip_enrich:
            from newsflow import enrich

            say("enriching the new articles (spaCy)")
            result["enrich"] = enrich.run_enrich(dsn=result["dsn"], run_id=result["run_id"])
    result.pop("dsn", None)
    if args.json:
        print_json(result)
    else:
        from newsflow.newsroom import report

        report.print_ingest(pipeline.ingest_summary(pipeline.prepare_warehouse(args.dsn)), limit=args.limit)
    if result["failed_feeds"]:  # the others were loaded (and enriched); say which did not make it
        print(f"newsflow: feeds that failed: {', '.join(result['failed_feeds'])}", file=sys.stderr)
        return 1
    return 0


def cmd_airflow_ui(args: argparse.Namespace) -> int:
    """A LocalExecutor deployment on 127.0.0.1 whose airflow.cfg is what `make airflow-cli` reads;
    on exit (Ctrl-C, SIGTERM) it stops what it started, the embedded server included, and a
    repeated signal (make forwards SIGTERM to its recipe) cannot cut that stop short."""
    from newsflow.ingest import pipeline
    from newsflow.settings import SAMPLE_FEEDS_FILE
    from newsflow.warehouse import db

    airflow_env, sample_site = dev_module("airflow_env"), dev_module("sample_site")
    lifecycle = dev_module("airflow_lifecycle")
    lifecycle.stop_on_signals()
    settings = get_settings()
    home = (settings.data_dir / "airflow").resolve()
    try:
        lifecycle.claim(home)  # from here on `make stop` waits for this process's stop
    except RuntimeError as exc:
        print(f"newsflow: {exc}", file=sys.stderr)
        return 1
    started_pg = not (db.embedded_data_dir() / "postmaster.pid").exists()
    try:
        server_dsn = db.start_embedded()  # the metadata's home, whatever the warehouse is
        dsn = pipeline.prepare_warehouse(None)
        airflow_env.ensure_database(server_dsn, "airflow")
        newsflow_env = {"NEWSFLOW_WAREHOUSE_DSN": dsn, "NEWSFLOW_DATA_DIR": str(settings.data_dir)}
        with sample_site.serve(port=args.sample_port) as site:
            if settings.feeds_file != DEFAULT_FEEDS_FILE:
                newsflow_env["NEWSFLOW_FEEDS_FILE"] = str(settings.feeds_file)
            else:
                feeds = sample_site.render_feeds_file(
                    site.base_url, settings.data_dir / "demo" / "feeds.yaml", SAMPLE_FEEDS_FILE
                )
                newsflow_env |= {"NEWSFLOW_FEEDS_FILE": str(feeds), "NEWSFLOW_ALLOW_PRIVATE_HOSTS": "127.0.0.1"}
                print(f"feeds: the sample site at {site.base_url} (set NEWSFLOW_FEEDS_FILE for your own)")
            ports = airflow_env.Ports.from_env(api=args.port)
            cfg = airflow_env.write_config(
                home, sql_alchemy_conn=airflow_env.metadata_url(server_dsn, "airflow"), ports=ports
            )
            airflow_env.write_env_file(home, newsflow_env)
            env = airflow_env.deployment_env(home, newsflow_env)
            print(f"airflow: {cfg} (metadata: database 'airflow' on the embedded PostgreSQL)", flush=True)
            airflow_env.prepare_metadata(env)
            return airflow_env.serve(airflow_env.Deployment(env, ports))
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        if started_pg:
            db.stop_embedded()
