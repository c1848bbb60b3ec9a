"""One reading for one name within an article: a group's (NORP) or the thing's.

Why: clusters are grouped by name, but a group of people is grouped apart (by its stem, so
'Ukrainian' and 'Ukrainians' meet), so a name the model reads as a group in one sentence and as
a place or an organisation in the next ('the Artemis program' as NORP, 'Artemis aims …' as ORG;
'Ukrainian officials' as GPE, 'the Ukrainian president' as NORP) ends under two keys of one
article. The way the name is written settles which reading all its mentions take: with a people's
ending ('Ukrainian'), or as an adjective by at least as many group readings as others ('the
Democratic nominee'; not a firm's name tagged so now and then among many), a group; else the
thing the other readings say, which the cluster's vote then decides among. A person's reading
is left alone ('Christian voters' and 'Christian said' are a group and a person).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from spacy.tokens import Doc

from .cluster_keys import mention_name
from .mentions import Mention
from .word_lists import DEMONYM_ADJECTIVE_ENDINGS


def written_as_group(doc: Doc, m: Mention) -> bool:
    """The mention's last word is tagged as an adjective ('the Democratic nominee'); not a thing's
    name ('the Artemis program' is a proper noun modifying a noun)."""
    return doc[m.tok_end - 1].tag_ == "JJ"


def demonym_shaped(m: Mention) -> bool:
    """One word with a people's ending ('Ukrainian', 'the Republican', 'Pakistani')."""
    name = mention_name(m)
    return " " not in name and len(name) > 3 and name.lower().endswith(DEMONYM_ADJECTIVE_ENDINGS)


def one_reading_per_name(doc: Doc, mentions: Sequence[Mention]) -> None:
    """Give every mention of a name read both as a group and as something else one reading
    (see the module docstring); the labels are rewritten in place."""
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.label not in ("DATE", "LANGUAGE"):
            by_name[mention_name(m).lower()].append(m)
    for same in by_name.values():
        groups = [m for m in same if m.label == "NORP"]
        others = [m for m in same if m.label not in ("NORP", "PERSON")]  # 'Christian' may be a person's name
        if not groups or not others:
            continue
        if any(demonym_shaped(m) for m in groups) or (
                any(written_as_group(doc, m) for m in groups) and len(groups) >= len(others)):
            label = "NORP"
        else:
            label = Counter(m.label for m in others).most_common(1)[0][0]
        for m in groups + others:
            if m.label == "NORP" or label == "NORP":
                m.label = label
