"""What a triggered run asks for, checked before any work starts.

A misspelled key, an unknown feed or a date that does not parse is a mistake no retry can fix:
the DAGs turn ConfError into an immediate failure, so the message is all the user sees and it
says what to change. Nothing here imports Airflow (the CLI and the tests use it too).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsflow.settings import get_settings

INGEST_KEYS = frozenset({"feeds", "force"})
ENRICH_KEYS = frozenset({"reprocess", "since", "until", "batch_size"})
REPROCESS = ("none", "all", "window", "model")
#: The shapes of ISO 8601 `parse_instant` takes, as a JSON-schema pattern: the trigger form and the
#: REST API refuse anything else ("last week") before a run exists. Blank is allowed (no bound).
ISO_DAY_OR_TIME = (r"^\s*$|^\s*\d{4}-\d{2}-\d{2}"
                   r"([T ]\d{2}(:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?\s*$")


class ConfError(ValueError):
    """A run's conf that no retry can fix; the message says what is wrong and what is allowed."""


def feeds_file() -> Path:
    """The feeds file the DAGs read: NEWSFLOW_FEEDS_FILE, else the bundled include/feeds.yaml."""
    return get_settings().feeds_file


def check_keys(conf: Mapping[str, Any] | None, allowed: frozenset[str], dag_id: str) -> None:
    """Refuse keys the DAG has no param for (a typo would otherwise be silently ignored)."""
    unknown = sorted(set(conf or {}) - allowed)
    if unknown:
        raise ConfError(
            f"{dag_id}: unknown conf key(s) {', '.join(map(repr, unknown))}; "
            f"allowed keys: {', '.join(sorted(allowed)) or 'none (this DAG takes no conf)'}"
        )


def parse_instant(value: Any, name: str, *, end: bool = False) -> datetime | None:
    """ISO 8601 date or date-time (naive = UTC); None/'' stays None. One meaning of a bound
    everywhere (CLI, News view, news_enrich): a date is the whole day, inclusive — as an `end`
    it means the next midnight, exclusive; a date-time is an exclusive instant."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ConfError(f"{name} must be an ISO 8601 date-time string, not {type(value).__name__}")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ConfError(
            f"{name}={value!r} is not an ISO 8601 date-time (e.g. 2026-11-30T00:00:00+00:00 or 2026-11-30)"
        ) from None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if end and _is_date_only(value):
        parsed += timedelta(days=1)
    return parsed


def _is_date_only(value: str) -> bool:
    return len(value.strip()) == 10 and value.strip()[4] == "-" and "T" not in value.upper()


MAX_WANTED = 1000  # items in a run's `feeds` (names, tags, patterns)
MAX_WANTED_CHARS = 2000


@dataclass(frozen=True)
class IngestRequest:
    wanted: list[str]  # feed names, URLs, `tag:<tag>` or patterns; [] = the round's default
    force: bool


class _Problems:
    """Every problem of a conf, raised together: the user fixes them all in one go."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def check(self, step: Any) -> Any:
        """step() or None, its ConfError noted."""
        try:
            return step()
        except ConfError as exc:
            self.found.append(str(exc))
            return None

    def add(self, message: str) -> None:
        self.found.append(message)

    def raise_any(self) -> None:
        if self.found:
            raise ConfError("; ".join(self.found))


def _wanted(params: Mapping[str, Any]) -> list[str]:
    wanted = params.get("feeds") or []
    if isinstance(wanted, str):
        wanted = [wanted]
    if not isinstance(wanted, list) or not all(isinstance(w, str) for w in wanted):
        raise ConfError(f"feeds must be a list of feed names, tags (tag:world) or patterns, not {wanted!r:.200}")
    if len(wanted) > MAX_WANTED or any(len(w) > MAX_WANTED_CHARS for w in wanted):
        raise ConfError(f"feeds: at most {MAX_WANTED} items of at most {MAX_WANTED_CHARS} characters "
                        "(use tags or patterns to choose many feeds)")
    return [w.strip() for w in wanted if w.strip()]


def _flag(params: Mapping[str, Any], name: str) -> bool:
    value = params.get(name, False)
    if not isinstance(value, bool):
        raise ConfError(f"{name} must be true or false, not {value!r}")
    return value


def validate_ingest(conf: Mapping[str, Any] | None, params: Mapping[str, Any]) -> IngestRequest:
    """news_ingest's conf and params, checked in shape (every problem named at once); the names
    are resolved against the feed registry (news.feeds) once the feeds file is imported
    (`ingest.registry.resolve`)."""
    problems = _Problems()
    problems.check(lambda: check_keys(conf, INGEST_KEYS, "news_ingest"))
    wanted = problems.check(lambda: _wanted(params))
    force = problems.check(lambda: _flag(params, "force"))
    problems.raise_any()
    return IngestRequest(wanted=wanted, force=force)


@dataclass(frozen=True)
class EnrichRequest:
    reprocess: str
    since: datetime | None
    until: datetime | None
    batch_size: int


def _reprocess(params: Mapping[str, Any]) -> str:
    reprocess = params.get("reprocess") or "none"
    if reprocess not in REPROCESS:
        raise ConfError(f"reprocess must be one of {', '.join(REPROCESS)}, not {reprocess!r}")
    return reprocess


def _batch_size(params: Mapping[str, Any]) -> int:
    batch_size = params.get("batch_size", 50)
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or not 1 <= batch_size <= 1000:
        raise ConfError(f"batch_size must be an integer from 1 to 1000, not {batch_size!r}")
    return batch_size


def _window(problems: _Problems, params: Mapping[str, Any], reprocess: str | None, since: datetime | None,
            until: datetime | None) -> None:
    if reprocess == "window" and params.get("since") in (None, "") and params.get("until") in (None, ""):
        problems.add("reprocess='window' needs since and/or until (ISO 8601 date-times)")
    if reprocess not in (None, "window") and (since or until):
        problems.add(f"since/until only apply to reprocess='window', not {reprocess!r}")
    if since and until and since >= until:
        problems.add(f"since ({since.isoformat()}) must be before until ({until.isoformat()})")


def validate_enrich(conf: Mapping[str, Any] | None, params: Mapping[str, Any]) -> EnrichRequest:
    """news_enrich's conf and params → a request claim_batches can run as is; every problem is
    named at once."""
    problems = _Problems()
    problems.check(lambda: check_keys(conf, ENRICH_KEYS, "news_enrich"))
    reprocess = problems.check(lambda: _reprocess(params))
    since = problems.check(lambda: parse_instant(params.get("since"), "since"))
    until = problems.check(lambda: parse_instant(params.get("until"), "until", end=True))
    _window(problems, params, reprocess, since, until)
    batch_size = problems.check(lambda: _batch_size(params))
    problems.raise_any()
    return EnrichRequest(reprocess=reprocess, since=since, until=until, batch_size=batch_size)
