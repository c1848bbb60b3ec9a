"""Stopping `make airflow` leaves nothing running.

The launcher (`python -m newsflow airflow-ui`, what `make airflow` runs) is stopped the way make's
process group is: SIGTERM to the group, and again a moment later (make forwards the signal to its
recipe), with `newsflow db stop` (what `make stop` runs) right behind it. Components that outlived
such a stop used to hold their ports, with the embedded PostgreSQL already gone under them.

The stand-in tests run the same Deployment/serve code on tiny fake components, in seconds: a
stubborn one ignores SIGTERM (as a LocalExecutor worker does) and forks a process into a group of
its own (as Airflow's task processes are).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import psutil
import pytest

from newsflow.settings import PROJECT_ROOT as ROOT
from newsflow.warehouse import db
from newsflow_dev import airflow_env
from newsflow_dev.airflow_api import TERMINAL, AirflowApi, wait_for
from newsflow_dev.airflow_lifecycle import STATE_FILE, processes_of

from support import closed_port

# ---- helpers ---------------------------------------------------------------------------------


@contextmanager
def data_dir() -> Iterator[Path]:
    """A NEWSFLOW_DATA_DIR of its own; world-readable, as the embedded server runs as another user
    when we are root (pytest's tmp_path is not)."""
    path = Path(tempfile.mkdtemp(prefix="newsflow-stop-")).resolve()
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def referring_to(path: Path) -> dict[int, str]:
    """Live processes (not this one) whose command line or environment names `path`."""
    needle = str(path).encode()
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            if needle in cmdline or needle in (proc / "environ").read_bytes():
                found[int(proc.name)] = cmdline.replace(b"\0", b" ").decode(errors="replace")[:200]
        except OSError:
            continue
    return found


def in_sessions(sessions: set[int]) -> dict[int, str]:
    """Live processes in these sessions, the components' (each leads one): this also finds the
    api-server, LocalExecutor workers and task processes, whose setproctitle blanks their
    /proc/PID/environ (and their command line no longer names the home)."""
    found = {}
    for pid in psutil.pids():
        with suppress(psutil.Error, OSError):
            proc = psutil.Process(pid)
            if os.getsid(pid) in sessions and proc.status() != psutil.STATUS_ZOMBIE:
                found[pid] = " ".join(proc.cmdline())[:200]
    return found


def kill_all(path: Path, sessions: set[int] | None = None) -> None:
    """The cleanup when a test failed: SIGKILL whatever still refers to `path` or is in `sessions`."""
    for _ in range(20):
        left = referring_to(path) | in_sessions(sessions or set())
        if not left:
            return
        for pid in left:
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)


def port_free(port: int) -> bool:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        sock.close()


def db_stop(env: dict[str, str]) -> tuple[subprocess.CompletedProcess, float]:
    """`python -m newsflow db stop`, what `make stop` runs; its result and wall time."""
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "newsflow", "db", "stop"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    return proc, time.monotonic() - started


def base_env(data: Path) -> dict[str, str]:
    """This process's environment for a child launcher: our data dir, no Airflow settings of ours."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AIRFLOW") and k not in ("NEWSFLOW_WAREHOUSE_DSN", "NEWSFLOW_FEEDS_FILE")}
    return {**env, "NEWSFLOW_DATA_DIR": str(data)}


def reaped(proc: subprocess.Popen) -> threading.Thread:
    """Reap `proc` as soon as it exits, as make does: a zombie launcher is not a running one."""
    thread = threading.Thread(target=proc.wait, daemon=True)
    thread.start()
    return thread


def log_tail(path: Path) -> str:
    return path.read_text(errors="replace")[-4000:] if path.exists() else "(no log)"


# ---- the real thing --------------------------------------------------------------------------

DAGS = ("news_ingest", "news_enrich", "news_marts")


def _chain(api: AirflowApi, ingest_id: str) -> dict[str, list[str]] | None:
    """Every run's state once the forced ingest run has finished, news_enrich and news_marts have
    run from the articles and enrichments Assets, and no run is left unfinished (None before).

    Unpausing news_ingest also starts its scheduled run, which loads the articles first: the
    forced run then changes nothing and (by design) does not wake news_enrich itself."""
    runs = {dag_id: api.runs(dag_id) for dag_id in DAGS}
    if not any(r["dag_run_id"] == ingest_id for r in runs["news_ingest"]):
        return None
    if any(r["state"] not in TERMINAL for rs in runs.values() for r in rs):
        return None
    if not all(any(r["run_type"] == "asset_triggered" for r in runs[d]) for d in ("news_enrich", "news_marts")):
        return None
    return {dag_id: [f"{r['run_type']}:{r['state']}" for r in rs] for dag_id, rs in runs.items()}


@pytest.mark.e2e
@pytest.mark.timeout(480)
def test_stop_right_after_a_chain_leaves_nothing_running():
    """`make airflow`, a forced ingest and its chain, then make's SIGTERMs with a request in flight
    and `make stop` at once: no process of the deployment is left, its ports are free and the
    embedded PostgreSQL is stopped."""
    started = time.monotonic()
    with data_dir() as data:
        home = data / "airflow"
        api_port, sample_port = closed_port(), closed_port()
        env = {**base_env(data), "NEWSFLOW_AIRFLOW_WORKER_LOG_PORT": str(closed_port()),
               "NEWSFLOW_AIRFLOW_TRIGGER_LOG_PORT": str(closed_port()), "NEWSFLOW_PER_HOST_DELAY": "0",
               "NEWSFLOW_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "NEWSFLOW_POLL_SCHEDULE": "@daily"}
        log_path = data / "launcher.log"
        url = f"http://127.0.0.1:{api_port}"
        with open(log_path, "wb") as log:
            launcher = subprocess.Popen(
                [sys.executable, "-m", "newsflow", "airflow-ui", "--port", str(api_port),
                 "--sample-port", str(sample_port)],
                env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,  # make's process group: make and the launcher only
            )
        api, sessions = None, set[int]()
        try:
            def healthy() -> bool:
                if launcher.poll() is not None:
                    raise AssertionError(f"the launcher exited ({launcher.returncode}):\n{log_tail(log_path)}")
                try:
                    doc = httpx.get(f"{url}/api/v2/monitor/health", timeout=3).json()
                except (httpx.HTTPError, ValueError):
                    return False
                return all(isinstance(v, dict) and v.get("status") == "healthy" for v in doc.values())

            wait_for("`airflow-ui` to be healthy", healthy, 240, every=1)
            print(f"healthy after {time.monotonic() - started:.0f} s")
            state = json.loads((home / STATE_FILE).read_text())
            sessions.update(c["pid"] for c in state["components"].values())
            password = json.loads((home / airflow_env.PASSWORDS_FILE).read_text())["admin"]
            api = AirflowApi(url, password)
            wait_for("the DAGs to be parsed",
                     lambda: {d["dag_id"] for d in api.get("/dags")["dags"]} >= set(DAGS), 120)
            for dag_id in ("news_enrich", "news_marts", "news_ingest"):
                api.unpause(dag_id)
            ingest_id = api.trigger("news_ingest", {"force": True})
            states = wait_for("the forced ingest's chain", lambda: _chain(api, ingest_id), 300, every=2)
            print(f"chain {states} after {time.monotonic() - started:.0f} s")
            running = referring_to(data) | in_sessions(sessions)
            assert len(running) >= 8, running  # launcher, postgres, 4 components, workers: what must go
            assert any(c.startswith("airflow api_server") for c in running.values()), running

            # A request in flight while the stop begins.
            done, served, failure = threading.Event(), [0], []

            def poll_api() -> None:
                while not done.is_set():
                    try:
                        api.get("/dags")
                        api.task_instances("news_ingest", ingest_id)
                        served[0] += 1
                    except Exception as exc:  # the api-server going away is the expected end
                        failure.append(exc)
                        return

            poller = threading.Thread(target=poll_api, daemon=True)
            poller.start()
            wait_for("a first API answer", lambda: served[0] > 0, 30, every=0.05)
            reaped(launcher)
            stopping = time.monotonic()
            os.killpg(launcher.pid, signal.SIGTERM)
            time.sleep(0.002)
            os.killpg(launcher.pid, signal.SIGTERM)  # make forwards the signal to its recipe ~1 ms later
            stop, stop_s = db_stop(env)
            done.set()
            poller.join(30)
            print(f"db stop: {stop_s:.1f} s, rc {stop.returncode}: {stop.stdout.strip()} {stop.stderr.strip()}")
            print(f"API requests served meanwhile: {served[0]}; then {failure[:1]}")
            assert stop.returncode == 0, stop.stderr

            deadline = time.monotonic() + 2  # `db stop` returns once all is gone: zombies may wait for a reap
            while (left := referring_to(data) | in_sessions(sessions)) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert not left, f"left running after `db stop`: {left}"
            print(f"everything gone {time.monotonic() - stopping:.1f} s after the SIGTERM")
            assert launcher.wait(5) == 0, log_tail(log_path)
            assert port_free(api_port) and port_free(sample_port)
            assert not (data / "pgdata" / "postmaster.pid").exists()
            assert not (home / STATE_FILE).exists()
            text = log_path.read_text(errors="replace")
            assert "Traceback" not in text, text[-4000:]
        finally:
            if api is not None:
                api.close()
            with suppress(OSError):
                os.killpg(launcher.pid, signal.SIGKILL)
            kill_all(data, sessions)
            print(f"test wall time: {time.monotonic() - started:.0f} s")


# ---- stand-ins: the same Deployment and serve on fake components, in seconds -----------------

FAKE_API = """
import http.server, json, sys
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"metadatabase": {"status": "healthy"}}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Health).serve_forever()
"""
# Ignores SIGTERM, as a LocalExecutor worker does while its task runs, and forks a process into a
# group of its own, as Airflow does for each task.
STUBBORN = """
import os, signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
if os.fork() == 0:
    os.setpgid(0, 0)
while True:
    time.sleep(1)
"""
# Takes its time to stop, then notes whether PostgreSQL was still there.
SLOW = """
import os, signal, sys, time
from pathlib import Path
def bye(*_):
    time.sleep(4)
    Path(sys.argv[1]).write_text(str(Path(sys.argv[2], "postmaster.pid").exists()))
    os._exit(0)
signal.signal(signal.SIGTERM, bye)
while True:
    time.sleep(1)
"""
# Dies soon, leaving a process in a group of its own whose setproctitle blanked its environment,
# as Airflow's workers and task processes do: only its session still ties it to the deployment.
ORPHANING = """
import os, signal, time
from setproctitle import setproctitle
if os.fork() == 0:
    os.setpgid(0, 0)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    setproctitle("airflow worker -- orphan")
    while True:
        time.sleep(1)
time.sleep(3)
"""
LAUNCHER = """
import json, os, sys
from pathlib import Path
from newsflow_dev import airflow_env
home, port, grace, components = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4])
home.mkdir(parents=True, exist_ok=True)
(home / airflow_env.PASSWORDS_FILE).write_text(json.dumps({"admin": "stand-in"}))
airflow_env.airflow_bin = lambda: sys.executable  # the components are Python snippets
deployment = airflow_env.Deployment({**os.environ, "AIRFLOW_HOME": str(home)}, airflow_env.Ports(api=port), grace)
deployment.commands = {name: (tuple(argv), deployment.env) for name, argv in components.items()}
sys.exit(airflow_env.serve(deployment, ready_timeout=30))
"""


@contextmanager
def stand_in(data: Path, processes: int, grace: float = 2,
             **components: list[str]) -> Iterator[tuple[subprocess.Popen, Path, int]]:
    """A launcher running `serve` on fake components (the argv after `python`) and FAKE_API as the
    api-server, once healthy with its `processes` up; its home and api port. Kills what is left
    of it (not the test's PostgreSQL)."""
    home, port, sessions = data / "airflow", closed_port(), set[int]()
    argv = {"api-server": ["-c", FAKE_API, str(port)], **components}
    log_path = data / "launcher.log"
    with open(log_path, "wb") as log:
        launcher = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(home), str(port), str(grace), json.dumps(argv)],
            env=base_env(data), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def up() -> bool:
            assert launcher.poll() is None, log_tail(log_path)
            return b"Airflow UI:" in log_path.read_bytes() and len(processes_of(home)) >= processes
        wait_for("the stand-in deployment", up, 30, every=0.1)
        sessions = {c["pid"] for c in json.loads((home / STATE_FILE).read_text())["components"].values()}
        yield launcher, home, port
    finally:
        with suppress(OSError):
            os.killpg(launcher.pid, signal.SIGKILL)
        for pid in {*processes_of(home), *in_sessions(sessions)}:
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.integration
def test_a_second_signal_does_not_cut_the_stop_short():
    """make sends its recipe a second SIGTERM about 1 ms after the group's own (and people press
    Ctrl-C twice): the stop still ends everything, SIGKILL after the grace period for a component
    that ignores SIGTERM, and the task process in its own group too."""
    with data_dir() as data, stand_in(data, 3, scheduler=["-c", STUBBORN]) as (launcher, home, port):
        assert len(processes_of(home)) == 3  # fake api-server, scheduler, its task
        started = time.monotonic()
        os.killpg(launcher.pid, signal.SIGTERM)
        time.sleep(0.3)  # the stop is under way: the stubborn one holds it for the grace period
        os.killpg(launcher.pid, signal.SIGTERM)
        os.killpg(launcher.pid, signal.SIGINT)
        assert launcher.wait(30) == 0
        took = time.monotonic() - started
        assert not processes_of(home)
        assert 2 <= took < 8, took
        assert port_free(port) and not (home / STATE_FILE).exists()
        assert "noted; still stopping" in (data / "launcher.log").read_text()


@pytest.mark.integration
def test_db_stop_waits_for_the_launcher_before_postgres_stops():
    """`make stop` right after the SIGTERM: PostgreSQL stops only once the launcher has stopped
    every component (which may need the database for its last writes)."""
    with data_dir() as data:
        pgdata, note = data / "pgdata", data / "postgres-at-exit"
        db.start_embedded(pgdata)
        try:
            with stand_in(data, 2, grace=10, scheduler=["-c", SLOW, str(note), str(pgdata)]) as (launcher, home, _):
                reaped(launcher)
                os.killpg(launcher.pid, signal.SIGTERM)
                stop, took = db_stop(base_env(data))
                assert stop.returncode == 0, stop.stderr
                assert note.read_text() == "True"  # PostgreSQL was still up when the component exited
                assert not (pgdata / "postmaster.pid").exists()
                assert launcher.poll() == 0 and not processes_of(home)
                assert 4 <= took < 20, took
        finally:
            db.stop_embedded(pgdata)


@pytest.mark.integration
def test_db_stop_ends_what_a_killed_launcher_left():
    """A launcher killed by SIGKILL stops nothing: the kernel sends its components SIGTERM
    (parent-death signal), and `db stop` ends, from the state file, the ones that ignore it."""
    with data_dir() as data, stand_in(data, 3, scheduler=["-c", STUBBORN]) as (launcher, home, port):
        os.kill(launcher.pid, signal.SIGKILL)
        launcher.wait(10)
        wait_for("the fake api-server to go with its launcher", lambda: port_free(port), 10, every=0.1)
        assert len(processes_of(home)) == 2  # the stubborn scheduler and its task are orphans
        stop, took = db_stop(base_env(data))
        assert stop.returncode == 0, stop.stderr
        assert not processes_of(home) and not (home / STATE_FILE).exists()
        assert took < 15, took


@pytest.mark.integration
def test_a_second_launcher_on_the_same_home_is_refused():
    """A second `make airflow` on the same data folder is refused before it starts anything: it
    would otherwise take over the state file, and `make stop` would lose track of the first."""
    with data_dir() as data, stand_in(data, 1) as (launcher, home, port):
        second = subprocess.run(
            [sys.executable, "-m", "newsflow", "airflow-ui", "--port", str(closed_port()),
             "--sample-port", str(closed_port())],
            env=base_env(data), cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert second.returncode == 1 and "already runs from" in second.stderr, second.stderr
        assert launcher.poll() is None and not port_free(port)
        assert json.loads((home / STATE_FILE).read_text())["launcher"]["pid"] == launcher.pid
        assert not (data / "pgdata").exists()


@pytest.mark.integration
def test_the_stop_ends_an_orphan_found_only_by_its_session():
    """A component that dies hands its children to init; one in a group of its own with a blank
    /proc environment (setproctitle) is still ended when the launcher stops the rest."""
    with data_dir() as data, stand_in(data, 2, scheduler=["-c", ORPHANING]) as (launcher, home, _):
        sid = json.loads((home / STATE_FILE).read_text())["components"]["scheduler"]["pid"]
        orphans = wait_for("the orphan", lambda: {p: c for p, c in in_sessions({sid}).items() if p != sid}, 10, 0.1)
        assert not set(orphans) & set(processes_of(home, sessions=()))  # its environment no longer says whose it is
        assert set(orphans) <= set(processes_of(home))  # its session does
        assert launcher.wait(30) == 1  # serve: a component exited, the others were stopped
        assert not in_sessions({sid})
