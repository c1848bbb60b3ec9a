"""Bulk loads: COPY into a temporary staging table, then one INSERT … ON CONFLICT.

The caller owns the transaction, so a batch lands whole or not at all.
"""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import psycopg2.extensions
from psycopg2 import sql

from newsflow.warehouse.text import storable


def _array_literal(values: Sequence[Any]) -> str:
    items = []
    for value in values:
        if value is None:
            items.append("NULL")
        else:
            text = str(value).replace("\\", "\\\\").replace('"', '\\"')
            items.append(f'"{text}"')
    return "{" + ",".join(items) + "}"


def _copy_value(value: Any) -> str | None:
    """Render one Python value the way COPY … CSV reads it (None = NULL); text PostgreSQL
    cannot hold (NUL, lone surrogates) is made storable in strings, arrays and JSON alike."""
    value = storable(value)
    if value is None:
        return None
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (list, tuple)):
        return _array_literal(value)
    return str(value)


def _render_rows(rows: Iterable[Sequence[Any]]) -> io.StringIO:
    buf = io.StringIO()
    for row in rows:
        fields = []
        for value in row:
            rendered = _copy_value(value)
            if rendered is None:
                fields.append("")
            else:
                fields.append('"' + rendered.replace('"', '""') + '"')
        buf.write(",".join(fields))
        buf.write("\n")
    buf.seek(0)
    return buf


def bulk_upsert(
    cur: psycopg2.extensions.cursor,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    conflict: Sequence[str],
    update: Sequence[str] | None = None,
    *,
    touch: str | None = None,
) -> int:
    """Upsert rows into news.<table>; return the number of rows inserted or changed.

    `update` lists the columns refreshed on conflict (default: all but the key); an update
    only happens when one of them really differs, so an identical re-run changes nothing.
    `touch` names a timestamp column set to now() whenever a row changes.
    """
    if not rows:
        return 0
    update = [c for c in (update if update is not None else columns) if c not in conflict]
    stage = sql.Identifier(f"stage_{table}")
    target = sql.Identifier("news", table)
    cols = sql.SQL(", ").join(map(sql.Identifier, columns))
    cur.execute(
        sql.SQL("CREATE TEMP TABLE IF NOT EXISTS {} (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP").format(
            stage, target
        )
    )
    cur.execute(sql.SQL("TRUNCATE {}").format(stage))
    cur.copy_expert(
        sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv)").format(stage, cols).as_string(cur),
        _render_rows(rows),
    )
    key = sql.SQL(", ").join(map(sql.Identifier, conflict))
    if update:
        sets = [sql.SQL("{} = EXCLUDED.{}").format(sql.Identifier(c), sql.Identifier(c)) for c in update]
        if touch:
            sets.append(sql.SQL("{} = now()").format(sql.Identifier(touch)))
        old = sql.SQL(", ").join(sql.SQL("{}.{}").format(target, sql.Identifier(c)) for c in update)
        new = sql.SQL(", ").join(sql.SQL("EXCLUDED.{}").format(sql.Identifier(c)) for c in update)
        action: sql.Composable = sql.SQL("DO UPDATE SET {} WHERE ({}) IS DISTINCT FROM ({})").format(
            sql.SQL(", ").join(sets), old, new
        )
    else:
        action = sql.SQL("DO NOTHING")
    cur.execute(
        sql.SQL("INSERT INTO {} ({}) SELECT DISTINCT ON ({}) {} FROM {} ON CONFLICT ({}) {}").format(
            target, cols, key, cols, stage, key, action
        )
    )
    return cur.rowcount
