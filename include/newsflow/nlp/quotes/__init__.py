"""Quote extraction and speaker attribution over a parsed spaCy ``Doc``.

Why rules and not a model: they are cheap (linear passes over the Doc, no
re-parsing, so enrichment keeps pace with raw spaCy), explainable, and measured on
PolNeAR with ``newsflow.nlp.eval``. The parts, one job each:

- ``marks``: quote marks paired character by character (curly, straight, single,
  guillemets, multi-paragraph quotes, stray marks tolerated);
- ``direct``: sentence-level quoted passages as *direct* quotes, attributed through the
  frame next to them ("…," he said / Harf replied: "…" / according to X);
- ``headlines``: speaker-label paragraphs (transcripts, "Name: claim") and Title Case
  headlines;
- ``indirect``: reporting verbs with a clausal complement (*indirect*, or *mixed* when
  the clause holds quote marks), "according to X", "In a poll, …", colon and
  parenthetical frames ("X, he said, Y" -> two pieces); its frames' parts apart:
  ``verb_frames`` (a verb's content head), ``clause_extent`` (how far it runs),
  ``parentheticals``, ``source_phrases``, ``directives``, and ``report_spans`` (shared);
- ``merge``: split quotes joined, follow-on quotes attributed, near-copies dropped;
- ``speakers``: the mention a frame names and who it is (entities, groups); ``pronouns``: the
  person, organisation or group a pronoun stands for; ``people``: the article's person behind a
  partial name or a role ("Trump", "the judge");
- ``state``: what the passes share about one Doc; ``lexicon``: the word lists;
- ``extract``: the passes in order; ``component``: the spaCy pipeline component.

Measured with ``shared/tools/eval_quotes.py --extractor newsflow.nlp.eval:extract``
(PolNeAR dev); the cue lexicon was derived from PolNeAR train only.
"""

from __future__ import annotations

from .extract import extract_quotes, extract_with_state
from .lexicon import CUE_LEMMAS, INDIRECT_FRAMES, SPEECH_LEMMAS
from .marks import QuoteRun, find_quote_marks
from .records import Candidate, Quote
from .state import QuoteState

__all__ = [
    "CUE_LEMMAS",
    "INDIRECT_FRAMES",
    "SPEECH_LEMMAS",
    "Candidate",
    "Quote",
    "QuoteRun",
    "QuoteState",
    "extract_quotes",
    "extract_with_state",
    "find_quote_marks",
]
