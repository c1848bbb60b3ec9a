"""URL canonicalisation, deterministic ids, content hashes and SimHash near-duplicates."""

from __future__ import annotations

import uuid

import pytest

from newsflow.config import PROJECT_ROOT
from newsflow.dedup import (
    NEAR_DUPLICATE_DISTANCE,
    article_id,
    canonicalize_url,
    content_hash,
    hamming,
    is_near_duplicate,
    simhash,
)

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
