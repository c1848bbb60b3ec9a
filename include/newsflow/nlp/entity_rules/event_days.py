"""Days and editions of a named event: 'Friday' of 'Black Friday', 'Black Friday' of 'Black Friday 2019'.

Why: a shopping day or feast named after a weekday ('Black Friday', 'Cyber Monday', 'Good
Friday') is an event; the small model reads it as one where it opens a phrase ('the Black Friday
rush') but elsewhere keeps only the weekday as a date ('Black Friday is approaching', 'Black
Friday 2019'), so one event gets a date's key beside its own. And an article about one edition of
an event names it with and without its year ('Black Friday 2019' in the headline, 'Black Friday'
after): the name without the year is a short form of the one edition the article names.
"""

from __future__ import annotations

import calendar

from spacy.tokens import Doc

from .cluster_keys import Cluster
from .mentions import Mention, sent_index

#: The weekdays by name, lower case ('monday' ... 'sunday').
WEEKDAYS = frozenset(day.lower() for day in calendar.day_name)


def event_days(doc: Doc, doc_text: str, mentions: list[Mention], sent_starts: list[int]) -> list[Mention]:
    """Each date opening with a weekday right after a capitalised word, when the article reads
    that word and weekday as an event's name elsewhere ('Black' + 'Friday 2019' where 'Black
    Friday' is an event), as one event mention from that word on (a bare 'Friday' and 'Leader
    Monday', never an event's name in the article, stay dates)."""
    events = {" ".join(m.text.lower().split()) for m in mentions if m.label == "EVENT"}
    out: list[Mention] = []
    for m in mentions:
        word = weekday_named_event(doc, doc_text, m, events)
        if word < 0:
            out.append(m)
            continue
        start = doc[word].idx
        out.append(Mention(start, m.end, doc_text[start:m.end], "EVENT", sent_index(sent_starts, start),
                           word, m.tok_end))
    return out


def weekday_named_event(doc: Doc, doc_text: str, m: Mention, events: set[str]) -> int:
    """The token of the capitalised word before date ``m`` that names an event with its
    weekday ('Black' of 'Black Friday'), or -1: the word stands right before the date (one
    space), is written with a capital, and the two open an event's name of the article."""
    if m.label != "DATE" or m.tok_start == 0 or doc[m.tok_start].lower_ not in WEEKDAYS:
        return -1
    word = doc[m.tok_start - 1]
    if not (word.is_alpha and word.text[:1].isupper()) or doc_text[word.idx + len(word.text):m.start] != " ":
        return -1
    name = f"{word.lower_} {doc[m.tok_start].lower_}"
    return m.tok_start - 1 if any(e == name or e.startswith(name + " ") for e in events) else -1


def edition_of(short: Cluster, words: list[str], long: Cluster, long_words: list[str]) -> bool:
    """'Black Friday' of 'Black Friday 2019': an event's name is a short form of the same name
    with a year after it (both read as events wherever written); the join asks, as for any
    short form, that one edition alone fit ('World Cup' next to 'World Cup 2014' and 'World Cup
    2018' stays apart)."""
    return (len(long_words) == len(words) + 1 and long_words[:-1] == words and is_year(long_words[-1])
            and all(m.label == "EVENT" for m in short.mentions + long.mentions))


def is_year(word: str) -> bool:
    """'2019', '1998': four digits of a year from 1900 to 2099."""
    return len(word) == 4 and word.isdigit() and word[:2] in ("19", "20")
