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
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import psycopg2

from newsflow.warehouse import db
from newsflow.warehouse.articles import ANALYSABLE

KINDS = ("direct", "mixed", "indirect", "stance")

# Must stay identical to the indexed expression in sql/008_quote_search.sql.
TSVECTOR = "to_tsvector('english', q.quote_text)"

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


@dataclass(frozen=True)
class QuoteFilter:
    """What to look for; every field is optional and they combine with AND."""

    speaker: str | None = None  # resolved speaker name, case-insensitive substring
    entity: str | None = None  # canonical name of an entity the article mentions (substring)
    search: str | None = None  # words in the quote, web-search syntax ("a b", -c, "exact phrase")
    since: date | None = None  # articles published on or after this day (UTC)
    until: date | None = None  # articles published on or before this day (UTC)
    feed: str | None = None  # feed name, exact
    kind: str | None = None  # direct | mixed | indirect
    limit: int = 20
    offset: int = 0


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


def _like(term: str) -> str:
    """A substring pattern for ILIKE in which the user's % and _ are literal."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def build_query(flt: QuoteFilter) -> tuple[str, dict[str, Any]]:
    """The SQL and its parameters (separate so a test can EXPLAIN exactly what runs)."""
    where: list[str] = []
    params: dict[str, Any] = {"limit": max(0, flt.limit), "offset": max(0, flt.offset)}
    if flt.search:
        where.append(f"{TSVECTOR} @@ websearch_to_tsquery('english', %(search)s)")
        params["search"] = flt.search
    if flt.speaker:
        where.append("q.speaker ILIKE %(speaker)s")
        params["speaker"] = _like(flt.speaker)
    if flt.entity:
        where.append(
            """EXISTS (SELECT 1 FROM news.entity_mentions m JOIN news.entities e USING (entity_key)
                        WHERE m.article_id = q.article_id AND e.canonical_name ILIKE %(entity)s)"""
        )
        params["entity"] = _like(flt.entity)
    if flt.since:
        where.append("a.published_at >= %(since)s::date")
        params["since"] = flt.since
    if flt.until:
        where.append("a.published_at < %(until)s::date + 1")
        params["until"] = flt.until
    if flt.feed:
        where.append("a.feed_name = %(feed)s")
        params["feed"] = flt.feed
    if flt.kind:
        if flt.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {flt.kind!r}")
        where.append("q.kind = %(kind)s")
        params["kind"] = flt.kind
    sql = f"""
        SELECT q.quote_id, q.article_id, a.feed_name, a.published_at,
               (a.published_at AT TIME ZONE 'UTC')::date AS day, a.title, a.url,
               q.kind, q.cue, q.speaker, q.speaker_label, q.speaker_text, q.quote_text, q.confidence
          FROM news.quotes q
          JOIN news.articles a USING (article_id)
         WHERE {ANALYSABLE}
           {''.join(f' AND {w}' for w in where)}
         ORDER BY a.published_at DESC NULLS LAST, q.article_id, q.start_char
         LIMIT %(limit)s OFFSET %(offset)s"""
    return sql, params


def search_quotes(dsn: str, flt: QuoteFilter, *, timeout_s: float = SEARCH_TIMEOUT_S) -> list[dict[str, Any]]:
    """Quotes matching `flt`, newest article first. Raises SearchError for a filter
    `validate_filter` refuses or PostgreSQL cannot parse, and psycopg2.errors.QueryCanceled after
    `timeout_s`: a search from the CLI holds a server backend no longer than one from the web."""
    validate_filter(flt)
    if not (math.isfinite(timeout_s) and timeout_s > 0):
        raise ValueError(f"timeout_s must be a positive number of seconds, not {timeout_s!r}")
    sql, params = build_query(flt)
    with db.connection(dsn) as conn, conn.cursor() as cur:
        # Local to this transaction (is_local=true): the setting ends with it.
        cur.execute("SELECT set_config('statement_timeout', %s, true)", (f"{max(1, round(timeout_s * 1000))}ms",))
        with postgres_refusals():
            cur.execute(sql, params)
        cols = db.column_names(cur)
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
