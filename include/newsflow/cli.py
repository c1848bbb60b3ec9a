"""`python -m newsflow …`: extract, analyze, run, demo, report, quotes, bench, train, db."""

# The parser and the dispatch: the commands themselves live in newsflow.commands, one module per
# group. The docstring above is the parser's description.

from __future__ import annotations

import argparse
import sys
import warnings
from datetime import date

from newsflow.commands.articles import cmd_analyze, cmd_extract
from newsflow.commands.db import cmd_db
from newsflow.commands.dev import cmd_bench, cmd_demo, cmd_train
from newsflow.commands.feeds import cmd_feeds
from newsflow.commands.pipeline import cmd_airflow_ui, cmd_run
from newsflow.commands.queries import cmd_quotes, cmd_report
from newsflow.settings import get_settings

warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def _add_shown_arguments(p: argparse.ArgumentParser) -> None:
    """--min-confidence / --all, the same for `quotes` and `report`."""
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--min-confidence", type=float, metavar="X",
                       help="quotes at or above this confidence, 0..1 (default: NEWSFLOW_MIN_CONFIDENCE, "
                            f"now {get_settings().min_confidence:g})")
    shown.add_argument("--all", action="store_true", help="every kind (stances too) at any confidence")


def build_parser() -> argparse.ArgumentParser:
    from newsflow.warehouse.quote_search import KINDS, SORTS

    parser = argparse.ArgumentParser(prog="newsflow", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="HTML file → clean article text")
    p.add_argument("file", help="HTML file, or - for stdin")
    p.add_argument("--url", help="the page URL (helps metadata and relative links)")
    p.add_argument("--json", action="store_true", help="print the Article as JSON")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("analyze", help="text or HTML file → entities and attributed quotes")
    p.add_argument("file", help="text or HTML file, or - for stdin")
    p.add_argument("--url")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("run", help="ingest (and enrich) the feeds of a feeds file, without Airflow")
    p.add_argument("--feeds", default=None, help="feeds.yaml (default include/feeds.yaml)")
    p.add_argument("--only", nargs="*", help="only these feed names or URLs")
    p.add_argument("--dsn", help="warehouse DSN (default: resolution order in the README)")
    p.add_argument("--force", action="store_true", help="ignore ETag/Last-Modified, re-download")
    p.add_argument("--skip-enrich", action="store_true", help="ingest only")
    p.add_argument("--limit", type=int, default=50, help="feeds listed in the summary, failing first (default 50)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("demo", help="embedded PostgreSQL + sample site + the real DAGs, end to end")
    p.add_argument("--port", type=int, default=get_settings().sample_port,
                   help="port of the sample site on 127.0.0.1 (fixed so re-runs see the same URLs)")
    p.add_argument("--ingest-only", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("airflow-ui", help="Airflow (api-server, scheduler, dag-processor, triggerer; "
                                          "LocalExecutor) with these DAGs on 127.0.0.1")
    p.add_argument("--port", type=int, default=get_settings().airflow_port)
    p.add_argument("--sample-port", type=int, default=get_settings().sample_port)
    p.set_defaults(func=cmd_airflow_ui)

    p = sub.add_parser("report", help="what is in the warehouse: feeds, articles, entities, speakers, quotes")
    p.add_argument("--dsn")
    p.add_argument("--since", type=date.fromisoformat, help="only articles published on or after this day (YYYY-MM-DD)")
    p.add_argument("--feed", help="only this feed (name)")
    p.add_argument("--limit", type=int, default=10, help="rows per table")
    _add_shown_arguments(p)
    p.add_argument("--json", action="store_true", help="print the data as JSON")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("quotes", help="who said what: search the quotes")
    p.add_argument("--speaker", help="resolved speaker name (case-insensitive, part of the name is enough)")
    p.add_argument("--entity", help="articles mentioning an entity whose canonical name contains this")
    p.add_argument("--search", help='words in the quote (web-search syntax: "exact phrase", -not, or)')
    p.add_argument("--since", type=date.fromisoformat, help="articles published on or after this day (YYYY-MM-DD)")
    p.add_argument("--until", type=date.fromisoformat, help="articles published on or before this day (YYYY-MM-DD)")
    p.add_argument("--feed", help="only this feed (name)")
    p.add_argument("--kind", choices=list(KINDS),
                   help="only this kind (stance: beliefs, wants, findings, not speech; default: every kind of speech)")
    _add_shown_arguments(p)
    p.add_argument("--sort", choices=list(SORTS), default=next(iter(SORTS)),
                   help="newest or oldest article first, or by speaker (default: newest)")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="stop a search that runs longer than this (default: 15)")
    p.add_argument("--dsn")
    p.add_argument("--json", action="store_true", help="print the quotes as JSON")
    p.set_defaults(func=cmd_quotes)

    p = sub.add_parser("bench", help="benchmarks: extract (zyte), nlp (throughput), enrich (DB path), "
                                     "scale (a day's run on growing warehouses), marts (refresh cost), "
                                     "newsroom (News view pages on a 10k warehouse), coverage (a simulated "
                                     "week of polling), scheduler (poll rounds under the real scheduler)")
    p.add_argument("what", choices=["extract", "nlp", "enrich", "scale", "marts", "newsroom", "coverage",
                                    "scheduler"])
    p.add_argument("rest", nargs=argparse.REMAINDER, help="options passed to the benchmark (--help)")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("train", help="train a model from its data: attribution (the quote tagger, "
                                     "from PolNeAR train; replaces include/newsflow/nlp/models/attribution)")
    p.add_argument("what", choices=["attribution"])
    p.add_argument("rest", nargs=argparse.REMAINDER, help="options passed to the trainer (--help)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("db", help="warehouse: migrate, dsn, psql (a SQL prompt on it), stop (the embedded server)",
                       epilog='db psql [--dsn DSN] [-- PSQL ARGS]: arguments after -- go to psql, '
                              'e.g. db psql -- -c "\\dt news.*"')
    p.add_argument("action", choices=["migrate", "dsn", "psql", "stop"])
    p.add_argument("--dsn")
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("feeds", help="feeds files: discover (a site's feeds and sitemaps as entries)")
    feeds_sub = p.add_subparsers(dest="action", required=True)
    p = feeds_sub.add_parser("discover", help="find a site's feeds and sitemaps from one of its pages; "
                                              "print them as feeds-file entries (or --append them)")
    p.add_argument("url", help="a page of the site, usually its home page")
    p.add_argument("--append", metavar="FILE", help="append the new entries to this feeds file")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="wall clock for the whole discovery (default: 60)")
    p.set_defaults(func=cmd_feeds)
    return parser


def main(argv: list[str] | None = None) -> int:
    import logging

    import psycopg2

    logging.basicConfig(level=get_settings().log_level, format="%(levelname)s %(name)s: %(message)s")
    argv = sys.argv[1:] if argv is None else list(argv)
    psql_args: list[str] = []
    if argv[:1] == ["db"] and "--" in argv:  # `db psql … -- ARGS`: what follows -- is psql's
        cut = argv.index("--")
        argv, psql_args = argv[:cut], argv[cut + 1:]
    args = build_parser().parse_args(argv)
    args.psql_args = psql_args
    try:
        return args.func(args)
    except (psycopg2.OperationalError, psycopg2.InterfaceError) as exc:
        # The warehouse went away (or never answered): one clear line, not a traceback.
        from newsflow.warehouse.db import describe_error

        print(f"newsflow: the warehouse database is unavailable: {describe_error(exc)}", file=sys.stderr)
        return 3
