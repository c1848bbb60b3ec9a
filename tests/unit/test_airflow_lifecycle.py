"""Finding a deployment's processes: the one lookup the stop, the deployment tests and
`bench scheduler` share. Real processes, no Airflow: a stand-in component leads its session and
forks a process that blanks its environment with setproctitle, as Airflow's workers and task
processes do."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil

from newsflow_dev import airflow_lifecycle as lifecycle

# A component that forks a task process into a group of its own; the task ignores SIGTERM and
# blanks /proc/PID/environ (setproctitle reuses that memory for its title), then reports its pid.
# With the argument `exit` the component dies at once, leaving its task an orphan.
COMPONENT = """
import os, signal, sys, time
from setproctitle import setproctitle
if os.fork() == 0:
    os.setpgid(0, 0)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    setproctitle("airflow task runner -- stand-in")
    print(os.getpid(), flush=True)
    time.sleep(60)
    os._exit(0)
if sys.argv[1:] != ["exit"]:
    time.sleep(60)
"""


@contextmanager
def component(home: Path, *args: str) -> Iterator[tuple[subprocess.Popen, int]]:
    """The stand-in component started as a Deployment starts one (marked environment, a session
    of its own), and its task's pid; both killed afterwards."""
    proc = subprocess.Popen([sys.executable, "-c", COMPONENT, *args],
                            env=lifecycle.marked_env(dict(os.environ), home), stdout=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True, start_new_session=True)
    task = 0
    try:
        assert proc.stdout is not None
        task = int(proc.stdout.readline())
        yield proc, task
    finally:
        with suppress(OSError):
            if task:
                os.kill(task, signal.SIGKILL)
        proc.kill()  # nothing once it has been reaped
        proc.wait(10)


def test_a_process_with_a_blanked_environment_is_found_by_its_session(tmp_path):
    home = tmp_path / "airflow"
    home.mkdir()
    with component(home) as (proc, task):
        environ = Path(f"/proc/{task}/environ").read_bytes()
        assert lifecycle.MARKER.encode() not in environ  # setproctitle blanked it
        assert os.getsid(task) == proc.pid

        assert lifecycle.processes_of(home, sessions=()) == [proc.pid]  # the environment alone misses it
        assert lifecycle.processes_of(home, sessions=[proc.pid]) == sorted([proc.pid, task])
        lifecycle.record(home, {"scheduler": proc.pid}, grace=1.0)
        assert lifecycle.processes_of(home) == sorted([proc.pid, task])  # the recorded sessions by default


def test_the_stop_ends_an_orphan_only_its_session_finds(tmp_path):
    """A component that died left its task behind (re-parented, blank environment): the stop of
    the recorded sessions still ends it."""
    home = tmp_path / "airflow"
    home.mkdir()
    with component(home, "exit") as (proc, task):
        proc.wait(10)
        assert lifecycle.processes_of(home, sessions=()) == []
        assert lifecycle.processes_of(home, sessions=[proc.pid]) == [task]
        started = time.monotonic()
        left = lifecycle.stop_components(home, {}, grace=0.5, sessions=[proc.pid])
        assert left == []
        assert lifecycle.processes_of(home, sessions=[proc.pid]) == []
        assert not psutil.pid_exists(task) or psutil.Process(task).status() == psutil.STATUS_ZOMBIE
        assert time.monotonic() - started < 10


def test_an_exited_process_not_yet_reaped_is_not_counted(tmp_path):
    home = tmp_path / "airflow"
    home.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", "pass"], env=lifecycle.marked_env(dict(os.environ), home),
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while psutil.Process(proc.pid).status() != psutil.STATUS_ZOMBIE and time.monotonic() < deadline:
            time.sleep(0.05)
        assert psutil.Process(proc.pid).status() == psutil.STATUS_ZOMBIE
        assert lifecycle.processes_of(home, sessions=[proc.pid]) == []
    finally:
        proc.wait(10)


def test_a_recorded_process_is_still_itself_when_the_wall_clock_moves(monkeypatch):
    """NTP stepping the clock moves the boot time by the wall clock (whole seconds): the launcher
    recorded before must still be found, or `make stop` takes it for gone and stops PostgreSQL
    under a running api-server."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        ident = lifecycle._identity(proc.pid)
        assert ident is not None and lifecycle._process(ident) is not None
        if sys.platform.startswith("linux"):  # the clock only moves psutil's wall-clock reading here
            import psutil._pslinux as pslinux

            booted = pslinux.boot_time()
            before = psutil.Process(proc.pid).create_time()
            monkeypatch.setattr(pslinux, "boot_time", lambda: booted + 1.0)
            assert psutil.Process(proc.pid).create_time() == before + 1.0  # the wall-clock reading moved
        found = lifecycle._process(ident)
        assert found is not None and found.pid == proc.pid
        assert lifecycle._same_session(ident)
    finally:
        proc.kill()
        proc.wait()
    assert lifecycle._process(ident) is None  # gone is gone
