"""Refuse XML that declares entities, judged on the text the XML parser will actually read.

Entity declarations have no business in a news feed and are how expansion bombs work
(billion laughs, quadratic blow-up). A byte scan of the raw body misses them in UTF-16/32,
behind a long comment or under a declared encoding, so the check runs on decoded text:
an expat pass that stops at the first declaration, or at the root element (after which
no declaration can come), plus the prolog region that feedparser's own DOCTYPE rewriting
reads, for documents too malformed for expat to reach their declarations.
"""

from __future__ import annotations

import re
from xml.parsers import expat

# feedparser (sanitizer.replace_doctype) takes everything before the first '<' + word
# character as the prolog and re-declares the ENTITY lines it finds there.
_PROLOG_END = re.compile(rb"<\w")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)


class UnsafeXMLError(ValueError):
    """The document declares entities (the message names the first one)."""


class _RootReached(Exception):
    """The DTD is over: nothing further can declare an entity."""


def _refuse_entity(name: str, is_parameter: bool, *_: object) -> None:
    kind = "parameter entity" if is_parameter else "entity"
    raise UnsafeXMLError(f"declares {kind} {name!r}")


def _refuse_unparsed(name: str, *_: object) -> None:
    raise UnsafeXMLError(f"declares unparsed entity {name!r}")


def _root_reached(*_: object) -> None:
    raise _RootReached


def check_no_entity_declarations(utf8: bytes) -> None:
    """Raise UnsafeXMLError if the UTF-8 document declares any entity.

    Malformed documents are not refused for being malformed: feed parsers recover from
    those; only a declaration (seen by expat, or in the prolog feedparser rewrites) is.
    """
    parser = expat.ParserCreate("utf-8")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_unparsed
    parser.StartElementHandler = _root_reached
    try:
        parser.Parse(utf8, True)
    except (_RootReached, expat.ExpatError):
        pass
    end = _PROLOG_END.search(utf8)
    prolog = utf8[: end.start()] if end else utf8
    if match := _ENTITY_DECL.search(prolog):
        raise UnsafeXMLError(f"declares an entity in its prolog (at character {match.start()})")
