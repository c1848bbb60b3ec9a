"""The status vocabularies, one StrEnum per concept, each the values of one warehouse column.
Stdlib only: every layer may import it (extraction, fetching, the warehouse, the News view)."""

from __future__ import annotations

from enum import StrEnum


class ArticleStatus(StrEnum):
    """Where an article ended (news.articles.status); only OK articles go on to the NLP stage."""

    OK = "ok"
    EMPTY = "empty"
    TOO_SHORT = "too_short"
    NOT_HTML = "not_html"
    TOO_LARGE = "too_large"
    BLOCKED = "blocked"
    PAYWALLED = "paywalled"
    HTTP_ERROR = "http_error"
    TIMEOUT = "timeout"  # the page did not arrive within its wall-clock budget (migration 010)
    ERROR = "error"


class FetchOutcome(StrEnum):
    """How one fetch ended (news.feed_fetches.outcome, FetchResult.outcome)."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    TOO_LARGE = "too_large"
    BLOCKED = "blocked"  # 401/403
    HTTP_ERROR = "http_error"  # other 4xx/5xx
    NETWORK_ERROR = "network_error"  # DNS, connection refused, reset
    TIMEOUT = "timeout"  # no answer in time: idle read/connect timeout or the total deadline
    REFUSED = "refused"  # our own safety rules: scheme, private address, robots.txt, redirects
    ERROR = "error"  # anything else a response made us meet, recorded with its reason

    @classmethod
    def healthy(cls) -> tuple[FetchOutcome, ...]:
        """Outcomes of a feed that works: fetched, or unchanged since the last fetch."""
        return (cls.OK, cls.NOT_MODIFIED)


class EnrichmentStatus(StrEnum):
    """news.article_enrichment.status."""

    OK = "ok"
    ERROR = "error"
    SKIPPED = "skipped"
    TOO_LONG = "too_long"  # longer than settings.nlp_max_chars: not analysed (migration 010)
    NOT_ENGLISH = "not_english"  # not analysed by the English pipeline (migration 011)


class RunStatus(StrEnum):
    """news.pipeline_runs.status."""

    RUNNING = "running"
    SUCCESS = "success"
    PARTIAL = "partial"
    FAILED = "failed"
