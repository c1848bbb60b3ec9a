"""The Article record shared by extraction, clean-up and loading."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Statuses an article can end in; only OK articles go on to the NLP stage.
OK = "ok"
EMPTY = "empty"
TOO_SHORT = "too_short"
NOT_HTML = "not_html"
TOO_LARGE = "too_large"
BLOCKED = "blocked"
PAYWALLED = "paywalled"
HTTP_ERROR = "http_error"
ERROR = "error"
STATUSES = (OK, EMPTY, TOO_SHORT, NOT_HTML, TOO_LARGE, BLOCKED, PAYWALLED, HTTP_ERROR, ERROR)


@dataclass
class Block:
    """One block of the body: kind is 'paragraph', 'heading', 'quote' or 'list'."""

    kind: str
    text: str


@dataclass
class Article:
    title: str | None = None
    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    standfirst: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    language: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    status: str = OK
    status_reason: str | None = None
    extractor: str = "newsflow"
    extractor_version: str = ""
