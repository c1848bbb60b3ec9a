"""Hostile feed bodies: bodies that look like paths or URLs, entity bombs in every encoding,
giant text fields, truncation at MAX_ENTRIES, and relative links resolved against the feed URL."""

from __future__ import annotations

import builtins
import codecs
import tracemalloc
import urllib.request
from contextlib import contextmanager

import pytest

from newsflow.ingest import feed_parser
from newsflow.ingest.feed_parser import FeedParseError, parse_feed
from newsflow.settings import PROJECT_ROOT

from support import closed_port

FEEDS = PROJECT_ROOT / "include" / "sample" / "site" / "feeds"
BASE = "http://127.0.0.1:8765"

# --- bodies that look like a path or a URL are text, never opened ---------------------------


@pytest.fixture()
def no_open(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record (and refuse) every file or URL open while the test runs."""
    opened: list[str] = []
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        opened.append(repr(file))
        raise AssertionError(f"the parser opened {file!r}")

    def guarded_urlopen(url, *args, **kwargs):
        opened.append(repr(url))
        raise AssertionError(f"the parser fetched {url!r}")

    def guarded_director_open(self, url, *args, **kwargs):
        return guarded_urlopen(url)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(urllib.request, "urlopen", guarded_urlopen)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", guarded_director_open)
    yield opened
    monkeypatch.setattr(builtins, "open", real_open)


def _path_like_bodies() -> list[bytes]:
    return [
        b"/dev/zero",
        b"/etc/hostname",
        str(FEEDS / "world.xml").encode(),  # a real local feed file
        f"http://127.0.0.1:{closed_port()}/feed.xml".encode(),
        f"file://{FEEDS / 'world.xml'}".encode(),
    ]



@contextmanager
def little_memory(limit: int):
    """The block's peak Python allocation stays under `limit` bytes: what a bomb or a giant token
    would blow up, checked without a clock (speed lives in the benchmarks)."""
    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < limit, f"peak {peak} bytes >= {limit}"


@pytest.mark.parametrize("body", _path_like_bodies(), ids=["dev-zero", "etc-hostname", "local-feed",
                                                            "closed-port-url", "file-url"])
def test_body_that_looks_like_a_path_or_url_is_parsed_as_text(body: bytes, no_open: list[str]):
    with pytest.raises(FeedParseError, match="not a readable RSS/Atom feed"):
        parse_feed(body, {"content-type": "application/rss+xml"})
    assert no_open == []


def test_local_feed_path_does_not_yield_that_files_entries():
    # Without the no-open guard: what would leak is world.xml's 13 entries.
    path = str(FEEDS / "world.xml").encode()
    assert (FEEDS / "world.xml").is_file()
    with pytest.raises(FeedParseError, match="not a readable"):
        parse_feed(path)


# --- entity bombs in every shape are refused by what the parser sees -------------------------

# Quadratic blow-up: one big entity referenced many times. Scaled down from the tester's
# 3,000 references so that a regression costs ~10 M characters, not 1.5 GB.
_ENTITY_CHARS = 20_000
_REFERENCES = 500


def _bomb_text(prefix: str = "") -> str:
    refs = "&big;" * _REFERENCES
    return (
        '<?xml version="1.0" encoding="{enc}"?>\n' + prefix +
        f'<!DOCTYPE rss [\n<!ENTITY big "{"x" * _ENTITY_CHARS}">\n]>\n'
        f'<rss version="2.0"><channel><title>{refs}</title><link>http://127.0.0.1/</link>'
        f'<item><title>{refs}</title><link>http://127.0.0.1/a</link><guid>g1</guid></item>'
        "</channel></rss>"
    )


def _encoded(text: str, encoding: str, declared: str, bom: bytes = b"") -> bytes:
    return bom + text.replace("{enc}", declared).encode(encoding)


BOMBS = {
    "utf-8": _encoded(_bomb_text(), "utf-8", "utf-8"),
    "utf-16-le-bom": _encoded(_bomb_text(), "utf-16-le", "utf-16", codecs.BOM_UTF16_LE),
    "utf-16-be-bom": _encoded(_bomb_text(), "utf-16-be", "utf-16", codecs.BOM_UTF16_BE),
    "utf-16-le-no-bom": _encoded(_bomb_text(), "utf-16-le", "utf-16le"),
    "utf-32-le-bom": _encoded(_bomb_text(), "utf-32-le", "utf-32", codecs.BOM_UTF32_LE),
    "utf-32-be-bom": _encoded(_bomb_text(), "utf-32-be", "utf-32", codecs.BOM_UTF32_BE),
    # the declaration is ASCII, the rest UTF-7 with '<' written '+ADw-': no '<!ENTITY' bytes
    "declared-utf-7": (b'<?xml version="1.0" encoding="utf-7"?>\n'
                       + _bomb_text().split("\n", 1)[1].encode("ascii").replace(b"<", b"+ADw-")),
    "70kb-leading-comment": _encoded(_bomb_text("<!--" + " " * 70_000 + "-->\n"), "utf-8", "utf-8"),
    # '<a' in a comment ends feedparser's prolog early; expat still sees the declaration
    "element-lookalike-in-subset": _encoded(
        _bomb_text().replace("<!DOCTYPE rss [\n", "<!DOCTYPE rss [\n<!-- <a -->\n"), "utf-8", "utf-8"),
    # malformed before the declaration: expat stops, feedparser's loose parser would expand it
    "malformed-prolog": _encoded(
        _bomb_text().replace("<!DOCTYPE rss [\n", "<!DOCTYPE rss [\n<!-- -- -->\n"), "utf-8", "utf-8"),
    "parameter-entity": _encoded(
        _bomb_text().replace("<!ENTITY big", '<!ENTITY % p "x">\n<!ENTITY big'), "utf-8", "utf-8"),
}


def test_bomb_shapes_hide_from_a_raw_byte_scan():
    # the shapes that defeated the old guard really do (so their tests mean something)
    for name in ("utf-16-le-bom", "utf-32-be-bom", "declared-utf-7", "70kb-leading-comment"):
        assert b"<!ENTITY" not in BOMBS[name][:65536], name


@pytest.mark.parametrize("content_type", [None, "application/rss+xml"])
@pytest.mark.parametrize("name", list(BOMBS))
def test_entity_bomb_is_refused_quickly_with_little_memory(name: str, content_type: str | None):
    body = BOMBS[name]
    headers = {"content-type": content_type} if content_type else None
    tracemalloc.start()
    try:
        with pytest.raises(FeedParseError, match="entit") as info:
            parse_feed(body, headers)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "bomb" in str(info.value)
    # the body is at most ~450 KB (UTF-32); expansion would be 10 M characters
    assert peak < 8 * len(body) + 2_000_000, peak


def test_bomb_under_a_misleading_charset_header_is_refused():
    # Whatever decoding wins, the guard checks the text the parser gets. Read as UTF-16 the
    # UTF-8 body is CJK noise, and the UTF-16 body read as UTF-8 is NUL-riddled noise: neither
    # declares anything nor is a feed, and both are refused without expanding anything.
    for name, charset in (("utf-8", "utf-16"), ("utf-16-le-bom", "utf-8")):
        with little_memory(8 * len(BOMBS[name]) + 2_000_000), pytest.raises(FeedParseError, match="not a readable"):
            parse_feed(BOMBS[name], {"content-type": f"application/xml; charset={charset}"})
    for name in ("utf-8", "70kb-leading-comment", "malformed-prolog"):
        with pytest.raises(FeedParseError, match="entit"):
            parse_feed(BOMBS[name], {"content-type": "text/xml; charset=utf-8"})


def test_first_declaration_stops_the_check():
    # a declaration followed by a megabyte of document is refused without reading the rest
    body = BOMBS["utf-8"] + b"<!--" + b"y" * 5_000_000 + b"-->"
    with little_memory(8 * len(body) + 2_000_000), pytest.raises(FeedParseError, match="declares entity 'big'"):
        parse_feed(body)


def _rss(title: str = "Meridian \u2014 World", items: str = "", prolog: str = "") -> str:
    item = ('<item><title>Caf\u00e9 talks resume</title><link>http://127.0.0.1/a</link>'
            '<guid>g1</guid><author>j@x.org (Jane Doe)</author></item>')
    return (f'<?xml version="1.0" encoding="{{enc}}"?>\n{prolog}<rss version="2.0"><channel>'
            f"<title>{title}</title><link>http://127.0.0.1/</link>{item}{items}</channel></rss>")


@pytest.mark.parametrize(
    ("encoding", "declared", "bom"),
    [("utf-16-le", "utf-16", codecs.BOM_UTF16_LE), ("utf-16-be", "utf-16", codecs.BOM_UTF16_BE),
     ("utf-32-le", "utf-32", codecs.BOM_UTF32_LE), ("utf-8", "utf-8", codecs.BOM_UTF8),
     ("iso-8859-1", "iso-8859-1", b"")],
)
def test_normal_feed_in_other_encodings_still_parses(encoding: str, declared: str, bom: bytes):
    title = "Meridian \u00b7 World"  # representable in all five
    feed = parse_feed(_encoded(_rss(title), encoding, declared, bom), {"content-type": "application/rss+xml"})
    assert feed.title == title
    (entry,) = feed.entries
    assert entry.title == "Caf\u00e9 talks resume"
    assert entry.url == "http://127.0.0.1/a"


def test_netscape_doctype_without_internal_subset_is_accepted():
    prolog = ('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
              '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n')
    feed = parse_feed(_encoded(_rss(prolog=prolog), "utf-8", "utf-8"))
    assert feed.title == "Meridian \u2014 World"
    assert [e.title for e in feed.entries] == ["Caf\u00e9 talks resume"]


def test_article_text_about_entities_is_not_a_declaration():
    # '<!ENTITY' inside the document body (here: CDATA in a description) declares nothing
    items = ("<item><title>How XML bombs work</title><link>http://127.0.0.1/b</link><guid>g2</guid>"
             '<description><![CDATA[An attacker writes <!ENTITY lol "lol"> and then ...]]>'
             "</description></item>")
    feed = parse_feed(_encoded(_rss(items=items), "utf-8", "utf-8"))
    assert len(feed.entries) == 2
    assert '!ENTITY lol "lol"' in (feed.entries[1].summary or "")


def test_malformed_feed_without_entities_is_not_refused():
    body = _encoded(_rss(items="<item><title>Unclosed & bare</title><link>http://127.0.0.1/c</link>"),
                    "utf-8", "utf-8")
    feed = parse_feed(body)
    assert feed.bozo is True
    assert "http://127.0.0.1/a" in [e.url for e in feed.entries]


# --- every text field is capped ---------------------------------------------------------------


def test_giant_text_fields_are_capped():
    big = "w" * 2_000_000
    items = (f"<item><title>{big}</title><link>http://127.0.0.1/{'p' * 10_000}</link><guid>{big}</guid>"
             f"<description>{big}</description><author>{'Jane Doe ' * 1_000}</author></item>"
             f"<item><title>ok</title><link>http://127.0.0.1/d</link><guid>g4</guid>"
             + "".join(f"<dc:creator>Author {i}</dc:creator>" for i in range(200)) + "</item>")
    body = _encoded(_rss(title=big, items=items), "utf-8", "utf-8").replace(
        b"<rss version", b'<rss xmlns:dc="http://purl.org/dc/elements/1.1/" version')
    feed = parse_feed(body)
    assert feed.title is not None and len(feed.title) == feed_parser.MAX_FEED_TITLE_CHARS
    huge = feed.entries[1]
    assert len(huge.title or "") == feed_parser.MAX_ENTRY_TITLE_CHARS
    assert len(huge.summary or "") == feed_parser.MAX_SUMMARY_CHARS
    assert huge.authors and all(len(a) <= feed_parser.MAX_AUTHOR_CHARS for a in huge.authors)
    assert huge.url is None and huge.canonical_url is None  # a 10,000-char link is dropped, not cut
    assert huge.entry_key.startswith("guid-sha256:") and len(huge.entry_key) < 100
    assert all(len(a) <= feed_parser.MAX_AUTHOR_CHARS for e in feed.entries for a in e.authors)
    assert all(len(e.authors) <= feed_parser.MAX_AUTHORS for e in feed.entries)


# --- truncation is recorded -------------------------------------------------------------------


def test_truncation_at_max_entries_is_recorded():
    total = feed_parser.MAX_ENTRIES + 150
    items = "".join(f"<item><title>t{i}</title><link>http://127.0.0.1/a{i}</link><guid>g{i}</guid></item>"
                    for i in range(total))
    body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>'
            f"{items}</channel></rss>").encode()
    feed = parse_feed(body)
    assert len(feed.entries) == feed_parser.MAX_ENTRIES
    assert feed.entries_total == total
    assert feed.truncated is True
    small = parse_feed((FEEDS / "world.xml").read_bytes())
    assert small.entries_total == len(small.entries) == 13
    assert small.truncated is False


# --- relative entry links resolve against the feed's own URL ----------------------------------


RELATIVE = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>/</link>
<item><title>A</title><link>/articles/a.html</link></item>
<item><title>B</title><link>b.html?x=1</link></item>
<item><title>C</title><link>//cdn.example.org/c</link></item>
<item><title>D</title><link>javascript:alert(1)</link></item>
</channel></rss>"""


@pytest.mark.parametrize("headers", [None, {"Content-Type": "application/rss+xml"}])
def test_relative_entry_links_resolve_against_base_url(headers):
    feed = parse_feed(RELATIVE, headers, base_url=f"{BASE}/feeds/world.xml")
    assert [e.url for e in feed.entries] == [
        f"{BASE}/articles/a.html", f"{BASE}/feeds/b.html?x=1", "http://cdn.example.org/c", None]
    assert [e.canonical_url for e in feed.entries][:2] == [f"{BASE}/articles/a.html",
                                                            f"{BASE}/feeds/b.html?x=1"]
    assert feed.entries[0].entry_key == f"link:{BASE}/articles/a.html"
    assert feed.bozo is False


def test_relative_links_without_base_url_are_not_article_urls():
    feed = parse_feed(RELATIVE)
    assert [e.url for e in feed.entries] == [None, None, None, None]


def test_xml_base_in_the_document_wins_over_the_feed_url():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://other.example/news/"><title>T</title>
<id>x</id><updated>2026-11-01T00:00:00Z</updated>
<entry><title>A</title><id>tag:x,2026:1</id><updated>2026-11-01T00:00:00Z</updated>
<link href="a.html"/></entry></feed>"""
    (entry,) = parse_feed(atom, base_url=f"{BASE}/feeds/p.atom").entries
    assert entry.url == "http://other.example/news/a.html"


# --- feedparser's author e-mail regex is quadratic in a long unbroken token ------------------

_RUN = "w" * 30_000  # about 3 s of feedparser's CPU; 100,000 would be about 70 s


@pytest.mark.parametrize(
    "author",
    [
        f"<author>{_RUN}</author>",
        f"<dc:creator>{_RUN}</dc:creator>",
        f"<managingEditor>{_RUN}</managingEditor>",
        f"<dc:creator><![CDATA[a</b>{_RUN}]]></dc:creator>",  # '</' inside CDATA is text
        "<author>" + "&#119;" * 30_000 + "</author>",  # character references
        "<author>" + "<!-- > -->".join(["w" * 15] * 2_000) + "</author>",  # split by comments
        "<author>" + '<x a=">">'.join(["w" * 15] * 2_000) + "</author>",  # split by tags
    ],
    ids=["author", "dc-creator", "managing-editor", "cdata", "char-refs", "comments", "tags"],
)
def test_giant_author_token_is_refused_before_parsing(author: str):
    body = ('<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>T</title><item><title>A</title>{author}<link>http://127.0.0.1/a</link>"
            "</item></channel></rss>").encode()
    with little_memory(8 * len(body) + 2_000_000), \
            pytest.raises(FeedParseError, match="author fields with giant unbroken tokens"):
        parse_feed(body)


def test_ordinary_bylines_cost_nothing():
    items = "".join(f"<item><title>t{i}</title><link>http://127.0.0.1/a{i}</link><guid>g{i}</guid>"
                    f"<author>jane.doe{i}@example.com (Jane Doe)</author>"
                    f"<dc:creator>Ann Lee-Smith, Staff Writer</dc:creator></item>" for i in range(2_000))
    body = ('<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>T</title><managingEditor>news@example.com</managingEditor>{items}"
            "</channel></rss>").encode()
    assert feed_parser.author_regex_cost(body) < feed_parser.AUTHOR_REGEX_BUDGET // 10
    feed = parse_feed(body)
    assert len(feed.entries) == 2_000
    assert feed.entries[0].authors  # bylines still read
