"""The name part of an entity key: case-, accent- and punctuation-insensitive, for joins.

Why apart: ``entities.normalise_key`` writes it after the label, and clustering compares it
between clusters (two clusters whose names write one key are one name: ``label_joins``);
kept below both, this module imports neither (no cycle).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def key_text(name: str) -> str:
    """'José  Martí' -> 'jose marti', 'U.S.' -> 'us', 'Disney +' -> 'disney+': the name as a key
    writes it (see :func:`plus_kept`). Cached: pure, and asked of every mention."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = s.replace("’", "'").replace(".", "")
    s = re.sub(r"[^\w' &+-]+", " ", plus_kept(s))
    return re.sub(r"\s+", " ", s).strip()


def plus_kept(name: str) -> str:
    """'Disney+' is a streaming service, 'Disney' its company; 'Apple TV+' is no 'Apple TV': a '+'
    written after a name (with or without a space) makes another name, so it stays in the key,
    joined to the word before ('Disney +' and 'Disney+' one key); any other '+' is punctuation."""
    joined = re.sub(r"(?<=\w)\s*(\++)(?=\s|$)", r"\1", name)
    return re.sub(r"(?<![\w+])\++|\+(?=\w)", " ", joined)
