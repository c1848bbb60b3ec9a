"""Clusters of one name that its mentions' labels kept apart, joined so one label is decided
over all the mentions.

Why: clusters are first grouped by the name a mention writes and a group's stem, and a
group's key ('norp ukrainian') differs from a place's or an organisation's ('ukrainian'), so
when the model reads one mention of a name as a group and another as a place, or writes a
name once with a space the key ignores ('Disney +' and 'Disney+'), the article's one thing
ends up under two keys (``norp:ukrainians`` and ``gpe:ukrainian``) with two labels. Within
one article only.
"""

from __future__ import annotations

from .cluster_keys import Cluster, norp_stem
from .key_names import key_text

#: Labels a single group word ('Ukrainian') is misread as.
_MISREAD_GROUP_LABELS = frozenset({"GPE", "LOC", "ORG"})


def join_same_key_names(clusters: list[Cluster]) -> list[Cluster]:
    """'the Disney +' read as a place and 'Disney+' as an organisation: two clusters whose names
    write the same key are one name, so one cluster (under the one with more mentions) whose
    label is decided over all its mentions; a group's cluster stays apart from a thing's (see
    :func:`join_group_words`), and so does a fixed alias's."""
    groups: dict[str, list[Cluster]] = {}
    for cl in clusters:
        if cl.alias_label is None and not is_group(cl):
            groups.setdefault(key_text(cl.name), []).append(cl)
    joined: set[int] = set()
    for same in groups.values():
        target = max(same, key=lambda c: len(c.mentions))
        for cl in same:
            if cl is not target:
                target.mentions.extend(cl.mentions)
                joined.add(id(cl))
    return [cl for cl in clusters if id(cl) not in joined]


def join_group_words(clusters: list[Cluster], place_read: frozenset[int] = frozenset()) -> list[Cluster]:
    """'the Ukrainian' read as a place next to 'the Ukrainians' read as a group: a one-word name
    read as a place or an organisation, never titled nor used as a place ('in X'), whose stem
    is that of a group the article names is that group's word, read as the group's (one cluster, one label);
    a person's name ('Jordan' next to 'the Jordans') is left alone."""
    groups = {norp_stem(cl.name): cl for cl in clusters if is_group(cl)}
    out: list[Cluster] = []
    for cl in clusters:
        group = groups.get(norp_stem(cl.name)) if group_word_misread(cl, place_read) else None
        if group is None:
            out.append(cl)
        else:
            for m in cl.mentions:
                m.label = "NORP"
            group.mentions.extend(cl.mentions)
    return out


def is_group(cl: Cluster) -> bool:
    """Every mention of the cluster is read as a group's (nationality, religion, party)."""
    return bool(cl.mentions) and all(m.label == "NORP" for m in cl.mentions)


def group_word_misread(cl: Cluster, place_read: frozenset[int]) -> bool:
    """One word, no fixed alias, every mention read as a place or organisation, none titled
    nor used as a place: a group's word the model may have misread."""
    return (cl.alias_label is None and len(cl.name.split()) == 1
            and all(m.label in _MISREAD_GROUP_LABELS and not m.titled and m.start not in place_read
                    for m in cl.mentions))
