"""Text made of character pieces (a quotation broken by a speech tag, a tagger's content run).

Both the quote-mark reader and the tagger's spans hold their text as ``pieces``; the first
piece's start and the last piece's end are where the whole begins and ends.
"""
from __future__ import annotations


class Pieces:
    """Start and end of a dataclass whose ``pieces`` are ordered (start, end) offsets."""

    pieces: list[tuple[int, int]]

    @property
    def start(self) -> int:
        """Where the first piece begins."""
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        """Where the last piece ends."""
        return self.pieces[-1][1]
