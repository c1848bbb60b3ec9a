"""quotes.syntax and quotes.lexicon: sentence, title and mention helpers."""

from __future__ import annotations

import pytest

from newsflow.nlp.quotes.lexicon import CUE_LEMMAS, INDIRECT_FRAMES, SPEECH_LEMMAS
from newsflow.nlp.quotes.syntax import (
    is_cue,
    mention_bounds,
    sentence_stop,
    strip_det,
    subject_of,
    title_like,
)


@pytest.mark.parametrize(
    ("text", "stops"),
    [
        ("He left. She stayed.", True),
        ("Vann R. Newkirk wrote it.", False),   # an initial
        ("Sen. Cruz spoke.", False),             # a title abbreviation
        ("It grew 3.5 percent.", False),         # a decimal
    ],
)
def test_sentence_stop(text: str, stops: bool) -> None:
    assert sentence_stop(text, text.index(".")) is stops


def test_title_like() -> None:
    assert title_like("Legend in the Coal Fields")
    assert not title_like("we will not back down from this plan")


def test_strip_det() -> None:
    assert strip_det("the minister") == "minister" and strip_det("Theresa") == "Theresa"


def test_lexicon_frames_order_complements_first() -> None:
    assert INDIRECT_FRAMES["say"][0] == "ccomp"
    assert INDIRECT_FRAMES["say"].index("advcl") > INDIRECT_FRAMES["say"].index("dobj")
    assert "say" in SPEECH_LEMMAS and "say" in CUE_LEMMAS


def test_subject_mention_and_cue_on_a_parse() -> None:
    from newsflow.nlp.model import get_nlp

    doc = get_nlp()("The company's chief executive said the plant would close.")
    said = next(t for t in doc if t.lower_ == "said")
    assert is_cue(said, SPEECH_LEMMAS)
    subj = subject_of(said)
    assert subj is not None and subj.text == "executive"
    s, e = mention_bounds(subj, {})
    assert doc.text[s:e] == "The company's chief executive"
