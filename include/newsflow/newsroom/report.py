"""What is in the warehouse, as the demo and `newsflow report` print it."""

from __future__ import annotations

from datetime import date
from typing import Any

from newsflow.warehouse import db

_STATUS_ORDER = ["ok", "empty", "too_short", "not_html", "too_large", "blocked", "paywalled", "http_error", "error"]


def _query(dsn: str, relation: str, sql: str, params: dict | None = None) -> list[dict[str, Any]]:
    """Rows as dicts; [] when `relation` does not exist yet (a warehouse before enrichment)."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", (relation,))
        if cur.fetchone()[0] is None:
            return []
        cur.execute(sql, params or {})
        cols = [c.name for c in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def collect(dsn: str, limit: int = 10, *, since: date | None = None, feed: str | None = None) -> dict[str, Any]:
    """Every section of the report; `since` (a UTC day) and `feed` narrow articles, entities and
    quotes (fetch outcomes stay the latest per feed)."""
    from newsflow.ingest.pipeline import ingest_summary

    params = {"limit": limit, "since": since, "feed": feed}
    art_filter = """(%(since)s::date IS NULL OR published_at >= %(since)s::date)
                    AND (%(feed)s::text IS NULL OR feed_name = %(feed)s)"""
    data: dict[str, Any] = {"ingest": ingest_summary(dsn, [feed] if feed else None)}
    data["articles_by_status"] = _query(
        dsn, "news.articles",
        f"""SELECT status, count(*) AS articles, count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS duplicates
              FROM news.articles WHERE {art_filter} GROUP BY 1 ORDER BY 2 DESC, 1""",
        params,
    )
    data["last_fetches"] = _query(
        dsn, "news.feed_fetches",
        """SELECT DISTINCT ON (feed_name) feed_name, run_id, fetched_at, outcome, http_status, not_modified,
                  entries_seen, entries_new, bozo, error
             FROM news.feed_fetches WHERE %(feed)s::text IS NULL OR feed_name = %(feed)s
            ORDER BY feed_name, fetched_at DESC""",
        params,
    )
    data["enrichment"] = _query(
        dsn, "news.article_enrichment",
        """SELECT CASE WHEN status <> 'error' THEN status
                       WHEN next_attempt_at IS NULL THEN 'error (given up)'
                       ELSE 'error (retrying)' END AS state,
                  count(*) AS articles, max(attempts) AS max_attempts
             FROM news.article_enrichment GROUP BY 1 ORDER BY 1""",
    )
    data["top_entities"] = _query(
        dsn, "news.v_entity_article_mentions",
        f"""SELECT canonical_name, label, sum(mentions) AS mentions, count(DISTINCT article_id) AS articles
              FROM news.v_entity_article_mentions WHERE label NOT IN ('DATE', 'TIME', 'CARDINAL',
                   'ORDINAL', 'QUANTITY', 'PERCENT', 'MONEY') AND {art_filter}
             GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT %(limit)s""",
        params,
    )
    data["top_speakers"] = _query(
        dsn, "news.v_quotes",
        f"""SELECT speaker, speaker_label, count(*) AS quotes, count(DISTINCT article_id) AS articles
              FROM news.v_quotes WHERE speaker_key IS NOT NULL AND {art_filter}
             GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT %(limit)s""",
        params,
    )
    data["latest_quotes"] = _query(
        dsn, "news.v_quotes",
        f"""SELECT day, feed_name, speaker, kind, cue, left(quote_text, 140) AS quote, title
              FROM news.v_quotes WHERE speaker_key IS NOT NULL AND {art_filter}
             ORDER BY published_at DESC NULLS LAST, article_id, start_char LIMIT %(limit)s""",
        params,
    )
    return data


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
    if data["top_speakers"]:
        console.print()
        console.print(_table("Top quoted speakers", ["speaker", "quotes", "articles"],
                             [[r["speaker"], r["quotes"], r["articles"]] for r in data["top_speakers"]]))
    if data.get("latest_quotes"):
        console.print()
        console.print(_table("Latest quotes", ["day", "speaker", "cue", "quote", "article"],
                             [[r["day"], r["speaker"], r["cue"], r["quote"], r["title"]]
                              for r in data["latest_quotes"]]))
    console.print(f"\narticles in warehouse: {data['ingest']['articles']} "
                  f"(linked as duplicates: {data['ingest']['duplicates']})", markup=False, highlight=False)
