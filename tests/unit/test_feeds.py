"""Feed parsing: RSS, Atom, malformed feeds, hostile bytes, entry identity, canonical URLs."""

from __future__ import annotations

import hashlib
import tracemalloc

import pytest

from newsflow.extract.urls import canonicalize_url
from newsflow.ingest.feed_parser import FeedParseError, entry_identity, parse_feed
from newsflow.settings import PROJECT_ROOT
from newsflow_dev.sample_site import _BILLION_LAUGHS

FEEDS = PROJECT_ROOT / "include" / "sample" / "site" / "feeds"
BASE = "http://127.0.0.1:8765"


def sample(name: str) -> bytes:
    return (FEEDS / name).read_bytes().replace(b"{{BASE_URL}}", BASE.encode())


def test_rss_feed():
    feed = parse_feed(sample("world.xml"), {"content-type": "application/rss+xml"})
    assert feed.title == "The Meridian — World"
    assert not feed.bozo
    assert len(feed.entries) == 13
    by_path = {e.canonical_url.removeprefix(BASE): e for e in feed.entries}
    quake = by_path["/articles/world/quake-stub.html"]
    assert quake.entry_key == "guid:meridian-20261126-quake-stub"
    assert quake.title == "Strong earthquake reported off the coast of Norland"
    assert quake.published_at is not None and quake.published_at.tzinfo is not None
    assert quake.published_at.year == 2026 and quake.published_at.month == 11
    # every entry key is unique and every entry has an http URL
    assert len({e.entry_key for e in feed.entries}) == 13
    assert all(e.url and e.url.startswith(BASE) for e in feed.entries)
    assert any(e.authors for e in feed.entries)


def test_atom_feed():
    feed = parse_feed(sample("politics.atom"), {"content-type": "application/atom+xml"})
    assert not feed.bozo
    assert len(feed.entries) == 12
    assert all(e.entry_key.startswith("guid:tag:meridian.example,") for e in feed.entries)
    assert all(e.published_at is not None for e in feed.entries)
    summit = [e for e in feed.entries if "summit-trade-communique" in e.entry_key]
    assert summit and summit[0].canonical_url == f"{BASE}/articles/politics/summit-trade-communique.html"


def test_malformed_feed_still_yields_entries():
    feed = parse_feed(sample("broken.xml"))
    assert feed.bozo is True
    assert feed.bozo_error  # the warning is kept for recording
    assert len(feed.entries) == 5
    paths = {e.canonical_url.removeprefix(BASE) for e in feed.entries}
    assert "/private/embargoed-draft.html" in paths
    assert "/articles/wire/northwire-port-strike-ends.html" in paths
    # the near-duplicate's tracking parameters are gone from its canonical URL
    assert "/articles/world/port-strike-ends-update.html" in paths


def test_xml_bomb_is_refused_without_expanding():
    tracemalloc.start()
    try:
        with pytest.raises(FeedParseError, match="entit"):
            parse_feed(_BILLION_LAUGHS, {"content-type": "application/rss+xml"})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, peak  # expanded, the billion laughs is gigabytes


def test_padded_xml_bomb_does_not_expand():
    # Entity declarations pushed beyond the scanned prefix must still not blow up.
    padded = _BILLION_LAUGHS.replace(b"<!DOCTYPE", b"<!--" + b" " * 100_000 + b"-->\n<!DOCTYPE")
    tracemalloc.start()
    try:
        with pytest.raises(FeedParseError, match="declares entity"):
            parse_feed(padded)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * len(padded) + 2_000_000, peak


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 16,
        b"\x1f\x8b\x08\x00" + b"\x00" * 100,
        b"<html><body><p>Not a feed at all</p></body></html>",
        b"{\"json\": true}",
        b"   \n\t  ",
        b"",
    ],
    ids=["random-bytes", "gzip-header", "html-page", "json", "whitespace", "empty"],
)
def test_garbage_is_a_parse_error(content):
    with pytest.raises(FeedParseError):
        parse_feed(content)


def test_sample_site_garbage_route_bytes():
    import random

    for seed in ("newsflow", "a", "b", "c"):
        with pytest.raises(FeedParseError):
            parse_feed(random.Random(seed).randbytes(4096))


def test_entry_identity_guid_then_link_then_hash():
    assert entry_identity({"id": " abc-1 ", "link": "http://x.org/a"}) == "guid:abc-1"
    assert entry_identity({"id": "", "link": "HTTP://X.org/a?utm_source=rss#c"}) == "link:http://x.org/a"
    no_link = {"title": "Budget vote delayed", "published": "Tue, 24 Nov 2026 10:00:00 +0100"}
    key = entry_identity(no_link)
    expected = hashlib.sha256(b"Budget vote delayed|Tue, 24 Nov 2026 10:00:00 +0100").hexdigest()[:32]
    assert key == f"hash:{expected}"
    assert entry_identity(dict(no_link)) == key  # stable
    assert entry_identity({**no_link, "title": "Budget vote passed"}) != key


def test_entry_without_guid_is_identified_by_canonical_link():
    feed = parse_feed(sample("world.xml"))
    school = [e for e in feed.entries if "refugee-school" in (e.url or "")]
    assert len(school) == 1
    assert school[0].entry_key == f"link:{BASE}/articles/world/refugee-school-reopens.html"


def test_entry_without_link_or_guid_gets_hash_identity():
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
    <item><title>First</title><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>
    <item><title>Second</title><pubDate>Tue, 24 Nov 2026 11:00:00 GMT</pubDate></item>
    <item><title>Scripted</title><link>javascript:alert(1)</link><guid>g-3</guid></item>
    </channel></rss>"""
    feed = parse_feed(rss)
    first, second, scripted = feed.entries
    assert first.entry_key.startswith("hash:") and second.entry_key.startswith("hash:")
    assert first.entry_key != second.entry_key
    assert first.url is None and first.canonical_url is None
    assert scripted.entry_key == "guid:g-3"
    assert scripted.url is None  # non-http links are not article URLs
    assert parse_feed(rss).entries[0].entry_key == first.entry_key


def test_tracking_params_and_fragments_removed():
    feed = parse_feed(sample("world.xml"))
    for e in feed.entries:
        assert "utm_" not in e.canonical_url
        assert "#" not in e.canonical_url
    raw = {e.url for e in feed.entries}
    assert any("utm_source" in u for u in raw)  # the sample does carry them
    assert any("#comments" in u for u in raw)
    fishing = [e for e in feed.entries if "fishing-quota" in e.url][0]
    assert fishing.canonical_url == f"{BASE}/articles/world/fishing-quota-deal.html"


def test_same_article_in_two_feeds_is_one_canonical_url():
    world = parse_feed(sample("world.xml"))
    politics = parse_feed(sample("politics.atom"))
    shared = {e.canonical_url for e in world.entries} & {e.canonical_url for e in politics.entries}
    assert shared == {f"{BASE}/articles/politics/summit-trade-communique.html"}
    (url,) = shared
    keys = {e.entry_key for e in world.entries + politics.entries if e.canonical_url == url}
    assert len(keys) == 2  # two entries, one article
    assert canonicalize_url(url + "?utm_source=x#y") == url


def test_a_relative_permalink_guid_keeps_its_identity_when_the_feed_url_is_known():
    """Entry keys of stored entries must not change because relative links are now resolved."""
    doc = (b'<rss version="2.0"><channel><title>t</title><item><guid>story-1</guid>'
           b"<link>/news/story-1.html</link></item></channel></rss>")
    entry = parse_feed(doc, {"content-type": "application/rss+xml"},
                       base_url="https://site.example/feeds/main.xml").entries[0]
    assert entry.entry_key == "guid:story-1"
    assert entry.url == "https://site.example/news/story-1.html"
