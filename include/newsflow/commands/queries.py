"""`report` and `quotes`: what is in the warehouse, and who said what."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsflow.commands import print_json


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
        print_json(data)
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
        print_json(rows)
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
