"""The per-Doc state the quote passes share, made explicit in one structure.

Why one dataclass: the passes (direct, labels, headlines, indirect, follow-ons, speaker
resolution) depend on what the earlier ones marked — tokens inside direct quotes, cues
already used, speakers already named — and that coupling should be visible in one
place, built once per Doc, instead of attributes set on an object from outside.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..doctext import doc_text
from ..entities import Entity
from . import speakers
from .layout_patterns import DATELINE_RE
from .marks import QuoteRun, find_quote_marks, paragraphs

#: (position, speaker, label, key, plural) of a speaker already resolved, for 'it' / 'they'
#: (plural None: a body's name that takes either, 'Big Machine have denied …')
HistoryItem = tuple[int, str, str | None, str | None, bool | None]


class TokenIndex:
    """Char offset -> token lookups for one Doc (built once, O(log n) per query)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # to_array avoids creating a Token object per token
        self.starts = doc.to_array("IDX").tolist() if len(doc) else []

    def token_at(self, pos: int) -> int:
        """The token holding character ``pos`` (the one starting at or before it)."""
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def tokens_between(self, start: int, end: int) -> range:
        """Token indices whose start lies in [start, end)."""
        a = bisect.bisect_left(self.starts, start)
        b = bisect.bisect_left(self.starts, end)
        return range(a, b)


@dataclass
class QuoteState:
    """What the passes over one Doc read and mark; create it with :meth:`build`.

    Read-only after ``build``: ``doc``, ``text``, ``ix``, ``entities``, ``ent_starts``,
    ``ent_by_tok``, ``datelines``/``dl_starts``, ``runs``/``run_opens`` (every quote-mark
    run of the text). Marked by the passes: ``quoted`` (token inside a direct quote's or a
    speaker label's content), ``used_cues`` (token indices a quote already took as its
    cue), ``quote_spans`` (the direct quotes' pieces, sorted, once they are final),
    ``history`` (speakers resolved so far, in text order), ``pronoun_genders`` (the
    pronouns resolved to each person so far); caches: ``genders``, ``place_keys``,
    ``person_mentions``, ``roles``, ``titled_keys``.
    """

    doc: Doc
    text: str
    ix: TokenIndex
    entities: list[Entity]
    ent_starts: list[int]
    ent_by_tok: dict[int, Entity]
    datelines: list[tuple[int, int]]
    dl_starts: list[int]
    runs: list[QuoteRun]
    run_opens: list[int]
    quoted: list[bool]
    used_cues: set[int] = field(default_factory=set)
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    history: list[HistoryItem] = field(default_factory=list)
    #: person key -> "f" / "m", from what the article says (built on first need)
    genders: dict[str, str] | None = None
    #: person key -> "f" / "m" of the pronouns already resolved to that person
    pronoun_genders: dict[str, str] = field(default_factory=dict)
    #: keys of PERSON entities the article uses as places (built on first need)
    place_keys: set[str] | None = None
    #: (position, person) of every mention a 'he' / 'she' may stand for (built on first need)
    person_mentions: list[tuple[int, Entity]] | None = None
    #: role noun ('judge') -> the persons the article gives that role (built on first need)
    roles: dict[str, list[Entity]] | None = None
    #: keys of one-word PERSON names written after a title ('President Trump'; built on first need)
    titled_keys: set[str] | None = None

    @classmethod
    def build(cls, doc: Doc, entities: Sequence[Entity], text: str | None = None) -> QuoteState:
        """Index one Doc for the passes (``text`` saves re-joining ``doc.text``)."""
        text = doc_text(doc) if text is None else text  # Doc.text re-joins tokens: once
        ix = TokenIndex(doc)
        ents = list(entities)
        ent_by_tok: dict[int, Entity] = {}
        for e in ents:
            for ti in ix.tokens_between(e.start, e.end):
                ent_by_tok[ti] = e
        # datelines ('HALDEN, Norland — …'): (start, end) per paragraph that opens with one
        datelines: list[tuple[int, int]] = []
        if "—" in text or "–" in text or "-" in text:
            for ps, pe in paragraphs(text):
                m = DATELINE_RE.match(text, ps, pe)
                if m is not None and len(m.group(0).split()[0].strip(",")) >= 2:
                    datelines.append((ps, m.end()))
        runs = find_quote_marks(text)
        return cls(
            doc=doc, text=text, ix=ix, entities=ents, ent_starts=[e.start for e in ents],
            ent_by_tok=ent_by_tok, datelines=datelines, dl_starts=[a for a, _ in datelines],
            runs=runs, run_opens=[r.open_pos for r in runs], quoted=[False] * len(doc),
        )

    def dateline_end(self, pos: int) -> int | None:
        """End of the dateline holding ``pos`` (None when ``pos`` is in no dateline)."""
        k = bisect.bisect_right(self.dl_starts, pos) - 1
        if k >= 0 and pos < self.datelines[k][1]:
            return self.datelines[k][1]
        return None

    def resolve_speaker(
        self, start: int, end: int, quote_spans: Sequence[tuple[int, int]] | None = None,
        head: Token | None = None,
    ) -> tuple[str, str, str | None, str | None] | None:
        """Who the source mention at ``[start, end)`` is, the way the rules resolve theirs.

        Returns ``(speaker_text, speaker, label, key)`` — the mention's text, the
        canonical name (an entity's, a pronoun's or 'it'/'they''s antecedent, a
        transcript label's person, else the mention itself as ANON) — or None when a
        pronoun has no antecedent. ``quote_spans`` are direct-quote pieces (sorted) whose
        entities are not antecedents (default: the rules' direct quotes); ``head``
        defaults to the syntactic root of the mention's tokens. For the trained tagger's
        source spans (``combine``); it does not add to ``history``.
        """
        if not 0 <= start < end <= len(self.text):
            return None
        if head is None:
            span = self.doc.char_span(start, end, alignment_mode="expand")
            head = span.root if span is not None and len(span) else None
        speaker, label, key, _ = speakers.resolve_mention(
            self, start, end, head,
            self.quote_spans if quote_spans is None else sorted(quote_spans), record=False,
        )
        if speaker is None:
            return None
        return self.text[start:end], speaker, label, key

    def resolve_source(self, start: int, end: int) -> tuple[str, str | None, str | None] | None:
        """``(speaker, label, key)`` of a source mention: :meth:`resolve_speaker` without the
        mention text (the form ``combine`` asks for)."""
        got = self.resolve_speaker(start, end)
        return None if got is None else got[1:]
