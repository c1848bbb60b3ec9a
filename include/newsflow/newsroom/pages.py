"""What every page of the News view shares: the templates and how they are filled, the reading of
the scope parameters (`min_confidence`, `all`) and days, quotes as a reader sees them, and the
redirect of a retired key.

Pages are Jinja2 templates with autoescape on, so every text from the web (titles, names,
quotes, URLs) is escaped; only http(s) URLs become links (the `http_url` filter).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import escape

from newsflow.newsroom.links import http_url
from newsflow.newsroom.quote_display import display_quote, marked_html
from newsflow.warehouse import newsroom
from newsflow.warehouse.quote_search import (
    MARK_MATCHES_SQL,
    SearchError,
    Shown,
    check_min_confidence,
    default_min_confidence,
)

HERE = Path(__file__).resolve().parent
_YES = ("1", "true", "yes", "on")


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


TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every template, whatever its name: nothing is emitted unescaped by accident
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES.filters.update(when=_when, day=_day, http_url=http_url, threshold=_threshold,
                         counted=_counted, quote=display_quote)


@dataclass(frozen=True)
class Renderer:
    """The templates bound to one request's root path (the mount's /news): every link a page makes
    goes through `url`, so the view works wherever it is mounted."""

    templates: jinja2.Environment
    root: str

    def url(self, path: str, **params: Any) -> str:
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        return f"{self.root}{path}" + (f"?{query}" if query else "")

    def __call__(self, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
        html = self.templates.get_template(template).render(url=self.url, **context)
        return HTMLResponse(html, status_code=status_code)


def root_path(request: Request) -> str:
    """Where the view is mounted (/news in the api-server), without a trailing slash."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def blank_to_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def parse_shown(show_all: str | None, min_confidence: str | None, errors: list[str]) -> Shown:
    """What a page shows from its `all` and `min_confidence` query parameters: by default speech at or
    above the setting read now (NEWSFLOW_MIN_CONFIDENCE), stances apart; `all=1` shows everything."""
    if show_all and show_all.strip().lower() in _YES:
        return Shown.everything()
    text = blank_to_none(min_confidence)
    if text is None:
        return Shown()
    try:
        value = float(text)
        check_min_confidence(value)
    except (ValueError, SearchError):
        errors.append("min_confidence: expected a number from 0 to 1; the default applies")
        return Shown()
    return Shown(min_confidence=value)


def parse_day(value: str | None, name: str, errors: list[str]) -> date | None:
    """A YYYY-MM-DD parameter; anything else is said on the page (in `errors`) and ignored."""
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors.append(f"{name}: expected a day as YYYY-MM-DD, got {value!r}; ignored")
        return None


def page_scope(shown: Shown, counts: dict[str, int], what: str) -> dict[str, Any]:
    """What the page states above a list: what it shows, the threshold applied, what it hid."""
    return {"what": what, "everything": shown.all_kinds and shown.min_confidence is None,
            "threshold": shown.min_confidence, "default_threshold": default_min_confidence(),
            "all_kinds": shown.all_kinds, **counts}


def scope_params(shown: Shown) -> dict[str, Any]:
    """The query parameters that keep a page's scope in its pager links (the default adds none)."""
    if shown.all_kinds and shown.min_confidence is None:
        return {"all": "1"}
    if shown.min_confidence is not None and shown.min_confidence != default_min_confidence():
        return {"min_confidence": _threshold(shown.min_confidence)}
    return {}


def displayed(fetch: newsroom.Fetch, rows: list[dict[str, Any]], search: str | None) -> None:
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


def moved(request: Request, path: str, changed: dict[str, str], drop: str = "") -> RedirectResponse:
    """307 to `path` with the request's query (`changed` replaced, `drop` left out): a key that
    re-analysis retired may come back, so the redirect is temporary, never cached for good."""
    params = {k: v for k, v in request.query_params.items() if k != drop} | changed
    return RedirectResponse(f"{root_path(request)}{path}?{urlencode(params)}", status_code=307)
