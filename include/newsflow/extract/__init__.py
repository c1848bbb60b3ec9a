"""HTML or plain text → `Article`: main text, clean-up, metadata, encodings, URL canonicalisation.

`extract_article` is imported on first use, so modules that need only the light parts (the
Article record, URL canonicalisation) do not load trafilatura and lxml."""

from __future__ import annotations

from typing import Any

__all__ = ["EXTRACTOR_VERSION", "extract_article", "sniff_not_html"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from newsflow.extract import page

        return getattr(page, name)
    raise AttributeError(f"module 'newsflow.extract' has no attribute {name!r}")
