"""Speed-ups that must not change what the NLP stage finds: Doc.text read once per Doc, the
tagger's matrix products through numpy's BLAS (one thread)."""

from __future__ import annotations

import gc

import numpy
from thinc.api import NumpyOps

from newsflow.nlp.doctext import _TEXTS, doc_text
from newsflow.nlp.model import TAGGER_COMPONENT, get_nlp
from newsflow.nlp.tagger.blas import single_blas_thread

TEXT = ("“We will not back down,” John Kerry said on Monday.\n\n"
        "He added that the talks in Geneva would go on, according to officials.")


def test_doc_text_is_joined_once_and_forgotten_with_the_doc() -> None:
    nlp = get_nlp()
    doc = nlp.make_doc(TEXT)
    first = doc_text(doc)
    assert first == doc.text == TEXT
    assert doc_text(doc) is first  # the cached string, not a new join
    n = len(_TEXTS)
    del doc
    gc.collect()
    assert len(_TEXTS) == n - 1


def test_tagger_runs_on_numpy_gemm_with_the_same_predictions() -> None:
    nlp = get_nlp()
    if TAGGER_COMPONENT not in nlp.pipe_names:
        return
    tagger = nlp.get_pipe(TAGGER_COMPONENT)
    assert all(type(node.ops) is NumpyOps and not node.ops.use_blis for node in tagger.model.walk())
    docs = list(nlp.pipe([TEXT, "Officials said the bridge would reopen soon."],
                         disable=[TAGGER_COMPONENT, "newsflow_quotes"]))
    fast = tagger.predict(docs)
    saved = {id(node): node.ops for node in tagger.model.walk()}
    try:
        for node in tagger.model.walk():
            node.ops = NumpyOps()  # thinc's default: blis
        slow = tagger.predict(docs)
    finally:
        for node in tagger.model.walk():
            node.ops = saved[id(node)]
    for a, b in zip(fast, slow, strict=True):
        assert (a.argmax(axis=1) == b.argmax(axis=1)).all()
        assert numpy.abs(a - b).max() < 1e-4


def test_single_blas_thread_leaves_products_unchanged() -> None:
    x = numpy.arange(12, dtype="f").reshape(3, 4)
    with single_blas_thread():
        inside = x @ x.T
    assert (inside == x @ x.T).all()
