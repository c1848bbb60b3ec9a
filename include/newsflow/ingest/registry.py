"""The feed registry: the feeds file imported into news.feeds once per change, and the choice
of feeds a run asks for (names, tags, patterns) made against the registry, not the file.

A DAG parse and a poll round never read the feeds file: `prepare` hashes its bytes and parses
it only when the hash differs from the last import (news.feed_registry_imports).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from newsflow.ingest.feeds import sync_feeds
from newsflow.ingest.feeds_file import FeedsFileError, describe_names, load_feeds, read_feeds_bytes
from newsflow.warehouse import like, polling

MAX_SHOWN_NAMES = 20  # names quoted in a message (there may be thousands)
TAG_PREFIX = "tag:"
_PATTERN_CHARS = frozenset("*?[")


class SelectionError(ValueError):
    """A run asked for feeds the registry does not hold (or holds disabled)."""


@dataclass(frozen=True)
class RegistryImport:
    source: str
    changed: bool  # False: the file's hash matched the last import, nothing was parsed
    feeds: int


def import_feeds_file(dsn: str, path: Path, *, force: bool = False) -> RegistryImport:
    """Import the feeds file into news.feeds when its bytes changed since the last import (or
    `force`: a forced run also re-enables feeds that answered 410 Gone). FeedsFileError when the
    file cannot be used."""
    data = read_feeds_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    source = str(Path(path).resolve())
    last = polling.last_import(dsn, source)
    if last and last[0] == digest and not force:
        return RegistryImport(source, False, last[1])
    feeds = load_feeds(path)
    sync_feeds(feeds, dsn, include_gone=force)
    polling.record_import(dsn, source, digest, len(feeds))
    return RegistryImport(source, True, len(feeds))


def resolve(dsn: str, wanted: list[str]) -> list[str]:
    """Enabled feed names matching any of `wanted`: a name, a URL, `tag:<tag>` or a pattern
    (`meridian-*`). A name or URL that matches nothing, or only a disabled feed, is an error
    naming it; a tag or pattern may match nothing only when another item matched."""
    items = [w.strip() for w in wanted if w and w.strip()]
    tags = [w[len(TAG_PREFIX):] for w in items if w.startswith(TAG_PREFIX)]
    patterns = [like.from_shell_pattern(w) for w in items if not w.startswith(TAG_PREFIX) and _PATTERN_CHARS & set(w)]
    exact = [w for w in items if not w.startswith(TAG_PREFIX) and not _PATTERN_CHARS & set(w)]
    rows = polling.matching_feeds(dsn, exact, tags, patterns)
    found = {v for name, _, configured, url, _ in rows for v in (name, configured, url)}
    unknown = sorted(w for w in exact if w not in found)
    if unknown:
        raise SelectionError(f"unknown feed(s): {describe_names(unknown)}")
    disabled = sorted(name for name, enabled, _, _, named in rows if named and not enabled)
    if disabled:
        raise SelectionError(f"feed(s) disabled in the feeds file (or gone): {describe_names(disabled)}")
    chosen = [name for name, enabled, *_ in rows if enabled]
    if items and not chosen:
        raise SelectionError(f"no enabled feed matches {describe_names(items)}")
    return chosen


def enabled_names(dsn: str, limit: int = MAX_SHOWN_NAMES) -> tuple[list[str], int]:
    """The first enabled feed names and how many there are, for an error message."""
    return polling.enabled_names(dsn, limit)


__all__ = ["FeedsFileError", "RegistryImport", "SelectionError", "enabled_names", "import_feeds_file",
           "resolve"]
