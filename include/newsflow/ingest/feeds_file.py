"""The feeds file (feeds.yaml): its entries validated, and the choice of feeds for a run."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from newsflow.settings import DEFAULT_FEEDS_FILE

_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")  # used with fullmatch: "$" lets a trailing "\n" through


class FeedConfig(BaseModel):
    """One entry of feeds.yaml."""

    model_config = ConfigDict(extra="forbid")

    name: str
    url: str
    title: str | None = None
    tags: list[str] = Field(default_factory=list)
    enabled: bool = True

    @field_validator("name")
    @classmethod
    def _name_is_slug(cls, value: str) -> str:
        if not _NAME_RE.fullmatch(value):
            raise ValueError("must be lower-case letters, digits, '-' or '_'")
        return value

    @field_validator("url")
    @classmethod
    def _url_is_http(cls, value: str) -> str:
        if not re.fullmatch(r"https?://[^/\s?#]+\S*", value, re.I):
            raise ValueError("must be an http(s) URL")
        return value


class FeedsFileError(ValueError):
    """feeds.yaml is unreadable or an entry is invalid; the message names the entry."""


def load_feeds(path: Path | str | None = None, base_url: str | None = None) -> list[FeedConfig]:
    """Read and validate a feeds file; `{{BASE_URL}}` is replaced by base_url when given."""
    path = Path(path) if path else DEFAULT_FEEDS_FILE
    try:
        raw_text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FeedsFileError(f"{path}: cannot read feeds file: {exc}") from exc
    if base_url is not None:
        raw_text = raw_text.replace("{{BASE_URL}}", base_url.rstrip("/"))
    try:
        doc = yaml.safe_load(raw_text) or {}
    except yaml.YAMLError as exc:
        raise FeedsFileError(f"{path}: not valid YAML: {exc}") from exc
    entries = doc.get("feeds") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise FeedsFileError(f"{path}: expected a top-level 'feeds:' list")
    feeds: list[FeedConfig] = []
    seen: set[str] = set()
    seen_urls: dict[str, str] = {}
    for index, entry in enumerate(entries):
        label = entry.get("name") if isinstance(entry, dict) else None
        where = f"{path}: feeds[{index}]" + (f" ({label!r})" if label else "")
        if not isinstance(entry, dict):
            raise FeedsFileError(f"{where}: expected a mapping with name and url")
        try:
            feed = FeedConfig.model_validate(entry)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'entry'}: {err['msg']}"
                for err in exc.errors()
            )
            raise FeedsFileError(f"{where}: {problems}") from None
        if feed.name in seen:
            raise FeedsFileError(f"{where}: duplicate feed name {feed.name!r}")
        if feed.url in seen_urls:
            raise FeedsFileError(f"{where}: same URL as feed {seen_urls[feed.url]!r}")
        seen.add(feed.name)
        seen_urls[feed.url] = feed.name
        feeds.append(feed)
    return feeds


def select_feeds(feeds: list[FeedConfig], wanted: list[str] | None) -> list[FeedConfig]:
    """Enabled feeds, narrowed to those named (by name or URL) when `wanted` is non-empty."""
    enabled = [f for f in feeds if f.enabled]
    if not wanted:
        return enabled
    wanted_set = {w.strip() for w in wanted if w and w.strip()}
    chosen = [f for f in feeds if f.name in wanted_set or f.url in wanted_set]
    unknown = wanted_set - {f.name for f in chosen} - {f.url for f in chosen}
    if unknown:
        raise FeedsFileError(f"unknown feed(s): {', '.join(sorted(unknown))}")
    disabled = [f.name for f in chosen if not f.enabled]
    if disabled:
        raise FeedsFileError(f"feed(s) disabled in the feeds file: {', '.join(disabled)}")
    return chosen
