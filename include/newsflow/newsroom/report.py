"""What is in the warehouse, as the demo and `newsflow report` print it."""

from __future__ import annotations

from typing import Any

from newsflow.statuses import ArticleStatus

_STATUS_ORDER = [str(s) for s in ArticleStatus]


def print_ingest(summary: dict[str, Any]) -> None:
    feeds = summary["feeds"]
    statuses = [s for s in _STATUS_ORDER if any(s in f["statuses"] for f in feeds.values())]
    header = f"{'feed':<24} {'last fetch':<13}" + "".join(f"{s:>11}" for s in statuses)
    print(header)
    print("-" * len(header))
    for name, info in sorted(feeds.items()):
        row = f"{name:<24} {info['feed_status'] or '-':<13}"
        row += "".join(f"{info['statuses'].get(s, 0):>11}" for s in statuses)
        print(row)
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


def shown_label(shown: dict[str, Any] | None) -> str:
    """What a list holds, in words: "speech, confidence ≥ 0.5", "every kind, any confidence"."""
    shown = shown or {}
    kinds = "every kind" if shown.get("all_kinds") else "speech"
    threshold = shown.get("min_confidence")
    return f"{kinds}, " + ("any confidence" if threshold is None else f"confidence ≥ {threshold:.3g}")


def print_all(data: dict[str, Any], console: Any = None) -> None:
    """The report as rich tables (plain text when stdout is not a terminal: rich decides)."""
    from rich.console import Console

    console = console or Console()
    fetches = {r["feed_name"]: r for r in data.get("last_fetches", [])}
    feeds = data["ingest"]["feeds"]
    rows = []
    for name, info in sorted(feeds.items()):
        f = fetches.get(name, {})
        rows.append([name, info["feed_status"], f.get("fetched_at") and f["fetched_at"].strftime("%Y-%m-%d %H:%M"),
                     f.get("entries_new"), sum(info["statuses"].values()), f.get("error")])
    console.print(_table("Feeds", ["feed", "last outcome", "fetched at", "new entries", "articles", "error"], rows))
    if data.get("articles_by_status"):
        console.print()
        console.print(_table("Articles by status", ["status", "articles", "duplicates"],
                             [[r["status"], r["articles"], r["duplicates"]] for r in data["articles_by_status"]]))
    if data["enrichment"]:
        console.print()
        console.print(_table("Enrichment", ["state", "articles", "max attempts"],
                             [[r["state"], r["articles"], r["max_attempts"]] for r in data["enrichment"]]))
    if data["top_entities"]:
        console.print()
        console.print(_table("Top entities", ["entity", "label", "mentions", "articles"],
                             [[r["canonical_name"], r["label"], r["mentions"], r["articles"]]
                              for r in data["top_entities"]]))
    counts = data.get("attributions")
    if counts and any(counts[k] for k in ("speech", "speech_below", "stances")):
        t = f"{counts['min_confidence']:.3g}"
        console.print()
        console.print(_table("Attributions", ["what", "count"],
                             [[f"speech, confidence ≥ {t}", counts["speech"]],
                              [f"speech below {t} (hidden by default)", counts["speech_below"]],
                              ["stances (beliefs, wants, findings; not speech)", counts["stances"]]]))
    which = shown_label(data.get("shown"))
    if data["top_speakers"]:
        console.print()
        console.print(_table(f"Top quoted speakers ({which})", ["speaker", "quotes", "articles"],
                             [[r["speaker"], r["quotes"], r["articles"]] for r in data["top_speakers"]]))
    if data.get("unnamed_sources"):
        console.print()
        console.print(_table(f"Unnamed sources ({which})", ["description", "quotes", "articles"],
                             [[r["speaker"], r["quotes"], r["articles"]] for r in data["unnamed_sources"]]))
    if data.get("latest_quotes"):
        console.print()
        console.print(_table(f"Latest quotes ({which})", ["day", "speaker", "cue", "quote", "article"],
                             [[r["day"], r["speaker"], r["cue"], r["quote"], r["title"]]
                              for r in data["latest_quotes"]]))
    console.print(f"\narticles in warehouse: {data['ingest']['articles']} "
                  f"(linked as duplicates: {data['ingest']['duplicates']})", markup=False, highlight=False)
