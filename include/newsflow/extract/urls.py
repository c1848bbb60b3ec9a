"""Identity and duplicates: canonical URLs, deterministic ids, content hashes, SimHash."""

from __future__ import annotations

import hashlib
import ipaddress
import re
import unicodedata
import uuid
from urllib.parse import quote, quote_plus, unquote_to_bytes, urljoin, urlsplit, urlunsplit

# Our own namespace so ids never collide with other uuid5 users.
NAMESPACE = uuid.UUID("6f1f5a52-2d0e-4c36-9c64-6e657773666c")

# Query keys that only say how a reader arrived (matched against the whole decoded key).
# Deliberately a closed list: a key that might select content (id, cid, source, ref, p, ...)
# is kept, because dropping it merges different articles into one id.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|twclid|ttclid|mc_\w+|yclid|ysclid|igshid|"
    r"_ga|_gl|_hsenc|_hsmi|_openstat|mkt_tok|oly_anon_id|oly_enc_id|vero_id|li_fat_id|srsltid|"
    r"pk_(?:campaign|kwd|keyword|source|medium|content|cid)|mtm_\w+|itm_\w+|xtor|"
    r"ocid|cmpid|ncid|ref_src|sr_share|smid|smtyp|at_medium|at_campaign)$",
    re.I,
)
NEAR_DUPLICATE_DISTANCE = 8  # of 64 bits; wire copy with a rewritten lede stays within it
_WORD = re.compile(r"\w+", re.UNICODE)

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters a path may carry unencoded (RFC 3986 pchar + "/"); everything else gets escaped.
_PATH_SAFE = "!$&'()*+,;=:@/"
_FRAGMENT_SAFE = _PATH_SAFE + "?"
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SLASHES = re.compile(r"/{2,}")
# WHATWG URL parsing drops leading/trailing C0 controls and spaces, and tabs/newlines anywhere.
_URL_JUNK = re.compile(r"[\t\n\r]")


def _fix_escape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else "%" + match.group(1).upper()


def _normalize_escapes(part: str, safe: str) -> str:
    """RFC 3986 6.2.2: escape what may not appear raw, decode escaped unreserved, upper-case hex.

    Reserved characters stay exactly as written (``/`` and ``%2F`` can be different resources).
    """
    part = _STRAY_PERCENT.sub("%25", part)
    part = quote(part, safe=safe + "%")
    return _ESCAPE.sub(_fix_escape, part)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4 for an absolute path: '/a/./b/../c' -> '/a/c'."""
    if not path.startswith("/") or "." not in path:
        return path
    segments = path.split("/")[1:]
    out: list[str] = []
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg in (".", ".."):
            if seg == ".." and out:
                out.pop()
            if last:
                out.append("")
            continue
        out.append(seg)
    return "/" + "/".join(out)


def _canonical_host(hostname: str) -> str:
    """Lower-case; IPv6 compressed and bracketed; punycode labels shown as Unicode (as before)."""
    if not hostname:
        return ""
    address, _, zone = hostname.partition("%")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        ip = None
    if ip is not None:
        if ip.version == 6:
            return f"[{ip.compressed}{'%' + zone if zone else ''}]"
        return str(ip)
    if ":" in hostname:  # not an address we understand, but it came in brackets
        return f"[{hostname.lower()}]"
    labels = []
    for label in hostname.lower().rstrip(".").split("."):
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except UnicodeError:
                pass
        labels.append(label)
    return ".".join(labels)


def _form_component(text: str) -> str:
    """A query key or value in one spelling: form-decoded to bytes, then fully escaped.

    Works on bytes so two different non-UTF-8 escapes (%E9, %E8) never decode to the same
    replacement character; ' ', '+' and '%20' are one space, '%2B' is a plus.
    """
    return quote_plus(unquote_to_bytes(text.replace("+", " ")), safe="")


def is_tracking_param(key: str) -> bool:
    """True for a (decoded) query key that only records how the reader arrived."""
    return bool(_TRACKING.match(key))


def _canonical_query(query: str) -> str:
    """Drop tracking keys and empty pieces, keep bare keys, order by key (stable within a key)."""
    pairs: list[tuple[str, str | None]] = []
    for piece in query.split("&"):
        if not piece:
            continue
        key, eq, value = piece.partition("=")
        ckey = _form_component(key)
        if is_tracking_param(unquote_to_bytes(key.replace("+", " ")).decode("utf-8", "replace")):
            continue
        pairs.append((ckey, _form_component(value) if eq else None))
    pairs.sort(key=lambda kv: kv[0])  # stable: repeated keys keep their order (it can matter)
    return "&".join(k if v is None else f"{k}={v}" for k, v in pairs)


def canonicalize_url(url: str) -> str:
    """One spelling per article URL: the canonical URL is the article's identity (see article_id).

    Ignored: scheme/host case, default port, user info, fragment (except '#!' routes), tracking
    parameters, empty query pieces, the order of different keys, repeated slashes, dot segments
    and percent-encoding variants. Kept: everything else, including bare keys ('?12345'),
    '?a' vs '?a=', reserved characters as written in the path, and IPv6 brackets.
    """
    url = _URL_JUNK.sub("", url.strip("".join(map(chr, range(33)))))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = _canonical_host(parts.hostname or "")
    if port is not None and _DEFAULT_PORTS.get(scheme) != port:
        host = f"{host}:{port}"
    path = _remove_dot_segments(_SLASHES.sub("/", _normalize_escapes(parts.path, _PATH_SAFE))) or "/"
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((scheme, host, path, _canonical_query(parts.query),
                       _normalize_escapes(fragment, _FRAGMENT_SAFE)))


def absolute_http_url(ref: str | None, base: str | None = None) -> str | None:
    """``ref`` resolved against ``base`` when relative; None unless the result is http(s) with a host."""
    ref = (ref or "").strip()
    if not ref:
        return None
    try:
        resolved = urljoin(base, ref) if base else ref
        parts = urlsplit(resolved)
    except ValueError:
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return resolved


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
