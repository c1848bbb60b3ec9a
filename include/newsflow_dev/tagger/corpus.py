"""Pre-annotate PolNeAR once with the base pipeline and keep it as a DocBin.

Why: the tagger's features (TAG, DEP, ENT_TYPE) come from the base model; parsing the
840 training articles once (a couple of minutes) instead of once per epoch keeps
``make train-attribution`` well under its hour. The gold BIO labels travel in each
doc's ``user_data`` so the DocBin alone rebuilds the training examples.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from newsflow.nlp.tagger.polnear import Article, load_split, token_roles

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, DocBin

BIO_KEY = "newsflow_attribution_bio"
ID_KEY = "newsflow_article_id"


def base_pipeline() -> Language:
    """A fresh base model as analysis runs it (paragraph starts before the parser), rules and tagger left out."""
    from newsflow.nlp.model import PARAGRAPH_COMPONENT, _load, model_name

    nlp = _load(model_name())  # a private copy: the shared one may hold our own component
    for name in list(nlp.pipe_names):
        if name.startswith(("newsflow", "attribution")) and name != PARAGRAPH_COMPONENT:
            nlp.remove_pipe(name)
    return nlp


def data_sha256(split_dir: Path | str) -> str:
    """One digest over every text and brat file of a split (names and bytes, sorted)."""
    split_dir = Path(split_dir)
    h = hashlib.sha256()
    for sub in ("text", "attributions"):
        for f in sorted((split_dir / sub).iterdir()):
            h.update(f"{sub}/{f.name}\0".encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def annotate(nlp: Language, articles: Iterable[Article], batch_size: int = 16) -> Iterable[Doc]:
    """Parsed docs carrying their gold BIO labels and article id in ``user_data``."""
    arts = list(articles)
    for art, doc in zip(arts, nlp.pipe((a.text for a in arts), batch_size=batch_size), strict=True):
        doc.user_data[BIO_KEY] = token_roles(doc, art.attributions)
        doc.user_data[ID_KEY] = art.id
        yield doc


def build(split_dir: Path | str, out: Path | str, nlp: Language | None = None) -> int:
    """Write the pre-annotated DocBin of a split to ``out``; returns the number of docs."""
    from spacy.tokens import DocBin

    nlp = nlp or base_pipeline()
    db = DocBin(store_user_data=True)
    n = 0
    for doc in annotate(nlp, load_split(split_dir)):
        db.add(doc)
        n += 1
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    return n


def read(path: Path | str, vocab: object) -> list[Doc]:
    """The docs of a DocBin written by :func:`build`."""
    from spacy.tokens import DocBin

    db: DocBin = DocBin(store_user_data=True).from_disk(path)
    return list(db.get_docs(vocab))
