"""The Article record shared by extraction, clean-up and loading."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsflow.statuses import ArticleStatus

# The members under short names, for the extraction modules' own rules.
OK, EMPTY, TOO_SHORT, NOT_HTML = ArticleStatus.OK, ArticleStatus.EMPTY, ArticleStatus.TOO_SHORT, ArticleStatus.NOT_HTML
PAYWALLED, ERROR = ArticleStatus.PAYWALLED, ArticleStatus.ERROR
STATUSES = tuple(ArticleStatus)


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
