"""plugins/news_view.py: what it registers, that loading it costs a task nothing, and that the
app it mounts refuses a request without an Airflow login (Airflow's own get_user)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"


def _news_view():
    if str(PLUGINS) not in sys.path:
        sys.path.insert(0, str(PLUGINS))  # as Airflow puts its plugins folder on sys.path
    import news_view

    return news_view


def test_registers_the_app_under_news_and_a_nav_entry():
    plugin = _news_view().NewsViewPlugin
    assert [(a["url_prefix"], a["name"]) for a in plugin.fastapi_apps] == [("/news", "News")]
    (view,) = plugin.external_views
    assert view["href"] == "/news/" and view["destination"] == "nav" and view["name"] == "News"


def test_loading_the_plugin_imports_neither_fastapi_app_nor_airflow_api(tmp_path):
    """Every task loads the plugins; the app and Airflow's API security load at the first request."""
    code = ("import sys, news_view; "
            "print(sorted(m for m in ('newsflow.newsroom.app', 'airflow.api_fastapi.core_api.security') "
            "if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(PLUGINS), "AIRFLOW_HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_the_mounted_app_refuses_requests_without_a_login():
    app = _news_view().NewsViewPlugin.fastapi_apps[0]["app"]
    root = FastAPI()
    root.mount("/news", app)
    with TestClient(root) as client:
        for path in ("/news/", "/news/quotes?q=x", "/news/static/news.css"):
            for headers in ({}, {"Authorization": "Basic YWRtaW46YWRtaW4="}):
                resp = client.get(path, headers=headers, follow_redirects=False)
                # No auth manager runs outside the api-server, so no login page to send to: 401.
                assert resp.status_code == 401, (path, headers, resp.status_code)
                assert "news-nav" not in resp.text
