"""Issue 18: a place inside an organisation's name stays inside it, 'City, ST' is two places and a
role word is no part of an organisation's name (own sentences, the real spaCy model)."""

from __future__ import annotations

from spacy.tokens import Span

from newsflow.nlp import analyze
from newsflow.nlp.entity_rules.cluster_keys import state_dropped, state_written_out
from newsflow.nlp.entity_rules.places import state_name
from newsflow.nlp.entity_rules.products import product_of_brand
from newsflow.nlp.entity_rules.span_joins import joined_names
from newsflow.nlp.model import get_nlp

from support import key_by_text as _keys


def _span(doc, text: str, label: str) -> Span:  # noqa: ANN001 (spaCy Doc)
    """The first span of ``doc`` writing ``text``, labelled ``label``."""
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text), label=label)
    assert span is not None
    return span


def test_bank_of_a_place_is_one_organisation() -> None:
    doc = get_nlp()("“Growth is slowing,” Anna Berg, the president of the Federal Reserve Bank of Boston, said.")
    ents = [_span(doc, "Anna Berg", "PERSON"), _span(doc, "the Federal Reserve Bank", "ORG"),
            _span(doc, "Boston", "GPE")]
    joined = joined_names(ents)
    assert [(s.text, s.label_) for s in joined] == [
        ("Anna Berg", "PERSON"), ("the Federal Reserve Bank of Boston", "ORG")]


def test_place_alone_keeps_its_key_next_to_the_bank() -> None:
    keys = _keys("“Growth is slowing,” Anna Berg, the president of the Federal Reserve Bank of Boston, "
                 "said. Boston itself is growing.")
    assert keys.get("Boston") == "gpe:boston"
    assert keys.get("the Federal Reserve Bank of Boston") == "org:federal reserve bank of boston"


def test_state_attorney_general_is_one_organisation_with_its_acronym() -> None:
    keys = _keys("The Ohio State Attorney General (OSAG) is investigating Plumo, according to two "
                 "people. A spokesperson for the OSAG declined to comment.")
    assert keys.get("Ohio State Attorney General") == "org:ohio state attorney general"
    assert keys.get("OSAG") == "org:ohio state attorney general"
    assert "gpe:ohio" not in keys.values()


def test_title_before_a_person_keeps_the_place() -> None:
    keys = _keys("Ohio Attorney General Dave Yost said nothing about the case.")
    assert keys.get("Dave Yost") == "person:dave yost"
    assert not any(k.startswith("org:ohio") for k in keys.values())


def test_company_before_a_country_is_its_arm_there() -> None:
    keys = _keys("Toyota revealed the new Vantor sedan this year. Considering how Toyota Philippines "
                 "offers almost all Toyota models locally, the car could arrive there.")
    assert keys.get("Toyota Philippines") == "org:toyota philippines"
    assert keys.get("Toyota") == "org:toyota"
    assert "gpe:philippines" not in keys.values()


def test_a_university_and_its_campus_city_are_one_organisation() -> None:
    """'the University of California, San Francisco' and 'California State University, Fullerton'
    are campuses; the city alone keeps its key; a country after the comma is no campus."""
    keys = _keys("Rina Holt, an immunologist at the University of California, San Francisco, studies the gut. "
                 "She lives in San Francisco.")
    assert keys.get("the University of California, San Francisco") == "org:university of california san francisco"
    assert keys.get("San Francisco") == "gpe:san francisco"
    keys = _keys("She teaches at California State University, Fullerton, and lives in Fullerton.")
    assert keys.get("California State University, Fullerton") == "org:california state university fullerton"
    keys = _keys("He studied at the University of Toronto, Canada, before moving to Boston.")
    assert keys.get("Canada") == "gpe:canada"


def test_regional_arm_is_no_product_of_its_brand() -> None:
    assert not product_of_brand("Toyota Philippines", {"toyota"})
    assert product_of_brand("Toyota Vantor", {"toyota"})


def test_city_and_state_abbreviation_are_two_places() -> None:
    ents = analyze("The rally was held in Springfield, Ill., on Monday. Springfield voted early. "
                   "Illinois counts its ballots by hand.").entities
    assert [(e.text, e.key) for e in ents if e.label == "GPE"] == [
        ("Springfield", "gpe:springfield"), ("Ill.", "gpe:illinois"), ("Springfield", "gpe:springfield"),
        ("Illinois", "gpe:illinois")]


def test_a_state_named_as_its_city_keys_apart_from_the_city() -> None:
    keys = _keys("The firm moved from Albany to New York, NY, last spring.")
    assert keys.get("New York") == "gpe:new york"
    assert keys.get("NY") == "gpe:new york state"


def test_the_capitals_district_stays_one_place() -> None:
    keys = _keys("The summit was held in Washington, D.C., on Friday.")
    assert keys.get("Washington, D.C.") == "gpe:washington"


def test_an_address_state_before_a_zip_code_is_the_state() -> None:
    ents = analyze("Write to Ask Marta, P.O. Box 4410, Fresno, CA 93711. Letters are read weekly.").entities
    assert ("CA", "gpe:california") in [(e.text, e.key) for e in ents]
    assert not any(e.label == "DATE" and "93711" in e.text for e in ents)


def test_state_name_of_an_abbreviation() -> None:
    assert state_name("Calif.") == "California" and state_name("CA") == "California"
    assert state_name("N.Y.") == "New York State" and state_name("WA") == "Washington State"
    assert state_name("Calif") == "California", "a sentence's full stop split off"


def test_a_short_word_or_a_city_code_is_no_state() -> None:
    """'La' (a French article in a title), 'Pa' and 'LA' (Los Angeles) alone are no state."""
    assert state_name("La") is None and state_name("Pa") is None and state_name("LA") is None
    assert state_name("La.") == "Louisiana" and state_name("Pa.") == "Pennsylvania"
    assert state_name("D.C.") is None and state_name("in") is None and state_name("Paris") is None


def test_a_state_abbreviation_labelled_a_place_at_last_is_written_out() -> None:
    assert state_written_out("GPE", "GA") == "Georgia" and state_written_out("GPE", "Tex.") == "Texas"
    assert state_written_out("ORG", "GA") == "GA"  # 'GA' read as something else stays
    assert state_written_out("GPE", "Washington") == "Washington"


def test_state_dropped_from_a_city_only_after_an_abbreviation() -> None:
    assert state_dropped("Washington, DC") == "Washington"
    assert state_dropped("San Bernardino, Calif") == "San Bernardino"
    assert state_dropped("Paris, France") == "Paris, France"


def test_role_word_is_no_part_of_an_organisation_name() -> None:
    ents = analyze("“We need partners,” said Mark Dunn, CEO and Founder of Halvard Robotics Inc. "
                   "Halvard Robotics builds rovers.").entities
    orgs = [(e.text, e.key) for e in ents if e.label == "ORG"]
    assert ("Halvard Robotics Inc.", "org:halvard robotics inc") in orgs
    assert not any("founder" in e.key for e in ents)


def test_brand_and_model_number_are_one_product() -> None:
    doc = get_nlp()("I tried the Korvex Glide Master 2S mouse instead.")
    joined = joined_names([_span(doc, "Korvex", "ORG"), _span(doc, "2S", "CARDINAL")])
    assert [(s.text, s.label_) for s in joined] == [("Korvex Glide Master 2S", "PRODUCT")]


def test_scores_and_headline_names_are_no_product() -> None:
    doc = get_nlp()("Wild 4, Sabres 1. Islanders Top Penguins 3 in overtime.")
    ents = [_span(doc, "Wild", "ORG"), _span(doc, "4", "CARDINAL"), _span(doc, "Sabres", "ORG"),
            _span(doc, "Islanders", "ORG"), _span(doc, "Penguins", "ORG"), _span(doc, "3", "CARDINAL")]
    assert [(s.text, s.label_) for s in joined_names(ents)] == [(s.text, s.label_) for s in ents]


def test_a_year_is_no_model_number() -> None:
    doc = get_nlp()("The Korvex Glide 2019 edition sold well.")
    ents = [_span(doc, "Korvex", "ORG"), _span(doc, "2019", "DATE")]
    assert [s.text for s in joined_names(ents)] == ["Korvex", "2019"]


def test_numbered_law_or_union_local_is_no_product() -> None:
    doc = get_nlp()("Just before House Bill 1523 took effect, Teamsters Local 294 protested.")
    ents = [_span(doc, "House", "ORG"), _span(doc, "1523", "CARDINAL"), _span(doc, "Teamsters", "ORG"),
            _span(doc, "294", "CARDINAL")]
    assert [s.text for s in joined_names(ents)] == ["House", "1523", "Teamsters", "294"]


def test_list_of_states_is_no_city() -> None:
    doc = get_nlp()("The ads ran in Iowa, N.H. and S.C. before the vote.")
    ents = [_span(doc, "Iowa", "GPE"), _span(doc, "N.H.", "GPE"), _span(doc, "S.C.", "GPE")]
    assert [s.text for s in joined_names(ents)] == ["Iowa", "N.H.", "S.C."]


def test_a_dateline_place_in_capitals_is_one_place() -> None:
    keys = _keys("ST. CLOUD, Minn. (AP) — Flood waters rose on Tuesday, the county said.")
    assert keys.get("ST. CLOUD") == "gpe:st cloud"
    assert "ST" not in keys and "CLOUD" not in keys
    keys = _keys("PORT ST. LUCIE, Fla. (AP) — A storm closed schools on Monday.")
    assert keys.get("PORT ST. LUCIE") == "gpe:port st lucie"


def test_a_place_run_into_a_persons_name_is_cut_off() -> None:
    keys = _keys("The talks stalled in Ukraine. Former special envoy to Ukraine Kurt Volker changed his "
                 "account on Tuesday. Volker said he had not known.")
    assert keys.get("Kurt Volker") == "person:kurt volker"
    assert keys.get("Volker") == "person:kurt volker"
    assert keys.get("Ukraine") == "gpe:ukraine"


def test_a_place_that_opens_a_longer_place_is_not_cut_off() -> None:
    keys = _keys("Rents in the San Francisco Bay Area rose again, the survey found.")
    assert not any(k.startswith("person:") for k in keys.values())


def test_a_count_after_a_players_name_is_no_part_of_it() -> None:
    keys = _keys("Westfield (2-1): Megan Cook 4 goals, 1 assist. Daniel Viegas 2 assists. "
                 "Jordan Munoz 8 saves.\n\nEastfield (4-0): K. Hupfer 1 goal.")
    assert keys.get("K. Hupfer") == "person:k hupfer"
    assert keys.get("Daniel Viegas") == "person:daniel viegas"
    assert keys.get("Jordan Munoz") == "person:jordan munoz"
    assert not any(k.endswith((" 2", " 4", " 8")) for k in keys.values())


def test_a_year_alone_is_a_date_and_a_year_before_a_name_one_event() -> None:
    keys = _keys("The governor said the party would focus on the 2020 election.")
    assert not any(k.startswith("event:") for k in keys.values())
    keys = _keys("The city cleared its skies ahead of major events like the 2008 Beijing Olympics, and it worked.")
    assert keys.get("the 2008 Beijing Olympics") == "event:2008 beijing olympics"


def test_a_result_lines_two_sides_are_two_names() -> None:
    keys = _keys("Melbourne d. Cocoa 8-0\n\nViera d. Rockledge 2-1")
    assert "Melbourne d. Cocoa" not in keys and "Viera d. Rockledge" not in keys
    assert keys.get("Viera") and keys.get("Rockledge") and keys["Viera"] != keys["Rockledge"]


def test_two_names_with_a_verb_between_are_two() -> None:
    from newsflow.nlp.entity_rules.run_splits import joined_by_word

    alone = {"garrett", "rudolph", "dancing", "stars"}
    assert joined_by_word("Garrett", "hit", "Rudolph", alone)
    assert not joined_by_word("Dancing", "with", "the Stars", alone)  # a word of a title
    assert not joined_by_word("Garrett", "hit", "Mason Rudolph", alone)  # not written alone


def test_a_name_run_into_the_next_names_the_is_two_names() -> None:
    from newsflow.nlp.entity_rules.run_splits import name_then_the_name

    alone = {"rangers", "ripper"}
    assert name_then_the_name("Reuters", "the", "Rangers", alone, once=True)
    assert not name_then_the_name("Reuters", "the", "Rangers", alone, once=False)  # written whole too
    assert not name_then_the_name("Jack", "the", "Ripper", alone, once=True)  # opens with a first name
    assert not name_then_the_name("Reuters", "the", "Lakers", alone, once=True)  # not written alone
    keys = _keys("The Rangers won again on Sunday. The coach told Variety the Rangers have never "
                 "played better, and the Rangers agreed.")
    assert not any("variety the rangers" in k for k in keys.values())


def test_a_craft_run_into_the_world_it_flies_to_is_two_names() -> None:
    keys = _keys("Jupiter is the largest planet. NASA's Juno Jupiter probe measured its magnetic "
                 "field, and the data showed Jupiter spinning faster than expected.")
    assert not any("juno jupiter" in k for k in keys.values())
    assert keys.get("Jupiter") == "loc:jupiter" and keys.get("Juno")


def _hyphen_mentions(text: str, names: list[tuple[str, str, int]]):  # noqa: ANN202 (doc, mentions)
    """A parsed ``text`` and a mention for each (name, label, n): the name's n-th occurrence."""
    from newsflow.nlp.entity_rules.mentions import Mention

    doc = get_nlp()(text)
    out = []
    for name, label, n in names:
        start = -1
        for _ in range(n):
            start = text.index(name, start + 1)
        span = doc.char_span(start, start + len(name))
        assert span is not None
        out.append(Mention(start, start + len(name), name, label, 0, span.start, span.end))
    return doc, out


def test_two_names_joined_by_a_hyphen_are_two() -> None:
    from newsflow.nlp.entity_rules.hyphen_pairs import split_hyphen_pairs

    keys = _keys("The Ravens beat the Bengals on Sunday. The Ravens-Bengals game drew a record crowd, "
                 "and the Bengals said they would appeal the late penalty.")
    assert not any("-" in k for k in keys.values())
    text = ("Daniel Fenwick worked with Karin von Holt at Yale. Fenwick said the data were clear. "
            "The Fenwick-von Holt paper appeared in May.")
    doc, mentions = _hyphen_mentions(text, [("Daniel Fenwick", "PERSON", 1), ("Karin von Holt", "PERSON", 1),
                                            ("Fenwick", "PERSON", 2), ("The Fenwick-von Holt", "ORG", 1)])
    got = [(m.text, m.label) for m in split_hyphen_pairs(doc, mentions)]
    assert got[-2:] == [("Fenwick", "PERSON"), ("von Holt", "PERSON")]


def test_a_double_barrelled_surname_or_an_unknown_half_is_not_cut() -> None:
    from newsflow.nlp.entity_rules.hyphen_pairs import split_hyphen_pairs

    text = ("Lena Brandt-Hollis, the mayor, thanked Tom Brandt and Ed Hollis on Friday. "
            "Brandt-Hollis said the bridge had taken six years.")
    doc, mentions = _hyphen_mentions(text, [("Lena Brandt-Hollis", "PERSON", 1), ("Tom Brandt", "PERSON", 1),
                                            ("Ed Hollis", "PERSON", 1), ("Brandt-Hollis", "PERSON", 2)])
    assert split_hyphen_pairs(doc, mentions) == mentions  # one person's surname
    doc, mentions = _hyphen_mentions("Coca-Cola raised prices on Monday, the company said.", [("Coca-Cola", "ORG", 1)])
    assert split_hyphen_pairs(doc, mentions) == mentions  # no half written alone
