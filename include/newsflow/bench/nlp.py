"""Benchmark: raw spaCy ``nlp.pipe`` against ``newsflow.nlp.analyze_many`` on the same texts.

Usage: python -m newsflow.bench.nlp [--data DIR] [--limit N] [--repeats K] [--json]
(wired into the CLI as ``python -m newsflow bench nlp``).

Why: the entity and quote rules must stay cheap next to the parser itself (target:
``analyze_many`` keeps >= 85% of raw throughput). Both runs use the very same loaded
pipeline (same enabled components, same batch size) and alternate within each repeat,
so load from other processes on the machine hits both alike; medians are reported.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data" / "polnear"


def load_texts(data: Path, limit: int | None) -> list[str]:
    """PolNeAR article texts (train then dev), sorted by name, at most ``limit``."""
    files: list[Path] = []
    for split in ("train", "dev"):
        files.extend(sorted((data / split / "text").glob("*.txt")))
    if limit:
        files = files[:limit]
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports KiB)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / (1024 * 1024)


def _time_raw(nlp, texts: list[str], batch_size: int) -> float:  # noqa: ANN001
    t0 = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - t0


def _time_analyze(texts: list[str], batch_size: int) -> tuple[float, int, int]:
    from newsflow.nlp import analyze_many

    t0 = time.perf_counter()
    ents = quotes = 0
    for a in analyze_many(texts, batch_size=batch_size):
        ents += len(a.entities)
        quotes += len(a.quotes)
    return time.perf_counter() - t0, ents, quotes


def run(data: Path, limit: int | None, repeats: int, batch_size: int) -> dict:
    """Measure both paths ``repeats`` times (alternating order) and summarise."""
    from newsflow.nlp.model import get_nlp, model_version

    texts = load_texts(data, limit)
    if not texts:
        raise SystemExit(f"no texts found under {data}/{{train,dev}}/text")
    chars = sum(len(t) for t in texts)
    nlp = get_nlp()
    # warm-up (model caches, first-batch allocation) on a few texts, not timed
    for _ in nlp.pipe(texts[:4], batch_size=batch_size):
        pass
    raw_times: list[float] = []
    ana_times: list[float] = []
    ents = quotes = 0
    for i in range(repeats):
        if i % 2 == 0:
            raw_times.append(_time_raw(nlp, texts, batch_size))
            t, ents, quotes = _time_analyze(texts, batch_size)
            ana_times.append(t)
        else:
            t, ents, quotes = _time_analyze(texts, batch_size)
            ana_times.append(t)
            raw_times.append(_time_raw(nlp, texts, batch_size))
    raw_rate = chars / statistics.median(raw_times)
    ana_rate = chars / statistics.median(ana_times)
    return {
        "model": model_version(),
        "pipeline": list(nlp.pipe_names),
        "texts": len(texts),
        "chars": chars,
        "repeats": repeats,
        "batch_size": batch_size,
        "raw_chars_per_s": round(raw_rate),
        "analyze_chars_per_s": round(ana_rate),
        "ratio": round(ana_rate / raw_rate, 3),
        "raw_times_s": [round(t, 2) for t in raw_times],
        "analyze_times_s": [round(t, 2) for t in ana_times],
        "entities": ents,
        "quotes": quotes,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def main(argv: list[str] | None = None) -> int:
    """CLI entry point: prints a short report (or JSON with --json); returns the exit code."""
    p = argparse.ArgumentParser(
        prog="newsflow bench nlp",
        description="Raw spaCy nlp.pipe vs newsflow analyze_many (entities + quotes) "
        "on the same PolNeAR texts: chars/s, ratio, peak RSS.",
    )
    p.add_argument("--data", type=Path, default=DEFAULT_DATA,
                   help="PolNeAR folder holding train/text and dev/text (default: %(default)s)")
    p.add_argument("--limit", type=int, default=120, help="number of texts (0 = all)")
    p.add_argument("--repeats", type=int, default=3, help="timed repeats of each path")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = p.parse_args(argv)
    res = run(args.data, args.limit or None, max(1, args.repeats), args.batch_size)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"model {res['model']}  pipeline {'+'.join(res['pipeline'])}")
    print(f"{res['texts']} texts, {res['chars']:,} chars, {res['repeats']} repeats "
          f"(median), batch {res['batch_size']}")
    print(f"raw nlp.pipe     {res['raw_chars_per_s']:>9,} chars/s   times {res['raw_times_s']}")
    print(f"analyze_many     {res['analyze_chars_per_s']:>9,} chars/s   times "
          f"{res['analyze_times_s']}  ({res['entities']} entities, {res['quotes']} quotes)")
    print(f"ratio {res['ratio']:.3f} (target >= 0.85)   peak RSS {res['peak_rss_mb']} MB")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
