"""Issue 18, one key per real thing: a team named by its city or nickname, a people's adjective
read as a place, one reading per name within an article, a ticker and a list of organisations
as a business's marks, people the model read as things (own sentences, the real spaCy model)."""

from __future__ import annotations

from newsflow.nlp import analyze
from newsflow.nlp.entity_rules.kinds_said import kind_after
from newsflow.nlp.entity_rules.mentions import Mention
from newsflow.nlp.entity_rules.people_as_things import (
    kin_of,
    listed_person,
    mention_at,
    people_read_as_things,
    surnames_read_as_things,
)
from newsflow.nlp.entity_rules.team_pairs import paragraphs, score_dropped
from newsflow.nlp.entity_rules.teams import score_line
from newsflow.nlp.model import get_nlp

from support import keys_of as _keys


def _read_as(text: str, labels: dict[str, str]) -> list[Mention]:
    """The model's mentions of ``text``, with the readings in ``labels`` forced (by text): the
    model's own misreadings come and go with the sentences around a name."""
    return [Mention(e.start_char, e.end_char, e.text, labels.get(e.text, e.label_), 0, e.start, e.end)
            for e in get_nlp()(text).ents]


def test_a_city_that_beats_another_is_a_team() -> None:
    text = ("Blue Jackets 5, Canadiens 2: Pierre Dubois scored twice and Columbus beat Montreal. "
            "Joonas Korpisalo stopped 30 shots as Columbus improved to 8-8-4.")
    assert _keys(text, "Columbus") == {"org:blue jackets"}  # paired with the result line's winner
    assert _keys(text, "Montreal") == {"org:canadiens"}
    assert _keys(text, "Canadiens") == {"org:canadiens"}  # a side of the result line
    assert _keys(text, "Pierre Dubois") == {"person:pierre dubois"}


def test_the_team_a_player_scored_for_is_an_organisation() -> None:
    text = ("Senators 4, Red Wings 3: Anthony Duclair had two goals, and Ottawa held on to beat Detroit. "
            "Robby Fabbri scored for Detroit.")
    assert _keys(text, "Detroit") == {"org:red wings"}
    assert _keys(text, "Ottawa") == {"org:senators"}


def test_a_nickname_in_a_result_line_is_a_team() -> None:
    text = "Wild 4, Sabres 1: Zach Parise scored twice and Minnesota beat Buffalo. Jonas Brodin also scored for the Wild."
    assert _keys(text, "Wild") == {"org:wild"}


def test_a_city_under_a_result_line_takes_its_sides_nickname_key() -> None:
    text = ("Rockets 3, Comets 2: Dana Miles scored twice and Portland beat Halifax on Friday. "
            "Lee Park also scored for Portland.\n\n"
            "Tigers 4, Owls 1: Sam Ortiz had two goals to lift Denver. Ortiz, a Portland native, added an assist.")
    assert _keys(text, "Halifax") == {"org:comets"}
    assert _keys(text, "Denver") == {"org:tigers"}
    keys = _keys(text, "Portland")
    assert "org:rockets" in keys and "org:tigers" not in keys  # 'a Portland native' below is the place


def test_a_city_without_a_result_line_keeps_its_own_key() -> None:
    text = "Dana Miles scored twice and Portland beat Halifax 3-2 on Friday."
    assert _keys(text, "Portland") == {"org:portland"}


def test_the_score_is_no_part_of_a_result_line_name() -> None:
    assert score_dropped("Bruins 5", "Bruins") == "Bruins"
    assert score_dropped("Red Wings", "Red Wings") == "Red Wings"
    assert paragraphs("One.\n\nTwo.") == [(0, 4), (6, 10)]


def test_a_country_and_a_player_keep_their_readings_in_a_game_report() -> None:
    assert _keys("Italy beat Spain 2-1 in Rome on Sunday.", "Italy") == {"gpe:italy"}
    text = "John Carter stopped 28 shots, and Denver beat Dallas 3-1."
    assert _keys(text, "John Carter") == {"person:john carter"}
    assert _keys(text, "Denver") == {"org:denver"}
    assert _keys("Chicago manager Jane Doe said the plant will close.", "Chicago") == {"gpe:chicago"}


def test_score_line_reads_both_sides() -> None:
    doc = get_nlp()("Wild 4, Sabres 1: Parise scored twice.")
    first = Mention(0, 4, "Wild", "LOC", 0, 0, 1)
    second = Mention(8, 14, "Sabres", "ORG", 0, 3, 4)
    assert score_line(doc, first) and score_line(doc, second)
    doc = get_nlp()("Destiny 2 is out now.")
    assert not score_line(doc, Mention(0, 7, "Destiny", "PRODUCT", 0, 0, 1))


def test_a_peoples_adjective_is_a_group_not_a_place() -> None:
    assert _keys("It is a story about a self-destructive Glaswegian country singer.", "Glaswegian") == \
        {"norp:glaswegian"}
    assert _keys("Tom Hanks visited Milan last week. The Milan fashion show opened.", "Milan") == {"gpe:milan"}


def test_a_name_read_as_a_group_and_as_a_thing_gets_one_key() -> None:
    text = ("American aerospace companies of all sizes are joining the Artemis program, the agency said. "
            "Artemis aims to put astronauts on the lunar surface by 2024.")
    assert _keys(text, "Artemis") == {"org:artemis"}  # 'the Artemis program' is no people's word
    text = ("The aid was paused in July. He understood how Ukrainian officials could be confused. "
            "The new Ukrainian president was not corrupt, the envoy said.")
    assert _keys(text, "Ukrainian") == {"norp:ukrainian"}  # written as an adjective: the people's


def test_a_name_with_a_ticker_is_a_business() -> None:
    text = "Still, the stock has slid, and peer Lowe’s (LOW) stock is off too. Lowe’s reports earnings Wednesday."
    assert _keys(text, "Lowe") == {"org:lowe"}
    assert _keys("WASHINGTON (AP) — The Senate voted on Tuesday.", "WASHINGTON") == {"gpe:washington"}
    assert _keys("Gov. Kristi Noem (R) defended the campaign.", "Kristi Noem") == {"person:kristi noem"}
    assert _keys("ST. JOSEPH, Mich. (AP) — Health officials are reporting a case.", "Mich.") == {"gpe:michigan"}  # the state, written out
    text = "The disease still circulates in the Democratic Republic of Congo (DRC), Madagascar, and Peru."
    assert {e.label for e in analyze(text).entities if "Congo" in e.text} == {"GPE"}  # an acronym


def test_a_name_listed_with_organisations_is_one() -> None:
    text = "As both NBC News and Bloomberg have reported, there is a security risk."
    assert _keys(text, "Bloomberg") == {"org:bloomberg"}
    text = "Researchers from the University of Munich and the University of Goethe, Frankfurt, went to look."
    assert _keys(text, "Frankfurt") == {"gpe:frankfurt"}  # an address, no item of the list


def test_a_name_in_quote_marks_after_the_joins_the_same_name_without_them() -> None:
    text = ('The plague is a disease dubbed the Black Death by historians. '
            'It was known as the "Black Death" in the fourteenth century.')
    ents = [e for e in analyze(text).entities if "Black Death" in e.text]
    assert len(ents) == 2 and len({e.key for e in ents}) == 1


def test_country_before_a_noun_is_the_music_not_a_place_kind() -> None:
    doc = get_nlp()("Critics praised the Lambert country album released on Friday.")
    assert kind_after(doc, Mention(20, 27, "Lambert", "PERSON", 0, 3, 4)) is None
    doc = get_nlp()("Fighting broke out in the Logar province on Friday.")
    assert kind_after(doc, Mention(26, 31, "Logar", "GPE", 0, 5, 6)) == "GPE"


def test_a_ruling_against_a_state_is_no_game() -> None:
    assert _keys("The justices ruled 5-4 against Texas on Monday.", "Texas") == {"gpe:texas"}
    assert _keys("Ames threw two touchdowns as Ohio rolled past Buffalo, 31-10, on Saturday.", "Buffalo") == \
        {"org:buffalo"}


def test_a_full_name_listed_only_with_people_is_a_person() -> None:
    text = "The gallery shows photos of Freddie Spencer and Evel Knievel on their bikes."
    assert _keys(text, "Evel Knievel") == {"person:evel knievel"}
    text = "The prize went to Noa Zelig and Arnaud Pichon, whose lanterns lit the canal. Zelig and Pichon met in Haifa."
    doc = get_nlp()(text)
    mentions = _read_as(text, {"Noa Zelig": "ORG", "Zelig": "GPE", "Arnaud Pichon": "PERSON", "Pichon": "PERSON"})
    people_read_as_things(doc, mentions)
    assert {m.text: m.label for m in mentions if "Zelig" in m.text} == {"Noa Zelig": "PERSON", "Zelig": "PERSON"}


def test_a_name_mostly_used_as_a_business_is_no_person_for_one_list() -> None:
    text = ("The singer left Big Tune in 2018. Big Tune owns the masters, and Big Tune sells them. "
            "She accused Scott Borden and Big Tune of blocking the show.")
    doc = get_nlp()(text)
    mentions = _read_as(text, {"Big Tune": "ORG", "Scott Borden": "PERSON"})
    people_read_as_things(doc, mentions)
    assert {m.label for m in mentions if m.text == "Big Tune"} == {"ORG"}
    text = "The singer sued Big Tune and Carl Dunn Productions on Monday."
    doc = get_nlp()(text)
    mentions = _read_as(text, {"Big Tune": "ORG", "Carl Dunn Productions": "PERSON"})
    people_read_as_things(doc, mentions)  # a business named after a person is no person's name
    assert {m.label for m in mentions if m.text == "Big Tune"} == {"ORG"}


def _spans_as(text: str, labels: dict[str, str]) -> list[Mention]:
    """Mentions of the names in ``labels`` (first occurrence each) with those readings."""
    doc = get_nlp()(text)
    out = []
    for name, label in labels.items():
        span = doc.char_span(text.index(name), text.index(name) + len(name))
        assert span is not None
        out.append(Mention(span.start_char, span.end_char, name, label, 0, span.start, span.end))
    return out


def test_a_body_named_by_a_noun_of_the_article_is_no_person_for_a_list() -> None:
    readings = {"Bright Caucus": "ORG", "Maxine Waters": "PERSON"}
    text = "She thanked Bright Caucus and Maxine Waters for the help."
    mentions = _spans_as(text, readings)
    assert listed_person(get_nlp()(text), mentions[0], mention_at(mentions))
    text = "Lawmakers from the caucus met on Monday. She thanked Bright Caucus and Maxine Waters for the help."
    mentions = _spans_as(text, readings)
    assert not listed_person(get_nlp()(text), mentions[0], mention_at(mentions))  # 'the caucus'


def test_a_name_opening_an_organisation_name_of_the_article_stays_a_thing() -> None:
    text = "She thanked Bright Hope and Maxine Waters. The Bright Hope Foundation gave money."
    mentions = _spans_as(text, {"Bright Hope": "ORG", "Maxine Waters": "PERSON", "Bright Hope Foundation": "ORG"})
    people_read_as_things(get_nlp()(text), mentions)
    assert mentions[0].label == "ORG"


def test_a_surname_with_a_relative_or_a_later_he_is_a_person() -> None:
    text = ("The novelist John M. Ford died in 2006. Ford needed a sibling, as he had grown "
            "estranged from his family. Years later she phoned Ford's mother.")
    doc = get_nlp()(text)
    mentions = _read_as(text, {"Ford": "ORG"})
    assert any(kin_of(doc, m) for m in mentions if m.text == "Ford")
    assert surnames_read_as_things(doc, mentions) == {"Ford"}
    people_read_as_things(doc, mentions)
    assert {m.label for m in mentions if m.text == "Ford"} == {"PERSON"}


def test_a_surname_used_as_a_business_stays_one() -> None:
    text = ("Bill Ford, its chairman, apologised. Ford said it would recall 5,000 trucks. "
            "Ford's chief said he was sorry.")
    doc = get_nlp()(text)
    mentions = _read_as(text, {"Ford": "ORG"})
    assert surnames_read_as_things(doc, mentions) == frozenset()  # 'Ford said it …'
