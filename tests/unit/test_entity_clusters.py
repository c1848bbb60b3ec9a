"""Issue 18 within one article: one key per real thing, junk never a key (own sentences,
the real spaCy model)."""

from __future__ import annotations

import pytest

from newsflow.nlp import analyze
from newsflow.nlp.entities import extract_entities
from newsflow.nlp.entity_rules.cluster_keys import (
    Cluster,
    group_prefix_dropped,
    mention_name,
    norp_stem,
    place_type_dropped,
)
from newsflow.nlp.entity_rules.clusters import build_clusters, named_clusters
from newsflow.nlp.entity_rules.event_days import edition_of
from newsflow.nlp.entity_rules.junk_filters import has_name_shape, is_bare_title
from newsflow.nlp.entity_rules.labels import numbered_title
from newsflow.nlp.entity_rules.mentions import Mention
from newsflow.nlp.entity_rules.names import org_designated
from newsflow.nlp.entity_rules.products import product_of_brand
from newsflow.nlp.entity_rules.short_forms import (
    covers,
    initialled_first_name_of,
    short_first_name_of,
    shortened_org,
)
from newsflow.nlp.entity_rules.span_repairs import extend_hyphenated, model_code
from newsflow.nlp.model import get_nlp

from support import doc_with_ents as _doc_with_ents
from support import entities as _ents
from support import key_by_text as _keys


def test_acronym_defined_in_the_article_joins_its_expansion() -> None:
    text = ("The Institute for Marine Research (IMR) published a map on Monday. "
            "The IMR said the dunes were failing.")
    ents = _ents(text)
    long = [e for e in ents if "Institute for Marine" in e.text]
    acr = [e for e in ents if e.text == "IMR"]
    assert long and acr, [(e.text, e.label) for e in ents]
    assert {e.key for e in acr} == {long[0].key}
    assert not any("(" in e.text for e in ents)


def test_acronym_of_initials_joins_the_one_name_it_fits() -> None:
    text = ("The National Security Council met on Friday. An NSC official said the meeting "
            "was short, and the NSC released no statement.")
    keys = {e.key for e in _ents(text) if "NSC" in e.text or "Council" in e.text}
    assert keys == {"org:national security council"}


def test_acronym_of_a_company_without_its_form_or_a_body_without_its_state_joins_it() -> None:
    """'PG&E' of 'Pacific Gas & Electric Co.' (the legal form left out), 'PUC' of 'the California
    Public Utilities Commission' (the state left out), with no '(X)' written after the name."""
    keys = _keys("Pacific Gas & Electric Co. cut power to 500,000 homes on Tuesday. PG&E officials said "
                 "the winds would ease.")
    assert keys.get("PG&E") == keys.get("Pacific Gas & Electric Co.") == "org:pacific gas & electric co"
    keys = _keys("The California Public Utilities Commission holds a hearing on Friday. Advocates urged "
                 "the PUC to require backup power.")
    assert keys.get("PUC") == "org:california public utilities commission"


def test_an_institution_written_without_its_head_joins_it_but_a_place_stays_apart() -> None:
    """'Harvard' after 'Harvard University' is the university; 'Washington' after 'Washington
    University' is the place; 'Harvard' next to two Harvard names joins neither."""
    ents = _ents("Lena Ortiz did her doctorate at Harvard University in 2015. Other Harvard researchers "
                 "had bred the mice, and the Harvard team said the results held.")
    assert {e.key for e in ents if e.text.startswith("Harvard")} == {"org:harvard university"}
    keys = _keys("Mark Ellis studies rivers at Washington University. He flew to Washington on Monday "
                 "to testify.")
    assert keys.get("Washington") == "gpe:washington"
    keys = _keys("Harvard University and Harvard Medical School signed the pact. Harvard said little.")
    assert keys.get("Harvard") == "org:harvard"


def test_surname_and_first_name_join_the_full_name() -> None:
    text = ("Marta Lindqvist opened the session. Lindqvist said the budget was tight. "
            "Later Marta thanked the staff.")
    ents = [e for e in _ents(text) if e.text in ("Lindqvist", "Marta Lindqvist")]
    assert ents and {e.key for e in ents} == {"person:marta lindqvist"}


def test_ambiguous_surname_stays_apart() -> None:
    assert covers(["mike", "ford"], ["ford"], True)
    text = ("Mike Ford wrote the novel. Doug Ford, the premier, did not read it. "
            "Ford said the book was long.")
    keys = {e.key for e in _ents(text) if e.label == "PERSON"}
    assert "person:mike ford" in keys and "person:doug ford" in keys
    assert not any(e.text == "Ford" and e.key in ("person:mike ford", "person:doug ford")
                   for e in _ents(text))


def test_named_clusters_hold_what_the_comparison_asks_of_each_cluster() -> None:
    kate = Cluster("Kate York", [Mention(0, 9, "Kate York", "GPE", 0, 0, 2)])
    york = Cluster("York", [Mention(40, 44, "York", "PERSON", 1, 8, 9)])
    firm = Cluster("Harbor Systems", [Mention(60, 74, "Harbor Systems", "ORG", 2, 12, 14)])
    group = Cluster("Danes", [Mention(80, 85, "Danes", "NORP", 3, 16, 17)])
    alias = Cluster("United States", [Mention(90, 94, "U.S.", "GPE", 3, 18, 19)], alias_label="GPE")
    by_name = {"kate york": kate, "york": york, "harbor systems": firm, "norp dane": group,
               "united states": alias}
    named = named_clusters(by_name)
    assert list(named) == ["kate york", "york", "harbor systems"]  # no group, no alias; in order
    assert named["kate york"] == (kate, ["kate", "york"], True, False)  # a person by its parts
    assert named["york"][2] and not named["harbor systems"][2] and named["harbor systems"][3]


def test_the_name_a_mention_writes_follows_its_label_as_it_changes() -> None:
    m = Mention(0, 6, "Calif.", "GPE", 0, 0, 1)
    assert mention_name(m) == "California"
    m.label = "ORG"  # a later pass relabels it: the name is read again, not remembered
    assert mention_name(m) == "Calif"  # the full stop is trimmed as punctuation
    titled = Mention(0, 18, "Senator Ilse Varga", "ORG", 0, 0, 3)
    assert mention_name(titled) == "Senator Ilse Varga"
    titled.titled = True  # a title found later: the title is no part of the person's name
    assert mention_name(titled) == "Ilse Varga"


def test_a_company_without_its_legal_form_joins_it() -> None:
    """'SoftBank' of 'SoftBank Group Corp', 'Sierra Nevada Corp.' of 'Sierra Nevada
    Corporation': one company; 'Washington' is still no 'Washington University'."""
    assert covers(["softbank", "group", "corp"], ["softbank"], False, True)
    assert covers(["sierra", "nevada", "corporation"], ["sierra", "nevada", "corp."], False, True)
    assert not covers(["sierra", "nevada", "corp."], ["sierra", "nevada", "corporation"], False, True)
    assert not covers(["washington", "university"], ["washington"], False, True)
    text = ("NASA picked Sierra Nevada Corp. and Ceres Robotics on Monday. The five are Blue "
            "Origin and Sierra Nevada Corporation of Colorado. SoftBank Group Corp bought the "
            "stake, and SoftBank said the deal was final.")
    keys = {e.text.rstrip("."): e.key for e in _ents(text)}
    assert keys.get("Sierra Nevada Corp") == keys.get("Sierra Nevada Corporation"), keys
    assert keys.get("SoftBank") == keys.get("SoftBank Group Corp"), keys


def test_the_short_name_of_a_newspaper_joins_it() -> None:
    text = ("The San Francisco Chronicle reported the fire first. A reporter for the "
            "Chronicle said crews arrived late.")
    keys = {e.key for e in _ents(text) if "Chronicle" in e.text}
    assert len(keys) == 1, keys


def test_a_place_of_the_article_is_no_first_name_of_a_longer_name() -> None:
    """'Castava' used as a place (dateline, 'in Castava') does not join 'Castava Watch', a
    group named after it, nor take its label."""
    text = ("CASTAVA (Reuters) - Fighting resumed in Castava on Monday, residents said. "
            "Castava Watch, a monitoring group, said 12 people were killed. Aid has not "
            "reached Castava since March.")
    ents = _ents(text)
    place = {e.key for e in ents if e.text.lower() == "castava"}
    group = {e.key for e in ents if e.text == "Castava Watch"}
    assert place and group and not place & group, [(e.text, e.key) for e in ents]
    assert place == {"gpe:castava"} and group == {"org:castava watch"}


def test_a_thing_is_no_short_form_of_a_name_its_words_only_modify() -> None:
    """'the House' is not the 'White House': a thing's last words join it only when the words
    left out name something of their own ('San Francisco' of 'San Francisco Chronicle')."""
    text = ("The White House said on Tuesday it would veto the bill. The House passed the "
            "measure last week, and the House will vote again in May.")
    ents = _ents(text)
    house = {e.key for e in ents if e.text == "House"}
    white = {e.key for e in ents if "White House" in e.text}
    assert house and white and not house & white, [(e.text, e.key) for e in ents]
    mentions = [_mention("Orvell Gazette", "ORG", 0), _mention("Gazette", "ORG", 30)]
    assert sorted(cl.name for cl in build_clusters(mentions, {})) == ["Gazette", "Orvell Gazette"]
    mentions = [_mention("Denver Gazette", "ORG", 0), _mention("Gazette", "ORG", 30)]
    assert [cl.name for cl in build_clusters(mentions, {})] == ["Denver Gazette"]
    mentions = [_mention("2020 Corvan", "PRODUCT", 0), _mention("Corvan", "PRODUCT", 30)]
    assert [cl.name for cl in build_clusters(mentions, {})] == ["2020 Corvan"]  # a model year
    mentions = [_mention("Mira Holt", "PERSON", 0), _mention("Holt", "ORG", 30)]
    assert [cl.name for cl in build_clusters(mentions, {})] == ["Mira Holt"]  # a surname still joins


def test_a_first_name_read_as_a_place_joins_no_longer_name() -> None:
    mentions = [_mention("Dorvik Partners", "PERSON", 0), _mention("Dorvik", "PERSON", 40),
                _mention("Tony Varga", "PERSON", 60), _mention("Tony", "PERSON", 80)]
    clusters = sorted(cl.name for cl in build_clusters(mentions, {}, frozenset({40})))
    assert clusters == ["Dorvik", "Dorvik Partners", "Tony Varga"]


def test_person_marks_beat_an_org_reading() -> None:
    text = ("Deputy prosecutor Eva-Marie Persson filed the charges. Ms. Persson said the "
            "evidence was clear, and Persson left the court.")
    ents = [e for e in _ents(text) if "Persson" in e.text]
    assert ents and {e.label for e in ents} == {"PERSON"}
    assert len({e.key for e in ents}) == 1


def test_place_use_beats_a_bare_person_reading() -> None:
    text = "The mayor of Tarnow spoke in Tarnow on Monday. Residents in Tarnow were angry."
    for e in _ents(text):
        if e.text == "Tarnow":
            assert e.label != "PERSON"


def test_hyphenated_name_is_not_cut() -> None:
    text = "Moon Jae-in met the envoys in Seoul. Moon said the talks went well."
    assert extend_hyphenated(text, text.index("-in")) == text.index("-in") + 3
    assert extend_hyphenated("US-China talks", 2) == 2  # two names, not one
    assert extend_hyphenated("Oscar-winning", 5) == 5
    assert "Moon Jae" not in {e.canonical for e in _ents(text)}


def test_junk_never_becomes_a_key() -> None:
    assert not has_name_shape("n't") and not has_name_shape("gon")
    assert is_bare_title(["Col"]) and not is_bare_title(["Col", "Ana", "Ruiz"])
    text = ("The plant adds 300 MW this year and 2 GW by 2030, said Lt Col Ana Ruiz. "
            "\"We're gonna finish it, don’t worry,\" she said.")
    keys = set(_keys(text).values())
    assert not any(k.endswith((":mw", ":gw", ":col", ":gon", ":n't", ":n’t")) for k in keys), keys


def test_section_heading_is_no_person() -> None:
    text = "The plan has three parts.\n\nRoadmap\n\nThe first part starts in May."
    assert not any(e.text == "Roadmap" for e in _ents(text))


def test_repeated_name_is_one_mention() -> None:
    from newsflow.nlp.entity_rules.span_repairs import drop_repetition
    from newsflow.nlp.model import get_nlp

    doc = get_nlp()("Ace, Ace won the race.")
    assert drop_repetition(doc, 0, 3) == 1


@pytest.mark.parametrize("name,expected", [("Destiny 2", True), ("Titanfall 2", True), ("John Smith", False)])
def test_numbered_titles_are_works(name: str, expected: bool) -> None:
    assert numbered_title(name) is expected


def test_brand_products_and_indices() -> None:
    orgs = {"nissan", "dräger"}
    assert product_of_brand("Nissan Connect", orgs)
    assert product_of_brand("Hang Seng Index", set())
    assert not product_of_brand("Nissan North America", orgs)
    assert not product_of_brand("Nissan Motor Co.", orgs)
    assert org_designated("Ascom North America") and not org_designated("John West")


def test_group_and_place_forms() -> None:
    assert norp_stem("Ukrainians") == norp_stem("Ukrainian")
    assert norp_stem("Democrats") == norp_stem("Democratic")
    assert place_type_dropped("Logar province") == "Logar"


def test_a_surname_two_full_names_fit_means_the_one_named_last_before_it() -> None:
    text = ("Anna Berg and her husband, Erik Berg, run the farm near Uppsala. Anna Berg has kept the "
            "accounts since 2001.\n\nErik Berg drives the tractor. According to Berg, the harvest was "
            "the best in a decade.")
    bergs = [e for e in _ents(text) if e.text == "Berg"]
    assert bergs and all(e.key == "person:erik berg" for e in bergs)
    assert "person:berg" not in {e.key for e in _ents(text)}  # no key of its own to mix people in


def _mention(text: str, label: str, start: int, titled: bool = False) -> Mention:
    return Mention(start, start + len(text), text, label, 0, start, start + 1, titled)


def test_a_bare_surname_read_as_person_and_org_goes_to_one_of_the_people() -> None:
    """'Scott' PERSON here and ORG there, next to 'Bobby Scott' and 'Tim Scott': a key of its
    own would hold two people across articles."""
    mentions = [_mention("Bobby Scott", "PERSON", 0), _mention("Tim Scott", "PERSON", 20),
                _mention("Scott", "ORG", 40), _mention("Scott", "PERSON", 60)]
    clusters = build_clusters(mentions, {})
    assert sorted(cl.name for cl in clusters) == ["Bobby Scott", "Tim Scott"]
    assert [m.text for m in next(cl for cl in clusters if cl.name == "Tim Scott").mentions] == [
        "Tim Scott", "Scott", "Scott"]


def test_a_bare_name_never_read_as_a_person_keeps_its_own_key() -> None:
    mentions = [_mention("Mike Ford", "PERSON", 0), _mention("Doug Ford", "PERSON", 20),
                _mention("Ford", "ORG", 40)]
    assert "Ford" in {cl.name for cl in build_clusters(mentions, {})}


def test_a_generational_suffix_does_not_keep_a_surname_apart() -> None:
    assert covers(["joseph", "r.", "kendrew", "jr."], ["kendrew"], True)
    assert not covers(["joseph", "r.", "kendrew", "jr."], ["kendrew"], False)
    text = "Joseph R. Kendrew Jr. spoke on Monday. Kendrew said the bill would pass."
    assert {e.key for e in _ents(text) if "Kendrew" in e.text} == {"person:joseph r kendrew jr"}


def test_a_modal_before_a_name_is_no_part_of_it() -> None:
    text = "Erin Kowal led the polls. Will Kowal continue to face the heat, or will the others catch up?"
    assert {e.key for e in _ents(text) if "Kowal" in e.text} == {"person:erin kowal"}


def test_a_committee_written_short_joins_its_full_name() -> None:
    assert shortened_org("house select committee on fisheries".split(), ["house", "committee"])
    assert not shortened_org("new york times".split(), ["new", "york"])  # its first words
    assert not shortened_org("house select committee".split(), ["senate", "committee"])
    text = ("Ana Ruiz testified before the House Select Committee on Fisheries on Tuesday. "
            "The House Committee will vote next week.")
    keys = {e.key for e in _ents(text) if "Committee" in e.text}
    assert keys == {"org:house select committee on fisheries"}


def test_a_brands_news_division_is_an_organisation_not_a_product() -> None:
    assert org_designated("NBC News") and not product_of_brand("NBC News", {"nbc"})
    text = "NBC said it would expand. NBC News reported the story first, and NBC News later corrected it."
    assert {e.key for e in _ents(text) if e.text == "NBC News"} == {"org:nbc news"}


def test_a_name_that_is_the_object_of_of_is_no_short_form() -> None:
    assert not covers(["bank", "of", "england"], ["england"], False)
    assert covers(["san", "francisco", "chronicle"], ["chronicle"], False)
    text = "The Bank of England raised rates. England lost the match on Sunday."
    assert {e.key for e in _ents(text) if e.text == "England"} == {"gpe:england"}


def test_a_known_place_does_not_join_a_name_ending_in_it() -> None:
    mentions = [_mention("Breitbart London", "PERSON", 0), _mention("London", "GPE", 30)]
    assert sorted(cl.name for cl in build_clusters(mentions, {})) == ["Breitbart London", "London"]
    # a surname the model reads as a place still joins its person
    mentions = [_mention("John Kasich", "PERSON", 0), _mention("Kasich", "GPE", 30)]
    assert [cl.name for cl in build_clusters(mentions, {})] == ["John Kasich"]


def test_a_name_run_together_from_two_names_takes_neither() -> None:
    mentions = [_mention("Barack Obama", "PERSON", 0), _mention("Obama White House", "PERSON", 20),
                _mention("White House", "ORG", 50), _mention("Obama", "PERSON", 70)]
    clusters = {cl.name: [m.text for m in cl.mentions] for cl in build_clusters(mentions, {})}
    assert clusters["Barack Obama"] == ["Barack Obama", "Obama"]
    assert clusters["White House"] == ["White House"]


def test_a_leading_determiner_is_no_part_of_the_name() -> None:
    text = "Chaffetz requested yet another Justice Department inquiry. The Justice Department declined."
    assert {e.key for e in _ents(text) if "Justice" in e.text} == {"org:justice department"}


def test_names_run_together_by_a_slash_or_to_are_two() -> None:
    keys = {e.key for e in _ents("According to the Washington Post/ABC News poll, Clinton leads.")}
    assert {"org:washington post", "org:abc news"} <= keys, keys
    assert not any("/" in k for k in keys)


def test_a_year_run_into_a_name_is_cut_and_a_number_alone_is_no_name() -> None:
    ents = _ents("In 1995 he formed Davis Manafortin 1995 with Rick Davis.")
    assert not any(e.key.startswith("person:") and any(ch.isdigit() for ch in e.key) for e in ents)
    from newsflow.nlp.entity_rules.junk_filters import number_only

    assert number_only("2018", "PERSON") and not number_only("1917", "WORK_OF_ART")


def test_a_headline_in_title_case_ends_the_name_at_a_function_word() -> None:
    from newsflow.nlp.entity_rules.span_repairs import headline_words_cut

    doc = get_nlp()("Obama Just Pulled Out Of The Deal")
    assert headline_words_cut(doc, 0, 4) == 1
    doc = get_nlp()("Theresa May spoke.")
    assert headline_words_cut(doc, 0, 2) == 2  # a last word may be a surname


def test_a_middle_initial_is_the_middle_name() -> None:
    assert covers(["john", "milo", "ford"], ["john", "m.", "ford"], True)
    assert not covers(["john", "milo", "ford"], ["john", "k.", "ford"], True)


def test_a_shared_surname_goes_to_the_person_named_in_its_sentence_or_first() -> None:
    """Far from any full name, a shared surname is the article's subject (named in full
    first), not a namesake named last before it."""
    text = ("Hillary Clinton told investigators in July she was advised to use a private account. "
            "The report was turned over this week. Officials say it was long. "
            "Albright served under former President Bill Clinton. The dinner was in 2009. "
            "Nobody recalls the menu. The book was not yet released. "
            "He did remember telling Clinton about his email.")
    keys = {e.key for e in _ents(text) if e.text == "Clinton"}
    assert keys == {"person:hillary clinton"}, keys


def test_a_continent_does_not_join_a_name_ending_in_it() -> None:
    mentions = [_mention("Life Care Solutions Europe", "ORG", 0), _mention("Europe", "LOC", 40)]
    assert sorted(cl.name for cl in build_clusters(mentions, {})) == ["Europe", "Life Care Solutions Europe"]


def test_a_persons_name_run_into_a_things_name_is_two_mentions() -> None:
    text = ("Barack Obama hosted a party. Photo lines at the White House are long, but the Obama "
            "White House has cut them. Obama said so.")
    ents = _ents(text)
    assert {e.key for e in ents} == {"person:barack obama", "org:white house"}, [(e.text, e.key) for e in ents]
    assert all(text[e.start:e.end] == e.text for e in ents)
    # a place run into an organisation's name stays one name
    keys = {e.key for e in _ents("Hong Kong police surrounded Hong Kong Polytechnic University on Monday.")}
    assert "org:hong kong polytechnic university" in keys, keys


def test_an_honorific_rules_out_the_other_gender_for_a_shared_surname() -> None:
    text = ("Donald Trump once defended Bill Clinton. He and Hillary Clinton left the White House in 2001. "
            "The firm sold the building. The deal closed in May. Prices rose later. "
            "Mr. Trump praised Mr. Clinton at length. Mrs. Clinton did not reply.")
    keys = {(e.text, analyze(text).text[e.start - 4:e.start]): e.key for e in _ents(text) if e.text == "Clinton"}
    assert keys == {("Clinton", "Mr. "): "person:bill clinton", ("Clinton", "rs. "): "person:hillary clinton"}, keys


def test_a_surname_prefers_names_it_ends_over_names_it_begins() -> None:
    """'Obama' fits 'Barack Obama' as a surname and the headline run-on 'Obama Claims
    Hillary' as a first word: the surname reading wins."""
    mentions = [_mention("Obama Claims Hillary", "PERSON", 0), _mention("Barack Obama", "PERSON", 30),
                _mention("Obama", "PERSON", 60)]
    clusters = {cl.name: [m.text for m in cl.mentions] for cl in build_clusters(mentions, {})}
    assert clusters["Barack Obama"] == ["Barack Obama", "Obama"], clusters


def test_the_last_words_after_and_still_join() -> None:
    assert covers(["customs", "and", "border", "protection"], ["border", "protection"], False)


def test_a_person_after_from_is_still_a_short_form() -> None:
    """'directives from Xi': 'from' and 'to' come before people as well as places, so a
    family name written first ('Xi' of 'Xi Jinping') still joins its full name."""
    text = ("Repression grew under Qiu Haomin, most of all in Xinjiang. The orders came in "
            "directives from Qiu to show no mercy.")
    ents = [e for e in _ents(text) if "Qiu" in e.text]
    assert ents and {e.key for e in ents} == {"person:qiu haomin"}, [(e.text, e.key) for e in ents]


def test_a_short_first_name_with_the_same_surname_is_the_same_person() -> None:
    """'Josh Ravel' and 'Joshua Ravel' in one article: one person, under the long name."""
    mentions = [_mention("Joshua Ravel", "PERSON", 0), _mention("Josh Ravel", "PERSON", 30),
                _mention("Ravel", "PERSON", 60)]
    clusters = build_clusters(mentions, {})
    assert [cl.name for cl in clusters] == ["Joshua Ravel"]
    assert len(clusters[0].mentions) == 3


def test_a_short_first_name_joins_a_full_name_with_a_middle_initial() -> None:
    """'Dan Ortega' of 'Daniel K. Ortega', 'Pat Lind' of 'Patrick W. Lind' and 'Patrick Lind Jr.'
    written both: one person; next to two different middle initials, none."""
    text = ("Mayor Daniel K. Ortega opened the bridge on Monday. Dan Ortega said it was overdue, "
            "and Ortega thanked the workers.")
    ents = [e for e in _ents(text) if "Ortega" in e.text]
    assert len(ents) == 3 and {e.key for e in ents} == {"person:daniel k ortega"}, [(e.text, e.key) for e in ents]
    assert short_first_name_of(["pat", "lind"], ["patrick", "w.", "lind", "jr."])
    mentions = [_mention("Patrick W. Lind", "PERSON", 0), _mention("Patrick Lind Jr.", "PERSON", 30),
                _mention("Pat Lind", "PERSON", 60)]
    assert [cl.name for cl in build_clusters(mentions, {})] == ["Patrick W. Lind"]
    two = [_mention("Patrick W. Lind", "PERSON", 0), _mention("Patrick R. Lind", "PERSON", 30),
           _mention("Pat Lind", "PERSON", 60)]
    assert "Pat Lind" in {cl.name for cl in build_clusters(two, {})}  # father and son: which one?


def test_a_first_name_written_as_initials_joins_the_one_full_name_it_fits() -> None:
    """'J. Ramos' and 'Julia Ramos' in one article: one person; next to 'Jane' and 'John' none."""
    text = ("The council met on Monday. Council member J. Ramos said the budget was late. "
            "Julia Ramos later voted against it.")
    ents = [e for e in _ents(text) if "Ramos" in e.text]
    assert len(ents) == 2 and {e.key for e in ents} == {"person:julia ramos"}, [(e.text, e.key) for e in ents]
    assert initialled_first_name_of(["b.", "u.", "okafor"], ["benjamin", "okafor"])
    assert initialled_first_name_of(["b.u.", "okafor"], ["benjamin", "u.", "okafor"])
    assert not initialled_first_name_of(["b.t.", "okafor"], ["benjamin", "uche", "okafor"])
    assert not initialled_first_name_of(["j.", "okafor"], ["benjamin", "okafor"])
    two = [_mention("Jane Lee", "PERSON", 0), _mention("John Lee", "PERSON", 20), _mention("J. Lee", "PERSON", 40)]
    assert "J. Lee" in {cl.name for cl in build_clusters(two, {})}


def test_a_full_name_read_as_a_thing_joins_the_first_name_used_for_a_person() -> None:
    """'Mary-Beth Corlan' read as an organisation, 'Mary-Beth' alone as a person, twice: one person."""
    mentions = [_mention("Mary-Beth Corlan", "ORG", 0), _mention("Mary-Beth", "PERSON", 30),
                _mention("Mary-Beth", "PERSON", 60), _mention("Mary-Beth", "ORG", 90)]
    clusters = build_clusters(mentions, {})
    assert [cl.name for cl in clusters] == ["Mary-Beth Corlan"] and len(clusters[0].mentions) == 4
    place = [_mention("Jordan Valley", "GPE", 0), _mention("Jordan", "PERSON", 30), _mention("Jordan", "PERSON", 60)]
    assert len(build_clusters(place, {})) == 2  # a place's name is no person's


def test_a_short_first_name_fitting_two_long_ones_stays_apart() -> None:
    mentions = [_mention("Christopher Ravel", "PERSON", 0), _mention("Christine Ravel", "PERSON", 30),
                _mention("Chris Ravel", "PERSON", 60)]
    assert "Chris Ravel" in {cl.name for cl in build_clusters(mentions, {})}


def test_first_names_that_differ_are_not_joined() -> None:
    assert short_first_name_of(["alex", "ravel"], ["alexander", "ravel"])
    assert not short_first_name_of(["jo", "ravel"], ["joanna", "ravel"])  # too short to tell
    assert not short_first_name_of(["alex", "ravel"], ["alexander", "moreau"])
    assert not short_first_name_of(["alex"], ["alexander"])


def test_a_bare_word_opening_one_organisation_joins_it() -> None:
    """'Corvell planetary scientist Ana Ruiz', read as a person 'Corvell', in an article naming the
    'Corvell Space Research Center' and no person Corvell."""
    mentions = [_mention("Corvell Space Research Center", "ORG", 0), _mention("Corvell", "PERSON", 60)]
    assert [cl.name for cl in build_clusters(mentions, {})] == ["Corvell Space Research Center"]


def test_a_bare_word_with_a_person_mark_stays_a_person() -> None:
    mentions = [_mention("Corvell Space Research Center", "ORG", 0), _mention("Corvell", "PERSON", 60)]
    assert len(build_clusters(mentions, {}, person_marked=frozenset({60}))) == 2
    titled = [_mention("Corvell Space Research Center", "ORG", 0), _mention("Corvell", "PERSON", 60, True)]
    assert len(build_clusters(titled, {})) == 2
    two = mentions + [_mention("Corvell Mining Group", "ORG", 90)]
    assert "Corvell" in {cl.name for cl in build_clusters(two, {})}  # which one? none


def test_a_name_holding_a_possessive_is_kept_whole() -> None:
    """'the Workers’ Daily' / 'the Farmers’s Liberation Front': a plural owner and title-case words
    after the possessive are one name; 'The Verge's Stadia' names two things."""
    text = "On Monday, the Citizens’ Gazette reported the news, and the Farmers' Union agreed."
    doc = _doc_with_ents(text, [("the Citizens’ Gazette", "ORG"), ("the Farmers", "ORG")])
    names = {e.canonical for e in extract_entities(doc)}
    assert "Citizens’ Gazette" in names and "Farmers' Union" in names, names
    doc = _doc_with_ents("Reviewers at The Verge's Stadia page said so.", [("The Verge's Stadia", "ORG")])
    assert [e.canonical for e in extract_entities(doc)] == ["Verge"]


def test_a_places_possessive_before_a_facility_names_the_place_and_the_facility() -> None:
    """'Nashville’s Grand Ole Opry': the city and the hall, each its own key; 'Martha's Vineyard'
    (no known place before the possessive) stays one name."""
    keys = _keys("She dreamed of singing at Nashville’s Grand Ole Opry. She moved to Nashville in 2010.")
    assert keys.get("Nashville") == "gpe:nashville"
    assert keys.get("Grand Ole Opry") == "fac:grand ole opry"
    doc = _doc_with_ents("They spent August on Martha's Vineyard.", [("Martha's Vineyard", "LOC")])
    assert [e.canonical for e in extract_entities(doc)] == ["Martha's Vineyard"]


def test_a_brand_and_its_model_code_are_one_product() -> None:
    """'ZORVA KX7 SPORT' as a heading, 'the Orla Vent E': a brand or name the NER ends before the
    model's words (a code with digits, a single capital written so twice) runs on over them; the
    brand alone elsewhere stays an organisation."""
    text = ("It was a good year.\n\nZORVA KX7 SPORT\n\nZorva is selling a new version. The Orla Vent E was "
            "shown. The Vent E is quick.")
    doc = _doc_with_ents(text, [("ZORVA", "ORG"), ("Zorva", "ORG"), ("Orla Vent", "PERSON")])
    got = {e.text: e.label for e in extract_entities(doc)}
    assert got["ZORVA KX7 SPORT"] == "PRODUCT", got
    assert got["Zorva"] == "ORG" and "Orla Vent E" in got, got
    assert model_code("KX7") and model_code("E") and not model_code("Sport") and not model_code("2020")


def test_a_capitalised_code_before_a_name_is_part_of_it() -> None:
    text = "The study, published in QRB Case Letters, described the man."
    doc = _doc_with_ents(text, [("Case Letters", "PERSON")])
    assert [e.text for e in extract_entities(doc)] == ["QRB Case Letters"]


def test_a_verb_after_an_abbreviation_ends_the_name() -> None:
    text = '"Lake Marin P.D. Open the door!" an officer said.'
    doc = _doc_with_ents(text, [("Lake Marin P.D. Open", "FAC")])
    assert [e.text for e in extract_entities(doc)] == ["Lake Marin P.D."]


def test_a_date_phrase_about_a_name_is_no_key_for_it() -> None:
    """'the beginning of the end for the Soviet Union' read as a date: the name is a mention of its
    own, not the date's key."""
    text = "Protests there witnessed the beginning of the end for the Soviet Union, one writer said."
    doc = _doc_with_ents(text, [("the beginning of the end for the Soviet Union", "DATE")])
    ents = extract_entities(doc)
    assert [(e.text, e.key) for e in ents] == [("Soviet Union", "gpe:soviet union")]
    doc = _doc_with_ents("It rained at the end of 2019 in town.", [("the end of 2019", "DATE")])
    assert [e.label for e in extract_entities(doc)] == ["DATE"]


def test_a_product_name_opening_with_a_shorter_word_is_no_short_first_name() -> None:
    """'Zen Pro' and 'Zenbook Pro', both read as people: 'Zenbook' is no first name."""
    mentions = [_mention("Zenbook Pro", "PERSON", 0), _mention("Zen Pro", "PERSON", 30)]
    assert len(build_clusters(mentions, {})) == 2


def test_a_letter_written_once_or_a_word_letter_is_no_model_code() -> None:
    """'Group E' written once, 'Plan A', 'the Zorva I own': no product's model."""
    text = "Italy won Group E on Sunday. Put Plan A into action, as the Zorva I own did."
    doc = _doc_with_ents(text, [("Group", "ORG"), ("Plan", "ORG"), ("Zorva", "ORG")])
    assert {e.text for e in extract_entities(doc)} <= {"Group", "Plan", "Zorva", "Italy", "Sunday"}


def test_a_bare_word_opening_a_county_body_is_the_county() -> None:
    mentions = [_mention("Corvell County Health Department", "ORG", 0), _mention("Corvell", "PERSON", 60)]
    assert len(build_clusters(mentions, {})) == 2


def test_a_position_before_a_first_name_is_no_part_of_the_name() -> None:
    text = "The team signed DL Larry Okafor on Monday."
    doc = _doc_with_ents(text, [("Larry Okafor", "PERSON")])
    assert [e.text for e in extract_entities(doc)] == ["Larry Okafor"]


@pytest.mark.parametrize(("text", "short", "long"), [
    ("The mayor of New York flew to York on Friday. York is a small city in England.", "York", "New York"),
    ("Lawmakers in New Jersey voted on Monday. Jersey, the island, voted too.", "Jersey", "New Jersey"),
])
def test_a_place_is_no_short_form_of_another_place_it_ends(text, short, long):
    keys = {e.text: e.key for e in analyze(text).entities}
    assert keys[short] != keys[long], keys


def test_a_company_s_first_word_after_its_full_name_joins_it() -> None:
    """'Kestrel' after 'Kestrel Nano-Satellite Systems Inc' is the company (the model reads
    either); not before the full name, nor when two names of the article open with it."""

    def keys(text: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for e in analyze(text).entities:
            out.setdefault(e.text, set()).add(e.key)
        return out

    k = keys("NASA picked Ceres Robotics and Kestrel Nano-Satellite Systems Inc for the lunar contracts. "
             "Officials said Kestrel would build a lander next year.")
    assert k["Kestrel"] == {"org:kestrel nano-satellite systems inc"}, k
    k = keys("Kestrel said it would bid. Later, NASA picked Kestrel Nano-Satellite Systems Inc for the contract.")
    assert k["Kestrel"] == {"org:kestrel"}, k
    k = keys("Kestrel Dynamics Corp and Kestrel Systems Inc both bid. Later, NASA said Kestrel would win.")
    assert k["Kestrel"] == {"org:kestrel"}, k


def test_a_name_read_as_a_person_only_after_the_is_no_surname() -> None:
    ents = _ents("Blue Origin unveiled Blue Moon, a lander meant to reach the Moon by 2024. "
                 "The Moon has ice, the company said.")
    moon = {e.key for e in ents if e.text == "Moon"}
    assert moon and "org:blue moon" not in moon and "product:blue moon" not in moon


def test_a_place_written_for_its_team_leaves_the_places_key() -> None:
    ents = _ents("Tuukka Rask made 25 saves and New Jersey native Connor Clifton added a goal as the "
                 "Bruins won 3-2. Blake Coleman scored for New Jersey, which was looking for its first win.")
    keys = [e.key for e in ents if e.text == "New Jersey"]
    assert keys[0].startswith("gpe:") and keys[1] == "org:new jersey"


def test_a_place_written_for_its_team_joins_the_team_it_opens() -> None:
    ents = _ents("The Los Angeles Lakers beat the Suns 110-98. LeBron James scored 30 points for "
                 "Los Angeles. Fans in Los Angeles cheered.")
    keys = [e.key for e in ents if e.text == "Los Angeles"]
    assert keys == ["org:los angeles lakers", "gpe:los angeles"]


def test_a_models_last_word_joins_the_model_named_by_a_number() -> None:
    keys = _keys("Lexus showed the LC500 Convertible on Monday. The Convertible seats four, Lexus said.")
    assert keys.get("Convertible") == keys.get("the LC500 Convertible")


def test_two_listed_names_read_as_one_are_two() -> None:
    ents = _ents("The deal closed in June when Braun’s Ithaca Holdings bought Big Machine. Swift took to "
                 "Twitter to air her grievances with Big Machine, Braun and The Carlyle Group.")
    assert "Big Machine, Braun" not in {e.text for e in ents}
    assert len({e.key for e in ents if e.text == "Big Machine"}) == 1
    assert len({e.key for e in ents if e.text == "Braun"}) == 1


def test_a_group_word_with_a_prefix_is_the_group() -> None:
    """'the intra-Lebanese talks' next to 'Lebanese officials': a lower-case prefix joined by a
    hyphen says how a thing relates to the group, one key under the group's own word; two
    names joined by a hyphen ('Hungarian-American') stay whole."""
    text = "The intra-Lebanese talks stalled on Tuesday. Lebanese officials said a deal was close."
    assert _keys(text).get("intra-Lebanese") == _keys(text).get("Lebanese") == "norp:lebanese"
    assert group_prefix_dropped("pan-European") == "European"
    assert group_prefix_dropped("Hungarian-American") == "Hungarian-American"
    assert norp_stem("pro-Israeli") == norp_stem("Israeli")


def test_a_weekday_the_article_names_as_an_event_is_that_event() -> None:
    """'Black Friday is approaching', where the model keeps only 'Friday' as a date, is the
    event the article names 'Black Friday' elsewhere; a weekday after a capitalised word that
    names no event of the article stays a date ('Leader Monday said')."""
    text = ("Prices fell early this week. Black Friday is approaching, but the Black Friday "
            "crowds are thin.")
    ents = [e for e in _ents(text) if "Friday" in e.text]
    assert [(e.text, e.key) for e in ents] == [("Black Friday", "event:black friday")] * 2, ents
    assert _keys("Leader Monday said nothing. Black Friday is coming.").get("Monday") == "date:monday"


def test_an_event_without_its_year_is_the_one_edition_the_article_names() -> None:
    """'Black Friday 2021' in the heading, 'Black Friday' after: one event; with two editions
    named ('World Cup 2014', 'World Cup 2018') the name alone fits neither and stays apart."""
    text = ("Deals for Black Friday 2021 begin at midnight.\n\nThe retailer expects Black Friday "
            "crowds to be larger this year.")
    assert {e.key for e in _ents(text) if "Friday" in e.text} == {"event:black friday 2021"}
    text = ("The World Cup 2014 drew huge crowds in Brazil. The World Cup 2018 was held in Russia. "
            "Fans say the World Cup changed both countries.")
    assert _keys(text).get("the World Cup") == "event:world cup"
    event = Mention(0, 9, "World Cup", "EVENT", 0, 0, 2)
    assert edition_of(Cluster("World Cup", [event]), ["world", "cup"], Cluster("World Cup 2018", [event]),
                      ["world", "cup", "2018"])
    assert not edition_of(Cluster("World Cup", [event]), ["world", "cup"], Cluster("World Cup 2018 final", [event]),
                          ["world", "cup", "2018", "final"])


def test_a_name_written_only_whole_keeps_its_possessive() -> None:
    """'Martha's Vineyard', 'Dawson's Creek': a name the article writes only whole is one
    name, not its owner's key ('org:martha'); "The Verge's Stadia", where the article writes
    'The Verge' and 'Stadia' apart too, is an owner and its thing, and an acronym owner is a
    body ("FX's Legion")."""
    keys = _keys("We spent a week on Martha’s Vineyard last summer.")
    assert keys.get("Martha’s Vineyard") == "org:martha's vineyard", keys
    text = "The actor starred in Dawson’s Creek before a film career."
    doc = _doc_with_ents(text, [("Dawson’s Creek", "ORG")])
    assert [e.text for e in extract_entities(doc)] == ["Dawson’s Creek"]
    text = "A review on Verge’s Stadia page was harsh. Verge said Stadia needs more games."
    doc = _doc_with_ents(text, [("Verge’s Stadia", "ORG")])
    assert [e.text for e in extract_entities(doc)][0] == "Verge"
    text = "FX’s Legion ended after three seasons."
    doc = _doc_with_ents(text, [("FX’s Legion", "ORG")])
    assert [e.text for e in extract_entities(doc)] == ["FX"]
