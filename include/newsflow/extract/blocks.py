"""The clean-up pass over an article's blocks, and over a site's articles.

`clean_blocks` applies the single-line rules (`newsflow.extract.line_rules`) to every line in
order, with what a line means from its neighbours: a link run after a "Related" header, a list of
headlines. It never merges two paragraphs into one. `strip_site_repeats` drops what recurs on many
pages of one site, which no single-page rule can tell from prose.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from newsflow.extract.article import Block
from newsflow.extract.line_rules import (
    SHORT_LINE,
    is_byline,
    is_promo,
    is_promo_header,
    is_title_repeat,
    junk_reason,
    strip_photo_credit,
    strip_widget_suffix,
)
from newsflow.extract.normalize import WORD, count_words, ends_sentence, normalize_line, text_key


def _is_link_like(text: str) -> bool:
    """A list item or short headline in a 'Related' run (not a prose sentence)."""
    return len(text) < SHORT_LINE and (text.startswith(("-", "•", "*", "–", "—", "·"))
                                       or not ends_sentence(text) or count_words(text) <= 12)


def _headline_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) >= 4]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def is_headline_list(block: Block) -> bool:
    """A list whose every item is a short Title-Cased headline with no sentence end is a
    'related stories' link list (content lists are sentence-case or punctuated)."""
    if block.kind != "list":
        return False
    items = [x for x in block.text.split("\n") if x.strip()]
    # headlines have a verb phrase; name/place lists ('SpaceX, Hawthorne, California') don't
    return len(items) >= 2 and all(
        len(x) <= 120 and count_words(x) >= 4 and not ends_sentence(x) and _headline_case(x)
        for x in items) and sum(map(count_words, items)) >= 5 * len(items)


def clean_blocks(
    blocks: Sequence[Block],
    *,
    titles: Iterable[str] = (),
    authors: Iterable[str] = (),
) -> list[Block]:
    """Apply every rule to every block; list blocks are cleaned item by item.

    `titles` are the headline/standfirst variants and `authors` the byline names: body
    lines equal to them are duplicates. Paragraphs are never merged; whitespace inside a
    line is normalised and the text NFC-normalised.
    """
    titles = {text_key(t) for t in titles if t}  # is_title_repeat accepts a set of keys
    authors = list(authors)
    out: list[Block] = []
    in_promo_run = False  # after a bare 'Related' / "DON'T MISS" header: drop the link run
    after_promo = False  # the previous line was a promo: a link list right after it goes too
    for block in blocks:
        lines = [normalize_line(x) for x in block.text.split("\n")]
        lines = [x for x in (strip_widget_suffix(strip_photo_credit(x)) for x in lines)
                 if x and WORD.search(x)]
        if after_promo and block.kind == "list" and lines and all(map(_is_link_like, lines)):
            continue
        if is_headline_list(Block(block.kind, "\n".join(lines))):
            continue
        kept: list[str] = []
        for line in lines:
            if in_promo_run:
                if _is_link_like(line) and not is_title_repeat(line, titles):
                    continue
                in_promo_run = False
            if is_promo_header(line):
                in_promo_run = after_promo = True
                continue
            if is_promo(line):
                after_promo = True
                continue
            if junk_reason(line) or is_title_repeat(line, titles) or is_byline(line, authors):
                continue
            after_promo = False
            kept.append(line)
        if kept:
            out.append(Block(block.kind, "\n".join(kept)))
    return out


def strip_site_repeats(
    docs: list[list[str]], min_docs: int = 3, min_share: float = 0.5
) -> list[list[str]]:
    """Drop paragraphs that recur verbatim across many articles of one site.

    Sign-offs, disclaimers and 'About the company' boxes repeat on every page of a site;
    no single-page rule can tell them from prose, but counting across a host's articles
    can. A paragraph is removed when it appears in at least `min_docs` documents and in
    at least `min_share` of them. The pipeline calls this once per host.
    """
    if len(docs) < min_docs:
        return [list(d) for d in docs]
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update({text_key(p) for p in doc if text_key(p)})
    threshold = max(min_docs, min_share * len(docs))
    repeated = {k for k, n in counts.items() if n >= threshold}
    return [[p for p in doc if text_key(p) not in repeated] for doc in docs]
