"""HTML or plain text → `Article`: main text, clean-up, metadata, encodings, URL canonicalisation."""

from newsflow.extract.page import EXTRACTOR_VERSION, extract_article, sniff_not_html

__all__ = ["EXTRACTOR_VERSION", "extract_article", "sniff_not_html"]
