"""Text PostgreSQL can store: web text may carry characters a `text` or `jsonb` value refuses.

PostgreSQL rejects NUL in text (and `\\u0000` in jsonb), and a lone UTF-16 surrogate cannot be
encoded to UTF-8 at all; one such character in one feed entry used to abort the whole load.
Every value that reaches the warehouse passes through `storable` (the bulk loader applies it to
every staged value; direct statements call it on web-derived parameters).
"""

from __future__ import annotations

import re
from typing import Any

# NUL, and lone surrogates (U+D800..U+DFFF never pair up in a Python str read from the web).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_REPLACEMENT = {"\x00": ""}


def _replace(match: re.Match[str]) -> str:
    return _REPLACEMENT.get(match.group(), "\ufffd")


def storable(value: Any) -> Any:
    """value with NUL removed and lone surrogates replaced by U+FFFD, inside lists, tuples and
    dicts too (keys included); other types are returned unchanged."""
    if isinstance(value, str):
        return _UNSTORABLE.sub(_replace, value) if _UNSTORABLE.search(value) else value
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(storable(v) for v in value)
    return value
