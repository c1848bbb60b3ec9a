"""The ``attribution_tagger`` spaCy component: a BIO tagger whose output is span groups.

Why a Tagger subclass: spaCy's tagger trains a softmax per token on its own tok2vec and
is cheap at run time, but it writes ``token.tag_``, which the rules read (the base
model's Penn tags). This one leaves the tags alone and writes
``doc.spans["attribution_model"]`` (SOURCE / CUE / CONTENT) instead.
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.language import Language
from spacy.pipeline.tagger import Tagger
from spacy.tokens import Doc, Span, SpanGroup
from thinc.api import Model, NumpyOps

from .blas import single_blas_thread
from .polnear import role_spans

FACTORY = "attribution_tagger"
SPANS_KEY = "attribution_model"


class AttributionTagger(Tagger):
    """A per-token SOURCE/CUE/CONTENT BIO tagger that writes span groups, not tags.

    ``doc.spans[SPANS_KEY].attrs["confidence"]`` holds each span's mean label
    probability, in span order, for the combination's thresholds.
    """

    def predict(self, docs: Any) -> list:  # noqa: ANN401
        """Per-doc label probabilities (rows of a softmax), not only the arg-max."""
        n_labels = len(self.labels)
        if not any(len(doc) for doc in docs):
            return [numpy.zeros((len(doc), n_labels), dtype="f") for doc in docs]
        out = []
        with single_blas_thread():
            predicted = self.model.predict(docs)
        for scores in predicted:
            arr = numpy.asarray(self.model.ops.to_numpy(scores), dtype="f")
            arr = numpy.exp(arr - arr.max(axis=1, keepdims=True)) if len(arr) else arr
            out.append(arr / arr.sum(axis=1, keepdims=True) if len(arr) else arr)
        return out

    def set_annotations(self, docs: Any, batch_scores: Any) -> None:  # noqa: ANN401
        """Turn each doc's label probabilities into ``doc.spans[SPANS_KEY]``."""
        if isinstance(docs, Doc):
            docs = [docs]
        labels = self.labels
        for doc, probs in zip(docs, batch_scores, strict=True):
            ids = probs.argmax(axis=1) if len(probs) else []
            # an ndarray of row maxima; [] only for an empty doc, which has no spans to slice
            best: Any = probs.max(axis=1) if len(probs) else []
            seq = [labels[int(i)] for i in ids]
            found = role_spans(seq)
            conf = [round(float(best[s:e].mean()), 3) for _, s, e in found]
            doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, attrs={"confidence": conf},
                                             spans=[Span(doc, s, e, label=r) for r, s, e in found])

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
    use_numpy_gemm(model)
    return AttributionTagger(nlp.vocab, model, name, overwrite=overwrite, scorer=None,
                             neg_prefix=neg_prefix, label_smoothing=label_smoothing)


def use_numpy_gemm(model: Model) -> None:
    """Matrix products through numpy's BLAS instead of thinc's bundled blis (CPU only).

    Why: the tagger's cost is its matrix products (the embed's mixing layer and four
    encoder layers), and on the machines measured numpy's OpenBLAS ran them about three
    times faster than blis (``bench nlp``). The base model's components keep their ops.
    """
    for node in model.walk():
        if type(node.ops) is NumpyOps and getattr(node.ops, "use_blis", False):
            node.ops = NumpyOps(use_blis=False)
