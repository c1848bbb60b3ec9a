"""quotes (issue 17, fp6): speech verbs used for an act that tells nobody anything are dropped
after every pass: summoning ('called in'), taking ('claim their place'), an apology for a thing
(guideline H6), words told to oneself (own sentences, the real spaCy model)."""

from __future__ import annotations

import pytest

from newsflow import nlp
from newsflow.nlp.model import get_nlp
from newsflow.nlp.quotes import acts_not_speech, named_not_said
from newsflow.nlp.quotes.records import Quote


def _fires(rule, text: str, content: str, cue: str, kind: str = "indirect") -> bool:
    """Whether ``rule`` fires on an attribution of ``content`` cued by ``cue`` in ``text``."""
    doc = get_nlp()(text)
    start, cue_at = text.index(content), text.index(cue)
    q = Quote(start, start + len(content), content, kind, cue, None, None, None, None, None, 0.9,
              spans=[(start, start + len(content))], cue_start=cue_at, cue_end=cue_at + len(cue))
    return rule(q, doc)


@pytest.mark.parametrize(("rule", "text", "content", "cue", "kind", "fires"), [
    (acts_not_speech.summoned, "The council has called in outside engineers to inspect the damaged bridge.",
     "to inspect the damaged bridge", "called", "indirect", True),
    (acts_not_speech.summoned, "The union called on the board to resign.", "the board to resign", "called",
     "indirect", False),
    # review3: 'call … for' is a request whatever stands between ('in his homily')
    (acts_not_speech.summoned, "The bishop called in his homily for peace between the two towns.",
     "peace between the two towns", "called", "indirect", False),
    (acts_not_speech.a_place_taken, "Newcomers often claim their place in the market within a year.",
     "their place in the market within a year", "claim", "indirect", True),
    (acts_not_speech.a_place_taken, "The rebels claimed responsibility for the attack.",
     "responsibility for the attack", "claimed", "indirect", False),
    (acts_not_speech.apology_for_a_thing, "The governor arrived late and apologized for the delay.",
     "the delay", "apologized", "indirect", True),
    (acts_not_speech.apology_for_a_thing, "The coach apologized for saying the players were lazy.",
     "saying the players were lazy", "apologized", "indirect", False),
    (acts_not_speech.apology_for_a_thing, "The senator apologized for his aide's claim that the rival had quit.",
     "his aide's claim that the rival had quit", "apologized", "indirect", False),
    (acts_not_speech.summoned, "The reporter will call in live from London to discuss the election.",
     "the election", "call", "indirect", False),
    (acts_not_speech.talking_to_oneself, "When I paid the fee, I kept telling myself, “This is worth it.”",
     "This is worth it.", "telling", "direct", True),
    (acts_not_speech.talking_to_oneself, "The mayor kept telling reporters, “This is worth it.”",
     "This is worth it.", "telling", "direct", False),
])
def test_acts_that_tell_nobody_anything_are_dropped(rule, text, content, cue, kind, fires):
    assert _fires(rule, text, content, cue, kind) is fires
    assert rule in acts_not_speech.ACT_DROPS


def test_act_drops_apply_in_the_pipeline():
    text = "The council has called in outside engineers to inspect the damaged bridge."
    assert not [q for q in nlp.analyze(text).quotes if q.kind != "stance"], text


def test_a_verbless_title_line_with_no_cue_is_nobodys_words():
    # issue 17, fp6: a shopping page's deal title, its inch mark read as a quotation's
    text = ("You are essentially getting it for $499.\n\n"
            'Acme Z5 15" 1080p Ti Laptop with 512GB SSD for $799.99\n\n'
            "This is an outstanding price for a laptop.")
    doc = get_nlp()(text)
    start = text.index("1080p")
    end = text.index("$799.99") + len("$799.99")
    q = Quote(start, end, text[start:end], "indirect", None, None, None, None, None, None, 0.5,
              spans=[(start, end)], origin="tagger")
    assert named_not_said.a_verbless_line(q, doc)
    assert named_not_said.a_verbless_line in named_not_said.NAMED_DROPS
    said = text.index("You")
    assert not named_not_said.a_verbless_line(
        Quote(said, said + 20, text[said:said + 20], "indirect", None, None, None, None, None, None, 0.5), doc)
