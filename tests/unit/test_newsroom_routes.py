"""The News app's routes: every one (static CSS included) sits behind the login check given to
`create_app`, before its own parameters are read; the routers add no route without it."""

from __future__ import annotations

from fastapi.routing import APIRoute

from newsflow.newsroom.app import create_app
from newsflow.newsroom.deps import readable_query

PATHS = {"/static/news.css", "/", "/quotes", "/quotes.csv", "/quotes.json", "/speakers", "/entities",
         "/articles/{article_id}"}


def test_every_route_depends_on_the_login_check_first():
    def login_check() -> None:
        """Stands for Airflow's get_user: only its identity matters here."""

    app = create_app(lambda: "postgresql://nowhere", login_check)  # no connection until a request
    assert {getattr(r, "path", None) for r in app.routes} == PATHS
    for route in app.routes:
        assert isinstance(route, APIRoute), route
        assert route.methods == {"GET"}, route.path
        calls = [d.call for d in route.dependant.dependencies]
        assert calls[:2] == [login_check, readable_query], route.path
