"""Run this project's DAGs through Airflow's own CLI in a local AIRFLOW_HOME.

Used by the demo and the end-to-end tests. It shells out to `airflow`, so newsflow itself
still never imports Airflow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from newsflow.config import PROJECT_ROOT

POOL = ("news_http", "4", "Concurrent HTTP-heavy newsflow tasks")


def airflow_bin() -> str:
    candidate = Path(sys.executable).with_name("airflow")
    return str(candidate) if candidate.exists() else "airflow"


def local_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for a self-contained Airflow: SQLite metadata under `home`, our dags/plugins."""
    env = dict(os.environ)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT_ROOT / "plugins"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": env.get("AIRFLOW__LOGGING__LOGGING_LEVEL", "INFO"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(PROJECT_ROOT / "plugins"), env.get("PYTHONPATH", "")) if p
            ),
        }
    )
    env.update(extra or {})
    return env


def _run(args: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        [airflow_bin(), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def ensure_metadata_db(env: dict[str, str], timeout: float = 600) -> None:
    """`airflow db migrate` once per AIRFLOW_HOME (a fresh home has no task_instance table)."""
    home = Path(env["AIRFLOW_HOME"])
    marker = home / ".newsflow-db-migrated"
    if not marker.exists():
        home.mkdir(parents=True, exist_ok=True)
        proc = _run(["db", "migrate"], env, timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"airflow db migrate failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        marker.touch()
    proc = _run(["pools", "set", *POOL], env, timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"airflow pools set failed:\n{proc.stderr[-3000:]}")


def dags_test(
    dag_id: str, env: dict[str, str], conf: dict | None = None, timeout: float = 1800
) -> subprocess.CompletedProcess:
    """Run one DAG run in-process through `airflow dags test` (that is, `dag.test()`)."""
    args = ["dags", "test", dag_id]
    if conf:
        args += ["--conf", json.dumps(conf)]
    return _run(args, env, timeout)


def standalone(env: dict[str, str], port: int, ready_timeout: float = 180) -> int:
    """`airflow standalone` on 127.0.0.1:port; prints the UI address and login once healthy."""
    import signal
    import time

    import httpx

    home = Path(env["AIRFLOW_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    env = {
        **env,
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
    }
    # SIGTERM (e.g. from `timeout` or a service manager) must still stop the child servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    log_path = home / "standalone.log"
    print(f"starting airflow standalone (log: {log_path}) …", flush=True)
    with open(log_path, "ab") as log_file:
        proc = subprocess.Popen(
            [airflow_bin(), "standalone"], env=env, stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + ready_timeout
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    if httpx.get(f"{url}/api/v2/monitor/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(2)
            else:
                print(f"airflow standalone did not become healthy; see {log_path}")
                return 1
            passwords = home / "simple_auth_manager_passwords.json.generated"
            login = json.loads(passwords.read_text()) if passwords.exists() else {}
            creds = ", ".join(f"{user} / {pw}" for user, pw in login.items()) or "see the log"
            print(f"Airflow UI: {url}   login: {creds}\nCtrl-C stops it.", flush=True)
            return proc.wait()
        except (KeyboardInterrupt, SystemExit):
            return 0
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
