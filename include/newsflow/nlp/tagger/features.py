"""Clause-level features for the attribution tagger (registered as a spaCy architecture).

Why: a CNN over tokens sees a few words either side, but a reported clause can run for
forty. The parse already knows which clause a token sits in and which verb governs it;
giving every token "my clause is the ccomp of *say*" (and whether it sits inside quote
marks) lets a cheap tagger mark whole clauses. Everything here reads the base model's
annotations, so it costs a pass over the tokens, not a network.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    HashEmbed,
    Maxout,
    Model,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    with_array,
)

_CLAUSE_POS = frozenset({"VERB", "AUX"})
_AUX_DEPS = frozenset({"aux", "auxpass"})
_OPEN, _CLOSE, _TOGGLE = "“«„", "”»", '"'
N_EXTRA = 4


def _clause_heads(doc: Doc) -> list[int]:
    """Index of each token's clause head: the nearest verb (or the root) at or above it."""
    out = [-1] * len(doc)
    for tok in doc:
        path = []
        cur = tok
        while out[cur.i] < 0 and len(path) < 40:
            path.append(cur.i)
            if (cur.pos_ in _CLAUSE_POS and cur.dep_ not in _AUX_DEPS) or cur.head.i == cur.i:
                break
            cur = cur.head
        head = out[cur.i] if out[cur.i] >= 0 else cur.i
        for i in path:
            out[i] = head
    return out


def clause_features(doc: Doc) -> numpy.ndarray:
    """Per token: own dep + clause head lemma, clause dep + governor, the clause above, in-quote."""
    n = len(doc)
    arr = numpy.zeros((n, N_EXTRA), dtype="uint64")
    if not n:
        return arr
    heads = _clause_heads(doc)
    inside = False
    for tok in doc:
        ch = doc[heads[tok.i]]
        gov = ch.head
        up = doc[heads[gov.i]] if gov.i != ch.i else ch
        text = tok.text
        if "\n" in text:
            inside = False
        if text in _OPEN or (text == _TOGGLE and not inside):
            mark, inside = "open", True
        elif text in _CLOSE or text == _TOGGLE:
            mark, inside = "close", False
        else:
            mark = "in" if inside else "out"
        arr[tok.i, 0] = get_string_id(f"{tok.dep_}|{ch.lemma_}")
        arr[tok.i, 1] = get_string_id(f"{ch.dep_}|{gov.lemma_ if gov.i != ch.i else '-'}")
        arr[tok.i, 2] = get_string_id(f"{up.dep_}|{up.head.lemma_ if up.head.i != up.i else '-'}")
        arr[tok.i, 3] = get_string_id(mark)
    return arr


def _extract_forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list, Callable]:
    attrs = model.attrs["columns"]
    out = []
    for doc in docs:
        base = doc.to_array(attrs).reshape((len(doc), len(attrs))).astype("uint64")
        out.append(model.ops.asarray2i(numpy.hstack([base, clause_features(doc)]), dtype="uint64"))
    return out, lambda d: []


@registry.architectures("newsflow.AttributionEmbed.v1")
def attribution_embed(width: int, attrs: list[str], rows: list[int], clause_rows: int) -> Model:
    """MultiHashEmbed's recipe over the token attributes plus the clause features."""
    extract = Model("attribution_features", _extract_forward, attrs={"columns": list(attrs)})
    all_rows = list(rows) + [clause_rows] * N_EXTRA
    embeddings = [HashEmbed(width, r, column=i, seed=8 + i, dropout=0.0) for i, r in enumerate(all_rows)]
    max_out = with_array(Maxout(width, width * len(embeddings), nP=3, dropout=0.0, normalize=True))
    return chain(extract, list2ragged(), with_array(concatenate(*embeddings)), max_out, ragged2list())
