"""extract_article: metadata, body blocks, clean-up, statuses, bad input."""

from __future__ import annotations

import json
import time

import pytest

from newsflow.extract import EXTRACTOR_VERSION, extract_article, sniff_not_html
from newsflow.extract.article import EMPTY, ERROR, NOT_HTML, OK, PAYWALLED, TOO_SHORT, Article

PARAS = [
    "GENEVA - US Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov "
    "opened talks on Thursday on disarming Syria's chemical weapons programs.",
    "“President Obama has made clear that should diplomacy fail force might be necessary,” "
    "Kerry said, as Lavrov looked on during the opening session in the Swiss city.",
    "But Lavrov made it clear that Russia wants the United States to set aside its military "
    "threats for now, and said a strike would be unnecessary if the plan works.",
    "Also on Thursday, the US State Department said that documents Syria sent to the United "
    "Nations cannot be a substitute for disarmament or a stalling tactic.",
    "The United Nations said it had received Syria's application to join the Chemical Weapons "
    "Convention, a multilateral pact that bars states from producing such weapons.",
]


def page(paras=PARAS, *, free: bool | str | None = None, extra_body: str = "",
         title: str = "As Syria talks open, US and Russia diverge") -> str:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "datePublished": "2013-09-12T10:30:00Z",
          "author": [{"@type": "Person", "name": "Jane Doe"}],
          "publisher": {"@type": "Organization", "name": "The Daily Example"}}
    if free is not None:
        ld["isAccessibleForFree"] = free
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>{title} | The Daily Example</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Daily Example">
<meta name="description" content="Russia's Lavrov makes clear that it wants US to set aside military threats.">
<link rel="canonical" href="https://example.com/news/syria-talks">
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1><p class="byline">By Jane Doe</p>
<figure><img src="/img/lavrov-kerry370.jpg" alt="Lavrov Kerry370">
<figcaption>Lavrov Kerry370 (photo credit: REUTERS)</figcaption></figure>
{body}
<p><a href="/syria">Crisis in Syria - full coverage</a></p>
<h2>US warns Syria against using stalling tactics</h2>
<p>Echoing Kerry's remarks, State Department deputy spokeswoman Marie Harf said the US option to use military force remains on the table.</p>
{extra_body}
<p>Sign up for our newsletter</p><p>Share this article</p>
</article><footer>© 2013 The Daily Example. All rights reserved.</footer></body></html>"""


@pytest.fixture(scope="module")
def art() -> Article:
    return extract_article(page().encode("utf-8"), "https://example.com/news/syria-talks")


def test_metadata(art):
    assert art.status == OK, art.status_reason
    assert art.title == "As Syria talks open, US and Russia diverge"
    assert art.authors == ["Jane Doe"]
    assert art.published_at is not None and art.published_at.year == 2013
    assert art.language == "en"
    assert art.canonical_url == "https://example.com/news/syria-talks"
    assert art.site_name == "The Daily Example"
    assert art.extractor == "newsflow"
    assert art.extractor_version == EXTRACTOR_VERSION
    assert "trafilatura" in EXTRACTOR_VERSION


def test_body_prose_intact_and_junk_removed(art):
    for p in PARAS:
        assert p in art.paragraphs
    for junk in ("full coverage", "Kerry370", "photo credit", "newsletter", "Share this",
                 "All rights reserved", "By Jane Doe", "Home"):
        assert junk not in art.text
    assert art.title not in art.text


def test_heading_block_and_text_layout(art):
    heading = "US warns Syria against using stalling tactics"
    assert any(b.kind == "heading" and b.text == heading for b in art.blocks)
    assert heading not in art.paragraphs
    assert art.text == "\n\n".join(b.text for b in art.blocks)
    assert f"\n\n{heading}\n\n" in art.text


def test_str_input_same_as_bytes(art):
    again = extract_article(page(), "https://example.com/news/syria-talks")
    assert again.text == art.text


@pytest.mark.parametrize("free", [False, "False", "false"])
def test_paywalled_flag_with_short_body(free):
    a = extract_article(page(PARAS[:2], free=free))
    assert a.status == PAYWALLED
    assert "isAccessibleForFree" in a.status_reason


def test_paywall_flag_with_full_text_stays_ok():
    long_paras = [f"{p} Paragraph number {i} adds detail." for i, p in enumerate(PARAS * 3)]
    a = extract_article(page(long_paras, free=False))
    assert a.status == OK


def test_paywall_teaser():
    teaser = "<p>Subscribe to continue reading. Already a subscriber? Log in.</p>"
    a = extract_article(page(PARAS[:3], extra_body=teaser))
    assert a.status == PAYWALLED, a.status_reason


def test_too_short():
    html = "<html><body><article><p>Short note about the weather today, nothing more.</p>" \
           "</article></body></html>"
    a = extract_article(html)
    assert a.status in (TOO_SHORT, EMPTY)


@pytest.mark.parametrize("data,status", [
    (b"", EMPTY),
    ("", EMPTY),
    (None, EMPTY),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", NOT_HTML),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, NOT_HTML),
    (b'{"items": [1, 2, 3], "next": null}', NOT_HTML),
    (bytes(range(256)) * 100, NOT_HTML),
])
def test_bad_input_gives_status(data, status):
    a = extract_article(data)
    assert a.status == status, a.status_reason
    assert a.status_reason


def test_unsupported_type_is_error_not_exception():
    a = extract_article(12345)  # type: ignore[arg-type]
    assert a.status == ERROR and "int" in a.status_reason


def test_exception_inside_extraction_is_caught(monkeypatch):
    import newsflow.extract.page as ex

    def boom(*_a, **_k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(ex, "_extract_body", boom)
    a = ex.extract_article(page())
    assert a.status == ERROR
    assert a.status_reason == "RuntimeError: kaboom"


def test_truncated_html():
    html = page().encode("utf-8")
    a = extract_article(html[: len(html) * 2 // 3])
    assert a.status in (OK, TOO_SHORT)
    assert PARAS[0] in a.text


def test_html_without_body_text():
    a = extract_article(b"<html><head><title>x</title></head><body><div></div></body></html>")
    assert a.status == EMPTY


def test_five_megabyte_page_is_fast():
    scripts = "<script>var x = '" + "a" * 500_000 + "';</script>"
    paras = [f"{p} (part {i})" for i, p in enumerate(PARAS * 4)]
    filler = "".join(f"<div class='rel'><a href='/n/{i}'>Related link {i}</a></div>"
                     for i in range(20_000))
    html = page(paras, extra_body=scripts * 6 + filler).encode("utf-8")
    assert len(html) > 4_000_000
    t0 = time.perf_counter()
    a = extract_article(html)
    elapsed = time.perf_counter() - t0
    assert elapsed < 10, elapsed
    assert a.status in (OK, TOO_SHORT, EMPTY)


def test_sniff_not_html_accepts_html():
    assert sniff_not_html(b"<!doctype html><html><body><p>x</p></body></html>") is None
    assert sniff_not_html(b"   \n<html>") is None
    assert sniff_not_html(b"%PDF-1.4") is not None


def test_split_body_containers_are_recovered():
    chunk = "<div class='body__container'>{}</div><div class='ad'>Advertisement</div>"
    paras = [f"{p} Chunk paragraph {i} continues with more words to be long enough here."
             for i, p in enumerate(PARAS * 2)]
    first = "".join(f"<p>{p}</p>" for p in paras[:4])
    rest = "".join(chunk.format(f"<p>{p}</p>") for p in paras[4:])
    html = (f"<html><head><title>Split</title></head><body><article>"
            f"{chunk.format(first)}{rest}</article></body></html>")
    a = extract_article(html)
    for p in paras:
        assert p in a.paragraphs
    assert [x for x in a.paragraphs if x in paras] == paras  # page order kept


def test_metadata_helpers():
    from lxml import html as lxml_html

    from newsflow.extract.metadata import extract_metadata, parse_date, split_authors

    assert split_authors("By Jane Doe and John Roe") == ["Jane Doe", "John Roe"]
    assert split_authors("TOM KRISHER, AP Auto Writer") == ["TOM KRISHER"]
    assert split_authors("https://www.facebook.com/someone") == []
    assert parse_date("2019-11-19T13:03:00Z").year == 2019
    assert parse_date("Tue, 19 Nov 2019 13:03:00 GMT").day == 19
    assert parse_date("not a date") is None
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Site"},
        {"@type": ["NewsArticle"], "headline": "Graph headline", "author": "By Ann Lee",
         "isAccessibleForFree": "False", "inLanguage": "pt-BR"}]}
    tree = lxml_html.fromstring(
        "<html><head><script type='application/ld+json'>" + json.dumps(graph)
        + "</script></head><body><p>x</p></body></html>")
    md = extract_metadata(tree, "https://example.com/a")
    assert md.title == "Graph headline"
    assert md.authors == ["Ann Lee"]
    assert md.accessible_for_free is False
    assert md.language == "pt"
    assert md.canonical_url == "https://example.com/a"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_pages_are_not_mistaken_for_binary(codec):
    a = extract_article(page().encode(codec))
    assert a.status == OK, a.status_reason
    assert PARAS[1] in a.paragraphs


def test_xhtml_with_xml_declaration():
    x = '<?xml version="1.0" encoding="utf-8"?>\n' + page().replace("<!DOCTYPE html>", "")
    for inp in (x, x.encode("utf-8")):
        a = extract_article(inp)
        assert a.status == OK and PARAS[0] in a.paragraphs


def test_bench_extract_runs_on_two_pages(capsys):
    from newsflow_dev.bench import extract as bench

    if not (bench.DEFAULT_DATA / "ground-truth.json").is_file() or not bench.DEFAULT_TOOL.is_file():
        pytest.skip("shared benchmark data/tool not available")
    assert bench.main(["--limit", "2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["pages"] == 2
    assert set(report["results"]) == {"newsflow", "trafilatura-precision", "trafilatura-default"}
    assert report["time_ratio_median"] > 0


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        ('<link rel="canonical" href="/news/syria-talks?id=7">', "https://example.com/live/123",
         "https://example.com/news/syria-talks?id=7"),
        ('<link rel="canonical" href="syria-talks">', "https://example.com/news/x.html",
         "https://example.com/news/syria-talks"),
        ('<link rel="Canonical nofollow" href="//example.org/a">', "https://example.com/x",
         "https://example.org/a"),
        ('<base href="https://cdn.example.net/site/"><link rel="canonical" href="a/b">',
         "https://example.com/x", "https://cdn.example.net/site/a/b"),
        ('<meta property="og:url" content="/og/path">', "http://example.com/x", "http://example.com/og/path"),
        ('<link rel="canonical" href="javascript:void(0)"><meta property="og:url" content="/og">',
         "http://example.com/x", "http://example.com/og"),
        ('<link rel="canonical" href="/rel">', None, None),  # nothing to resolve against
        ("", "http://example.com/page", "http://example.com/page"),
    ],
)
def test_relative_rel_canonical_is_resolved_against_the_page(head, url, expected):
    from lxml import html as lxml_html

    from newsflow.extract.metadata import extract_metadata

    tree = lxml_html.fromstring(f"<html><head>{head}</head><body><p>x</p></body></html>")
    assert extract_metadata(tree, url).canonical_url == expected
