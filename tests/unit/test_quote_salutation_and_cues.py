"""A letter's salutation and a dateline name no speaker; the calibration tells the plainest
reporting cues ('say', 'tell', 'according to') apart from the other communication verbs."""

from __future__ import annotations

from newsflow import nlp
from newsflow.nlp.model import get_nlp
from newsflow.nlp.quotes.component import doc_quotes
from newsflow.nlp.quotes.confidence import FEATURES, features
from newsflow.nlp.quotes.headlines import salutation

LETTER = """DEAR ABBY: My husband of more than 20 years just bought plane tickets to India for a long trip.

DEAR FEELING: Of course you should be happy that you will be visiting a beautiful country."""


def test_a_salutation_is_no_speaker_label() -> None:
    assert salutation("DEAR ABBY") and salutation("Dear readers")
    assert not salutation("PENCE") and not salutation("Lynch")
    speakers = {(q.speaker_text or "").upper() for q in nlp.analyze(LETTER).quotes if q.origin == "rules"}
    assert not any(s.startswith("DEAR") for s in speakers)


def test_a_transcript_label_still_speaks() -> None:
    (q,) = [q for q in nlp.analyze("PENCE: We will not raise taxes on working families this year.").quotes
            if q.origin == "rules"]
    assert q.speaker_text == "PENCE" and q.cue == ":"


def test_a_dateline_is_no_speaker_label() -> None:
    text = ("LISBON: Their harvest ruined and their savings spent, nearly 200 farmers marched on the capital on "
            "Monday after a summer of drought and failed crops across the south. Some said they felt abandoned "
            "by the ministry.")
    quotes = [q for q in nlp.analyze(text).quotes if q.origin == "rules"]
    assert not any((q.speaker_text or "") == "LISBON" for q in quotes)
    assert [q.text for q in quotes if q.cue == "said"] == ["they felt abandoned by the ministry"]
    # a transcript's long first line still speaks: it says 'we'
    text = ("PENCE: We will not raise taxes on working families this year, and we will cut the rates that "
            "small businesses pay on their first hundred thousand dollars of profit.")
    assert [q.speaker_text for q in nlp.analyze(text).quotes if q.origin == "rules"] == ["PENCE"]


def _values(text: str) -> list[dict[str, float]]:
    doc = get_nlp()(text)
    return [dict(zip(FEATURES, features(q, doc), strict=True)) for q in doc_quotes(doc) or []]


def test_say_and_according_to_are_their_own_cue_features() -> None:
    (said,) = _values("The mayor said that the bridge would reopen in May after repairs.")
    assert said["cue_say"] == 1.0 and said["cue_according"] == 0.0 and said["cue_communication"] == 1.0
    (according,) = _values("According to the mayor, the bridge will reopen in May after the repairs.")
    assert according["cue_according"] == 1.0 and according["cue_say"] == 0.0
    (warned,) = _values("The mayor warned that the bridge would stay closed until the summer.")
    assert warned["cue_say"] == 0.0 and warned["cue_according"] == 0.0 and warned["cue_communication"] == 1.0
