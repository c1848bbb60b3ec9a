"""Doubt: named rules that mark an attribution a reader of "who said what" should not trust.

They never remove a candidate (PolNeAR counts many of them, and recall matters there); they cap
its confidence at DOUBTFUL, below any threshold a user filters at, so the default view
(`newsflow.nlp.DEFAULT_MIN_CONFIDENCE`) leaves them out. Chosen on the real-world selection half
(tests/data/realworld) with PolNeAR train's all-prediction scores unchanged by construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .records import Quote

#: The confidence of a doubted attribution.
DOUBTFUL = 0.2

_READER = frozenset({"you", "your", "yours", "yourself", "yourselves"})
#: Words that are not a source on their own: relative, demonstrative, expletive, articles.
_NOT_A_SOURCE = frozenset({"that", "which", "this", "these", "those", "it", "who", "whom", "what",
                           "there", "here", "one", "a", "an", "the", ""})
#: Cues that take a bare noun phrase as what was communicated ("denied the allegations").
_NOUN_PHRASE_CUES = frozenset({"announce", "announced", "announces", "confirm", "confirmed", "confirms",
                               "deny", "denied", "denies", "report", "reported", "reports", "reveal",
                               "revealed", "reveals", "unveil", "unveiled", "disclose", "disclosed"})
_WORD = re.compile(r"\w+")


def addressed_to_the_reader(q: Quote, text: str) -> bool:
    """'you' is the author talking to the reader (how-to pieces, reviews), not a source."""
    return (q.speaker_text or "").strip().lower() in _READER or (q.speaker or "").strip().lower() in _READER


def speaker_is_not_a_source(q: Quote, text: str) -> bool:
    """An empty, relative or demonstrative speaker left unresolved ('That', 'which')."""
    if q.kind == "direct":
        return False
    speaker = (q.speaker or "").strip().lower()
    return speaker in _NOT_A_SOURCE


def bare_object_of_a_non_speech_cue(q: Quote, text: str) -> bool:
    """A short noun phrase after a verb that does not report speech ('toured the world supporting
    the likes of X', 'revealed what could be …') is an object, not what someone said."""
    if q.kind != "indirect":
        return False
    words = _WORD.findall(text[q.start:q.end])
    cue = set((q.cue or "").lower().split())
    return len(words) <= 4 and not cue & _NOUN_PHRASE_CUES


DOUBTS: tuple[Callable[[Quote, str], bool], ...] = (
    addressed_to_the_reader, speaker_is_not_a_source, bare_object_of_a_non_speech_cue,
)


def apply_doubts(quotes: list[Quote], text: str) -> list[Quote]:
    """The quotes, each doubted one with its confidence capped at DOUBTFUL."""
    return [replace(q, confidence=min(q.confidence, DOUBTFUL)) if any(rule(q, text) for rule in DOUBTS) else q
            for q in quotes]
