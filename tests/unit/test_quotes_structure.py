"""The structure of attributions on invented news sentences: split quotes, follow-ons,
noun-phrase objects, idioms (issue 17; ATTRIBUTION-GUIDELINE §2-3)."""

from __future__ import annotations

import pytest

from newsflow.nlp import Quote
from newsflow.nlp.quotes.scores import DIRECT_WITH_CUE, DOUBTFUL

from support import speech_quotes


@pytest.fixture(scope="session", autouse=True)
def _model() -> None:
    from newsflow.nlp.model import get_nlp

    get_nlp()  # load once for the whole session


_speech = speech_quotes


def _pieces(text: str, q: Quote) -> list[str]:
    return [text[s:e] for s, e in q.spans]


def test_split_quote_is_one_attribution_with_the_tag_outside() -> None:
    text = ('"The test results are in, and the foal is healthy," the stable said in a post on X. '
            '"Stay tuned for its name."')
    (q,) = _speech(text)
    assert _pieces(text, q) == ["The test results are in, and the foal is healthy", "Stay tuned for its name."]
    assert q.cue == "said" and q.confidence >= DIRECT_WITH_CUE - 0.2
    assert all("stable" not in piece for piece in _pieces(text, q))


def test_trailing_comma_belongs_to_the_tag() -> None:
    text = "“Prices are not the problem. Supply is the problem,” the trader said. “If ships sail, prices fall.”"
    (q,) = _speech(text)
    assert _pieces(text, q) == ["Prices are not the problem. Supply is the problem", "If ships sail, prices fall."]
    text = '"We are proud of what the volunteers have built," the mayor said.'
    (q,) = _speech(text)
    assert q.text == "We are proud of what the volunteers have built"


def test_quote_continuing_in_the_next_paragraph_keeps_its_speaker() -> None:
    text = ("“The bakery will stay open,” Ana Ruiz said. “Our customers need us.\n\n"
            "“We will not leave this street.”")
    first, follow_on = _speech(text)  # H5: one attribution per paragraph
    assert first.speaker == follow_on.speaker == "Ana Ruiz"
    assert _pieces(text, follow_on) == ["We will not leave this street."] and follow_on.cue is None


def test_colon_frame_after_a_finished_quote_belongs_to_the_next_quote() -> None:
    text = ("The two chefs cook together. “It is a different craft,” Lena Park said. “You taste with your "
            "whole body.” Omar Haddad agreed: “It takes years to learn. Nobody is born with it.”")
    qs = _speech(text)
    park = next(q for q in qs if q.speaker == "Lena Park")
    assert _pieces(text, park) == ["It is a different craft", "You taste with your whole body."]
    haddad = next(q for q in qs if q.speaker == "Omar Haddad")
    assert _pieces(text, haddad) == ["It takes years to learn. Nobody is born with it."]


def test_sentence_with_its_own_clause_after_a_quote_is_not_its_tag() -> None:
    text = ("“A small rocket will not reach orbit,” Ines Kahl said.\n\n"
            "“The engine is not built for that,” she continued. “A larger tank would help a lot.” "
            "She said a second launch could follow in May.")
    qs = _speech(text)
    continued = next(q for q in qs if q.cue == "continued")
    assert _pieces(text, continued) == ["The engine is not built for that", "A larger tank would help a lot."]
    reported = next(q for q in qs if q.kind == "indirect")
    assert reported.text == "a second launch could follow in May"


def test_colon_introduced_quote_is_not_glued_to_the_quote_before() -> None:
    text = ("“It moved me the moment I heard it,” he said. “It just worked.” The singer, who called in "
            "from a film set, felt the same: “It was the song.”")
    qs = _speech(text)
    first = next(q for q in qs if q.cue == "said")
    assert _pieces(text, first) == ["It moved me the moment I heard it", "It just worked."]
    assert not any("It was the song." in piece for piece in _pieces(text, first))


@pytest.mark.parametrize("text", [
    "The company issued a statement on Tuesday.",
    "The band toured the world supporting the likes of famous rappers.",
    "Critics slammed the move.",
    "The council decided to close the library.",
    "The firm aims to double its sales by 2030.",
    "The test proved the theory wrong.",
    "He shared a video of the crash.",
    "The deal is expected to close in May.",
])
def test_non_communication_verbs_make_no_speech(text: str) -> None:
    assert [q for q in _speech(text) if q.confidence > DOUBTFUL] == []


@pytest.mark.parametrize(("text", "content"), [
    ("The club announced the signing of a new striker.", "the signing of a new striker"),
    ("The minister has denied both allegations.", "both allegations"),
    ("The rebels claimed responsibility for the attack.", "responsibility for the attack"),
])
def test_noun_phrase_object_of_a_communication_verb_is_content(text: str, content: str) -> None:
    (q,) = _speech(text)
    assert q.text == content and q.confidence > DOUBTFUL


@pytest.mark.parametrize("text", [
    "That said, the plan has flaws.",
    "Building a bridge is easier said than done.",
    "Needless to say, the team lost.",
    "He is, so to speak, the captain of the ship.",
    "Having said that, the budget is tight this year.",
    "Suffice it to say, nobody was happy with the result.",
])
def test_idioms_make_no_attribution(text: str) -> None:
    assert _speech(text) == []


def test_idiom_before_a_quote_leaves_the_quote_direct() -> None:
    text = 'That said, "we will win the next game," the coach told reporters.'
    (q,) = _speech(text)
    assert q.kind == "direct" and q.text == "we will win the next game" and q.cue == "told"


def test_reported_clause_is_not_cut_short() -> None:
    text = "The mayor said the new bridge would open in the spring after the state inspectors finish their checks."
    (q,) = _speech(text)
    assert q.text.endswith("after the state inspectors finish their checks")


def test_second_piece_opened_with_a_stray_space_joins_the_quote() -> None:
    text = ('"The repairs took longer than we planned," the harbour master said. " The ferry will '
            'run again on Friday. We thank everyone for their patience."')
    (q,) = _speech(text)
    assert _pieces(text, q) == ["The repairs took longer than we planned",
                                "The ferry will run again on Friday. We thank everyone for their patience."]
    assert q.cue == "said"


def test_run_over_paragraphs_gives_its_first_paragraph_to_the_tag_before() -> None:
    text = ('"The museum has raised the money it needs," the trust said in its statement. "Work on '
            'the roof starts in spring.\n\n"We expect to reopen the east wing by the end of next year," '
            'it concluded.')
    first, second = _speech(text)
    assert _pieces(text, first) == ["The museum has raised the money it needs",
                                    "Work on the roof starts in spring."]
    assert first.cue == "said" and second.cue == "concluded"
    assert _pieces(text, second) == ["We expect to reopen the east wing by the end of next year"]


def test_quotations_listed_with_and_after_one_cue_are_one_attribution() -> None:
    text = ("Nurses chanted, “Safe staffing saves lives,” and “Patients before profits,” as hundreds "
            "of them gathered outside the hospital.")
    (q,) = _speech(text)
    assert _pieces(text, q) == ["Safe staffing saves lives", "Patients before profits"]
    assert q.cue == "chanted"
    text = "“Safe staffing saves lives,” the nurses chanted, and “Patients before profits,” their leader replied."
    assert [q.cue for q in _speech(text)] == ["chanted", "replied"]
