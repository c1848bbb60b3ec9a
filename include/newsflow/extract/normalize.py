"""Line normalisation and the comparisons every clean-up rule shares: one line of text made
canonical (NFC, single spaces, no invisible characters), a key that ignores case, punctuation and
spacing, word counts and sentence ends."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")
_END_PUNCT = ('.', '!', '?', '"', '”', '’', "'", '…', ':', ';', ')', '»', '。', '！', '？')


def normalize_line(text: str) -> str:
    """NFC + collapse runs of spaces/nbsp inside a line; never touches line structure."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        # soft hyphen, BOM and zero-width space are invisible but split words for NLP
        text = text.replace("\u00ad", "").replace("\ufeff", "").replace("\u200b", "")
    return " ".join(text.split())  # str.split() knows every Unicode space, nbsp included


def text_key(text: str) -> str:
    """Comparison key: case-folded word tokens, so punctuation/spacing differences vanish."""
    return " ".join(WORD.findall(text.casefold()))


def count_words(text: str) -> int:
    """Word tokens (`\\w+`): the size measure the rules' thresholds are written in."""
    return len(WORD.findall(text))


def ends_sentence(text: str) -> bool:
    """Ends in sentence punctuation or a closing quote: prose, unlike a label or a link."""
    return text.rstrip().endswith(_END_PUNCT)
