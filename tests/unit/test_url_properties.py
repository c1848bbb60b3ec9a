"""Property tests for URL identity: canonicalize_url / article_id never merge two articles and
always merge two spellings of one article.

A URL is drawn as a *model* (what identifies the article) and then *written* in a random
spelling (case, default port, user info, fragment, tracking parameters, parameter order,
escapes of unreserved characters, '+' vs '%20', dot segments, doubled slashes, empty query
pieces). Two spellings of one model must collide; models that differ in anything else
(one field redrawn) must not.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from newsflow.extract.urls import article_id, canonicalize_url, is_tracking_param

SETTINGS = settings(max_examples=200, deadline=None)

UNRESERVED = "aZ09-._~"
RESERVED = "!$&'()*+,;=:@"  # kept as written in a path: raw and escaped are different URLs
OTHER = " \u00e9\u20ac/?#%\"<>"  # must be escaped in a path (raw where a browser would escape)
QUERY_CHARS = UNRESERVED + RESERVED + OTHER
TRACKING = ["utm_source", "UTM_Medium", "utm_campaign", "fbclid", "gclid", "mc_cid", "_ga", "msclkid"]


@dataclass(frozen=True)
class Model:
    scheme: str
    host: tuple[str, str]  # (kind, value): dns | ipv4 | ipv6
    port: int | None
    segments: tuple[tuple[tuple[str, bool], ...], ...]  # (char, escaped) per path character
    trailing_slash: bool
    query: tuple[tuple[str, str | None], ...]  # (key, value); None = bare key
    hashbang: str | None

    def identity(self) -> tuple:
        default = {"http": 80, "https": 443}[self.scheme]
        host = self.host[1].lower() if self.host[0] == "dns" else str(ipaddress.ip_address(self.host[1]))
        segments = tuple(tuple((c, esc and c in RESERVED) for c, esc in seg) for seg in self.segments)
        grouped: dict[str, list[str | None]] = {}
        for key, value in self.query:
            grouped.setdefault(key, []).append(value)
        query = tuple(sorted((k, tuple(v)) for k, v in grouped.items()))
        return (self.scheme, host, None if self.port == default else self.port, segments,
                self.trailing_slash and bool(self.segments), query, self.hashbang)


# --- drawing models -----------------------------------------------------------------------------

labels = st.text("abcxyz019", min_size=1, max_size=6)
dns_hosts = st.builds(lambda ls, tld: ".".join([*ls, tld]), st.lists(labels, min_size=1, max_size=3),
                      st.sampled_from(["com", "org", "example"]))
hosts = st.one_of(
    dns_hosts.map(lambda h: ("dns", h)),
    st.ip_addresses(v=4).map(lambda a: ("ipv4", str(a))),
    st.ip_addresses(v=6).map(lambda a: ("ipv6", a.compressed)),
)
path_chars = st.tuples(st.sampled_from(UNRESERVED + RESERVED + OTHER), st.booleans())


def _not_dot_segment(seg: tuple[tuple[str, bool], ...]) -> bool:
    return "".join(c for c, _ in seg) not in (".", "..")


segments = st.lists(st.lists(path_chars, min_size=1, max_size=5).map(tuple).filter(_not_dot_segment),
                    max_size=4).map(tuple)
query_text = st.text(QUERY_CHARS, max_size=5)
query_keys = st.text(QUERY_CHARS, min_size=1, max_size=4).filter(lambda k: not is_tracking_param(k))
pairs = st.lists(st.tuples(query_keys | st.sampled_from(["id", "12345", "67890", "p"]),
                           st.none() | query_text), max_size=4).map(tuple)
hashbangs = st.none() | st.text("abc019/", min_size=1, max_size=6).map(lambda t: "!" + t)
models = st.builds(Model, scheme=st.sampled_from(["http", "https"]), host=hosts,
                   port=st.none() | st.sampled_from([80, 443, 8080]) | st.integers(1, 65535),
                   segments=segments, trailing_slash=st.booleans(), query=pairs, hashbang=hashbangs)


# --- writing a model in a random spelling -----------------------------------------------------


def _escape(draw, char: str) -> str:
    return "".join(draw(st.sampled_from([f"%{b:02X}", f"%{b:02x}"])) for b in char.encode())


def _path_char(draw, char: str, escaped: bool) -> str:
    if char in RESERVED:
        return _escape(draw, char) if escaped else char
    if char in UNRESERVED:
        return _escape(draw, char) if draw(st.booleans()) else char
    if char in "\u00e9\u20ac\"<>" and draw(st.booleans()):
        return char  # raw; escaped as UTF-8 like a browser would
    return _escape(draw, char)


def _query_char(draw, char: str) -> str:
    if char == " ":
        return draw(st.sampled_from(["+", "%20"]))
    if char in "+&=#%":
        return _escape(draw, char)
    if char in UNRESERVED or char in RESERVED or char in "\u00e9\u20ac/?\"<>":
        return _escape(draw, char) if draw(st.booleans()) else char
    return _escape(draw, char)


def _host(draw, host: tuple[str, str]) -> str:
    kind, value = host
    if kind == "dns":
        text = "".join(c.upper() if draw(st.booleans()) else c for c in value)
        return text + ("." if draw(st.booleans()) else "")
    if kind == "ipv4":
        return value
    address = ipaddress.IPv6Address(value)
    text = draw(st.sampled_from([address.compressed, address.exploded]))
    return "[" + (text.upper() if draw(st.booleans()) else text) + "]"


@st.composite
def spellings(draw, model: Model) -> str:
    scheme = "".join(c.upper() if draw(st.booleans()) else c for c in model.scheme)
    userinfo = draw(st.sampled_from(["", "user@", "user:pw@"]))
    port = model.port
    if port is None and draw(st.booleans()):
        port = {"http": 80, "https": 443}[model.scheme]
    netloc = userinfo + _host(draw, model.host) + (f":{port}" if port is not None else "")
    parts: list[str] = []
    for seg in model.segments:
        if draw(st.integers(0, 5)) == 0:
            parts.append(draw(st.sampled_from([".", "%2E", "junk/..", "/"])))  # '/' doubles a slash
        parts.append("".join(_path_char(draw, c, esc) for c, esc in seg))
    path = "/" + "/".join(parts)
    if model.trailing_slash and model.segments:
        path += "/"
    pieces = [(k, v) for k, v in model.query]
    # shuffle different keys, keep the order of one key's values
    order = draw(st.permutations(range(len(pieces))))
    shuffled: list[tuple[str, str | None]] = []
    for key in dict.fromkeys(pieces[i][0] for i in order):
        shuffled.extend(p for p in pieces if p[0] == key)
    written = ["".join(_query_char(draw, c) for c in k) + ("" if v is None else "=" + "".join(
        _query_char(draw, c) for c in v)) for k, v in shuffled]
    for _ in range(draw(st.integers(0, 2))):
        written.insert(draw(st.integers(0, len(written))), f"{draw(st.sampled_from(TRACKING))}=x1")
    if draw(st.booleans()):
        written.insert(draw(st.integers(0, len(written))), "")  # '&&'
    query = "&".join(written)
    url = f"{scheme}://{netloc}{path}"
    if query or draw(st.booleans()):
        url += "?" + query
    if model.hashbang is not None:
        url += "#" + model.hashbang
    elif draw(st.booleans()):
        url += "#" + draw(st.text("abc019/=&", max_size=6))
    return url


# --- properties -----------------------------------------------------------------------------


@SETTINGS
@given(data=st.data(), model=models)
def test_two_spellings_of_one_url_collide(data, model: Model):
    first = data.draw(spellings(model))
    second = data.draw(spellings(model))
    assert canonicalize_url(first) == canonicalize_url(second), (first, second)
    assert article_id(canonicalize_url(first)) == article_id(canonicalize_url(second))


@SETTINGS
@given(data=st.data(), model=models)
def test_canonical_url_is_a_fixed_point_that_keeps_the_host(data, model: Model):
    url = data.draw(spellings(model))
    canonical = canonicalize_url(url)
    assert canonicalize_url(canonical) == canonical
    parts = urlsplit(canonical)
    assert parts.scheme == model.scheme
    assert parts.hostname == model.identity()[1]  # brackets kept: an IPv6 host still parses
    assert parts.port == model.identity()[2]
    assert "utm_" not in parts.query.lower() and "fbclid" not in parts.query


FIELDS = {
    "scheme": st.sampled_from(["http", "https"]),
    "host": hosts,
    "port": st.none() | st.integers(1, 65535),
    "segments": segments,
    "trailing_slash": st.booleans(),
    "query": pairs,
    "hashbang": hashbangs,
}


@st.composite
def neighbours(draw) -> tuple[Model, Model]:
    """Two models that differ in one field, often only slightly."""
    model = draw(models)
    how = draw(st.sampled_from([*FIELDS, "bare-vs-empty", "repeat-order", "one-char", "escape-reserved"]))
    if how in FIELDS:
        return model, replace(model, **{how: draw(FIELDS[how])})
    if how in ("bare-vs-empty", "repeat-order") and model.query:
        key = model.query[0][0]
        if how == "bare-vs-empty":
            other = "" if model.query[0][1] is None else None
            return model, replace(model, query=((key, other), *model.query[1:]))
        values = draw(st.lists(st.none() | query_text, min_size=2, max_size=3, unique=True))
        first = replace(model, query=(*model.query, *((key, v) for v in values)))
        return first, replace(model, query=(*model.query, *((key, v) for v in reversed(values))))
    if model.segments:
        i = draw(st.integers(0, len(model.segments) - 1))
        seg = list(model.segments[i])
        j = draw(st.integers(0, len(seg) - 1))
        if how == "escape-reserved":
            seg[j] = (draw(st.sampled_from(RESERVED)), True)
            raw = list(seg)
            raw[j] = (seg[j][0], False)
            return (replace(model, segments=(*model.segments[:i], tuple(raw), *model.segments[i + 1:])),
                    replace(model, segments=(*model.segments[:i], tuple(seg), *model.segments[i + 1:])))
        seg[j] = draw(path_chars)
        if _not_dot_segment(tuple(seg)):
            return model, replace(model, segments=(*model.segments[:i], tuple(seg), *model.segments[i + 1:]))
    return model, replace(model, query=(*model.query, ("12345", None)))


@SETTINGS
@given(data=st.data(), pair=neighbours())
def test_different_articles_never_collide(data, pair: tuple[Model, Model]):
    first, second = pair
    assume(first.identity() != second.identity())
    a = data.draw(spellings(first))
    b = data.draw(spellings(second))
    assert canonicalize_url(a) != canonicalize_url(b), (a, b)
    assert article_id(canonicalize_url(a)) != article_id(canonicalize_url(b))


@SETTINGS
@given(data=st.data(), first=models, second=models)
def test_independent_urls_collide_only_when_their_models_are_equal(data, first: Model, second: Model):
    a = data.draw(spellings(first))
    b = data.draw(spellings(second))
    assert (canonicalize_url(a) == canonicalize_url(b)) == (first.identity() == second.identity()), (a, b)
