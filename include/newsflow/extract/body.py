"""An Article's body from its clean blocks: text, paragraphs and whether it is an article at all
(OK, EMPTY or TOO_SHORT)."""

from __future__ import annotations

import re

from newsflow.extract.article import EMPTY, OK, TOO_SHORT, Article, Block
from newsflow.extract.normalize import count_words

# Below these sizes the "article" is a teaser, a stub or an error page.
MIN_BODY_CHARS = 300
MIN_BODY_WORDS = 50
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

PROSE_KINDS = ("paragraph", "quote")


def body_status(text: str) -> tuple[str, str | None]:
    """OK, EMPTY or TOO_SHORT for a cleaned body, with a short reason."""
    n_chars = len(text.strip())
    if n_chars == 0:
        return EMPTY, "no body text found"
    n_words = count_words(text)
    cjk = len(_CJK.findall(text)) > n_chars // 4
    if n_chars < MIN_BODY_CHARS or (n_words < MIN_BODY_WORDS and not cjk):
        return TOO_SHORT, f"body has {n_chars} chars / {n_words} words"
    return OK, None


def fill_body(article: Article, blocks: list[Block]) -> Article:
    """Set text/paragraphs/blocks (and an OK/EMPTY/TOO_SHORT status) from clean blocks."""
    article.blocks = blocks
    article.text = "\n\n".join(b.text for b in blocks)
    article.paragraphs = [b.text for b in blocks if b.kind in PROSE_KINDS]
    article.status, article.status_reason = body_status("\n".join(article.paragraphs)
                                                        or article.text)
    return article
