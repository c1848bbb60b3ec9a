"""The view's one stylesheet, behind the login check like every page (no script is ever served)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from newsflow.newsroom.pages import HERE

router = APIRouter(prefix="/static", include_in_schema=False)


@router.get("/news.css")
def stylesheet() -> Response:
    return Response((HERE / "static" / "news.css").read_bytes(), media_type="text/css",
                    headers={"Cache-Control": "private, max-age=3600"})
