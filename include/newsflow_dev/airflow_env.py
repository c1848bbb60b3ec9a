"""Run this project's DAGs under Airflow in a local AIRFLOW_HOME.

Two uses: `dags_test` (the demo and the DAG tests: `airflow dags test` on SQLite) and a real
deployment (`make airflow`, the scheduler test): an airflow.cfg written here, metadata in the
embedded PostgreSQL, the api-server, scheduler, dag-processor and triggerer as child processes.
It shells out to `airflow`, so newsflow itself still never imports Airflow.
"""

from __future__ import annotations

import configparser
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from newsflow.settings import PROJECT_ROOT
from newsflow.stage_run import RUN_ORIGIN_ENV
from newsflow_dev import airflow_lifecycle as lifecycle

#: name -> (slots, description). news_nlp keeps spaCy batches from taking every task slot, so a
#: poll round's shards still run while news_enrich works through a big backlog.
POOLS = {
    "news_http": (4, "Concurrent HTTP-heavy newsflow tasks (poll shards)"),
    "news_nlp": (2, "Concurrent spaCy analyze tasks (news_enrich)"),
}


def _set_pools(env: dict[str, str], timeout: float) -> None:
    """Every pool in one Airflow CLI call (each call costs seconds of start-up)."""
    path = Path(env["AIRFLOW_HOME"]) / "newsflow-pools.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({name: {"slots": slots, "description": text, "include_deferred": False}
                                for name, (slots, text) in POOLS.items()}))
    airflow_cli(env, "pools", "import", str(path), timeout=timeout)


def airflow_bin() -> str:
    candidate = Path(sys.executable).with_name("airflow")
    return str(candidate) if candidate.exists() else "airflow"


def local_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for a self-contained Airflow: SQLite metadata under `home`, our dags/plugins.

    The metadata URL is pinned here, so an airflow.cfg that `make airflow` wrote in the same home
    (PostgreSQL metadata) does not redirect `dags_test`."""
    env = dict(os.environ)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{Path(home).resolve() / 'airflow.db'}",
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
    _set_pools(env, timeout)


def dags_test(
    dag_id: str, env: dict[str, str], conf: dict | None = None, timeout: float = 1800
) -> subprocess.CompletedProcess:
    """Run one DAG run in-process through `airflow dags test` (that is, `dag.test()`)."""
    args = ["dags", "test", dag_id]
    if conf:
        args += ["--conf", json.dumps(conf)]
    # The run records say so: the News view does not link them to the Airflow UI, which never saw them.
    return _run(args, {**env, RUN_ORIGIN_ENV: "test"}, timeout)


# ---- A coherent local deployment: airflow.cfg is the single source of truth --------------------

# Components of a LocalExecutor deployment. The log servers are skipped: Airflow 3.3 binds them to
# every interface with no host setting, and on one machine the api-server reads the task log files
# directly from the shared log folder.
COMPONENTS: tuple[tuple[str, ...], ...] = (
    ("api-server",),
    ("scheduler", "--skip-serve-logs"),
    ("dag-processor",),
    ("triggerer", "--skip-serve-logs"),
)
SECRETS = (("core", "fernet_key"), ("api", "secret_key"), ("api_auth", "jwt_secret"))
PASSWORDS_FILE = "simple_auth_manager_passwords.json.generated"
ENV_FILE = "newsflow.env"


@dataclass(frozen=True)
class Ports:
    """Every port an Airflow deployment listens on (all on 127.0.0.1)."""

    api: int = 8080
    worker_log: int = 8793
    trigger_log: int = 8794

    @classmethod
    def from_env(cls, api: int | None = None) -> Ports:
        """NEWSFLOW_AIRFLOW_PORT / _WORKER_LOG_PORT / _TRIGGER_LOG_PORT, else Airflow's defaults."""
        get = os.environ.get
        return cls(
            api=api or int(get("NEWSFLOW_AIRFLOW_PORT", "8080")),
            worker_log=int(get("NEWSFLOW_AIRFLOW_WORKER_LOG_PORT", "8793")),
            trigger_log=int(get("NEWSFLOW_AIRFLOW_TRIGGER_LOG_PORT", "8794")),
        )


def default_parallelism(cpus: int | None = None) -> int:
    """Task slots: two per core (tasks wait on HTTP and PostgreSQL), never fewer than 2; Airflow's
    default of 32 forked workers swamps a small machine."""
    return max(2, 2 * (cpus or os.cpu_count() or 1))


def metadata_url(dsn: str, dbname: str | None = None) -> str:
    """SQLAlchemy URL (psycopg2) for database `dbname` (default: the URI's own) on the server of a
    libpq URI, keeping its socket (`?host=/dir`): the metadata lives beside the warehouse."""
    scheme, sep, rest = dsn.partition("://")
    if not sep or scheme not in ("postgres", "postgresql"):
        raise ValueError("expected a postgresql:// URI")
    head, _, query = rest.partition("?")
    server, _, own = head.partition("/")
    return f"postgresql+psycopg2://{server}/{dbname or own}" + (f"?{query}" if query else "")


def ensure_database(server_dsn: str, dbname: str = "airflow") -> None:
    """CREATE DATABASE once (PostgreSQL has no IF NOT EXISTS for it)."""
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(server_dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    finally:
        conn.close()


def write_config(
    home: Path,
    *,
    sql_alchemy_conn: str,
    ports: Ports,
    executor: str = "LocalExecutor",
    parallelism: int | None = None,
    overrides: dict[str, dict[str, str]] | None = None,
) -> Path:
    """Write `home/airflow.cfg` so the CLI, the UI and every component read the same settings.

    Secrets (fernet key, api secret, JWT secret) are kept from an existing file: a new JWT secret
    would invalidate running tasks' tokens, a new fernet key the stored connections."""
    import secrets

    home.mkdir(parents=True, exist_ok=True)
    path = home / "airflow.cfg"
    old = configparser.ConfigParser(interpolation=None)
    if path.exists():
        old.read(path)
    api = f"http://127.0.0.1:{ports.api}"
    cfg: dict[str, dict[str, str]] = {
        "core": {
            "dags_folder": str(PROJECT_ROOT / "dags"),
            "plugins_folder": str(PROJECT_ROOT / "plugins"),
            "load_examples": "False",
            "unit_test_mode": "False",
            "executor": executor,
            "parallelism": str(parallelism or default_parallelism()),
            "execution_api_server_url": f"{api}/execution/",
            "auth_manager": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
            "simple_auth_manager_users": "admin:admin",
        },
        "database": {"sql_alchemy_conn": sql_alchemy_conn, "load_default_connections": "False"},
        "api": {"host": "127.0.0.1", "port": str(ports.api), "base_url": api, "workers": "1"},
        "api_auth": {},
        "logging": {
            "logging_level": "INFO",
            "worker_log_server_port": str(ports.worker_log),
            "trigger_log_server_port": str(ports.trigger_log),
        },
    }
    for section, key in SECRETS:
        kept = old.get(section, key, fallback="")
        if key == "fernet_key":
            from cryptography.fernet import Fernet

            cfg[section][key] = kept or Fernet.generate_key().decode()
        else:
            cfg[section][key] = kept or secrets.token_urlsafe(32)
    for section, values in (overrides or {}).items():
        cfg.setdefault(section, {}).update(values)
    out = configparser.ConfigParser(interpolation=None)
    out.read_dict(cfg)
    text = "# Written by newsflow (python -m newsflow airflow-ui); rewritten on each start.\n"
    path.write_text(text + _ini(out))
    path.chmod(0o600)
    return path


def _ini(parser: configparser.ConfigParser) -> str:
    buf = io.StringIO()
    parser.write(buf)
    return buf.getvalue()


def deployment_env(home: Path, newsflow_env: dict[str, str]) -> dict[str, str]:
    """Environment of the components: AIRFLOW_HOME and newsflow's own settings; Airflow's settings
    come from airflow.cfg only."""
    env = dict(os.environ)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            **newsflow_env,
        }
    )
    return env


def write_env_file(home: Path, newsflow_env: dict[str, str]) -> Path:
    """`home/newsflow.env`: what tasks need beyond airflow.cfg (feeds file, warehouse), so
    `make airflow-cli` parses the DAGs exactly as the scheduler does."""
    import shlex

    path = home / ENV_FILE
    lines = [f"{k}={shlex.quote(v)}" for k, v in sorted(newsflow_env.items())]
    path.write_text("# Written by newsflow airflow-ui; sourced by `make airflow-cli`.\n" + "\n".join(lines) + "\n")
    path.chmod(0o600)
    return path


def airflow_cli(env: dict[str, str], *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """One `airflow …` command in the deployment's home; raises with its output when it fails."""
    proc = _run(list(args), env, timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"airflow {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def prepare_metadata(env: dict[str, str], timeout: float = 600) -> None:
    """Migrate the metadata database (idempotent) and create the pools (`POOLS`)."""
    airflow_cli(env, "db", "migrate", timeout=timeout)
    _set_pools(env, timeout)


class Deployment:
    """The Airflow components as child processes, each its own process group, logs in the home.

    `stop()` (also on SIGTERM or Ctrl-C through `serve`) ends every process the components forked,
    task processes in groups of their own included, and returns only when none is left. From
    `start()` to the launcher's exit, `home/newsflow-deployment.json` names the launcher and the
    running components, so `db stop` (`make stop`) waits for the launcher's stop before it stops
    PostgreSQL, and ends what a killed launcher left."""

    def __init__(self, env: dict[str, str], ports: Ports, grace: float = lifecycle.DEFAULT_GRACE) -> None:
        self.env = env
        self.ports = ports
        self.grace = grace  # seconds from SIGTERM to SIGKILL (running tasks may finish meanwhile)
        self.home = Path(env["AIRFLOW_HOME"])
        self.procs: dict[str, subprocess.Popen] = {}
        self._started = False
        self.commands: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
            command[0]: (command, env) for command in COMPONENTS
        }

    def add(self, name: str, command: tuple[str, ...], env: dict[str, str] | None = None) -> None:
        """One more component, e.g. a Celery worker (`celery`, `worker`, …) with its own env."""
        self.commands[name] = (command, env or self.env)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports.api}"

    def start(self) -> None:
        """Start every component (from this thread: the parent-death signal is tied to it); what a
        killed launcher left in this home is ended first, a live one refused."""
        lifecycle.claim(self.home, self.grace)
        lifecycle.stopping.clear()
        self._started = True
        log_dir = self.home / "logs" / "components"
        log_dir.mkdir(parents=True, exist_ok=True)
        for name, (command, env) in self.commands.items():
            with open(log_dir / f"{name}.log", "ab") as log_file:
                self.procs[name] = subprocess.Popen(
                    lifecycle.child_argv([airflow_bin(), *command]), env=lifecycle.marked_env(env, self.home),
                    stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
                )
            lifecycle.record(self.home, {n: p.pid for n, p in self.procs.items()}, self.grace)

    def wait_healthy(self, timeout: float = 180) -> None:
        """Until /api/v2/monitor/health reports the metadatabase, scheduler, dag processor and
        triggerer healthy; raises naming the component that died or stayed unhealthy."""
        import time

        import httpx

        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            dead = [name for name, p in self.procs.items() if p.poll() is not None]
            if dead:
                raise RuntimeError(f"airflow {', '.join(dead)} exited; see {self.home}/logs/components/")
            try:
                doc = httpx.get(f"{self.url}/api/v2/monitor/health", timeout=3).json()
                last = json.dumps(doc)
                if all(isinstance(v, dict) and v.get("status") == "healthy" for v in doc.values()):
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(1)
        raise RuntimeError(f"airflow did not become healthy in {timeout:.0f} s: {last}")

    def password(self, user: str = "admin") -> str:
        return json.loads((self.home / PASSWORDS_FILE).read_text())[user]

    def stop(self, timeout: float | None = None) -> None:
        """SIGTERM the components, the api-server last (running tasks report to it), SIGKILL what
        is left after `timeout` (default: the grace period), and return once nothing is left. A
        signal meanwhile is only noted: a stop cut short left components running."""
        lifecycle.stopping.set()
        if not self._started:  # start() refused: the home is another launcher's
            return
        pids = {name: proc.pid for name, proc in self.procs.items()}
        left = lifecycle.stop_components(self.home, pids, self.grace if timeout is None else timeout,
                                         lifecycle.recorded_sessions(self.home))
        for proc in self.procs.values():  # reap them: they have exited
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self.procs.clear()
        self._started = False
        if left:  # the state file keeps naming them
            print(f"newsflow: still running after SIGKILL: {left}; `make stop` retries", file=sys.stderr)
        else:
            lifecycle.record(self.home, {}, self.grace)


def serve(deployment: Deployment, ready_timeout: float = 180) -> int:
    """Run the deployment until Ctrl-C or SIGTERM; prints the UI address and login once healthy."""
    import time

    lifecycle.stop_on_signals()
    print(f"starting Airflow (component logs: {deployment.home}/logs/components/) …", flush=True)
    try:
        deployment.start()
        deployment.wait_healthy(ready_timeout)
        print(f"Airflow UI: {deployment.url}   login: admin / {deployment.password()}\n"
              f"Airflow CLI: make airflow-cli ARGS=\"dags list\"   Ctrl-C stops it.", flush=True)
        while all(p.poll() is None for p in deployment.procs.values()):
            time.sleep(1)
        print("an Airflow component exited; stopping the others", file=sys.stderr)
        return 1
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        deployment.stop()
