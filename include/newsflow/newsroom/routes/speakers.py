"""A speaker's page. Bookmarks outlive re-keying: `/speakers?key=` opens the page of the name
quoted under a key, and a key that re-analysis retired (news.entity_key_aliases) redirects (307)
to its current key's page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from newsflow.newsroom import charts
from newsflow.newsroom.deps import PageNumber, Render, ShowAll, Warehouse, reading
from newsflow.newsroom.pages import displayed, moved, page_scope, parse_shown, scope_params
from newsflow.warehouse import newsroom

router = APIRouter(prefix="/speakers")


@router.get("", response_class=HTMLResponse, response_model=None)
def speaker_page(request: Request, warehouse: Warehouse, render: Render,
                 name: Annotated[str | None, Query(min_length=1, max_length=500)] = None,
                 key: Annotated[str | None, Query(min_length=1, max_length=500)] = None,
                 page: PageNumber = 1, min_confidence: str | None = None,
                 show_all: ShowAll = None) -> Response:
    """A speaker's page, by key (every name they are quoted under) or, for a speaker the
    analysis gave no key, by name. A key re-analysis retired moves to its current key (307)."""
    errors: list[str] = []
    shown = parse_shown(show_all, min_confidence, errors)
    if key is None and name is None:
        raise HTTPException(422, "name or key: which speaker?")
    with reading(warehouse) as fetch:
        current = newsroom.current_key(fetch, key) if key is not None else None
        data = None if current else newsroom.speaker(fetch, name, page, shown=shown, key=key)
        if data is not None:
            displayed(fetch, data["quotes"].rows + data["stances"], None)
    if current:
        return moved(request, "/speakers", {"key": current})
    assert data is not None
    if not data["counts"]["matching"] and page == 1:  # hidden ones still make the page exist
        raise HTTPException(404, f"No quotes by the speaker {key or name!r} in analysable articles.")
    if data["name"] is None:  # a key quoted only without a name
        data["name"] = key
    chart = charts.bar_chart(data["per_day"], title=f"Quotes by {data['name']} per day")
    scope = page_scope(shown, data["counts"], "every kind" if shown.all_kinds else "speech")
    return render("speaker.html", {"title": data["name"], "chart": chart, "errors": errors,
                                   "scope": scope, "keep": scope_params(shown), **data})
