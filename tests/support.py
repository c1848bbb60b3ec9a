"""Helpers the test modules share (``tests/`` is on ``sys.path``: see pyproject's pytest ``pythonpath``)."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from newsflow.warehouse import db

if TYPE_CHECKING:  # the NLP helpers import newsflow.nlp (and load the model) only when called
    from spacy.tokens import Doc

    from newsflow.nlp import Entity
    from newsflow.nlp.quotes.records import Quote
    from newsflow.nlp.quotes.state import QuoteState


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


def entities(text: str) -> list[Entity]:
    """The entities newsflow.nlp.analyze finds in `text`."""
    from newsflow.nlp import analyze

    return analyze(text).entities


def key_by_text(text: str) -> dict[str, str]:
    """Each mention's text -> its entity key (a text written twice: its last mention's key)."""
    return {e.text: e.key for e in entities(text)}


def keys_by_text(text: str) -> dict[str, set[str]]:
    """Each mention's text -> every key its mentions get."""
    out: dict[str, set[str]] = {}
    for e in entities(text):
        out.setdefault(e.text, set()).add(e.key)
    return out


def mentions_of(text: str, name: str, by: str = "text") -> list[Entity]:
    """The entities of `text` whose text is `name` (by="text"), whose canonical name is `name`
    (by="canonical") or whose text ends with `name` (by="ending"); fails, listing what was
    found, when there is none."""
    ents = entities(text)
    match = {"text": lambda e: e.text == name, "canonical": lambda e: e.canonical == name,
             "ending": lambda e: e.text.endswith(name)}[by]
    found = [e for e in ents if match(e)]
    assert found, [(e.text, e.label, e.canonical, e.key) for e in ents]
    return found


def labels_of(text: str, name: str, by: str = "text") -> set[str]:
    """The labels of the mentions of `name` in `text` (matched as :func:`mentions_of` says)."""
    return {e.label for e in mentions_of(text, name, by)}


def keys_of(text: str, name: str) -> set[str]:
    """The keys of the mentions of `name` (by its text) in `text`."""
    return {e.key for e in mentions_of(text, name)}


def doc_with_ents(text: str, ents: Sequence[tuple[str, str] | tuple[str, str, int]]) -> Doc:
    """A tagged Doc whose entities are set by hand, to test the span and label rules alone (not
    the NER's whims): each (surface, label[, nth]) marks the nth place (0: the first) `text`
    writes the surface."""
    from newsflow.nlp.model import get_nlp

    doc = get_nlp()(text)
    spans = []
    for surface, label, *rest in ents:
        start = -1
        for _ in range(rest[0] + 1 if rest else 1):
            start = text.index(surface, start + 1)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = sorted(spans, key=lambda s: s.start)
    return doc


def quote_state(text: str) -> QuoteState:
    """The quote passes' state of `text` (tagged, with its entities)."""
    from newsflow.nlp.entities import doc_entities
    from newsflow.nlp.model import get_nlp
    from newsflow.nlp.quotes.state import QuoteState

    doc = get_nlp()(text)
    return QuoteState.build(doc, doc_entities(doc))


def extracted_quotes(text: str) -> list[Quote]:
    """Every quote extract_quotes finds in `text` (stances too), with the entities found."""
    from newsflow.nlp.entities import doc_entities
    from newsflow.nlp.model import get_nlp
    from newsflow.nlp.quotes.extract import extract_quotes

    doc = get_nlp()(text)
    return extract_quotes(doc, doc_entities(doc))


def quote_with(text: str, words: str) -> Quote:
    """The first quote of `text` whose text holds `words`."""
    return next(q for q in extracted_quotes(text) if words in q.text)


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
