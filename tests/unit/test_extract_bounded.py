"""Issue 16's extraction shapes: no page makes extraction superlinear or makes it raise.

Complexity is checked as growth, not as an absolute time: the best of 3 runs at size ×1 and ×8
must grow by less than ×24 (linear work grows ×8; the quadratic shapes these replace grew ×64)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest

from newsflow.extract import extract_article
from newsflow.extract.clean import drop_elements, html_fragment_to_text
from newsflow.extract.page import MAX_ELEMENTS, MAX_TAG_CHARS, shrink_page


def _best_of_3(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def _growth(make: Callable[[int], object], run: Callable[[object], object], n: int) -> float:
    small, big = make(n), make(8 * n)
    run(small)  # warm caches and imports
    return _best_of_3(lambda: run(big)) / max(_best_of_3(lambda: run(small)), 1e-4)


SHAPES = {
    # unclosed heavy openers: every one rescanned the rest of the page with the old regex
    "unclosed-script": (lambda k: "<html><body>" + "<script>" * k, lambda p: shrink_page(p, limit=10), 4000),
    "unclosed-comment": (lambda k: "<p>" + "<!--" * k, lambda p: drop_elements(p, ("script",)), 4000),
    "fragment-styles": (lambda k: "<style>" * k + "text", html_fragment_to_text, 4000),
    "long-tag": (lambda k: "<div " + " ".join(f"a{i}=1" for i in range(k)) + "><p>t</p></div>",
                 lambda p: shrink_page(p, limit=10**9), 20000),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_hostile_markup_is_handled_in_linear_time(name):
    make, run, n = SHAPES[name]
    growth = _growth(make, run, n)
    assert growth < 24, f"{name}: ×8 input took ×{growth:.1f} the time"


def test_drop_elements_matches_the_regex_it_replaces_on_closed_markup():
    old = re.compile(r"<(script|style|svg|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
    samples = ["a<script>x</script>b", "<STYLE>p{}</style >c", "<!-- x -->d<svg><g/></svg>e",
               "<scripts>keep</scripts>", "<script>unclosed <style>x</style> after", "<!-- open <p>x</p>"]
    for s in samples:
        assert drop_elements(s, ("script", "style", "svg", "noscript", "template")) == old.sub(" ", s), s


def test_the_element_and_tag_caps_cut_with_a_note():
    many = "<html><body>" + "<p>x</p>" * (MAX_ELEMENTS + 10) + "</body></html>"
    page, note = shrink_page(many, limit=10**9)
    assert page.count("<p>") < MAX_ELEMENTS and "elements" in (note or "")
    wide = "<div " + "a=1 " * MAX_TAG_CHARS + "><p>t</p></div>"
    page, note = shrink_page(wide, limit=10**9)
    assert len(page) < MAX_TAG_CHARS + 100 and "tag(s)" in (note or "")


@pytest.mark.parametrize(("jsonld", "why"), [
    ("[" * 50_000 + "]" * 50_000, "nesting deeper than the interpreter's stack"),
    ("[" + ",".join(["{}"] * 650_000) + "]", "a 650,000-item list"),
])
def test_hostile_json_ld_neither_raises_nor_takes_long(jsonld, why):
    page = (f'<html><head><script type="application/ld+json">{jsonld}</script></head><body><article>'
            + "".join(f"<p>Sentence number {i} of a real article body about the harbour.</p>" for i in range(20))
            + "</article></body></html>")
    art = extract_article(page.encode(), "http://127.0.0.1/a")
    assert art.status == "ok", (why, art.status_reason)
