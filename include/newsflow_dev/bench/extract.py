"""Benchmark: our extractor against plain trafilatura on the same pages, side by side.

Usage: python -m newsflow_dev.bench.extract [--data DIR] [--limit N] [--json]
(wired into the CLI as `python -m newsflow bench extract`).

The score is the Zyte article-extraction-benchmark definition, imported from the shared
evaluation tool (`../shared/tools/eval_extract.py`, or $NEWSFLOW_EVAL_TOOL; the data folder
can also come from $NEWSFLOW_BENCH_DATA) rather than
copied, so this command and the tool can never disagree. All extractors run on each page
in turn (rotating the order), so machine load hits them equally and the time ratio is fair.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[3]


def _default_path(env: str, *rel: str) -> Path:
    """$env, else ../shared/... from the repo root (editable install), else from the cwd."""
    if os.environ.get(env):
        return Path(os.environ[env])
    for base in (REPO_ROOT, Path.cwd()):
        candidate = base.joinpath("..", "shared", *rel)
        if candidate.exists():
            return candidate
    return REPO_ROOT.joinpath("..", "shared", *rel)


DEFAULT_DATA = _default_path("NEWSFLOW_BENCH_DATA", "data", "zyte-aeb")
DEFAULT_TOOL = _default_path("NEWSFLOW_EVAL_TOOL", "tools", "eval_extract.py")


def load_eval_tool(path: Path | None = None) -> ModuleType:
    """Import the shared eval_extract.py by path (it is not a package)."""
    path = Path(path or DEFAULT_TOOL).resolve()
    if not path.is_file():
        raise SystemExit(f"evaluation tool not found: {path} (set NEWSFLOW_EVAL_TOOL)")
    spec = importlib.util.spec_from_file_location("newsflow_eval_extract", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the tool look their module up here
    spec.loader.exec_module(module)
    return module


def extractors() -> dict[str, Callable[[bytes, str], str]]:
    """name -> f(html_bytes, url) returning the body text."""
    import trafilatura

    from newsflow.extract import extract_article

    def ours(data: bytes, url: str) -> str:
        return extract_article(data, url).text

    def traf_precision(data: bytes, url: str) -> str:
        return trafilatura.extract(data, url=url, favor_precision=True,
                                   include_comments=False) or ""

    def traf_default(data: bytes, url: str) -> str:
        return trafilatura.extract(data, url=url) or ""

    return {"newsflow": ours, "trafilatura-precision": traf_precision,
            "trafilatura-default": traf_default}


def run(data_dir: Path, limit: int = 0, tool: Path | None = None, progress: bool = True) -> dict:
    """Run every extractor on every page; return scores and timings per extractor."""
    ev = load_eval_tool(tool)
    pages, skipped = ev.load_bench("zyte", Path(data_dir))
    if limit:
        pages = pages[:limit]
    if not pages:
        raise SystemExit(f"no pages found under {data_dir}")
    fns = extractors()
    names = list(fns)
    first = ev.read_html(pages[0].path)
    for fn in fns.values():  # warm-up: imports, caches
        fn(first, pages[0].url)
    preds: dict[str, list[str]] = {n: [] for n in names}
    times: dict[str, list[float]] = {n: [] for n in names}
    errors: dict[str, int] = {n: 0 for n in names}
    for i, page in enumerate(pages):
        data = ev.read_html(page.path)
        order = names[i % len(names):] + names[:i % len(names)]
        for name in order:
            t0 = time.perf_counter()
            try:
                text = fns[name](data, page.url)
            except Exception:  # noqa: BLE001 - a crash is scored as an empty page
                text = ""
                errors[name] += 1
            times[name].append((time.perf_counter() - t0) * 1000)
            preds[name].append(text)
        if progress and (i + 1) % 50 == 0:
            print(f"  {i + 1}/{len(pages)} pages", file=sys.stderr, flush=True)
    truths = [p.truth for p in pages]
    results: dict[str, dict] = {}
    for name in names:
        m, _ = ev.score(truths, preds[name], 0, 0)
        results[name] = {
            "f1": m["f1"], "precision": m["precision"], "recall": m["recall"],
            "accuracy": m["accuracy"], "empty_rate": m["empty_rate"],
            "ms_median": statistics.median(times[name]), "ms_mean": statistics.mean(times[name]),
            "errors": errors[name],
        }
    base = results["trafilatura-precision"]
    ours = results["newsflow"]
    return {
        "data": str(Path(data_dir).resolve()), "pages": len(pages), "skipped": len(skipped),
        "results": results,
        "time_ratio_median": ours["ms_median"] / base["ms_median"],
        "time_ratio_mean": ours["ms_mean"] / base["ms_mean"],
    }


def format_table(report: dict) -> str:
    """Side-by-side table plus the time ratio against trafilatura precision mode."""
    lines = [f"extract benchmark: {report['pages']} pages from {report['data']}",
             f"{'extractor':<24}{'F1':>7}{'P':>7}{'R':>7}{'empty':>7}{'ms med':>8}{'ms mean':>9}"]
    for name, r in report["results"].items():
        lines.append(f"{name:<24}{r['f1']:>7.3f}{r['precision']:>7.3f}{r['recall']:>7.3f}"
                     f"{r['empty_rate']:>7.3f}{r['ms_median']:>8.1f}{r['ms_mean']:>9.1f}")
    lines.append(f"time ratio newsflow / trafilatura-precision: "
                 f"{report['time_ratio_median']:.2f}x median, {report['time_ratio_mean']:.2f}x mean")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """CLI entry: print the comparison table (or JSON with --json)."""
    ap = argparse.ArgumentParser(prog="newsflow bench extract",
                                 description="newsflow extractor vs trafilatura on the Zyte "
                                             "article-extraction benchmark")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA,
                    help="benchmark folder with ground-truth.json and html/ "
                         "(default: ../shared/data/zyte-aeb from the repo root)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--eval-tool", type=Path, default=None,
                    help="path to eval_extract.py (default: ../shared/tools/eval_extract.py)")
    args = ap.parse_args(argv)
    report = run(args.data, args.limit, args.eval_tool, progress=not args.json)
    print(json.dumps(report, indent=1) if args.json else format_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
