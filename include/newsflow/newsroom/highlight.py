"""Article text -> escaped HTML with entity mentions and quote spans marked in place.

Offsets come from the warehouse (character offsets into news.articles.text). Spans may nest (a
name inside a quote) or cross (a mention running over a quote's end): the text is cut at every
span boundary and each piece is wrapped in the marks covering it, closed and reopened where
they cross, so the HTML stays well formed. Every character of the text is escaped.

A span may make its text a link (`Span.link`: an <a> inside each of its marks; never inside
another link, where HTML cannot nest one, so a span inside a linked span is linked only where it
runs on past it) and carry an anchor (`Span.anchor`: an id on its first mark only, however often
it is cut).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """A marked range [start, end) with the mark's class and attributes (values escaped on output);
    `link`: the attributes of an <a> around the text inside the mark (href among them); `anchor`:
    the id of its first mark."""

    start: int
    end: int
    css_class: str
    attrs: Mapping[str, str] = field(default_factory=dict)
    link: Mapping[str, str] | None = None
    anchor: str | None = None


def _attrs(attrs: Mapping[str, str]) -> str:
    return "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())


def _open_tag(span: Span, first: bool, linked: bool) -> str:
    anchor = f' id="{escape(span.anchor)}"' if first and span.anchor else ""
    tag = f'<mark class="{escape(span.css_class)}"{_attrs(span.attrs)}{anchor}>'
    return tag + (f"<a{_attrs(span.link)}>" if linked and span.link is not None else "")


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """`text` as HTML with a <mark> around each span; spans out of range or empty are ignored."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    # Outer first: earlier start, then longer span; quotes before entities on equal ranges.
    order = {id(s): n for n, s in enumerate(sorted(valid, key=lambda s: (s.start, -s.end, s.css_class != "quote")))}
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    out: list[str] = []
    stack: list[tuple[Span, bool]] = []  # open marks, outer first, each with whether it holds a link
    opened: set[int] = set()

    def close(entries: list[tuple[Span, bool]]) -> None:
        out.extend("</a></mark>" if linked else "</mark>" for _, linked in reversed(entries))

    for left, right in zip(cuts, cuts[1:], strict=False):
        active = sorted((s for s in valid if s.start <= left and right <= s.end), key=lambda s: order[id(s)])
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep][0] is active[keep]:
            keep += 1
        close(stack[keep:])
        stack = stack[:keep]
        for span in active[keep:]:
            linked = span.link is not None and not any(inside_link for _, inside_link in stack)
            out.append(_open_tag(span, id(span) not in opened, linked))
            opened.add(id(span))
            stack.append((span, linked))
        out.append(str(escape(text[left:right])))
    close(stack)
    return Markup("".join(out))
