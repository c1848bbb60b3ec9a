"""The records the quote rules produce: Quote (output) and Candidate (between passes).

Why apart: every pass builds Candidates and speaker resolution turns them into Quotes;
neither depends on how they are found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token


@dataclass
class Quote:
    """One attribution: content offsets exclude the quote marks; ``spans`` are its pieces."""

    start: int
    end: int
    text: str
    kind: str  # 'direct' | 'mixed' | 'indirect' | 'stance' (a belief, want or finding: not speech)
    cue: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_text: str | None
    speaker: str | None
    speaker_label: str | None
    confidence: float
    spans: list[tuple[int, int]] = field(default_factory=list)
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_key: str | None = None
    origin: str = "rules"  # 'rules' | 'tagger' (added by combine from the attribution tagger)

    def pieces(self) -> list[tuple[int, int]]:
        """The content's pieces: ``spans`` when split around a tag, else its one range."""
        return list(self.spans or [(self.start, self.end)])


@dataclass
class Candidate:
    """An attribution between passes: pieces, cue and speaker tokens, not yet resolved."""

    pieces: list[tuple[int, int]]
    kind: str
    cue_tok: Token | None
    cue_text: str | None
    cue_bounds: tuple[int, int] | None
    speaker_tok: Token | None
    speaker_bounds: tuple[int, int] | None
    confidence: float
    follows: Candidate | None = None  # the quote whose speaker a cue-less follow-on took
