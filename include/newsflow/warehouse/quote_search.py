"""Who said what: the quote search behind `newsflow quotes` and the News view's Quotes page.

Returns rows, never prints. Every value is a bound parameter; the word search uses the
expression indexed by migration 008, so PostgreSQL answers it from the GIN index.

Bounded by construction: `validate_filter` is the one check both the News view and the CLI run
before a filter reaches PostgreSQL. It refuses text the driver or server cannot take (NUL,
unpaired surrogates) and searches whose cost grows with their size (length, number of words);
`postgres_refusals` turns what the tsquery parser still refuses into the same SearchError.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

import psycopg2

from newsflow.warehouse import db, like
from newsflow.warehouse.articles import ANALYSABLE

KINDS = ("direct", "mixed", "indirect", "stance")
#: Not speech (a belief, want or finding: migration 010): shown apart from quotes, never by default.
STANCE = "stance"
SPEECH_KINDS = tuple(k for k in KINDS if k != STANCE)

# Must stay identical to the indexed expression in sql/008_quote_search.sql.
TSVECTOR = "to_tsvector('english', q.quote_text)"

#: How a search orders its quotes; the first is the default. Ties: article, then position in it.
SORTS = {
    "newest": "a.published_at DESC NULLS LAST",
    "oldest": "a.published_at ASC NULLS LAST",
    "speaker": "lower(q.speaker) NULLS LAST, a.published_at DESC NULLS LAST",
}

#: Marks around the search's matches in `mark_matches`' output (characters of Unicode's private use
#: area, removed from the text first, so a page can escape the text and then turn only these into <mark>).
HIT_START, HIT_END = "\ue000", "\ue001"

MAX_TEXT_CHARS = 500  # any text field; a search longer than this is not a search but a payload
MAX_SEARCH_TERMS = 32  # words in `search` ("or" is an operator, not a word)
SEARCH_TIMEOUT_S = 15.0  # search_quotes' statement timeout (the News view's pool has its own, 5 s)

# NUL: psycopg2 refuses it in a string literal; a lone surrogate (what Python makes of bytes that
# are not UTF-8 in argv) cannot be encoded for the server. Either is a ValueError deep in the driver.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_WORD = re.compile(r"\w+")


class SearchError(ValueError):
    """A filter the warehouse will not answer as asked: the asker's to change (HTTP 422, exit 2),
    not a fault of the warehouse. The message names the field and never repeats its value."""


def check_text(name: str, value: str | None, max_chars: int | None = MAX_TEXT_CHARS) -> None:
    """Refuse text PostgreSQL cannot take, or longer than `max_chars` (None: any length), before
    it is sent: the driver would raise a bare ValueError halfway through the work."""
    if value is None:
        return
    if _UNSTORABLE.search(value):
        raise SearchError(f"{name}: contains a character the warehouse cannot read "
                          "(NUL or text that is not valid Unicode)")
    if max_chars is not None and len(value) > max_chars:
        raise SearchError(f"{name} too long: at most {max_chars} characters")


def default_min_confidence() -> float:
    """The threshold in force now (NEWSFLOW_MIN_CONFIDENCE), read when a filter is made, not at
    import: a changed setting applies to the next request or command."""
    from newsflow.settings import get_settings

    return get_settings().min_confidence


@dataclass(frozen=True)
class QuoteFilter:
    """What to look for; every field is optional and they combine with AND.

    By default only speech (not stances) at or above the configured confidence is found:
    `kind="stance"` asks for stances, `min_confidence=None` for any confidence, and
    `all_kinds=True` (with no `kind`) for every kind.
    """

    speaker: str | None = None  # resolved speaker name, case-insensitive substring
    entity: str | None = None  # canonical name of an entity the article mentions (substring)
    search: str | None = None  # words in the quote, web-search syntax ("a b", -c, "exact phrase")
    since: date | None = None  # articles published on or after this day (UTC)
    until: date | None = None  # articles published on or before this day (UTC)
    feed: str | None = None  # feed name, exact
    kind: str | None = None  # direct | mixed | indirect | stance; None: speech (or all, with all_kinds)
    min_confidence: float | None = field(default_factory=default_min_confidence)  # None: any
    all_kinds: bool = False  # with kind None: stances too
    sort: str = "newest"  # one of SORTS
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True)
class Shown:
    """Which attributions a page shows (the News view's speaker, entity and article pages): speech at
    or above the configured confidence by default, stances apart; `everything()` for all."""

    min_confidence: float | None = field(default_factory=default_min_confidence)  # None: any
    all_kinds: bool = False  # stances mixed in with speech instead of apart

    @classmethod
    def everything(cls) -> Shown:
        """Every kind at any confidence."""
        return cls(min_confidence=None, all_kinds=True)


def validate_filter(flt: QuoteFilter) -> None:
    """Raise SearchError for a filter that must not reach PostgreSQL: unreadable text anywhere, a
    search too long or with too many words (the tsquery's size, and so its cost, follows both)."""
    for f in fields(flt):
        value = getattr(flt, f.name)
        if isinstance(value, str):
            check_text(f.name, value)
    if flt.search is not None:
        words = [w for w in _WORD.findall(flt.search) if w.lower() != "or"]
        if len(words) > MAX_SEARCH_TERMS:
            raise SearchError(f"search too complex: at most {MAX_SEARCH_TERMS} words, not {len(words)}")
    if flt.kind is not None and flt.kind not in KINDS:
        raise SearchError(f"kind: one of {', '.join(KINDS)}")
    if flt.sort not in SORTS:
        raise SearchError(f"sort: one of {', '.join(SORTS)}")
    check_min_confidence(flt.min_confidence)


def check_min_confidence(value: float | None) -> None:
    """Refuse a threshold that is not a number from 0 to 1 (confidence is a probability)."""
    if value is not None and not (isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= 1):
        raise SearchError("min_confidence: a number from 0 to 1")


def refused_search(exc: BaseException) -> bool:
    """Whether PostgreSQL refused the search text itself (so the asker, not the server, must change
    something): a data exception (class 22), a program limit (class 54, e.g. a tsquery too big),
    or the tsquery parser's own limit, which it reports as an internal error."""
    if not isinstance(exc, psycopg2.Error):
        return False
    code = exc.pgcode or ""
    return code.startswith(("22", "54")) or "tsquery stack too small" in str(exc)


@contextmanager
def postgres_refusals() -> Iterator[None]:
    """Around a search statement: PostgreSQL's refusal of the search becomes SearchError; anything
    else (a timeout, a lost connection) passes unchanged."""
    try:
        yield
    except psycopg2.Error as exc:
        if refused_search(exc):
            raise SearchError("search too complex: use fewer words or operators") from exc
        raise


def kind_condition(kind: str | None, all_kinds: bool, params: dict[str, Any], alias: str = "q") -> str:
    """Which kinds are in view, for quotes under `alias`: one kind, speech (the default), or every kind."""
    if kind:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        params["kind"] = kind
        return f"{alias}.kind = %(kind)s"
    if all_kinds:
        return "true"
    params["stance"] = STANCE
    return f"{alias}.kind <> %(stance)s"


def confidence_condition(min_confidence: float | None, params: dict[str, Any], alias: str = "q") -> str:
    """Confidence at or above the threshold (None: any). The threshold is cast to the column's type
    (real): compared as a double, a stored 0.29 (0.2899999…) would fall below a threshold of 0.29."""
    if min_confidence is None:
        return "true"
    params["min_confidence"] = float(min_confidence)
    return f"{alias}.confidence >= %(min_confidence)s::real"


def _filters(flt: QuoteFilter, params: dict[str, Any]) -> list[str]:
    """Every condition of `flt` but the kind and the confidence."""
    where: list[str] = []
    if flt.search:
        where.append(f"{TSVECTOR} @@ websearch_to_tsquery('english', %(search)s)")
        params["search"] = flt.search
    if flt.speaker:
        where.append("q.speaker ILIKE %(speaker)s")
        params["speaker"] = like.contains(flt.speaker)
    if flt.entity:
        where.append(
            """EXISTS (SELECT 1 FROM news.entity_mentions m JOIN news.entities e USING (entity_key)
                        WHERE m.article_id = q.article_id AND e.canonical_name ILIKE %(entity)s)"""
        )
        params["entity"] = like.contains(flt.entity)
    if flt.since:
        where.append("a.published_at >= %(since)s::date")
        params["since"] = flt.since
    if flt.until:
        where.append("a.published_at < %(until)s::date + 1")
        params["until"] = flt.until
    if flt.feed:
        where.append("a.feed_name = %(feed)s")
        params["feed"] = flt.feed
    return where


def build_query(flt: QuoteFilter) -> tuple[str, dict[str, Any]]:
    """The SQL and its parameters (separate so a test can EXPLAIN exactly what runs)."""
    if flt.sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {flt.sort!r}")
    params: dict[str, Any] = {"limit": max(0, flt.limit), "offset": max(0, flt.offset)}
    where = _filters(flt, params)
    where.append(kind_condition(flt.kind, flt.all_kinds, params))
    where.append(confidence_condition(flt.min_confidence, params))
    sql = f"""
        SELECT q.quote_id, q.article_id, a.feed_name, a.published_at,
               (a.published_at AT TIME ZONE 'UTC')::date AS day, a.title, a.url,
               q.kind, q.cue, q.speaker, q.speaker_label, q.speaker_key, q.speaker_text, q.quote_text,
               q.spans, q.confidence
          FROM news.quotes q
          JOIN news.articles a USING (article_id)
         WHERE {ANALYSABLE}
           {''.join(f' AND {w}' for w in where)}
         ORDER BY {SORTS[flt.sort]}, q.article_id, q.start_char
         LIMIT %(limit)s OFFSET %(offset)s"""
    return sql, params


def build_count_query(flt: QuoteFilter) -> tuple[str, dict[str, Any]]:
    """What `flt` shows and what it hides, counted over the same other filters: `shown`, `below`
    (the kinds in view, under the threshold), `stances` (at or above it: the list kept apart),
    `matching` (every kind, any confidence). One row; the News view states these on the page."""
    params: dict[str, Any] = {}
    where = _filters(flt, params)
    kinds = kind_condition(flt.kind, flt.all_kinds, params)
    confident = confidence_condition(flt.min_confidence, params)
    params["stance_kind"] = STANCE
    sql = f"""
        SELECT count(*) FILTER (WHERE {kinds} AND {confident}) AS shown,
               count(*) FILTER (WHERE {kinds} AND NOT ({confident})) AS below,
               count(*) FILTER (WHERE q.kind = %(stance_kind)s AND {confident}) AS stances,
               count(*) AS matching
          FROM news.quotes q
          JOIN news.articles a USING (article_id)
         WHERE {ANALYSABLE}
           {''.join(f' AND {w}' for w in where)}"""
    return sql, params


@contextmanager
def _bounded(dsn: str, sql: str, params: dict[str, Any], timeout_s: float) -> Iterator[Any]:
    """A cursor that ran `sql` under a statement timeout of `timeout_s` (refusals as SearchError):
    the search and its counts hold a server backend no longer than each other."""
    if not (math.isfinite(timeout_s) and timeout_s > 0):
        raise ValueError(f"timeout_s must be a positive number of seconds, not {timeout_s!r}")
    with db.connection(dsn) as conn, conn.cursor() as cur:
        # Local to this transaction (is_local=true): the setting ends with it.
        cur.execute("SELECT set_config('statement_timeout', %s, true)", (f"{max(1, round(timeout_s * 1000))}ms",))
        with postgres_refusals():
            cur.execute(sql, params)
        yield cur


#: Texts (%(texts)s) with the words a search (%(search)s) matches marked by HIT_START/HIT_END, in
#: order: PostgreSQL's own stemming, so exactly the words that made a row match are marked.
MARK_MATCHES_SQL = f"""
    SELECT ts_headline('english', translate(t.text, '{HIT_START}{HIT_END}', ''),
                       websearch_to_tsquery('english', %(search)s),
                       'HighlightAll=true, StartSel={HIT_START}, StopSel={HIT_END}') AS marked
      FROM unnest(%(texts)s::text[]) WITH ORDINALITY AS t(text, i) ORDER BY t.i"""


def search_quotes(dsn: str, flt: QuoteFilter, *, timeout_s: float = SEARCH_TIMEOUT_S) -> list[dict[str, Any]]:
    """Quotes matching `flt`, newest article first. Raises SearchError for a filter
    `validate_filter` refuses or PostgreSQL cannot parse, and psycopg2.errors.QueryCanceled after
    `timeout_s`: a search from the CLI holds a server backend no longer than one from the web."""
    validate_filter(flt)
    sql, params = build_query(flt)
    with _bounded(dsn, sql, params, timeout_s) as cur:
        cols = db.column_names(cur)
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def count_quotes(dsn: str, flt: QuoteFilter, *, timeout_s: float = SEARCH_TIMEOUT_S) -> dict[str, int]:
    """`build_count_query`'s counts for `flt` (what it shows, and what the threshold and the kind left
    out), under the same checks and timeout as `search_quotes`."""
    validate_filter(flt)
    sql, params = build_count_query(flt)
    with _bounded(dsn, sql, params, timeout_s) as cur:
        cols = db.column_names(cur)
        return dict(zip(cols, db.fetch_one(cur), strict=True))
