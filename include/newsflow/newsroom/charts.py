"""Counts per day as an SVG bar chart, rendered on the server (the view ships no JavaScript)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from markupsafe import Markup, escape

MAX_DAYS = 366  # a longer history shows its last year


def fill_days(counts: Iterable[tuple[date, int]], *, max_days: int = MAX_DAYS) -> list[tuple[date, int]]:
    """One entry per calendar day from the first to the last day with data (zeros in between),
    cut to the last `max_days` days."""
    by_day: dict[date, int] = {}
    for day, n in counts:
        if day is not None:
            by_day[day] = by_day.get(day, 0) + int(n)
    if not by_day:
        return []
    last = max(by_day)
    first = max(min(by_day), last - timedelta(days=max_days - 1))
    return [(first + timedelta(days=i), by_day.get(first + timedelta(days=i), 0))
            for i in range((last - first).days + 1)]


def bar_chart(counts: Iterable[tuple[date, int]], *, title: str, width: int = 720, height: int = 160) -> Markup:
    """An accessible SVG: one bar per day, each with a <title> tooltip; the y axis is labelled
    with the maximum. An empty series gives a short text instead of an empty frame."""
    days = fill_days(counts)
    if not days:
        return Markup('<p class="chart-empty">No data for a chart.</p>')
    top = max(n for _, n in days) or 1
    left, bottom, pad = 40, 20, 4
    plot_w, plot_h = width - left - pad, height - bottom - pad
    step = plot_w / len(days)
    bar_w = max(step - 1, 0.5)
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{left}" y1="{pad + plot_h}" x2="{width - pad}" y2="{pad + plot_h}"/>',
        f'<text class="tick" x="{left - 4}" y="{pad + 10}" text-anchor="end">{top}</text>',
        f'<text class="tick" x="{left - 4}" y="{pad + plot_h}" text-anchor="end">0</text>',
        f'<text class="tick" x="{left}" y="{height - 4}">{days[0][0].isoformat()}</text>',
        f'<text class="tick" x="{width - pad}" y="{height - 4}" text-anchor="end">{days[-1][0].isoformat()}</text>',
    ]
    for i, (day, n) in enumerate(days):
        if not n:
            continue
        h = plot_h * n / top
        parts.append(
            f'<rect class="bar" x="{left + i * step:.2f}" y="{pad + plot_h - h:.2f}" width="{bar_w:.2f}" '
            f'height="{h:.2f}"><title>{day.isoformat()}: {n}</title></rect>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
