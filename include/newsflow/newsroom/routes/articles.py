"""An article's page: its text with the quotes and entity mentions marked (article_body), and the
quotes listed under the page's scope."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse

from newsflow.newsroom.article_body import render_body
from newsflow.newsroom.deps import Render, ShowAll, Warehouse, reading
from newsflow.newsroom.pages import page_scope, parse_shown, scope_params
from newsflow.warehouse import newsroom

router = APIRouter(prefix="/articles")


@router.get("/{article_id}", response_class=HTMLResponse)
def article_page(article_id: UUID, warehouse: Warehouse, render: Render,
                 min_confidence: str | None = None, show_all: ShowAll = None) -> HTMLResponse:
    errors: list[str] = []
    shown = parse_shown(show_all, min_confidence, errors)
    with reading(warehouse) as fetch:
        data = newsroom.article(fetch, article_id, shown=shown)
    if data is None:
        raise HTTPException(404, f"No article {article_id}.")
    counts = {"shown": len(data["quotes"]), "below": data["hidden"], "stances": len(data["stances"]),
              "matching": len(data["quotes"]) + len(data["stances"]) + data["hidden"]}
    scope = page_scope(shown, counts, "every kind" if shown.all_kinds else "speech")
    body = render_body(data)
    return render("article.html", {"title": data["title"] or data["url"], "article": data,
                                   "body": body.html, "in_text": body.in_text, "errors": errors,
                                   "scope": scope, "keep": scope_params(shown)})
