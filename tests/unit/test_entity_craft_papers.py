"""Issue 18, labels: newspapers named with a masthead word, sites and space vehicles the small
model reads as people, places or groups (own sentences, the real spaCy model)."""

from __future__ import annotations

from newsflow.nlp.entity_rules.craft_papers import (
    MASTHEAD_MISREADINGS,
    craft_named_before,
    masthead_name,
    owned_vehicle_use,
    short_of_vehicle,
    site_name,
    sky_body_use,
    vehicle_name,
)
from newsflow.nlp.entity_rules.mentions import Mention
from newsflow.nlp.model import get_nlp

from support import labels_of


def _labels(text: str, name: str) -> set[str]:
    """The labels of the mentions whose canonical name is ``name``."""
    return labels_of(text, name, by="canonical")


def test_a_masthead_word_after_a_place_is_a_newspaper() -> None:
    """'the Tampa Courant', 'the Orange County Register': a newspaper; 'Emily Post' a person."""
    assert masthead_name("Tampa Courant") and masthead_name("Orange County Register")
    assert masthead_name("San Diego Union-Tribune") and masthead_name("Kansas City Star")
    assert not masthead_name("Emily Post") and not masthead_name("Herald")
    assert not masthead_name("Herald Square")
    text = ("The chain sold the Tampa Courant and the Fresno Sentinel last year. "
            "Staff at the Tampa Courant learned of the sale by email.")
    assert _labels(text, "Tampa Courant") == {"ORG"}
    assert _labels(text, "Fresno Sentinel") == {"ORG"}


def test_a_sites_name_is_a_facility() -> None:
    """'the Lowell Ridge Observatory', 'the Calloway Assembly Facility': a facility, not an org."""
    assert site_name("Lowell Ridge Observatory") and site_name("Calloway Assembly Facility")
    assert not site_name("Observatory") and not site_name("Facility for Rare Isotope Beams")
    text = ("Engineers at the Calloway Assembly Facility in Louisiana welded the tank. "
            "Astronomers used the Brandt Peak Observatory to confirm the find.")
    assert _labels(text, "Calloway Assembly Facility") == {"FAC"}
    assert _labels(text, "Brandt Peak Observatory") == {"FAC"}


def test_a_name_ending_in_a_crafts_noun_is_a_product() -> None:
    """'Meridian Deep Space Telescope', and 'Meridian' alone after it: a product; 'Land Rover'
    and 'Houston Rockets' end in no craft's noun."""
    assert vehicle_name("Meridian Deep Space Telescope") and vehicle_name("Parker Solar Probe")
    assert not vehicle_name("Land Rover") and not vehicle_name("Houston Rockets")
    assert short_of_vehicle("Meridian", {"Meridian Deep Space Telescope"})
    assert not short_of_vehicle("Meridian Labs", {"Meridian Deep Space Telescope"})


def test_a_name_modifying_an_owned_vehicle_is_a_product() -> None:
    """'its Condor vehicle', 'the Kestrel Heavy rocket': the vehicle; 'a Vantor rocket' (a maker's
    name after 'a') is no evidence."""
    nlp = get_nlp()
    doc = nlp("The company said its Condor vehicle and the Kestrel Heavy rocket could fly by 2027, "
              "and a Vantor rocket too.")

    def at(name: str) -> Mention:
        start = doc.text.index(name)
        span = doc.char_span(start, start + len(name))
        assert span is not None
        return Mention(start, start + len(name), name, "ORG", 0, span.start, span.end)

    assert owned_vehicle_use(doc, at("Condor")) and owned_vehicle_use(doc, at("Kestrel Heavy"))
    assert not owned_vehicle_use(doc, at("Vantor"))
    text = ("Orbitra has built its Condor vehicle in Texas. The Condor could carry a crew of four, "
            "Orbitra said.")
    assert _labels(text, "Condor") == {"PRODUCT"}


def test_a_world_after_a_crafts_name_is_no_craft() -> None:
    """"NASA's Juno Jupiter probe": Juno is the probe, Jupiter (a place) the world it flies to."""
    doc = get_nlp()("NASA's Juno Jupiter probe measured the magnetic field for five years.")

    def at(name: str, label: str) -> Mention:
        start = doc.text.index(name)
        span = doc.char_span(start, start + len(name))
        assert span is not None
        return Mention(start, start + len(name), name, label, 0, span.start, span.end)

    probe = next(t.i for t in doc if t.text == "probe")
    assert craft_named_before(doc, at("Jupiter", "LOC"), probe)
    assert not owned_vehicle_use(doc, at("Jupiter", "LOC"))
    assert not craft_named_before(doc, at("Jupiter", "ORG"), probe)  # a maker before a craft: no place


def test_a_planet_or_moon_named_with_its_noun_is_a_place() -> None:
    """"Neptune's moon Triton", 'the planet Mercury': a place (LOC), not a product or a group."""
    nlp = get_nlp()
    doc = nlp("The probe flew past the planet Mercury and then past Neptune's moon Triton.")

    def at(name: str) -> Mention:
        start = doc.text.index(name)
        span = doc.char_span(start, start + len(name))
        assert span is not None
        return Mention(start, start + len(name), name, "PRODUCT", 0, span.start, span.end)

    assert sky_body_use(doc, at("Mercury")) and sky_body_use(doc, at("Neptune"))
    assert sky_body_use(doc, at("Triton"))
    text = ("Astronomers saw geysers on Saturn's icy moon Enceladus this spring. "
            "The plumes of Enceladus rise far above the surface, they said.")
    assert _labels(text, "Saturn") == {"LOC"} and _labels(text, "Enceladus") == {"LOC"}
    assert not sky_body_use(nlp("Apple's moonshot unit grew."), Mention(0, 5, "Apple", "ORG", 0, 0, 1))


def test_a_centre_an_agency_owns_is_no_product() -> None:
    """"NASA's Goddard Space Flight Center": the agency's site keeps ORG, no product of NASA's."""
    text = ("\"We found it,\" said Dana Whitfield, a scientist at NASA's Goddard Space Flight Center "
            "in Maryland. NASA said the data would be released.")
    assert _labels(text, "Goddard Space Flight Center") == {"ORG"}


def test_a_planet_a_craft_is_named_for_stays_a_planet() -> None:
    """'Mars' beside the 'Mars Reconnaissance Orbiter' is the planet, not the craft's short name;
    'Hubble' beside the 'Hubble Space Telescope' is the telescope."""
    text = ("The probe flew past Mars in March. The Mars Reconnaissance Orbiter has mapped Mars "
            "since 2006, the agency said.")
    assert _labels(text, "Mars") == {"LOC"}
    assert not short_of_vehicle("James", {"James Webb Space Telescope"})


def test_a_star_that_is_no_newspaper_keeps_its_reading() -> None:
    """'the North Star' read as a place stays a place: only a person's, a place's, a group's, a
    building's or a work's reading of a masthead name turns into a newspaper."""
    assert "LOC" not in MASTHEAD_MISREADINGS and "PRODUCT" not in MASTHEAD_MISREADINGS
    assert {"PERSON", "GPE", "WORK_OF_ART"} <= MASTHEAD_MISREADINGS
