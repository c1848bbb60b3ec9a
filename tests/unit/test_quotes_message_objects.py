"""Messages without a clause the passes used to miss (issue 17, notfound4): the object of a
phrasal cue ('ruled out X'), the noun a message verb's relative clause hangs on ('the plan the
mayor announced'), 'told X of Y', 'attributed X to Y', and a cue-less sentence closing on a
quoted sentence right after its source's attribution."""

from __future__ import annotations

import pytest

from newsflow.nlp.entities import doc_entities
from newsflow.nlp.eval import extract
from newsflow.nlp.model import get_nlp
from newsflow.nlp.quotes.indirect import find_indirect
from newsflow.nlp.quotes.state import QuoteState


def _by_cue(text: str) -> dict[str, tuple[list[str], str | None]]:
    """cue -> (content pieces, speaker mention) of each indirect candidate."""
    doc = get_nlp()(text)
    st = QuoteState.build(doc, doc_entities(doc))
    out: dict[str, tuple[list[str], str | None]] = {}
    for c in find_indirect(st, [], st.runs):
        speaker = st.text[slice(*c.speaker_bounds)] if c.speaker_bounds else None
        out[c.cue_text or ""] = ([st.text[s:e] for s, e in c.pieces], speaker)
    return out


def test_the_object_of_ruled_out_is_what_was_denied() -> None:
    got = _by_cue("The central bank has ruled out an interest rate cut before the election.")
    assert got["ruled"] == (["an interest rate cut before the election"], "The central bank")


def test_ruled_without_the_particle_keeps_its_clause_frame_only() -> None:
    assert "ruled" not in _by_cue("The judge ruled the hearing room for two days.")


@pytest.mark.parametrize(("text", "cue", "content", "speaker"), [
    ("Shares rose after the merger that the two banks confirmed on Friday.", "confirmed",
     "the merger", "the two banks"),
    ("Analysts questioned the $40 million figure the minister cited in parliament.", "cited",
     "the $40 million figure", "the minister"),
    ("The plan is built around a new ferry terminal, which the mayor announced in March.", "announced",
     "a new ferry terminal", "the mayor"),
])
def test_a_message_verb_s_relative_clause_reports_its_noun(text: str, cue: str, content: str, speaker: str) -> None:
    assert _by_cue(text)[cue] == ([content], speaker)


@pytest.mark.parametrize("text", [
    "Readers loved the novel she wrote in 2009.",  # 'write' names a work, not a message
    "Destiny is not the only game lacking the picture quality the company promised.",  # clause hung on 'game'
    "The minister who announced the plan resigned on Monday.",  # the relative word is the subject
])
def test_no_message_in_other_relative_clauses(text: str) -> None:
    got = _by_cue(text)
    assert not any(pieces == ["Readers"] or pieces[0].startswith(("the only game", "The minister"))
                   for pieces, _ in got.values())
    assert "wrote" not in got


def test_told_them_of_leaves_the_addressee_out() -> None:
    got = _by_cue("The widow found his relatives and told them of her husband's death.")
    assert got["told"] == (["her husband's death"], "The widow")


def test_attributed_x_to_y_is_a_claim_about_a_cause() -> None:
    got = _by_cue("The analyst attributed the rise in bank shares to the court's ruling on the merger.")
    assert got["attributed"] == (["the rise in bank shares to the court's ruling on the merger"], "The analyst")


def _follow_ons(text: str) -> list[tuple[str, str, str]]:
    return [(q["kind"], q["speaker"], text[q["start"]:q["end"]]) for q in extract(text) if q["cue"] is None]


def test_a_sentence_closing_on_a_quoted_sentence_goes_on_from_its_source() -> None:
    text = ("The district has lost a third of its teachers since 2015, said union leader Maria Alvarez. "
            "That has left schools with “classes of forty children and no one to teach them.”")
    assert _follow_ons(text) == [
        ("mixed", "Maria Alvarez", "That has left schools with “classes of forty children and no one to teach them.”")]


def test_a_colon_starts_the_source_s_point() -> None:
    text = ("“We were lucky,” said the harbour master, Tom Reyes. It could have been much worse: the storm "
            "would have sunk boats “if the wind had turned an hour earlier.”")
    got = _follow_ons(text)
    assert [(k, t) for k, _, t in got] == [
        ("mixed", "the storm would have sunk boats “if the wind had turned an hour earlier.”")]


@pytest.mark.parametrize("text", [
    # a scare quote with no sentence end of its own
    "The mayor said the budget was balanced. Critics call it a “creative accounting exercise”.",
    # no attribution in the sentence before
    "The bridge opened in 1932. Its plaque reads “built by the people of this town for their children.”",
    # the attribution is in another paragraph
    "The coach said the team was ready.\nFans have printed shirts reading “we will win the cup this year.”",
])
def test_no_follow_on_without_a_quoted_sentence_after_an_attribution(text: str) -> None:
    assert not any(k == "mixed" for k, _, _ in _follow_ons(text))


def test_a_subject_naming_someone_else_makes_the_quotation_theirs() -> None:
    text = ("The senator said the border was secure. Governor Ann Walsh held up a chart with the headline "
            "“Crossings have doubled in a single year.”")
    assert not any(k == "mixed" for k, _, _ in _follow_ons(text))


def test_an_of_phrase_on_a_thing_told_is_not_the_news() -> None:
    text = "Many commuters will tell you the quality of the trains, the stations, and the service has declined."
    assert _by_cue(text).get("tell", ([""], None))[0] != ["the trains"]
