"""quotes (issue 17, study set): classes of who-said-what errors, one case each.

A causative before a speech verb, a quote tagged by a verb outside the lexicon, joined
clauses of one reported statement, an organisation's projection, a speech noun with its
source after 'by', and a speech verb inside another source's quote marks."""

from __future__ import annotations

from support import extracted_quotes as _quotes


def test_causative_gives_the_speech_verb_and_its_object_as_speaker() -> None:
    quotes = _quotes("But its cutback on orders of the jumbo jet early this year led the French "
                     "manufacturer to announce it would scrap its production.")
    assert [(q.cue, q.text) for q in quotes] == [("announce", "it would scrap its production")]
    assert "manufacturer" in (quotes[0].speaker or "")


def test_prompted_to_say() -> None:
    quotes = _quotes("The losses prompted the company to say it would cut jobs.")
    assert [(q.cue, q.speaker) for q in quotes] == [("say", "company")]


def test_quote_tagged_by_a_verb_outside_the_lexicon_then_a_second_cue() -> None:
    text = ('"We all miss Steve so much," Benioff weighed in, telling Cook, "since he passed, you have '
            'been so true to him and his values."')
    quotes = sorted(_quotes(text), key=lambda q: q.start)
    assert [(q.cue, q.speaker) for q in quotes] == [("weighed", "Benioff"), ("telling", "Benioff")]
    assert quotes[0].text == "We all miss Steve so much"


def test_joined_clauses_before_the_tag_are_one_content() -> None:
    quotes = _quotes("Selling a product is difficult, but altering behavior is much more difficult, Hege said.")
    assert [q.text for q in quotes] == ["Selling a product is difficult, but altering behavior is much more difficult"]


def test_a_second_report_is_not_a_joined_clause() -> None:
    quotes = _quotes("The man ran from the station. The Chronicle says he was arrested a block away after "
                     "employees of a car dealership said he tried to steal a van.")
    assert any(q.text == "he tried to steal a van" for q in quotes), [q.text for q in quotes]


def test_an_organisation_projects() -> None:
    quotes = _quotes("The conservative-leaning Tax Foundation projected in May that the tariffs imposed so far "
                     "would reduce GDP by 0.25 percent.")
    assert [(q.cue, q.speaker) for q in quotes] == [("projected", "Tax Foundation")]


def test_declaration_by_a_source() -> None:
    quotes = _quotes("The confirmation comes despite an earlier declaration by China's health chiefs that the "
                     "risk of an outbreak of the killer disease was minimal.")
    assert [q.text for q in quotes] == ["the risk of an outbreak of the killer disease was minimal"]
    assert "health chiefs" in (quotes[0].speaker or "")


def test_a_speech_verb_inside_quote_marks_is_no_cue() -> None:
    quotes = _quotes('Customers "began to say we want you to do this and that," Cook told Benioff.')
    assert all(q.speaker != "Customers" for q in quotes), [(q.speaker, q.text) for q in quotes]


def test_statement_goes_on_after_its_tag() -> None:
    quotes = _quotes("Benioff praised him. Apple has had a place in his heart since 1984, Benioff said, ever "
                     "since he did an internship at the company.")
    assert [q.spans and len(q.spans) for q in quotes] == [2]
    assert quotes[0].text.endswith("ever since he did an internship at the company")


def test_a_reporting_verb_tagged_as_a_noun() -> None:
    quotes = _quotes("Separately, the Congressional Budget Office projects that the Trump-era tariffs will "
                     "reduce the national gross domestic product by 0.3 percent by 2020.")
    assert [(q.cue, q.speaker) for q in quotes] == [("projects", "Congressional Budget Office")]


def test_a_quote_tagged_by_an_inverted_verb_without_its_comma() -> None:
    # issue 17, fp6: a press release's '“…” says NAME' with the comma before the mark missing
    text = ("“The new monitor helps nurses spot problems early. It could change how wards work” says "
            "Jane Moreau, head of products at the firm.")
    quotes = _quotes(text)
    assert [(q.kind, q.text, q.speaker) for q in quotes] == [
        ("direct", "The new monitor helps nurses spot problems early. It could change how wards work",
         "Jane Moreau")]


def test_a_quoted_title_that_is_the_verbs_subject_is_no_inverted_tag() -> None:
    # review3: '“Big Fish” says a lot about …': the verb has the title for its subject, nobody says it
    text = "Critics praised the film. “Big Fish” says a lot about fathers and sons, the paper wrote."
    assert not [q for q in _quotes(text) if q.cue == "says"]
