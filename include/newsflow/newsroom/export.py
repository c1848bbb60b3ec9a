"""CSV and JSON export of a Quotes search: the rows `newsflow quotes --json` prints, streamed.

Bounded: at most EXPORT_MAX_ROWS rows (the page says so), read from a server-side cursor in
batches, each FETCH under the view's statement timeout, so neither the server nor the api-server
holds a whole result. The connection is taken when the download starts and given back when it
ends or is dropped (the generator's `finally`).

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return, which some
strip first) as a formula: such CSV cells are prefixed with an apostrophe (OWASP's "CSV
injection" advice). JSON is left exact: it is data, not a sheet.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from newsflow.jsonable import jsonable
from newsflow.warehouse.db import column_names
from newsflow.warehouse.quote_search import QuoteFilter, build_query, postgres_refusals
from newsflow.warehouse.readonly import ReadOnlyWarehouse

EXPORT_MAX_ROWS = 10_000
BATCH_ROWS = 500
CHUNK_CHARS = 64 * 1024  # text per chunk of the response
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_rows(warehouse: ReadOnlyWarehouse, flt: QuoteFilter,
                max_rows: int = EXPORT_MAX_ROWS) -> Iterator[dict[str, Any]]:
    """The rows of `flt` (newest first, or its sort), at most `max_rows`, as the download reads them."""
    sql, params = build_query(replace(flt, limit=max_rows, offset=0))
    with warehouse.connection() as conn, conn.cursor(name="newsflow_quote_export") as cur:
        cur.itersize = BATCH_ROWS
        with postgres_refusals():
            cur.execute(sql, params)
            batch = cur.fetchmany(BATCH_ROWS)
        cols = column_names(cur)
        while batch:
            for row in batch:
                yield dict(zip(cols, row, strict=True))
            batch = cur.fetchmany(BATCH_ROWS)


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text, never runs: a leading formula character is quoted."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_lines(rows: Iterable[dict[str, Any]], chunk_chars: int = CHUNK_CHARS) -> Iterator[str]:
    """Rows as CSV (a header from the first row's keys; no rows: an empty file), in chunks of about
    `chunk_chars` (a chunk per row would cost a thread hop per row in the server). Lists (a quote's
    spans) are written as JSON; dates in ISO 8601, as in the JSON export."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = None
    for row in rows:
        if header is None:
            header = list(row)
            writer.writerow(header)
        values = jsonable(row)
        writer.writerow([safe_cell(json.dumps(v) if isinstance(v, list) else v) for v in values.values()])
        if out.tell() >= chunk_chars:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue()


def json_lines(rows: Iterable[dict[str, Any]], chunk_chars: int = CHUNK_CHARS) -> Iterator[str]:
    """Rows as one JSON array (the same values as the CLI's --json), in chunks of about `chunk_chars`."""
    parts, size, first = ["["], 1, True
    for row in rows:
        item = ("\n" if first else ",\n") + json.dumps(jsonable(row), ensure_ascii=False, default=str)
        first = False
        parts.append(item)
        size += len(item)
        if size >= chunk_chars:
            yield "".join(parts)
            parts, size = [], 0
    parts.append("\n]\n")
    yield "".join(parts)
