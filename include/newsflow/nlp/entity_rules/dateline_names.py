"""A dateline's place in capitals as one mention: 'ST. JOSEPH, Mich. (AP) —', 'PORT ST. LUCIE,
Fla. (AP) —', 'MT. PLEASANT, S.C. —'.

Why: the small model reads capitals poorly; it cuts 'ST. JOSEPH' at the abbreviation's full
stop into 'ST' and 'JOSEPH' (two places, or an organisation 'LOUIS'), or keeps only 'LUCIE'.
A dateline's words in capitals before its state, agency or dash name one place, whatever they
are; the mentions inside that run become that one place (a mention reaching past it is left).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .mentions import Mention, sent_index

#: A line's first words in capitals, then the dateline's state ('Mich.'), agency ('(AP)') and
#: dash ('—', '–', '--', ' - ') or only some of them.
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'’-]*(?:[ \t]+[A-Z][A-Z.'’-]*)+?)"
    r"(?=(?:,[ \t]*[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)?)?[ \t]*(?:\([A-Za-z. ]{2,20}\)[ \t]*)?(?:—|–|--|-[ \t]))",
    re.MULTILINE,
)


def dateline_places(doc_text: str) -> list[tuple[int, int]]:
    """(start, end) of each capitalised place of two words or more opening a dateline."""
    return [(got.start("place"), got.end("place")) for got in _DATELINE.finditer(doc_text)]


def join_dateline_place(doc: Doc, doc_text: str, mentions: list[Mention],
                        sent_starts: list[int]) -> list[Mention]:
    """The mentions inside a dateline's place in capitals, when they are not that place whole
    already, replaced by one place mention spanning it ('ST' + 'JOSEPH' -> 'ST. JOSEPH')."""
    for start, end in dateline_places(doc_text):
        inside = [m for m in mentions if start <= m.start and m.end <= end]
        if not inside or any(m.start < end and start < m.end and m not in inside for m in mentions):
            continue
        if len(inside) == 1 and (inside[0].start, inside[0].end) == (start, end):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        place = Mention(start, end, doc_text[start:end], "GPE", sent_index(sent_starts, start), span.start, span.end)
        mentions = sorted([m for m in mentions if m not in inside] + [place], key=lambda m: m.start)
    return mentions
