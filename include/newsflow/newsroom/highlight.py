"""Article text -> escaped HTML with entity mentions and quote spans marked in place.

Offsets come from the warehouse (character offsets into news.articles.text). Spans may nest (a
name inside a quote) or cross (a mention running over a quote's end): the text is cut at every
span boundary and each piece is wrapped in the marks covering it, closed and reopened where
they cross, so the HTML stays well formed. Every character of the text is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """A marked range [start, end) with the mark's class and attributes (values escaped on output)."""

    start: int
    end: int
    css_class: str
    attrs: Mapping[str, str] = field(default_factory=dict)


def _open_tag(span: Span) -> str:
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in span.attrs.items())
    return f'<mark class="{escape(span.css_class)}"{attrs}>'


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """`text` as HTML with a <mark> around each span; spans out of range or empty are ignored."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    # Outer first: earlier start, then longer span; quotes before entities on equal ranges.
    order = {id(s): n for n, s in enumerate(sorted(valid, key=lambda s: (s.start, -s.end, s.css_class != "quote")))}
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    out: list[str] = []
    stack: list[Span] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        active = sorted((s for s in valid if s.start <= left and right <= s.end), key=lambda s: order[id(s)])
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        stack = stack[:keep]
        for span in active[keep:]:
            out.append(_open_tag(span))
            stack.append(span)
        out.append(str(escape(text[left:right])))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))
