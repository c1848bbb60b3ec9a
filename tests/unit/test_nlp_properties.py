"""Property tests: analyze never raises, and every offset it returns is valid."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsflow.nlp import Analysis, analyze

_PIECES = [
    "Kerry", "John Kerry", "he", "she", "said", "says", "told", "according to", "that",
    "a spokesman", "officials", "Marie Harf", ",", ".", ":", " ", " ", "\n", "\n\n",
    '"', "“", "”", "'", "‘", "’", "«", "»", "„", "The plan", "will fail", "is fine",
    "—", "―", "(", ")", "U.S.", "Mr.", "'s", "…",
]
_settings = settings(max_examples=40, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


def _check(text: str, a: Analysis) -> None:
    assert a.text == text
    for e in a.entities:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.text
        assert e.key and e.canonical
    for q in a.quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert q.text == text[q.start:q.end]
        assert q.kind in ("direct", "mixed", "indirect", "stance")
        assert q.spans
        for s, e in q.spans:
            assert q.start <= s < e <= q.end
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
            assert text[q.speaker_start:q.speaker_end] == q.speaker_text
        if q.cue_start is not None:
            assert 0 <= q.cue_start < q.cue_end <= len(text)
        assert 0.0 <= q.confidence <= 1.0
    for s, e in a.sentences:
        assert 0 <= s <= e <= len(text)


@_settings
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    _check(text, analyze(text))


@_settings
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map(" ".join))
def test_quote_heavy_text_offsets_valid(text: str) -> None:
    _check(text, analyze(text))


@_settings
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_glued_marks_offsets_valid(text: str) -> None:
    _check(text, analyze(text))
