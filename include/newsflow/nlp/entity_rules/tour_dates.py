"""A tour's list of dates: each line's venue as one facility, its city and state as places.

Why: a concert or tour announcement lists its dates one a line, 'June 5 -- Harbor Savings
Music Park at Cedar Hollow, Raleigh, NC' or 'June 5 – Raleigh, NC @ Harbor Savings Music Park at
Cedar Hollow'. The small model reads such lines poorly: it cuts a venue at 'at' ('… Music Park'
+ 'Cedar Hollow'), joins the state's code to the venue ('NC @ … Music Park'), reads a venue
named after its sponsor with no venue noun as a person or an organisation ('Gullwing Live',
'Gullwing Stage') and a state's code as a date. The line's layout says what each field is: the
field beside the 'City, ST' pair is the venue, whole, up to a former name in brackets or a place
after a spaced dash ('Pinecrest Casino Amphitheatre - Denver', the venue's city). Only an article
that lists two such lines or more is read so (one line may be anything).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .mentions import Mention, sent_index
from .places import POSTAL_CODES

#: Canada's province codes, written as the US states' are in a tour's list ('Toronto, ON').
PROVINCE_CODES = frozenset("AB BC MB NB NL NS ON PE QC SK".split())

#: A line opening with a date ('June 9', 'Sept. 12', 'Aug 4th') and a dash or colon.
_DATE_OPEN = (r"^[ \t]*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?[ \t]+)?"
              r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?"
              r"[ \t]*(?:--|–|—|-|:)[ \t]*")
#: 'Venue, City, ST' after the date.
_VENUE_FIRST = re.compile(_DATE_OPEN + r"(?P<venue>[A-Z][^\n]*?)[,.][ \t]+(?P<city>[A-Z][^,@\n]*?),[ \t]*"
                          r"(?P<state>[A-Z]{2})[ \t]*$", re.MULTILINE)
#: 'City, ST @ Venue' (or 'at Venue') after the date.
_CITY_FIRST = re.compile(_DATE_OPEN + r"(?P<city>[A-Z][^,@\n]*?),[ \t]*(?P<state>[A-Z]{2})[ \t]*(?:@|at\b)[ \t]*"
                         r"(?P<venue>[A-Z][^\n]*?)[ \t]*$", re.MULTILINE)
#: Where a venue's own name ends: a former name in brackets, a place after a spaced dash.
_VENUE_END = re.compile(r"[ \t]*(?:\(|[ \t](?:–|—|-|--)[ \t])")


def state_or_province(code: str) -> bool:
    """'NC', 'ON': a US state's postal code or a Canadian province's."""
    return code in POSTAL_CODES or code in PROVINCE_CODES


#: Small words a venue's name may hold in lower case ('… Music Park at Cedar Hollow').
_SMALL_WORDS = frozenset("at of on the and in by".split())


def written_as_name(text: str) -> bool:
    """'Harbor Savings Music Park at Cedar Hollow': every word capitalised (or a digit, or a small
    word), as a name is; not a line's description ('Town hall meeting, Ames, IA')."""
    words = text.split()
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() or w in _SMALL_WORDS for w in words)


def tour_lines(doc_text: str) -> list[dict[str, tuple[int, int]]]:
    """Each date line's fields (venue, city, state) as character spans, when the article lists
    two lines or more (one line with a date and a place may be anything)."""
    lines: list[dict[str, tuple[int, int]]] = []
    for pattern in (_VENUE_FIRST, _CITY_FIRST):
        for got in pattern.finditer(doc_text):
            if not (state_or_province(got.group("state")) and written_as_name(got.group("city"))):
                continue
            start, end = got.span("venue")
            fields = {"venue": (start, end), "city": got.span("city"), "state": got.span("state")}
            cut = _VENUE_END.search(doc_text, start, end)
            if cut is not None:
                fields["venue"] = (start, cut.start())
                if "(" not in cut.group() and doc_text[cut.end():end][:1].isupper():  # '… - Denver': its city
                    fields["area"] = (cut.end(), end)
            venue_start, venue_end = fields["venue"]
            if written_as_name(doc_text[venue_start:venue_end]):
                lines.append({field: trimmed(doc_text, *span) for field, span in fields.items()})
    return lines if len(lines) > 1 else []


def trimmed(doc_text: str, start: int, end: int) -> tuple[int, int]:
    """A field's span without the spaces, full stops and commas that end it."""
    while end > start and doc_text[end - 1] in " \t.,":
        end -= 1
    return start, end


#: The label each field of a date line gets (the area: the city a venue's name ends with).
FIELD_LABELS = {"venue": "FAC", "city": "GPE", "state": "GPE", "area": "GPE"}


def listed_tour_dates(doc: Doc, doc_text: str, mentions: list[Mention],
                      sent_starts: list[int]) -> list[Mention]:
    """The mentions touching a tour line's venue, city or state replaced by one mention of that
    field whole, labelled by the field ('NC @ Harbor … Music Park' + 'Cedar Hollow' -> the state
    and 'Harbor Savings Music Park at Cedar Hollow', a facility); a field the model already read
    whole with that label is left as it is."""
    for fields in tour_lines(doc_text):
        for field, (start, end) in fields.items():
            if end <= start:
                continue
            label = FIELD_LABELS[field]
            touching = [m for m in mentions if m.start < end and start < m.end]
            if len(touching) == 1 and (touching[0].start, touching[0].end, touching[0].label) == (start, end, label):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or (span.start_char, span.end_char) != (start, end):
                continue
            whole = Mention(start, end, doc_text[start:end], label, sent_index(sent_starts, start),
                            span.start, span.end)
            mentions = sorted([m for m in mentions if m not in touching] + [whole], key=lambda m: m.start)
    return mentions
