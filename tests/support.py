"""Helpers the test modules share (``tests/`` is on ``sys.path``: see pyproject's pytest ``pythonpath``)."""

from __future__ import annotations

import socket
from html.parser import HTMLParser

from newsflow.warehouse import db


def query(dsn: str, sql: str, params=None) -> list[tuple]:
    """Rows of one statement (``[]`` for a statement that returns none)."""
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall() if cur.description else []


def closed_port() -> int:
    """A loopback port nothing listens on (bound once, then released)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


DAILY_COLUMNS = "day, entity_key, canonical_name, label, mentions, articles"
PAIR_COLUMNS = "entity_a, name_a, label_a, entity_b, name_b, label_b, articles"


def incremental(dsn: str) -> tuple[list[tuple], list[tuple]]:
    return (sorted(query(dsn, f"SELECT {DAILY_COLUMNS} FROM news.mv_daily_entity_mentions")),
            sorted(query(dsn, f"SELECT {PAIR_COLUMNS} FROM news.mv_entity_cooccurrence")))


def from_scratch(dsn: str) -> tuple[list[tuple], list[tuple]]:
    from newsflow.warehouse.marts import FULL_COOCCURRENCE_SQL, FULL_DAILY_SQL

    return sorted(query(dsn, FULL_DAILY_SQL)), sorted(query(dsn, FULL_COOCCURRENCE_SQL))


def assert_exact(dsn: str) -> None:
    """The incremental marts equal what the 003 definitions compute from scratch."""
    daily, pairs = incremental(dsn)
    full_daily, full_pairs = from_scratch(dsn)
    assert daily == full_daily
    assert pairs == full_pairs


def speech_quotes(text: str) -> list:
    """The speech attributions (stances apart) newsflow.nlp.analyze finds in `text`, every
    quote's offsets checked against its text on the way."""
    from newsflow.nlp import analyze

    out = []
    for q in analyze(text).quotes:
        assert q.text == text[q.start:q.end]
        if q.kind != "stance":
            out.append(q)
    return out


class HtmlDoc(HTMLParser):
    """Just enough of a DOM for page tests: elements with tag, attrs, classes, text and ancestors.
    Void elements hold nothing; a self-closing tag (SVG's <rect/>) closes itself; <option> must be closed."""

    VOID = {"meta", "link", "input", "br", "img", "hr"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._stack: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "classes": set((dict(attrs).get("class") or "").split()),
              "text": "", "parents": list(self._stack)}
        self.elements.append(el)
        if tag not in self.VOID:
            self._stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self._stack.pop()

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for el in self._stack:
            el["text"] += data

    def find(self, tag: str | None = None, cls: str | None = None, within: dict | None = None) -> list[dict]:
        return [e for e in self.elements
                if (tag is None or e["tag"] == tag) and (cls is None or cls in e["classes"])
                and (within is None or any(p is within for p in e["parents"]))]
