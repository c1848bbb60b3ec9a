"""The News view: a small server-rendered FastAPI app over the warehouse, read-only.

`create_app` takes where the warehouse is and who may look: the Airflow plugin passes the
`news_warehouse` DSN and Airflow's own login check, tests pass their own. Every route depends
on that check (static CSS included). The routes live in `routes/` (one router per page family),
what they are given in `deps.py`, what their pages share in `pages.py`. No script is served and
the Content-Security-Policy forbids any.

Every answer carries the same security headers, error pages included (422, 404, 500, 503), and
HEAD is answered like GET without a body. Text PostgreSQL cannot take (NUL, lone surrogates) in any
query parameter is a 422, and so is a search too long or too complex for the warehouse
(`quote_search.validate_filter`, the check the CLI runs too).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import psycopg2
import psycopg2.errors
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsflow.newsroom.article_body import article_html  # noqa: F401 (tests import it here)
from newsflow.newsroom.deps import get_renderer, readable_query
from newsflow.newsroom.pages import TEMPLATES
from newsflow.newsroom.routes import ROUTERS
from newsflow.warehouse.quote_search import SearchError
from newsflow.warehouse.readonly import ReadOnlyWarehouse, WarehouseBusy

log = logging.getLogger(__name__)
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'self'; base-uri 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "same-origin"}


def _secure(headers: MutableHeaders) -> None:
    """The headers every answer of the view carries, whichever code path produced it."""
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value
    headers.setdefault("Cache-Control", "no-store")


class _EveryResponse:
    """ASGI middleware around the whole app (its routes, 404s and handled errors): it adds the
    security headers to every response and answers HEAD as GET without the body (FastAPI's
    routes declare GET only, so HEAD was a 405). Only a 500 escapes it: Starlette sends that one
    from outside all middleware, so `_unexpected` secures it itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}  # a copy: the 500 handler still sees HEAD

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                _secure(MutableHeaders(scope=message))
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}  # headers (Content-Length too) as for GET
            await send(message)

        await self.app(scope, receive, send_secured)


def _validation_message(exc: RequestValidationError) -> str:
    """FastAPI's errors as one short line per parameter, without the input echoed back."""
    parts = []
    for error in exc.errors():
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path")]
        parts.append(f"{'.'.join(where) or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """401/403: to the login page for a browser's GET (when `login_url` gives one), else plain
    text; any other status: an error page like the others."""
    login_url: Callable[[str], str | None] | None = request.app.state.login_url
    if exc.status_code in (401, 403) and login_url is not None and request.method == "GET":
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = login_url(here)
        if target:
            return RedirectResponse(target, status_code=303)
    if exc.status_code in (401, 403):
        return Response(str(exc.detail), status_code=exc.status_code, media_type="text/plain",
                        headers=getattr(exc, "headers", None))
    return get_renderer(request)("error.html", {"title": f"{exc.status_code}", "message": str(exc.detail)},
                                 status_code=exc.status_code)


async def _warehouse_error(request: Request, exc: Exception) -> Response:
    """503: no driver text on the page (it can name hosts and users); the api-server log has it."""
    log.warning("News view: %s on %s: %s", type(exc).__name__, request.url.path, exc)
    busy = isinstance(exc, (WarehouseBusy, psycopg2.errors.QueryCanceled))
    message = ("The warehouse is busy or the question took too long; try again or narrow it."
               if busy else "The warehouse cannot be read right now.")
    return get_renderer(request)("error.html", {"title": "Warehouse unavailable", "message": message},
                                 status_code=503)


async def _invalid(request: Request, exc: Exception) -> Response:
    """422: a question the view will not answer as asked: say what to change, as a page like the others."""
    message = _validation_message(exc) if isinstance(exc, RequestValidationError) else str(exc)
    return get_renderer(request)("error.html", {"title": "Cannot answer that", "message": message},
                                 status_code=422)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """500: Starlette sends this page from outside every middleware (and re-raises `exc` for the
    server's log), so it gets its headers here; no exception text on the page."""
    response = get_renderer(request)("error.html", {"title": "Server error",
                                                    "message": "The News view failed on this page; "
                                                               "the server log has the details."},
                                     status_code=500)
    _secure(response.headers)
    if request.method == "HEAD":
        response.body = b""
    return response


#: Which page answers which failure (Exception: the 500, sent by Starlette's outermost layer).
_ERROR_PAGES: tuple[tuple[type[Exception], Callable[..., Any]], ...] = (
    (StarletteHTTPException, _http_error), (psycopg2.Error, _warehouse_error),
    (WarehouseBusy, _warehouse_error), (SearchError, _invalid), (RequestValidationError, _invalid),
    (Exception, _unexpected))


def create_app(
    dsn_provider: Callable[[], str],
    auth_dependency: Callable[..., Any],
    *,
    login_url: Callable[[str], str | None] | None = None,
) -> FastAPI:
    """The News app. `auth_dependency` runs before every route and must raise HTTPException 401/403
    for a visitor who is not logged in; with `login_url(next_path)`, a browser's GET is then
    redirected to the login page instead (when it returns a URL)."""
    # App-wide dependencies run before each route's own, in every router included below.
    app = FastAPI(title="newsflow News", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(auth_dependency), Depends(readable_query)])
    app.state.warehouse = ReadOnlyWarehouse(dsn_provider)
    app.state.templates = TEMPLATES
    app.state.login_url = login_url
    app.add_middleware(_EveryResponse)
    for exc_class, handler in _ERROR_PAGES:
        app.add_exception_handler(exc_class, handler)
    for router in ROUTERS:
        app.include_router(router)
    return app
