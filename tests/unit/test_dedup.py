"""URL canonicalisation, deterministic ids, content hashes and SimHash near-duplicates."""

from __future__ import annotations

import uuid

import pytest

from newsflow.extract.urls import (
    NEAR_DUPLICATE_DISTANCE,
    absolute_http_url,
    article_id,
    canonicalize_url,
    content_hash,
    hamming,
    is_near_duplicate,
    simhash,
)
from newsflow.settings import PROJECT_ROOT

SITE = PROJECT_ROOT / "include" / "sample" / "site"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTP://News.Example.COM/World/Story.html", "http://news.example.com/World/Story.html"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com", "https://example.com/"),
        ("http://example.com/a#comments", "http://example.com/a"),
        ("http://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "http://example.com/a"),
        ("http://example.com/a?UTM_Source=rss", "http://example.com/a"),
        ("http://example.com/a?fbclid=IwAR0abc", "http://example.com/a"),
        ("http://example.com/a?gclid=Cj0KCQ&msclkid=1&mc_cid=2", "http://example.com/a"),
        ("http://example.com/a?id=42&utm_source=x", "http://example.com/a?id=42"),
        ("http://example.com/a?page=2&fbclid=1#top", "http://example.com/a?page=2"),
        ("http://example.com/search?q=port+strike", "http://example.com/search?q=port+strike"),
        ("http://user:secret@example.com/a", "http://example.com/a"),
        ("  http://example.com/a  ", "http://example.com/a"),
    ],
)
def test_canonicalize_url(raw, canonical):
    assert canonicalize_url(raw) == canonical


def test_canonical_url_keeps_meaningful_params_and_is_stable():
    url = "http://example.com/a?z=1&a=2&id=7&utm_term=x"
    once = canonicalize_url(url)
    assert "z=1" in once and "a=2" in once and "id=7" in once and "utm" not in once
    assert canonicalize_url(once) == once  # idempotent
    # parameter order does not make two URLs different articles
    assert canonicalize_url("http://example.com/a?id=7&z=1&a=2") == once


def test_variants_of_one_article_share_one_id():
    variants = [
        "http://127.0.0.1:8000/articles/world/geneva-water-talks.html",
        "HTTP://127.0.0.1:8000/articles/world/geneva-water-talks.html?utm_source=rss&utm_medium=world",
        "http://127.0.0.1:8000/articles/world/geneva-water-talks.html#comments",
        "http://127.0.0.1:8000/articles/world/geneva-water-talks.html?fbclid=abc&gclid=def",
    ]
    ids = {article_id(canonicalize_url(v)) for v in variants}
    assert len(ids) == 1
    (only,) = ids
    assert isinstance(only, uuid.UUID) and only.version == 5
    assert article_id("http://example.com/a") != article_id("http://example.com/b")
    assert article_id("http://example.com/a") == article_id("http://example.com/a")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://example.com/story.php?12345", "http://example.com/story.php?67890"),  # bare keys
        ("http://example.com/a?cid=1", "http://example.com/a?cid=2"),  # content ids, not trackers
        ("http://example.com/a?source=1", "http://example.com/a?source=2"),
        ("http://example.com/a?ref=1", "http://example.com/a?ref=2"),
        ("http://example.com/a?q=%E9", "http://example.com/a?q=%E8"),  # non-UTF-8 escapes
        ("http://example.com/a?id=1", "http://example.com/a?id=1&id=2"),
        ("http://example.com/a?t=x&t=y", "http://example.com/a?t=y&t=x"),  # repeated key order
        ("http://example.com/a?x", "http://example.com/a?x="),
        ("http://example.com/a%2Fb", "http://example.com/a/b"),  # an escaped slash is not a slash
        ("http://[::1]:8080/x", "http://[::2]:8080/x"),
        ("http://example.com/#!/story/1", "http://example.com/#!/story/2"),  # hash-bang routes
        ("http://example.com/a", "https://example.com/a"),
        ("http://example.com/a/", "http://example.com/a"),
    ],
)
def test_different_articles_keep_different_ids(a, b):
    assert canonicalize_url(a) != canonicalize_url(b)
    assert article_id(canonicalize_url(a)) != article_id(canonicalize_url(b))


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("http://example.com/story.php?12345", "http://example.com/story.php?12345"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("http://[0:0::1]:80/x", "http://[::1]/x"),
        ("http://[2001:DB8::A]/x", "http://[2001:db8::a]/x"),
        ("http://example.com/%7euser/%e2%82%ac", "http://example.com/~user/%E2%82%AC"),
        ("http://example.com/~user/\u20ac", "http://example.com/~user/%E2%82%AC"),
        ("http://example.com/a?", "http://example.com/a"),
        ("http://example.com/a?&&id=1&", "http://example.com/a?id=1"),
        ("http://example.com/a?q=a%20b", "http://example.com/a?q=a+b"),
        ("http://example.com/a?b=2&a=1&utm_x=1&a=0", "http://example.com/a?a=1&a=0&b=2"),
        ("http://example.com//a/./b/../c", "http://example.com/a/c"),
        ("http://example.com/a(b);c", "http://example.com/a(b);c"),
        ("http://xn--bcher-kva.example/a", "http://b\u00fccher.example/a"),
        ("http://Example.COM./a", "http://example.com/a"),
        ("http://example.com/a?mc_cid=1&_hsenc=2&twclid=3", "http://example.com/a"),
        ("http://example.com/a?xtor=RSS-3208&pk_campaign=x&mtm_source=y&itm_medium=z", "http://example.com/a"),
    ],
)
def test_canonical_forms(raw, canonical):
    assert canonicalize_url(raw) == canonical
    assert canonicalize_url(canonical) == canonical


def test_absolute_http_url():
    base = "http://example.com/feeds/world.xml"
    assert absolute_http_url("/a/b.html", base) == "http://example.com/a/b.html"
    assert absolute_http_url("b.html", base) == "http://example.com/feeds/b.html"
    assert absolute_http_url("//cdn.example.org/x", base) == "http://cdn.example.org/x"
    assert absolute_http_url("https://other.org/x", base) == "https://other.org/x"
    assert absolute_http_url("javascript:alert(1)", base) is None
    assert absolute_http_url("/a/b.html") is None  # nothing to resolve against
    assert absolute_http_url("  ", base) is None
    assert absolute_http_url("http://[::1/x", base) is None


def test_content_hash_ignores_case_whitespace_and_punctuation():
    a = "The port strike ended on Tuesday.\n\nWorkers return  to the docks."
    b = "the PORT strike ended on tuesday\tWorkers return to the docks!"
    assert content_hash(a) == content_hash(b)
    assert content_hash("Café") == content_hash("Cafe\u0301")  # NFC vs NFD
    assert content_hash(a) != content_hash(a.replace("Tuesday", "Wednesday"))
    assert len(content_hash(a)) == 64


def test_simhash_basics():
    assert simhash("") == 0
    value = simhash("one two three four five six seven")
    assert -(2**63) <= value < 2**63  # fits a PostgreSQL bigint
    assert simhash("One two, THREE four five six seven.") == value
    assert hamming(value, value) == 0
    assert hamming(0, -1) == 64
    assert hamming(1, 3) == 1


def _text(relpath: str) -> str:
    from newsflow.extract import extract_article

    html = (SITE / relpath).read_bytes()
    art = extract_article(html, "http://127.0.0.1/" + relpath)
    assert art.status == "ok", (relpath, art.status, art.status_reason)
    return art.text


def test_port_strike_pages_are_near_duplicates_and_other_pages_are_not():
    original = _text("articles/world/port-strike-ends.html")
    wire = _text("articles/wire/northwire-port-strike-ends.html")
    update = _text("articles/world/port-strike-ends-update.html")
    unrelated = _text("articles/world/geneva-water-talks.html")
    other = _text("articles/politics/budget-vote-delayed.html")

    # the wire copy in other chrome is the very same text
    assert content_hash(original) == content_hash(wire)
    # the updated version is a different text but a near-duplicate
    assert content_hash(update) != content_hash(original)
    distance = hamming(simhash(original), simhash(update))
    assert distance <= NEAR_DUPLICATE_DISTANCE, distance
    assert is_near_duplicate(simhash(original), simhash(update))
    # unrelated articles are far apart
    for text in (unrelated, other):
        far = hamming(simhash(original), simhash(text))
        assert far > 3 * NEAR_DUPLICATE_DISTANCE, far
        assert not is_near_duplicate(simhash(original), simhash(text))
