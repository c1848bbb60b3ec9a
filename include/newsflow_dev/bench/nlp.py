"""Benchmark: raw spaCy ``nlp.pipe`` against ``newsflow.nlp.analyze_many`` on the same texts.

Usage: python -m newsflow_dev.bench.nlp [--data DIR] [--limit N] [--repeats K]
[--processes N] [--json] (wired into the CLI as ``python -m newsflow bench nlp``).

Why: the entity and quote rules must stay cheap next to the parser itself (target:
``analyze_many`` keeps >= 75% of raw throughput). Both runs use the very same loaded
pipeline (raw = the base model's components, newsflow's own disabled; same batch size)
and alternate within each repeat, so load from other processes on the machine hits
both alike; medians are reported. ``--processes N`` also times ``analyze_many`` with
``n_process=N`` (the rules run in the workers) against ``n_process=1`` on the same
texts and reports the speed-up (target >= 1.6x for N=2 on 2 cores).
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


def children_peak_rss_mb() -> float:
    """Peak resident set size of the largest finished child process (nlp.pipe workers)."""
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / (1024 * 1024)


def own_components(nlp) -> list[str]:  # noqa: ANN001
    """newsflow's own components in the pipeline: what "raw" leaves out."""
    from newsflow.nlp.model import NEWSFLOW_COMPONENTS

    return [name for name in nlp.pipe_names if name in NEWSFLOW_COMPONENTS]


def _time_raw(nlp, texts: list[str], batch_size: int, cpu: list[float] | None = None) -> float:  # noqa: ANN001
    """Wall time of the raw pipe; ``cpu`` gets this process's CPU seconds appended."""
    own = own_components(nlp)
    cpu0 = _cpu_s(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=batch_size, disable=own):
        pass
    wall = time.perf_counter() - t0
    if cpu is not None:
        cpu.append(_cpu_s(resource.RUSAGE_SELF) - cpu0)
    return wall


def _cpu_s(who: int) -> float:
    use = resource.getrusage(who)
    return use.ru_utime + use.ru_stime


def _time_analyze(texts: list[str], batch_size: int, n_process: int = 1,
                  cpu: list[tuple[float, float]] | None = None) -> tuple[float, int, int]:
    """Wall time of analyze_many; ``cpu`` gets (parent, workers) CPU seconds appended."""
    from newsflow.nlp import analyze_many

    parent0, children0 = _cpu_s(resource.RUSAGE_SELF), _cpu_s(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    ents = quotes = 0
    for a in analyze_many(texts, batch_size=batch_size, n_process=n_process):
        ents += len(a.entities)
        quotes += len(a.quotes)
    wall = time.perf_counter() - t0
    if cpu is not None:  # spaCy joins its workers, so their CPU time is counted by now
        cpu.append((_cpu_s(resource.RUSAGE_SELF) - parent0,
                    _cpu_s(resource.RUSAGE_CHILDREN) - children0))
    return wall, ents, quotes


def _spin(n: int = 3_000_000) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def control_speedup(processes: int) -> float:
    """What the machine gives N processes right now: a pure-Python CPU loop run N times
    in a row against N copies at once. Other load shows here too, so the NLP speed-up
    divided by this one is the pipeline's own parallel efficiency."""
    import multiprocessing

    t0 = time.perf_counter()
    for _ in range(processes):
        _spin()
    serial = time.perf_counter() - t0
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_spin) for _ in range(processes)]
    t0 = time.perf_counter()
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    return serial / (time.perf_counter() - t0)


def run(data: Path, limit: int | None, repeats: int, batch_size: int, processes: int = 1) -> dict:
    """Measure both paths ``repeats`` times (alternating order) and summarise; with
    ``processes`` > 1 also ``analyze_many(n_process=processes)``."""
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
    par_times: list[float] = []
    par_cpu: list[tuple[float, float]] = []
    controls: list[float] = []
    raw_cpu: list[float] = []
    ana_cpu: list[tuple[float, float]] = []
    ents = quotes = 0
    for i in range(repeats):
        if i % 2 == 0:
            raw_times.append(_time_raw(nlp, texts, batch_size, raw_cpu))
            t, ents, quotes = _time_analyze(texts, batch_size, 1, ana_cpu)
            ana_times.append(t)
        else:
            t, ents, quotes = _time_analyze(texts, batch_size, 1, ana_cpu)
            ana_times.append(t)
            raw_times.append(_time_raw(nlp, texts, batch_size, raw_cpu))
        if processes > 1:
            t, p_ents, p_quotes = _time_analyze(texts, batch_size, processes, par_cpu)
            if (p_ents, p_quotes) != (ents, quotes):
                raise RuntimeError(f"n_process={processes} found {p_ents} entities and {p_quotes} "
                                   f"quotes, n_process=1 {ents} and {quotes}")
            par_times.append(t)
            controls.append(control_speedup(processes))
    raw_rate = chars / statistics.median(raw_times)
    ana_rate = chars / statistics.median(ana_times)
    extra = {}
    if par_times:
        par_rate = chars / statistics.median(par_times)
        extra = {
            "processes": processes,
            "analyze_parallel_chars_per_s": round(par_rate),
            "analyze_parallel_times_s": [round(t, 2) for t in par_times],
            "speedup": round(par_rate / ana_rate, 3),
            # best of the repeats: the least disturbed by other load on the machine
            "speedup_best": round(min(ana_times) / min(par_times), 3),
            "control_speedup": round(statistics.median(controls), 3),
            "parallel_efficiency": round(par_rate / ana_rate / statistics.median(controls), 3),
            # where the parallel run's CPU went: the parent (feeding, Doc.from_bytes,
            # Analysis objects) against the workers (parsing and the rules)
            "parallel_parent_cpu_s": round(statistics.median(c[0] for c in par_cpu), 2),
            "parallel_workers_cpu_s": round(statistics.median(c[1] for c in par_cpu), 2),
            "worker_peak_rss_mb": round(children_peak_rss_mb(), 1),
        }
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
        "ratio_best": round(min(raw_times) / min(ana_times), 3),
        # the same ratio in this process's CPU seconds: what other load on the machine
        # (which stretches wall times unevenly between repeats) changes least
        "ratio_cpu": round(statistics.median(raw_cpu) / statistics.median(c[0] for c in ana_cpu), 3),
        "raw_cpu_s": [round(c, 2) for c in raw_cpu],
        "analyze_cpu_s": [round(c[0], 2) for c in ana_cpu],
        "raw_times_s": [round(t, 2) for t in raw_times],
        "analyze_times_s": [round(t, 2) for t in ana_times],
        "entities": ents,
        "quotes": quotes,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        **extra,
    }


def long_texts(data: Path, batch_size: int) -> dict:
    """Peak RSS of one analyze batch at the worst the settings allow: `batch_size` texts of
    exactly nlp_max_chars characters each, and what happens to a 999,000-character text."""
    from newsflow import nlp

    cap = nlp.max_chars()
    pool = "\n\n".join(load_texts(data, 400)) if data.exists() else ""
    if len(pool) < cap:
        pool = (pool + "\n\n" + "Officials said the plan would cost more than expected. " * (cap // 40))
    texts = [pool[i * 997 % max(1, len(pool) - cap):][:cap] for i in range(batch_size)]
    nlp.analyze("warm up")
    before = peak_rss_mb()
    started = time.perf_counter()
    analyses = list(nlp.analyze_many(texts, batch_size=batch_size))
    seconds = time.perf_counter() - started
    try:
        nlp.analyze("word " * 199_800)  # 999,000 characters
        refused = "analysed"
    except nlp.TextTooLong as exc:
        refused = str(exc)
    return {"cap_chars": cap, "batch": batch_size, "batch_chars": sum(map(len, texts)),
            "seconds": round(seconds, 1), "quotes": sum(len(a.quotes) for a in analyses),
            "peak_rss_before_mb": round(before), "peak_rss_mb": round(peak_rss_mb()), "text_999k": refused}


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
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--processes", type=int, default=1,
                   help="also time analyze_many with n_process=N and report the speed-up "
                   "over n_process=1 (e.g. 2 on a 2-core machine)")
    p.add_argument("--long", action="store_true",
                   help="instead: peak RSS of one batch of texts at the analysis cap (NEWSFLOW_NLP_MAX_CHARS)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = p.parse_args(argv)
    if args.long:
        from newsflow.settings import get_settings

        out = long_texts(args.data, args.batch_size)
        print(json.dumps(out, indent=2) if args.json else
              f"{out['batch']} texts of {out['cap_chars']:,} chars ({out['batch_chars']:,} in one analyze batch, parsed "
              f"{get_settings().nlp_batch_chars:,} chars at a time): "
              f"{out['seconds']} s, peak RSS {out['peak_rss_mb']} MB (model loaded: {out['peak_rss_before_mb']} MB); "
              f"a 999,000-char text: {out['text_999k']}")
        return 0
    res = run(args.data, args.limit or None, max(1, args.repeats), args.batch_size,
              max(1, args.processes))
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"model {res['model']}  pipeline {'+'.join(res['pipeline'])}")
    print(f"{res['texts']} texts, {res['chars']:,} chars, {res['repeats']} repeats "
          f"(median), batch {res['batch_size']}")
    print(f"raw nlp.pipe     {res['raw_chars_per_s']:>9,} chars/s   times {res['raw_times_s']}")
    print(f"analyze_many     {res['analyze_chars_per_s']:>9,} chars/s   times "
          f"{res['analyze_times_s']}  ({res['entities']} entities, {res['quotes']} quotes)")
    print(f"ratio {res['ratio']:.3f} (target >= 0.75; best runs {res['ratio_best']:.3f}; "
          f"in CPU seconds {res['ratio_cpu']:.3f})   peak RSS {res['peak_rss_mb']} MB")
    if "speedup" in res:
        print(f"analyze_many n_process={res['processes']} {res['analyze_parallel_chars_per_s']:>9,} "
              f"chars/s   times {res['analyze_parallel_times_s']}")
        print(f"speed-up {res['speedup']:.2f}x over n_process=1, best runs {res['speedup_best']:.2f}x "
              f"(target >= 1.6x with 2 on 2 cores; other load on the machine counts)   "
              f"worker peak RSS {res['worker_peak_rss_mb']} MB")
        print(f"parallel CPU: parent {res['parallel_parent_cpu_s']} s, workers "
              f"{res['parallel_workers_cpu_s']} s (medians)")
        print(f"control: {res['processes']} CPU-bound processes get {res['control_speedup']:.2f}x "
              f"on this machine now; NLP speed-up / control = {res['parallel_efficiency']:.2f}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
