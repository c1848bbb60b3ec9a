"""The News view's pure parts: highlighting from offsets, SVG charts, which URLs become links,
the read-only DSN."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import psycopg2.extensions
import pytest

from newsflow.newsroom.charts import bar_chart, fill_days
from newsflow.newsroom.highlight import Span, highlight
from newsflow.newsroom.links import http_url
from newsflow.warehouse.readonly import reader_dsn


class _Tags(HTMLParser):
    """Checks nesting and collects the text inside each kind of mark."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text = ""
        self.inside: dict[str, list[tuple[int, int]]] = {}
        self._open: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self._open.append((dict(attrs).get("class", ""), len(self.text)))

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, "badly nested HTML"
        css, start = self._open.pop()
        self.inside.setdefault(css, []).append((start, len(self.text)))

    def handle_data(self, data):
        self.text += data


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    assert parser.stack == []
    return parser


def _covered(pieces: list[tuple[int, int]]) -> set[int]:
    return {i for start, end in pieces for i in range(start, end)}


def test_highlight_keeps_the_text_and_marks_nested_and_crossing_spans():
    text = 'Jane Moreau said "Belvania will pay" to Harbor Bank & co <b>.'
    quote = (text.index("Belvania"), text.index('" to'))
    belvania = (quote[0], quote[0] + len("Belvania"))
    crossing = (text.index("pay"), text.index(" Bank") + len(" Bank"))  # runs over the quote's end
    spans = [
        Span(*quote, "quote", {"data-quote": "1"}),
        Span(*belvania, "entity", {"data-label": "GPE"}),
        Span(*crossing, "entity", {"data-label": "ORG"}),
        Span(0, 11, "entity", {"data-label": "PERSON"}),
    ]
    html = str(highlight(text, spans))
    parsed = _parse(html)
    assert parsed.text == text  # nothing lost, nothing added, & and <b> come back as text
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert _covered(parsed.inside["quote"]) == set(range(*quote))
    assert _covered(parsed.inside["entity"]) == set(range(*belvania)) | set(range(*crossing)) | set(range(0, 11))
    # The crossing mention is cut at the quote's end: one piece inside the quote, one after it.
    assert html.count('data-label="ORG"') == 2
    assert '<mark class="entity" data-label="GPE">Belvania</mark>' in html


def test_highlight_ignores_spans_outside_the_text_and_escapes_attributes():
    text = "short text"
    html = str(highlight(text, [Span(5, 99, "quote"), Span(3, 3, "entity"), Span(-1, 2, "entity"),
                                Span(0, 5, "entity", {"title": '"><script>x</script>'})]))
    assert _parse(html).text == text
    assert html.count("<mark") == 1 and "<script>" not in html and "&lt;script&gt;" in html


def test_highlight_of_identical_spans_puts_the_quote_outside():
    html = str(highlight("abc", [Span(0, 3, "entity", {"data-label": "PERSON"}), Span(0, 3, "quote")]))
    assert html == '<mark class="quote"><mark class="entity" data-label="PERSON">abc</mark></mark>'


def test_fill_days_fills_gaps_and_caps_the_range():
    days = fill_days([(date(2026, 1, 1), 2), (date(2026, 1, 4), 1), (date(2026, 1, 4), 3)])
    assert days == [(date(2026, 1, 1), 2), (date(2026, 1, 2), 0), (date(2026, 1, 3), 0), (date(2026, 1, 4), 4)]
    long = fill_days([(date(2020, 1, 1), 1), (date(2026, 1, 1), 1)], max_days=10)
    assert len(long) == 10 and long[-1] == (date(2026, 1, 1), 1) and long[0][0] == date(2025, 12, 23)
    assert fill_days([]) == []


def test_bar_chart_draws_one_bar_per_day_with_data_and_escapes_its_title():
    svg = str(bar_chart([(date(2026, 1, 1), 2), (date(2026, 1, 3), 4)], title="<script>x</script>"))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('<rect class="bar"') == 2 and "2026-01-03: 4" in svg
    heights = [float(h) for h in re.findall(r'<rect class="bar"[^>]*height="([\d.]+)"', svg)]
    assert heights[1] == pytest.approx(2 * heights[0])  # proportional to the counts
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<svg" not in str(bar_chart([], title="empty"))


@pytest.mark.parametrize("url", ["http://example.org/a?b=1", "https://news.example/x", " HTTPS://A.example/ "])
def test_http_urls_become_links(url):
    assert http_url(url) == url.strip()


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example/x", "/relative/path",
    "http:/no-host", "ftp://example.org/", "", None, "http://[bad",
])
def test_other_urls_do_not(url):
    assert http_url(url) is None


def test_reader_dsn_makes_the_session_news_reader_and_read_only_keeping_given_options():
    params = psycopg2.extensions.parse_dsn(reader_dsn("postgresql://u:p@h:5433/db?options=-c%20search_path%3Dx"))
    assert params["user"] == "u" and params["host"] == "h" and params["dbname"] == "db"
    assert params["options"].startswith("-c search_path=x ")
    assert "-c role=news_reader" in params["options"]
    assert "-c default_transaction_read_only=on" in params["options"]
    assert "statement_timeout=" in params["options"]


def test_article_html_marks_quote_pieces_and_skips_malformed_stored_pieces():
    from newsflow.newsroom.app import article_html

    def quote(spans, start=0, end=3):
        return {"spans": spans, "start_char": start, "end_char": end, "kind": "direct", "speaker": "Ann",
                "cue": "said"}

    mention = {"start_char": 4, "end_char": 7, "label": "ORG", "entity_key": "org:def", "canonical_name": "Def"}
    html = str(article_html({"text": "abc def ghi", "mentions": [mention],
                             "quotes": [quote([]), quote([[8, 11], [0]]), quote([["8", "x"]])]}))
    assert html.count('<mark class="quote"') == 2  # [] -> the whole quote; [8, 11] kept; bad ones skipped
    assert '<mark class="entity" data-label="ORG" data-entity="org:def" title="Def (ORG)">def</mark>' in html
    assert _parse(html).text == "abc def ghi"


def test_shown_reads_the_setting_at_request_time_and_takes_overrides(monkeypatch):
    from newsflow.newsroom.pages import parse_shown as _shown
    from newsflow.warehouse.quote_search import Shown

    monkeypatch.setenv("NEWSFLOW_MIN_CONFIDENCE", "0.7")
    errors: list[str] = []
    assert _shown(None, None, errors) == Shown(min_confidence=0.7, all_kinds=False)
    monkeypatch.setenv("NEWSFLOW_MIN_CONFIDENCE", "0.4")
    assert _shown(None, "", errors) == Shown(min_confidence=0.4)  # a changed setting, no restart
    assert _shown(None, " 0.25 ", errors) == Shown(min_confidence=0.25)
    assert _shown("1", "0.25", errors) == Shown(min_confidence=None, all_kinds=True)  # all wins
    assert _shown("no", None, errors) == Shown(min_confidence=0.4)
    assert errors == []
    for bad in ("x", "1.5", "-0.1", "nan", "inf"):
        assert _shown(None, bad, errors) == Shown(min_confidence=0.4)
    assert len(errors) == 5 and all("min_confidence" in e for e in errors)


def test_thresholds_print_as_people_write_them():
    from newsflow.newsroom.pages import _threshold

    assert [_threshold(v) for v in (0.5, 0.537, 0.1 + 0.2, 1.0, 0.0, None)] == ["0.5", "0.537", "0.3", "1", "0", "any"]


def test_article_html_marks_the_stances_shown_apart_too():
    from newsflow.newsroom.app import article_html

    def quote(start, end, kind):
        return {"spans": [], "start_char": start, "end_char": end, "kind": kind, "speaker": "Ann", "cue": "said"}

    html = str(article_html({"text": "abc def ghi", "mentions": [], "quotes": [quote(0, 3, "direct")],
                             "stances": [quote(8, 11, "stance")]}))
    assert html.count('<mark class="quote"') == 2 and 'data-kind="stance"' in html


def test_counts_agree_with_their_noun():
    from newsflow.newsroom.pages import _counted

    assert (_counted(1, "article"), _counted(2, "article"), _counted(0, "quote")) == ("1 article", "2 articles", "0 quotes")
