"""Score rules, model and their combination on a held-out slice of PolNeAR train.

Why: settings (epochs, features, combination policy) are chosen here, on the last
``--holdout`` sorted train articles the slice model never saw, and never on dev. It
scores with the harness's own functions (``shared/tools/eval_quotes.py``, passed by
path) so the figures mean what the dev figures mean.

    python -m newsflow.nlp.tagger.selection --model /tmp/slice/epoch8 --holdout 140
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

from ..combine import Policy, combine, model_quotes
from .corpus import ID_KEY, read

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

    from ..entities import extract_entities

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
        rq = rules(doc, extract_entities(doc, text), text)
        cache.append((doc, rq))
    texts = {a["id"]: a["text"] for a in articles}

    def score(preds: dict) -> dict:
        robust: Counter = Counter()
        norm = {aid: harness.normalize(lst, texts[aid], robust) for aid, lst in preds.items()}
        res = summary(harness.evaluate(articles, norm, 0.5, []))
        res["invalid"] = sum(v for k, v in robust.items() if k.startswith("invalid:"))
        return res

    rows.append({"system": "rules", **score({d.user_data[ID_KEY]: [as_pred(q) for q in rq]
                                             for d, rq in cache})})
    for pol in grid(args.grid):
        model = {d.user_data[ID_KEY]: [as_pred(q) for q in model_quotes(d, None, pol)] for d, _ in cache}
        both = {d.user_data[ID_KEY]: [as_pred(q) for q in combine(d, list(rq), None, pol)]
                for d, rq in cache}
        rows.append({"system": "model", "policy": asdict(pol), **score(model)})
        rows.append({"system": "combined", "policy": asdict(pol), **score(both)})
    return rows


def grid(name: str) -> list[Policy]:
    """The policies tried: ``default`` alone or the ``full`` grid."""
    if name == "default":
        return [Policy()]
    if name == "narrow":
        return [Policy(min_conf=mc, gap_tokens=g, require_source=rs, max_overlap=mo)
                for mc, g, rs, mo in itertools.product((0.6, 0.75, 0.85), (6, 10), (False, True), (0.0, 0.3))]
    return [Policy(min_conf=mc, gap_tokens=g, require_source=rs, max_overlap=mo, veto_share=v)
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
    ap.add_argument("--grid", default="full", choices=["default", "narrow", "full"])
    ap.add_argument("--json", type=Path, default=None, help="write every row here")
    ap.add_argument("--rules", default="newsflow.nlp.quotes:extract_quotes",
                    help="MODULE:FUNC(doc, entities, text) or path/file.py:FUNC")
    args = ap.parse_args(argv)
    rows = run(args)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    rows.sort(key=lambda r: -r["all_f1"])
    for r in rows[:25]:
        print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
