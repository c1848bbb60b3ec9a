"""Identity and duplicates: canonical URLs, deterministic ids, content hashes, SimHash."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

# Our own namespace so ids never collide with other uuid5 users.
NAMESPACE = uuid.UUID("6f1f5a52-2d0e-4c36-9c64-6e657773666c")

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|"
    r"_ga|_gl|ocid|cmpid|ncid|ref_src|sr_share|smid|smtyp|at_medium|at_campaign)$",
    re.I,
)
NEAR_DUPLICATE_DISTANCE = 8  # of 64 bits; wire copy with a rewritten lede stays within it
_WORD = re.compile(r"\w+", re.UNICODE)


def canonicalize_url(url: str) -> str:
    """Lower-case scheme/host, no default port, no fragment, no tracking parameters."""
    url = url.strip()
    try:
        normalized = normalize_url(url)
    except (ValueError, AttributeError):
        normalized = url
    parts = urlsplit(normalized)
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    )
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))


def article_id(canonical_url: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, canonical_url)


def normalize_for_hash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text))


def content_hash(text: str) -> str:
    """Equal for texts that differ only in case, punctuation or whitespace."""
    return hashlib.sha256(normalize_for_hash(text).encode()).hexdigest()


def simhash(text: str, shingle: int = 3) -> int:
    """64-bit SimHash over word shingles, as a signed int64 (fits a PostgreSQL bigint)."""
    words = normalize_for_hash(text).split()
    if not words:
        return 0
    grams = [" ".join(words[i : i + shingle]) for i in range(max(1, len(words) - shingle + 1))]
    weights = [0] * 64
    for gram in grams:
        h = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if (h >> bit) & 1 else -1
    value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return value - (1 << 64) if value >= 1 << 63 else value


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def is_near_duplicate(a: int, b: int, max_distance: int = NEAR_DUPLICATE_DISTANCE) -> bool:
    return hamming(a, b) <= max_distance
