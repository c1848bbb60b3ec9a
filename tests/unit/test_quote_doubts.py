"""The doubt rules: attributions a reader should not trust keep their place (PolNeAR counts many
of them) but lose their confidence, so a threshold leaves them out."""

from __future__ import annotations

import pytest

from newsflow import nlp
from newsflow.nlp.quotes.records import Quote
from newsflow.nlp.quotes.trust import DOUBTFUL, apply_doubts


def _q(kind: str, content: str, text: str, speaker: str | None, cue: str = "said", conf: float = 0.9) -> Quote:
    start = text.index(content)
    cue_at = text.find(cue) if cue in text else None
    return Quote(start, start + len(content), content, kind, cue, None, None, speaker, speaker, None, conf,
                 cue_start=cue_at, cue_end=None if cue_at is None else cue_at + len(cue))


@pytest.mark.parametrize(("kind", "text", "content", "speaker", "cue", "doubted"), [
    ("indirect", "You should know that saving early helps.", "saving early helps", "You", "know", True),
    ("indirect", "That said, the plan works well for most people.", "the plan works well for most people", "That",
     "said", True),
    ("indirect", "The minister denied both allegations.", "both allegations", "The minister", "denied", False),
    ("indirect", "Maria Lopez said the harbour plan would be finished by spring.",
     "the harbour plan would be finished by spring", "Maria Lopez", "said", False),
    ("direct", 'It works, said one.', "It works,", "one", "said", False),
    # the writer's own voice, outside any quotation, is no attribution
    ("indirect", "Prior to September, I would have said the router was too new.", "the router was too new",
     "I", "said", True),
    ("indirect", "For context, we estimate that the grant is nine times as cost-effective.",
     "the grant is nine times as cost-effective", "we", "estimate", True),
    # inside a quotation 'I' is the quoted speaker; 'US' in capitals is the country
    ("indirect", '"Then I told him the deal was off," Lopez said.', "the deal was off", "I", "told", False),
    ("indirect", "\u201cThen I told him the deal was off,\u201d Lopez said.", "the deal was off", "I", "told", False),
    ("indirect", "The US said the hostages were unharmed.", "the hostages were unharmed", "US", "said", False),
])
def test_doubt_rules(kind, text, content, speaker, cue, doubted):
    (out,) = apply_doubts([_q(kind, content, text, speaker, cue)], text)
    assert (out.confidence == DOUBTFUL) is doubted


def test_the_pipeline_doubts_a_reader_addressed_statement():
    text = ("Early retirement is possible. Experts agree on one thing. You should know that the "
            "biggest expense is housing, so you can plan around it.")
    for q in nlp.analyze(text).quotes:
        if (q.speaker or "").lower() in {"you", "your"}:
            assert q.confidence <= DOUBTFUL


@pytest.mark.parametrize(("text", "kind"), [
    ("Experts believe that the tax will raise prices.", "stance"),
    ("A study found that the drug cut deaths by a third.", "stance"),
    ("The minister said that the tax will raise prices.", "indirect"),
])
def test_beliefs_and_findings_are_stances_apart_from_speech(text, kind):
    kinds = {q.kind for q in nlp.analyze(text).quotes}
    assert kind in kinds, (text, kinds)
    if kind == "stance":
        assert "indirect" not in kinds


@pytest.mark.parametrize(("text", "content", "doubted"), [
    ("VW says the car is a preview, but it didn't say when the wagon will go on sale.",
     "when the wagon will go on sale", True),
    ("VW says the car is a preview, but it didn't say when the wagon will go on sale.",
     "the car is a preview", False),
    ("The governor's office did not immediately respond to a request for comment on the plan.",
     "a request for comment on the plan", True),
])
def test_a_speech_act_the_sentence_negates_reports_nothing(text, content, doubted):
    assert _doubted(text, content) is doubted


def _doubted(text: str, content: str) -> bool:
    """Whether the pipeline's attribution with ``content`` is doubted."""
    found = [q for q in nlp.analyze(text).quotes if text[q.start:q.end] == content]
    assert found, [(text[q.start:q.end], q.confidence) for q in nlp.analyze(text).quotes]
    return found[0].confidence <= DOUBTFUL


@pytest.mark.parametrize(("text", "content", "doubted"), [
    ("The band toured the world supporting the Rolling Stones.", "the Rolling Stones", True),
    ("In fact, according to the police, the man was armed.", "the man was armed", False),
])
def test_a_bare_object_is_doubted_a_short_clause_is_not(text, content, doubted):
    assert _doubted(text, content) is doubted


@pytest.mark.parametrize(("text", "kind"), [
    ("Some members of Congress have suggested that NASA isn't using the rocket enough.", "indirect"),
    ("The senator indicated that he would run again.", "indirect"),
    ("An October 11 presentation to bondholders indicated that jobs would be cut.", "indirect"),
    ("A study suggests that the drug works.", "stance"),
    ("Results of the survey suggest that voters are tired.", "stance"),
])
def test_suggest_and_indicate_are_speech_from_people_and_findings_from_evidence(text, kind):
    assert {q.kind for q in nlp.analyze(text).quotes} == {kind}


def test_refusing_someone_a_thing_is_no_denial_and_a_described_topic_is_doubted():
    assert not nlp.analyze("The administration is denying flu vaccines to immigrants in custody.").quotes
    assert [q.cue for q in nlp.analyze("The minister denied the allegations.").quotes] == ["denied"]
    text = "She testified, describing to the jury the horrific details of the fight for her daughter's life."
    assert all(q.confidence <= DOUBTFUL for q in nlp.analyze(text).quotes if q.cue == "describing")


@pytest.mark.parametrize(("text", "content", "doubted"), [
    # an evaluative act with only an object, however long (H3); 'X as Y' says something
    ("Councillors spoke before the vote, defending the harbour budget approved by the board in March.",
     "the harbour budget approved by the board in March", True),
    ("The mayor defended the harbour budget as the only way to keep the ferry running.",
     "the harbour budget as the only way to keep the ferry running", False),
    # a question's topic; a question's content is kept
    ("The prosecutor asked Lopez about concerns within the office about the ferry contract.",
     "Lopez about concerns within the office about the ferry contract", True),
    ("The prosecutor asked whether the ferry contract had been signed.",
     "whether the ferry contract had been signed", False),
    # a content opening with a relative pronoun describes the source
    ("Lopez was the third witness testifying Tuesday who listened in on the mayor's call with the contractor.",
     "who listened in on the mayor's call with the contractor", True),
    # a common noun for people is a source ('a rep', 'settlers')
    ("The singer's rep told reporters that the tour would go on.", "the tour would go on", False),
])
def test_evaluated_objects_asked_topics_and_relative_clauses_are_doubted(text, content, doubted):
    assert _doubted(text, content) is doubted
