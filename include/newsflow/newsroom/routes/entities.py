"""An entity's page, by key. Bookmarks outlive re-keying: a key that re-analysis retired
(news.entity_key_aliases) redirects (307) to its current key's page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from newsflow.newsroom import charts
from newsflow.newsroom.deps import PageNumber, Render, ShowAll, Warehouse, reading
from newsflow.newsroom.pages import moved, page_scope, parse_shown, scope_params
from newsflow.warehouse import newsroom

router = APIRouter(prefix="/entities")


@router.get("", response_class=HTMLResponse, response_model=None)
def entity_page(request: Request, warehouse: Warehouse, render: Render,
                key: Annotated[str, Query(min_length=1, max_length=500)],
                page: PageNumber = 1, min_confidence: str | None = None,
                show_all: ShowAll = None) -> Response:
    errors: list[str] = []
    shown = parse_shown(show_all, min_confidence, errors)
    with reading(warehouse) as fetch:
        current = newsroom.current_key(fetch, key)  # re-keyed by a re-analysis: its page moved
        data = None if current else newsroom.entity(fetch, key, page, shown=shown)
    if current:
        return moved(request, "/entities", {"key": current})
    if data is None:
        raise HTTPException(404, f"No entity {key!r}.")
    chart = charts.bar_chart(data["per_day"], title=f"Mentions of {data['canonical_name']} per day")
    scope = page_scope(shown, {}, "every kind" if shown.all_kinds else "speech")
    return render("entity.html", {"title": data["canonical_name"], "chart": chart,
                                  "errors": errors, "scope": scope,
                                  "keep": scope_params(shown), **data})
