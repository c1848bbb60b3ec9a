"""Newspapers, sites, vehicles, planets and moons the small model reads as people, places or groups.

Why apart from ``labels``: each is told by a word of the name's own or the noun it
modifies, not by the votes of the mentions: 'the Miami Herald' (a masthead word after a place),
'the Keck Observatory' (a site's noun), 'its Starship vehicle', 'the Falcon Heavy rocket' (a
vehicle's noun the name modifies), "Saturn's moon" (a body in the sky). The model reads such
names as a person, an organisation, a place or a nationality; the article's words say newspaper
(ORG), facility (FAC), vehicle (PRODUCT), planet or moon (LOC).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from .cluster_keys import Cluster
from .mentions import Mention
from .names import named_for_its_head
from .person_marks import first_name_known
from .places import known_place
from .word_lists import (
    BODY_NOUNS,
    BODY_PARTS,
    CRAFT_NAME_HEADS,
    CRAFT_NOUNS,
    MASTHEAD_WORDS,
    SITE_HEADS,
)

#: Readings the model gives a newspaper's name ('the Miami Herald' as a person, 'the Kansas City
#: Star' as a place, a paper's title as a work); a star of the sky or of a film ('North Star',
#: 'Death Star', read as a place or a product) keeps its reading.
MASTHEAD_MISREADINGS = frozenset({"PERSON", "GPE", "NORP", "FAC", "WORK_OF_ART"})


def masthead_name(name: str) -> bool:
    """'Miami Herald', 'Orange County Register', 'Post-Gazette': two words or more ending in a
    masthead word, after a place or after no known first name ('Emily Post' is a person)."""
    words = name.split()
    if len(words) < 2 or words[-1].split("-")[-1].lower() not in MASTHEAD_WORDS:
        return False
    return known_place(" ".join(words[:-1])) or not first_name_known(name)


def site_name(name: str) -> bool:
    """'Keck Observatory', 'Michoud Assembly Facility': a name of two words or more ending in a
    site's noun is a facility, even where the model reads an organisation."""
    return named_for_its_head(name, SITE_HEADS)


def vehicle_name(name: str) -> bool:
    """'Hubble Space Telescope', 'Mars Reconnaissance Orbiter': a name ending in a craft's noun."""
    return named_for_its_head(name, CRAFT_NAME_HEADS)


def owned_vehicle_use(doc: Doc, m: Mention) -> bool:
    """'its Starship vehicle', "Blue Origin's New Glenn vehicles", 'the Falcon Heavy rocket': the
    name modifies a vehicle's noun that has an owner or 'the' of its own; a maker is written 'a
    SpaceX rocket' or owns it ('SpaceX's rocket'), never 'its SpaceX rocket'."""
    head = doc[m.tok_end - 1]
    noun = head.head
    if head.dep_ != "compound" or noun.i != m.tok_end or not noun.is_lower or not (
            noun.lemma_.lower() in CRAFT_NOUNS or noun.lower_ in CRAFT_NOUNS):
        return False
    if craft_named_before(doc, m, noun.i):
        return False
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the") for c in noun.children)


def craft_named_before(doc: Doc, m: Mention, noun: int) -> bool:
    """"NASA's Galileo Jupiter probe": another capitalised name right before ``m``, a place (LOC),
    modifies the same craft's noun; that one is the craft, ``m`` the world it flies to ('the
    SpaceX Starship rocket', a maker then a craft, is no place)."""
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    return (m.label == "LOC" and prev is not None and prev.dep_ == "compound" and m.tok_start <= prev.head.i <= noun
            and prev.text[:1].isupper())


def vehicle_cluster(doc: Doc, cl: Cluster) -> bool:
    """A cluster named like a vehicle, or used as one owned ('its Starship vehicle')."""
    return vehicle_name(cl.name) or any(owned_vehicle_use(doc, m) for m in cl.mentions)


#: Readings a vehicle's short name keeps: 'Mars' read as a place beside the 'Mars Reconnaissance
#: Orbiter' is the planet the craft is named for.
PLACE_READINGS = frozenset({"GPE", "LOC"})


def short_of_vehicle(name: str, vehicles: set[str]) -> bool:
    """'Hubble' where the article names the 'Hubble Space Telescope': the opening word of a
    vehicle's name, written alone, is the vehicle — not a person the vehicle is named for ('James',
    'Parker' beside the 'James Webb Space Telescope', the 'Parker Solar Probe'; a place it is named
    for keeps its place reading, :data:`PLACE_READINGS`)."""
    from ..quotes.gender import opens_with_first_name  # lazily: the quotes package imports entities

    if " " in name or opens_with_first_name(name):
        return False
    return any(v.split()[0] == name for v in vehicles)


def sky_body_use(doc: Doc, m: Mention) -> bool:
    """'the planet Mercury', 'the icy moon Enceladus', "Saturn's icy moon", "Neptune's rings",
    "Saturn's moon Enceladus" (the moon a compound of the moon's name): a planet or moon, a place
    (LOC), whatever product, group or company reading the model gives."""
    head = doc[m.tok_end - 1]
    owned = head.head
    if head.dep_ == "poss" and any(t.is_lower and t.lemma_.lower() in BODY_PARTS for t in [
            owned, *(c for c in owned.children if c.dep_ == "compound")]):
        return True
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    return prev is not None and prev.is_lower and prev.lower_ in BODY_NOUNS


def papers_sites_vehicles(doc: Doc, clusters: Sequence[Cluster], labels: list[str]) -> list[str]:
    """The labels with newspapers made ORG, sites FAC, vehicles PRODUCT and planets and moons LOC
    (a title keeps PERSON)."""
    out = list(labels)
    vehicles = {cl.name for cl in clusters if vehicle_name(cl.name)}
    for ci, cl in enumerate(clusters):
        if any(m.titled for m in cl.mentions) or cl.alias_label:
            continue
        if labels[ci] in MASTHEAD_MISREADINGS and masthead_name(cl.name):
            out[ci] = "ORG"
        elif labels[ci] in ("ORG", "PERSON", "GPE", "LOC", "PRODUCT") and site_name(cl.name):
            out[ci] = "FAC"
        elif labels[ci] in ("ORG", "PERSON", "GPE", "NORP", "FAC", "PRODUCT") and any(
                sky_body_use(doc, m) for m in cl.mentions):
            out[ci] = "LOC"  # before the vehicles: 'the planet Mars' beside the 'Mars Rover'
        elif labels[ci] in ("ORG", "PERSON", "GPE", "LOC", "NORP", "FAC") and (
                vehicle_cluster(doc, cl) or (labels[ci] not in PLACE_READINGS and short_of_vehicle(cl.name, vehicles))):
            out[ci] = "PRODUCT"
    return out
