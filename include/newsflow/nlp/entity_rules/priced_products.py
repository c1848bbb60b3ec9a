"""A name written with its price is a thing for sale: 'the Brydge Pro ($129, regular $149)',
a deal's heading 'DJI Mavic Mini for $399'.

Why: reviews and deal lists give a product's price right after its name; the small model reads
a product's unfamiliar name as a person's, a company's or a building's ('fac:brydge pro'), and
nothing else in the sentence says otherwise. A price in brackets right after a name, or 'for' and
a price after a name that opens its line (the heading of a deal), says the name is sold: a
product. Not a price after 'for' inside a sentence ('bought the Tribune for $500 million', 'on
Amazon for $139': a company sold or a shop), and not a work's title (a book has a price too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .cluster_keys import Cluster
from .mentions import Mention

#: A price in brackets right after a name: ' ($129', '(£40', '(US$ 99'.
_PRICE_IN_BRACKETS = re.compile(r"[ \t]*\([ \t]*(?:US)?[$£€][ \t]?\d")
#: 'for' and a price right after a name: ' for $399'.
_FOR_PRICE = re.compile(r"[ \t]+for[ \t]+(?:US)?[$£€][ \t]?\d")
#: An amount right before a name: the name is its currency ('49.95 Euro').
_AMOUNT_BEFORE = re.compile(r"\d[ \t]*$")
#: Labels a priced name may have been read with in place of a product's.
_MISREAD = frozenset({"ORG", "PERSON", "FAC", "GPE", "LOC"})


def priced_products(doc_text: str, clusters: Sequence[Cluster], labels: list[str]) -> list[str]:
    """A cluster read as an organisation, person, building or place that some mention writes with
    its price (:func:`priced`) is a product."""
    return ["PRODUCT" if label in _MISREAD and any(priced(doc_text, m) for m in cl.mentions) else label
            for cl, label in zip(clusters, labels, strict=True)]


def priced(doc_text: str, m: Mention) -> bool:
    """The mention is followed by a price in brackets, or opens its line and is followed by
    'for' and a price; not a currency after an amount ('49.95 Euro (£40)')."""
    if _AMOUNT_BEFORE.search(doc_text[max(0, m.start - 16):m.start]):
        return False
    after = doc_text[m.end:m.end + 16]
    if _PRICE_IN_BRACKETS.match(after):
        return True
    line_start = m.start == 0 or doc_text[m.start - 1] == "\n"
    return line_start and _FOR_PRICE.match(after) is not None
