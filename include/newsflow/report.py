"""What is in the warehouse, as the demo and `newsflow report` print it."""

from __future__ import annotations

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


def collect(dsn: str, limit: int = 10) -> dict[str, Any]:
    from newsflow.pipeline import ingest_summary

    data: dict[str, Any] = {"ingest": ingest_summary(dsn)}
    data["last_fetches"] = _query(
        dsn, "news.feed_fetches",
        """SELECT DISTINCT ON (feed_name) feed_name, run_id, outcome, http_status, not_modified,
                  entries_seen, entries_new, bozo, error
             FROM news.feed_fetches ORDER BY feed_name, fetched_at DESC""",
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
        """SELECT canonical_name, label, sum(mentions) AS mentions, count(DISTINCT article_id) AS articles
             FROM news.v_entity_article_mentions WHERE label NOT IN ('DATE', 'TIME', 'CARDINAL',
                  'ORDINAL', 'QUANTITY', 'PERCENT', 'MONEY')
            GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT %(limit)s""",
        {"limit": limit},
    )
    data["top_speakers"] = _query(
        dsn, "news.v_quotes",
        """SELECT speaker, speaker_label, count(*) AS quotes, count(DISTINCT article_id) AS articles
             FROM news.v_quotes WHERE speaker_key IS NOT NULL
            GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT %(limit)s""",
        {"limit": limit},
    )
    data["sample_quotes"] = _query(
        dsn, "news.v_quotes",
        """SELECT speaker, kind, cue, left(quote_text, 140) AS quote, title
             FROM news.v_quotes WHERE kind = 'direct' AND speaker_key IS NOT NULL
            ORDER BY confidence DESC, article_id, start_char LIMIT %(limit)s""",
        {"limit": min(limit, 6)},
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


def print_all(data: dict[str, Any]) -> None:
    print_ingest(data["ingest"])
    if data["enrichment"]:
        print("\nEnrichment: " + ", ".join(f"{r['state']} {r['articles']}" for r in data["enrichment"]))
    if data["top_entities"]:
        print("\nTop entities:")
        for r in data["top_entities"]:
            print(f"  {r['label']:<6} {r['canonical_name']:<32} {r['mentions']:>4} mentions in {r['articles']} articles")
    if data["top_speakers"]:
        print("\nTop quoted speakers:")
        for r in data["top_speakers"]:
            print(f"  {r['speaker']:<32} {r['quotes']:>3} quotes in {r['articles']} articles")
    if data["sample_quotes"]:
        print("\nSome quotes:")
        for r in data["sample_quotes"]:
            print(f"  {r['speaker']} ({r['cue']}): “{r['quote']}”")
