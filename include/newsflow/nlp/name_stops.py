"""Full stops inside a product's name ('the ID. SPACE VIZZION', 'the ID. Buzz'): no sentence ends
there, though the parser, seeing a capital after a period, splits one.

Why before the parser (``model``'s paragraph component): a sentence cut inside a name cuts the
attributions that hold it ('VW says it hopes to sell the ID.') and leaves the rest of the name to
start a sentence of its own. A name recurs, a sentence break seldom does: the same short capitals,
stop and capitalised word seen twice in the page are one name (issue 17, fp6: the sixth real-world
set's car pages; 'the NYAG. The company', 'the SLS. In a statement' stay sentence ends).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

if TYPE_CHECKING:  # pragma: no cover - quotes imports the model, which imports this module
    from .quotes.records import Quote

#: Letters at most of the capitals before the stop ('ID', 'EQ'): a model line, not a word.
MAX_NAME_CAPITALS = 4
#: Times the capitals, stop and next word must occur in the text to be read as one name.
NAME_REPEATS = 2


def _dotted_capitals(tok: Token) -> bool:
    """Short capitals glued to the stop after them ('ID.'): how such a name is written."""
    return tok.is_alpha and tok.text.isupper() and len(tok.text) <= MAX_NAME_CAPITALS and tok.whitespace_ == ""


def name_continuations(doc: Doc) -> list[int]:
    """Tokens after a stop inside a recurring name ('ID. SPACE'), which must not start a sentence:
    the word after is capitalised, no function word ('The', 'It' start sentences), and the
    capitals, stop and word recur in the text."""
    text = doc.text
    out = []
    for tok in doc[1:-1]:
        prev, nxt = doc[tok.i - 1], doc[tok.i + 1]
        if tok.text != "." or tok.whitespace_ != " " or not _dotted_capitals(prev):
            continue
        if not (nxt.is_alpha and nxt.text[0].isupper()) or nxt.is_stop or nxt.lower_ in STOP_CAPITALS:
            continue
        if text.count(f"{prev.text}. {nxt.text}") >= NAME_REPEATS and _only_in_the_name(text, prev.text, nxt.text):
            out.append(nxt.i)
    return out


def _only_in_the_name(text: str, capitals: str, word: str) -> bool:
    """Whether the capitals never stand without a stop after them and the word never without the capitals
    before it: a name's parts; 'to the US. Trump said' twice is two sentences, 'US' and 'Trump'
    being used apart elsewhere ('US officials', 'Mr Trump')."""
    bare = re.search(rf"\b{re.escape(capitals)}\b(?!\.)", text)  # 'ID.3', 'ID. models': still dotted
    alone = re.search(rf"(?<!\b{re.escape(capitals)}\. )\b{re.escape(word)}\b", text)
    return bare is None and alone is None


#: Capitalised words that open sentences though spaCy does not call them stop words.
STOP_CAPITALS = frozenset({"but", "and", "so", "yet", "still", "now", "then", "meanwhile", "however"})


#: What ends a content carried on over a name's stop: the clause's comma or the sentence's end.
CLAUSE_ENDS = frozenset({",", ";", ":", ".", "!", "?"})


def through_name_stops(quotes: list[Quote], doc: Doc) -> list[Quote]:
    """A reported content the parse ended at a name's stop ('VW says it hopes to sell the ID.')
    goes on over the name to the clause's comma or the sentence's end ('… the ID. SPACE VIZZION
    into the US market in 2022'); the parser, told no sentence starts there, still hangs the rest
    of the name elsewhere."""
    stops = {doc[i - 1].idx: i for i in name_continuations(doc)}
    if not stops:
        return quotes
    return [_carried_on(q, doc, stops) if q.kind != "direct" and q.end in stops else q for q in quotes]


def _carried_on(q: Quote, doc: Doc, stops: dict[int, int]) -> Quote:
    """``q`` with its last piece carried on from the name's stop to the clause's end."""
    k = stops[q.end]
    while k < len(doc) and "\n" not in doc[k].text and not (
        doc[k].text in CLAUSE_ENDS and doc[k].idx not in stops):
        k += 1
    end = doc[k - 1].idx + len(doc[k - 1].text)
    spans = [*q.spans[:-1], (q.spans[-1][0], end)] if q.spans else [(q.start, end)]
    return replace(q, spans=spans, end=end, text=doc.text[q.start:end])
