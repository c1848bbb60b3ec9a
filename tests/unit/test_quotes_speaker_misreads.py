"""quotes (issue 17, speakers7): speakers the tagger hid from the speaker finder — a surname
read as a modal or an adverb ('Will wrote', 'says Early'), a name glued to a closing quote mark
('…,”Ortiz said'). Real model; sentences written for the tests."""

from __future__ import annotations

import pytest

from support import extracted_quotes as _quotes


@pytest.mark.parametrize(("text", "speaker"), [
    ("“The budget hides a deficit of four billion dollars,” Will wrote in his column on Sunday.", "Will"),
    ("“Buyers are waiting for rates to fall,” says Early, an estate agent in Leeds.", "Early"),
])
def test_a_surname_read_as_a_modal_or_an_adverb_is_the_speaker(text: str, speaker: str) -> None:
    quotes = [q for q in _quotes(text) if q.kind == "direct"]
    assert [q.speaker_text for q in quotes] == [speaker]


@pytest.mark.parametrize("text", [
    "“The budget is a mess,” Critics will say at the hearing.",
    "“We will see,” said Former Governor Ames, smiling.",
])
def test_a_modal_before_its_verb_or_a_title_before_a_name_is_no_speaker(text: str) -> None:
    speakers = [q.speaker_text for q in _quotes(text) if q.kind == "direct"]
    assert "will" not in [(s or "").lower() for s in speakers] and "Former" not in speakers


def test_a_name_glued_to_the_closing_mark_is_the_speaker() -> None:
    quotes = [q for q in _quotes("The mayor left early. “The bridge will reopen in May,”Ortiz said "
                                 "at the briefing.") if q.kind == "direct"]
    assert [(q.text, q.speaker_text) for q in quotes] == [("The bridge will reopen in May", "Ortiz")]


def test_a_verb_read_as_a_participle_after_an_appositive_keeps_its_subject() -> None:
    quotes = _quotes("Shares fell after the report.\n\nUber’s holding company, The Ride Group, announced on "
                     "Sept. 14 that it was dropping its plan for a stock listing, days after its founder "
                     "stepped down as chief executive.")
    assert [(q.cue, q.speaker) for q in quotes if q.cue == "announced"] == [("announced", "Ride Group")]


def test_a_contracted_has_read_as_a_passive_is_still_the_speaker_s_perfect() -> None:
    text = "Senator Jane Ortiz spoke in Reno. \u201cThe deal is dead,\u201d she's said repeatedly since March."
    assert [(q.cue, q.speaker) for q in _quotes(text) if q.kind == "direct"] == [("said", "Jane Ortiz")]


def test_a_passive_with_its_infinitive_names_no_speaker() -> None:
    quotes = _quotes("Senator Jane Ortiz spoke in Reno. She's said to be furious about the deal.")
    assert all(q.speaker is None for q in quotes if q.cue == "said")


def test_a_name_the_parse_made_subject_of_a_quoted_verb_speaks_the_quote() -> None:
    text = ("The general was praised by the candidate.\n\nJo Park, the 2016 Green Party presidential nominee, "
            "tweeted in response: ''Key difference: dictators kill critics; our police arrest burglars.''")
    assert [(q.cue, q.speaker) for q in _quotes(text) if q.cue == "tweeted"] == [("tweeted", "Jo Park")]


def test_a_name_glued_to_the_closing_mark_is_not_resolved_through_the_glued_word() -> None:
    text = ("Hillary Clinton campaigned in Ohio. “He used to be a decent man who traded in ideas, not in fear "
            "and paranoia,”Clinton said on Tuesday.")
    assert [(q.cue, q.speaker) for q in _quotes(text)] == [("said", "Hillary Clinton")]


def test_an_impersonal_it_s_before_a_participle_stays_a_passive() -> None:
    quotes = _quotes("It's revealed in Pixelworld's review that the game only runs at 30 frames a second.")
    assert [q.speaker for q in quotes if q.cue == "revealed"] == ["Pixelworld"]


def test_an_opening_mark_glued_after_a_colon_starts_the_quote_not_a_name() -> None:
    quotes = _quotes('Former mayor Ann Ortiz:"We learned that from the city and its own review of the budget."')
    assert "We" not in [q.speaker_text for q in quotes]
