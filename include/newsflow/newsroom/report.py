"""What is in the warehouse, as the demo and `newsflow report` print it."""

from __future__ import annotations

from typing import Any

from newsflow.newsroom.quote_display import display_quote
from newsflow.statuses import ArticleStatus

_STATUS_ORDER = [str(s) for s in ArticleStatus]


_HEALTHY = ("ok", "not_modified")


def _standing(status: str | None) -> int:
    """Failing feeds first, then healthy ones, then disabled ones."""
    return 2 if status == "disabled" else 1 if status in _HEALTHY else 0


def print_ingest(summary: dict[str, Any], limit: int | None = None) -> None:
    """Articles per feed and status; with `limit`, failing feeds first and at most that many
    rows (there may be thousands of feeds)."""
    feeds = summary["feeds"]
    statuses = [s for s in _STATUS_ORDER if any(s in f["statuses"] for f in feeds.values())]
    header = f"{'feed':<24} {'last fetch':<13}" + "".join(f"{s:>11}" for s in statuses)
    print(header)
    print("-" * len(header))
    ordered = sorted(feeds.items(), key=lambda kv: (_standing(kv[1]["feed_status"]), kv[0]))
    shown = ordered if limit is None else ordered[:limit]
    for name, info in shown:
        row = f"{name:<24} {info['feed_status'] or '-':<13}"
        row += "".join(f"{info['statuses'].get(s, 0):>11}" for s in statuses)
        print(row)
    if len(shown) < len(ordered):
        print(f"… and {len(ordered) - len(shown)} more feeds (use --limit)")
    print(f"\narticles in warehouse: {summary['articles']} (linked as duplicates: {summary['duplicates']})")


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> Any:
    from rich.table import Table
    from rich.text import Text  # cells as Text: a "[b]" in a web page's title is not markup

    table = Table(title=title, title_justify="left", show_edge=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(Text("-" if v is None else str(v)) for v in row))
    return table


def _cell(value: Any) -> str:
    return "-" if value is None else " ".join(str(value).split())  # one line, no tab


def show_table(console: Any, title: str, columns: list[str], rows: list[list[Any]]) -> None:
    """A rich table on a terminal; piped, tab-separated lines under a `# title` line, never
    wrapped (so `report > f; grep name f` finds every name whole)."""
    if console.is_terminal:
        console.print(_table(title, columns, rows))
        return
    lines = [f"# {_cell(title)}", "\t".join(columns), *("\t".join(_cell(v) for v in row) for row in rows)]
    console.file.write("\n".join(lines) + "\n")


def shown_label(shown: dict[str, Any] | None) -> str:
    """What a list holds, in words: "speech, confidence ≥ 0.5", "every kind, any confidence"."""
    shown = shown or {}
    kinds = "every kind" if shown.get("all_kinds") else "speech"
    threshold = shown.get("min_confidence")
    return f"{kinds}, " + ("any confidence" if threshold is None else f"confidence ≥ {threshold:.3g}")


def _when(value: Any) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M") if value else None


def _print_feeds(console: Any, data: dict[str, Any]) -> None:
    """The listed feeds (failing and gapped first, at most --limit) and how many were left out."""
    feeds = data["feeds"]
    fetches = {r["feed_name"]: r for r in data.get("last_fetches", [])}
    articles = data["ingest"]["feeds"]
    rows = []
    for r in feeds["rows"]:
        f = fetches.get(r["feed_name"], {})
        status = (r["last_status"] or "never fetched") + ("" if r["enabled"] else " (disabled)")
        rows.append([r["feed_name"], status, _when(f.get("fetched_at")), f.get("entries_new"),
                     sum(articles.get(r["feed_name"], {}).get("statuses", {}).values()), r["gaps"],
                     r["gaps_backfilled"], r["estimated_missed"], r["fetches"], r["fetches_failed"],
                     r["last_error"]])
    days = feeds["fetch_days"]
    title = (f"Feeds: {feeds['total']}, {feeds['failing']} failing, {feeds['gapped']} more with unfilled "
             f"gaps (failing and gapped first; fetches of the last {days} days)")
    show_table(console, title, ["feed", "last outcome", "fetched at", "new entries", "articles", "gaps",
                                 "backfilled", "est. missed", "fetches", "failed", "error"], rows)
    if feeds["more"]:
        console.print(f"… and {feeds['more']} more feeds (use --limit)", markup=False, highlight=False)


def _print_runs(console: Any, runs: dict[str, Any] | None) -> None:
    """Pipeline runs of the last days: each run when they are few, else per day and stage."""
    if not runs or not runs["total"]:
        return
    console.print()
    if runs["total"] <= len(runs["latest"]):
        show_table(console, f"Pipeline runs (last {runs['days']} days)",
                             ["run", "stage", "started", "finished", "status"],
                             [[r["run_id"], r["stage"], _when(r["started_at"]), _when(r["finished_at"]),
                               r["status"]] for r in runs["latest"]])
        return
    show_table(console, f"Pipeline runs per day and stage (last {runs['days']} days: {runs['total']} runs)",
                         ["day", "stage", "runs", "success", "partial", "failed", "running"],
                         [[r["day"], r["stage"], r["runs"], r["success"], r["partial"], r["failed"],
                           r["running"]] for r in runs["by_day"]])


def print_all(data: dict[str, Any], console: Any = None) -> None:
    """The report as rich tables (plain text when stdout is not a terminal: rich decides)."""
    from rich.console import Console

    console = console or Console()
    _print_feeds(console, data)
    _print_runs(console, data.get("runs"))
    if data.get("articles_by_status"):
        console.print()
        show_table(console, "Articles by status", ["status", "articles", "duplicates"],
                             [[r["status"], r["articles"], r["duplicates"]] for r in data["articles_by_status"]])
    if data["enrichment"]:
        console.print()
        show_table(console, "Enrichment", ["state", "articles", "max attempts"],
                             [[r["state"], r["articles"], r["max_attempts"]] for r in data["enrichment"]])
    if data["top_entities"]:
        console.print()
        show_table(console, "Top entities", ["entity", "label", "mentions", "articles"],
                             [[r["canonical_name"], r["label"], r["mentions"], r["articles"]]
                              for r in data["top_entities"]])
    counts = data.get("attributions")
    if counts and any(counts[k] for k in ("speech", "speech_below", "stances")):
        t = f"{counts['min_confidence']:.3g}"
        console.print()
        show_table(console, "Attributions", ["what", "count"],
                             [[f"speech, confidence ≥ {t}", counts["speech"]],
                              [f"speech below {t} (hidden by default)", counts["speech_below"]],
                              ["stances (beliefs, wants, findings; not speech)", counts["stances"]]])
    which = shown_label(data.get("shown"))
    if data["top_speakers"]:
        console.print()
        show_table(console, f"Top quoted speakers ({which})", ["speaker", "quotes", "articles"],
                             [[r["speaker"], r["quotes"], r["articles"]] for r in data["top_speakers"]])
    if data.get("unnamed_sources"):
        console.print()
        show_table(console, f"Unnamed sources ({which})", ["description", "quotes", "articles"],
                             [[r["speaker"], r["quotes"], r["articles"]] for r in data["unnamed_sources"]])
    if data.get("latest_quotes"):
        console.print()
        show_table(console, f"Latest quotes ({which})", ["day", "speaker", "cue", "quote", "article"],
                             [[r["day"], r["speaker"], r["cue"], _shown_quote(r), r["title"]]
                              for r in data["latest_quotes"]])
    console.print(f"\narticles in warehouse: {data['ingest']['articles']} "
                  f"(linked as duplicates: {data['ingest']['duplicates']})", markup=False, highlight=False)


def _shown_quote(row: dict[str, Any], width: int = 140) -> str:
    """A quote as the News view shows it (pieces joined with " … "), cut to `width` characters."""
    text = display_quote(row.get("quote_text") or row["quote"], row.get("spans"))
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
