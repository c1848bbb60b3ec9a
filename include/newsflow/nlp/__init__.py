"""NLP core: named entities (canonicalised per article) and attributed quotes.

Never imports Airflow. ``analyze`` for one text, ``analyze_many`` streams texts
through ``nlp.pipe`` in batches (the fast path the enrich DAG uses).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from newsflow.settings import DEFAULT_MIN_CONFIDENCE, get_settings

from .doctext import doc_text
from .entities import Entity, doc_entities
from .model import ModelNotFoundError, get_nlp, model_version
from .quotes import Quote, extract_quotes
from .quotes.component import doc_quotes

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "Analysis",
    "Entity",
    "ModelNotFoundError",
    "Quote",
    "TextTooLong",
    "analyze",
    "analyze_doc",
    "analyze_many",
    "cap_punctuation_runs",
    "max_chars",
    "model_version",
]

#: A run of one punctuation or symbol character longer than this keeps this many; the rest
#: become spaces (same length, so offsets still index the original text). spaCy's tokenizer
#: is superlinear on such runs: 20,000 '"' took 52 s.
MAX_PUNCT_RUN = 64
_PUNCT_RUN = re.compile(rf"([^\w\s])\1{{{MAX_PUNCT_RUN},}}")


class TextTooLong(ValueError):
    """The text is longer than the analysis cap (settings.nlp_max_chars); nothing is cut silently."""


def max_chars() -> int:
    """The longest text analysed (NEWSFLOW_NLP_MAX_CHARS)."""
    return get_settings().nlp_max_chars


def cap_punctuation_runs(text: str) -> str:
    """`text` with each run of one punctuation/symbol character cut to MAX_PUNCT_RUN, the
    excess replaced by spaces: the same length, the same offsets."""
    return _PUNCT_RUN.sub(lambda m: m.group(0)[:MAX_PUNCT_RUN] + " " * (len(m.group(0)) - MAX_PUNCT_RUN), text)


@dataclass
class Analysis:
    """Everything the NLP stage found in one text; offsets index ``text``."""

    text: str
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    model: str = ""


def analyze_doc(doc, model: str | None = None) -> Analysis:  # noqa: ANN001 (spaCy Doc)
    """The Analysis of a parsed Doc: what the newsflow components stored on it, or the
    entity and quote rules run here for a Doc from a pipeline without them."""
    text = doc_text(doc)  # Doc.text re-joins every token on each access: read it once
    entities = doc_entities(doc)
    quotes = doc_quotes(doc)
    if quotes is None:
        quotes = extract_quotes(doc, entities, text)
    sentences = [(s.start_char, s.end_char) for s in doc.sents] if len(doc) else []
    return Analysis(text=text, entities=entities, quotes=quotes, sentences=sentences,
                    model=model if model is not None else model_version())


def _prepare(text: str, limit: int) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) > limit:
        raise TextTooLong(f"text of {len(text)} characters is over the analysis cap of {limit} "
                          "(NEWSFLOW_NLP_MAX_CHARS)")
    return cap_punctuation_runs(text)


def analyze(text: str) -> Analysis:
    """Entities and quotes of one text (loads the model on first use)."""
    nlp = get_nlp()
    return analyze_doc(nlp(_prepare(text, max_chars())), model_version())


def analyze_many(
    texts: Iterable[str], batch_size: int = 8, n_process: int = 1
) -> Iterator[Analysis]:
    """Stream texts through ``nlp.pipe`` (batched, optionally multi-process), in order."""
    nlp = get_nlp()
    version = model_version()
    limit = max_chars()
    prepared = (_prepare(t, limit) for t in texts)
    if n_process > 1:  # each worker holds one batch of batch_size texts
        for doc in nlp.pipe(prepared, batch_size=batch_size, n_process=n_process):
            yield analyze_doc(doc, version)
        return
    # characters parsed together at most (NEWSFLOW_NLP_BATCH_CHARS): spaCy's memory follows them
    for chunk in _chunks(prepared, batch_size, get_settings().nlp_batch_chars):
        for doc in nlp.pipe(chunk, batch_size=len(chunk)):
            yield analyze_doc(doc, version)


def _chunks(texts: Iterable[str], size: int, max_chars: int) -> Iterator[list[str]]:
    """Consecutive texts, at most `size` per chunk and at most `max_chars` characters (a text
    longer than that is a chunk of its own), in order."""
    chunk: list[str] = []
    chars = 0
    for text in texts:
        if chunk and (len(chunk) >= size or chars + len(text) > max_chars):
            yield chunk
            chunk, chars = [], 0
        chunk.append(text)
        chars += len(text)
    if chunk:
        yield chunk
