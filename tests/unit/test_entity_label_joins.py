"""Issue 18 within one article: one name whose mentions got different labels is one cluster
with one label (own sentences, the real spaCy model)."""

from __future__ import annotations

from newsflow.nlp.entity_rules.cluster_keys import Cluster
from newsflow.nlp.entity_rules.key_names import key_text
from newsflow.nlp.entity_rules.label_joins import join_group_words, join_same_key_names
from newsflow.nlp.entity_rules.mentions import Mention

from support import entities as _ents


def test_key_text_folds_case_accents_dots_and_a_spaced_plus() -> None:
    assert key_text("  José  Martí ") == "jose marti"
    assert key_text("Disney +") == key_text("Disney+") == "disney+"
    assert key_text("St. Louis") == key_text("St Louis")


def test_names_writing_one_key_are_one_cluster_under_the_commoner() -> None:
    spaced = Cluster("Disney +", [Mention(0, 12, "the Disney +", "LOC", 0, 0, 3)])
    plain = Cluster("Disney+", [Mention(40, 47, "Disney+", "ORG", 1, 9, 10),
                                Mention(80, 87, "Disney+", "ORG", 2, 17, 18)])
    other = Cluster("Hulu", [Mention(20, 24, "Hulu", "ORG", 0, 5, 6)])
    out = join_same_key_names([spaced, other, plain])
    assert out == [other, plain]
    assert [m.start for m in plain.mentions] == [40, 80, 0]


def test_a_group_and_a_thing_of_one_name_stay_apart_when_joining_keys() -> None:
    group = Cluster("Danes", [Mention(0, 5, "Danes", "NORP", 0, 0, 1)])
    thing = Cluster("Danes", [Mention(30, 35, "Danes", "ORG", 1, 6, 7)])
    assert join_same_key_names([group, thing]) == [group, thing]


def test_a_group_word_read_as_a_place_joins_the_group() -> None:
    word = Cluster("Ukrainian", [Mention(30, 39, "Ukrainian", "GPE", 0, 7, 8)])
    group = Cluster("Ukrainians", [Mention(90, 100, "Ukrainians", "NORP", 1, 18, 19)])
    out = join_group_words([word, group])
    assert out == [group]
    assert [m.label for m in group.mentions] == ["NORP", "NORP"]


def test_a_person_or_a_place_used_as_one_is_no_group_word() -> None:
    person = Cluster("Jordan", [Mention(0, 6, "Jordan", "PERSON", 0, 0, 1)])
    place = Cluster("Jordan", [Mention(40, 46, "Jordan", "GPE", 1, 9, 10)])
    group = Cluster("Jordans", [Mention(80, 87, "Jordans", "NORP", 2, 16, 17)])
    assert join_group_words([person, group]) == [person, group]
    assert join_group_words([place, group], frozenset({40})) == [place, group]


def test_a_group_word_in_a_news_story_gets_the_groups_key() -> None:
    text = ("Afterward, the ambassador said he told the Ukrainian that the money was coming. "
            "Several Ukrainians at the meeting said they were surprised.")
    keys = {e.text: e.key for e in _ents(text)}
    assert keys["Ukrainian"] == keys["Ukrainians"]
    assert keys["Ukrainian"].startswith("norp:")


def test_a_name_written_with_a_spaced_plus_is_one_key() -> None:
    text = ("Sign up for the Disney +, Hulu and ESPN+ package and save $5 a month. "
            "Disney+ launched on Tuesday with dozens of films.")
    keys = {e.key for e in _ents(text) if "disney" in e.key}
    assert len(keys) == 1
