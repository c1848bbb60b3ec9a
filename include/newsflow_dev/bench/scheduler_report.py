"""The tables `bench scheduler` prints: one line per feed count with the verdict on its targets,
and (with --tasks, or for the last size) every task's timing in each round."""

from __future__ import annotations

import math
from typing import Any

TARGET_FEEDS = 5000
TARGET_SECONDS = 600.0


def _floor(r: dict[str, Any], delay: float, slots: int = 4) -> float:
    """Politeness floor of a round: waves of shards through the pool, each as long as its busiest
    site's spacing (sites of a shard run in parallel)."""
    waves = math.ceil(len(r.get("plan") or []) / slots)
    per_site = r["requests"]["max_per_site"]
    return waves * max(0, per_site - 1) * delay if waves else 0.0


def print_table(result: dict[str, Any]) -> None:
    """One line per feed count, its notes, and whether the targets were met."""
    sizes = result["sizes"]
    delay = result["delay"]
    cols = [("feeds", 7), ("sites", 6), ("shards", 7), ("TIs prime", 10), ("TIs 304", 8),
            ("prime s", 9), ("304 s", 8), ("304 trig>end", 13), ("304 floor", 10), ("s/feed 304", 11),
            ("min spacing", 12), ("<delay", 7), ("304 ok", 7)]
    print(f"poller rounds under the real scheduler (LocalExecutor, pool news_http 4 slots, "
          f"parallelism {result['parallelism']}, politeness {delay} s per site)")
    print("".join(f"{name:>{w}}" for name, w in cols))
    for s in sizes:
        p, z = s.get("priming") or {}, s.get("all_304") or {}
        if not p or not z:
            print(f"{s['feeds']:>7,}  failed: {s.get('error', '?')}")
            continue
        spacings = [x for x in (p["requests"]["min_spacing"], z["requests"]["min_spacing"]) if x is not None]
        close = p["requests"]["closer_than_delay"] + z["requests"]["closer_than_delay"]
        wh = z["warehouse"]
        ok = wh["one_row_per_feed"] and wh["outcomes"].get("not_modified", 0) == s["feeds"]
        vals = [f"{s['feeds']:,}", str(s["sites"]), str(z["shards"]), str(p["task_instances"]),
                str(z["task_instances"]), f"{p['run_seconds']:.0f}", f"{z['run_seconds']:.0f}",
                f"{z['trigger_to_end_stopwatch']:.0f}", f"{_floor(z, delay):.0f}",
                f"{z['run_seconds'] / s['feeds']:.3f}", f"{min(spacings):.3f}" if spacings else "-",
                str(close), "yes" if ok else "NO"]
        print("".join(f"{v:>{w}}" for v, (_, w) in zip(vals, cols, strict=True)))
    print("prime s / 304 s: run end - start (API); trig>end: trigger to seen finished (stopwatch); floor: "
          "shard waves x busiest site's requests x delay; <delay: arrivals closer than delay - 1 ms")
    for s in sizes:
        z = s.get("all_304") or {}
        if z:
            print(f"  {s['feeds']:>5,} feeds: 304 round idle {z['idle_seconds']} s of {z['run_seconds']} s "
                  f"(no task running); requests {z['requests']['by_kind']} {z['requests']['by_status']}; "
                  f"entries pending {z['warehouse']['entries_pending']}; startup {s.get('startup_seconds')} s; "
                  f"empty scheduled round {s.get('scheduled_round', {}).get('run_seconds')} s")
    tis = {s["all_304"]["task_instances"] for s in sizes if s.get("all_304")} | {
        s["priming"]["task_instances"] for s in sizes if s.get("priming")}
    big = [s for s in sizes if s["feeds"] >= TARGET_FEEDS and s.get("all_304")]
    line = (f"target: all-304 round at {TARGET_FEEDS:,} feeds under {TARGET_SECONDS / 60:.0f} minutes; "
            "task instances independent of the feed count: ")
    if big:
        secs = big[0]["all_304"]["trigger_to_end_stopwatch"]
        line += f"{secs:.0f} s ({'met' if secs < TARGET_SECONDS and big[0]['all_304']['state'] == 'success' else 'MISSED'})"
    else:
        line += f"(no {TARGET_FEEDS:,}-feed size run)"
    line += f"; task instances {sorted(tis)} ({'met' if len(tis) == 1 else 'MISSED'})"
    print(line)


def print_tasks(size: dict[str, Any]) -> None:
    """Every task of a size's priming and all-304 rounds: its time, its wait, its feeds and sites."""
    for key in ("priming", "all_304"):
        r = size.get(key)
        if not r:
            continue
        print(f"\n{size['feeds']:,} feeds, {r['label']} round ({r['state']}, {r['run_seconds']} s): per task")
        print(f"{'task':<16}{'state':>9}{'seconds':>9}{'queued>run':>11}{'starts at':>10}{'ends at':>9}"
              f"{'feeds':>7}{'sites':>6}")
        plan = {p["shard"]: p for p in r["plan"]}
        summaries = {s["map_index"]: s for s in r["shard_summaries"]}
        shard_of = sorted(plan)
        for t in r["tasks"]:
            extra = ""
            if t["task"].startswith("poll_shard["):
                idx = int(t["task"][len("poll_shard["):-1])
                s = summaries.get(idx, {})
                p = plan.get(s.get("shard", shard_of[idx] if idx < len(shard_of) else -1), {})
                extra = f"{s.get('feeds', p.get('feeds', '')):>7}{s.get('sites', p.get('sites', '')):>6}"

            def num(v: Any) -> str:
                return "-" if v is None else f"{v:.1f}"

            print(f"{t['task']:<16}{str(t['state']):>9}{num(t['duration']):>9}{num(t['queued_to_start']):>11}"
                  f"{num(t['start_offset']):>10}{num(t['end_offset']):>9}{extra}")
