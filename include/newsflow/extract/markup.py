"""Small HTML fragments without a parser: elements dropped in one linear pass, and a fragment
turned into text with its paragraph breaks (a feed's full-text field, a hostile page's scripts)."""

from __future__ import annotations

import re

_HTML_BREAK = re.compile(r"<br\s*/?>", re.I)
_HTML_PARA_END = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|blockquote|section|article|figure"
                            r"|table|tr)\b[^>]*>", re.I)
_FRAGMENT_DROP = ("script", "style", "figcaption")
_HTML_TAG = re.compile(r"<[^>]+>")


def drop_elements(markup: str, tags: tuple[str, ...], replacement: str = " ") -> str:
    """`markup` without the named elements (content included) and without comments, in one pass.

    What `re.sub(r"<(tag)\\b.*?</\\1\\s*>|<!--.*?-->", …)` does, without its cost on hostile
    pages: there every unclosed opener rescans the rest of the page (200,000 `<script>` took an
    hour). Here an element with no closing tag is left as it is, and once a tag is known to have
    no closing tag further on, its later openers are not searched again: linear in the page."""
    names = "|".join(map(re.escape, tags))
    opener = re.compile(rf"<({names})\b|<!--", re.I)
    closers = {t: re.compile(rf"</{re.escape(t)}\s*>", re.I) for t in tags}
    unclosed: set[str] = set()  # lower-cased tag names (or "--") with no closing tag ahead
    out: list[str] = []
    pos = kept = 0
    while (m := opener.search(markup, pos)) is not None:
        name = (m.group(1) or "--").lower()
        if name in unclosed:
            pos = m.end()
            continue
        if name == "--":
            close_at = markup.find("-->", m.end())
            end = close_at + 3 if close_at >= 0 else -1
        else:
            close = closers[next(t for t in tags if t.lower() == name)].search(markup, m.end())
            end = close.end() if close else -1
        if end < 0:
            unclosed.add(name)
            pos = m.end()
            continue
        out.append(markup[kept:m.start()])
        out.append(replacement)
        pos = kept = end
    out.append(markup[kept:])
    return "".join(out)


def html_fragment_to_text(fragment: str) -> str:
    """Feed full-text fields often carry a little HTML: keep its paragraph breaks, drop
    the tags, unescape entities (one paragraph per line, blank line between)."""
    import html

    text = drop_elements(fragment, _FRAGMENT_DROP)
    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_PARA_END.sub("\n\n", text)
    text = html.unescape(_HTML_TAG.sub("", text))
    return re.sub(r"\n\s*\n\s*", "\n\n", text).strip()
