"""What the News view's routes are given, as FastAPI dependencies read from `request.app.state`
(set once by `create_app`): the read-only warehouse and the templates bound to the request. The
`Annotated` aliases are what a route names in its signature; the query parameters several page
families share are aliases here too, so their limits are written once.

The login check is not here: `create_app` puts the caller's own dependency (Airflow's `get_user`,
a test's) in front of every route, where FastAPI resolves its parameters (header, cookie).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Query, Request

from newsflow.newsroom.pages import Renderer, root_path
from newsflow.warehouse import newsroom
from newsflow.warehouse.quote_search import check_text
from newsflow.warehouse.readonly import ReadOnlyWarehouse


def get_warehouse(request: Request) -> ReadOnlyWarehouse:
    """The app's pool of read-only connections (one per app, opened at its first use)."""
    warehouse: ReadOnlyWarehouse = request.app.state.warehouse
    return warehouse


def get_renderer(request: Request) -> Renderer:
    """The app's templates, making links under this request's root path."""
    return Renderer(request.app.state.templates, root_path(request))


def readable_query(request: Request) -> None:
    """Every query parameter of every route: text PostgreSQL cannot take is refused here (422),
    not as a ValueError from the driver halfway through a page (500)."""
    for name, value in request.query_params.multi_items():
        check_text(name, value, max_chars=None)  # lengths are each parameter's own limit


Warehouse = Annotated[ReadOnlyWarehouse, Depends(get_warehouse)]
Render = Annotated[Renderer, Depends(get_renderer)]

#: `page=`: 1-based, at most 100,000 (beyond either bound: 422)
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
#: `all=1` shows every kind at any confidence (see pages.parse_shown)
ShowAll = Annotated[str | None, Query(alias="all")]


@contextmanager
def reading(warehouse: ReadOnlyWarehouse) -> Iterator[newsroom.Fetch]:
    """One pooled connection as the `fetch` the queries take, for the `with` block only.

    Not a yield dependency: a route takes the connection after its own checks (a refused search
    takes none) and gives it back before rendering, so the pool of four serves more pages."""
    with warehouse.connection() as conn:
        yield lambda sql, params: warehouse.fetch(conn, sql, params)
