"""Fit the quote confidence calibration (newsflow/nlp/quotes/calibration.json).

Why a tool: the rules' confidence values are ranks; the stored confidence must be the probability
that an attribution is right. This runs the real pipeline with the calibration off over PolNeAR
train and the real-world sets rules are chosen on (the selection half, the study and the fresh sets), labels every attribution against the gold (right = the
content overlaps a gold item with IoU >= 0.5, the speaker is right by the lenient check of
eval_attributions.py — on PolNeAR, which annotates mentions as written, also when the speaker
mention overlaps the annotated one — and the kind is speech for speech / stance for stance), fits a logistic
regression (L2, the two corpora weighted equally), cross-validates it by article (5 folds), prints
the reliability table and the precision of speech by threshold, and writes the weights and the
default threshold: the lowest at which cross-validated precision of speech on those real-world sets,
one standard error down, is >= the target under each of 10 fold assignments. Held-out data (the other real-world half, PolNeAR dev) is never read here.

Usage: python -m newsflow_dev.calibrate [--shared DIR] [--cache F] [--refit] [--write]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import math
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

from newsflow.nlp import cap_punctuation_runs, max_chars
from newsflow.nlp.model import RULES_VERSION, get_nlp
from newsflow.nlp.quotes.component import QUOTES_COMPONENT, doc_quotes
from newsflow.nlp.quotes.confidence import CALIBRATION_FILE, FEATURES, DocFacts, features
from newsflow.nlp.quotes.scores import DOUBTFUL
from newsflow.settings import PROJECT_ROOT

REALWORLD = PROJECT_ROOT / "tests" / "data" / "realworld"
#: The real-world gold sets the calibration may read (the held-out half never): 'study', 'fresh',
#: 'fresh2', 'fresh5' and 'fresh6' were annotated later, each from articles the rules of its time had
#: never met (fresh6: reviews, product pages and blogs among them).
REALWORLD_SETS = ("selection", "study", "fresh", "fresh2", "fresh5", "fresh6")
REAL = "real-world"
FOLDS = 5
#: Fold assignments the threshold must hold under (repeated cross-validation): one split of 20
#: articles into 5 folds moved the precision at a threshold by up to 0.02 either way.
REPEATS = 10
TARGET_PRECISION = 0.9
#: Standard errors of the precision estimate the target must hold below it: twice the held-out
#: half came in about 0.011 under the cross-validated precision at the threshold (0.913 -> 0.902,
#: 0.905 -> 0.894), one standard error of a precision near 0.9 over ~900 attributions (the rules
#: were chosen on these sets, so their cross-validated precision runs a little high).
MARGIN_SE = 1.0
L2 = 1.0
BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


@dataclass
class Row:
    """One attribution the rules produced, its features and whether it is right."""

    corpus: str
    article: str
    kind: str
    rule_confidence: float
    values: list[float]
    right: bool


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _fold(article: str, repeat: int = 0) -> int:
    key = article if repeat == 0 else f"{repeat}:{article}"
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % FOLDS


def _pred_spans(q) -> list[list[int]]:  # noqa: ANN001 (Quote)
    return [[s, e] for s, e in q.pieces()]


def _label(scorer: ModuleType, text: str, quotes: list, golds: list[dict]) -> list[bool]:
    """Greedy one-to-one matching by content IoU (best first), as the scorer does; a match is
    right when the speaker is right and speech met speech (stance met stance)."""
    preds = [{"spans": scorer.merge(_pred_spans(q)), "speaker": q.speaker or "",
              "speaker_span": [q.speaker_start, q.speaker_end] if q.speaker_start is not None else None}
             for q in quotes]
    pairs = sorted(((scorer.iou(p["spans"], g["_spans"]), pi, gi) for pi, p in enumerate(preds)
                    for gi, g in enumerate(golds)), reverse=True)
    right = [False] * len(preds)
    used_p: set[int] = set()
    used_g: set[int] = set()
    for v, pi, gi in pairs:
        if v < scorer.IOU_T or pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        same_class = (quotes[pi].kind == "stance") == (golds[gi]["kind"] == "stance")
        right[pi] = same_class and (scorer.speaker_lenient(preds[pi], golds[gi], text)
                                    or _same_mention(preds[pi]["speaker_span"], golds[gi].get("_source")))
    return right


def _same_mention(span: list[int] | None, source: list[list[int]] | None) -> bool:
    """PolNeAR annotates the source mention as written ('he'), not the person it stands for:
    there a speaker is right when its mention overlaps the annotated one (a resolved 'he' cannot
    match the name 'he'). The real-world gold names the fullest name, so it has no _source."""
    return bool(span and source) and any(span[0] < e and s < span[1] for s, e in source or [])


def _articles(shared: Path, quotes_tool: ModuleType, scorer: ModuleType) -> list[tuple[str, str, str, list[dict]]]:
    """(corpus, id, text, golds with _spans/kind/speaker_name/speaker_text) of both corpora."""
    out = []
    polnear, _ = quotes_tool.load_split(shared / "data" / "polnear", "train")
    for art in polnear:
        golds = [{"_spans": scorer.merge([list(f) for f in g["content"]]), "kind": "indirect",
                  "speaker_name": g["source_text"], "speaker_text": g["source_text"],
                  "_source": [list(f) for f in g["source"]]} for g in art["gold"]]
        out.append(("polnear-train", art["id"], art["text"], golds))
    texts = json.loads((shared / "data" / "zyte-aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for name in _realworld_sets():
        gold = json.loads((REALWORLD / f"gold-{name}.json").read_text(encoding="utf-8"))
        for art in gold["articles"]:
            text = texts[art["id"]]["articleBody"]
            golds = [{"_spans": scorer.merge(a["content"]), "kind": a["kind"], "speaker_name": a["speaker_name"] or "",
                      "speaker_text": text[a["speaker"][0]:a["speaker"][1]] if a.get("speaker") else ""}
                     for a in art["attributions"]]
            out.append((name, art["id"], text, golds))
    return out


def _realworld_sets() -> list[str]:
    return [name for name in REALWORLD_SETS if (REALWORLD / f"gold-{name}.json").exists()]


def _group(corpus: str) -> str:
    """The real-world sets count as one corpus: the calibration must hold on real news."""
    return REAL if corpus in REALWORLD_SETS else corpus


def collect(shared: Path) -> list[Row]:
    """Run the pipeline, calibration off, and label every attribution."""
    tools = shared / "tools"
    scorer = _load(tools / "eval_attributions.py", "_eval_attributions")
    quotes_tool = _load(tools / "eval_quotes.py", "_eval_quotes")
    nlp = get_nlp()
    nlp.get_pipe(QUOTES_COMPONENT).calibrate = False
    articles = [a for a in _articles(shared, quotes_tool, scorer) if len(a[2]) <= max_chars()]
    rows: list[Row] = []
    docs = nlp.pipe((cap_punctuation_runs(a[2]) for a in articles), batch_size=8)
    for (corpus, aid, text, golds), doc in zip(articles, docs, strict=True):
        quotes = doc_quotes(doc) or []
        facts = DocFacts.of(doc, quotes)
        for q, ok in zip(quotes, _label(scorer, text, quotes, golds), strict=True):
            rows.append(Row(corpus, aid, q.kind, q.confidence, features(q, doc, facts=facts), ok))
    return rows


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Weighted L2 logistic regression by Newton's method (the bias is not penalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(xb @ beta, -40, 40)))
        grad = xb.T @ (w * (p - y)) + penalty * beta
        hess = (xb * (w * p * (1 - p))[:, None]).T @ xb + np.diag(penalty) + 1e-9 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])


#: Candidate shares of the fit's weight on the real-world sets (the rest on PolNeAR train);
#: choose_share picks one by cross-validated log-loss.
SELECTION_SHARES = (0.25, 0.5, 0.75, 0.9)


def _arrays(rows: list[Row], share: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.array([r.values for r in rows])
    y = np.array([float(r.right) for r in rows])
    n_sel = sum(_group(r.corpus) == REAL for r in rows) or 1
    w = np.array([len(rows) * (share / n_sel if _group(r.corpus) == REAL else (1 - share) / max(1, len(rows) - n_sel))
                  for r in rows])
    return x, y, w


def cross_validated(rows: list[Row], share: float, repeat: int = 0) -> np.ndarray:
    """Each row's probability from the model fitted on the other folds (by article), a doubted
    one capped at DOUBTFUL as ``confidence.calibrate`` caps it: what a user would see."""
    x, y, w = _arrays(rows, share)
    folds = np.array([_fold(r.article, repeat) for r in rows])
    out = np.zeros(len(rows))
    for k in range(FOLDS):
        train = folds != k
        coef, bias = fit(x[train], y[train], w[train])
        out[~train] = 1 / (1 + np.exp(-(x[~train] @ coef + bias)))
    doubted = np.array([r.rule_confidence <= DOUBTFUL for r in rows])
    return np.where(doubted, np.minimum(out, DOUBTFUL), out)


def _log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def choose_share(rows: list[Row]) -> float:
    """The SELECTION_SHARES candidate with the lowest cross-validated log-loss, averaged over the
    two corpora (each counts once, whatever its size: the confidence must hold on both)."""
    y = np.array([float(r.right) for r in rows])
    corpora = {c: np.array([_group(r.corpus) == c for r in rows]) for c in (REAL, "polnear-train")}
    losses = {}
    for share in SELECTION_SHARES:
        p = cross_validated(rows, share)
        per = {c: _log_loss(y[m], p[m]) for c, m in corpora.items()}
        losses[share] = sum(per.values()) / len(per)
        print(f"real-world share {share}: CV log-loss " + ", ".join(f"{c} {v:.4f}" for c, v in per.items())
              + f"; mean {losses[share]:.4f}")
    return min(losses, key=losses.__getitem__)


def reliability(rows: list[Row], probs: np.ndarray, corpus: str) -> list[tuple[str, int, float, float]]:
    """(bin, n, mean predicted, share right) of one corpus's speech attributions."""
    table = []
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        idx = [i for i, r in enumerate(rows) if _group(r.corpus) == corpus and r.kind != "stance" and lo <= probs[i] < hi]
        if idx:
            table.append((f"{lo:.1f}–{min(hi, 1.0):.1f}", len(idx), float(np.mean(probs[idx])),
                          float(np.mean([rows[i].right for i in idx]))))
    return table


def precision_at(rows: list[Row], probs: np.ndarray, corpus: str, t: float) -> tuple[float, int]:
    """(precision, kept) of a corpus's speech attributions with probability >= t."""
    kept = [rows[i].right for i, r in enumerate(rows) if _group(r.corpus) == corpus and r.kind != "stance" and probs[i] >= t]
    return (sum(kept) / len(kept) if kept else 0.0), len(kept)


def precision_floor(precision: float, kept: int) -> float:
    """The precision less ``MARGIN_SE`` standard errors (binomial, over ``kept`` attributions)."""
    return precision - MARGIN_SE * math.sqrt(precision * (1 - precision) / max(1, kept))


def choose_threshold(rows: list[Row], runs: list[np.ndarray]) -> float:
    """The lowest threshold (in hundredths) at which real-world speech precision, one standard
    error down (:func:`precision_floor`), is >= the target under every one of the ``runs``
    (cross-validated probabilities, one per fold assignment).
    Why not one: the real-world sets are small (a few hundred speech attributions) and the rules
    were chosen on them, so a threshold that only one lucky split carries over to the target shows
    up below it on unseen articles."""
    for t in np.arange(0.05, 1.0, 0.01):
        t = round(float(t), 2)
        held = [precision_at(rows, probs, REAL, t) for probs in runs]
        if all(kept and precision_floor(p, kept) >= TARGET_PRECISION for p, kept in held):
            return t
    return 0.95


def report(rows: list[Row], probs: np.ndarray, threshold: float) -> str:
    """The reliability tables and precision by threshold, as Markdown."""
    lines = []
    for corpus in (REAL, "polnear-train"):
        lines += [f"\n{corpus} (speech, cross-validated by article)", "",
                  "| confidence | attributions | mean confidence | share right |", "|---|---|---|---|"]
        lines += [f"| {b} | {n} | {m:.2f} | {r:.2f} |" for b, n, m, r in reliability(rows, probs, corpus)]
        raw = [rows[i].right for i, r in enumerate(rows) if _group(r.corpus) == corpus and r.kind != "stance"]
        lines.append(f"\nall speech: {len(raw)}, right {sum(raw)}; precision at:")
        for t in (0.3, 0.4, 0.5, 0.6, 0.7, threshold):
            p, kept = precision_at(rows, probs, corpus, t)
            lines.append(f"  >= {t:.2f}: precision {p:.3f} ({kept} kept, {kept / max(1, len(raw)):.0%})")
    lines.append(f"\ndefault threshold (real-world precision less {MARGIN_SE:g} standard error >= {TARGET_PRECISION} "
                 f"under each of {REPEATS} fold assignments): " + str(threshold))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m newsflow_dev.calibrate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=PROJECT_ROOT.parent / "shared")
    ap.add_argument("--cache", type=Path, default=PROJECT_ROOT / ".newsflow" / "calibration-rows.json",
                    help="the labelled rows (rerun the pipeline with --refresh)")
    ap.add_argument("--refresh", action="store_true", help="run the pipeline even when the cache exists")
    ap.add_argument("--write", action="store_true", help=f"write {CALIBRATION_FILE.name}")
    args = ap.parse_args(argv)
    cached = args.cache.exists() and not args.refresh
    key = RULES_VERSION + str(FEATURES) + str(_realworld_sets())
    if cached and json.loads(args.cache.read_text())["rules"] != key:
        cached = False
    if cached:
        rows = [Row(**r) for r in json.loads(args.cache.read_text())["rows"]]
    else:
        rows = collect(args.shared)
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        args.cache.write_text(json.dumps({"rules": key, "rows": [asdict(r) for r in rows]}))
    share = choose_share(rows)
    runs = [cross_validated(rows, share, repeat) for repeat in range(REPEATS)]
    probs = runs[0]
    threshold = choose_threshold(rows, runs)
    print(report(rows, probs, threshold))
    coef, bias = fit(*_arrays(rows, share))
    print("\nweights:", ", ".join(f"{n} {c:+.2f}" for n, c in zip(FEATURES, coef, strict=True)), f"bias {bias:+.2f}")
    if args.write:
        CALIBRATION_FILE.write_text(json.dumps({
            "fitted_on": f"PolNeAR train + real-world {' + '.join(_realworld_sets())} (newsflow_dev.calibrate)",
            "realworld_share": share,
            "rows": {c: sum(r.corpus == c for r in rows) for c in ("polnear-train", *_realworld_sets())},
            "threshold": threshold, "target_precision": TARGET_PRECISION,
            "weights": {n: round(float(c), 4) for n, c in zip(FEATURES, coef, strict=True)},
            "bias": round(bias, 4),
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {CALIBRATION_FILE}; set newsflow.settings.DEFAULT_MIN_CONFIDENCE = {threshold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
