"""The front page: feeds (searchable, paged), articles per day, and the recent pipeline runs, each
run made by Airflow linked to its page in the Airflow UI."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from newsflow.newsroom import charts
from newsflow.newsroom.deps import PageNumber, Render, Warehouse, reading
from newsflow.newsroom.pages import blank_to_none, root_path
from newsflow.warehouse import newsroom

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, warehouse: Warehouse, render: Render, page: PageNumber = 1,
             q: Annotated[str | None, Query(max_length=newsroom.FEED_SEARCH_MAX)] = None) -> HTMLResponse:
    with reading(warehouse) as fetch:
        data = newsroom.overview(fetch, page, search=blank_to_none(q))
    for f in data["feeds"].rows:
        f["history_chart"] = charts.fetch_history_chart(f["history"], feed=f["feed_name"])
    volume = [(d["day"], d["articles"]) for d in data["volume"]]
    days = data["history_days"]
    volume_chart = charts.bar_chart(
        volume, title=f"Articles that reached the warehouse per day, the last {days} days (UTC)")
    # A run made by Airflow links to its page in the Airflow UI (/dags/{dag_id}/runs/{run_id}).
    # The view is mounted inside the api-server: Airflow's own root is the mount's app_root_path
    # (its base_url path); standalone, the parent of the view's root_path.
    root = root_path(request)
    airflow_root = str(request.scope.get("app_root_path", root.rpartition("/")[0])).rstrip("/")
    for r in data["runs"]:
        r["airflow_href"] = (f"{airflow_root}/dags/{quote(r['dag_id'], safe='')}/runs/{quote(r['run_id'], safe='')}"
                             if r["origin"] == "airflow" else None)
    return render("overview.html", {"title": "News overview", "volume_chart": volume_chart,
                                    "volume_total": sum(n for _, n in volume), **data})
