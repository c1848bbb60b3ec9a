"""Two marks of a business the use rules (``companies``) do not read: a stock ticker
written after the name ('Lowe's (LOW)', 'Target (NYSE: TGT)'), and a list of organisations the
name is one of ('NBC News and Bloomberg have reported').

Why: the small model reads a business named like a person or a town as one ('Lowe', 'Bloomberg'),
and a business news story may write it only there. A ticker is written after no person's or
place's name; a list of names the article reads as organisations holds no place that is no known
place and no person without a person's mark. Applied to the clusters' labels as they stand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from .cluster_keys import Cluster
from .companies import no_person_mark
from .mentions import Mention
from .person_marks import strong_person_mark
from .place_readings import dateline_reading, place_reading
from .places import known_place, state_abbreviation
from .word_lists import LIST_WORDS, PLACE_PREPS

#: '(LOW)', '(NYSE: TGT)', '(Nasdaq:AAPL)': a ticker in brackets, with or without its exchange.
_TICKER = re.compile(r"\s*\((?:(?:NYSE|NASDAQ|Nasdaq|LSE|TSX|AMEX|OTC)\s*:\s*)?([A-Z]{2,5}(?:\.[A-Z])?)\)")
#: Readings a business named like a person or a place gets from the small model.
MISREAD_AS = frozenset({"PERSON", "GPE", "LOC"})


def ticker_after(doc: Doc, doc_text: str, m: Mention) -> bool:
    """'Lowe's (LOW)', 'Target (NYSE: TGT)': a ticker in brackets right after the name (or its
    possessive) that is not the name's initials (an acronym the article defines: 'United Arab
    Emirates (UAE)'), outside a dateline ('WASHINGTON (AP)', 'ST. JOSEPH, Mich. (AP) —')."""
    end = m.end
    for poss in ("'s", "’s"):
        if doc_text.startswith(poss, end):
            end += len(poss)
    got = _TICKER.match(doc_text, end)
    if got is None or dateline_reading(doc, m) or state_abbreviation(m.text) or state_abbreviation(m.text + "."):
        return False
    if doc_text[got.end():got.end() + 3].strip()[:1] in ("—", "–", "-"):
        return False  # a dateline's agency: 'ST. PAUL, Minn. (AP) —'
    return not acronym_of_name(got.group(1).replace(".", ""), m.text)


def acronym_of_name(letters: str, name: str) -> bool:
    """'DRC' of 'Democratic Republic of Congo', 'HD' of 'Home Depot': the letters in brackets are
    the name's capitals in order (an acronym the article defines), no ticker."""
    capitals = iter(ch for ch in name if ch.isupper())
    return all(ch in capitals for ch in letters)


def ticker_named(doc: Doc, doc_text: str, cl: Cluster, label: str) -> bool:
    """A cluster read as a person or a place that some mention writes with a ticker: a business
    (not a known place, not a person with a strong person's mark)."""
    if label not in MISREAD_AS or known_place(cl.name):
        return False
    if label == "PERSON" and strong_person_mark(doc, cl.mentions):
        return False  # a title, 'X said', a later 'he'/'she' (a role noun is weaker: 'peer Lowe's (LOW)')
    return any(ticker_after(doc, doc_text, m) for m in cl.mentions)


def coordinated(doc: Doc, m: Mention) -> bool:
    """The mention is an item of a list: 'and'/'or' right before or after it, or a comma with a
    later item ('Facebook, Twitter and Instagram'); not a place written after a body's name as its
    address ('the University of Goethe, Frankfurt'), nor an item of a list of places."""
    head = doc[m.tok_end - 1]
    if in_place_list(doc, m):
        return False  # 'in Saxony-Anhalt, Baden-Württemberg and …', 'states in the Midwest and …'
    before = doc[m.tok_start - 1].lower_ if m.tok_start > 0 else ""
    after = doc[m.tok_end].lower_ if m.tok_end < len(doc) else ""
    if "and" in (before, after) or "or" in (before, after):
        return True
    return after == "," and any(t.i >= m.tok_end for t in head.conjuncts)


def in_place_list(doc: Doc, m: Mention) -> bool:
    """A list after a place's preposition ('in Saxony-Anhalt, Baden-Württemberg and …', 'states in
    the Midwest and Northeast'): going back over names and the list's words reaches 'in', 'from' …"""
    i = m.tok_start - 1
    while i >= 0 and (doc[i].pos_ == "PROPN" or doc[i].lower_ in LIST_WORDS):
        i -= 1
    return i >= 0 and doc[i].lower_ in PLACE_PREPS


def listed_with_organisations(doc: Doc, clusters: Sequence[Cluster], labels: list[str]) -> list[str]:
    """'NBC News and Bloomberg', 'on Facebook, Twitter and Instagram': a one-word name read as a
    place that is no known place and never used as one, or as a person with no person's mark,
    listed only with organisations (as the labels now stand) is an organisation too."""
    owner = {i: ci for ci, cl in enumerate(clusters) for m in cl.mentions
             for i in range(m.tok_start, m.tok_end)}
    out = list(labels)
    for ci, cl in enumerate(clusters):
        if out[ci] not in MISREAD_AS or len(cl.name.split()) != 1 or known_place(cl.name):
            continue
        if any(place_reading(doc, m) for m in cl.mentions) or not no_person_mark(doc, cl.mentions):
            continue
        listed = {labels[owner[t.i]] for m in cl.mentions if coordinated(doc, m)
                  for t in doc[m.tok_end - 1].conjuncts if t.i in owner and owner[t.i] != ci}
        if listed == {"ORG"}:
            out[ci] = "ORG"
    return out
