"""The feed's own polling hints and paging links: <ttl>, sy:updatePeriod/Frequency, RFC 5005."""

from __future__ import annotations

import pytest

from newsflow.ingest.feed_parser import MAX_HINT_SECONDS, MAX_URL_CHARS, parse_feed
from newsflow.settings import PROJECT_ROOT

FEEDS = PROJECT_ROOT / "include" / "sample" / "site" / "feeds"
BASE = "http://127.0.0.1:8765"
ITEM = "<item><title>a</title><link>https://ex.com/a</link><guid>a</guid></item>"
SY = 'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"'
ATOM_NS = 'xmlns:atom="http://www.w3.org/2005/Atom"'


def rss(channel: str, item: str = ITEM) -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0" {SY} {ATOM_NS}><channel><title>T</title>'
            f"{channel}{item}</channel></rss>").encode()


def atom(links: str) -> bytes:
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
            f'<link rel="alternate" href="https://ex.com/"/>{links}'
            '<entry><id>e1</id><title>e</title><link href="https://ex.com/e"/>'
            '<link rel="next" href="https://ex.com/entry-next"/></entry></feed>').encode()


def sy(period: str | None, frequency: str | None = None) -> float | None:
    parts = "" if period is None else f"<sy:updatePeriod>{period}</sy:updatePeriod>"
    parts += "" if frequency is None else f"<sy:updateFrequency>{frequency}</sy:updateFrequency>"
    return parse_feed(rss(parts)).update_seconds


def test_sample_feed_ttl_in_minutes_becomes_seconds():
    feed = parse_feed((FEEDS / "business.xml").read_bytes().replace(b"{{BASE_URL}}", BASE.encode()))
    assert feed.ttl_seconds == 1800.0  # <ttl>30</ttl>
    assert feed.update_seconds is None
    assert feed.links == {}  # rel="self" is not a paging link


def test_a_feed_without_hints_has_none():
    feed = parse_feed(rss(""))
    assert (feed.ttl_seconds, feed.update_seconds, feed.links) == (None, None, {})
    assert len(feed.entries) == 1


@pytest.mark.parametrize(("ttl", "seconds"), [
    ("30", 1800.0), (" 5 ", 300.0), ("1.5", 90.0),
    ("100000", MAX_HINT_SECONDS),  # 69 days: capped at a week
    ("abc", None), ("-5", None), ("0", None), ("", None), ("nan", None), ("inf", None),
    ("1e400", None), ("9" * 40, None), ("30 minutes", None),
])
def test_ttl_is_bounded_and_validated(ttl, seconds):
    assert parse_feed(rss(f"<ttl>{ttl}</ttl>")).ttl_seconds == seconds


def test_an_item_ttl_is_not_the_channel_ttl():
    item = "<item><title>a</title><link>https://ex.com/a</link><ttl>5</ttl></item>"
    assert parse_feed(rss("", item)).ttl_seconds is None


def test_max_hint_is_a_week():
    assert MAX_HINT_SECONDS == 604_800.0


@pytest.mark.parametrize(("period", "frequency", "seconds"), [
    ("hourly", None, 3600.0),
    ("hourly", "2", 1800.0),
    ("Hourly", "4", 900.0),  # the period is matched case-insensitively
    ("hourly", "0.5", 7200.0),
    ("daily", None, 86_400.0),
    ("", None, 86_400.0),  # an empty period is the spec's default, daily
    ("daily", "", 86_400.0),  # an empty frequency is the spec's default, 1
    ("weekly", "7", 86_400.0),
    ("weekly", None, 604_800.0),
    ("monthly", None, MAX_HINT_SECONDS),  # 30 days: capped at a week
    ("yearly", "365", 86_400.0),
    ("fortnightly", None, None),
    ("hourly", "0", None),
    ("hourly", "-2", None),
    ("hourly", "abc", None),
    ("hourly", "nan", None),
    (None, "2", None),  # a frequency without a period is no hint
])
def test_syndication_update_period(period, frequency, seconds):
    assert sy(period, frequency) == seconds


def test_syndication_in_an_rss_1_feed():
    rdf = (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           b' xmlns="http://purl.org/rss/1.0/" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">'
           b'<channel rdf:about="https://x/"><title>R</title><link>https://x/</link>'
           b"<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>3</sy:updateFrequency>"
           b'</channel><item rdf:about="https://x/1"><title>1</title><link>https://x/1</link></item>'
           b"</rdf:RDF>")
    assert parse_feed(rdf).update_seconds == 28_800.0


def test_atom_paging_links_by_rel():
    feed = parse_feed(atom(
        '<link rel="next" href="https://ex.com/p3"/><link rel="previous" href="https://ex.com/p1"/>'
        '<link rel="current" href="https://ex.com/feed"/><link rel="first" href="https://ex.com/p0"/>'
        '<link rel="last" href="https://ex.com/p9"/><link rel="prev-archive" href="https://ex.com/a/7"/>'
        '<link rel="self" href="https://ex.com/p2"/><link rel="hub" href="https://hub.ex.com/"/>'))
    assert feed.links == {
        "next": "https://ex.com/p3", "previous": "https://ex.com/p1", "current": "https://ex.com/feed",
        "first": "https://ex.com/p0", "last": "https://ex.com/p9", "prev-archive": "https://ex.com/a/7",
    }


def test_atom_link_inside_rss_resolved_against_the_feed_url():
    channel = ('<atom:link rel="self" href="https://ex.com/feed"/>'
               '<atom:link rel="next" href="/feed?page=2"/>'
               '<atom:link rel="prev-archive" href="archive/2026-01.xml"/>')
    feed = parse_feed(rss(channel), base_url="https://ex.com/news/feed.xml")
    assert feed.links == {"next": "https://ex.com/feed?page=2",
                          "prev-archive": "https://ex.com/news/archive/2026-01.xml"}


def test_relative_links_without_a_base_are_dropped():
    feed = parse_feed(rss('<atom:link rel="next" href="/feed?page=2"/>'))
    assert feed.links == {}


def test_rel_spellings_and_first_link_wins():
    feed = parse_feed(atom(
        '<link rel="NEXT" href="https://ex.com/upper"/>'
        '<link rel="next" href="https://ex.com/second"/>'
        '<link rel="http://www.iana.org/assignments/relation/prev-archive" href="https://ex.com/iri"/>'))
    assert feed.links == {"next": "https://ex.com/upper", "prev-archive": "https://ex.com/iri"}


def test_an_entry_link_is_not_a_feed_link():
    assert "next" not in parse_feed(atom("")).links


@pytest.mark.parametrize("href", [
    "ftp://ex.com/p2", "javascript:alert(1)", "mailto:a@ex.com", "", "https://",
    "https://ex.com/" + "x" * MAX_URL_CHARS,
])
def test_only_absolute_http_links_within_the_cap(href):
    feed = parse_feed(atom(f'<link rel="next" href="{href}"/><link rel="last" href="https://ex.com/l"/>'))
    assert feed.links == {"last": "https://ex.com/l"}


def test_a_link_at_the_cap_is_kept():
    href = "https://ex.com/" + "x" * (MAX_URL_CHARS - len("https://ex.com/"))
    assert parse_feed(atom(f'<link rel="next" href="{href}"/>')).links == {"next": href}
