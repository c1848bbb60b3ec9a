"""LIKE patterns from user text: one escaping rule for every search that reaches PostgreSQL.

The text's own `%`, `_` and `\\` are literal (LIKE's default escape character is the backslash),
so "50%_off" finds that text, not every text with "50" in it.
"""

from __future__ import annotations


def escape_like(text: str) -> str:
    """`text` with LIKE's wildcards and escape character made literal."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(text: str) -> str:
    """A pattern matching any text that contains `text` (for ILIKE)."""
    return f"%{escape_like(text)}%"


def from_shell_pattern(pattern: str) -> str:
    """A shell-style pattern (`*`, `?`) as a LIKE pattern; `[` is taken literally."""
    return escape_like(pattern).replace("*", "%").replace("?", "_")
