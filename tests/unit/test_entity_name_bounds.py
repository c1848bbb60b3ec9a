"""Issue 18: span bounds of long names the model reads in pieces (an office, a court's district, a
name listing its fields, a company's last word) and of two names it runs together (two places
before one place type, two names of a list) — own sentences, the real spaCy model."""

from __future__ import annotations

from spacy.tokens import Span

from newsflow.nlp.entity_rules.name_bounds import bounded_names
from newsflow.nlp.model import get_nlp

from support import key_by_text as _keys


def _span(doc, text: str, label: str) -> Span:  # noqa: ANN001 (spaCy Doc)
    """The first span of ``doc`` writing ``text``, labelled ``label``."""
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text), label=label)
    assert span is not None
    return span


def _bounded(text: str, *ents: tuple[str, str]) -> list[tuple[str, str]]:
    """``bounded_names`` of the spans ``ents`` (text, label) of ``text``, as (text, label)."""
    doc = get_nlp()(text)
    return [(s.text, s.label_) for s in bounded_names([_span(doc, t, label) for t, label in ents])]


def test_a_court_district_of_a_state_is_one_organisation() -> None:
    got = _bounded("A judge in the Southern District of Texas ruled on Friday.",
                   ("the Southern District", "LOC"), ("Texas", "GPE"))
    assert got == [("the Southern District of Texas", "ORG")]
    keys = _keys("A judge in the Eastern District of Michigan ruled on Friday. Michigan voters were split.")
    assert keys.get("the Eastern District of Michigan") == "org:eastern district of michigan"
    assert keys.get("Michigan") == "gpe:michigan"


def test_an_office_written_with_a_roles_possessive_is_one_organisation() -> None:
    """The place inside the office's name gets no key of its own there; alone it keeps one."""
    keys = _keys("He was charged on Tuesday, the U.S. Attorney’s Office for the Northern District of Ohio "
                 "said in a statement. The United States has tightened its gun laws.")
    assert keys.get("U.S. Attorney’s Office for the Northern District of Ohio") == \
        "org:us attorney's office for the northern district of ohio"
    assert "U.S." not in keys and keys.get("The United States") == "gpe:united states"
    keys = _keys("The Oregon Governor's Office of Emergency Management said the roads were closed.")
    assert keys.get("The Oregon Governor's Office of Emergency Management") == \
        "org:oregon governor's office of emergency management"


def test_a_persons_or_organisations_possessive_opens_no_office() -> None:
    keys = _keys("NASA's Office of the Inspector General said the program ran late.")
    assert keys.get("NASA") == "org:nasa"
    keys = _keys("South Dakota's Department of Social Services reported a rise.")
    assert keys.get("South Dakota") == "gpe:south dakota"


def test_two_places_before_one_place_type_are_two_places() -> None:
    got = _bounded("Warnings were issued for parts of Orange and Riverside counties on Monday.",
                   ("Orange and Riverside", "ORG"))
    assert got == [("Orange", "GPE"), ("Riverside", "GPE")]
    got = _bounded("Floods hit Antigua and Barbuda on Monday.", ("Antigua and Barbuda", "GPE"))
    assert got == [("Antigua and Barbuda", "GPE")]


def test_two_names_of_a_list_are_two_names() -> None:
    got = _bounded("Her favourite apps are Bleacher Report, Uber Eats, and ParkMobile.",
                   ("Bleacher Report, Uber Eats", "ORG"), ("ParkMobile", "ORG"))
    assert got == [("Bleacher Report", "ORG"), ("Uber Eats", "ORG"), ("ParkMobile", "ORG")]
    got = _bounded("The deal with Dräger, Inc. closed on Monday.", ("Dräger, Inc.", "ORG"))
    assert got == [("Dräger, Inc.", "ORG")]
    # a place after the comma is the campus of the name before it
    got = _bounded("Doctors at the University of Nevada, Las Vegas, and Mercy Hospital ran the trial.",
                   ("the University of Nevada, Las Vegas", "ORG"), ("Mercy Hospital", "ORG"))
    assert got == [("the University of Nevada, Las Vegas", "ORG"), ("Mercy Hospital", "ORG")]


def test_a_name_listing_its_fields_is_one_name() -> None:
    text = "“We are ready,” said Ann Cole of Acme Defense, Space, and Security, in the statement."
    got = _bounded(text, ("Acme Defense, Space", "ORG"), ("Security", "ORG"))
    assert got == [("Acme Defense, Space, and Security", "ORG")]
    text = "Viewers pick Apple TV, Netflix, and Hulu. Netflix leads."
    got = _bounded(text, ("Apple TV, Netflix", "ORG"), ("Hulu", "ORG"), ("Netflix", "ORG"))
    assert ("Apple TV, Netflix, and Hulu", "ORG") not in got


def test_a_companys_last_word_read_apart_joins_its_name() -> None:
    text = "The merger of the chains Gannett and GateHouse Media became final on Tuesday."
    got = _bounded(text, ("Gannett", "ORG"), ("GateHouse", "ORG"), ("Media", "ORG"))
    assert got == [("Gannett", "ORG"), ("GateHouse Media", "ORG")]
    keys = _keys(text + " GateHouse has cut its newsrooms.")
    assert keys.get("GateHouse") == "org:gatehouse media"


def test_an_instruments_first_word_after_its_full_name_joins_it() -> None:
    keys = _keys("NASA's Hubble Space Telescope spotted the plumes. Hubble's data showed hydrogen.")
    assert keys.get("Hubble") == keys.get("Hubble Space Telescope")


def test_a_title_in_quotation_marks_read_in_pieces_is_one_work() -> None:
    keys = _keys("It began a decade ago, when the “Melvin and Howard” star woke up after surgery.")
    assert keys.get("Melvin and Howard") == "work_of_art:melvin and howard"
    assert "Melvin" not in keys and "Howard" not in keys
    keys = _keys("The band closed with “China Grove,” and the crowd sang along.")
    assert keys.get("China Grove") == "work_of_art:china grove"
    keys = _keys("Ann Lee of Denver said the plan “Will Not Work” for Denver.")
    assert keys.get("Denver") == "gpe:denver"


def test_a_long_quoted_title_with_a_subtitle_or_a_number_is_one_work() -> None:
    keys = _keys('In her book " Quiet Money: A Patient Road to All the Savings You Will Ever Want," '
                 "Dana Ruiz lays out a plan for early retirement.")
    assert keys.get("Quiet Money: A Patient Road to All the Savings You Will Ever Want", "").startswith("work_of_art:")
    keys = _keys('Readers can also sign up for the newsletter: just tick "10 Things in Retail You Need to Know."')
    assert keys.get("10 Things in Retail You Need to Know") == "work_of_art:10 things in retail you need to know"


def test_a_work_title_is_not_cut_at_to_but_a_transfer_is() -> None:
    from newsflow.nlp.entity_rules.name_bounds import cut_at_joining_word

    doc = get_nlp()("He loved Road to Ruin as a boy. Ivan Petrov to Real Betis is done.")
    title, move = _span(doc, "Road to Ruin", "WORK_OF_ART"), _span(doc, "Ivan Petrov to Real Betis", "PERSON")
    assert not cut_at_joining_word(title, doc[title.start + 1])
    assert cut_at_joining_word(move, doc[move.start + 2])
