"""Issue 18, labels from a name's own form and its nearest words (``entity_rules.name_kinds``): a law,
an event or a region by its last word, a site before a facility noun, a group of people, a product
model (own sentences, the real spaCy model)."""

from __future__ import annotations

from newsflow.nlp import analyze
from newsflow.nlp.entity_rules.name_kinds import coded_model, name_head_label

from support import labels_of


def _labels(text: str, name: str) -> set[str]:
    """The labels of the mentions whose text ends with ``name``."""
    return labels_of(text, name, by="ending")


def test_a_names_last_word_says_law_event_or_region() -> None:
    assert name_head_label("Clean Harbors Restoration Act") == "LAW"
    assert name_head_label("Fair Wages Amendment") == "LAW"
    assert name_head_label("Pacific Ocean Summit") == "EVENT"
    assert name_head_label("Denver Auto Show") == "EVENT"
    assert name_head_label("Tampa Bay Area") == "LOC" and name_head_label("Lorn Valley") == "LOC"
    assert name_head_label("Bill") is None and name_head_label("Summit") is None  # one word says nothing
    assert name_head_label("Pacific Ocean") is None


def test_an_awards_name_is_a_work() -> None:
    assert name_head_label("Harlow Poetry Prize") == "WORK_OF_ART"
    assert name_head_label("Lena Ostrova Award") == "WORK_OF_ART"
    assert name_head_label("Award") is None  # one word says nothing
    text = "Last year Dana Pike won the Marlowe Fiction Award for her third novel."
    assert _labels(text, "Marlowe Fiction Award") == {"WORK_OF_ART"}


def test_an_awards_plural_is_the_award() -> None:
    text = ("Dana Pike won the Marlowe Fiction Award in 2015. She went on to win two more "
            "Marlowe Fiction Awards before she retired.")
    keys = {e.text: e.key for e in analyze(text).entities}
    assert keys.get("Marlowe Fiction Awards") == keys.get("the Marlowe Fiction Award") == \
        "work_of_art:marlowe fiction award", keys


def test_an_event_name_read_as_a_place_or_an_organisation_is_an_event() -> None:
    text = "Ministers gathered at the Pacific Ocean Summit in Lima. Later the Denver Auto Show opened its doors."
    assert _labels(text, "Pacific Ocean Summit") == {"EVENT"}
    assert _labels(text, "Denver Auto Show") == {"EVENT"}


def test_a_name_before_a_lower_case_facility_noun_is_a_facility() -> None:
    text = "Reporters toured the Vinh Son prison, where soldiers were held during the war."
    assert _labels(text, "Vinh Son") == {"FAC"}


def test_a_demonym_plural_or_a_counted_group_is_norp() -> None:
    assert _labels("The mayor urged all Tirolites to stay indoors. Most Tirolites ignored the advice.",
                   "Tirolites") == {"NORP"}
    assert _labels("Police detained thousands of Hazaras and other minorities in the province.",
                   "Hazaras") == {"NORP"}


def test_a_name_before_a_group_noun_is_norp_but_not_before_a_longer_noun() -> None:
    assert _labels("Many of the growers belong to the Jain religious minority, officials said.",
                   "Jain") == {"NORP"}
    assert "NORP" not in _labels("The Senate minority leader spoke on Monday.", "Senate")


def test_a_family_is_never_a_group_of_people() -> None:
    text = "The Smiths moved to Ohio last year. Ann Smith said the move was hard."
    assert "NORP" not in _labels(text, "Smiths")


def test_models_given_as_examples_of_a_makers_models_are_products() -> None:
    text = "Its look mimics newer Honda models like the Escala and Marbella."
    assert _labels(text, "Escala") == {"PRODUCT"}
    assert _labels(text, "Marbella") == {"PRODUCT"}  # a known place, but the context speaks


def test_a_name_before_a_vehicle_noun_or_after_a_makers_possessive_is_a_product() -> None:
    assert _labels("Honda is rolling out an electric SUV that carries the Tavira performance car brand name.",
                   "Tavira") == {"PRODUCT"}
    assert _labels("Toyota's Camria gets a new engine, the company said in Tokyo.", "Camria") == {"PRODUCT"}


def test_a_maker_before_a_vehicle_noun_stays_an_organisation() -> None:
    assert _labels("Ford said its new SUV will cost less. Ford sold more cars in Ohio.", "Ford") == {"ORG"}


def test_a_model_code_with_a_trim_word_is_a_product() -> None:
    assert coded_model("RAV4 Hybrid") and coded_model("Galaxy S20 Plus")
    assert not coded_model("Disney Plus") and not coded_model("G20")


def test_a_conference_is_an_event_only_where_it_is_held() -> None:
    held = "Thousands of scientists met at the Global Ocean Conference in Lisbon this week."
    assert _labels(held, "Global Ocean Conference") == {"EVENT"}
    body = ("The Southeastern Conference fined the school on Monday. "
            "The Southeastern Conference said the fine was fair.")
    assert "EVENT" not in _labels(body, "Southeastern Conference")


def test_a_known_place_before_a_vehicle_noun_stays_a_place() -> None:
    text = "Detroit car makers sold fewer trucks this year, and Ohio truck plants slowed."
    assert _labels(text, "Detroit") == {"GPE"}


def test_a_venue_named_after_a_sponsor_is_a_facility() -> None:
    """'Harbor Bank Amphitheatre', 'Kettle Music Center': a venue's last word (or a venue's
    compound) makes the building, whatever the sponsor in its name; 'Center for Rural Studies',
    'Goddard Space Flight Center' are no venue by their form."""
    from newsflow.nlp.entity_rules.labels import venue_name

    assert venue_name("Harbor Bank Amphitheatre") and venue_name("Kettle Music Center")
    assert venue_name("Dunmore Arena") and not venue_name("Arena")
    assert not venue_name("Center for Rural Studies") and not venue_name("Goddard Space Flight Center")
    text = ("The band opens its summer tour on June 4 at the Harbor Bank Amphitheatre in Tampa, "
            "then plays the Kettle Music Center in Dayton two nights later.")
    assert _labels(text, "Harbor Bank Amphitheatre") == {"FAC"}
    assert _labels(text, "Kettle Music Center") == {"FAC"}


def test_a_building_a_game_is_played_in_is_a_facility() -> None:
    """'a 3-1 win in Norbank Center': a building's name after 'in'/'at' in a sentence with a
    score and a game's words is the venue; a think tank's fellow who talks of winning is not."""
    text = ("Miller scored twice in a 3-1 win over Quebec in front of 17,000 fans in Norbank Center. "
            "The coach praised the defence.")
    assert _labels(text, "Norbank Center") == {"FAC"}
    text = "Miller, a fellow at the Brandt Policy Center, said the team would win the season."
    assert _labels(text, "Brandt Policy Center") == {"ORG"}


def test_a_family_read_as_a_place_is_people() -> None:
    """'the Kowalczyks' where the article names Adam Kowalczyk: a family, people, not a place."""
    from newsflow.nlp.entity_rules.labels import family_read_as_place
    from newsflow.nlp.model import get_nlp

    text = ("Adam Kowalczyk ran the bakery for thirty years. Neighbours said the Kowalczyks "
            "never missed a Sunday service.")
    doc = get_nlp()(text)
    assert family_read_as_place(doc, "Kowalczyks", "GPE")
    assert not family_read_as_place(doc, "Kowalczyks", "ORG")  # a team ('the Browns') stays one
    assert not family_read_as_place(doc, "Philippines", "GPE")
    assert _labels(text, "Kowalczyks") == {"PERSON"}


def test_a_one_word_name_before_winning_is_an_award() -> None:
    """'the Emmy-winning writer', 'a Grammy winning band': the award's name, a work; not a
    place the winning happened in ('a Wimbledon-winning player')."""
    from newsflow.nlp.entity_rules.kinds_said import award_before
    from newsflow.nlp.entity_rules.mentions import Mention
    from newsflow.nlp.model import get_nlp

    doc = get_nlp()("The Emmy-winning writer joined a Wimbledon-winning player on stage.")
    emmy = Mention(4, 8, "Emmy", "PERSON", 0, 1, 2)
    wimbledon = Mention(33, 42, "Wimbledon", "GPE", 0, 7, 8)
    assert award_before(doc, emmy) == "WORK_OF_ART"
    assert award_before(doc, wimbledon) is None
    assert _labels("The four-time Grammy winning band will tour again next year.", "Grammy") == {"WORK_OF_ART"}
    assert _labels("The Republican nominee and the Republican-nominated judge spoke in Ohio.",
                   "Republican") == {"NORP"}


def test_a_name_before_nominated_is_who_nominated() -> None:
    """'a Trump-nominated judge': the one who nominates is a person, no award (not a work)."""
    text = "A Trump-nominated judge in Texas ruled the other way last year, and Trump praised the ruling."
    assert "WORK_OF_ART" not in _labels(text, "Trump")



def test_a_tours_date_lines_give_whole_venues_cities_and_states() -> None:
    """A tour's date lines ('June 5 -- Venue, City, ST' or 'June 5 – City, ST @ Venue'): the venue
    whole, 'at <place>' in it included, a facility, whatever its words; the city and the state's
    code places; a place after a spaced dash is the venue's city; one such line alone is not read."""
    from newsflow.nlp.entity_rules.tour_dates import tour_lines

    text = ("The band announced a summer tour on Monday. Tickets go on sale Friday.\n\n"
            "June 5 -- Harbor Savings Music Park at Cedar Hollow, Raleigh, NC\n"
            "June 7 -- Gullwing Live, Bristow, VA\n"
            "June 9 -- Pinecrest Casino Amphitheatre - Denver, Aurora, CO\n")
    ents = {e.text: e for e in analyze(text).entities}
    assert ents["Harbor Savings Music Park at Cedar Hollow"].label == "FAC", ents
    assert ents["Gullwing Live"].label == "FAC"
    assert ents["Pinecrest Casino Amphitheatre"].label == "FAC"
    assert ents["Denver"].label == "GPE" and ents["Aurora"].label == "GPE"
    assert {ents["NC"].key, ents["VA"].key} == {"gpe:north carolina", "gpe:virginia"}
    flipped = ("June 5 – Raleigh, NC @ Harbor Savings Music Park at Cedar Hollow\n"
               "June 7 – Toronto, ON @ Gullwing Stage\n")
    venues = [flipped[f["venue"][0]:f["venue"][1]] for f in tour_lines(flipped)]
    assert venues == ["Harbor Savings Music Park at Cedar Hollow", "Gullwing Stage"]
    assert tour_lines("June 5 -- Harbor Savings Music Park, Raleigh, NC\n") == []  # one line alone
    listing = "March 2 -- Town hall meeting, Ames, IA\nMarch 4 -- Town hall meeting, Boone, IA\n"
    assert tour_lines(listing) == []  # a description, no venue's name


def test_a_numbered_amendment_is_a_law() -> None:
    """'"The First Amendment right …," he said': opening a quotation it is read as a work's title;
    an ordinal before 'Amendment' names an article of a constitution, a law."""
    from newsflow.nlp.entity_rules.name_kinds import numbered_amendment

    assert numbered_amendment("First Amendment") and numbered_amendment("the 14th Amendment")
    assert numbered_amendment("Twenty-fifth Amendment") and not numbered_amendment("Fair Wages Amendment")
    text = ('"The Fifth Amendment right to remain silent protects every suspect in this state," '
            "the defence lawyer said in a statement.")
    assert _labels(text, "Fifth Amendment") == {"LAW"}
    text = ('The mayor spoke first. "The Fourth Amendment right to privacy does not stop at the city '
            'line," Ortiz told reporters on Tuesday.')
    assert _labels(text, "Fourth Amendment") == {"LAW"}


def test_a_name_before_a_devices_part_is_a_product() -> None:
    """'the Q12 motion coprocessor', 'its eVista rear camera': a coined name that modifies a part's
    noun names the part, a product; a maker's plain name before its part stays the maker."""
    from newsflow.nlp.entity_rules.mentions import Mention
    from newsflow.nlp.entity_rules.name_kinds import coined_name, part_of_device
    from newsflow.nlp.model import get_nlp

    assert coined_name("Q12") and coined_name("eVista") and not coined_name("Samsung")
    doc = get_nlp()("The phone pairs the Q12 motion coprocessor with a new chip.")

    q12 = Mention(20, 23, "Q12", "ORG", 0, 4, 5)
    assert doc[4].text == "Q12" and part_of_device(doc, [q12], "Q12", "ORG")
    assert not part_of_device(doc, [q12], "Samsung", "ORG")  # a maker's plain name
    text = "The tablet has a 12MP eVista rear camera and a Q12 motion coprocessor. It costs $499."
    assert _labels(text, "eVista") == {"PRODUCT"} and _labels(text, "Q12") == {"PRODUCT"}
