"""A running Airflow deployment from the outside: its REST API (/api/v2 with a JWT from
/auth/token). Shared by the deployment tests and `bench scheduler`; its processes are
`airflow_lifecycle.processes_of`, the lookup the stop itself uses."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

TERMINAL = {"success", "failed"}


class AirflowApi:
    """The REST API with a bearer token; every call raises on an HTTP error with its body."""

    def __init__(self, base_url: str, password: str) -> None:
        token = httpx.post(f"{base_url}/auth/token", json={"username": "admin", "password": password},
                           timeout=30)
        token.raise_for_status()
        self.client = httpx.Client(
            base_url=f"{base_url}/api/v2", timeout=60,
            headers={"Authorization": f"Bearer {token.json()['access_token']}", "Accept": "application/json"},
        )

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        resp = self.client.request(method, path, **kwargs)
        if resp.is_error:
            raise AssertionError(f"{method} {path}: HTTP {resp.status_code}: {resp.text[:2000]}")
        return resp.json()

    def get(self, path: str, **params: Any) -> Any:
        return self.call("GET", path, params=params)

    def unpause(self, dag_id: str) -> None:
        self.call("PATCH", f"/dags/{dag_id}", json={"is_paused": False})

    def trigger(self, dag_id: str, conf: dict) -> str:
        return self.call("POST", f"/dags/{dag_id}/dagRuns", json={"logical_date": None, "conf": conf})["dag_run_id"]

    def runs(self, dag_id: str) -> list[dict]:
        return self.get(f"/dags/{dag_id}/dagRuns", limit=100, order_by="run_after")["dag_runs"]

    def run(self, dag_id: str, run_id: str) -> dict:
        return self.get(f"/dags/{dag_id}/dagRuns/{run_id}")

    def task_instances(self, dag_id: str, run_id: str) -> list[dict]:
        return self.get(f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances", limit=1000)["task_instances"]

    def log_text(self, ti: dict) -> str:
        """The task instance's log as the UI shows it: each event's line, an exception's
        `type: message` under it."""
        doc = self.get(
            f"/dags/{ti['dag_id']}/dagRuns/{ti['dag_run_id']}/taskInstances/{ti['task_id']}/logs/{ti['try_number']}",
            map_index=ti["map_index"], full_content="true",
        )
        content = doc.get("content") or []
        if isinstance(content, str):
            return content
        lines = []
        for entry in content:
            if not isinstance(entry, dict):
                lines.append(str(entry))
                continue
            lines.append(str(entry.get("event", "")))
            lines += [f"{e.get('exc_type')}: {e.get('exc_value')}" for e in entry.get("error_detail") or []]
        return "\n".join(lines)

    def close(self) -> None:
        self.client.close()


def wait_for(what: str, probe: Callable[[], Any], timeout: float, every: float = 2.0) -> Any:
    """Poll `probe` until it returns something truthy; fail naming `what` and the last value."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; last seen: {last!r}")
