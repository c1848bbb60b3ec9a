"""Score rules, model and their combination on a held-out slice of PolNeAR train.

Why: settings (epochs, features, combination policy) are chosen here, on the last
``--holdout`` sorted train articles the slice model never saw, and never on dev. It
scores with the harness's own functions (``shared/tools/eval_quotes.py``, passed by
path) so the figures mean what the dev figures mean.

    python -m newsflow_dev.tagger.selection --model /tmp/slice/epoch8 --holdout 140
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import itertools
import json
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

from newsflow.nlp.combine import Policy, combine, model_quotes
from newsflow_dev.tagger.corpus import ID_KEY, read

DEFAULT_HARNESS = Path("../shared/tools/eval_quotes.py")


def load_harness(path: Path) -> Any:  # noqa: ANN401 (a module)
    """The PolNeAR harness as a module (it is a script outside the package)."""
    spec = importlib.util.spec_from_file_location("eval_quotes", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_quotes"] = mod
    spec.loader.exec_module(mod)
    return mod


def as_pred(q: Any) -> dict:  # noqa: ANN401
    """A Quote as the harness's prediction dict (as ``newsflow.nlp.eval`` does)."""
    return {"start": q.start, "end": q.end,
            "spans": [list(p) for p in q.spans] if len(q.spans) > 1 else None,
            "speaker_start": q.speaker_start, "speaker_end": q.speaker_end,
            "speaker": q.speaker, "kind": q.kind}


def summary(res: dict) -> dict:
    """The figures the issue's targets name."""
    return {
        "direct_f1": res["direct"]["f1"], "all_f1": res["content"]["f1"],
        "all_p": res["content"]["precision"], "all_r": res["content"]["recall"],
        "exact_f1": res["content_exact"]["f1"], "speaker_acc": res["speaker"]["lenient_acc"],
        "recall": {t: r["recall"] for t, r in res["recall_by_type"].items()},
    }


def _load_rules(spec: str) -> Any:  # noqa: ANN401
    mod_name, _, fn = spec.partition(":")
    if mod_name.endswith(".py"):
        s = importlib.util.spec_from_file_location(Path(mod_name).stem, mod_name)
        mod = importlib.util.module_from_spec(s)
        sys.modules[Path(mod_name).stem] = mod
        s.loader.exec_module(mod)
    else:
        mod = importlib.import_module(mod_name)
    return getattr(mod, fn)


def run(args: argparse.Namespace) -> dict:
    """Score every system on the slice; returns {system: summary}."""
    import spacy

    from newsflow.nlp.entities import extract_entities

    harness = load_harness(args.harness)
    rules = _load_rules(args.rules)
    model_nlp = spacy.load(args.model)
    tagger = model_nlp.get_pipe("attribution_tagger")
    docs = sorted(read(args.corpus, model_nlp.vocab), key=lambda d: d.user_data[ID_KEY])
    held = docs[-args.holdout:]
    ids = {d.user_data[ID_KEY] for d in held}
    articles, _ = harness.load_split(Path(args.data), "train")
    articles = [a for a in articles if a["id"] in ids]
    rows = []
    cache = []
    for doc in tagger.pipe(held):
        text = doc.text
        got = rules(doc, extract_entities(doc, text), text)
        # extract_with_state gives (quotes, state): combine resolves sources as analysis does
        rq, state = got if isinstance(got, tuple) else (got, None)
        cache.append((doc, rq, state))
    texts = {a["id"]: a["text"] for a in articles}

    def score(preds: dict) -> dict:
        robust: Counter = Counter()
        norm = {aid: harness.normalize(lst, texts[aid], robust) for aid, lst in preds.items()}
        res = summary(harness.evaluate(articles, norm, 0.5, []))
        res["invalid"] = sum(v for k, v in robust.items() if k.startswith("invalid:"))
        return res

    rows.append({"system": "rules", **score({d.user_data[ID_KEY]: [as_pred(q) for q in rq]
                                             for d, rq, _ in cache})})
    for pol in grid(args.grid):
        if args.with_model:
            model = {d.user_data[ID_KEY]: [as_pred(q) for q in model_quotes(d, st, pol)] for d, _, st in cache}
            rows.append({"system": "model", "policy": asdict(pol), **score(model)})
        both = {d.user_data[ID_KEY]: [as_pred(q) for q in combine(d, list(rq), st, pol)]
                for d, rq, st in cache}
        rows.append({"system": "combined", "policy": asdict(pol), **score(both)})
    return rows


#: how far below the rules' speaker accuracy a combination may sit: every pair the tagger
#: adds enters the denominator, and about 4 of the slice's ~1,900 pairs are noise
SPEAKER_SLACK = 0.002


def choose(rows: list[dict]) -> dict | None:
    """The shipped policy's row: the best combined all-F1 among the policies whose exact
    content F1 is not below the rules alone and whose speaker accuracy is within
    ``SPEAKER_SLACK`` of it, ties broken by speaker accuracy, then exact F1, then towards
    the first policy of the grid (its stricter speaker filters come first; None: no such
    policy).

    Why this criterion: the combination must not trade the rules' extents or speakers for
    recall (round 1's policy lost both). Round 3: once the rules' speakers improved, no
    policy kept speaker accuracy strictly (best 0.9387 vs 0.9388), hence the slack.
    """
    rules = next(r for r in rows if r["system"] == "rules")
    ok = [r for r in rows if r["system"] == "combined"
          and r["speaker_acc"] >= rules["speaker_acc"] - SPEAKER_SLACK
          and r["exact_f1"] >= rules["exact_f1"]]
    best = None
    for r in ok:  # first of equals wins
        key = (r["all_f1"], r["speaker_acc"], r["exact_f1"])
        if best is None or key > best[0]:
            best = (key, r)
    return best[1] if best else None


def grid(name: str) -> list[Policy]:
    """The policies tried: ``default`` alone, round 1's ``narrow`` / ``full`` grids (the
    round-2 knobs off), or round 2's ``speakers`` grid."""
    if name == "default":
        return [Policy()]
    if name == "narrow":
        return [Policy(min_conf=mc, gap_tokens=g, require_source=rs, max_overlap=mo, speaker="any",
                       source="nearest", same_sentence=False, fill_speakers="none", extent_conf=0.0,
                       min_tokens=4)
                for mc, g, rs, mo in itertools.product((0.6, 0.75, 0.85), (6, 10), (False, True), (0.0, 0.3))]
    if name == "speakers":
        # round 2: speakers and extents (gap 6, overlap 0.3, no veto: round 1's choice)
        return [Policy(fill_speakers=fill, extent_conf=ext, source=src, speaker=spk, same_sentence=ss,
                       min_conf=mc, min_tokens=mt)
                for fill, ext, src, spk, ss, mc, mt in itertools.product(
                    ("none", "missing", "anon"), (0.0, 0.8, 0.9), ("nearest", "syntax"),
                    ("named", "resolved", "any"), (False, True), (0.75, 0.8, 0.85, 0.9), (3, 4))]
    off = {"speaker": "any", "source": "nearest", "same_sentence": False, "fill_speakers": "none",
           "extent_conf": 0.0, "min_tokens": 4}
    return [Policy(min_conf=mc, gap_tokens=g, require_source=rs, max_overlap=mo, veto_share=v, **off)
            for mc, g, rs, mo, v in itertools.product((0.6, 0.75), (3, 6), (False, True), (0.0, 0.3),
                                                      (0.0, 0.1, 0.3))]


def main(argv: list[str] | None = None) -> int:
    """Command line entry."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True, help="a slice-trained pipeline")
    ap.add_argument("--corpus", type=Path, default=Path(".cache/attribution/train.spacy"))
    ap.add_argument("--data", type=Path, default=Path("../shared/data/polnear"), help="PolNeAR folder")
    ap.add_argument("--holdout", type=int, default=140)
    ap.add_argument("--harness", type=Path, default=DEFAULT_HARNESS)
    ap.add_argument("--grid", default="speakers", choices=["default", "narrow", "full", "speakers"])
    ap.add_argument("--with-model", action="store_true", help="also score the model's quotes alone")
    ap.add_argument("--json", type=Path, default=None, help="write every row here")
    ap.add_argument("--rules", default="newsflow.nlp.quotes.extract:extract_with_state",
                    help="MODULE:FUNC(doc, entities, text) -> quotes or (quotes, state); or path/file.py:FUNC")
    args = ap.parse_args(argv)
    rows = run(args)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    best = choose(rows)
    rows.sort(key=lambda r: -r["all_f1"])
    for r in rows[:25]:
        print(json.dumps(r))
    print("chosen:", json.dumps(best))
    return 0


if __name__ == "__main__":
    sys.exit(main())
