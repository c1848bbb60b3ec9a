"""Text-level clean-up shared by HTML extraction and plain-text input: where each part lives.

Extractors (ours included) keep lines that are not article prose: photo credits, image alt text,
"Read more" promos, newsletter pitches, bylines, datelines, tag lists. Each one costs precision on
benchmarks and, worse, feeds NER and quote attribution with sentences nobody wrote. The work is
split by job; this module keeps every name importable from here, as it was before the split:

- `newsflow.extract.normalize`: one line made canonical, comparison keys, word counts;
- `newsflow.extract.line_rules`: the single-line rules, one small named function each;
- `newsflow.extract.blocks`: `clean_blocks`, the pass over an article's blocks that applies them
  in order and never merges two paragraphs; `strip_site_repeats` across a site's articles;
- `newsflow.extract.body`: an Article's text, paragraphs and status from its clean blocks;
- `newsflow.extract.markup`: HTML fragments without a parser (`drop_elements`);
- `newsflow.extract.plain_text`: `clean_text`, text that arrived without HTML.
"""

from __future__ import annotations

from newsflow.extract.blocks import clean_blocks, is_headline_list, strip_site_repeats
from newsflow.extract.body import (
    MIN_BODY_CHARS,
    MIN_BODY_WORDS,
    PROSE_KINDS,
    body_status,
    fill_body,
)
from newsflow.extract.line_rules import (
    LINE_RULES,
    SHORT_LINE,
    is_byline,
    is_caption_remnant,
    is_contact_line,
    is_copyright_line,
    is_dateline_only,
    is_label_line,
    is_photo_credit,
    is_promo,
    is_promo_header,
    is_reporting_credit,
    is_title_repeat,
    junk_reason,
    strip_photo_credit,
    strip_widget_suffix,
)
from newsflow.extract.markup import drop_elements, html_fragment_to_text
from newsflow.extract.normalize import normalize_line, text_key
from newsflow.extract.plain_text import STANDFIRST_MAX_CHARS, clean_text, looks_like_heading

__all__ = [
    "LINE_RULES", "MIN_BODY_CHARS", "MIN_BODY_WORDS", "PROSE_KINDS", "SHORT_LINE", "STANDFIRST_MAX_CHARS",
    "body_status", "clean_blocks", "clean_text", "drop_elements", "fill_body", "html_fragment_to_text",
    "is_byline", "is_caption_remnant", "is_contact_line", "is_copyright_line", "is_dateline_only",
    "is_headline_list", "is_label_line", "is_photo_credit", "is_promo", "is_promo_header",
    "is_reporting_credit", "is_title_repeat", "junk_reason", "looks_like_heading", "normalize_line",
    "strip_photo_credit", "strip_site_repeats", "strip_widget_suffix", "text_key",
]
