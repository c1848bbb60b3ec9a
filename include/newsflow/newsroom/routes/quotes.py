"""The Quotes page (search form, results, feed choices) and its CSV/JSON downloads: both read the
same form (`QuoteForm`) and check it the same way (`quote_search.validate_filter`, the check the
CLI runs too), so a search too long or too complex for the warehouse is a 422 either way."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, StreamingResponse

from newsflow.newsroom.deps import PageNumber, Render, Warehouse, reading
from newsflow.newsroom.export import EXPORT_MAX_ROWS, csv_lines, export_rows, json_lines
from newsflow.newsroom.pages import (
    blank_to_none,
    displayed,
    page_scope,
    parse_day,
    parse_shown,
    scope_params,
)
from newsflow.warehouse import newsroom
from newsflow.warehouse.quote_search import (
    KINDS,
    SORTS,
    STANCE,
    QuoteFilter,
    SearchError,
    postgres_refusals,
    validate_filter,
)
from newsflow.warehouse.readonly import ReadOnlyWarehouse

DEFAULT_SORT = next(iter(SORTS))

# "/quotes" and its downloads "/quotes.csv", "/quotes.json": paths appended to the prefix as is.
router = APIRouter(prefix="/quotes")


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


Form = Annotated[QuoteForm, Depends()]


def _quote_filter(form: QuoteForm, errors: list[str]) -> tuple[QuoteFilter, dict[str, Any]]:
    """The search a Quotes form (or an export link) asks for, with its problems in `errors`;
    also the kind, sort and scope it settled on (`chosen`)."""
    kind = blank_to_none(form.kind)
    if kind and kind not in KINDS:
        errors.append(f"kind: one of {', '.join(KINDS)}; ignored")
        kind = None
    sort = blank_to_none(form.sort) or DEFAULT_SORT
    if sort not in SORTS:
        errors.append(f"sort: one of {', '.join(SORTS)}; newest first")
        sort = DEFAULT_SORT
    shown = parse_shown(form.show_all, form.min_confidence, errors)
    since, until = parse_day(form.since, "since", errors), parse_day(form.until, "until", errors)
    if since and until and since > until:
        errors.append(f"since ({since}) is after until ({until}): the two days were swapped")
        since, until = until, since
    flt = QuoteFilter(
        search=blank_to_none(form.q), speaker=blank_to_none(form.speaker),
        entity=blank_to_none(form.entity), feed=blank_to_none(form.feed), kind=kind, sort=sort,
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


@router.get("", response_class=HTMLResponse)
def quotes(form: Form, warehouse: Warehouse, render: Render, page: PageNumber = 1) -> HTMLResponse:
    errors: list[str] = []
    query, chosen = _quote_filter(form, errors)
    with reading(warehouse) as fetch:
        query, feed_choices = _feed_choice(fetch, query, errors)
        with postgres_refusals():  # the tsquery parser's refusal: 422 too, not 503
            if feed_choices:  # which feed? no quotes until one is chosen
                results = newsroom.Page([], 1, False)
                counts = {"shown": 0, "below": 0, "stances": 0, "matching": 0}
            else:
                results = newsroom.quotes(fetch, query, page)
                counts = newsroom.quote_counts(fetch, query)
                displayed(fetch, results.rows, query.search)
        suggestions = newsroom.feed_suggestions(fetch, blank_to_none(form.feed))
    shown, kind_value = chosen["shown"], chosen["kind"]
    base = {"q": form.q or "", "speaker": form.speaker or "", "entity": form.entity or "",
            "feed": query.feed or form.feed or "", "since": form.since or "", "until": form.until or ""}
    if query.since and query.until:  # as searched (a reversed pair swapped)
        base |= {"since": query.since.isoformat(), "until": query.until.isoformat()}
    what = ("stances" if kind_value == STANCE else f"{kind_value} quotes" if kind_value
            else "every kind" if shown.all_kinds else "speech")
    scope = {**page_scope(shown, counts, what), "kind": kind_value or ""}
    keep = scope_params(shown)
    pages = max(1, math.ceil(counts["shown"] / newsroom.PAGE_SIZE))
    sort = chosen["sort"] if chosen["sort"] != DEFAULT_SORT else ""
    export = {**base, "kind": kind_value or "", "sort": sort, **keep}
    return render("quotes.html", {
        "title": "Quotes", "form": {**base, "kind": kind_value or "", "sort": chosen["sort"]},
        "results": results, "errors": errors, "feeds": suggestions, "feed_choices": feed_choices,
        "kinds": KINDS, "sorts": SORTS, "scope": scope, "keep": keep, "pages": pages, "sort": sort,
        "min_confidence": keep.get("min_confidence", ""), "show_all": "all" in keep,
        "export": export, "export_max": EXPORT_MAX_ROWS})


def _export(warehouse: ReadOnlyWarehouse, form: QuoteForm, fmt: str) -> StreamingResponse:
    """The rows of a Quotes search (the CLI's `quotes --json` rows) as a download, at most
    EXPORT_MAX_ROWS. Checked like the page, and counted first on a connection of its own, so a
    refused or too slow search is a 422 or 503 page, not a download cut short."""
    errors: list[str] = []
    query, _ = _quote_filter(form, errors)
    if errors:  # a download cannot explain what it ignored
        raise SearchError("; ".join(errors))
    with reading(warehouse) as fetch:
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


@router.get(".csv", response_class=StreamingResponse)
def quotes_csv(form: Form, warehouse: Warehouse) -> StreamingResponse:
    return _export(warehouse, form, "csv")


@router.get(".json", response_class=StreamingResponse)
def quotes_json(form: Form, warehouse: Warehouse) -> StreamingResponse:
    return _export(warehouse, form, "json")
