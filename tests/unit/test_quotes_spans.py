"""Where a content span starts and ends, per ATTRIBUTION-GUIDELINE §3, on invented news
sentences (issue 17: exact content): the complementiser 'that' is not content,
'whether' / 'if' and a 'that' the clause is about are."""

from __future__ import annotations

import pytest

from newsflow.nlp.entities import doc_entities
from newsflow.nlp.model import get_nlp
from newsflow.nlp.quotes.extract import extract_quotes

from support import speech_quotes


@pytest.fixture(scope="session", autouse=True)
def _model() -> None:
    from newsflow.nlp.model import get_nlp

    get_nlp()  # load once for the whole session


_speech = speech_quotes


def _content(text: str, cue: str) -> str:
    """The rules' content for ``cue`` (before the tagger's ``combine``, see below)."""
    doc = get_nlp()(text)
    (q,) = [q for q in extract_quotes(doc, doc_entities(doc)) if q.cue == cue]
    assert q.text == text[q.start:q.end]
    return q.text


# -- the complementiser 'that' is not content; 'whether' / 'if' are -------------------


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("The harbour master said that the ferry would sail at noon.", "said",
     "the ferry would sail at noon"),
    ("Officials told reporters that the bridge would stay closed until May.", "told",
     "the bridge would stay closed until May"),
    ("The union warned on Friday that its members would strike.", "warned",
     "its members would strike"),
])
def test_complementiser_that_is_left_out(text: str, cue: str, content: str) -> None:
    assert _content(text, cue) == content


def test_whether_stays_in_the_content() -> None:
    text = "The council asked whether the library could open on Sundays."
    assert _content(text, "asked") == "whether the library could open on Sundays"


def test_that_as_the_subject_of_the_clause_stays() -> None:
    # 'that' is what was wrong here, not a marker of the clause
    text = "The coach said that was the worst match of the season."
    assert _content(text, "said").startswith("that was the worst match")


def test_speech_noun_clause_leaves_that_out() -> None:
    text = "The mayor's claim that the budget was balanced drew criticism."
    assert _content(text, "claim") == "the budget was balanced"


def test_mixed_content_keeps_its_quote_marks_but_not_that() -> None:
    text = 'The minister said that the reform was "long overdue" and would pass.'
    assert _content(text, "said") == 'the reform was "long overdue" and would pass'


def test_complementiser_stays_out_after_the_tagger() -> None:
    """combine moves a rule quote's start back to the tagger's (trained on PolNeAR, whose
    contents start at 'that'), but not over the complementiser."""
    text = "The harbour master said that the ferry would sail at noon."
    (q,) = [q for q in _speech(text) if q.cue == "said"]
    assert q.text == "the ferry would sail at noon"


@pytest.mark.parametrize("text", [
    'Stefan Maier said the unions had "no interest in chaos, but no fear of it either."',
    "Stefan Maier said the unions had “no interest in chaos, but no fear of it either,” and left.",
])
def test_mixed_content_that_opens_a_quotation_closes_it(text: str) -> None:
    (q,) = [q for q in _speech(text) if q.kind == "mixed"]
    assert q.text.startswith("the unions had") and q.text[-1] in '"”'
    assert q.text.count("“") == q.text.count("”") and q.text.count('"') % 2 == 0


# -- a reported clause runs to its end; only the writer's asides and new speech are cut --


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("Forecasters said no rain had fallen in the valley since mid-September — the first time "
     "that has happened since 1905.", "said",
     "no rain had fallen in the valley since mid-September — the first time that has happened since 1905"),
    ("The utility said the weather should ease by Thursday morning, allowing crews to begin "
     "restoring power.", "said",
     "the weather should ease by Thursday morning, allowing crews to begin restoring power"),
])
def test_reported_clause_keeps_its_dash_and_participle(text: str, cue: str, content: str) -> None:
    assert _content(text, cue) == content


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("Ghani said he hoped the swap would open talks between his government and the Taliban, "
     "who have long refused to negotiate with Kabul.", "said",
     "he hoped the swap would open talks between his government and the Taliban"),
    ("The rebels claimed responsibility for shooting down the helicopter, which they said "
     "crashed in the south of the province.", "claimed",
     "responsibility for shooting down the helicopter"),
    ("The mayor said the bridge would reopen in May, adding that repairs had cost more than "
     "planned.", "said", "the bridge would reopen in May"),
])
def test_writer_aside_or_new_speech_ends_the_content(text: str, cue: str, content: str) -> None:
    assert _content(text, cue) == content


def test_conjoined_speech_verb_is_the_speakers_next_act() -> None:
    text = ("Both men claimed at the time that they were being treated well and asked their "
            "governments to help.")
    assert _content(text, "claimed") == "they were being treated well"
    assert _content(text, "asked") == "their governments to help"


def test_follow_on_after_reported_speech_is_an_attribution_of_its_own() -> None:
    """ATTRIBUTION-GUIDELINE §3: one cue, one attribution; the quotation after the reported
    sentence goes on with its speaker as a follow-on (cue null)."""
    text = "The summit did too little, he added. “Without reform, Europe risks a lot.”"
    doc = get_nlp()(text)
    qs = sorted(extract_quotes(doc, doc_entities(doc)), key=lambda q: q.start)
    assert [(q.kind, q.cue, q.text) for q in qs] == [
        ("indirect", "added", "The summit did too little"),
        ("direct", None, "Without reform, Europe risks a lot."),
    ]
    assert qs[1].speaker == qs[0].speaker
