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
    # American style: the comma inside the closing mark, the participle after it
    ("The senator told a radio host that the governor “had a foolish policy on roads,” adding, "
     "“He lost the rural vote.”", "told", "the governor “had a foolish policy on roads,”"),
])
def test_writer_aside_or_new_speech_ends_the_content(text: str, cue: str, content: str) -> None:
    assert _content(text, cue) == content


def test_conjoined_speech_verb_is_the_speakers_next_act() -> None:
    text = ("Both men claimed at the time that they were being treated well and asked their "
            "governments to help.")
    assert _content(text, "claimed") == "they were being treated well"
    assert _content(text, "asked") == "their governments to help"


def test_conjoined_request_or_negated_speech_is_the_speakers_next_act() -> None:
    """A request, a 'call X Y' or a 'did not suggest' conjoined to the reported verb, in the cue's
    tense, is the source's next statement with the same source."""
    text = ("The ombudsman's office said the deaths were caused by gunshot wounds and called on the "
            "government to withdraw its troops.")
    assert _content(text, "said") == "the deaths were caused by gunshot wounds"
    got = {q.cue: q for q in _speech(text)}
    assert got["called"].text.endswith("the government to withdraw its troops")
    assert got["called"].speaker_text == "The ombudsman's office"
    text = "The minister said the economy had grown and called it a turning point."
    assert _content(text, "said") == "the economy had grown"
    text = "The governor said he would attend the ceremony but did not suggest who would speak."
    assert _content(text, "said") == "he would attend the ceremony"
    # a nested speaker's next act stays inside the outer content
    text = "Officials said the driver told police he had fallen asleep and asked for a lawyer."
    assert _content(text, "said").endswith("and asked for a lawyer")


def test_conjoined_verdict_in_the_cues_tense_is_the_speakers_next_act() -> None:
    text = "The coach said the team had trained hard all week and praised the young goalkeeper as a “wall.”"
    assert _content(text, "said") == "the team had trained hard all week"
    doc = get_nlp()(text)
    (q,) = [q for q in extract_quotes(doc, doc_entities(doc)) if q.cue == "praised"]
    assert q.speaker_text == "The coach" and q.text.startswith("the young goalkeeper as a")
    # in the content's own tense it may be part of what was said
    text = "The coach said the team trained hard all week and praised the young goalkeeper."
    assert _content(text, "said") == "the team trained hard all week and praised the young goalkeeper"


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


# -- edges the parse misplaces (``clause_edges``; issue 17: content extent) --------------


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("But the new terminal will not open before spring, the airport's director said.", "said",
     "the new terminal will not open before spring"),
    ("And the lake has never been this low in October, the rangers wrote.", "wrote",
     "the lake has never been this low in October"),
])
def test_a_conjunction_opening_the_sentence_is_the_writers_link(text: str, cue: str, content: str) -> None:
    assert _content(text, cue) == content
    assert [q.text for q in _speech(text) if q.cue == cue] == [content]  # the tagger does not put it back


def test_a_word_of_the_opening_phrase_is_no_conjunction() -> None:
    text = "So many passengers missed the ferry that a second one was added, the harbour master said."
    assert _content(text, "said").startswith("So many passengers")


def test_a_conjunction_opening_an_according_to_sentence_is_left_out() -> None:
    text = "And the harvest was the smallest in a decade, according to the farmers' union."
    assert _content(text, "according to") == "the harvest was the smallest in a decade"


def test_a_conjunction_before_a_parenthetical_frame_is_left_out() -> None:
    text = "But the ferries, the harbour master said, will run again on Monday."
    doc = get_nlp()(text)
    (q,) = [q for q in extract_quotes(doc, doc_entities(doc)) if q.cue == "said"]
    assert [text[s:e] for s, e in q.spans] == ["the ferries", "will run again on Monday"]


def test_that_before_the_clauses_own_subject_is_its_complementiser() -> None:
    # the parser makes 'that' the object of 'disliked'; it stands before the clause's subject
    text = "Lee told a few of his friends that his landlord disapproved of the dog."
    assert _content(text, "told") == "his landlord disapproved of the dog"


def test_for_before_the_subject_of_a_requested_infinitive_is_left_out() -> None:
    text = "The victim's lawyer asked for the inquiry to be reopened."
    assert _content(text, "asked") == "the inquiry to be reopened"


def test_an_opening_adverbial_hung_on_a_closing_tag_is_content() -> None:
    text = "During a search of the boat, investigators reportedly located cocaine, Perez said."
    assert get_nlp()(text)[0].head.text == "said"  # the parse this rule is for
    assert _content(text, "said") == "During a search of the boat, investigators reportedly located cocaine"
    # the tagger's start may not cut the lead-in ('During | a search …')
    text = "During a search of the warehouse, detectives found two stolen cars, the sheriff said."
    assert [q.text for q in _speech(text) if q.cue == "said"] == [
        "During a search of the warehouse, detectives found two stolen cars"]


def test_a_first_person_clause_after_the_report_is_the_writers_aside() -> None:
    text = ("The report claims the new phone will keep its 6-inch screen, although given the source, "
            "we would not rule out a larger one.")
    assert _content(text, "claims") == "the new phone will keep its 6-inch screen"


def test_a_dash_and_which_open_the_writers_comment() -> None:
    text = "The maker says ten hours is what buyers can expect — which is two hours more than last year."
    assert _content(text, "says") == "ten hours is what buyers can expect"


def test_a_second_gerund_of_the_object_is_content_but_not_a_second_speech_act() -> None:
    text = "The driver admitted to speeding through the village, and leaving the scene without stopping."
    assert _content(text, "admitted") == "speeding through the village, and leaving the scene without stopping"
    text = "The senator kept pointing to his record in the state house and saying that experience is overrated."
    assert not _content(text, "pointing").endswith("overrated")


def test_the_medium_of_the_cue_after_a_reported_clause_is_not_content() -> None:
    text = "The singer announced that she was leaving the band in a video on Sunday."
    assert _content(text, "announced") == "she was leaving the band"
    # a medium the clause is about stays ('the speech', 'social media posts')
    text = "The aide says the governor has been working on the budget speech for weeks."
    assert _content(text, "says") == "the governor has been working on the budget speech for weeks"


def test_a_relative_clause_without_a_relative_word_belongs_to_the_source() -> None:
    text = "But according to people I spoke with, the mayor knew about the plan."
    assert _content(text, "according to") == "the mayor knew about the plan"


def test_the_taggers_start_does_not_split_a_phrase_or_skip_a_scene() -> None:
    from newsflow.nlp.start_guards import opening_link, splits_a_phrase

    doc = get_nlp()("A county sheriff's dog later found the drugs in the trunk, Harris said.")
    assert splits_a_phrase(doc[0:1], doc[12].idx)  # 'A | county sheriff's dog …'
    doc = get_nlp()("In fact, the drugs were hidden in the trunk, Harris said.")
    assert not splits_a_phrase(doc[0:3], doc[10].idx)  # 'In fact, | the drugs …': a whole lead-in
    assert opening_link("But the drugs were hidden", 0, 4) and not opening_link("In fact, the", 0, 9)


def test_a_relative_clause_marked_as_hearsay_is_the_writers() -> None:
    text = "The firm confirmed it had been contacted by the state auditor's office, which will reportedly examine its accounts."
    assert _content(text, "confirmed") == "it had been contacted by the state auditor's office"


def test_a_report_nested_in_a_reported_clause_is_kept_whole_and_apart() -> None:
    """ATTRIBUTION-GUIDELINE §2: nested inside indirect content, both are annotated."""
    text = ("The paper says he was arrested a block away after employees of a hardware store said he "
            "tried to steal a ladder.")
    got = {q.cue: q.text for q in _speech(text)}
    assert got["says"] == ("he was arrested a block away after employees of a hardware store said he "
                           "tried to steal a ladder")
    assert got["said"] == "he tried to steal a ladder"
    # an intended act inside the clause is no second attribution
    text = "The actor claims that he flew to Paris to tell his agent in person that the deal was off."
    assert [q.cue for q in _speech(text)] == ["claims"]


def test_a_report_nested_in_a_reported_clause_is_kept_however_long() -> None:
    """A nested report with a source of its own stays although its content is most of the outer
    one's, also in the perfect ('had told')."""
    text = "The mayor said that the builder had told him the bridge would reopen in May."
    got = {q.cue: (q.text, q.speaker) for q in _speech(text)}
    assert got["said"][0] == "the builder had told him the bridge would reopen in May"
    assert got["told"][0] == "the bridge would reopen in May" and got["told"][1].endswith("builder")
    text = "The newspaper reported that several employees said the factory would close."
    assert {q.cue: q.text for q in _speech(text)}["said"] == "the factory would close"
    # a clause with no speech act of its own stays one attribution
    text = "The striker said he had planned to stay at the club for another season."
    assert [q.cue for q in _speech(text)] == ["said"]


def test_known_for_a_speech_act_is_the_speech_act() -> None:
    """'known for telling …' is a reputation; the gerund is the cue and the known one its source."""
    text = "The senator is known for telling donors that the tax cut will pay for itself."
    (q,) = _speech(text)
    assert (q.cue, q.text) == ("telling", "the tax cut will pay for itself") and q.speaker.lower().endswith("senator")


def test_a_second_half_of_the_reported_clause_hung_on_the_cue_is_content() -> None:
    """Another tense than the cue's, or a backshifted 'had', marks the reported clause's own half."""
    text = "Witnesses say the driver was speeding, and then lost control of the van."
    assert _content(text, "say") == "the driver was speeding, and then lost control of the van"
    text = ("The coroner explained the death had first been ruled an accident, but after a second inquest, "
            "it had become clear that the driver was drunk.")
    assert _content(text, "explained").endswith("it had become clear that the driver was drunk")
    # the cue's own next act, in its own tense, stays out
    text = "The mayor says the budget is balanced, and thanked the council for its work."
    assert _content(text, "says") == "the budget is balanced"


def test_a_reason_or_a_past_event_after_the_reported_clause_is_content() -> None:
    """A reason is the source's; a past-tense clause cannot date a present or perfect cue."""
    text = "Officials say the mountain road was closed, because ice had formed overnight."
    assert _content(text, "say") == "the mountain road was closed, because ice had formed overnight"
    text = "The airline has confirmed that two flights were cancelled, after a storm hit the coast overnight."
    assert _content(text, "confirmed") == "two flights were cancelled, after a storm hit the coast overnight"


def test_the_act_or_reason_a_charge_rests_on_is_content() -> None:
    """'by' with a gerund or 'because' with a subject after 'charged / accused X of Y' is the charge's."""
    text = "Prosecutors have charged the former mayor with fraud by forging signatures on hundreds of contracts."
    assert _content(text, "charged") == "the former mayor with fraud by forging signatures on hundreds of contracts"
    text = "Residents accused the water company of negligence because it ignored repeated warnings about the pipes."
    assert _content(text, "accused").endswith("because it ignored repeated warnings about the pipes")
    # how the charge was made is the cue's
    text = "The senator accused the agency of bias by email on Friday."
    assert _content(text, "accused") == "the agency of bias"


def test_a_restatement_after_the_colon_is_more_of_the_content() -> None:
    """'…: that is, …' restates the same proposition, so the content runs on after the colon."""
    text = ("Some economists have argued that the bank is not lending enough: that is, it is holding "
            "too much cash while small firms wait for credit.")
    assert _content(text, "argued").endswith("that is, it is holding too much cash while small firms wait for credit")


def test_a_dash_set_aside_inside_the_reported_clause_keeps_its_second_half() -> None:
    """A pair of dashes sets an aside inside the clause; what follows the second dash is content."""
    text = ("Critics seized on his claim that he met the developer in 2018 – after the council had "
            "rejected the plan – in order to end their partnership.")
    assert _content(text, "claim").endswith("– in order to end their partnership")
    # a clause of the writer's after the second dash stays out
    text = "She said the plan was dead – at least for now – and the council agreed."
    assert _content(text, "said") == "the plan was dead – at least for now"


def test_a_but_half_that_answers_the_reported_negation_is_content() -> None:
    """'was not worried …, but he did fear …': the emphatic 'did' answers the clause's own negation."""
    text = "He said he wasn't worried about the budget, but he did fear there would be delays if the vote slipped."
    assert _content(text, "said") == ("he wasn't worried about the budget, but he did fear there would be delays "
                                      "if the vote slipped")
    # without the negation to answer, the cue's own next act stays out
    text = "The mayor said the budget was balanced, but she did thank the council for its work."
    assert _content(text, "said") == "the budget was balanced"


def test_a_closing_according_to_phrase_is_not_the_first_sources_content() -> None:
    """', according to X' at the end names another source for the whole sentence."""
    text = "The ministry said it had traced everyone who met the patients, according to a report in the local press."
    assert _content(text, "said") == "it had traced everyone who met the patients"


def test_the_second_half_of_a_comparative_correlative_is_content() -> None:
    """'the sooner X, the better Y': the first half cannot stand alone, so both halves are content."""
    text = "The health agency advises the sooner patients seek treatment, the better their chances of a full recovery."
    assert _content(text, "advises") == "the sooner patients seek treatment, the better their chances of a full recovery"


def test_a_relative_clause_read_as_the_complement_keeps_its_noun() -> None:
    """'reported wait times that exceeded …': the noun the 'that' clause describes is what was reported."""
    text = "Some riders who called the hotline on Monday reported telephone wait times that exceeded three hours."
    assert _content(text, "reported") == "telephone wait times that exceeded three hours"
    text = "He and other senators at the session questioned the city's budget that, in their view, underfunds the fire service."
    assert _content(text, "questioned") == "the city's budget that, in their view, underfunds the fire service"
    # 'told reporters that was …': the addressee stays out, 'that' is the clause's subject
    text = "Officials told reporters that was the end of the matter."
    assert _content(text, "told") == "that was the end of the matter"


def test_a_second_that_or_wh_clause_after_and_is_content() -> None:
    """', and that …' / ', and how …': a clause with its own opener is a second complement of the cue."""
    text = "The mayor pointed out the city has balanced its budget for three years, and that crime has fallen in every district."
    assert _content(text, "pointed") == ("the city has balanced its budget for three years, and that crime has fallen "
                                         "in every district")
    text = "The report detailed the rising costs the council faced, and how the town would struggle if it failed to raise taxes."
    assert _content(text, "detailed") == ("the rising costs the council faced, and how the town would struggle if it "
                                          "failed to raise taxes")
    # a wh-word that is the subject of a new sentence half is not an opener of the cue's complement
    text = "The senator announced his plan, and what it would cost remains unclear."
    assert _content(text, "announced") == "his plan"


def test_the_to_clause_of_a_plan_noun_object_is_content() -> None:
    """'defended his call to raise …': the 'to' clause hung on the cue says what the call is."""
    text = "The governor defended his call to raise the state minimum wage to $15 an hour."
    assert _content(text, "defended") == "his call to raise the state minimum wage to $15 an hour"


@pytest.mark.parametrize(("text", "cue", "content"), [
    # issue 17, fp6: an adverbial clause after a reported noun phrase is the report's circumstance
    ("Acme Corp reported third-quarter earnings that topped estimates as revenue fell short, sending shares "
     "lower.", "reported", "third-quarter earnings that topped estimates"),
    ("The fans called for more even as the lights came up on the stage.", "called", "more"),
    ("The mayor said the plan failed as costs rose.", "said", "the plan failed as costs rose"),
    ("The clerk tells the paper that he argued with the man, who grabbed the keys from him as he was showing "
     "the car to a buyer.", "tells",
     "he argued with the man, who grabbed the keys from him as he was showing the car to a buyer"),
    # a subject the parser took for the cue's object begins the reported clause
    ("The office said ten people were hurt, but added the exact cause of the fire remained unclear.", "added",
     "the exact cause of the fire remained unclear"),
    # review3: a clause opened by 'if' / 'whether' begins there; the noun before it is the one asked
    ("A reporter asked the senator if having voters register online would be any different from the old "
     "system.", "asked", "if having voters register online would be any different from the old system"),
])
def test_a_noun_phrase_ends_before_an_adverbial_and_a_clause_begins_at_its_subject(text, cue, content) -> None:
    assert _content(text, cue) == content
