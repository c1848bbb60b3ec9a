"""Precision of reported speech on invented news sentences (issue 17): only communication
cues make speech; naming participles, the reader's 'you' and verbs of thought, intention or
attention do not (ATTRIBUTION-GUIDELINE §1 'stance', §2)."""

from __future__ import annotations

import pytest

from newsflow.nlp import Quote, analyze
from newsflow.nlp.quotes.scores import DOUBTFUL

from support import speech_quotes


@pytest.fixture(scope="session", autouse=True)
def _model() -> None:
    from newsflow.nlp.model import get_nlp

    get_nlp()  # load once for the whole session


def _all(text: str) -> list[Quote]:
    """Every attribution, offsets checked."""
    out = analyze(text).quotes
    for q in out:
        assert q.text == text[q.start:q.end]
    return out


_speech = speech_quotes


def test_reported_speech_still_found() -> None:
    text = "The mayor said that the bridge would reopen in May after repairs."
    (q,) = _speech(text)
    assert q.kind == "indirect" and q.cue == "said"
    assert q.text.endswith("the bridge would reopen in May after repairs")


@pytest.mark.parametrize("text", [
    "Scientists studied a rare cell type called a brush cell in the lungs of mice.",
    "The band recorded an album called Northern Lights in a barn near the coast.",
    "Farmers planted a hardy grain known as Red Fife across the valley.",
])
def test_naming_participle_is_not_speech(text: str) -> None:
    # (the attribution tagger, merged in by ``combine``, may still propose one of its own)
    assert [q for q in _speech(text) if q.origin == "rules"] == []


@pytest.mark.parametrize("text", [
    "You might argue that the second level is far too short for the price.",
    "After a long day you will wonder why the new phone needs charging twice.",
    "DEAR READER: You should tell your landlord that the heating has failed.",
])
def test_the_reader_addressed_as_you_is_not_a_source(text: str) -> None:
    for q in _speech(text):
        if (q.speaker_text or "").lower() == "you":
            assert q.origin != "rules" and q.confidence <= DOUBTFUL  # the tagger's, doubted


@pytest.mark.parametrize("text", [
    "The rebels have long refused to negotiate with the new government.",
    "The company declined to comment on the report about its accounts.",
    "The striker agreed to play for the club for two more seasons.",
    "Nurses can then focus more effectively on patient care at night.",
    "Dr. Ines Moreau wondered whether the cells in the lungs might respond to the virus.",
    "My young son hid the remote under a cushion, but he forgot that the dog could smell it.",
    "New rules require that every driver carry a permit at all times.",
])
def test_thought_intention_or_attention_is_not_speech(text: str) -> None:
    assert _speech(text) == []


@pytest.mark.parametrize("text", [
    "Some economists might argue that the new tax will slow growth in the north.",
    "Critics may claim that the stadium was built too far from the city centre.",
])
def test_hypothetical_speech_is_not_reported_speech(text: str) -> None:
    assert [q for q in _speech(text) if q.origin == "rules"] == []


def test_physical_phrasal_verb_is_not_an_evaluation() -> None:
    text = "Each morning the manager is knocking out the smaller items on her list."
    assert [q for q in _speech(text) if q.origin == "rules"] == []


@pytest.mark.parametrize("text", [
    "Words cannot describe how proud the whole village is of the young rowers.",
    "It goes without saying that the harbour will need new cranes next year.",
    "It's worth noting that the ferry has never run on time in winter.",
    "It is worth pointing out that the council approved the budget last spring.",
    "He said, she said\n\nThe fence between the two gardens has stood there for a decade.",
])
def test_idioms_make_no_attribution(text: str) -> None:
    assert [q for q in _speech(text) if q.origin == "rules"] == []


@pytest.mark.parametrize("text", [
    "The discovery entrenched the idea that the receptors work only in the tongue.",
    "It made a certain sense that the gut might use such a receptor.",
])
def test_nouns_of_thought_hold_a_stance(text: str) -> None:
    assert _speech(text) == []


@pytest.mark.parametrize("text", [
    "The army did not reveal the crash location in its short update.",
    "The publisher would not disclose the actual number of job cuts.",
])
def test_withheld_object_is_not_speech(text: str) -> None:
    assert [q for q in _speech(text) if q.origin == "rules"] == []


def test_denial_with_a_clause_is_still_speech() -> None:
    text = "The minister did not say whether the plant would close."
    assert any(q.origin == "rules" and "the plant would close" in q.text for q in _speech(text))


@pytest.mark.parametrize("text", [
    # a feeling voiced about a thing (ATTRIBUTION-GUIDELINE H6)
    "At the hearing, senators expressed outrage over the failures revealed by the audit.",
    # an infinitive of purpose after a thing, not a request to someone
    "Some retailers have been pressing the limits of the rules to attract shoppers.",
    # the result of 'so many … that', not what the people said
    "So many fans were talking about the club's new crest that its name became a top search.",
])
def test_frames_without_content_make_no_attribution(text: str) -> None:
    assert [q for q in _speech(text) if q.origin == "rules"] == []


def test_content_frames_beside_them_still_report() -> None:
    got = {q.cue: q.text for q in _speech("The senators expressed hope that the audit would be published. "
                                          "The union pressed the governor to reopen the talks.")}
    assert got["expressed"].endswith("the audit would be published")
    assert got["pressed"].startswith("the governor to reopen the talks")
    for text in ("So, the mayor said that the bridge would reopen in May.",
                 "So many residents have said that the bridge would reopen in May.",
                 "The mayor, who has clashed with councillors on issues such as parking, told "
                 "residents that the bridge would reopen in May."):
        assert [q.text for q in _speech(text)] == ["the bridge would reopen in May"], text


@pytest.mark.parametrize("text", [
    # names listed after 'including' are examples, whatever cue came before them
    'After playing “Blue River Road,” the drummer told the crowd, “thanks for coming out tonight.” The band '
    "will visit 20 towns including Leeds, York, Bristol and Hull.",
    # a question nobody asked aloud
    'The old owners will be left to wonder: "where did the money go?"',
])
def test_named_things_and_unasked_questions_are_not_speech(text: str) -> None:
    got = [q.text for q in _speech(text)]
    assert not any(t.startswith(("Blue River Road", "where did the money go")) or "Leeds" in t or "York" in t
                   for t in got)
    assert "where did the money go?" not in got


def test_named_drops_leave_the_speech_around_them() -> None:
    text = 'After playing “Blue River Road,” the drummer told the crowd, “thanks for coming out tonight.”'
    assert [q.text for q in _speech(text)] == ["thanks for coming out tonight."]
