"""Where a name stands as a whole word (``entity_rules.word_search``): the places the look-behind
patterns of the surname and company passes found, without compiling one pattern per name."""

from __future__ import annotations

import re

import pytest

from newsflow.nlp.entity_rules.word_search import standalone_places

TEXT = ("Brannock said on Tuesday that the Brannock-Hale plan was dead. O'Brannock, a rival, "
        "and Brannock's aide disagreed; _Brannock and Brannock2 are handles. Brannock")


@pytest.mark.parametrize(("before", "after"), [("-", "-"), ("'’-", "-")])
def test_standalone_places_are_the_places_the_pattern_finds(before: str, after: str) -> None:
    pattern = rf"(?<![\w{re.escape(before)}]){re.escape('Brannock')}(?![\w{re.escape(after)}])"
    expected = [(m.start(), m.end()) for m in re.finditer(pattern, TEXT)]
    assert standalone_places(TEXT, "Brannock", before, after) == expected


def test_a_name_joined_by_a_hyphen_or_an_apostrophe_before_it_is_no_place_of_its_own() -> None:
    starts = [s for s, _ in standalone_places(TEXT, "Brannock", "'’-", "-")]
    assert TEXT.index("Brannock-Hale") not in starts  # a hyphen after it
    assert TEXT.index("O'Brannock") + 2 not in starts  # an apostrophe before it
    assert TEXT.index("Brannock's") in starts  # a possessive after it is still the name
    assert starts[0] == 0 and starts[-1] == len(TEXT) - len("Brannock")  # text's first and last word
    with_apostrophe = [s for s, _ in standalone_places(TEXT, "Brannock", "-", "-")]
    assert TEXT.index("O'Brannock") + 2 in with_apostrophe


def test_a_name_of_several_words_and_repeated_letters_is_found_left_to_right() -> None:
    text = "Blue Harbor Bank and Blue Harbor Banking; the Blue Harbor Bank board met. aaaa"
    second = text.index("Blue Harbor Bank board")
    assert standalone_places(text, "Blue Harbor Bank", "-", "-") == [(0, 16), (second, second + 16)]
    assert standalone_places(text, "aa", "-", "-") == []  # inside a longer word, no overlaps
