"""HTML page -> clean Article.

trafilatura in precision mode is the base (the best of the open extractors on news
pages); we parse the page once, read metadata from that tree, run trafilatura on
it, fall back to its default (recall-leaning) mode only when the precision pass
comes back nearly empty, turn its XML body into typed blocks, then apply the shared
clean-up rules from `newsflow.extract.clean`. Bad input never raises: it ends in a status.
"""

from __future__ import annotations

import codecs
import logging
import re

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newsflow import __version__
from newsflow.extract.article import EMPTY, ERROR, NOT_HTML, OK, PAYWALLED, Article, Block
from newsflow.extract.clean import clean_blocks, drop_elements, fill_body, normalize_line
from newsflow.extract.clean import text_key as _key
from newsflow.extract.encoding import decode_html
from newsflow.extract.metadata import Metadata, extract_metadata

EXTRACTOR_VERSION = f"newsflow-{__version__}+trafilatura-{trafilatura.__version__}"
# A precision pass shorter than this (in characters) gets a second, default-mode pass.
RECALL_FALLBACK_CHARS = 300
# Pages above this many characters lose scripts/styles/comments, then the excess tail:
# real article HTML is far smaller, and parse+extract time grows with the tree.
MAX_PAGE_CHARS = 1_500_000
# Above this size the (second) recall pass is skipped to bound the time per page.
FALLBACK_MAX_CHARS = 750_000
# Marked not-free pages whose body is at least this long did serve the full text.
PAYWALL_FULLTEXT_CHARS = 1500

# trafilatura logs every discarded page at WARNING; a pipeline run would drown in them.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_MAGIC = (
    (b"%PDF", "PDF document"), (b"\x89PNG", "PNG image"), (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"), (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"), (b"RIFF", "RIFF media"), (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"), (b"\x00\x00\x00", "binary media"),
    (b"{\\rtf", "RTF document"), (b"\xd0\xcf\x11\xe0", "MS Office document"),
)
_TAG = re.compile(rb"<\s*(?:!doctype|html|head|body|div|p|article|meta|title|span|section|a|br"
                  rb"|h[1-6]|table|main|script)\b", re.I)
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13))
_PAYWALL_TEASER = re.compile(
    r"\b(?:subscribe (?:now )?to (?:continue|read|keep reading|unlock)|"
    r"(?:to )?continue reading,? (?:please )?(?:subscribe|log in|sign in|become)|"
    r"this (?:article|content|story) is (?:only )?(?:available|reserved|exclusive) (?:to|for) "
    r"(?:subscribers|members)|already a subscriber\??|subscribers only|"
    r"you(?:'ve| have) reached (?:your|the) (?:limit|maximum) of free articles|"
    r"become a (?:subscriber|member) to (?:read|continue)|unlock this article)\b",
    re.I,
)


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the start is ASCII text interleaved with NUL bytes."""
    head = data[:400]
    if len(head) < 40 or head.count(0) < len(head) // 3:
        return None
    if not any(head[1::2]) and head[0::2].isascii():
        return "utf-16-le"
    if not any(head[0::2]) and head[1::2].isascii():
        return "utf-16-be"
    return None


def sniff_not_html(data: bytes) -> str | None:
    """A reason when bytes are clearly not an HTML page (PDF, image, JSON, binary)."""
    head = data[:2048]
    stripped = head.lstrip()
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"looks like {what}"
    if stripped[:1] in (b"{", b"[") and not _TAG.search(data[:65536]):
        return "looks like JSON"
    if head.count(b"\x00") > 8 and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data (NUL bytes)"
    sample = data[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls / len(sample) > 0.1:
        return "binary data (control bytes)"
    if not _TAG.search(data[:65536]) and b"<" not in data[:65536]:
        return "no HTML markup"
    return None


_HEAVY = ("script", "style", "svg", "noscript", "template")
#: A tag longer than this is cut to it (its remaining attributes dropped): 100,000 attributes on
#: one element made every parse of the page take seconds.
MAX_TAG_CHARS = 8192
#: Elements read from one page; the rest is cut with a note (big real pages have ~10,000).
MAX_ELEMENTS = 50_000
_LONG_TAG = re.compile(rf"<([A-Za-z][^<>]{{{MAX_TAG_CHARS}}})[^<>]*>")
_ELEMENT = re.compile(r"<[A-Za-z]")


def shrink_page(page: str, limit: int = MAX_PAGE_CHARS) -> tuple[str, str | None]:
    """Bound the work on any page, whatever its shape, in linear time: huge pages lose their
    script/style/svg/comments and then their tail, over-long tags their extra attributes, and
    pages with too many elements the elements beyond MAX_ELEMENTS. Returns the page and a note
    when something was cut."""
    notes = []
    if len(page) > limit:
        page = drop_elements(page, _HEAVY)
        if len(page) > limit:
            page = page[:limit]
            notes.append(f"page truncated to {limit} chars")
    if len(page) > MAX_TAG_CHARS:
        page, cut = _LONG_TAG.subn(r"<\1>", page)
        if cut:
            notes.append(f"{cut} tag(s) over {MAX_TAG_CHARS} chars cut")
    if len(page) > 3 * MAX_ELEMENTS:
        for n, m in enumerate(_ELEMENT.finditer(page), 1):
            if n > MAX_ELEMENTS:
                page = page[:m.start()]
                notes.append(f"page cut after {MAX_ELEMENTS} elements")
                break
    return page, "; ".join(notes) or None


def _elem_text(el: etree._Element) -> str:
    """Text of a trafilatura XML element with <lb/> kept as line breaks."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if node.tag in ("item", "row", "p", "head", "quote") and node is not el:
            parts.append("\n")
        elif node.tag == "cell":
            parts.append(" ")

    walk(el)
    return "".join(parts)


_KINDS = {"p": "paragraph", "head": "heading", "quote": "quote", "list": "list",
          "table": "paragraph", "div": "paragraph"}


def body_blocks(body: etree._Element | None) -> list[Block]:
    """Typed blocks from trafilatura's XML body; a <p> with <lb/> becomes one block per
    line (those are separate paragraphs on the page, never one sentence)."""
    blocks: list[Block] = []
    if body is None:
        return blocks
    if body.text and body.text.strip():
        blocks.append(Block("paragraph", body.text))
    for child in body:
        kind = _KINDS.get(child.tag, "paragraph")
        text = _elem_text(child)
        if kind in ("list",):
            lines = [normalize_line(x) for x in text.split("\n")]
            text = "\n".join(x for x in lines if x)
            if text:
                blocks.append(Block(kind, text))
        else:
            for line in text.split("\n"):
                if line.strip():
                    blocks.append(Block(kind, line))
        if child.tail and child.tail.strip():
            blocks.append(Block("paragraph", child.tail))
    return blocks


def _run_trafilatura(tree: HtmlElement, url: str | None, precision: bool):
    return trafilatura.bare_extraction(
        tree, url=url, favor_precision=precision, include_comments=False,
        with_metadata=False, include_tables=True,
    )


def _extract_body(tree: HtmlElement, url: str | None, fallback: bool = True) -> list[Block]:
    """Precision pass; a default-mode pass only when that came back nearly empty."""
    doc = _run_trafilatura(tree, url, precision=True)
    text = (doc.text or "") if doc is not None else ""
    if fallback and len(text) < RECALL_FALLBACK_CHARS:
        alt = _run_trafilatura(tree, url, precision=False)
        if alt is not None and len(alt.text or "") > len(text):
            doc = alt
    return body_blocks(doc.body if doc is not None else None)


# Paragraph-sized text worth recovering (shorter ones are captions, labels, links).
RECOVER_MIN_CHARS = 100
# ...and only when enough is missing to look like whole chunks of a split article.
RECOVER_MIN_PARAS = 3
RECOVER_MIN_SHARE = 0.25
_LONG_P = etree.XPath("//p[string-length(normalize-space(.)) >= 40]")
_BOILER_ANCESTORS = {"footer", "nav", "aside", "header", "form", "figure", "figcaption"}


def _signature(el: HtmlElement) -> tuple[str, str] | None:
    return (el.tag, el.get("class") or "") if el is not None and el.get("class") else None


def recover_split_body(tree: HtmlElement, blocks: list[Block]) -> list[Block]:
    """Add back article paragraphs the extractor skipped because the page splits the body
    into several sibling containers (ads or embeds between chunks).

    The container class that holds most of the extracted paragraphs is the article's; long
    <p> in other containers with that same tag and class are inserted in page order.
    """
    if not blocks:
        return blocks
    index = {_key(b.text): i for i, b in enumerate(blocks) if len(b.text) >= 40}
    if not index:
        return blocks
    paras: list[tuple[HtmlElement, str, tuple[str, str] | None]] = []
    sig_count: dict[tuple[str, str], int] = {}
    containers: dict[tuple[str, str], set[int]] = {}
    for p in _LONG_P(tree):
        key = _key(p.text_content())
        parent = p.getparent()
        sig = _signature(parent)
        paras.append((p, key, sig))
        if sig and key in index:
            sig_count[sig] = sig_count.get(sig, 0) + 1
            containers.setdefault(sig, set()).add(id(parent))
    if not sig_count:
        return blocks
    best = max(sig_count, key=sig_count.__getitem__)
    if sig_count[best] < 2:
        return blocks
    seen: set[str] | None = None
    recovered = recovered_chars = 0
    inserts: dict[int, list[str]] = {}
    last = -1
    pending: list[str] = []
    for p, key, sig in paras:
        if key in index:
            last = index[key]
            if pending:  # missing paragraphs before the first extracted one
                inserts.setdefault(last - 1, []).extend(pending)
                pending = []
            continue
        if sig != best or len(key) < RECOVER_MIN_CHARS or id(p.getparent()) in containers[best]:
            continue
        if any(a.tag in _BOILER_ANCESTORS for a in p.iterancestors()):
            continue
        if seen is None:  # built only when there is a candidate
            out_words = " ".join(index).split()
            seen = {" ".join(out_words[i:i + 4]) for i in range(max(1, len(out_words) - 3))}
        words = key.split()
        grams = {" ".join(words[i:i + 4]) for i in range(max(1, len(words) - 3))}
        if sum(g in seen for g in grams) > len(grams) // 2:
            continue  # already in the output in another shape (split lines, stripped links)
        text = normalize_line(p.text_content())
        recovered += 1
        recovered_chars += len(text)
        if last < 0:
            pending.append(text)
        else:
            inserts.setdefault(last, []).append(text)
    extracted_chars = sum(len(b.text) for b in blocks)
    if recovered < RECOVER_MIN_PARAS or recovered_chars < RECOVER_MIN_SHARE * extracted_chars:
        return blocks  # a stray paragraph or two is more likely boilerplate than article
    out: list[Block] = [Block("paragraph", t) for t in inserts.get(-1, [])]
    for i, b in enumerate(blocks):
        out.append(b)
        out.extend(Block("paragraph", t) for t in inserts.get(i, ()))
    return out


_TEXT_WITH = etree.XPath("//body//text()[contains(., $needle)]")
STANDFIRST_MAX_CHARS = 400


def find_standfirst(tree: HtmlElement, md: Metadata, blocks: list[Block]) -> str | None:
    """The dek: the page element showing the meta description, when the body lacks it.

    Sites put the dek (and sometimes the lead) in a 'summary' box outside the body
    container. On the Zyte benchmark, adding such boxes to the body cost more precision
    (deks are not body text) than it gained, so the box becomes the standfirst instead.
    """
    desc = md.description
    if not desc or len(desc) < 40 or not blocks:
        return None
    head = " ".join(_key(desc).split()[:8])
    if head in _key(" ".join(b.text for b in blocks)):
        return None
    needle = desc[:30].rsplit(" ", 1)[0] if " " in desc[:30] else desc[:30]
    if len(needle) < 15:
        return None
    for node in _TEXT_WITH(tree, needle=needle):
        el = node.getparent()
        if el is None or any(a.tag in _LEAD_SKIP for a in (el, *el.iterancestors())):
            continue
        # climb out of inline tags (<a>, <strong>) to the paragraph-level element
        while el.tag in _INLINE and el.getparent() is not None:
            el = el.getparent()
        text = normalize_line(el.text_content())
        if len(text) <= STANDFIRST_MAX_CHARS and _key(text).startswith(head):
            return text
    return None


_LEAD_SKIP = {"script", "style", "noscript", "nav", "aside", "footer", "figure", "figcaption",
              "template", "meta", "title", "head", "a", "button", "form"}
_INLINE = {"span", "strong", "b", "em", "i", "u", "small", "font", "mark"}


def _standfirst(md: Metadata, blocks: list[Block]) -> str | None:
    """The dek: the page's description when it is shown as a (non-body) line near the top."""
    desc = md.description
    if not desc:
        return None
    key = _key(desc)
    for b in blocks[:3]:
        if b.kind == "heading" and _key(b.text) == key:
            return desc
    return None


def _paywall(article: Article, md: Metadata, raw_text: str) -> None:
    """Mark paywalled pages: JSON-LD isAccessibleForFree false (unless the full text was
    served anyway) or a subscribe-to-continue teaser with little text."""
    body_len = len("\n".join(article.paragraphs))
    if md.accessible_for_free is False and body_len < PAYWALL_FULLTEXT_CHARS:
        article.status = PAYWALLED
        article.status_reason = f"isAccessibleForFree=false, body {body_len} chars"
    elif article.status != OK or body_len < PAYWALL_FULLTEXT_CHARS:
        m = _PAYWALL_TEASER.search(raw_text[-3000:] if raw_text else "")
        if m and body_len < PAYWALL_FULLTEXT_CHARS:
            article.status = PAYWALLED
            article.status_reason = f"paywall teaser ({m.group(0)!r}), body {body_len} chars"


def extract_article(html: bytes | str, url: str | None = None) -> Article:
    """Extract the article body and metadata from one HTML page; never raises.

    The status tells what happened: ok, empty, too_short, not_html, paywalled or
    error (with the exception in status_reason).
    """
    article = Article(extractor="newsflow", extractor_version=EXTRACTOR_VERSION)
    try:
        if html is None or len(html) == 0:
            article.status, article.status_reason = EMPTY, "empty input"
            return article
        if isinstance(html, bytes | bytearray | memoryview):
            data = bytes(html)
            if data.startswith(_WIDE_BOMS):  # UTF-16/32 text: NUL bytes are not binary here
                return extract_article(decode_html(data), url)
            wide = _bomless_utf16(data)
            if wide:
                return extract_article(data.decode(wide, "replace"), url)
            reason = sniff_not_html(data)
            if reason:
                article.status, article.status_reason = NOT_HTML, reason
                return article
            page = decode_html(data)
        elif isinstance(html, str):
            reason = sniff_not_html(html[:65536].encode("utf-8", "replace"))
            if reason:
                article.status, article.status_reason = NOT_HTML, reason
                return article
            page = decode_html(html)
        else:
            article.status = ERROR
            article.status_reason = f"unsupported input type {type(html).__name__}"
            return article
        page, note = shrink_page(page)
        tree = load_html(page)
        if tree is None:
            article.status, article.status_reason = NOT_HTML, "could not parse as HTML"
            return article
        md = extract_metadata(tree, url)
        blocks = _extract_body(tree, url, fallback=len(page) <= FALLBACK_MAX_CHARS)
        blocks = recover_split_body(tree, blocks)
        raw_text = "\n".join(b.text for b in blocks)
        article.standfirst = _standfirst(md, blocks) or find_standfirst(tree, md, blocks)
        titles = list(md.title_variants)
        if article.standfirst:
            titles.append(article.standfirst)
        blocks = clean_blocks(blocks, titles=titles, authors=md.authors)
        fill_body(article, blocks)
        article.title = md.title
        article.authors = md.authors
        article.published_at = md.published_at
        article.language = md.language
        article.canonical_url = md.canonical_url
        article.site_name = md.site_name
        _paywall(article, md, raw_text)
        if note and article.status_reason is None:
            article.status_reason = note
    except Exception as exc:  # noqa: BLE001 - bad pages must end in a status, not a crash
        article.status = ERROR
        article.status_reason = f"{type(exc).__name__}: {str(exc)[:200]}"
    return article
