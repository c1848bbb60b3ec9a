"""The News view in the Airflow UI: newsflow's FastAPI app (newsflow.newsroom) served by the
api-server under /news and linked from the navigation.

Airflow does not protect a plugin's FastAPI app: every route here depends on Airflow's own
`get_user` (JWT from `Authorization: Bearer` or the UI's `_token` cookie), and a browser that is
not logged in is sent to the auth manager's login page. The app reads the `news_warehouse`
connection (asked once, at the first request) as the read-only role news_reader.
"""

from __future__ import annotations

from typing import Any

from airflow.plugins_manager import AirflowPlugin


def _login_url(next_path: str) -> str | None:
    """Where a browser without a valid login goes: the configured auth manager's login page
    (None, so a plain 401, when no auth manager is up, e.g. outside the api-server)."""
    from airflow.api_fastapi.app import get_auth_manager

    try:
        return get_auth_manager().get_url_login(next_url=next_path)
    except Exception:  # noqa: BLE001 - any failure here must still refuse the request
        return None


def build_app() -> Any:
    """The News app wired to Airflow: its warehouse connection and its login check."""
    from airflow.api_fastapi.core_api.security import get_user

    from newsflow.newsroom.app import create_app
    from newsflow_airflow import warehouse_dsn

    return create_app(warehouse_dsn, get_user, login_url=_login_url)


class LazyNewsApp:
    """An ASGI app that builds the real one at its first request.

    Every Airflow process loads the plugins (each task does, for macros) but only the api-server
    serves this app; FastAPI, the templates and Airflow's API security take about a second to
    import, which no task should pay.
    """

    def __init__(self) -> None:
        self._app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self._app is None:  # no await in between: one event loop builds it once
            self._app = build_app()
        await self._app(scope, receive, send)


class NewsViewPlugin(AirflowPlugin):
    """Registers the app and its navigation entry."""

    name = "newsflow_news_view"
    fastapi_apps = [{"app": LazyNewsApp(), "url_prefix": "/news", "name": "News"}]
    external_views = [
        {
            "name": "News",
            "href": "/news/",
            "destination": "nav",
            "url_route": "news",  # shown inside the UI (an iframe at /plugin/news)
            "nav_top_level": True,
        }
    ]
