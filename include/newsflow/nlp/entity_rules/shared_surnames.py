"""Which person a surname means when two people of the article share it ('Trump' after
'Donald Trump' and 'Ivanka Trump'): the one an honorific's gender allows, named nearby, named
far most, or the article's subject.

Why apart: the clustering loop (``clusters``) only finds that a bare name fits
several full names; choosing among them is its own rule, so that the key of a bare surname
never holds two people across articles.
"""

from __future__ import annotations

from .cluster_keys import Cluster, is_person_cluster
from .mentions import Mention


def surname_targets(cl: Cluster, fits: set[str], by_name: dict[str, Cluster]) -> list[str]:
    """The full names an ambiguous bare name is shared out among (none: it keeps its own key).

    A name read as a person everywhere goes to any of them. One the model reads as a person
    only sometimes ('Dalby, 69, has emerged' as ORG next to 'Robert Dalby' and 'Tim Dalby')
    is still one of the people it fits: left on its own it would be a key holding several
    people across articles."""
    if all(m.label == "PERSON" for m in cl.mentions):
        return sorted(fits)
    if not is_person_cluster(cl):
        return []
    return sorted(r for r in fits if r in by_name and is_person_cluster(by_name[r]))


def share_ambiguous(mentions: list[Mention], fits: list[Cluster]) -> None:
    """A surname that fits two full names ('Trump' after 'Donald Trump' and 'Ivanka Trump')
    means, among those an honorific's gender does not rule out ('Mr. Clinton', 'Mrs. Clinton'), the one
    named in its sentence or the sentence before (the last named, if both), else the one the
    article names far most (twice as often as any other), else the one it names in full
    first, its subject: the key of a bare surname must never hold two people across articles,
    and a passing namesake ('Davis Manafort', the firm; 'Bill Clinton' in an article on
    Hillary Clinton) must not take the surname of the article's subject."""
    fits = [cl for cl in fits if cl.mentions]
    if not fits:
        return
    genders = {id(cl): name_gender(cl.name) for cl in fits}
    chosen = []
    for m in mentions:
        # the lexicon knows too few first names to pick by gender: it only rules out
        by_gender = [cl for cl in fits if m.gender and genders[id(cl)] in (m.gender, "")]
        chosen.append(choose_fit(m, by_gender or fits))
    for m, cl in zip(mentions, chosen, strict=True):
        cl.mentions.append(m)


def choose_fit(m: Mention, fits: list[Cluster]) -> Cluster:
    """The full name a shared surname means among ``fits`` (see :func:`share_ambiguous`)."""
    full = [(x.start, x.sent, cl) for cl in fits for x in cl.mentions]
    near = [(start, cl) for start, sent, cl in full if start < m.start and m.sent is not None
            and sent is not None and 0 <= m.sent - sent <= 1]
    if near:
        return max(near, key=lambda x: x[0])[1]
    same = [cl for _, sent, cl in full if m.sent is not None and sent == m.sent]
    if len({id(c) for c in same}) == 1:
        return same[0]
    counts = sorted((len(cl.mentions) for cl in fits), reverse=True)
    if len(counts) < 2 or (counts[0] >= 2 * counts[1] and counts[0] - counts[1] >= 2):
        return next(cl for cl in fits if len(cl.mentions) == counts[0])
    return min(full, key=lambda x: x[0])[2]  # the article's subject is named in full first


def name_gender(name: str) -> str:
    """The gender a full name's first name says ('' when unknown); imported lazily: the
    quotes package imports this module's users."""
    from ..quotes.gender import first_name_gender

    return (first_name_gender(name) or "") if len(name.split()) > 1 else ""
