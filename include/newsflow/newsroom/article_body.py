"""The article page's text: its paragraphs and sub-headings as elements, with the entity mentions and
the quotes shown marked in place, each quote a link to its entry in the page's list of quotes.

The stored text (news.articles.text) is plain: blocks separated by a blank line, as extraction joins
them. Each block becomes a <p>, or an <h3> when it reads as a sub-heading (`is_subheading`); the
whitespace between blocks stays verbatim between the elements, so the elements' text is the
article's text, whole and in order. A mark running over a block boundary is cut there (a quote over
two paragraphs is two marks, both links). Every character of the text is escaped (`highlight`).

Quote n (1-based: the quotes shown, then the stances shown, in the page's order) is listed by the
template as #quote-n, whose parts #quote-n-by (speaker, cue) and #quote-n-how (kind, confidence)
describe the link to it; the first marked piece of quote n in the text is #quote-n-in-text, where
the list links back to (only for the quotes in `ArticleBody.in_text`: a malformed stored piece is
not marked, and then neither is any way back).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup, escape

from newsflow.extract.clean import looks_like_heading
from newsflow.newsroom.highlight import Span, highlight

# A blank line between two blocks (whitespace around it included): what extraction joins blocks with.
_GAP = re.compile(r"[^\S\n]*\n[^\S\n]*\n\s*")
# How a paragraph of prose ends (not ":" nor ";": a block ending so introduces what follows).
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", "…", ")", "»")
# How no heading ends: a line ending so runs on.
_RUNS_ON = (",", "-", "–", "—", "/", "&", "+")
HEADING_MAX_CHARS = 90


@dataclass(frozen=True)
class ArticleBody:
    html: Markup
    in_text: frozenset[int]  # the quote numbers marked in the text (the list links back to these)


def blocks(text: str) -> list[tuple[int, int]]:
    """[start, end) of each block of `text`: the runs between blank lines, without the whitespace
    at their edges (blocks of whitespace only are none)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for gap in [*_GAP.finditer(text), None]:
        end = gap.start() if gap else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            start = pos + len(chunk) - len(chunk.lstrip())
            out.append((start, start + len(stripped)))
        if gap:
            pos = gap.end()
    return out


def _prose(block: str | None, line: str) -> bool:
    """A paragraph around a sub-heading: longer than it, ending like a sentence."""
    return block is not None and len(block) > len(line) and block.rstrip().endswith(_SENTENCE_END)


def is_subheading(line: str, prev: str | None, nxt: str | None) -> bool:
    """Whether a block reads as a sub-heading, conservatively: one line of at most HEADING_MAX_CHARS
    characters and 2–14 words, capitalised, without final punctuation (a question is left a
    paragraph), standing alone between two paragraphs of prose (longer than it, ending like a
    sentence, not with a colon that introduces it):
    the extractor's own rule (`looks_like_heading`) with prose required on both sides. A line that
    runs on (a final comma or dash) is never one, and neither is the first or the last block."""
    if "\n" in line or len(line) > HEADING_MAX_CHARS or line.rstrip().endswith(_RUNS_ON):
        return False
    return _prose(prev, line) and _prose(nxt, line) and looks_like_heading(line, prev, nxt)


def _quote_spans(article: Mapping[str, Any]) -> list[Span]:
    """A span per stored piece of each quote and stance shown, linked to its entry in the list; the
    earliest valid piece of each carries the anchor the list links back to."""
    spans: list[Span] = []
    text_len = len(article["text"] or "")
    quotes: Sequence[Mapping[str, Any]] = [*article["quotes"], *article.get("stances", [])]
    for n, q in enumerate(quotes, start=1):
        pieces = q["spans"] or [[q["start_char"], q["end_char"]]]
        valid = [(p[0], p[1]) for p in pieces
                 if isinstance(p, list) and len(p) == 2 and all(type(x) is int for x in p)
                 and 0 <= p[0] < p[1] <= text_len]  # a malformed stored piece is not highlighted
        first = valid.index(min(valid)) if valid else -1
        for i, (start, end) in enumerate(valid):
            spans.append(Span(start, end, "quote",
                              {"data-quote": str(n), "data-kind": q["kind"],
                               "title": f"{q['speaker'] or 'unattributed'} ({q['cue'] or q['kind']})"},
                              link={"class": "quote-link", "href": f"#quote-{n}",
                                    "aria-describedby": f"quote-{n}-by quote-{n}-how"},
                              anchor=f"quote-{n}-in-text" if i == first else None))
    return spans


def _entity_spans(article: Mapping[str, Any]) -> list[Span]:
    return [Span(m["start_char"], m["end_char"], "entity",
                 {"data-label": m["label"], "data-entity": m["entity_key"],
                  "title": f"{m['canonical_name']} ({m['label']})"})
            for m in article["mentions"]]


def render_body(article: Mapping[str, Any]) -> ArticleBody:
    """The article's text as HTML blocks, entity mentions and the quotes and stances shown marked
    (those the threshold hid are not: the text is what the lists below it list)."""
    text = article["text"] or ""
    quote_spans = _quote_spans(article)
    spans = [*_entity_spans(article), *quote_spans]
    quoted = [(s.start, s.end) for s in quote_spans]
    parts = blocks(text)
    out: list[str] = []
    in_text: set[int] = set()
    anchored: set[str] = set()
    pos = 0
    for i, (start, end) in enumerate(parts):
        out.append(str(escape(text[pos:start])))  # the gap, verbatim
        pos = end
        piece = text[start:end]
        prev = text[slice(*parts[i - 1])] if i else None
        nxt = text[slice(*parts[i + 1])] if i + 1 < len(parts) else None
        heading = (is_subheading(piece, prev, nxt)
                   and not any(s < end and start < e for s, e in quoted))  # a quoted line is no heading
        inside: list[Span] = []
        for span in spans:
            s, e = max(span.start, start), min(span.end, end)
            if s >= e:
                continue
            anchor = span.anchor if span.anchor and span.anchor not in anchored else None
            if anchor:
                anchored.add(anchor)
            if span.css_class == "quote":
                in_text.add(int(span.attrs["data-quote"]))
            inside.append(replace(span, start=s - start, end=e - start, anchor=anchor))
        tag = "h3" if heading else "p"
        css = "article-subhead" if heading else "article-para"
        out.append(f'<{tag} class="{css}">{highlight(piece, inside)}</{tag}>')
    out.append(str(escape(text[pos:])))
    return ArticleBody(Markup("".join(out)), frozenset(in_text))


def article_html(article: Mapping[str, Any]) -> Markup:
    """`render_body(article).html`."""
    return render_body(article).html
