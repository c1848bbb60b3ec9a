"""A place's name written for its team in some sentences and for the place in others, as two
keys: 'Blake Coleman scored for New Jersey' (the team) and 'New Jersey native Connor Clifton'
(the state).

Why: ``teams`` relabels a whole cluster only when most of its mentions are a team's; a
cluster with a few team uses stays the place and its key then holds two things, the state and
its team. Each mention written as a team's (``team_use``: a side of a win, a result line, the
team a player scored for) leaves the place's cluster for the team's: the organisation of the
team of the article whose name the place opens ('Los Angeles' of the 'Los Angeles Lakers'),
when only one does, or else an organisation under the place's name. A country keeps its place reading (a
national side is written as the country), and so does a name that is no known place (a
nickname the model read as a place, 'the Wild', is the team's in all its mentions).
"""

from __future__ import annotations

from spacy.tokens import Doc

from .cluster_keys import PLACE_LABELS, Cluster
from .places import country_names, known_place
from .teams import team_use


def team_of_place(doc: Doc, team: Cluster, place: str) -> bool:
    """'Los Angeles Lakers' of 'Los Angeles': a name the place opens, followed by a plural
    nickname or written as a team's somewhere ('the Pittsburgh Post-Gazette' is no team)."""
    rest = team.name[len(place):]
    if not team.name.lower().startswith(place.lower() + " "):
        return False
    plural = rest.endswith("s") and not rest.endswith("ss")
    return plural or any(team_use(doc, m) for m in team.mentions)


def team_uses_apart(doc: Doc, clusters: list[Cluster], labels: list[str]) -> tuple[list[Cluster], list[str]]:
    """The clusters and labels with each place's team uses moved to its team (see the module
    docstring); the lists are new, the clusters changed in place."""
    clusters, labels = list(clusters), list(labels)
    countries = country_names()
    for ci in range(len(clusters)):
        cl, label = clusters[ci], labels[ci]
        if (label not in PLACE_LABELS or cl.name.lower() in countries or cl.alias_label is not None
                or not known_place(cl.name)):
            continue
        team = [m for m in cl.mentions if team_use(doc, m)]
        if not team or len(team) == len(cl.mentions):
            continue
        cl.mentions = [m for m in cl.mentions if m not in team]
        opened = [i for i, (other, lab) in enumerate(zip(clusters, labels, strict=True))
                  if lab == "ORG" and team_of_place(doc, other, cl.name)]
        if len(opened) == 1:
            clusters[opened[0]].mentions.extend(team)
        else:
            clusters.append(Cluster(cl.name, team))
            labels.append("ORG")
    return clusters, labels
