"""Benchmark: the poller's scheduler overhead under the real Airflow scheduler.

The deployment `make airflow` runs (api-server, scheduler, dag-processor, triggerer; LocalExecutor;
metadata in the embedded PostgreSQL; the news_http pool of 4 slots; airflow.cfg from
newsflow_dev.airflow_env) in a temporary home, driven only through the REST API.

`--sites` loopback HTTP servers (one site each: http://127.0.0.1:<port>) serve feeds
`/feed-<i>.xml` (3 entries, ETag, 304 on If-None-Match), their article pages `/a/<i>-<k>.html`
and a robots.txt allowing all; every request's arrival is logged per site to check the
politeness spacing (NEWSFLOW_PER_HOST_DELAY, default 0.5 s; 1 ms slack).

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
import hashlib
import json
import math
import os
import random
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from newsflow_dev.airflow_api import AirflowApi, wait_for
from newsflow_dev.airflow_lifecycle import processes_of, recorded_sessions
from newsflow_dev.bench.scale import _article_text, _page, _person
from newsflow_dev.bench.server import bench_server, send_conditional

DAG_ID = "news_ingest"
OTHER_DAGS = ("news_enrich", "news_marts")  # started by news_ingest's Asset; kept paused here
SLACK = 0.001  # seconds of measurement slack on the politeness spacing
ENTRIES = 3  # per feed
TARGET_FEEDS = 5000
TARGET_SECONDS = 600.0
TERMINAL = {"success", "failed"}

Say = Callable[[str], None]

# --------------------------------------------------------------------------- the sites


class _Handler(BaseHTTPRequestHandler):
    server: _Site

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        arrived = self.server.accepted.pop(self.request, time.monotonic())
        path = self.path.split("?", 1)[0]
        page = self.server.page(path)
        if page is None:
            self.server.record(arrived, path, 404)
            self.send_error(404)
            return
        body, ctype, etag = page
        # recorded first: the arrival log must hold the request before the client sees an answer
        self.server.record(arrived, path, 304 if self.headers.get("If-None-Match") == etag else 200)
        send_conditional(self, body, ctype, etag)


class _Site(ThreadingHTTPServer):
    """One site: its feeds (those whose number `i` has `i % sites == index`) and their article
    pages, made by `generate` (deterministic, so ETags stay stable); a log of every request."""

    daemon_threads = True

    def __init__(self, index: int, sites: int, now: datetime) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.index, self.sites, self.now = index, sites, now
        self.feeds = 0  # feeds numbered below this exist
        self.accepted: dict[Any, float] = {}
        self.log: list[tuple[float, str, int]] = []
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[bytes, str, str]] = {}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def process_request(self, request: Any, client_address: Any) -> None:
        self.accepted[request] = time.monotonic()  # arrival: when the connection is accepted
        super().process_request(request, client_address)

    def record(self, at: float, path: str, status: int) -> None:
        with self._lock:
            self.log.append((at, path, status))

    def generate(self, feeds: int) -> None:
        """Serve feeds numbered below `feeds`; every page made now, so that serving (and the
        arrival times logged) costs no generation work during a round."""
        self.feeds = feeds
        self._cache = {"/robots.txt": self._entry(b"User-agent: *\nAllow: /\n", "text/plain")}
        for i in range(self.index, feeds, self.sites):
            self._cache[f"/feed-{i}.xml"] = self._entry(self._feed(i), "application/rss+xml")

    @staticmethod
    def _entry(body: bytes, ctype: str) -> tuple[bytes, str, str]:
        return body, ctype, '"' + hashlib.sha1(body).hexdigest() + '"'

    def page(self, path: str) -> tuple[bytes, str, str] | None:
        return self._cache.get(path)

    def _article(self, i: int, k: int) -> tuple[bytes, str, datetime]:
        rng = random.Random(i * 16 + k)
        title, paragraphs = _article_text(rng, i * ENTRIES + k, chars=1800)
        published = self.now - timedelta(minutes=5 + (i * ENTRIES + k) % 600)
        path = f"/a/{i}-{k}.html"
        return _page(self.base_url, path, title, _person(rng), published, paragraphs), title, published

    def _feed(self, i: int) -> bytes:
        """Feed i, its article pages stored on the way."""
        base = self.base_url
        items = []
        for k in range(ENTRIES):
            body, title, published = self._article(i, k)
            self._cache[f"/a/{i}-{k}.html"] = self._entry(body, "text/html; charset=utf-8")
            link = f"{base}/a/{i}-{k}.html"
            items.append(f"<item><title>{escape(title)}</title><link>{link}</link><guid>{link}</guid>"
                         f"<pubDate>{format_datetime(published)}</pubDate></item>")
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Bench feed {i}</title><link>{base}/</link><description>generated</description>\n"
                + "\n".join(items) + "\n</channel></rss>").encode()


@contextmanager
def _serve_sites(count: int, now: datetime) -> Iterator[list[_Site]]:
    sites: list[_Site] = []
    threads: list[threading.Thread] = []
    try:
        for index in range(count):
            site = _Site(index, count, now)
            sites.append(site)
            thread = threading.Thread(target=site.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
            thread.start()
            threads.append(thread)
        yield sites
    finally:
        for site in sites:
            site.shutdown()
            site.server_close()
        for thread in threads:
            thread.join(timeout=5)


def feeds_yaml(sites: list[_Site], count: int) -> str:
    """`count` feeds, feed i on site i % len(sites)."""
    lines = ["feeds:"]
    for i in range(count):
        site = sites[i % len(sites)]
        lines += [f"  - name: bench-{i}", f"    url: {site.base_url}/feed-{i}.xml"]
    return "\n".join(lines) + "\n"


def _placeholder_yaml(site: _Site) -> str:
    """What the scheduled run the unpause creates meets: no enabled feed, an empty round."""
    return f"feeds:\n  - name: bench-placeholder\n    url: {site.base_url}/feed-placeholder.xml\n    enabled: false\n"


def spacing(sites: list[_Site], start: float, end: float, delay: float) -> dict[str, Any]:
    """Requests per site in [start, end) and the closest two arrivals on any site."""
    per_site_min: list[float] = []
    statuses: Counter[int] = Counter()
    kinds: Counter[str] = Counter()
    too_close = 0
    close: list[dict[str, Any]] = []
    counts = []
    for site in sites:
        with site._lock:
            hits = sorted((t, p, s) for t, p, s in site.log if start <= t < end)
        counts.append(len(hits))
        for _, path, status in hits:
            statuses[status] += 1
            kinds["robots" if path == "/robots.txt" else "feed" if path.startswith("/feed-") else "article"] += 1
        gaps = [b[0] - a[0] for a, b in zip(hits, hits[1:], strict=False)]
        if gaps:
            per_site_min.append(min(gaps))
            for j, gap in enumerate(gaps):
                if gap >= delay - SLACK:
                    continue
                too_close += 1
                close.append({"site": site.index, "gap": round(gap, 4),
                              "gap_before": round(gaps[j - 1], 4) if j else None,
                              "gap_after": round(gaps[j + 1], 4) if j + 1 < len(gaps) else None,
                              "first": f"{hits[j][1]} {hits[j][2]}", "second": f"{hits[j + 1][1]} {hits[j + 1][2]}"})
    # the closest pairs, each with the gaps around it: a late request shortens the gap after it
    close = sorted(close, key=lambda c: c["gap"])[:40]
    return {
        "requests": sum(counts), "by_status": {str(k): v for k, v in sorted(statuses.items())},
        "by_kind": dict(kinds), "max_per_site": max(counts, default=0),
        "min_spacing": round(min(per_site_min), 4) if per_site_min else None,
        "median_site_min_spacing": round(sorted(per_site_min)[len(per_site_min) // 2], 4) if per_site_min else None,
        "closer_than_delay": too_close, "close_pairs": close,
    }


# --------------------------------------------------------------------------- Airflow


def _free_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@contextmanager
def deployment(home: Path, metadata_dsn: str, newsflow_env: dict[str, str]) -> Iterator[tuple[Any, AirflowApi]]:
    """`make airflow`'s deployment (same airflow.cfg writer, no overrides) on free loopback ports;
    stopped afterwards, and no process of the home may be left."""
    from newsflow_dev import airflow_env

    ports = airflow_env.Ports(api=_free_port(), worker_log=_free_port(), trigger_log=_free_port())
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


def timed_round(api: AirflowApi, sites: list[_Site], dsn: str, feeds: int, delay: float, label: str, timeout: float,
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


def run_size(server_dsn: str, sites: list[_Site], feeds: int, *, timeout: float, say: Say,
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
        feeds_file.write_text(_placeholder_yaml(sites[0]))
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


# --------------------------------------------------------------------------- printing


def _floor(r: dict[str, Any], delay: float, slots: int = 4) -> float:
    """Politeness floor of a round: waves of shards through the pool, each as long as its busiest
    site's spacing (sites of a shard run in parallel)."""
    waves = math.ceil(len(r.get("plan") or []) / slots)
    per_site = r["requests"]["max_per_site"]
    return waves * max(0, per_site - 1) * delay if waves else 0.0


def print_table(result: dict[str, Any]) -> None:
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
    with bench_server(args.dsn, "scheduler") as server_dsn, _serve_sites(args.sites, now) as sites:
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
