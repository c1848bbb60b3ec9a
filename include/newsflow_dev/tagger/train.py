"""Train the attribution tagger: ``python -m newsflow_dev.tagger.train``.

Why a loop of our own instead of ``spacy train``: the examples must keep the base
model's annotations (TAG, DEP, ENT_TYPE) on the predicted side, which ``spacy train``'s
corpus reader drops (it re-tokenises the reference text). Everything else is spaCy's:
the config, the optimizer, ``nlp.update``, ``nlp.to_disk``.

``--holdout N`` keeps the last N sorted articles out of training and scores the model on
them after every epoch: that is how settings are chosen (never on dev). The shipped
model is trained on the whole split with ``--holdout 0`` and the chosen epoch count.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from newsflow.nlp.tagger import CONFIG_PATH, MODEL_DIR
from newsflow_dev.tagger.corpus import BIO_KEY, ID_KEY, build, data_sha256, read

DEFAULT_DATA = Path("../shared/data/polnear/train")
DEFAULT_CORPUS = Path(".cache/attribution/train.spacy")
#: What the saved pipeline says about itself (meta.json).
META = {
    "name": "newsflow_attribution",
    "version": "1.0.0",
    "description": "SOURCE / CUE / CONTENT BIO tagger for attributions (who said what), "
                   "sourced after the base model's ner; writes doc.spans['attribution_model'].",
    "sources": [{"name": "PolNeAR (train split, 840 articles)",
                 "url": "https://github.com/networkdynamics/PolNeAR",
                 "author": "Newell, Margolin & Ruths (2018)"}],
}


def _examples(docs: list, nlp: object) -> list:
    from spacy.training import Example

    return [Example.from_dict(d, {"tags": d.user_data[BIO_KEY]}) for d in docs]


def token_scores(nlp: object, examples: list) -> dict:
    """Per-role token F1 on held-out examples (a cheap per-epoch signal)."""
    from collections import Counter

    pipe = nlp.get_pipe("attribution_tagger")
    docs = [eg.predicted.copy() for eg in examples]
    scores = pipe.predict(docs)
    labels = pipe.labels
    c: Counter = Counter()
    for eg, probs in zip(examples, scores, strict=True):
        ids = probs.argmax(axis=1)
        gold = eg.reference
        for tok, i in zip(gold, ids, strict=True):
            g = tok.tag_.partition("-")[2] or "O"
            p = labels[int(i)].partition("-")[2] or "O"
            c[("gold", g)] += 1
            c[("pred", p)] += 1
            if g == p:
                c[("tp", g)] += 1
    out = {}
    for role in ("SOURCE", "CUE", "CONTENT"):
        p = c[("tp", role)] / c[("pred", role)] if c[("pred", role)] else 0.0
        r = c[("tp", role)] / c[("gold", role)] if c[("gold", role)] else 0.0
        out[role] = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return out


def train(
    data: Path, corpus: Path, out: Path | None, holdout: int = 0, epochs: int | None = None,
    config_path: Path = CONFIG_PATH, log: Path | None = None, checkpoints: Path | None = None,
) -> dict:
    """Train from the (cached) pre-annotated corpus; save to ``out``; return the run's record."""
    import spacy
    from spacy import util

    t0 = time.perf_counter()
    if not corpus.exists():
        build(data, corpus)
    built_s = time.perf_counter() - t0
    config = util.load_config(config_path, interpolate=True)
    seed = int(config["training"]["seed"])
    util.fix_random_seed(seed)
    nlp = util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.meta.update(META)
    tcfg = config["training"]
    n_epochs = int(epochs or tcfg["max_epochs"])
    docs = sorted(read(corpus, nlp.vocab), key=lambda d: d.user_data[ID_KEY])
    train_docs, held_docs = (docs[:-holdout], docs[-holdout:]) if holdout else (docs, [])
    train_ex, held_ex = _examples(train_docs, nlp), _examples(held_docs, nlp)
    from spacy.util import registry

    resolved = registry.resolve({"o": tcfg["optimizer"], "b": tcfg["batcher"]})
    optimizer, batcher = resolved["o"], resolved["b"]
    nlp.initialize(lambda: train_ex, sgd=optimizer)
    rng = random.Random(seed)
    history = []
    for epoch in range(1, n_epochs + 1):
        te = time.perf_counter()
        rng.shuffle(train_ex)
        losses: dict = {}
        for batch in batcher(train_ex):
            nlp.update(batch, drop=float(tcfg["dropout"]), sgd=optimizer, losses=losses)
        row = {"epoch": epoch, "loss": round(losses.get("attribution_tagger", 0.0), 1),
               "seconds": round(time.perf_counter() - te, 1)}
        if held_ex:
            with nlp.use_params(optimizer.averages):
                row["holdout_token_f1"] = token_scores(nlp, held_ex)
        history.append(row)
        print(json.dumps(row), flush=True)
        if log:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(row) + "\n")
        keep = checkpoints or (out if held_ex else None)
        if keep:  # every epoch kept, to score on the slice (constant rate: epoch N == --epochs N)
            Path(keep).mkdir(parents=True, exist_ok=True)
            with nlp.use_params(optimizer.averages):
                nlp.to_disk(Path(keep) / f"epoch{epoch}")
    record = {
        "spacy": spacy.__version__,
        "data": str(data),
        "data_sha256": data_sha256(data),
        "articles": len(train_docs),
        "held_out": len(held_docs),
        "seed": seed,
        "epochs": n_epochs,
        "config": config.to_str(),
        "corpus_build_seconds": round(built_s, 1),
        "train_seconds": round(time.perf_counter() - t0 - built_s, 1),
        "history": history,
    }
    if out and not held_ex:
        Path(out).mkdir(parents=True, exist_ok=True)
        with nlp.use_params(optimizer.averages):
            nlp.to_disk(out)
        (Path(out) / "training.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record


def main(argv: list[str] | None = None) -> int:
    """Command line entry (``make train-attribution``)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PolNeAR train split folder")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="pre-annotated DocBin cache")
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="where the pipeline is saved")
    ap.add_argument("--holdout", type=int, default=0, help="last N sorted articles held out (selection)")
    ap.add_argument("--epochs", type=int, default=None, help="override training.max_epochs")
    ap.add_argument("--config", type=Path, default=CONFIG_PATH)
    ap.add_argument("--log", type=Path, default=None, help="append per-epoch JSON lines here")
    ap.add_argument("--checkpoints", type=Path, default=None, help="also save every epoch here")
    args = ap.parse_args(argv)
    if not (args.data / "text").is_dir():
        print(f"{args.data}/text not found: pass --data PATH/TO/polnear/train", file=sys.stderr)
        return 2
    rec = train(args.data, args.corpus, args.out, args.holdout, args.epochs, args.config, args.log, args.checkpoints)
    print(json.dumps({k: v for k, v in rec.items() if k not in ("config", "history")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
