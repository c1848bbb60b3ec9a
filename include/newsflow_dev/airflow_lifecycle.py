"""Ending an Airflow deployment completely: what `make airflow`'s launcher and `make stop` share.

Why this exists: components outlived stops, holding their ports, hung on an embedded PostgreSQL
that was already gone. A stop was cut short by a second signal (make forwards SIGTERM to its
recipe a moment after the group's own; a second Ctrl-C), `make stop` stopped PostgreSQL while the
launcher was still stopping, and a killed launcher stopped nothing. Airflow runs each task in a
process group of its own, which a signal to its component's group does not reach; a LocalExecutor
worker ignores SIGTERM (it inherits the scheduler's handler, which acts in the main process only)
and its scheduler waits for it: only SIGKILL after a grace period ends everything for sure.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

import psutil

#: In every component's environment, so in what it forks, except where setproctitle blanked
#: /proc/PID/environ (api-server, LocalExecutor workers, task processes): `_members` also looks
#: at the components' sessions.
MARKER = "NEWSFLOW_AIRFLOW_DEPLOYMENT"
#: In AIRFLOW_HOME while a deployment runs: the launcher's and each component's pid.
STATE_FILE = "newsflow-deployment.json"
#: Seconds from SIGTERM to SIGKILL: running tasks may finish meanwhile.
DEFAULT_GRACE = 30.0
#: The api-server goes last and gets at least this long (in-flight requests, tasks' last calls).
API_GRACE = 10.0
#: How long SIGKILLed processes get to disappear.
KILL_WAIT = 10.0

#: Set once a stop has begun: from then on a SIGTERM or SIGINT is only noted.
stopping = threading.Event()


def stop_on_signals() -> None:
    """SIGTERM and SIGINT end the launcher's main loop once (SystemExit, so its `finally` blocks
    stop what it started); a repeat while stopping is only noted, so the stop runs to its end."""

    def handler(signum: int, frame: Any) -> None:
        if stopping.is_set():
            os.write(2, f"newsflow: {signal.Signals(signum).name} noted; still stopping\n".encode())
            return
        stopping.set()
        raise SystemExit(0)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, handler)


# The component gets SIGTERM when the thread that started it dies, even by SIGKILL
# (prctl PR_SET_PDEATHSIG = 1, kept across exec); a launcher gone before the call is caught by the
# parent check. A wrapper rather than preexec_fn, which is unsafe once the launcher has threads.
_PDEATHSIG_EXEC = (
    "import ctypes, os, signal, sys\n"
    "ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)\n"
    "if os.getppid() != int(sys.argv[1]):\n"
    "    sys.exit('newsflow: the launcher is gone')\n"
    "os.execvp(sys.argv[2], sys.argv[2:])\n"
)


def child_argv(argv: list[str]) -> list[str]:
    """`argv` behind the parent-death signal on Linux; unchanged elsewhere."""
    if not sys.platform.startswith("linux"):
        return argv
    return [sys.executable, "-I", "-S", "-c", _PDEATHSIG_EXEC, str(os.getpid()), *argv]


def marked_env(env: dict[str, str], home: Path) -> dict[str, str]:
    return {**env, MARKER: str(home)}


def _identity(pid: int) -> dict[str, float] | None:
    with suppress(psutil.Error):
        return {"pid": pid, "started": _start_time(psutil.Process(pid))}
    return None


#: How far two readings of one process's start may differ (clock ticks are 1/100 s).
SAME_START = 0.05


def _start_time(proc: psutil.Process) -> float:
    """When ``proc`` started, in seconds since boot where Linux tells (/proc/PID/stat's starttime).

    Why not `create_time()`: it adds the boot time by the wall clock (/proc/stat's btime, whole
    seconds), which moves when NTP steps or slews the clock, so the same launcher read twice a
    minute apart could differ by a second and `make stop` took it for gone (a flaky e2e stop)."""
    try:
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return proc.create_time()


_recorded: set[Path] = set()


def record(home: Path, components: dict[str, int], grace: float) -> None:
    """The state file naming this process as the launcher, replaced atomically (a signal may
    come at any moment); it goes when this process exits, unless it still names components."""
    state = {"launcher": _identity(os.getpid()), "grace": grace,
             "components": {name: _identity(pid) for name, pid in components.items()}}
    tmp = home / f"{STATE_FILE}.tmp"
    tmp.write_text(json.dumps(state))
    os.replace(tmp, home / STATE_FILE)
    if not _recorded:
        atexit.register(_forget)
    _recorded.add(home)


def _forget() -> None:
    for home in _recorded:
        state = _read(home) or {}
        if not state.get("components") and (state.get("launcher") or {}).get("pid") == os.getpid():
            (home / STATE_FILE).unlink(missing_ok=True)


def claim(home: Path, grace: float = DEFAULT_GRACE) -> None:
    """Record this process as the launcher of `home`, so that `make stop` waits for it from now
    on. Refused (RuntimeError) while another launcher lives; what a killed one left is ended."""
    if recorded_launcher(home) is not None:
        raise RuntimeError(f"Airflow already runs from {home}; stop it first (make stop)")
    stop_recorded(home)
    home.mkdir(parents=True, exist_ok=True)
    record(home, {}, grace)


def _read(home: Path) -> dict[str, Any] | None:
    try:
        state = json.loads((home / STATE_FILE).read_text())
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _process(ident: Any) -> psutil.Process | None:
    """The recorded process if it still runs: same pid and start time (pids are reused)."""
    try:
        proc = psutil.Process(int(ident["pid"]))
        if abs(_start_time(proc) - float(ident["started"])) < SAME_START and _running(proc):
            return proc
    except (psutil.Error, KeyError, TypeError, ValueError):
        pass
    return None


def recorded_launcher(home: Path) -> psutil.Process | None:
    """The live launcher recorded in `home`, unless it is this process."""
    proc = _process((_read(home) or {}).get("launcher"))
    return proc if proc is not None and proc.pid != os.getpid() else None


def _running(proc: psutil.Process) -> bool:
    """Alive and not a zombie (a zombie has exited; only its parent's wait is missing)."""
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _wait_gone(procs: Iterable[psutil.Process], timeout: float) -> None:
    procs = list(procs)
    deadline = time.monotonic() + max(0.0, timeout)
    while any(_running(p) for p in procs) and time.monotonic() < deadline:
        time.sleep(0.1)


def _signal(procs: Iterable[psutil.Process], sig: int) -> None:
    """`sig` to each process, and to its process group when it leads one (a component's, a
    task's); never to a group it merely belongs to, which may be make's or a shell's."""
    for proc in procs:
        with suppress(psutil.Error, OSError):
            if _running(proc) and os.getpgid(proc.pid) == proc.pid:
                os.killpg(proc.pid, sig)
            else:
                proc.send_signal(sig)


def _descendants(procs: Iterable[psutil.Process]) -> list[psutil.Process]:
    out: list[psutil.Process] = []
    for proc in procs:
        with suppress(psutil.Error):
            out += proc.children(recursive=True)
    return out


def _members(home: Path, sessions: set[int]) -> list[psutil.Process]:
    """The deployment's running processes wherever they went (a task's own process group, an
    orphan re-parented to init): those in the components' sessions (each component leads one),
    and those whose environment carries the MARKER. Only the session finds the api-server,
    LocalExecutor workers and task processes: their setproctitle blanks /proc/PID/environ.
    Zombies are left out: they have exited, only their parent's wait is missing."""
    value, me = str(home), os.getpid()
    found = []
    for proc in psutil.process_iter():
        with suppress(psutil.Error, OSError):
            mine = os.getsid(proc.pid) in sessions or proc.environ().get(MARKER) == value
            if mine and proc.pid != me and _running(proc):
                found.append(proc)
    return found


def processes_of(home: Path, sessions: Iterable[int] | None = None) -> list[int]:
    """Pids of the deployment in `home` still running, found as the stop finds them: in
    `sessions` (by default those recorded in the state file; a stopped deployment's are no longer
    there, so a check after a stop passes the ones it read before) or marked by their environment.
    What a stopped deployment must not leave (the deployment tests, `bench scheduler`)."""
    sids = set(recorded_sessions(home) if sessions is None else sessions)
    return sorted(p.pid for p in _members(home, sids))


def _same_session(ident: Any) -> bool:
    """Whether the session a recorded component led is still its own: its leader is that very
    process, or is gone (the pid of a session that still has members is never handed out again)."""
    try:
        return abs(_start_time(psutil.Process(int(ident["pid"]))) - float(ident["started"])) < SAME_START
    except psutil.NoSuchProcess:
        return True
    except (psutil.Error, KeyError, TypeError, ValueError):
        return False


def recorded_sessions(home: Path) -> list[int]:
    """The sessions of the components recorded in `home` that are still theirs, also of those
    that have exited: orphans they left stay in them."""
    components = (_read(home) or {}).get("components") or {}
    return [int(i["pid"]) for i in components.values() if _same_session(i)]


def stop_components(home: Path, procs: Mapping[str, int | psutil.Process], grace: float,
                    sessions: Iterable[int] = ()) -> list[int]:
    """SIGTERM the components' groups, the api-server after the others (running tasks report to
    it); SIGKILL what is left after `grace` s, with all they forked (`_members` of their sessions
    and of `sessions`), until none is; returns the pids that are left."""
    live = {}
    for name, proc in procs.items():
        with suppress(psutil.Error):
            live[name] = proc if isinstance(proc, psutil.Process) else psutil.Process(proc)
    seen = {p.pid: p for p in [*live.values(), *_descendants(live.values())]}
    sids = {*sessions, *(p.pid for p in live.values())}
    deadline = time.monotonic() + grace
    others = [p for name, p in live.items() if name != "api-server"]
    _signal(others, signal.SIGTERM)
    _wait_gone(others, deadline - time.monotonic())
    api = [p for name, p in live.items() if name == "api-server"]
    _signal(api, signal.SIGTERM)
    _wait_gone(api, max(deadline, time.monotonic() + API_GRACE) - time.monotonic())
    deadline = time.monotonic() + KILL_WAIT
    while True:
        for proc in [*_descendants(seen.values()), *_members(home, sids)]:
            seen.setdefault(proc.pid, proc)
        left = [p for p in seen.values() if _running(p)]
        if not left or time.monotonic() > deadline:
            break
        _signal(left, signal.SIGKILL)
        time.sleep(0.1)
    return sorted(p.pid for p in left)


def stop_recorded(home: Path, wait: float = 150) -> int:
    """Finish the stop of the deployment recorded in `home` (what `db stop` does before it stops
    PostgreSQL): a live launcher gets SIGTERM and is waited for (SIGKILL after `wait` s), then
    what it left is stopped as `stop_components` does. Returns how many of them were running;
    raises RuntimeError naming what SIGKILL did not end."""
    state = _read(home)
    if state is None:
        return 0
    launcher = recorded_launcher(home)
    if launcher is not None:
        with suppress(psutil.Error):
            launcher.send_signal(signal.SIGTERM)
        _wait_gone([launcher], wait)
        if _running(launcher):
            with suppress(psutil.Error):
                launcher.kill()
            _wait_gone([launcher], 5)
        state = _read(home) or {}  # a launcher that finished its stop left no components in it
    components = state.get("components") or {}
    alive = {name: p for name, p in ((n, _process(i)) for n, i in components.items()) if p is not None}
    left = stop_components(home, alive, float(state.get("grace", DEFAULT_GRACE)), recorded_sessions(home))
    if left:
        raise RuntimeError(f"still running after SIGKILL: {left}")
    (home / STATE_FILE).unlink(missing_ok=True)
    return int(launcher is not None) + len(alive)
