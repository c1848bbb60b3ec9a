"""The ``newsflow_quotes`` spaCy component: the quote rules (and the tagger's additions)
written to the Doc.

Why on the Doc: ``nlp.pipe(n_process=N)`` runs every component in its worker processes
and sends each Doc back as bytes, span groups and user data (``doc._``) included; so the
rules run in the workers too and their results come back with the Doc, as plain
msgpack-serialisable lists.

What it writes: ``doc._.newsflow_quotes`` (one list per Quote, fields in
``QUOTE_FIELDS`` order), and span groups for spaCy users — ``quote_content`` (one span
per content piece, labelled with the kind), ``quote_speaker`` (labelled with the
speaker label, or SPEAKER), ``quote_cue`` (labelled CUE). Spans are the offsets
widened to whole tokens; the exact character offsets are in the extension.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..entities import doc_entities
from .acts_not_speech import drop_acts
from .confidence import calibrate
from .extract import extract_with_state
from .named_not_said import drop_named_things
from .records import Quote
from .trust import apply_trust
from .unlikely import drop_not_said

QUOTES_COMPONENT = "newsflow_quotes"
CONTENT_KEY, SPEAKER_KEY, CUE_KEY = "quote_content", "quote_speaker", "quote_cue"
QUOTE_FIELDS = tuple(f.name for f in fields(Quote))
_SPANS_AT = QUOTE_FIELDS.index("spans")


def quote_to_data(q: Quote) -> list:
    """One quote as a plain list (tuples become lists: msgpack has no tuples)."""
    data = [getattr(q, f) for f in QUOTE_FIELDS]
    data[_SPANS_AT] = [[s, e] for s, e in q.spans]
    return data


def quote_from_data(data: Sequence) -> Quote:
    """The inverse of :func:`quote_to_data`."""
    values = list(data)
    values[_SPANS_AT] = [(s, e) for s, e in values[_SPANS_AT]]
    return Quote(*values)


def doc_quotes(doc: Doc) -> list[Quote] | None:
    """The quotes the component stored on ``doc``, or None when it did not run on it."""
    if not Doc.has_extension(QUOTES_COMPONENT):
        return None
    data = doc._.newsflow_quotes
    return None if data is None else [quote_from_data(d) for d in data]


@Language.factory(QUOTES_COMPONENT, default_config={"calibrate": True})
def make_quotes_component(nlp: Language, name: str, calibrate: bool) -> QuotesComponent:
    """``nlp.add_pipe("newsflow_quotes")`` after ``newsflow_entities`` (and the tagger);
    ``calibrate`` False keeps the rules' own confidence values (what the calibration is fitted on)."""
    return QuotesComponent(calibrate=calibrate)


class QuotesComponent:
    """Runs the quote rules over a Doc, lets ``combine`` add the tagger's attributions
    when the tagger ran, and stores the result on the Doc."""

    def __init__(self, calibrate: bool = True) -> None:
        self.calibrate = calibrate
        if not Doc.has_extension(QUOTES_COMPONENT):
            Doc.set_extension(QUOTES_COMPONENT, default=None)

    def __call__(self, doc: Doc) -> Doc:
        """Quotes of one Doc, stored as ``doc._.newsflow_quotes`` and span groups."""
        from ..combine import combine
        from ..tagger_spans import MODEL_SPANS_KEY

        quotes, state = extract_with_state(doc, doc_entities(doc))
        if MODEL_SPANS_KEY in doc.spans:
            quotes = combine(doc, quotes, state)
        quotes = apply_trust(drop_acts(drop_not_said(drop_named_things(quotes, doc), doc), doc), doc)
        if self.calibrate:
            quotes = calibrate(quotes, doc)
        doc._.newsflow_quotes = [quote_to_data(q) for q in quotes]
        write_span_groups(doc, quotes)
        return doc


def write_span_groups(doc: Doc, quotes: Sequence[Quote]) -> None:
    """``quote_content`` / ``quote_speaker`` / ``quote_cue`` span groups, in quote order."""
    content: list[Span] = []
    speakers: list[Span] = []
    cues: list[Span] = []
    for q in quotes:
        for s, e in q.pieces():
            span = doc.char_span(s, e, label=q.kind, alignment_mode="expand")
            if span is not None:
                content.append(span)
        if q.speaker_start is not None and q.speaker_end is not None:
            span = doc.char_span(q.speaker_start, q.speaker_end, label=q.speaker_label or "SPEAKER",
                                 alignment_mode="expand")
            if span is not None:
                speakers.append(span)
        if q.cue_start is not None and q.cue_end is not None:
            span = doc.char_span(q.cue_start, q.cue_end, label="CUE", alignment_mode="expand")
            if span is not None:
                cues.append(span)
    doc.spans[CONTENT_KEY] = content
    doc.spans[SPEAKER_KEY] = speakers
    doc.spans[CUE_KEY] = cues
