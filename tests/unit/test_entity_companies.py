"""Issue 18, businesses by use: a one- or two-word company, outlet or studio the small model
reads as a person, a place or a work is an organisation when the article writes it as a business
or an outlet ('owned by X', "X's review", 'a survey from X', 'analysts at X', 'Yahoo!.', 'X …
Systems Inc', 'according to X', 'X reports', 'turned to X to describe …') and never as a person;
a person's marks keep a person (made-up sentences, the real spaCy model)."""

from __future__ import annotations

from spacy.tokens import Doc

from newsflow.nlp.entity_rules.companies import (
    company_use,
    exclaimed_name,
    firm_company_use,
    news_outlet,
    opens_company_name,
    outlet_use,
    owned_by,
    preposition_of,
    source_of,
    staff_at,
    unread_mentions,
)
from newsflow.nlp.entity_rules.media import took_to
from newsflow.nlp.entity_rules.mentions import Mention
from newsflow.nlp.entity_rules.person_marks import member_of, surname_alone
from newsflow.nlp.model import get_nlp

from support import keys_of as _keys


def _mention(doc: Doc, name: str, nth: int = 0) -> Mention:
    """A mention over the ``nth`` place ``name`` is written in ``doc`` (label as the model read it)."""
    at = -1
    for _ in range(nth + 1):
        at = doc.text.index(name, at + 1)
    span = doc.char_span(at, at + len(name))
    assert span is not None
    return Mention(start=span.start_char, end=span.end_char, text=span.text, label=span[0].ent_type_,
                   sent=None, tok_start=span.start, tok_end=span.end)


def test_owner_read_as_a_place_or_person_is_an_organisation() -> None:
    assert _keys("The retail site is owned by Zentaro, which bought it in 2015. Shoppers liked the site.",
                 "Zentaro") == {"org:zentaro"}
    doc = get_nlp()("The Zentaro-owned site sold more phones this year.")
    assert owned_by(doc, _mention(doc, "Zentaro"))


def test_founded_by_is_a_persons_act_not_an_owner() -> None:
    doc = get_nlp()("The charity was founded by Maren Oakridge in 1990.")
    assert not owned_by(doc, _mention(doc, "Maren Oakridge"))


def test_outlets_review_is_no_place() -> None:
    text = "It is revealed in Veltgamer's review that the game only renders at 1440p."
    assert _keys(text, "Veltgamer") == {"org:veltgamer"}


def test_source_of_a_survey_with_a_first_name_is_an_organisation() -> None:
    text = "That's according to a new survey from Piper Vandermolt. Teens spent less on clothes."
    assert _keys(text, "Piper Vandermolt") == {"org:piper vandermolt"}
    doc = get_nlp()("Analysts at Morgan Vellacourt expect the shares to rise.")
    m = _mention(doc, "Morgan Vellacourt")
    assert staff_at(doc, m) and firm_company_use(doc, m)


def test_a_persons_marks_keep_a_first_named_person() -> None:
    text = ("A new survey from Piper Vandermolt found teens spend less. Vandermolt said she was "
            "surprised by the result.")
    assert _keys(text, "Piper Vandermolt") == {"person:piper vandermolt"}


def test_looking_at_a_person_is_no_employer() -> None:
    doc = get_nlp()("The crowd laughed at Morgan Vellacourt during the debate.")
    assert not staff_at(doc, _mention(doc, "Morgan Vellacourt"))


def test_shop_of_a_list_is_read_through_its_first_item() -> None:
    doc = get_nlp()("At Quimbly and Varsel, you can get your paycheck two days early.")
    m = _mention(doc, "Varsel")
    prep = preposition_of(doc, m)
    assert prep is not None and prep.lower_ == "at" and company_use(doc, m)


def test_name_written_with_its_exclamation_mark_is_a_brand() -> None:
    text = "The exclamation point is part of the name. Like Zoomba!. Cutting edge, I know."
    assert _keys(text, "Zoomba") == {"org:zoomba"}
    doc = get_nlp()('"Run, Tomas!" she shouted at the boy.')
    assert not exclaimed_name(doc, _mention(doc, "Tomas"))


def test_first_word_of_a_company_name_is_its_short_name() -> None:
    text = ("NASA chose Korvane Nano-Satellite Systems Inc for the work. There are big players "
            "such as Sierra Nevada and Korvane.")
    assert _keys(text, "Korvane") == {"org:korvane"}
    doc = get_nlp()(text)
    assert opens_company_name(doc, "Korvane") and not opens_company_name(doc, "Sierra")


def test_company_named_after_kind_of_business_read_as_a_region() -> None:
    text = "NASA awarded lander missions to companies Astrobotic, Intuitive Machines and Orbit Beyond."
    assert _keys(text, "Astrobotic") == {"org:astrobotic"}


def test_places_the_model_saw_no_name_count_too() -> None:
    doc = get_nlp()("It is great to see Quillborn offer players the freedom to explore. "
                    "Quillborn clearly needed more time, and it may get there eventually.")
    tagged = [m for m in (_mention(doc, "Quillborn", 0), _mention(doc, "Quillborn", 1)) if m.label]
    unread = unread_mentions(doc, tagged, "Quillborn")
    assert len(tagged) + len(unread) == 2
    assert any(company_use(doc, m) for m in tagged + unread)


def test_unread_sentence_opening_word_the_article_writes_lower_is_no_name() -> None:
    doc = get_nlp()("Current accounts pay little. The bank Current says its current account pays more.")
    assert all(m.tok_start != 0 for m in unread_mentions(doc, [], "Current"))


def test_reporter_of_a_paper_stays_a_person() -> None:
    text = ("The couple was quarantined, according to Sui-Lee Wee of the New York Times. All sites "
            "were also disinfected, reports Wee.")
    assert _keys(text, "Sui-Lee Wee") == {"person:sui-lee wee"}
    doc = get_nlp()(text)
    m = _mention(doc, "Sui-Lee Wee")
    assert member_of(doc, m) and surname_alone([m, _mention(doc, "Wee", 1)])


def test_outlet_that_reports_is_an_organisation() -> None:
    doc = get_nlp()("Volker discussed the delay in August, after Politiqa reported the aid had been paused.")
    assert company_use(doc, _mention(doc, "Politiqa"))
    assert not company_use(doc, _mention(doc, "Volker"))


def test_outlet_cited_as_a_source_is_an_organisation() -> None:
    text = ("There are three scripts in contention for the film, according to reports from The Snapline, "
            "so the studio is still deciding. Hollowmark reports that the studio is also working on a spin-off.")
    assert _keys(text, "Hollowmark") == {"org:hollowmark"}
    doc = get_nlp()(text)
    assert outlet_use(doc, _mention(doc, "The Snapline"))
    assert news_outlet(doc, [_mention(doc, "The Snapline")], "The Snapline")


def test_work_cited_is_no_outlet() -> None:
    doc = get_nlp()("According to the Bible, the flood lasted forty days.")
    assert not outlet_use(doc, _mention(doc, "Bible"))
    assert _keys("According to the Bible, the flood lasted forty days.", "Bible") != {"org:bible"}


def test_planet_followed_by_it_stays_a_place() -> None:
    text = "Europa is a moon of Jupiter, and it holds an ocean under its ice."
    assert "org:europa" not in _keys(text, "Europa")


def test_journal_is_an_organisation() -> None:
    text = "A paper published in the journal Stellar Letters on Monday found water on the moon."
    assert _keys(text, "Stellar Letters") == {"org:stellar letters"}
    doc = get_nlp()("According to the study, published in Cardio Case Notes, the man had been dizzy.")
    prep = preposition_of(doc, _mention(doc, "Cardio Case Notes"))
    assert prep is not None and source_of(prep)


def test_journal_a_paper_is_featured_in_is_an_organisation() -> None:
    doc = get_nlp()("Both studies were featured in Cellular Review, and a third paper in Plant Letters followed.")
    for name in ("Cellular Review", "Plant Letters"):
        prep = preposition_of(doc, _mention(doc, name))
        assert prep is not None and source_of(prep), name
    doc = get_nlp()("The band played in Brixton Hall twice.")
    prep = preposition_of(doc, _mention(doc, "Brixton Hall"))
    assert prep is None or not source_of(prep)  # 'played in' names no journal


def test_platform_turned_to_for_posting_is_no_place() -> None:
    text = "Delhi's leader Arvind Kejriwal turned to Twitter last month to describe his city as a gas chamber."
    assert _keys(text, "Twitter") == {"org:twitter"}
    doc = get_nlp()("She turned to Maren for help, and he turned to Bixby to ask about the weather.")
    assert not took_to(doc, _mention(doc, "Maren")) and not took_to(doc, _mention(doc, "Bixby"))


def test_list_set_off_after_a_company_noun_is_of_companies() -> None:
    doc = get_nlp()("NASA had already picked nine companies a year ago: Zorbotic, Deep Space Systems and Draper.")
    m = _mention(doc, "Zorbotic")
    assert company_use(doc, m, place_read=True)
    doc = get_nlp()("He visited two cities, Zarnok and Velt, last year.")
    assert not company_use(doc, _mention(doc, "Zarnok"), place_read=True)
