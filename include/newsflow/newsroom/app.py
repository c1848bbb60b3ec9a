"""The News view: a small server-rendered FastAPI app over the warehouse, read-only.

`create_app` takes where the warehouse is and who may look: the Airflow plugin passes the
`news_warehouse` DSN and Airflow's own login check, tests pass their own. Every route depends
on that check (static CSS included). Pages are Jinja2 templates with autoescape on, so every
text from the web (titles, names, quotes, URLs) is escaped; only http(s) URLs become links;
no script is served and the Content-Security-Policy forbids any.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import jinja2
import psycopg2
import psycopg2.errors
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsflow.newsroom import charts
from newsflow.newsroom.highlight import Span, highlight
from newsflow.newsroom.links import http_url
from newsflow.warehouse import newsroom
from newsflow.warehouse.quote_search import KINDS, QuoteFilter
from newsflow.warehouse.readonly import ReadOnlyWarehouse, WarehouseBusy

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'self'; base-uri 'none'")

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every template, whatever its name: nothing is emitted unescaped by accident
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _when(value: datetime | date | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def _day(value: datetime | None) -> str:
    return value.astimezone(UTC).date().isoformat() if value else "—"


_env.filters.update(when=_when, day=_day, http_url=http_url)


def _parse_day(value: str | None, name: str, errors: list[str]) -> date | None:
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors.append(f"{name}: expected a day as YYYY-MM-DD, got {value!r}; ignored")
        return None


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def article_html(article: dict[str, Any]) -> Markup:
    """The article's text with its entity mentions and quote pieces marked."""
    spans: list[Span] = []
    for m in article["mentions"]:
        spans.append(Span(m["start_char"], m["end_char"], "entity",
                          {"data-label": m["label"], "data-entity": m["entity_key"],
                           "title": f"{m['canonical_name']} ({m['label']})"}))
    for n, q in enumerate(article["quotes"], start=1):
        pieces = q["spans"] or [[q["start_char"], q["end_char"]]]
        for piece in pieces:
            if not (isinstance(piece, list) and len(piece) == 2 and all(isinstance(x, int) for x in piece)):
                continue  # a malformed stored piece is not highlighted (highlight() drops bad offsets too)
            start, end = piece
            spans.append(Span(start, end, "quote",
                              {"data-quote": str(n), "data-kind": q["kind"],
                               "title": f"{q['speaker'] or 'unattributed'} ({q['cue'] or q['kind']})"}))
    return highlight(article["text"] or "", spans)


def create_app(
    dsn_provider: Callable[[], str],
    auth_dependency: Callable[..., Any],
    *,
    login_url: Callable[[str], str | None] | None = None,
) -> FastAPI:
    """The News app. `auth_dependency` runs before every route and must raise HTTPException 401/403
    for a visitor who is not logged in; with `login_url(next_path)`, a browser's GET is then
    redirected to the login page instead (when it returns a URL)."""
    warehouse = ReadOnlyWarehouse(dsn_provider)
    app = FastAPI(title="newsflow News", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(auth_dependency)])
    app.state.warehouse = warehouse

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code in (401, 403) and login_url is not None and request.method == "GET":
            here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            target = login_url(here)
            if target:
                return RedirectResponse(target, status_code=303)
        if exc.status_code in (401, 403):
            return Response(str(exc.detail), status_code=exc.status_code, media_type="text/plain",
                            headers=getattr(exc, "headers", None))
        return _render(request, "error.html", {"title": f"{exc.status_code}", "message": str(exc.detail)},
                       status_code=exc.status_code)

    @app.exception_handler(psycopg2.Error)
    @app.exception_handler(WarehouseBusy)
    async def _warehouse_error(request: Request, exc: Exception) -> Response:
        # No driver text on the page (it can name hosts and users); the api-server log has it.
        log.warning("News view: %s on %s: %s", type(exc).__name__, request.url.path, exc)
        busy = isinstance(exc, (WarehouseBusy, psycopg2.errors.QueryCanceled))
        message = ("The warehouse is busy or the question took too long; try again or narrow it."
                   if busy else "The warehouse cannot be read right now.")
        return _render(request, "error.html", {"title": "Warehouse unavailable", "message": message},
                       status_code=503)

    def _render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")

        def url(path: str, **params: Any) -> str:
            query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
            return f"{root}{path}" + (f"?{query}" if query else "")

        html = _env.get_template(template).render(url=url, **context)
        return HTMLResponse(html, status_code=status_code)

    def _fetch_in(conn: Any) -> newsroom.Fetch:
        return lambda sql, params: warehouse.fetch(conn, sql, params)

    @app.get("/static/news.css", include_in_schema=False)
    def stylesheet() -> Response:
        return Response((HERE / "static" / "news.css").read_bytes(), media_type="text/css",
                        headers={"Cache-Control": "private, max-age=3600"})

    @app.get("/", response_class=HTMLResponse)
    def overview(request: Request, page: int = Query(1, ge=1, le=100_000)) -> HTMLResponse:
        with warehouse.connection() as conn:
            data = newsroom.overview(_fetch_in(conn), page)
        return _render(request, "overview.html", {"title": "News overview", **data})

    @app.get("/quotes", response_class=HTMLResponse)
    def quotes(
        request: Request,
        q: str | None = None, speaker: str | None = None, entity: str | None = None,
        feed: str | None = None, kind: str | None = None, since: str | None = None,
        until: str | None = None, page: int = Query(1, ge=1, le=100_000),
    ) -> HTMLResponse:
        errors: list[str] = []
        kind_value = _blank_to_none(kind)
        if kind_value and kind_value not in KINDS:
            errors.append(f"kind: one of {', '.join(KINDS)}; ignored")
            kind_value = None
        query = QuoteFilter(
            search=_blank_to_none(q), speaker=_blank_to_none(speaker), entity=_blank_to_none(entity),
            feed=_blank_to_none(feed), kind=kind_value,
            since=_parse_day(since, "since", errors), until=_parse_day(until, "until", errors))
        with warehouse.connection() as conn:
            fetch = _fetch_in(conn)
            results = newsroom.quotes(fetch, query, page)
            feeds = newsroom.feed_names(fetch)
        form = {"q": q or "", "speaker": speaker or "", "entity": entity or "", "feed": feed or "",
                "kind": kind or "", "since": since or "", "until": until or ""}
        return _render(request, "quotes.html", {"title": "Quotes", "form": form, "results": results,
                                                 "errors": errors, "feeds": feeds, "kinds": KINDS})

    @app.get("/speakers", response_class=HTMLResponse)
    def speaker_page(request: Request, name: str = Query(..., min_length=1, max_length=500),
                     page: int = Query(1, ge=1, le=100_000)) -> HTMLResponse:
        with warehouse.connection() as conn:
            data = newsroom.speaker(_fetch_in(conn), name, page)
        if not data["total"] and page == 1:
            raise HTTPException(404, f"No quotes by {name!r} in analysable articles.")
        chart = charts.bar_chart(data["per_day"], title=f"Quotes by {name} per day")
        return _render(request, "speaker.html", {"title": name, "chart": chart, **data})

    @app.get("/entities", response_class=HTMLResponse)
    def entity_page(request: Request, key: str = Query(..., min_length=1, max_length=500),
                    page: int = Query(1, ge=1, le=100_000)) -> HTMLResponse:
        with warehouse.connection() as conn:
            data = newsroom.entity(_fetch_in(conn), key, page)
        if data is None:
            raise HTTPException(404, f"No entity {key!r}.")
        chart = charts.bar_chart(data["per_day"], title=f"Mentions of {data['canonical_name']} per day")
        return _render(request, "entity.html", {"title": data["canonical_name"], "chart": chart, **data})

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: UUID) -> HTMLResponse:
        with warehouse.connection() as conn:
            data = newsroom.article(_fetch_in(conn), article_id)
        if data is None:
            raise HTTPException(404, f"No article {article_id}.")
        return _render(request, "article.html", {"title": data["title"] or data["url"], "article": data,
                                                  "body": article_html(data)})

    return app
