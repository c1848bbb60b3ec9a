"""A quote as a reader sees it, and the search's words marked in it: display only.

The warehouse keeps what the attribution guideline says (news.quotes.quote_text is the quote's
pieces joined by one space, the speech tag that interrupted them left out; `spans` holds each
piece's offsets). A reader needs to see where the tag was cut out, and not the comma the cut
left behind: "Data is not the problem. Trust is the problem, If the numbers…" reads as
"Data is not the problem. Trust is the problem … If the numbers…".
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from newsflow.warehouse.quote_search import HIT_END, HIT_START

JOINER = " … "
_PIECE_END = re.compile(r"[\s,;:]+$")


def _pieces(quote_text: str, spans: Any) -> list[str]:
    """quote_text cut back into its pieces by their lengths (it is the pieces joined by one space);
    the whole text as one piece when the spans do not describe it."""
    if not isinstance(spans, list) or len(spans) < 2:
        return [quote_text]
    lengths = []
    for span in spans:
        if not (isinstance(span, list | tuple) and len(span) == 2 and all(isinstance(x, int) for x in span)):
            return [quote_text]
        lengths.append(span[1] - span[0])
    if any(n < 0 for n in lengths) or sum(lengths) + len(lengths) - 1 != len(quote_text):
        return [quote_text]
    pieces, at = [], 0
    for n in lengths:
        pieces.append(quote_text[at:at + n])
        at += n + 1
    return pieces


def display_quote(quote_text: str | None, spans: Any = None) -> str:
    """The pieces joined with " … ", each without the trailing comma, colon or semicolon a speech
    tag leaves ("…what we have achieved," said the minister → "…what we have achieved")."""
    if not quote_text:
        return ""
    pieces = [_PIECE_END.sub("", p.strip()) for p in _pieces(quote_text, spans)]
    return JOINER.join(p for p in pieces if p)


def marked_html(marked: str) -> Markup:
    """Text from `quote_search.MARK_MATCHES_SQL` as HTML: everything escaped, then only its hit
    markers turned into <mark class="hit"> (an unmatched marker is dropped, never left open)."""
    out, open_ = [], False
    for part in re.split(f"([{HIT_START}{HIT_END}])", marked):
        if part == HIT_START and not open_:
            out.append('<mark class="hit">')
            open_ = True
        elif part == HIT_END and open_:
            out.append("</mark>")
            open_ = False
        elif part not in (HIT_START, HIT_END):
            out.append(str(escape(part)))
    if open_:
        out.append("</mark>")
    return Markup("".join(out))
