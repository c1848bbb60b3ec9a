"""The feeds file (feeds.yaml): its entries validated, and the choice of feeds for a run.

Loading is bounded by construction: the file's size is capped before it is read, YAML anchors
and aliases are refused before anything is built from them, nesting and integer length are
bounded, and every message quotes a shortened repr — so no feeds file can hang a run or an
Airflow DAG parse, and every failure is a FeedsFileError naming the file.
"""

from __future__ import annotations

import codecs
import os
import re
import reprlib
from collections.abc import Iterable
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from yaml.composer import Composer
from yaml.events import NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode

from newsflow.settings import DEFAULT_FEEDS_FILE

_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")  # used with fullmatch: "$" lets a trailing "\n" through

# A typical entry is ~150 bytes, so 4 MiB holds lists of 5,000+ feeds (about 25,000) while a
# runaway or wrong file is refused before it is read into memory.
MAX_FEEDS_FILE_BYTES = 4 * 1024 * 1024
# A feeds file nests 5 levels (document, feeds, entry, tags, tag); the bound keeps the recursive
# YAML composer far from Python's recursion limit.
_MAX_DEPTH = 64
# Longer integers cost quadratic time to convert ("1:59:59:…", a base-60 integer) or do not
# convert at all (Python's 4,300-digit limit); a feeds file has no use for them.
_MAX_INT_CHARS = 1000
_INT_TAG = "tag:yaml.org,2002:int"
_NUMBER_TAGS = frozenset({_INT_TAG, "tag:yaml.org,2002:float"})
_MAX_PROBLEMS = 5  # validation problems quoted per entry
_MAX_NAMES = 20  # feed names quoted by select_feeds

_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = 80
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = _REPR.maxfrozenset = 4
_REPR.maxlevel = 2


class FeedConfig(BaseModel):
    """One entry of feeds.yaml."""

    model_config = ConfigDict(extra="forbid")

    name: str
    url: str
    title: str | None = None
    tags: list[str] = Field(default_factory=list)
    enabled: bool = True
    #: poll every this many minutes, fixed (default: adaptive, see ingest.schedule)
    interval: int | None = Field(default=None, ge=10, le=24 * 60)
    #: higher first within a poll round when many feeds are due
    priority: int = Field(default=0, ge=-100, le=100)
    #: the site's (news) sitemaps, read to backfill a gap (default: robots.txt and common paths)
    sitemaps: list[str] = Field(default_factory=list, max_length=20)
    #: the page `newsflow feeds discover` found this feed on
    discovered_from: str | None = None

    @field_validator("name")
    @classmethod
    def _name_is_slug(cls, value: str) -> str:
        if not _NAME_RE.fullmatch(value):
            raise ValueError("must be lower-case letters, digits, '-' or '_'")
        return value

    @field_validator("url", "discovered_from")
    @classmethod
    def _url_is_http(cls, value: str | None) -> str | None:
        if value is not None and not _is_http_url(value):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("sitemaps")
    @classmethod
    def _sitemaps_are_http(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not _is_http_url(v)]
        if bad:
            raise ValueError(f"must be http(s) URLs, not {_short(bad[0])}")
        return value


def _is_http_url(value: str) -> bool:
    return bool(re.fullmatch(r"https?://[^/\s?#]+\S*", value, re.I))


class FeedsFileError(ValueError):
    """feeds.yaml is unreadable or an entry is invalid; the message names the entry."""


class _Refused(Exception):
    """YAML the feeds file refuses while composing, before any value is built from it."""

    def __init__(self, reason: str, event: object) -> None:
        mark = getattr(event, "start_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        super().__init__(f"{where}{reason}")


class _BoundedComposer(Composer):
    """The YAML composer with a feeds file's refusals. Anchors and aliases are refused at the
    event, so an alias bomb never becomes a structure; nesting and integers are bounded; numbers
    are refused as mapping keys, whose hashes can be made to collide (quadratic dict building)."""

    _depth = 0  # nodes open on the path being composed

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]  # the parser half of the loader
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise _Refused("YAML anchors and aliases are not allowed in a feeds file", event)
        if self._depth >= _MAX_DEPTH:
            raise _Refused(f"nested deeper than {_MAX_DEPTH} levels", event)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_scalar_node(self, anchor: dict[object, Node]) -> ScalarNode:
        node = super().compose_scalar_node(anchor)
        if node.tag == _INT_TAG and len(node.value) > _MAX_INT_CHARS:
            raise _Refused(f"an integer longer than {_MAX_INT_CHARS:,} characters", node)
        return node

    def compose_mapping_node(self, anchor: dict[object, Node]) -> MappingNode:
        node = super().compose_mapping_node(anchor)
        for key, _value in node.value:
            if key.tag in _NUMBER_TAGS:
                raise _Refused("numbers are not allowed as mapping keys", key)
        return node


class _PureLoader(_BoundedComposer, yaml.SafeLoader):
    """yaml.SafeLoader (pure Python) with the feeds file's refusals."""

    def __init__(self, stream: str) -> None:  # Composer.__init__, first in the MRO, takes none
        yaml.SafeLoader.__init__(self, stream)


_Loader = _PureLoader

if yaml.__with_libyaml__:

    class _FastLoader(_BoundedComposer, yaml.CSafeLoader):
        """libyaml's parser (C) with the Python composer, which alone can refuse an alias before
        resolving it; about 3x faster than _PureLoader on a 5,000-feed file."""

        def __init__(self, stream: str) -> None:
            yaml.CSafeLoader.__init__(self, stream)
            Composer.__init__(self)  # CSafeLoader composes in C; this composer needs its anchors

    _Loader = _FastLoader  # type: ignore[assignment,misc]


def _clip(text: str, limit: int) -> str:
    """text cut to at most `limit` characters, the cut marked."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _short(value: object) -> str:
    """A repr of at most 100 characters: values from the file are quoted, never expanded."""
    try:
        return _clip(_REPR.repr(value), 100)
    except Exception:  # a repr must never turn a message into a crash
        return f"<{type(value).__name__}>"


def _too_big(path: Path, size: str) -> FeedsFileError:
    """The size refusal, naming the limit so the reader knows what the file must fit in."""
    return FeedsFileError(
        f"{path}: feeds file is {size} bytes; the limit is {MAX_FEEDS_FILE_BYTES:,} bytes "
        "(MAX_FEEDS_FILE_BYTES: about 25,000 feeds of ~150 bytes)")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, refused by its size before reading, and never more than the cap + 1
    read (a file that grows meanwhile, or a pipe, cannot get past it)."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FEEDS_FILE_BYTES:
                raise _too_big(path, f"{size:,}")
            data = handle.read(MAX_FEEDS_FILE_BYTES + 1)
    except OSError as exc:
        raise FeedsFileError(f"{path}: cannot read feeds file: {exc}") from exc
    if len(data) > MAX_FEEDS_FILE_BYTES:
        raise _too_big(path, f"more than {MAX_FEEDS_FILE_BYTES:,}")
    return data


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 text (a UTF-8 BOM is dropped); UTF-16 and binary files get a message saying so."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise FeedsFileError(f"{path}: not UTF-8 text (UTF-16 or binary?); save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FeedsFileError(f"{path}: not UTF-8 text: invalid byte at line {line}; "
                             "save it as UTF-8") from None


def _load_yaml(text: str) -> object:
    """The single YAML document in text, built by the bounded loader."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _parse_yaml(path: Path, text: str) -> object:
    """The YAML document; every way it can fail is a FeedsFileError naming the file."""
    try:
        return _load_yaml(text)
    except _Refused as exc:
        raise FeedsFileError(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise FeedsFileError(f"{path}: not valid YAML: {_clip(str(exc), 500)}") from exc
    except (ValueError, OverflowError) as exc:  # a timestamp such as 2026-13-01
        raise FeedsFileError(f"{path}: not valid YAML: {_clip(str(exc), 200)}") from None
    except (RecursionError, MemoryError) as exc:
        raise FeedsFileError(f"{path}: cannot load the YAML ({type(exc).__name__})") from None


def _feed_entries(path: Path, doc: object) -> list[object]:
    """The document's `feeds:` list."""
    entries = doc.get("feeds") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise FeedsFileError(f"{path}: expected a top-level 'feeds:' list")
    return entries


def _problems(exc: ValidationError) -> str:
    """The first few validation problems, each bounded (keys come from the file)."""
    errors = exc.errors()
    parts = [
        _clip(f"{'.'.join(_clip(str(p), 80) for p in err['loc']) or 'entry'}: {err['msg']}", 200)
        for err in errors[:_MAX_PROBLEMS]
    ]
    if len(errors) > _MAX_PROBLEMS:
        parts.append(f"and {len(errors) - _MAX_PROBLEMS} more")
    return "; ".join(parts)


def _validate_entry(where: str, entry: object) -> FeedConfig:
    """One entry as a FeedConfig; its problems, bounded, in a FeedsFileError naming it."""
    if not isinstance(entry, dict):
        raise FeedsFileError(f"{where}: expected a mapping with name and url")
    try:
        return FeedConfig.model_validate(entry)
    except ValidationError as exc:
        raise FeedsFileError(f"{where}: {_problems(exc)}") from None


def _validate_entries(path: Path, entries: list[object]) -> list[FeedConfig]:
    """Each entry validated, names and URLs unique; the first problem is raised, entry named."""
    feeds: list[FeedConfig] = []
    seen: set[str] = set()
    seen_urls: dict[str, str] = {}
    for index, entry in enumerate(entries):
        label = entry.get("name") if isinstance(entry, dict) else None
        where = f"{path}: feeds[{index}]" + (f" ({_short(label)})" if label else "")
        feed = _validate_entry(where, entry)
        if feed.name in seen:
            raise FeedsFileError(f"{where}: duplicate feed name {_short(feed.name)}")
        if feed.url in seen_urls:
            raise FeedsFileError(f"{where}: same URL as feed {_short(seen_urls[feed.url])}")
        seen.add(feed.name)
        seen_urls[feed.url] = feed.name
        feeds.append(feed)
    return feeds


def read_feeds_bytes(path: Path | str) -> bytes:
    """The feeds file's bytes, size-capped (the registry hashes them before parsing)."""
    return _read_bytes(Path(path))


def load_feeds(path: Path | str | None = None, base_url: str | None = None) -> list[FeedConfig]:
    """Read and validate a feeds file; `{{BASE_URL}}` is replaced by base_url when given."""
    path = Path(path) if path else DEFAULT_FEEDS_FILE
    text = _decode(path, _read_bytes(path))
    if base_url is not None:
        text = text.replace("{{BASE_URL}}", base_url.rstrip("/"))
    return _validate_entries(path, _feed_entries(path, _parse_yaml(path, text) or {}))


def describe_names(names: Iterable[str]) -> str:
    """Names for a message: the first few, each shortened (they can come from a run's conf)."""
    items = list(names)
    shown = ", ".join(_clip(n, 80) for n in items[:_MAX_NAMES])
    return shown + (f" and {len(items) - _MAX_NAMES} more" if len(items) > _MAX_NAMES else "")


def select_feeds(feeds: list[FeedConfig], wanted: list[str] | None) -> list[FeedConfig]:
    """Enabled feeds, narrowed to those named (by name or URL) when `wanted` is non-empty."""
    enabled = [f for f in feeds if f.enabled]
    if not wanted:
        return enabled
    wanted_set = {w.strip() for w in wanted if w and w.strip()}
    chosen = [f for f in feeds if f.name in wanted_set or f.url in wanted_set]
    unknown = wanted_set - {f.name for f in chosen} - {f.url for f in chosen}
    if unknown:
        raise FeedsFileError(f"unknown feed(s): {describe_names(sorted(unknown))}")
    disabled = [f.name for f in chosen if not f.enabled]
    if disabled:
        raise FeedsFileError(f"feed(s) disabled in the feeds file: {describe_names(disabled)}")
    return chosen
