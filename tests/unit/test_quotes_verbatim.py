"""quotes (issue 17): an embedded post is its poster's words, verbatim (guideline H4), though
no quote mark or verb frames it: one direct attribution per line, the signed name the speaker
(own texts in the embed's shape, the real spaCy model)."""

from __future__ import annotations

import pytest

from newsflow.nlp import analyze
from newsflow.nlp.quotes.marks import paragraphs
from newsflow.nlp.quotes.signed_blurbs import signature_name
from newsflow.nlp.quotes.verbatim import (
    SIGNATURE_RE,
    pen_name,
    post_lines,
    signed_name,
    without_link,
)

TEXT = (
    "The mayor turned to Twitter last week to describe the river as a sewer.\n\n"
    "The river has turned into a sewer because of the upstream plants\n"
    "We have started handing out water filters to every school today pic.twitter.com/AbC123xyZ\n\n"
    "— Dana Whitfield (@DanaWhitfield) November 1, 2019\n\n"
    "Officials said the plants would be inspected next month."
)


def test_signature_names_the_poster() -> None:
    line = "— Dana Whitfield 🌊 (@DanaWhitfield) November 1, 2019"
    s, e = signed_name(line, 0, len(line)) or (0, 0)
    assert line[s:e] == "Dana Whitfield"
    assert SIGNATURE_RE.match("— Not a signature, just a dash aside") is None


def test_post_lines_stop_at_a_blank_line_and_lose_their_link() -> None:
    paras = paragraphs(TEXT)
    k = next(i for i, (s, e) in enumerate(paras) if TEXT[s:e].startswith("—"))
    lines = [TEXT[slice(*without_link(TEXT, s, e))] for s, e in post_lines(TEXT, paras, k)]
    assert lines == ["The river has turned into a sewer because of the upstream plants",
                     "We have started handing out water filters to every school today"]


def test_each_line_of_a_post_is_a_direct_quote_of_the_signed_name() -> None:
    quotes = analyze(TEXT).quotes
    posts = [q for q in quotes if q.kind == "direct"]
    assert [TEXT[q.start:q.end] for q in posts] == [
        "The river has turned into a sewer because of the upstream plants",
        "We have started handing out water filters to every school today"], quotes
    assert {q.speaker for q in posts} == {"Dana Whitfield"}
    assert all(q.speaker_key == "person:dana whitfield" for q in posts)


def test_a_dash_line_without_a_handle_makes_no_post() -> None:
    text = TEXT.replace(" (@DanaWhitfield)", "")
    assert not [q for q in analyze(text).quotes if q.kind == "direct"]


INTERVIEW = (
    "The club is thrilled to have Marta Lindqvist as its new chief executive. We asked her to "
    "share some insights.\n\n"
    "Q: How do you plan your day?\n\n"
    "A: I keep the most important things at the top of my list every morning.\n\n"
    "The rest of the day is meetings with our partners across the region.\n\n"
    "Q: Favourite book?\n\n"
    "A: A Fistful of Rice\n\n"
    "Thanks Marta!"
)


def test_each_answer_paragraph_of_a_q_and_a_is_the_interviewees_direct_quote() -> None:
    answers = [q for q in analyze(INTERVIEW).quotes if q.cue == "A:"]
    assert [INTERVIEW[q.start:q.end] for q in answers] == [
        "I keep the most important things at the top of my list every morning.",
        "The rest of the day is meetings with our partners across the region.",
        "A Fistful of Rice"]
    assert {q.speaker for q in answers} == {"Marta Lindqvist"}


def test_a_single_question_makes_no_interview() -> None:
    text = INTERVIEW.split("Q: Favourite book?")[0]
    assert not [q for q in analyze(text).quotes if q.cue == "A:"]


COLUMN = (
    "DEAR ANNIE: My neighbor borrows my lawn mower every week. He never returns it clean.\n\n"
    "Should I just buy him a mower of his own? -- TIRED OF MOWING IN OHIO\n\n"
    "DEAR TIRED: A polite word will do. Tell him the mower stays home from now on.\n\n"
    "DEAR ANNIE: Our book club has met for ten years, and one member talks over everyone. -- QUIET READER\n\n"
    "DEAR READER: Ask the host to set a time limit for each speaker."
)


def test_each_paragraph_of_a_column_letter_is_the_pen_names_direct_quote() -> None:
    letters = [q for q in analyze(COLUMN).quotes if q.cue == "--"]
    assert [(COLUMN[q.start:q.end], q.speaker) for q in letters] == [
        ("My neighbor borrows my lawn mower every week. He never returns it clean.", "TIRED OF MOWING IN OHIO"),
        ("Should I just buy him a mower of his own?", "TIRED OF MOWING IN OHIO"),
        ("Our book club has met for ten years, and one member talks over everyone.", "QUIET READER")]
    assert {q.speaker_label for q in letters} == {"ANON"}


def test_a_pen_name_without_a_salutation_makes_no_letter() -> None:
    text = "The show closed after one night. -- REVIEW BY STAFF\n\nTickets will be refunded."
    paras = paragraphs(text)
    assert pen_name(text, *paras[0]) is not None
    assert not [q for q in analyze(text).quotes if q.cue == "--"]


ROUND_UP = (
    "The new console went on sale today. Here is what the first reviews say:\n\n"
    "How Does It Play?\n\n"
    "The console is quick to set up and the games load in seconds, although the menus feel unfinished. "
    "The company tells us that more features will arrive in the spring.\n\n"
    "[ Daily Pixel ]\n\n"
    "Battery life on the handheld mode is the weak point of the whole package, lasting barely three hours.\n\n"
    "[ Game Weekly ]\n\n"
    "Prices start at $299 in most stores."
)

TESTIMONIALS = (
    "Guests who saw the show last month left these reviews for us:\n\n"
    "“The dancers were wonderful and the music was great. We will come again next year.”\n\n"
    "– Sam**\n\n"
    "“A lovely evening for the whole family. The seats were comfortable.”\n\n"
    "– Lee** Pa***\n\n"
    "Book your tickets online today."
)


def test_each_paragraph_signed_by_an_outlet_in_brackets_is_its_direct_quote() -> None:
    quotes = analyze(ROUND_UP).quotes
    blurbs = [(ROUND_UP[q.start:q.end], q.speaker) for q in quotes if q.kind == "direct"]
    assert blurbs == [
        ("The console is quick to set up and the games load in seconds, although the menus feel unfinished. "
         "The company tells us that more features will arrive in the spring.", "Daily Pixel"),
        ("Battery life on the handheld mode is the weak point of the whole package, lasting barely three hours.",
         "Game Weekly")], quotes
    # the reviewer's words hold no attribution of their own (guideline §2, nested in a quotation)
    assert not [q for q in quotes if q.kind != "direct" and q.start < ROUND_UP.index("[ Game")], quotes


def test_a_quoted_testimonial_signed_with_a_dash_is_the_signed_names_direct_quote() -> None:
    blurbs = [(TESTIMONIALS[q.start:q.end], q.speaker) for q in analyze(TESTIMONIALS).quotes if q.kind == "direct"]
    assert blurbs == [
        ("The dancers were wonderful and the music was great. We will come again next year.", "Sam**"),
        ("A lovely evening for the whole family. The seats were comfortable.", "Lee** Pa***")]


def test_a_lone_signature_line_signs_nothing() -> None:
    text = ROUND_UP.split("Battery life")[0] + "Prices start at $299 in most stores."
    assert signature_name(text, *paragraphs(text)[3]) is not None
    assert not [q for q in analyze(text).quotes if q.kind == "direct"]
    photo = "[Photo = Reuters]"
    assert signature_name(photo, 0, len(photo)) is None


NOT_BLURBS = [
    # review3: one label repeated between a news story's paragraphs signs nothing
    ("The council approved the budget on Tuesday after a long debate over school funding and repairs.\n\n"
     "[ Advertisement ]\n\n"
     "The mayor said the vote showed the city could still work together on hard choices this year.\n\n"
     "[ Advertisement ]\n\nThe new budget takes effect in July."),
    # a caption's label before a colon is no name
    ("The council approved the budget on Tuesday after a long debate over school funding and repairs.\n\n"
     "[Photo: City Hall]\n\n"
     "Opponents argued that the plan leaves too little for parks and libraries in the poorer districts.\n\n"
     "[Video: Council debate]\n\nThe new budget takes effect in July."),
    # a dash under plain prose: a poem's author, a byline, an item of a list
    ("The poem ends with a line the students learned by heart last year, and the board read it aloud.\n"
     "The woods are lovely, dark and deep, and the council voted to keep them that way for good.\n"
     "– Robert Frost\n"
     "Crews will finish the new paths by the spring, when the park opens again to the public.\n"
     "– Reporting by Jane Smith"),
    ("Ingredients for the soup are simple and cheap to find at any market in town.\n"
     "– Two onions\n– Three carrots\n– One pound of lentils"),
]


@pytest.mark.parametrize("text", NOT_BLURBS)
def test_repeated_labels_credits_and_dash_lists_sign_no_blurb(text: str) -> None:
    assert not [q for q in analyze(text).quotes if q.kind == "direct"], text


def test_a_credit_or_a_caption_is_no_signature_name() -> None:
    for line in ("– Reporting by Jane Smith", "[Photo: City Hall]"):
        assert signature_name(line, 0, len(line)) is None, line
    assert signature_name("[ The Verge ]", 0, 13) is not None
