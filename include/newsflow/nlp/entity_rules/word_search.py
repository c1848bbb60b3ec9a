"""Where a name stands as a whole word in an article's text, found without a regular expression.

Why: the entity passes look up dozens of names per article, each its own pattern: compiling
``(?<!…)name(?!…)`` per name and scanning the text with a look-behind first (no literal prefix
for the engine to skip ahead by) cost more than the rules that read the places found. A plain
``str.find`` jumps to each place the name is written and checks the neighbours there: the same
places, in the same order, as ``re.finditer`` of that pattern.
"""

from __future__ import annotations


def word_char(ch: str, joiners: str) -> bool:
    """Whether ``ch`` is a character of a word as ``\\w`` reads it (a letter, a digit, '_') or one
    of ``joiners`` (a hyphen or an apostrophe that joins it to the name)."""
    return ch.isalnum() or ch == "_" or ch in joiners


def standalone_places(text: str, name: str, joined_before: str, joined_after: str) -> list[tuple[int, int]]:
    """The (start, end) of each place a non-empty ``name`` is written in ``text`` with no word character or
    one of ``joined_before`` right before it and none or one of ``joined_after`` right after it:
    ``re.finditer(rf"(?<![\\w{before}]){re.escape(name)}(?![\\w{after}])", text)``, left to right
    and not overlapping."""
    out: list[tuple[int, int]] = []
    size = len(name)
    at = text.find(name)
    while at >= 0:
        end = at + size
        if (at == 0 or not word_char(text[at - 1], joined_before)) and (
                end == len(text) or not word_char(text[end], joined_after)):
            out.append((at, end))
            at = text.find(name, end)
        else:
            at = text.find(name, at + 1)
    return out
