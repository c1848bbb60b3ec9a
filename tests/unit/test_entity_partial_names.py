"""Issue 18 within one article: partial names of a body or a person under the fullest name's
key (a bare surname the model missed included), and a title word that opens an organisation's name kept in it (own sentences, the real
spaCy model)."""

from __future__ import annotations

from newsflow.nlp import analyze
from newsflow.nlp.entity_rules.cluster_keys import Cluster
from newsflow.nlp.entity_rules.mentions import Mention, collect_mentions
from newsflow.nlp.entity_rules.missed_names import missed_surnames, name_part_owners
from newsflow.nlp.entity_rules.partial_names import (
    acronym_variants,
    body_part_kept,
    first_name_read_as_thing,
    folded,
    inverted_body,
    particle_surname,
    person_by_parts,
    title_opens_org_name,
)
from newsflow.nlp.model import get_nlp


def _keys(text: str, *names: str) -> set[str]:
    """The keys of the mentions whose text contains one of ``names``."""
    return {e.key for e in analyze(text).entities if any(n in e.text for n in names)}


def _org(name: str) -> Cluster:
    return Cluster(name, [Mention(0, len(name), name, "ORG", 0, 0, len(name.split()))])


def test_a_title_word_opening_an_organisation_s_name_stays_in_it() -> None:
    assert title_opens_org_name("ORG", ["General", "Motors"])
    assert title_opens_org_name("ORG", ["Premier", "League"])
    assert not title_opens_org_name("PERSON", ["General", "Motors"])
    assert not title_opens_org_name("ORG", ["Governor", "Newsom"])
    text = ("General Motors said on Tuesday it would close a plant in Ohio. Shares of General "
            "Motors fell, and the club won two Premier League titles.")
    keys = {e.key for e in analyze(text).entities if e.label == "ORG"}
    assert "org:general motors" in keys and "org:motors" not in keys
    assert "org:league" not in keys


def test_a_body_named_with_its_head_after_its_object_joins_the_full_name() -> None:
    assert inverted_body(_org("Justice Department"), ["justice", "department"],
                         _org("Department of Justice"), ["department", "of", "justice"])
    assert not inverted_body(_org("Washington University"), ["washington", "university"],
                             _org("University of Washington"), ["university", "of", "washington"])
    text = ("The Department of Justice opened an inquiry into the contract on Monday. A Justice "
            "Department spokesman declined to comment, and the Justice Department did not say "
            "when the inquiry would end.")
    assert _keys(text, "Justice") == {"org:department of justice"}


def test_a_body_named_without_its_qualifier_joins_the_full_name() -> None:
    assert body_part_kept(_org("Intelligence Committee"), ["intelligence", "committee"],
                          _org("House Intelligence Committee"), ["house", "intelligence", "committee"])
    assert body_part_kept(_org("Homeland Security"), ["homeland", "security"],
                          _org("Department of Homeland Security"), ["department", "of", "homeland", "security"])
    assert not body_part_kept(_org("House"), ["house"], _org("White House"), ["white", "house"])
    assert not body_part_kept(_org("England"), ["england"], _org("Bank of England"), ["bank", "of", "england"])
    text = ("The Federal Bureau of Prisons moved the inmate on Friday. The Bureau of Prisons said "
            "in a statement that the transfer was routine.")
    assert _keys(text, "Bureau") == {"org:federal bureau of prisons"}


def test_a_shortened_body_name_with_two_full_names_joins_neither() -> None:
    text = ("The House Intelligence Committee and the Senate Intelligence Committee both asked "
            "for the report. The Intelligence Committee chairman said it was late.")
    keys = _keys(text, "Intelligence Committee")
    assert "org:house intelligence committee" in keys and "org:senate intelligence committee" in keys
    short = [e.key for e in analyze(text).entities if e.text in ("The Intelligence Committee", "Intelligence Committee")]
    assert not short or short[0] not in {"org:house intelligence committee", "org:senate intelligence committee"}


def test_a_first_name_read_as_a_thing_joins_the_one_person_it_opens() -> None:
    full = Cluster("Dale Ford", [Mention(10, 19, "Dale Ford", "PERSON", 0, 2, 4)])
    by_name = {"dale ford": full, "dale": Cluster("Dale", [Mention(60, 64, "Dale", "ORG", 1, 12, 13)])}
    assert first_name_read_as_thing("dale", by_name, frozenset()) == "dale ford"  # after the full name
    by_name["dale"] = Cluster("Dale", [Mention(0, 4, "Dale", "ORG", 0, 0, 1)])
    assert first_name_read_as_thing("dale", by_name, frozenset()) is None  # before it, unmarked
    assert first_name_read_as_thing("dale", by_name, frozenset({0})) == "dale ford"  # 'Dale wrote'
    by_name["dale farms"] = Cluster("Dale Farms", [Mention(80, 90, "Dale Farms", "ORG", 2, 15, 17)])
    assert first_name_read_as_thing("dale", by_name, frozenset({0})) is None  # opens two names
    text = ("Martha Fry and her brother Dale Ford agreed to an interview. Over the course of it, "
            "Dale and Martha disputed the account. \"We visited him often,\" Dale wrote.")
    assert _keys(text, "Dale") == {"person:dale ford"}


def test_people_sharing_a_surname_stay_apart() -> None:
    text = ("Doug Ford, the premier, met reporters in Toronto. His late brother Rob Ford was "
            "mayor of the city. Ford said the budget would pass.")
    keys = _keys(text, "Ford")
    assert {"person:doug ford", "person:rob ford"} <= keys


def test_a_full_name_whose_surname_is_read_alone_as_a_person_is_a_person_s() -> None:
    york = Cluster("York", [Mention(90, 94, "York", "PERSON", 2, 20, 21)])
    by_name = {"kate york": Cluster("Kate York", [Mention(0, 9, "Kate York", "GPE", 0, 0, 2)]),
               "york": york}
    assert person_by_parts("kate york", by_name)
    by_name["york"] = Cluster("York", [Mention(90, 94, "York", "GPE", 2, 20, 21)])
    assert not person_by_parts("kate york", by_name)
    assert not person_by_parts("york", by_name)


def test_a_surname_without_its_particle_joins_the_full_name() -> None:
    assert particle_surname(["bashar", "al-assad"], ["assad"])
    assert not particle_surname(["bashar", "al-assad"], ["bashar"])
    text = ("President Bashar al-Assad spoke in Damascus on Sunday. Assad said the talks would "
            "resume, and officials close to Assad agreed.")
    assert _keys(text, "Assad") == {"person:bashar al-assad"}


def test_spelling_variants_of_one_name_are_one_cluster() -> None:
    assert folded("François Hollande") == folded("Francois Hollande") == "francois hollande"
    assert folded("Jean-Luc O’Neil") == "jean luc o'neil"
    text = ("François Hollande met the press in Paris. Francois Hollande, the president, took "
            "questions, and Hollande said the reform would pass.")
    assert _keys(text, "Hollande") == {"person:francois hollande"}


def test_a_hyphenated_name_s_acronym_joins_it() -> None:
    text = ("The Trans-Pacific Partnership was signed by twelve countries. Critics of the TPP "
            "said the deal would cost jobs.")
    assert _keys(text, "TPP", "Trans-Pacific") == {"org:trans-pacific partnership"}


def test_an_acronym_of_a_name_s_first_words_or_a_department_s_object_joins_it() -> None:
    assert "cdc" in acronym_variants("centers for disease control and prevention".split())
    assert "hhs" in acronym_variants("department of health and human services".split())
    assert acronym_variants("procter and gamble".split()) == set()
    assert "pg&e" in acronym_variants("pacific gas & electric co.".split())
    assert "puc" in acronym_variants("california public utilities commission".split())
    assert acronym_variants("california cup".split()) == set()
    text = ("The CDC issued new guidance on Monday. The Centers for Disease Control and Prevention "
            "said the guidance would help schools, and a CDC spokesman agreed.")
    assert _keys(text, "CDC", "Centers") == {"org:centers for disease control and prevention"}


def _refound(text: str) -> list[tuple[str, int]]:
    """The bare names :func:`missed_surnames` adds to the kept mentions of ``text``."""
    doc = get_nlp()(text)
    starts = [s.start_char for s in doc.sents]
    return [(m.text, m.start) for m in missed_surnames(doc, text, starts, collect_mentions(doc, text, starts))]


def test_a_bare_surname_the_model_missed_joins_its_one_person() -> None:
    text = ("Media analyst Ken Doctor follows the industry. Indeed, Doctor asserts that talks have "
            "resumed. The Doctor Who series returns in May.")
    assert _refound(text) == [("Doctor", text.index("Doctor asserts"))]
    assert _keys(text, "Doctor") == {"person:ken doctor"}
    text = "Rep. Robert Aderholt questioned the plan on Tuesday. “What is the contingency plan?” Aderholt asked again."
    assert _keys(text, "Aderholt") == {"person:robert aderholt"}
    text = "Patrick W. Carlineo Jr. pleaded guilty on Monday.\n\nCarlineo faces a maximum of 10 years in prison."
    assert _refound(text) == [("Carlineo", text.index("Carlineo faces"))]


def test_a_word_opening_a_sentence_is_a_surname_only_as_its_verb_s_subject() -> None:
    text = ("Tom Young, a former engineer, told the panel the plan was late. Young people protested "
            "outside the building. Young said the rocket would not fly before 2028.")
    assert _refound(text) == [("Young", text.index("Young said"))]


def test_a_bare_surname_two_people_share_is_refound_for_neither() -> None:
    text = ("Media analyst Ken Doctor and his wife, Ann Doctor, follow the industry. Indeed, Doctor "
            "asserts that talks have resumed.")
    assert _refound(text) == []
    owners = name_part_owners([Mention(0, 11, "Paul Ngata", "PERSON", 0, 0, 2),
                               Mention(20, 32, "Grace Ngata", "PERSON", 0, 5, 7)])
    assert owners["Ngata"].people == {"Paul Ngata", "Grace Ngata"}
    assert owners["Paul"].first and not owners["Ngata"].first


def test_transliterations_of_one_surname_are_one_name() -> None:
    """'Oleksiy Zabolotskyy' … 'Zabolotsky' … 'Zabolotskiy': the endings one Slavic sound is
    written with are one spelling; the surname joins its full name."""
    assert folded("Zabolotskiy") == folded("Zabolotskyy") == folded("Zabolotsky") == "zabolotsky"
    assert folded("Kennedy") == "kennedy"
    text = ("Ukrainian Defence Minister Oleksiy Zabolotsky met his Polish counterpart on Monday. "
            "Minister Zabolotskyy said the talks were useful, and Zabolotskiy will visit Warsaw in May.")
    assert _keys(text, "Zabolotsk") == {"person:oleksiy zabolotsky"}
