"""The ``attribution_tagger`` spaCy component: a BIO tagger whose output is span groups.

Why a Tagger subclass: spaCy's tagger trains a softmax per token on its own tok2vec and
is cheap at run time, but it writes ``token.tag_``, which the rules read (the base
model's Penn tags). This one leaves the tags alone and writes
``doc.spans["attribution_model"]`` (SOURCE / CUE / CONTENT) instead.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.pipeline.tagger import Tagger
from spacy.tokens import Doc, Span
from thinc.api import Model

from .polnear import role_spans

FACTORY = "attribution_tagger"
SPANS_KEY = "attribution_model"


class AttributionTagger(Tagger):
    """A per-token SOURCE/CUE/CONTENT BIO tagger that writes span groups, not tags."""

    def set_annotations(self, docs: Any, batch_tag_ids: Any) -> None:  # noqa: ANN401
        """Turn each doc's label ids into ``doc.spans[SPANS_KEY]``."""
        if isinstance(docs, Doc):
            docs = [docs]
        labels = self.labels
        for doc, tag_ids in zip(docs, batch_tag_ids, strict=True):
            if hasattr(tag_ids, "get"):
                tag_ids = tag_ids.get()
            seq = [labels[int(i)] for i in tag_ids]
            doc.spans[SPANS_KEY] = [Span(doc, s, e, label=r) for r, s, e in role_spans(seq)]

    def score(self, examples: Any, **kwargs: Any) -> dict:  # noqa: ANN401
        """No token-tag score: the spans are scored by the PolNeAR harness instead."""
        return {}


@Language.factory(
    FACTORY,
    assigns=["doc.spans"],
    default_config={"overwrite": False, "neg_prefix": "!", "label_smoothing": 0.0},
)
def make_attribution_tagger(
    nlp: Language, name: str, model: Model, overwrite: bool, neg_prefix: str,
    label_smoothing: float,
) -> AttributionTagger:
    """Factory registered under ``attribution_tagger`` (the saved artefact's component)."""
    return AttributionTagger(nlp.vocab, model, name, overwrite=overwrite, scorer=None,
                             neg_prefix=neg_prefix, label_smoothing=label_smoothing)
