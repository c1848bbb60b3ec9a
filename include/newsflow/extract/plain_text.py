"""Clean text that arrived without HTML (a feed's full-text field, a pasted page) into an
Article: title and standfirst from its first lines, paragraphs from its line breaks, the same
clean-up rules as extracted HTML, sub-headings as heading blocks."""

from __future__ import annotations

import re

from newsflow.extract.article import Article, Block
from newsflow.extract.blocks import clean_blocks
from newsflow.extract.body import fill_body
from newsflow.extract.line_rules import junk_reason
from newsflow.extract.markup import html_fragment_to_text
from newsflow.extract.normalize import count_words, ends_sentence, normalize_line

_HEADING_MAX_WORDS = 14
STANDFIRST_MAX_CHARS = 320


def looks_like_heading(line: str, prev: str | None, nxt: str | None) -> bool:
    """A short, unpunctuated, capitalised line between prose lines is a sub-heading:
    keeping it as its own block stops NLP from gluing it onto the next sentence."""
    if nxt is None or prev is None:
        return False
    if len(line) > 120 or count_words(line) > _HEADING_MAX_WORDS or count_words(line) < 2:
        return False
    if ends_sentence(line) or not line[:1].isupper():
        return False
    return len(nxt) > len(line)


def _split_paragraphs(text: str) -> list[list[str]]:
    """Blank-line separated groups of lines. Hard-wrapped prose (most lines of similar
    width, no sentence end) is re-joined within a group; otherwise each line is kept
    as its own paragraph, because feeds and pasted pages use one line per paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    groups = [[normalize_line(x) for x in g.split("\n")] for g in re.split(r"\n\s*\n", text)]
    groups = [[x for x in g if x] for g in groups]
    groups = [g for g in groups if g]
    lines = [x for g in groups for x in g]
    multi = [g for g in groups if len(g) > 1]
    if multi and len(lines) >= 6:
        widths = sorted(len(x) for g in multi for x in g[:-1])
        unended = sum(1 for g in multi for x in g[:-1] if not ends_sentence(x))
        inner = sum(len(g) - 1 for g in multi)
        median = widths[len(widths) // 2]
        if 40 <= median <= 100 and unended > 0.6 * inner and widths[-1] <= median * 1.3:
            return [[" ".join(g)] for g in groups]
    return groups


_HTML_BLOCK = re.compile(r"<(?:p|br|div|li|h[1-6]|blockquote)\b[^>]*>", re.I)


def clean_text(text: str) -> Article:
    """Clean text that arrived without HTML (a feed's full-text field, a pasted page).

    The first line is taken as the title when it reads like one; a short standalone
    paragraph right after it is the standfirst. Body lines then go through the same
    rules as extracted HTML, and short unpunctuated lines between prose become heading
    blocks. Never raises on odd input.
    """
    article = Article(extractor="newsflow", extractor_version=_version())
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if _HTML_BLOCK.search(text):
        text = html_fragment_to_text(text)
    groups = _split_paragraphs(text)
    if not groups:
        return fill_body(article, [])
    first = groups[0][0]
    if len(groups[0]) >= 1 and len(first) <= 200 and not first.endswith((".", ";", ",")) \
            and sum(len(x) for g in groups for x in g) > 2 * len(first):
        article.title = first
        groups[0] = groups[0][1:]
        groups = [g for g in groups if g]
        # a dek stands alone before the body; when every paragraph stands alone we cannot
        # tell it from a lead paragraph, so only a short one counts
        one_per_group = all(len(g) == 1 for g in groups)
        max_dek = STANDFIRST_MAX_CHARS // 2 if one_per_group else STANDFIRST_MAX_CHARS
        if len(groups) > 1 and len(groups[0]) == 1 and 20 <= len(groups[0][0]) <= max_dek \
                and not junk_reason(groups[0][0]):
            article.standfirst = groups.pop(0)[0]
    titles = [t for t in (article.title, article.standfirst) if t]
    blocks = [Block("paragraph", x) for g in groups for x in g]
    blocks = clean_blocks(blocks, titles=titles)
    texts = [b.text for b in blocks]
    for i, b in enumerate(blocks):
        prev = texts[i - 1] if i > 0 else None
        nxt = texts[i + 1] if i + 1 < len(texts) else None
        if looks_like_heading(b.text, prev, nxt):
            b.kind = "heading"
    return fill_body(article, blocks)


def _version() -> str:
    from newsflow import __version__

    return f"newsflow-{__version__}"
