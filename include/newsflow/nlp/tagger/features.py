"""Clause-level features for the attribution tagger (registered as a spaCy architecture).

Why: a CNN over tokens sees a few words either side, but a reported clause can run for
forty. The parse already knows which clause a token sits in and which verb governs it;
giving every token "my clause is the ccomp of *say*" (and whether it sits inside quote
marks) lets a cheap tagger mark whole clauses. Everything here reads the base model's
annotations, so it costs a pass over the tokens, not a network.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, ORTH, POS
from spacy.parts_of_speech import AUX, VERB
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

if TYPE_CHECKING:  # pragma: no cover
    from thinc.types import Floats2d, Ints2d, Ragged

_CLAUSE_POS_IDS = frozenset({VERB, AUX})
_AUX_DEP_IDS = frozenset({get_string_id("aux"), get_string_id("auxpass")})
_MASK = (1 << 64) - 1  # to_array's int64 view of uint64 hashes, back to the hash
_sid = functools.lru_cache(maxsize=65536)(get_string_id)
_OPEN, _CLOSE, _TOGGLE = "“«„", "”»", '"'
N_EXTRA = 4


def _clause_heads(heads: list[int], pos: list[int], dep: list[int]) -> list[int]:
    """Index of each token's clause head: the nearest verb (or the root) at or above it."""
    out = [-1] * len(heads)
    for i in range(len(heads)):
        path: list[int] = []
        cur = i
        while out[cur] < 0 and len(path) < 40:
            path.append(cur)
            if (pos[cur] in _CLAUSE_POS_IDS and dep[cur] not in _AUX_DEP_IDS) or heads[cur] == cur:
                break
            cur = heads[cur]
        head = out[cur] if out[cur] >= 0 else cur
        for j in path:
            out[j] = head
    return out


def clause_features(doc: Doc) -> numpy.ndarray:
    """Per token: own dep + clause head lemma, clause dep + governor, the clause above, in-quote.

    Read through ``Doc.to_array`` and the string store, not Token objects: this runs on
    every document the pipeline sees.
    """
    n = len(doc)
    arr = numpy.zeros((n, N_EXTRA), dtype="uint64")
    if not n:
        return arr
    cols = doc.to_array([HEAD, DEP, POS, LEMMA, ORTH]).astype("int64")
    heads = (cols[:, 0] + numpy.arange(n)).tolist()
    dep_ids, pos_ids = cols[:, 1].tolist(), cols[:, 2].tolist()
    strings = doc.vocab.strings
    dep = [strings[int(x) & _MASK] for x in dep_ids]
    lemma = [strings[int(x) & _MASK] for x in cols[:, 3].tolist()]
    orth = [strings[int(x) & _MASK] for x in cols[:, 4].tolist()]
    chs = _clause_heads(heads, pos_ids, [int(x) & _MASK for x in dep_ids])
    inside = False
    for i in range(n):
        ch = chs[i]
        gov = heads[ch]
        up = chs[gov] if gov != ch else ch
        text = orth[i]
        if "\n" in text:
            inside = False
        if text in _OPEN or (text == _TOGGLE and not inside):
            mark, inside = "open", True
        elif text in _CLOSE or text == _TOGGLE:
            mark, inside = "close", False
        else:
            mark = "in" if inside else "out"
        arr[i, 0] = _sid(f"{dep[i]}|{lemma[ch]}")
        arr[i, 1] = _sid(f"{dep[ch]}|{lemma[gov] if gov != ch else '-'}")
        arr[i, 2] = _sid(f"{dep[up]}|{lemma[heads[up]] if heads[up] != up else '-'}")
        arr[i, 3] = _sid(mark)
    return arr


def _extract_forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list, Callable]:
    attrs = model.attrs["columns"]
    out = []
    for doc in docs:
        base = doc.to_array(attrs).reshape((len(doc), len(attrs))).astype("uint64")
        feats = cast("Ints2d", numpy.hstack([base, clause_features(doc)]))  # uint64 hashes: ints
        out.append(model.ops.asarray2i(feats, dtype="uint64"))
    return out, lambda d: []


@registry.architectures("newsflow.AttributionEmbed.v1")
def attribution_embed(width: int, attrs: list[str], rows: list[int], clause_rows: int) -> Model:
    """MultiHashEmbed's recipe over the token attributes plus the clause features (v2 with
    tables as wide as the output)."""
    return attribution_embed_v2(width, attrs, rows, clause_rows, embed_width=width)


@registry.architectures("newsflow.AttributionEmbed.v2")
def attribution_embed_v2(width: int, attrs: list[str], rows: list[int], clause_rows: int,
                         embed_width: int) -> Model:
    """v1 with narrower tables (``embed_width`` each): the mixing layer is the embed's main cost."""
    extract: Model[list[Doc], list[Ints2d]] = Model(
        "attribution_features", _extract_forward, attrs={"columns": list(attrs)}
    )
    all_rows = list(rows) + [clause_rows] * N_EXTRA
    embeddings: list[Model[Ints2d, Floats2d]] = [
        HashEmbed(embed_width, r, column=i, seed=8 + i, dropout=0.0) for i, r in enumerate(all_rows)
    ]
    max_out: Model[Ragged, Ragged] = with_array(
        Maxout(width, embed_width * len(embeddings), nP=3, dropout=0.0, normalize=True)
    )
    return chain(extract, list2ragged(), with_array(concatenate(*embeddings)), max_out, ragged2list())
