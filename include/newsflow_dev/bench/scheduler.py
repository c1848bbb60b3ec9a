"""Benchmark: the poller's scheduler overhead under the real Airflow scheduler.

The deployment `make airflow` runs (api-server, scheduler, dag-processor, triggerer; LocalExecutor;
metadata in the embedded PostgreSQL; the news_http pool of 4 slots; airflow.cfg from
newsflow_dev.airflow_env) in a temporary home, driven only through the REST API.

`--sites` loopback HTTP servers (one site each: http://127.0.0.1:<port>) serve feeds
`/feed-<i>.xml` (3 entries, ETag, 304 on If-None-Match), their article pages `/a/<i>-<k>.html`
and a robots.txt allowing all; every request's arrival is logged per site to check the
politeness spacing (NEWSFLOW_PER_HOST_DELAY, default 0.5 s; 1 ms slack). The sites are in
scheduler_sites, the printed tables in scheduler_report.

For each feed count (default 200, 1,000, 5,000, spread evenly over the sites): a scratch
warehouse and a scratch Airflow metadata database on the embedded server, the deployment started
with NEWSFLOW_POLL_SCHEDULE=@daily and default politeness; news_enrich and news_marts paused
(they are created unpaused: enrich would analyse the articles during the rounds), news_ingest
unpaused. Unpausing a @daily DAG creates one scheduled run at once: it meets a feeds file with
one disabled feed (an empty round, timed too); then the real feeds file is written and two
manual runs are triggered: the priming round (every feed 200, every article downloaded) and the
all-304 round (every feed answers 304, no article pending). Per round: wall time (API start/end;
trigger to end by our stopwatch), task instances, each task's time, idle time (no task of the run
running), requests per site and their spacing, and the warehouse's feed_fetches rows. The
deployment is stopped (no process left) before the next size.

Target: the all-304 round at 5,000 feeds under 10 minutes; task instances independent of the
feed count.

Usage: python -m newsflow bench scheduler [--feeds 200,1000,5000] [--sites 100] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsflow_dev.airflow_api import AirflowApi, wait_for
from newsflow_dev.airflow_lifecycle import processes_of, recorded_sessions
from newsflow_dev.bench.scheduler_report import print_table, print_tasks
from newsflow_dev.bench.scheduler_sites import (
    Site,
    feeds_yaml,
    free_port,
    placeholder_yaml,
    serve_sites,
    spacing,
)
from newsflow_dev.bench.server import bench_server

DAG_ID = "news_ingest"
OTHER_DAGS = ("news_enrich", "news_marts")  # started by news_ingest's Asset; kept paused here
TERMINAL = {"success", "failed"}

Say = Callable[[str], None]

# --------------------------------------------------------------------------- Airflow


@contextmanager
def deployment(home: Path, metadata_dsn: str, newsflow_env: dict[str, str]) -> Iterator[tuple[Any, AirflowApi]]:
    """`make airflow`'s deployment (same airflow.cfg writer, no overrides) on free loopback ports;
    stopped afterwards, and no process of the home may be left."""
    from newsflow_dev import airflow_env

    ports = airflow_env.Ports(api=free_port(), worker_log=free_port(), trigger_log=free_port())
    airflow_env.write_config(home, sql_alchemy_conn=airflow_env.metadata_url(metadata_dsn), ports=ports)
    # airflow.cfg alone configures Airflow; newsflow's settings are exactly `newsflow_env`.
    env = {k: v for k, v in airflow_env.deployment_env(home, newsflow_env).items()
           if not (k.startswith(("AIRFLOW__", "AIRFLOW_CONN_")) or (k.startswith("NEWSFLOW_") and k not in newsflow_env))}
    airflow_env.prepare_metadata(env)
    dep = airflow_env.Deployment(env, ports)
    api = None
    try:
        dep.start()
        dep.wait_healthy(timeout=240)
        api = AirflowApi(dep.url, dep.password())
        yield dep, api
    finally:
        if api is not None:
            api.close()
        sessions = recorded_sessions(home)  # gone from the state file once stopped
        dep.stop()
        left = processes_of(home, sessions)
        if left:
            raise RuntimeError(f"processes left behind by the Airflow deployment: {left}")


def _ts(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _seconds(a: str | None, b: str | None) -> float | None:
    start, end = _ts(a), _ts(b)
    return round((end - start).total_seconds(), 2) if start and end else None


def _busy_seconds(tis: list[dict]) -> float:
    """Length of the union of the task instances' [start, end] intervals."""
    spans = sorted((s, e) for ti in tis if (s := _ts(ti.get("start_date"))) and (e := _ts(ti.get("end_date"))))
    total, cur_s, cur_e = 0.0, None, None
    for s, e in spans:
        if cur_e is None or s > cur_e:
            if cur_s is not None and cur_e is not None:
                total += (cur_e - cur_s).total_seconds()
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_s is not None and cur_e is not None:
        total += (cur_e - cur_s).total_seconds()
    return total


def _task_rows(tis: list[dict], run_start: str | None) -> list[dict]:
    rows = []
    order = {"prepare": 0, "poll_shard": 1, "finalize": 2, "check_feeds": 3}
    for ti in sorted(tis, key=lambda t: (order.get(t["task_id"], 9), t["map_index"])):
        name = ti["task_id"] + (f"[{ti['map_index']}]" if ti["map_index"] >= 0 else "")
        rows.append({
            "task": name, "state": ti["state"], "try": ti.get("try_number"),
            "duration": round(ti["duration"], 2) if ti.get("duration") is not None else None,
            "queued_to_start": _seconds(ti.get("queued_when"), ti.get("start_date")),
            "start_offset": _seconds(run_start, ti.get("start_date")),
            "end_offset": _seconds(run_start, ti.get("end_date")),
        })
    return rows


def _progress(api: AirflowApi, run_id: str) -> str:
    try:
        states = Counter(ti["state"] or "none" for ti in api.task_instances(DAG_ID, run_id))
    except Exception as exc:  # progress only
        return f"({exc})"
    return ", ".join(f"{n} {s}" for s, n in sorted(states.items()))


def wait_run(api: AirflowApi, run_id: str, timeout: float, say: Say, label: str) -> tuple[dict, float]:
    """The run once finished and the monotonic time it was first seen finished."""
    started = time.monotonic()
    deadline = started + timeout
    next_note = started + 30
    while True:
        run = api.run(DAG_ID, run_id)
        now = time.monotonic()
        if run["state"] in TERMINAL:
            return run, now
        if now > deadline:
            raise RuntimeError(f"{label}: run {run_id} not finished after {timeout:.0f} s "
                               f"(state {run['state']}; tasks: {_progress(api, run_id)})")
        if now >= next_note:
            say(f"  {label}: {now - started:.0f} s, run {run['state']}; tasks: {_progress(api, run_id)}")
            next_note = now + 30
        time.sleep(1.0)


def _problems(api: AirflowApi, tis: list[dict]) -> list[dict]:
    """Failed (or retried) task instances with the tail of their log."""
    out = []
    for ti in tis:
        if ti["state"] in ("success", "skipped") and (ti.get("try_number") or 1) <= 1:
            continue
        try:
            text = api.log_text(ti)
        except Exception as exc:
            text = f"(log unavailable: {exc})"
        out.append({"task": ti["task_id"], "map_index": ti["map_index"], "state": ti["state"],
                    "try": ti.get("try_number"), "log_tail": text[-4000:]})
    return out


def _shard_summaries(api: AirflowApi, run_id: str, tis: list[dict]) -> list[dict]:
    out = []
    for ti in tis:
        if ti["task_id"] != "poll_shard":
            continue
        try:
            doc = api.get(f"/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances/poll_shard/xcomEntries/return_value",
                          map_index=ti["map_index"], deserialize="true")
            out.append({"map_index": ti["map_index"], **(doc.get("value") or {})})
        except Exception as exc:
            out.append({"map_index": ti["map_index"], "error": str(exc)[:200]})
    return sorted(out, key=lambda s: s["map_index"])


def _query(dsn: str, sql: str, params: Any = None) -> list[tuple]:
    from newsflow.warehouse import db

    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall() if cur.description else []


def warehouse_check(dsn: str, run_id: str, feeds: int) -> dict[str, Any]:
    rows = _query(dsn, "SELECT outcome, count(*), count(DISTINCT feed_name) FROM news.feed_fetches "
                       "WHERE run_id = %s AND feed_name LIKE 'bench-%%' GROUP BY outcome", (run_id,))
    outcomes = {o: n for o, n, _ in rows}
    distinct = sum(d for _, _, d in rows)
    articles = dict(_query(dsn, "SELECT status, count(*) FROM news.articles GROUP BY status"))
    pending = _query(dsn, "SELECT count(*) FROM news.feed_entries e LEFT JOIN news.articles a USING (article_id) "
                          "WHERE a.article_id IS NULL OR a.status <> 'ok'")[0][0]
    runs = dict(_query(dsn, "SELECT stage, status FROM news.pipeline_runs WHERE run_id = %s", (run_id,)))
    return {"feed_fetches": sum(outcomes.values()), "feeds_fetched": distinct, "outcomes": outcomes,
            "one_row_per_feed": sum(outcomes.values()) == distinct == feeds,
            "articles": articles, "entries_pending": pending, "pipeline_run": runs.get("ingest")}


def timed_round(api: AirflowApi, sites: list[Site], dsn: str, feeds: int, delay: float, label: str, timeout: float,
                say: Say, run_id: str | None = None) -> dict[str, Any]:
    """Trigger a manual run (or follow `run_id`), wait for its end, collect its figures."""
    t0 = time.monotonic()
    wall0 = datetime.now(UTC)
    if run_id is None:
        run_id = api.trigger(DAG_ID, {})
        triggered = True
    else:
        triggered = False
    say(f"  {label}: run {run_id}")
    run, seen_done = wait_run(api, run_id, timeout, say, label)
    t1 = time.monotonic()
    time.sleep(0.5)  # late-logged requests (none expected: the run is over)
    tis = api.task_instances(DAG_ID, run_id)
    run_seconds = _seconds(run.get("start_date"), run.get("end_date"))
    busy = _busy_seconds(tis)
    out: dict[str, Any] = {
        "label": label, "run_id": run_id, "run_type": run.get("run_type"), "state": run["state"],
        "queued_at": run.get("queued_at"), "start_date": run.get("start_date"), "end_date": run.get("end_date"),
        "run_seconds": run_seconds,
        "trigger_to_end_api": _seconds(wall0.isoformat(), run.get("end_date")) if triggered else None,
        "trigger_to_end_stopwatch": round(seen_done - t0, 2) if triggered else None,
        "task_instances": len(tis),
        "task_states": dict(Counter(ti["state"] for ti in tis)),
        "shards": sum(1 for ti in tis if ti["task_id"] == "poll_shard"),
        "busy_seconds": round(busy, 2),
        "idle_seconds": round(run_seconds - busy, 2) if run_seconds is not None else None,
        "tasks": _task_rows(tis, run.get("start_date")),
        "requests": spacing(sites, t0, t1, delay),
        "warehouse": warehouse_check(dsn, run_id, feeds),
        "shard_summaries": _shard_summaries(api, run_id, tis) if tis else [],
    }
    plan = _query(dsn, "SELECT shard, count(*), count(DISTINCT f.site) FROM news.poll_plan p "
                       "JOIN news.feeds f USING (feed_name) WHERE run_id = %s GROUP BY shard ORDER BY shard", (run_id,))
    out["plan"] = [{"shard": s, "feeds": n, "sites": k} for s, n, k in plan]
    problems = _problems(api, tis)
    if problems or run["state"] != "success":
        out["problems"] = problems
        for p in problems:
            say(f"  !! {p['task']}[{p['map_index']}] {p['state']} (try {p['try']}):\n{p['log_tail'][-2500:]}")
    say(f"  {label}: {run['state']} in {run_seconds} s (stopwatch {out['trigger_to_end_stopwatch']} s), "
        f"{len(tis)} task instances, {out['requests']['requests']} requests {out['requests']['by_status']}, "
        f"min spacing {out['requests']['min_spacing']}")
    return out


# --------------------------------------------------------------------------- one size


def run_size(server_dsn: str, sites: list[Site], feeds: int, *, timeout: float, say: Say,
             keep: Path | None = None) -> dict[str, Any]:
    from newsflow.settings import Settings
    from newsflow.warehouse import db

    delay = Settings().per_host_delay
    for site in sites:
        with site._lock:
            site.log.clear()
        site.generate(feeds)
    tmp = Path(tempfile.mkdtemp(prefix=f"newsflow-bench-scheduler-{feeds}-"))
    tmp.chmod(0o755)
    result: dict[str, Any] = {"feeds": feeds, "sites": len(sites), "delay": delay}
    try:
        feeds_file = tmp / "feeds.yaml"
        feeds_file.write_text(placeholder_yaml(sites[0]))
        with ExitStack() as stack:
            warehouse = stack.enter_context(db.scratch_database(server_dsn, f"wh{feeds}"))
            meta = stack.enter_context(db.scratch_database(server_dsn, f"af{feeds}"))
            newsflow_env = {
                "NEWSFLOW_WAREHOUSE_DSN": warehouse,
                "NEWSFLOW_FEEDS_FILE": str(feeds_file),
                "NEWSFLOW_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
                "NEWSFLOW_POLL_SCHEDULE": "@daily",
                "NEWSFLOW_DATA_DIR": str(tmp / "data"),
            }
            home = tmp / "airflow"
            started = time.monotonic()
            say(f"[{feeds}] starting Airflow in {home} ...")
            dep, api = stack.enter_context(deployment(home, meta, newsflow_env))
            sessions = recorded_sessions(home)  # for the check after the stop
            result["startup_seconds"] = round(time.monotonic() - started, 1)
            wait_for("the DAGs to be parsed",
                     lambda: {DAG_ID, *OTHER_DAGS} <= {d["dag_id"] for d in api.get("/dags", limit=100)["dags"]}, 180)
            errors = api.get("/importErrors")
            result["import_errors"] = errors.get("total_entries", 0)
            for other in OTHER_DAGS:  # created unpaused (the chain): paused, so only the ingest round runs
                api.call("PATCH", f"/dags/{other}", json={"is_paused": True})
            api.unpause(DAG_ID)
            say(f"[{feeds}] up in {result['startup_seconds']} s; news_ingest unpaused; waiting for its scheduled run")
            try:
                scheduled = wait_for("the scheduled run the unpause creates", lambda: [
                    r for r in api.runs(DAG_ID) if r["run_type"] == "scheduled"], 60)
                result["scheduled_round"] = timed_round(
                    api, sites, warehouse, 0, delay, "scheduled (empty)", timeout, say, run_id=scheduled[0]["dag_run_id"])
            except RuntimeError as exc:
                result["scheduled_round"] = {"note": str(exc)[:300]}
            feeds_file.write_text(feeds_yaml(sites, feeds))
            say(f"[{feeds}] feeds file: {feeds} feeds on {len(sites)} sites; priming round ...")
            result["priming"] = timed_round(api, sites, warehouse, feeds, delay, "priming", timeout, say)
            say(f"[{feeds}] all-304 round ...")
            result["all_304"] = timed_round(api, sites, warehouse, feeds, delay, "all-304", timeout, say)
            result["other_runs"] = [
                {k: r.get(k) for k in ("dag_run_id", "run_type", "state", "start_date", "end_date")}
                for r in api.runs(DAG_ID)
                if r["dag_run_id"] not in {result["priming"]["run_id"], result["all_304"]["run_id"],
                                          result["scheduled_round"].get("run_id")}]
            result["other_dag_runs"] = {other: len(api.runs(other)) for other in OTHER_DAGS}
            result["components"] = {
                name: _component_errors(home / "logs" / "components" / f"{name}.log") for name in dep.procs}
            say(f"[{feeds}] stopping Airflow ...")
        result["left_processes"] = processes_of(home, sessions)
    finally:
        if keep is not None and (tmp / "airflow" / "logs").is_dir():
            target = keep / f"airflow-{feeds}"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(tmp / "airflow" / "logs", target, dirs_exist_ok=True, ignore_dangling_symlinks=True)
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def _component_errors(log: Path) -> int:
    """ERROR lines in a component's log (a count: details stay in the log)."""
    try:
        return sum(1 for ln in log.read_text(errors="replace").splitlines() if " ERROR " in ln or "[error" in ln)
    except OSError:
        return -1



# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsflow bench scheduler", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", default="200,1000,5000", help="feed counts, comma-separated")
    parser.add_argument("--sites", type=int, default=100, help="loopback sites the feeds are spread over")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds one round may take")
    parser.add_argument("--dsn", help="a PostgreSQL server for the scratch databases (default: embedded)")
    parser.add_argument("--keep-logs", type=Path, metavar="DIR", help="copy each size's Airflow logs here")
    parser.add_argument("--tasks", action="store_true", help="also print every task's timing for every size")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON to FILE")
    args = parser.parse_args(argv)
    counts = [int(s) for s in args.feeds.split(",") if s.strip()]
    if args.sites < 1 or any(c < 1 for c in counts):
        parser.error("--sites and --feeds must be positive")

    from newsflow.settings import Settings
    from newsflow_dev.airflow_env import default_parallelism

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    # our own process talks to the scratch warehouse directly; loopback pages are fine
    os.environ["NEWSFLOW_ALLOW_PRIVATE_HOSTS"] = "127.0.0.1"
    result: dict[str, Any] = {"sites": args.sites, "delay": Settings().per_host_delay,
                              "parallelism": default_parallelism(), "sizes": []}
    now = datetime.now(UTC).replace(microsecond=0)
    with bench_server(args.dsn, "scheduler") as server_dsn, serve_sites(args.sites, now) as sites:
        for count in counts:
            try:
                size = run_size(server_dsn, sites, count, timeout=args.timeout, say=say, keep=args.keep_logs)
            except Exception as exc:
                say(f"[{count}] failed: {type(exc).__name__}: {exc}")
                size = {"feeds": count, "sites": args.sites, "error": f"{type(exc).__name__}: {exc}"[:2000]}
            result["sizes"].append(size)
            if args.json:  # after each size, so a long run leaves its figures behind
                args.json.write_text(json.dumps(result, indent=2, default=str))
    print_table(result)
    shown = result["sizes"] if args.tasks else [s for s in result["sizes"][-1:]]
    for size in shown:
        print_tasks(size)
    ok = all(s.get("all_304", {}).get("state") == "success" and s.get("priming", {}).get("state") == "success"
             for s in result["sizes"])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
