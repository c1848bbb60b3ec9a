"""Bytes to correct Unicode for HTML pages.

News sites lie about their encoding surprisingly often (a server default of
iso-8859-1 in front of UTF-8 pages, windows-1252 curly quotes labelled latin-1),
and mojibake poisons everything downstream: NER, quote detection, dedup hashes.
The order of evidence here is: byte-order mark, then the declared charset (HTTP
header, then <meta>) *checked against the bytes*, then UTF-8, then statistical
sniffing with charset-normalizer, then windows-1252 as the last resort.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

# Labels that browsers (WHATWG Encoding Standard) decode as windows-1252: pages
# labelled latin-1 routinely contain cp1252 curly quotes and dashes in 0x80-0x9F.
_CP1252_ALIASES = {
    "iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "iso_8859-1", "cp819",
    "ibm819", "us-ascii", "ascii", "ansi_x3.4-1968", "iso-ir-100", "csisolatin1",
    "windows-1252", "cp1252", "x-cp1252",
}
# Single-byte labels under which valid multi-byte UTF-8 is almost surely a mislabel.
_SINGLE_BYTE_FAMILIES = ("iso-8859", "iso8859", "latin", "windows-125", "cp125", "ascii",
                         "us-ascii", "koi8", "mac")

_LATIN_SIBLINGS = {
    "cp1250", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4",
    "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "mac_latin2", "mac_roman", "mac_iceland", "mac_turkish", "cp850", "cp437", "cp858",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_HIGH_BYTES = re.compile(rb"[\x80-\xff]")
# How much of the page to give the statistical sniffer: enough for a verdict, bounded time.
SNIFF_BYTES = 64_000


def normalize_label(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when unknown or unusable."""
    if not label:
        return None
    label = label.strip().strip("'\"").lower()
    if label in _CP1252_ALIASES:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
        # Only a text encoding that decodes ASCII markup as itself can describe a page: labels
        # such as 'undefined', 'idna' or 'rot13' name codecs that cannot, and fall back to sniffing.
        usable = b"<html>".decode(name, "replace") == "<html>"
    except (LookupError, UnicodeError, TypeError, ValueError):
        return None
    if not usable or name in ("utf-16", "utf-32"):  # a <meta> saying utf-16 in an ASCII-readable doc lies
        return None
    return name


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header, if any."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares about itself (<meta> or XML declaration)."""
    head = data[:4096]
    m = _XML_DECL.search(head) or _META_CHARSET.search(head)
    if m is None and len(data) > 4096:
        m = _META_CHARSET.search(data[:16384])
    return m.group(1).decode("ascii", "ignore") if m else None


def _is_single_byte(codec: str) -> bool:
    return codec.startswith(_SINGLE_BYTE_FAMILIES) or codec == "cp1252"


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few stray bytes (a pasted cp1252 quote) is still UTF-8: decode it
    with replacements rather than turning every correct accented letter into mojibake."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return good >= 3 and bad * 5 <= good


def _sniff(data: bytes) -> str | None:
    """charset-normalizer's best guess, on a bounded sample for speed."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        return None
    matches = from_bytes(data[:SNIFF_BYTES])
    best = matches.best()
    if best is None:
        return None
    # Latin-script single-byte pages are cp1252 far more often than any sibling code page,
    # and the sniffer cannot tell them apart on short texts (it picks cp1257 for French).
    if best.encoding in _LATIN_SIBLINGS and any(m.encoding == "cp1252" for m in matches):
        return "cp1252"
    return normalize_label(best.encoding)


def _finish(text: str) -> str:
    """NFC so that 'é' typed two ways compares, hashes and tokenises the same."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def detect_encoding(data: bytes, content_type: str | None = None) -> str:
    """The codec to decode `data` with (see the module docstring for the order of evidence)."""
    return _detect(data, content_type)[0]


def _detect(data: bytes, content_type: str | None) -> tuple[str, str | None]:
    """(codec, text decoded with it when that was already done strictly, else None)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, None
    has_high = _HIGH_BYTES.search(data) is not None
    declared = normalize_label(charset_from_content_type(content_type)) or normalize_label(
        declared_charset(data)
    )
    if not has_high:
        # pure ASCII decodes identically under every ASCII-compatible label
        return (declared if declared and not declared.startswith("utf-16") else "utf-8"), None
    utf8 = _try(data, "utf-8")
    if declared:
        if declared == "utf-8":
            if utf8 is not None:
                return "utf-8", utf8
        elif _is_single_byte(declared):
            # valid multi-byte UTF-8 under a single-byte label is a mislabel, not latin-1 text
            if utf8 is not None:
                return "utf-8", utf8
            return declared, None
        elif (text := _try(data, declared)) is not None:
            return declared, text
    if utf8 is not None:
        return "utf-8", utf8
    if _mostly_utf8(data):
        return "utf-8", None
    sniffed = _sniff(data)
    if sniffed and (text := _try(data, sniffed)) is not None:
        return sniffed, text
    return "cp1252", None


def decode_html(data: bytes | str, content_type: str | None = None) -> str:
    """Decode an HTML page to NFC Unicode; never raises on bad bytes.

    `content_type` is the HTTP Content-Type header when known; its charset wins over the
    page's own <meta> but is still checked against the bytes (UTF-8 bytes behind a latin-1
    label decode as UTF-8).
    """
    if isinstance(data, str):
        return _finish(data)
    if not data:
        return ""
    codec, text = _detect(data, content_type)
    if text is None:
        # 'replace': cp1252 leaves 5 bytes undefined, UTF-8 may carry a stray byte
        text = data.decode(codec, "replace")
    return _finish(text)
