"""The News view: a small server-rendered FastAPI app over the warehouse, read-only.

`create_app` takes where the warehouse is and who may look: the Airflow plugin passes the
`news_warehouse` DSN and Airflow's own login check, tests pass their own. Every route depends
on that check (static CSS included). Pages are Jinja2 templates with autoescape on, so every
text from the web (titles, names, quotes, URLs) is escaped; only http(s) URLs become links;
no script is served and the Content-Security-Policy forbids any.

Every answer carries the same security headers, error pages included (422, 404, 500, 503), and
HEAD is answered like GET without a body. Text PostgreSQL cannot take (NUL, lone surrogates) in any
query parameter is a 422, and so is a search too long or too complex for the warehouse
(`quote_search.validate_filter`, the check the CLI runs too).

Bookmarks outlive re-keying: an entity key that re-analysis retired (news.entity_key_aliases)
redirects (307) to its current key's page, and `/speakers?key=` opens the page of the name quoted
under a key (or under the key it now maps to).
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
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsflow.newsroom import charts
from newsflow.newsroom.highlight import Span, highlight
from newsflow.newsroom.links import http_url
from newsflow.warehouse import newsroom
from newsflow.warehouse.quote_search import (
    KINDS,
    STANCE,
    QuoteFilter,
    SearchError,
    Shown,
    check_min_confidence,
    check_text,
    default_min_confidence,
    postgres_refusals,
    validate_filter,
)
from newsflow.warehouse.readonly import ReadOnlyWarehouse, WarehouseBusy

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'self'; base-uri 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "same-origin"}

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


def _threshold(value: float | None) -> str:
    """A threshold as people write it (0.5, 0.537), not as a float prints (0.5370000000000001)."""
    return "any" if value is None else f"{value:.3g}"


def _counted(n: int, noun: str) -> str:
    """ "1 article", "2 articles": a count with its noun agreeing."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


_env.filters.update(when=_when, day=_day, http_url=http_url, threshold=_threshold, counted=_counted)

_YES = ("1", "true", "yes", "on")


def _shown(show_all: str | None, min_confidence: str | None, errors: list[str]) -> Shown:
    """What a page shows from its `all` and `min_confidence` query parameters: by default speech at or
    above the setting read now (NEWSFLOW_MIN_CONFIDENCE), stances apart; `all=1` shows everything."""
    if show_all and show_all.strip().lower() in _YES:
        return Shown.everything()
    text = _blank_to_none(min_confidence)
    if text is None:
        return Shown()
    try:
        value = float(text)
        check_min_confidence(value)
    except (ValueError, SearchError):
        errors.append("min_confidence: expected a number from 0 to 1; the default applies")
        return Shown()
    return Shown(min_confidence=value)


def _scope(shown: Shown, counts: dict[str, int], what: str) -> dict[str, Any]:
    """What the page states above a list: what it shows, the threshold applied, what it hid."""
    return {"what": what, "everything": shown.all_kinds and shown.min_confidence is None,
            "threshold": shown.min_confidence, "default_threshold": default_min_confidence(),
            "all_kinds": shown.all_kinds, **counts}


def _scope_params(shown: Shown) -> dict[str, Any]:
    """The query parameters that keep a page's scope in its pager links (the default adds none)."""
    if shown.all_kinds and shown.min_confidence is None:
        return {"all": "1"}
    if shown.min_confidence is not None and shown.min_confidence != default_min_confidence():
        return {"min_confidence": _threshold(shown.min_confidence)}
    return {}


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


def _readable_query(request: Request) -> None:
    """Every query parameter of every route: text PostgreSQL cannot take is refused here (422),
    not as a ValueError from the driver halfway through a page (500)."""
    for name, value in request.query_params.multi_items():
        check_text(name, value, max_chars=None)  # lengths are each parameter's own limit


def _validation_message(exc: RequestValidationError) -> str:
    """FastAPI's errors as one short line per parameter, without the input echoed back."""
    parts = []
    for error in exc.errors():
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path")]
        parts.append(f"{'.'.join(where) or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def article_html(article: dict[str, Any]) -> Markup:
    """The article's text with its entity mentions and the pieces of the quotes and stances shown
    marked (those the threshold hid are not: the text is what the lists below it list)."""
    spans: list[Span] = []
    for m in article["mentions"]:
        spans.append(Span(m["start_char"], m["end_char"], "entity",
                          {"data-label": m["label"], "data-entity": m["entity_key"],
                           "title": f"{m['canonical_name']} ({m['label']})"}))
    for n, q in enumerate([*article["quotes"], *article.get("stances", [])], start=1):
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
                  dependencies=[Depends(auth_dependency), Depends(_readable_query)])
    app.state.warehouse = warehouse
    app.add_middleware(_EveryResponse)

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

    @app.exception_handler(SearchError)
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: Exception) -> Response:
        # A question the view will not answer as asked: say what to change, as a page like the others.
        message = _validation_message(exc) if isinstance(exc, RequestValidationError) else str(exc)
        return _render(request, "error.html", {"title": "Cannot answer that", "message": message},
                       status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # Starlette sends this page from outside every middleware (and re-raises `exc` for the
        # server's log), so it gets its headers here; no exception text on the page.
        response = _render(request, "error.html", {"title": "Server error",
                                                   "message": "The News view failed on this page; "
                                                              "the server log has the details."},
                           status_code=500)
        _secure(response.headers)
        if request.method == "HEAD":
            response.body = b""
        return response

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
    def overview(request: Request, page: int = Query(1, ge=1, le=100_000),
                 q: str | None = Query(None, max_length=newsroom.FEED_SEARCH_MAX)) -> HTMLResponse:
        with warehouse.connection() as conn:
            data = newsroom.overview(_fetch_in(conn), page, search=_blank_to_none(q))
        return _render(request, "overview.html", {"title": "News overview", **data})

    @app.get("/quotes", response_class=HTMLResponse)
    def quotes(
        request: Request,
        q: str | None = None, speaker: str | None = None, entity: str | None = None,
        feed: str | None = None, kind: str | None = None, since: str | None = None,
        until: str | None = None, page: int = Query(1, ge=1, le=100_000),
        min_confidence: str | None = None, show_all: str | None = Query(None, alias="all"),
    ) -> HTMLResponse:
        errors: list[str] = []
        kind_value = _blank_to_none(kind)
        if kind_value and kind_value not in KINDS:
            errors.append(f"kind: one of {', '.join(KINDS)}; ignored")
            kind_value = None
        shown = _shown(show_all, min_confidence, errors)
        query = QuoteFilter(
            search=_blank_to_none(q), speaker=_blank_to_none(speaker), entity=_blank_to_none(entity),
            feed=_blank_to_none(feed), kind=kind_value,
            since=_parse_day(since, "since", errors), until=_parse_day(until, "until", errors),
            min_confidence=shown.min_confidence, all_kinds=shown.all_kinds)
        validate_filter(query)  # SearchError: 422, before any connection is taken
        with warehouse.connection() as conn:
            fetch = _fetch_in(conn)
            with postgres_refusals():  # the tsquery parser's refusal: 422 too, not 503
                results = newsroom.quotes(fetch, query, page)
                counts = newsroom.quote_counts(fetch, query)
            feeds = newsroom.feed_names(fetch)
        form = {"q": q or "", "speaker": speaker or "", "entity": entity or "", "feed": feed or "",
                "kind": kind_value or "", "since": since or "", "until": until or ""}
        what = ("stances" if kind_value == STANCE else f"{kind_value} quotes" if kind_value
                else "every kind" if shown.all_kinds else "speech")
        scope = {**_scope(shown, counts, what), "kind": kind_value or ""}
        keep = _scope_params(shown)
        return _render(request, "quotes.html", {"title": "Quotes", "form": form, "results": results,
                                                 "errors": errors, "feeds": feeds, "kinds": KINDS,
                                                 "scope": scope, "keep": keep,
                                                 "min_confidence": keep.get("min_confidence", ""),
                                                 "show_all": "all" in keep})

    def _moved(request: Request, path: str, changed: dict[str, str], drop: str = "") -> RedirectResponse:
        """307 to `path` with the request's query (`changed` replaced, `drop` left out): a key that
        re-analysis retired may come back, so the redirect is temporary, never cached for good."""
        root = request.scope.get("root_path", "").rstrip("/")
        params = {k: v for k, v in request.query_params.items() if k != drop} | changed
        return RedirectResponse(f"{root}{path}?{urlencode(params)}", status_code=307)

    @app.get("/speakers", response_class=HTMLResponse, response_model=None)
    def speaker_page(request: Request, name: str | None = Query(None, min_length=1, max_length=500),
                     key: str | None = Query(None, min_length=1, max_length=500),
                     page: int = Query(1, ge=1, le=100_000), min_confidence: str | None = None,
                     show_all: str | None = Query(None, alias="all")) -> Response:
        errors: list[str] = []
        shown = _shown(show_all, min_confidence, errors)
        if name is None:  # by key (a bookmark or saved link): the page of the name quoted under it now
            if key is None:
                raise HTTPException(422, "name or key: which speaker?")
            with warehouse.connection() as conn:
                fetch = _fetch_in(conn)
                current = newsroom.current_key(fetch, key) or key
                found = newsroom.speaker_name(fetch, current)
            if found is None:
                raise HTTPException(404, f"No quotes by the speaker {key!r} in analysable articles.")
            return _moved(request, "/speakers", {"name": found}, drop="key")
        with warehouse.connection() as conn:
            data = newsroom.speaker(_fetch_in(conn), name, page, shown=shown)
        if not data["counts"]["matching"] and page == 1:  # hidden ones still make the page exist
            raise HTTPException(404, f"No quotes by {name!r} in analysable articles.")
        chart = charts.bar_chart(data["per_day"], title=f"Quotes by {name} per day")
        scope = _scope(shown, data["counts"], "every kind" if shown.all_kinds else "speech")
        return _render(request, "speaker.html", {"title": name, "chart": chart, "errors": errors,
                                                  "scope": scope, "keep": _scope_params(shown), **data})

    @app.get("/entities", response_class=HTMLResponse, response_model=None)
    def entity_page(request: Request, key: str = Query(..., min_length=1, max_length=500),
                    page: int = Query(1, ge=1, le=100_000), min_confidence: str | None = None,
                    show_all: str | None = Query(None, alias="all")) -> Response:
        errors: list[str] = []
        shown = _shown(show_all, min_confidence, errors)
        with warehouse.connection() as conn:
            fetch = _fetch_in(conn)
            current = newsroom.current_key(fetch, key)  # re-keyed by a re-analysis: its page moved
            data = None if current else newsroom.entity(fetch, key, page, shown=shown)
        if current:
            return _moved(request, "/entities", {"key": current})
        if data is None:
            raise HTTPException(404, f"No entity {key!r}.")
        chart = charts.bar_chart(data["per_day"], title=f"Mentions of {data['canonical_name']} per day")
        scope = _scope(shown, {}, "every kind" if shown.all_kinds else "speech")
        return _render(request, "entity.html", {"title": data["canonical_name"], "chart": chart,
                                                 "errors": errors, "scope": scope,
                                                 "keep": _scope_params(shown), **data})

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: UUID, min_confidence: str | None = None,
                     show_all: str | None = Query(None, alias="all")) -> HTMLResponse:
        errors: list[str] = []
        shown = _shown(show_all, min_confidence, errors)
        with warehouse.connection() as conn:
            data = newsroom.article(_fetch_in(conn), article_id, shown=shown)
        if data is None:
            raise HTTPException(404, f"No article {article_id}.")
        counts = {"shown": len(data["quotes"]), "below": data["hidden"], "stances": len(data["stances"]),
                  "matching": len(data["quotes"]) + len(data["stances"]) + data["hidden"]}
        scope = _scope(shown, counts, "every kind" if shown.all_kinds else "speech")
        return _render(request, "article.html", {"title": data["title"] or data["url"], "article": data,
                                                  "body": article_html(data), "errors": errors,
                                                  "scope": scope, "keep": _scope_params(shown)})

    return app
