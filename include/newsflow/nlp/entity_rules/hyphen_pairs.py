"""Two names a hyphen joins, cut back into two: 'the Howitt-Garrett paper', 'the
Browns-Steelers game', 'an Earth-Mars transfer', 'the Locksley-von Moltke study'.

Why: news joins two names with a hyphen to make one modifier (the two authors of a paper, the two
sides of a game or a merger, the two ends of a route); the model reads the pair as one name with a
key of its own that is neither thing ('org:howitt-garrett' next to 'person:michael howitt' and
'person:wendy garrett'): both things split, and the pair's key merges them. The cut is made only
where a reader sees two names: the article names each half on its own (a mention of its own, or
the surname of a person it names in full), and the pair is no one's double-barrelled surname
('Soraya Shirazi-Beechey ... Shirazi-Beechey' stays one person; 'Coca-Cola' stays: no 'Coca').
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .cluster_keys import mention_name
from .mentions import Mention

#: Labels of mentions that may hold two names joined by a hyphen.
_PAIR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "NORP"})

#: One capitalised word, a hyphen, then one capitalised word, perhaps after a surname particle
#: ('Locksley-von Moltke'); a leading 'the' may come before.
_PAIR = re.compile(
    r"(?:[Tt]he )?(?P<a>[A-Z][\w’'.]+)[-–](?P<b>(?:(?:von|van|de|del|der|da|di|le|la) )?[A-Z][\w’'.]+)(?:['’]s?)?"
)


def _named_alone(mentions: list[Mention], pair: Mention) -> dict[str, str]:
    """Lower-cased names the article writes outside ``pair`` -> their label: each other mention's
    name, and each surname (the words after the first) of a person named in two words or more."""
    known: dict[str, str] = {}
    for m in mentions:
        if m is pair:
            continue
        name = mention_name(m)
        words = name.split()
        if m.label == "PERSON":
            for i in range(1, len(words)):
                known[" ".join(words[i:]).lower()] = "PERSON"
        if known.get(name.lower()) != "PERSON":
            known[name.lower()] = m.label
    return known


def double_barrelled(name: str, mentions: list[Mention]) -> bool:
    """'Shirazi-Beechey' when the article names 'Soraya Shirazi-Beechey': the hyphenated pair is
    the surname of a person the article names in full, one name and not two."""
    low = name.lower()
    return any(m.label == "PERSON" and mention_name(m).lower().endswith(" " + low) for m in mentions)


def hyphen_pair_halves(doc: Doc, m: Mention, mentions: list[Mention]) -> list[Mention] | None:
    """``m`` as its two halves when it is two names the article writes apart joined by a hyphen
    (see the module docstring); None when it is not, or a half falls inside a token."""
    if m.label not in _PAIR_LABELS:
        return None
    got = _PAIR.fullmatch(m.text)
    if got is None or got.group("a").lower() == got.group("b").lower():
        return None
    if double_barrelled(m.text[got.start("a"):got.end("b")], mentions):
        return None
    known = _named_alone(mentions, m)
    halves = []
    for part in ("a", "b"):
        label = known.get(got.group(part).lower())
        start, end = m.start + got.start(part), m.start + got.end(part)
        span = doc.char_span(start, end)
        if label is None or span is None:
            return None
        halves.append(Mention(start, end, span.text, label, m.sent, span.start, span.end))
    return halves


def split_hyphen_pairs(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Each mention that is two names joined by a hyphen as two mentions; the others unchanged."""
    out: list[Mention] = []
    for m in mentions:
        out.extend(hyphen_pair_halves(doc, m, mentions) or [m])
    return out
