"""`feeds discover`: a site's feeds and sitemaps as feeds-file entries."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsflow.settings import get_settings


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
