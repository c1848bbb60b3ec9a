"""The News view's reads: one function per page, each a few fixed, parameterised statements.

A function receives `fetch(sql, params) -> list[dict]` (a read-only connection's, see readonly.py)
and returns plain data for a template. Lists are paged with LIMIT/OFFSET, asking one row more
than shown to know whether a next page exists. Only analysable articles are shown
(`warehouse.articles.ANALYSABLE`, the same rule as news.v_articles).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from newsflow.statuses import FetchOutcome
from newsflow.warehouse import feed_history, like
from newsflow.warehouse.articles import ANALYSABLE
from newsflow.warehouse.quote_search import (
    STANCE,
    QuoteFilter,
    Shown,
    build_count_query,
    build_query,
    confidence_condition,
    kind_condition,
)

Fetch = Callable[[str, Any], list[dict[str, Any]]]

PAGE_SIZE = 25
TOP = 15  # co-mentioned entities, top speakers
FEED_SEARCH_MAX = 200  # characters of the overview's search box
FEED_SUGGESTIONS = 50  # feeds the Quotes form suggests for what was typed in Feed
FETCH_DAYS = 7  # the overview sums news.feed_days over this many UTC days, today included
#: news.quotes.speaker_label of an unnamed source ("officials", "a spokeswoman for the bank"): a
#: description, not a person or organisation, so speaker lists show them apart.
ANON = "ANON"
#: What counts one unnamed source: its key (lower-cased description), or the lower-cased text where
#: the load stored no key, so "Officials" and "officials" are one source.
#: The speaker_key prefix of an unnamed source's description (migration 014).
DESCRIPTION_KEY_PREFIX = "anon:"
UNNAMED_KEY = "coalesce(q.speaker_key, 'anon:' || lower(q.speaker))"

@dataclass(frozen=True)
class Page:
    """One page of a list."""

    rows: list[dict[str, Any]]
    number: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.number > 1


def _offset(page: int, size: int) -> int:
    return (max(page, 1) - 1) * size


def _page(rows: list[dict[str, Any]], page: int, size: int) -> Page:
    return Page(rows[:size], max(page, 1), len(rows) > size)


# --------------------------------------------------------------------------- overview

def overview(fetch: Fetch, page: int = 1, size: int = PAGE_SIZE, search: str | None = None,
             days: int = feed_history.HISTORY_DAYS) -> dict[str, Any]:
    """Feeds (failing first, then those with unfilled gaps) with their completeness, how many
    match `search` and each listed feed's fetches per day over the last `days` UTC days (`history`:
    feed_history.FeedDay, today last); articles by status today and this week and articles per day
    over `days` (by when they reached the warehouse, UTC days); the latest pipeline runs with where
    each was made (`origin`)."""
    rows, counts = feed_coverage(fetch, size + 1, _offset(page, size), search=search)
    feeds = _page(rows, page, size)
    history = feed_history.feed_history(fetch, [f["feed_name"] for f in feeds.rows], days)
    for f in feeds.rows:
        f["history"] = history.get(f["feed_name"], [])
    statuses = fetch(
        """SELECT status,
                  count(*) FILTER (WHERE first_seen_at >= date_trunc('day', now() AT TIME ZONE 'UTC')
                                                         AT TIME ZONE 'UTC') AS today,
                  count(*) AS week
             FROM news.articles
            WHERE first_seen_at >= now() - interval '7 days'
            GROUP BY status
            ORDER BY week DESC, status""",
        None,
    )
    return {"feeds": feeds, **counts, "pages": max(1, -(-counts["total"] // size)),
            "search": search or "", "fetch_days": FETCH_DAYS, "statuses": statuses,
            "history_days": days, "volume": feed_history.article_volume(fetch, days),
            "runs": feed_history.latest_runs(fetch)}


def feed_coverage(fetch: Fetch, limit: int, offset: int = 0, *, search: str | None = None,
                  feed: str | None = None) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Feeds needing attention first, with their completeness and fetches per FETCH_DAYS (the
    overview's list and `newsflow report`'s), and how many match: total, failing, gapped.
    `search`: name or title contains it (case-insensitive, its % and _ literal); `feed`: that one."""
    params: dict[str, Any] = {"limit": limit, "offset": offset, "days": FETCH_DAYS, "feed": feed,
                              "healthy": [str(o) for o in FetchOutcome.healthy()],
                              "pattern": like.contains(search) if search else None}
    rows = fetch(_FEEDS_SQL, params)
    counts = fetch(_FEED_COUNTS_SQL, params)[0]
    return rows, {k: int(v) for k, v in counts.items()}


#: Failing: the last fetch neither 200 nor 304 (never fetched is not failing), or failures in a
#: row; gapped: gaps not backfilled or articles probably missed.
_FEEDS_FLAGGED = """
    SELECT c.*, f.url, f.last_error,
           coalesce(c.last_status <> ALL(%(healthy)s::text[]), false) OR c.consecutive_failures > 0 AS failing,
           c.gaps_unfilled > 0 OR c.estimated_missed > 0 AS gapped
      FROM news.v_feed_coverage c JOIN news.feeds f USING (feed_name)
     WHERE (%(feed)s::text IS NULL OR f.feed_name = %(feed)s)
       AND (%(pattern)s::text IS NULL OR f.feed_name ILIKE %(pattern)s OR f.title ILIKE %(pattern)s)"""
#: Failing first, then gapped, then the rest by name. Only the listed feeds get their
#: news.feed_days sums (the last FETCH_DAYS UTC days, today included).
_FEED_ORDER = "failing DESC, gapped DESC, consecutive_failures DESC, estimated_missed DESC, feed_name"
_FEEDS_SQL = f"""
SELECT l.feed_name, l.title, l.url, l.enabled, l.last_status, l.last_error, l.last_fetched_at,
       l.consecutive_failures, l.gaps, l.gaps_backfilled, l.gaps_unfilled, l.estimated_missed,
       l.next_poll_at, coalesce(l.next_poll_at <= now(), true) AS due_now,
       coalesce(l.interval_minutes, extract(epoch FROM l.poll_interval)::integer / 60) AS poll_minutes,
       l.interval_minutes IS NOT NULL AS fixed_interval, l.failing, l.gapped,
       coalesce(d.fetches, 0) AS fetches, coalesce(d.ok, 0) AS fetches_ok,
       coalesce(d.failed, 0) AS fetches_failed
  FROM ({_FEEDS_FLAGGED} ORDER BY {_FEED_ORDER} LIMIT %(limit)s OFFSET %(offset)s) l
  LEFT JOIN LATERAL (
       SELECT sum(fetches) AS fetches, sum(ok + not_modified) AS ok, sum(failed) AS failed
         FROM news.feed_days
        WHERE feed_name = l.feed_name AND day > (now() AT TIME ZONE 'UTC')::date - %(days)s) d ON true
 ORDER BY {_FEED_ORDER}"""
_FEED_COUNTS_SQL = f"""
SELECT count(*) AS total, count(*) FILTER (WHERE failing) AS failing,
       count(*) FILTER (WHERE gapped AND NOT failing) AS gapped
  FROM ({_FEEDS_FLAGGED}) flagged"""


# --------------------------------------------------------------------------- quotes

def quote_sql(query: QuoteFilter, page: int = 1, size: int = PAGE_SIZE) -> tuple[str, dict[str, Any]]:
    """quote_search.build_query (the `newsflow quotes` search) for one page (one extra row: is there a next?)."""
    return build_query(replace(query, limit=size + 1, offset=_offset(page, size)))


def quotes(fetch: Fetch, query: QuoteFilter, page: int = 1, size: int = PAGE_SIZE) -> Page:
    """Quotes matching the form, newest article first."""
    sql, params = quote_sql(query, page, size)
    return _page(fetch(sql, params), page, size)


def quote_counts(fetch: Fetch, query: QuoteFilter) -> dict[str, int]:
    """How many quotes the form shows, and hides (below the threshold, stances kept apart, every kind at
    any confidence), so the page can say what it left out."""
    sql, params = build_count_query(query)
    return fetch(sql, params)[0]


def _shown_conditions(shown: Shown, params: dict[str, Any]) -> tuple[str, str]:
    """(kinds in view, confidence at or above the threshold) for quotes under the alias q."""
    params["stance_kind"] = STANCE
    return kind_condition(None, shown.all_kinds, params), confidence_condition(shown.min_confidence, params)


def feed_suggestions(fetch: Fetch, text: str | None, limit: int = FEED_SUGGESTIONS) -> list[dict[str, Any]]:
    """Feeds whose name or title contains `text` (every feed when it is blank), an exact name
    first, then by name: the form's suggestions, chosen by the server (there may be thousands)."""
    params = {"exact": text or "", "like": like.contains(text or ""), "limit": limit}
    return fetch(
        """SELECT feed_name, title FROM news.feeds
            WHERE feed_name ILIKE %(like)s OR title ILIKE %(like)s
            ORDER BY feed_name = %(exact)s DESC, lower(feed_name) = lower(%(exact)s) DESC, feed_name
            LIMIT %(limit)s""",
        params,
    )


# --------------------------------------------------------------------------- speaker

def speaker(fetch: Fetch, name: str | None = None, page: int = 1, size: int = PAGE_SIZE,
            shown: Shown | None = None, *, key: str | None = None) -> dict[str, Any]:
    """A speaker: by `key` (news.quotes.speaker_key: every name they are quoted under, "Jane Moreau"
    and "Moreau" alike) or, for quotes without a key, by `name`. Quotes per day, their quotes,
    their stances apart, the entities named in the articles quoting them, what the threshold hid
    (`counts`), and whether the key is a description ("officials": `description` true), not a name."""
    shown = shown or Shown()
    params: dict[str, Any] = {"name": name, "key": key, "top": TOP, "limit": size + 1,
                              "offset": _offset(page, size)}
    who = "q.speaker_key = %(key)s" if key is not None else "q.speaker = %(name)s"
    # By key: the names quoted under it, most quoted first; the first is the page's name.
    names = fetch(
        f"""SELECT q.speaker, count(*) AS n FROM news.quotes q JOIN news.articles a USING (article_id)
            WHERE {who} AND q.speaker IS NOT NULL AND {ANALYSABLE}
            GROUP BY 1 ORDER BY n DESC, 1 LIMIT %(top)s""",
        params,
    ) if key is not None else []
    if names:
        name = params["name"] = names[0]["speaker"]
    kinds, confident = _shown_conditions(shown, params)
    counts = fetch(
        f"""SELECT count(*) FILTER (WHERE {kinds} AND {confident}) AS shown,
                  count(*) FILTER (WHERE {kinds} AND NOT ({confident})) AS below,
                  count(*) FILTER (WHERE q.kind = %(stance_kind)s AND {confident}) AS stances,
                  count(*) AS matching
             FROM news.quotes q JOIN news.articles a USING (article_id)
            WHERE {who} AND {ANALYSABLE}""",
        params,
    )[0]
    per_day = fetch(
        f"""SELECT (a.published_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
             FROM news.quotes q JOIN news.articles a USING (article_id)
            WHERE {who} AND {ANALYSABLE} AND {kinds} AND {confident}
              AND a.published_at IS NOT NULL
            GROUP BY 1 ORDER BY 1""",
        params,
    )
    keys = fetch(
        f"""SELECT q.speaker_key, e.canonical_name, count(*) AS n
             FROM news.quotes q LEFT JOIN news.entities e ON e.entity_key = q.speaker_key
            WHERE {who} AND q.speaker_key IS NOT NULL
            GROUP BY 1, 2 ORDER BY n DESC, 1 LIMIT 1""",
        params,
    )
    speaker_key = keys[0]["speaker_key"] if keys else None
    speaker_entity = keys[0]["canonical_name"] if keys else None
    params["key"] = speaker_key
    co_mentioned = fetch(
        f"""SELECT e.entity_key, e.canonical_name, e.label, count(DISTINCT m.article_id) AS articles
             FROM news.entity_mentions m JOIN news.entities e USING (entity_key)
            WHERE m.article_id IN (SELECT q.article_id FROM news.quotes q JOIN news.articles a USING (article_id)
                                    WHERE {who} AND {ANALYSABLE} AND {kinds} AND {confident})
              AND e.label <> 'DATE' AND e.entity_key IS DISTINCT FROM %(key)s
            GROUP BY 1, 2, 3
            ORDER BY articles DESC, e.canonical_name
            LIMIT %(top)s""",
        params,
    )
    columns = """q.quote_id, q.article_id, q.kind, q.cue, q.speaker, q.speaker_key, q.quote_text, q.spans,
                  q.confidence, a.title, a.published_at, a.feed_name"""
    rows = fetch(
        f"""SELECT {columns}
             FROM news.quotes q JOIN news.articles a USING (article_id)
            WHERE {who} AND {ANALYSABLE} AND {kinds} AND {confident}
            ORDER BY a.published_at DESC NULLS LAST, q.article_id, q.start_char
            LIMIT %(limit)s OFFSET %(offset)s""",
        params,
    )
    stances = [] if shown.all_kinds else fetch(
        f"""SELECT {columns}
             FROM news.quotes q JOIN news.articles a USING (article_id)
            WHERE {who} AND {ANALYSABLE} AND q.kind = %(stance_kind)s AND {confident}
            ORDER BY a.published_at DESC NULLS LAST, q.article_id, q.start_char
            LIMIT %(top)s""",
        params,
    )
    return {"name": name, "key": key, "speaker_key": speaker_key, "speaker_entity": speaker_entity,
            "description": (speaker_key or "").startswith(DESCRIPTION_KEY_PREFIX),
            "names": [r["speaker"] for r in names],
            "per_day": [(r["day"], r["n"]) for r in per_day], "total": counts["shown"], "counts": counts,
            "co_mentioned": co_mentioned, "quotes": _page(rows, page, size), "stances": stances}


# --------------------------------------------------------------------------- keys that changed

def current_key(fetch: Fetch, key: str) -> str | None:
    """The key `key` now maps to when re-analysis retired it (news.entity_key_aliases, followed by
    news.current_entity_key), so bookmarked pages keep working; None when it was never re-keyed."""
    now = fetch("SELECT news.current_entity_key(%(key)s) AS key", {"key": key})[0]["key"]
    return now if now != key else None


# --------------------------------------------------------------------------- entity

def entity(fetch: Fetch, key: str, page: int = 1, size: int = PAGE_SIZE,
           shown: Shown | None = None) -> dict[str, Any] | None:
    """A canonical entity: mentions per day, co-mentioned entities, the speakers quoted most in
    articles mentioning it (their quotes as `shown` counts them, stances apart; people and
    organisations in `speakers`, unnamed sources apart in `unnamed`), and those articles; None when
    the key is unknown."""
    shown = shown or Shown()
    found = fetch("SELECT entity_key, canonical_name, label FROM news.entities WHERE entity_key = %(key)s",
                  {"key": key})
    if not found:
        return None
    per_day = fetch(
        f"""SELECT (a.published_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
             FROM news.entity_mentions m JOIN news.articles a USING (article_id)
            WHERE m.entity_key = %(key)s AND {ANALYSABLE}
              AND a.published_at IS NOT NULL
            GROUP BY 1 ORDER BY 1""",
        {"key": key},
    )
    # news_marts keeps the pairs (both orders of a pair are one row).
    co_mentioned = fetch(
        """SELECT entity_key, canonical_name, label, articles FROM (
               SELECT entity_b AS entity_key, name_b AS canonical_name, label_b AS label, articles
                 FROM news.mv_entity_cooccurrence WHERE entity_a = %(key)s
               UNION ALL
               SELECT entity_a, name_a, label_a, articles
                 FROM news.mv_entity_cooccurrence WHERE entity_b = %(key)s) pairs
            ORDER BY articles DESC, canonical_name
            LIMIT %(top)s""",
        {"key": key, "top": TOP},
    )
    params: dict[str, Any] = {"key": key, "top": TOP, "anon": ANON}
    kinds, confident = _shown_conditions(shown, params)
    quoted = f"""FROM news.quotes q JOIN news.articles a USING (article_id)
            WHERE q.article_id IN (SELECT article_id FROM news.entity_mentions WHERE entity_key = %(key)s)
              AND {ANALYSABLE} AND q.speaker IS NOT NULL AND {confident}"""
    counted = f"""count(*) FILTER (WHERE {kinds}) AS quotes,
                  count(DISTINCT q.article_id) FILTER (WHERE {kinds}) AS articles,
                  count(*) FILTER (WHERE q.kind = %(stance_kind)s AND NOT ({kinds})) AS stances"""
    # One row per speaker key ("Jane Moreau" and "Moreau" are one person), per name without one.
    speakers = fetch(
        f"""SELECT q.speaker_key, mode() WITHIN GROUP (ORDER BY q.speaker) AS speaker, {counted}
             {quoted} AND q.speaker_label IS DISTINCT FROM %(anon)s
            GROUP BY q.speaker_key, CASE WHEN q.speaker_key IS NULL THEN q.speaker END
           HAVING count(*) FILTER (WHERE {kinds}) > 0
            ORDER BY quotes DESC, 2
            LIMIT %(top)s""",
        params,
    )
    unnamed = fetch(
        f"""SELECT {UNNAMED_KEY} AS speaker_key, mode() WITHIN GROUP (ORDER BY q.speaker) AS speaker, {counted}
             {quoted} AND q.speaker_label = %(anon)s
            GROUP BY 1
           HAVING count(*) FILTER (WHERE {kinds}) > 0
            ORDER BY quotes DESC, 2
            LIMIT %(top)s""",
        params,
    )
    articles = fetch(
        f"""SELECT a.article_id, a.title, a.published_at, a.feed_name, count(*) AS mentions
             FROM news.entity_mentions m JOIN news.articles a USING (article_id)
            WHERE m.entity_key = %(key)s AND {ANALYSABLE}
            GROUP BY a.article_id
            ORDER BY a.published_at DESC NULLS LAST, a.article_id
            LIMIT %(limit)s OFFSET %(offset)s""",
        {"key": key, "limit": size + 1, "offset": _offset(page, size)},
    )
    return {**found[0], "per_day": [(r["day"], r["n"]) for r in per_day],
            "total": sum(r["n"] for r in per_day), "co_mentioned": co_mentioned, "speakers": speakers,
            "unnamed": unnamed, "articles": _page(articles, page, size)}


# --------------------------------------------------------------------------- article

def article(fetch: Fetch, article_id: UUID, shown: Shown | None = None) -> dict[str, Any] | None:
    """One article with its feed, enrichment record, entity mentions, the quotes `shown` shows,
    its stances apart and how many attributions the threshold hid; None if absent."""
    shown = shown or Shown()
    found = fetch(
        """SELECT a.article_id, a.feed_name, f.title AS feed_title, a.url, a.canonical_url, a.title,
                  a.standfirst, a.authors, a.published_at, a.language, a.site_name, a.text, a.word_count,
                  a.status, a.status_reason, a.http_status, a.extractor, a.extractor_version,
                  a.duplicate_of, a.duplicate_kind, a.fetched_at,
                  e.status AS enrichment_status, e.status_reason AS enrichment_reason, e.model,
                  e.analyzed_at
             FROM news.articles a
             JOIN news.feeds f USING (feed_name)
             LEFT JOIN news.article_enrichment e USING (article_id)
            WHERE a.article_id = %(id)s""",
        {"id": str(article_id)},
    )
    if not found:
        return None
    mentions = fetch(
        """SELECT m.start_char, m.end_char, m.label, m.surface, m.entity_key, e.canonical_name
             FROM news.entity_mentions m JOIN news.entities e USING (entity_key)
            WHERE m.article_id = %(id)s ORDER BY m.start_char, m.end_char""",
        {"id": str(article_id)},
    )
    params: dict[str, Any] = {"id": str(article_id)}
    kinds, confident = _shown_conditions(shown, params)
    quote_rows = fetch(
        f"""SELECT q.quote_id, q.start_char, q.end_char, q.spans, q.quote_text, q.kind, q.cue, q.speaker,
                  q.speaker_text, q.speaker_label, q.speaker_key, q.confidence,
                  {kinds} AS in_view, {confident} AS confident
             FROM news.quotes q WHERE q.article_id = %(id)s ORDER BY q.start_char, q.end_char""",
        params,
    )
    quotes = [q for q in quote_rows if q["in_view"] and q["confident"]]
    stances = [q for q in quote_rows if not q["in_view"] and q["confident"]]  # stances, when kept apart
    hidden = len(quote_rows) - len(quotes) - len(stances)
    return {**found[0], "mentions": mentions, "quotes": quotes, "stances": stances, "hidden": hidden}

