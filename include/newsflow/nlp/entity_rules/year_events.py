"""A year the model read as an event on its own: 'the 2020' of 'the 2020 election', 'the 2008'
before 'Beijing Olympics'.

Why: 'event:2020' is a key no reader would count as an event; the event is either the name
written right after the year ('the 2008' + 'Beijing Olympics': one event, as written) or
a common noun it left out ('the 2020 election'), and then the year alone is a date.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .mentions import Mention

#: A year alone, with or without 'the' ('the 2020', '2008').
_YEAR_ONLY = re.compile(r"(?:[Tt]he\s+)?(?:1[89]|20)\d\d")

def year_alone_as_event(m: Mention) -> bool:
    """'the 2020', '2008' read as an event: a year with no name of its own."""
    return m.label == "EVENT" and _YEAR_ONLY.fullmatch(m.text.strip()) is not None


def name_words_after(doc: Doc, i: int) -> int:
    """The end of the capitalised words from token ``i`` on ('Beijing Olympics,' -> after
    'Olympics'): the name a year opens; ``i`` itself when there is none (a party or people's
    word is no event's name: 'the 2020 Democratic primary')."""
    end = i
    while (end < len(doc) and doc[end].is_alpha and doc[end].text[:1].isupper() and not doc[end].is_sent_start
           and doc[end].ent_type_ != "NORP"):
        end += 1
    return end


def year_events(doc: Doc, doc_text: str, mentions: list[Mention]) -> list[Mention]:
    """Each year read as an event, with the capitalised words right after it, as one event ('the
    2008' + 'Beijing Olympics', the mentions inside go), or else as a date ('the 2020' of 'the
    2020 election')."""
    out: list[Mention] = []
    covered = -1
    for m in mentions:
        if m.start < covered:
            continue
        if not year_alone_as_event(m):
            out.append(m)
            continue
        end = name_words_after(doc, m.tok_end)
        if end > m.tok_end:
            covered = doc[end - 1].idx + len(doc[end - 1].text)
            out.append(Mention(m.start, covered, doc_text[m.start:covered], "EVENT", m.sent, m.tok_start, end))
        else:
            out.append(Mention(m.start, m.end, m.text, "DATE", m.sent, m.tok_start, m.tok_end))
    return out
