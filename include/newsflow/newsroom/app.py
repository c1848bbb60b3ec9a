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
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

import jinja2
import psycopg2
import psycopg2.errors
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from markupsafe import escape
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsflow.newsroom import charts
from newsflow.newsroom.article_body import article_html, render_body  # noqa: F401 (article_html: tests import it here)
from newsflow.newsroom.export import EXPORT_MAX_ROWS, csv_lines, export_rows, json_lines
from newsflow.newsroom.links import http_url
from newsflow.newsroom.quote_display import display_quote, marked_html
from newsflow.warehouse import newsroom
from newsflow.warehouse.quote_search import (
    KINDS,
    MARK_MATCHES_SQL,
    SORTS,
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


_env.filters.update(when=_when, day=_day, http_url=http_url, threshold=_threshold, counted=_counted,
                    quote=display_quote)

_YES = ("1", "true", "yes", "on")
DEFAULT_SORT = next(iter(SORTS))


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


@dataclass
class QuoteForm:
    """The Quotes form's fields, as query parameters (the page and its exports read the same)."""

    q: str | None = None
    speaker: str | None = None
    entity: str | None = None
    feed: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str | None = None
    min_confidence: str | None = None
    show_all: str | None = Query(None, alias="all")


def _displayed(fetch: newsroom.Fetch, rows: list[dict[str, Any]], search: str | None) -> None:
    """Give each quote row its text as a reader sees it (`display`, HTML): pieces joined with " … ",
    trailing punctuation dropped, and the words `search` matched marked."""
    texts = [display_quote(r["quote_text"], r.get("spans")) for r in rows]
    if search and texts:
        marked = [m["marked"] for m in fetch(MARK_MATCHES_SQL, {"texts": texts, "search": search})]
        for row, text in zip(rows, marked, strict=True):
            row["display"] = marked_html(text)
    else:
        for row, text in zip(rows, texts, strict=True):
            row["display"] = escape(text)


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
        from urllib.parse import quote  # here: the one route that builds Airflow links

        with warehouse.connection() as conn:
            data = newsroom.overview(_fetch_in(conn), page, search=_blank_to_none(q))
        for f in data["feeds"].rows:
            f["history_chart"] = charts.fetch_history_chart(f["history"], feed=f["feed_name"])
        volume = [(d["day"], d["articles"]) for d in data["volume"]]
        days = data["history_days"]
        volume_chart = charts.bar_chart(
            volume, title=f"Articles that reached the warehouse per day, the last {days} days (UTC)")
        # A run made by Airflow links to its page in the Airflow UI (/dags/{dag_id}/runs/{run_id}).
        # The view is mounted inside the api-server: Airflow's own root is the mount's app_root_path
        # (its base_url path); standalone, the parent of the view's root_path.
        root = request.scope.get("root_path", "").rstrip("/")
        airflow_root = str(request.scope.get("app_root_path", root.rpartition("/")[0])).rstrip("/")
        for r in data["runs"]:
            r["airflow_href"] = (f"{airflow_root}/dags/{quote(r['dag_id'], safe='')}/runs/{quote(r['run_id'], safe='')}"
                                 if r["origin"] == "airflow" else None)
        return _render(request, "overview.html", {"title": "News overview", "volume_chart": volume_chart,
                                                  "volume_total": sum(n for _, n in volume), **data})

    def _quote_filter(form: QuoteForm, errors: list[str]) -> tuple[QuoteFilter, dict[str, Any]]:
        """The search a Quotes form (or an export link) asks for, with its problems in `errors`;
        also the feeds the typed Feed may mean (`feed_choices`) when it names no feed exactly."""
        kind = _blank_to_none(form.kind)
        if kind and kind not in KINDS:
            errors.append(f"kind: one of {', '.join(KINDS)}; ignored")
            kind = None
        sort = _blank_to_none(form.sort) or DEFAULT_SORT
        if sort not in SORTS:
            errors.append(f"sort: one of {', '.join(SORTS)}; newest first")
            sort = DEFAULT_SORT
        shown = _shown(form.show_all, form.min_confidence, errors)
        since, until = _parse_day(form.since, "since", errors), _parse_day(form.until, "until", errors)
        if since and until and since > until:
            errors.append(f"since ({since}) is after until ({until}): the two days were swapped")
            since, until = until, since
        flt = QuoteFilter(
            search=_blank_to_none(form.q), speaker=_blank_to_none(form.speaker),
            entity=_blank_to_none(form.entity), feed=_blank_to_none(form.feed), kind=kind, sort=sort,
            since=since, until=until, min_confidence=shown.min_confidence, all_kinds=shown.all_kinds)
        validate_filter(flt)  # SearchError: 422, before any connection is taken
        return flt, {"shown": shown, "kind": kind, "sort": sort}

    def _feed_choice(fetch: newsroom.Fetch, flt: QuoteFilter, errors: list[str]) -> tuple[QuoteFilter, list[dict]]:
        """Feed as typed: an exact name is used; text that is part of one feed's name or title means
        that feed (said on the page); part of several lists them to choose from (no quotes until
        one is chosen); part of none is said (and matches no quote). Returns the filter to run
        and the choices."""
        if not flt.feed:
            return flt, []
        matches = newsroom.feed_suggestions(fetch, flt.feed, limit=newsroom.FEED_SUGGESTIONS + 1)
        if any(m["feed_name"] == flt.feed for m in matches):
            return flt, []
        if len(matches) == 1:
            errors.append(f"feed: no feed is named {flt.feed!r}; showing {matches[0]['feed_name']!r}, "
                          "whose name or title contains it")
            return replace(flt, feed=matches[0]["feed_name"]), []
        if not matches:
            errors.append(f"feed: no feed's name or title contains {flt.feed!r}")
            return flt, []
        return flt, matches

    @app.get("/quotes", response_class=HTMLResponse)
    def quotes(request: Request, form: Annotated[QuoteForm, Depends()],
               page: int = Query(1, ge=1, le=100_000)) -> HTMLResponse:
        errors: list[str] = []
        query, chosen = _quote_filter(form, errors)
        with warehouse.connection() as conn:
            fetch = _fetch_in(conn)
            query, feed_choices = _feed_choice(fetch, query, errors)
            with postgres_refusals():  # the tsquery parser's refusal: 422 too, not 503
                if feed_choices:  # which feed? no quotes until one is chosen
                    results = newsroom.Page([], 1, False)
                    counts = {"shown": 0, "below": 0, "stances": 0, "matching": 0}
                else:
                    results = newsroom.quotes(fetch, query, page)
                    counts = newsroom.quote_counts(fetch, query)
                    _displayed(fetch, results.rows, query.search)
            suggestions = newsroom.feed_suggestions(fetch, _blank_to_none(form.feed))
        shown, kind_value = chosen["shown"], chosen["kind"]
        base = {"q": form.q or "", "speaker": form.speaker or "", "entity": form.entity or "",
                "feed": query.feed or form.feed or "", "since": form.since or "", "until": form.until or ""}
        if query.since and query.until:  # as searched (a reversed pair swapped)
            base |= {"since": query.since.isoformat(), "until": query.until.isoformat()}
        what = ("stances" if kind_value == STANCE else f"{kind_value} quotes" if kind_value
                else "every kind" if shown.all_kinds else "speech")
        scope = {**_scope(shown, counts, what), "kind": kind_value or ""}
        keep = _scope_params(shown)
        pages = max(1, math.ceil(counts["shown"] / newsroom.PAGE_SIZE))
        sort = chosen["sort"] if chosen["sort"] != DEFAULT_SORT else ""
        export = {**base, "kind": kind_value or "", "sort": sort, **keep}
        return _render(request, "quotes.html", {
            "title": "Quotes", "form": {**base, "kind": kind_value or "", "sort": chosen["sort"]},
            "results": results, "errors": errors, "feeds": suggestions, "feed_choices": feed_choices,
            "kinds": KINDS, "sorts": SORTS, "scope": scope, "keep": keep, "pages": pages, "sort": sort,
            "min_confidence": keep.get("min_confidence", ""), "show_all": "all" in keep,
            "export": export, "export_max": EXPORT_MAX_ROWS})

    def _export(form: QuoteForm, fmt: str) -> StreamingResponse:
        """The rows of a Quotes search (the CLI's `quotes --json` rows) as a download, at most
        EXPORT_MAX_ROWS. Checked like the page, and counted first on a connection of its own, so a
        refused or too slow search is a 422 or 503 page, not a download cut short."""
        errors: list[str] = []
        query, _ = _quote_filter(form, errors)
        if errors:  # a download cannot explain what it ignored
            raise SearchError("; ".join(errors))
        with warehouse.connection() as conn:
            fetch = _fetch_in(conn)
            if query.feed and not any(m["feed_name"] == query.feed
                                      for m in newsroom.feed_suggestions(fetch, query.feed)):
                raise SearchError("feed: no feed has that name; choose one on the Quotes page")
            with postgres_refusals():
                newsroom.quote_counts(fetch, query)
        rows = export_rows(warehouse, query)
        name = f"newsflow-quotes-{datetime.now(UTC):%Y%m%d-%H%M%S}.{fmt}"
        body = csv_lines(rows) if fmt == "csv" else json_lines(rows)
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
        return StreamingResponse(body, media_type=media,
                                 headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/quotes.csv", response_class=StreamingResponse)
    def quotes_csv(form: Annotated[QuoteForm, Depends()]) -> StreamingResponse:
        return _export(form, "csv")

    @app.get("/quotes.json", response_class=StreamingResponse)
    def quotes_json(form: Annotated[QuoteForm, Depends()]) -> StreamingResponse:
        return _export(form, "json")

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
        """A speaker's page, by key (every name they are quoted under) or, for a speaker the
        analysis gave no key, by name. A key re-analysis retired moves to its current key (307)."""
        errors: list[str] = []
        shown = _shown(show_all, min_confidence, errors)
        if key is None and name is None:
            raise HTTPException(422, "name or key: which speaker?")
        with warehouse.connection() as conn:
            fetch = _fetch_in(conn)
            current = newsroom.current_key(fetch, key) if key is not None else None
            data = None if current else newsroom.speaker(fetch, name, page, shown=shown, key=key)
            if data is not None:
                _displayed(fetch, data["quotes"].rows + data["stances"], None)
        if current:
            return _moved(request, "/speakers", {"key": current})
        assert data is not None
        if not data["counts"]["matching"] and page == 1:  # hidden ones still make the page exist
            raise HTTPException(404, f"No quotes by the speaker {key or name!r} in analysable articles.")
        if data["name"] is None:  # a key quoted only without a name
            data["name"] = key
        chart = charts.bar_chart(data["per_day"], title=f"Quotes by {data['name']} per day")
        scope = _scope(shown, data["counts"], "every kind" if shown.all_kinds else "speech")
        return _render(request, "speaker.html", {"title": data["name"], "chart": chart, "errors": errors,
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
        body = render_body(data)
        return _render(request, "article.html", {"title": data["title"] or data["url"], "article": data,
                                                  "body": body.html, "in_text": body.in_text, "errors": errors,
                                                  "scope": scope, "keep": _scope_params(shown)})

    return app
