"""quotes.state and quotes.speakers: the per-Doc state and speaker resolution."""

from __future__ import annotations

from newsflow.nlp.quotes.speakers import resolve_mention

from support import quote_state as _state


def test_build_indexes_runs_entities_and_datelines() -> None:
    text = "HALDEN, Norland — Mayor Jo Lind spoke.\n\n“We are ready,” Lind said."
    st = _state(text)
    assert st.text == text and len(st.quoted) == len(st.doc) and not any(st.quoted)
    assert [text[r.start:r.end] for r in st.runs] == ["We are ready,"]
    assert st.run_opens == [text.index("“")]
    assert st.datelines == [(0, text.index("Mayor"))]
    assert st.dateline_end(3) == text.index("Mayor") and st.dateline_end(text.index("Lind said")) is None
    assert st.entities and st.ent_starts == [e.start for e in st.entities]
    for ent in st.entities:
        for ti in st.ix.tokens_between(ent.start, ent.end):
            assert st.ent_by_tok[ti] is ent
    assert st.used_cues == set() and st.history == [] and st.quote_spans == []


def test_resolve_speaker_entity_pronoun_group_and_anon() -> None:
    text = ("Sergei Lavrov met reporters. He said the talks were useful. "
            "Veltron Airlines cut jobs. It said costs had risen. A spokesman said nothing.")
    st = _state(text)
    assert st.resolve_speaker(text.index("Lavrov"), text.index("Lavrov") + 6) == (
        "Lavrov", "Sergei Lavrov", "PERSON", "person:sergei lavrov")
    he = text.index("He said")
    assert st.resolve_speaker(he, he + 2)[1:3] == ("Sergei Lavrov", "PERSON")
    it = text.index("It said")
    got = st.resolve_speaker(it, it + 2)
    assert got is not None and got[1] == "Veltron Airlines" and got[2] == "ORG"
    sp = text.index("A spokesman")
    assert st.resolve_speaker(sp, sp + len("A spokesman"))[1:] == ("spokesman", "ANON", "anon:spokesman")
    assert st.resolve_source(sp, sp + len("A spokesman")) == ("spokesman", "ANON", "anon:spokesman")
    assert st.history == []  # the public resolver does not add to the passes' history
    assert st.resolve_speaker(5, 5) is None and st.resolve_speaker(0, len(text) + 9) is None


def test_pronoun_without_antecedent_is_none_and_gender_counts() -> None:
    text = "She said it was over."
    st = _state(text)
    assert st.resolve_speaker(0, 3) is None
    text2 = "Mr. Paul Trent arrived. Marie Harf, a spokeswoman, waited. She said it was over."
    st2 = _state(text2)
    she = text2.index("She said")
    assert st2.resolve_speaker(she, she + 3)[1] == "Marie Harf"
    he_like = resolve_mention(st2, she, she + 3, None, [], record=False)
    assert he_like[0] == "Marie Harf" and he_like[3] is True  # found through an antecedent


def test_resolve_mention_records_groups_for_later_they() -> None:
    text = "Union leaders said the strike would go on. They said pay was too low."
    st = _state(text)
    s = text.index("Union leaders")
    speaker, label, _key, _ = resolve_mention(st, s, s + len("Union leaders"),
                                              st.doc[st.ix.token_at(s + 6)], [])
    assert (speaker, label) == ("Union leaders", "ANON")
    assert st.history and st.history[-1][:3] == (s, "Union leaders", "ANON") and st.history[-1][4]
    they = text.index("They said")
    assert resolve_mention(st, they, they + 4, None, [], record=False)[0] == "Union leaders"
