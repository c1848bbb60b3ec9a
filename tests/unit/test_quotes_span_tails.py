"""Where a reported clause's right edge ends before the writer's material after it (issue 17,
sixth round): a dangling conjunction, an appositive gloss, the cue's next act after a stressed
'did say'; on invented news sentences."""

from __future__ import annotations

import pytest

from newsflow.nlp.entities import doc_entities
from newsflow.nlp.model import get_nlp
from newsflow.nlp.quotes.extract import extract_quotes


@pytest.fixture(scope="session", autouse=True)
def _model() -> None:
    get_nlp()  # load once for the whole session


def _contents(text: str, cue: str) -> list[str]:
    """The rules' contents for ``cue`` (before the tagger's ``combine``)."""
    doc = get_nlp()(text)
    return [text[q.start:q.end] for q in extract_quotes(doc, doc_entities(doc)) if q.cue == cue]


def test_a_conjunction_left_before_the_next_clause_is_not_content() -> None:
    """'said A, and three-quarters said B': the 'and' links the writer's next clause."""
    text = "About half of the voters said the mayor is honest, and three-quarters said the same of his rival."
    assert _contents(text, "said")[0] == "the mayor is honest"


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("The mayor has vowed to repeal the Parking Act, a longstanding city law that limits street parking.",
     "vowed", "to repeal the Parking Act"),
    ("She said the group would march on city hall — a message that has not been heeded so far.",
     "said", "the group would march on city hall"),
])
def test_an_appositive_gloss_at_the_end_is_the_writers(text: str, cue: str, content: str) -> None:
    """', a city law that …' after a name, '— a message that …' after the clause: the writer's gloss."""
    assert _contents(text, cue)[0] == content


def test_a_gloss_without_a_clause_of_its_own_stays_content() -> None:
    """'said it would hire Maria Lopez, a nurse': a short appositive is not set apart as a gloss."""
    text = "The clinic said it would hire Maria Lopez, a nurse from the county hospital."
    assert _contents(text, "said")[0] == "it would hire Maria Lopez, a nurse from the county hospital"


def test_the_next_speech_act_after_a_stressed_did_say_ends_the_content() -> None:
    """'did say A and called B': the cue's tense is on 'did', so 'called' is the speaker's next act."""
    text = "The senator did say the plan was sound and called the vote a mistake."
    assert _contents(text, "say")[0] == "the plan was sound"


def test_a_joined_clause_with_a_speaker_of_its_own_is_another_statement() -> None:
    """'said A, and more than 4 in 10 said B': the second clause is not more of A, nor A's head."""
    text = ("Most voters said they were very worried about the direction of the economy, and more than "
            "4 in 10 said the senator would be best at handling it.")
    assert _contents(text, "said") == ["they were very worried about the direction of the economy",
                                       "the senator would be best at handling it"]


@pytest.mark.parametrize(("text", "content"), [
    ("The envoy told lawmakers it was his duty to report the call, as he deflected attacks from the White House.",
     "it was his duty to report the call"),
    ("Smith said the minister had lied, as he tried to cover up the losses.",
     "the minister had lied, as he tried to cover up the losses"),
])
def test_an_as_clause_about_the_speaker_is_the_writers_narration(text: str, content: str) -> None:
    """', as he deflected attacks': the speaker's moment, unless 'he' may be the clause's own subject."""
    assert _contents(text, "told" if "told" in text else "said")[0] == content


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("The senator pledged to enact judicial reform, fix the nation's broken campaign finance system and create jobs.",
     "pledged", "to enact judicial reform, fix the nation's broken campaign finance system and create jobs"),
    ("The mayor promised to rebuild the bridge and thanked the crews.", "promised", "to rebuild the bridge"),
    ("The senator pledged to reform the courts, fix the broken tax code and he, once again, promised a new era.",
     "pledged", "to reform the courts, fix the broken tax code"),
])
def test_bare_infinitives_after_a_to_clause_are_more_of_the_list(text: str, cue: str, content: str) -> None:
    """'pledged to A, fix B and create C': bare 'fix' cannot be a past cue's next act; 'thanked' can."""
    assert _contents(text, cue)[0] == content


def test_an_inverted_condition_after_the_reported_clause_is_content() -> None:
    """'would be honored to serve should the opportunity present itself': the condition limits the claim."""
    text = "The governor said he would be honored to serve should the opportunity present itself."
    assert _contents(text, "said")[0] == "he would be honored to serve should the opportunity present itself"
