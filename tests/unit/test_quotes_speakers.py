"""quotes.speakers: a relative-pronoun subject speaks for the noun its clause modifies."""

from __future__ import annotations

from newsflow.nlp.entities import doc_entities
from newsflow.nlp.model import get_nlp
from newsflow.nlp.quotes.extract import extract_quotes
from newsflow.nlp.quotes.speakers import relative_antecedent
from newsflow.nlp.quotes.state import QuoteState


def _doc(text: str):  # noqa: ANN202 (a spaCy Doc)
    return get_nlp()(text)


def test_relative_antecedent_climbs_to_the_modified_noun() -> None:
    doc = _doc("Mayor Ann Holt faces angry neighbours who say the measure breaks zoning rules.")
    who = next(t for t in doc if t.lower_ == "who")
    assert relative_antecedent(who).text == "neighbours"
    # anything else is its own speaker
    mayor = next(t for t in doc if t.text == "Holt")
    assert relative_antecedent(mayor) is mayor


def test_rule_quote_with_relative_subject_names_the_noun() -> None:
    text = "The council received a letter from residents that said the new tower would block the river view."
    doc = _doc(text)
    quotes = extract_quotes(doc, doc_entities(doc))
    q = next(q for q in quotes if "tower" in q.text)
    # the mention stays the source as written (PolNeAR marks the pronoun), the speaker is the noun
    assert q.speaker_text == "that" and text[q.speaker_start:q.speaker_end] == "that"
    assert q.speaker == "residents"


def test_resolve_source_of_a_relative_pronoun_for_the_tagger() -> None:
    text = "Mayor Ann Holt faces angry neighbours who say the measure breaks zoning rules."
    doc = _doc(text)
    st = QuoteState.build(doc, doc_entities(doc))
    who = text.index("who")
    got = st.resolve_source(who, who + 3)
    assert got is not None and got[0].endswith("neighbours") and got[1] == "ANON"
