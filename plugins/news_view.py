"""The News view in the Airflow UI: newsflow's FastAPI app (newsflow.newsroom) served by the
api-server under /news and linked from the navigation.

Airflow does not protect a plugin's FastAPI app: every route here depends on Airflow's own
`get_user` (JWT from `Authorization: Bearer` or the UI's `_token` cookie), and a browser that is
not logged in is sent to the auth manager's login page. The app reads the `news_warehouse`
connection (asked once, at the first request) as the read-only role news_reader.
"""

from __future__ import annotations

from airflow.api_fastapi.core_api.security import get_user
from airflow.plugins_manager import AirflowPlugin

from newsflow.newsroom.app import create_app
from newsflow_airflow import warehouse_dsn


def _login_url(next_path: str) -> str | None:
    """Where a browser without a valid login goes: the configured auth manager's login page
    (None, so a plain 401, when no auth manager is up, e.g. outside the api-server)."""
    from airflow.api_fastapi.app import get_auth_manager

    try:
        return get_auth_manager().get_url_login(next_url=next_path)
    except Exception:  # noqa: BLE001 - any failure here must still refuse the request
        return None


news_app = create_app(warehouse_dsn, get_user, login_url=_login_url)


class NewsViewPlugin(AirflowPlugin):
    """Registers the app and its navigation entry."""

    name = "newsflow_news_view"
    fastapi_apps = [{"app": news_app, "url_prefix": "/news", "name": "News"}]
    external_views = [
        {
            "name": "News",
            "href": "/news/",
            "destination": "nav",
            "url_route": "news",  # shown inside the UI (an iframe at /plugin/news)
            "nav_top_level": True,
        }
    ]
