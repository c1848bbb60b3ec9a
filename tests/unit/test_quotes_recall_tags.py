"""Closing tags and sentence-joined speech the indirect pass used to miss (issue 17, notfound6,
classes met on PolNeAR train): a semicolon between two reported clauses, and an inverted
closing tag whose opening clause the parser read as the tag's subject, and a named source's call
for something (a demand, H7). Real model."""

from __future__ import annotations

import pytest

from newsflow.nlp.quotes.indirect import find_indirect
from newsflow.nlp.quotes.records import Candidate
from newsflow.nlp.quotes.state import QuoteState

from support import quote_state as _state


def _cands(text: str) -> list[tuple[str, list[str], str | None]]:
    """(cue, content pieces, speaker mention) of each indirect candidate, in text order."""
    st = _state(text)
    return [_row(st, c) for c in find_indirect(st, [], st.runs)]


def _row(st: QuoteState, c: Candidate) -> tuple[str, list[str], str | None]:
    speaker = st.text[slice(*c.speaker_bounds)] if c.speaker_bounds else None
    return c.cue_text or "", [st.text[s:e] for s, e in c.pieces], speaker


def test_a_reported_clause_before_a_semicolon_is_not_the_next_verb_s_content() -> None:
    got = _cands("Six in 10 said they would watch the debate; 30 percent said they had not "
                 "decided whether to vote at all.")
    assert [(pieces, speaker) for cue, pieces, speaker in got if cue == "said"] == [
        (["they would watch the debate"], "Six in 10"),
        (["they had not decided whether to vote at all"], "30 percent"),
    ]


def test_a_lone_clause_before_a_semicolon_still_frames_a_closing_tag() -> None:
    # no clause of its own after the verb: the semicolon rule leaves the frame alone
    got = _cands("The bridge is safe; the cracks are only in the paint, the engineer said.")
    assert got and got[0][0] == "said" and got[0][2] == "the engineer"


def test_an_opening_clause_read_as_the_inverted_tag_s_subject_is_what_was_said() -> None:
    got = _cands('The closure of the mill signals "the end of an era" for the valley, said Ruth Ames, '
                 "chair of the local historical society.")
    assert [(cue, pieces, speaker) for cue, pieces, speaker in got] == [
        ("said", ['The closure of the mill signals "the end of an era" for the valley'], "Ruth Ames"),
    ]


def test_a_subject_before_a_plain_tag_still_speaks() -> None:
    got = _cands("The mayor, who spoke on Monday, said the budget would be balanced.")
    assert got[0][2] == "The mayor"


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("Several council members backed the mayor's call for an independent audit.",
     "an independent audit", "the mayor"),
    ("The coach made a public plea for patience with the young squad.",
     "patience with the young squad", "The coach"),
])
def test_a_call_for_something_by_a_named_source_is_a_demand(text: str, content: str, speaker: str) -> None:
    got = [(pieces, spk) for cue, pieces, spk in _cands(text) if cue in ("call", "plea")]
    assert got == [([content], speaker)]


@pytest.mark.parametrize("text", [
    "The square was filled with calls for a general strike.",
    "India's demand for coal keeps rising.",
    "She was arranging calls with both teams to discuss the schedule.",
    "The champions got a wake-up call for the playoffs in a heavy loss on Sunday.",
])
def test_no_demand_without_a_caller_or_with_a_market_s_demand(text: str) -> None:
    assert not [c for c in _cands(text) if c[0] in ("call", "calls", "demand")]


def test_a_speech_participle_after_the_clause_is_an_act_of_its_own() -> None:
    got = _cands('On Friday, the union called for the director to step down, calling her "a danger '
                 'to every patient in this hospital."')
    assert [(cue, pieces) for cue, pieces, _ in got] == [
        ("called", ["the director to step down"]),
        ("calling", ['her "a danger to every patient in this hospital']),
    ]


@pytest.mark.parametrize(("text", "content"), [
    ("Firefighters appealed for residents to keep their windows closed overnight.",
     "residents to keep their windows closed overnight"),
    ("The parents lobbied for the school board to delay the start of classes.",
     "the school board to delay the start of classes"),
])
def test_for_x_to_y_read_as_a_clause_is_what_was_asked_for(text: str, content: str) -> None:
    got = _cands(text)
    assert [pieces for _, pieces, _ in got] == [[content]]
