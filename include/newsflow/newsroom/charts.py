"""Counts per day as SVG charts, rendered on the server (the view ships no JavaScript): a bar chart
of one count per day, and a feed's fetch outcomes per day as a small strip."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from markupsafe import Markup, escape

from newsflow.warehouse.feed_history import FeedDay

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


# --------------------------------------------------------------------------- a feed's fetch history

#: FetchOutcome values as the text alternative words them (an unknown outcome is shown as stored).
OUTCOME_WORDS = {
    "ok": "ok",
    "not_modified": "not modified",
    "too_large": "too large",
    "blocked": "blocked (401/403)",
    "http_error": "HTTP error",
    "network_error": "network error",
    "timeout": "timeout",
    "refused": "refused by our rules",
    "error": "error",
}
#: Fills of the strip's segments (presentation attributes: the stylesheet may restyle the classes).
_FILLS = {"ok": "#2b8a57", "not-modified": "#8fc8a6", "failed": "#c62f2f", "none": "#aab4be"}


def _n(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def describe_day(d: FeedDay) -> str:
    """One day in words: "2026-11-03: 10 fetches: 7 ok, 2 not modified, 1 failed (1 HTTP error);
    9 new articles" (the failures itemised as far as the fetch log still holds them)."""
    if not d.fetches:
        return f"{d.day.isoformat()}: no fetch"
    parts = [f"{d.ok} ok", f"{d.not_modified} not modified", f"{d.failed} failed"]
    if d.failed:
        kinds = [f"{n} {OUTCOME_WORDS.get(o, o)}" for o, n in d.failures]
        if d.unitemised:
            kinds.append(f"{d.unitemised} no longer in the fetch log")
        parts[-1] += f" ({', '.join(kinds)})"
    text = f"{d.day.isoformat()}: {_n(d.fetches, 'fetch', 'fetches')}: {', '.join(parts)}"
    text += f"; {_n(d.entries_new, 'new article')}"
    if d.gaps:
        text += f"; {_n(d.gaps, 'gap')}"
    return text


def describe_history(days: Sequence[FeedDay]) -> str:
    """The whole window in words: totals per outcome, new articles, and the days with failures."""
    if not days:
        return "No fetch history."
    span = f"{days[0].day.isoformat()} to {days[-1].day.isoformat()} (UTC)"
    fetches = sum(d.fetches for d in days)
    if not fetches:
        return f"{span}: no fetch"
    failed = sum(d.failed for d in days)
    kinds: dict[str, int] = {}
    for d in days:
        for outcome, n in d.failures:
            kinds[outcome] = kinds.get(outcome, 0) + n
    unitemised = sum(d.unitemised for d in days)
    failures = f"{failed} failed"
    if failed:
        listed = [f"{n} {OUTCOME_WORDS.get(o, o)}" for o, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
        if unitemised:
            listed.append(f"{unitemised} no longer in the fetch log")
        failures += f" ({', '.join(listed)})"
    text = (f"{span}: {_n(fetches, 'fetch', 'fetches')}: {sum(d.ok for d in days)} ok, "
            f"{sum(d.not_modified for d in days)} not modified, {failures}; "
            f"{_n(sum(d.entries_new for d in days), 'new article')}; "
            f"fetched on {_n(sum(1 for d in days if d.fetches), 'day')} of {len(days)}")
    bad = [d.day.isoformat() for d in days if d.failed]
    if bad:
        text += f"; failures on {', '.join(bad)}"
    return text + "."


def fetch_history_chart(days: Sequence[FeedDay], *, feed: str, col: int = 8, height: int = 28) -> Markup:
    """A feed's fetches per day as a small SVG strip, one stacked bar per day (ok, then not
    modified, then failed on top), each day's height its fetches relative to the feed's busiest day
    in the window; a day without fetches is a thin grey tick. The SVG is an image whose accessible
    name states the counts (describe_history); each day has its own tooltip (describe_day)."""
    summary = f"Fetches of {feed}, {describe_history(days)}"
    if not days:
        return Markup('<span class="history-empty">{}</span>').format(summary)
    width = col * len(days)
    top = max(d.fetches for d in days) or 1
    plot = height - 2  # a 2 px floor: the baseline ticks
    parts = [
        f'<svg class="history" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(summary)}">',
        f"<title>{escape(summary)}</title>",
    ]
    for i, d in enumerate(days):
        x = i * col
        parts.append(f"<g><title>{escape(describe_day(d))}</title>")
        if not d.fetches:
            parts.append(f'<rect class="none" x="{x}" y="{height - 2}" width="{col - 2}" height="2" '
                         f'fill="{_FILLS["none"]}"/>')
        else:
            bar = max(plot * d.fetches / top, 4.0)
            y = float(height)
            for css, n in _segments(d, bar):
                y -= n
                parts.append(f'<rect class="{css}" x="{x}" y="{y:.2f}" width="{col - 2}" height="{n:.2f}" '
                             f'fill="{_FILLS[css]}"/>')
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _segments(d: FeedDay, bar: float, least: float = 1.5) -> list[tuple[str, float]]:
    """The day's bar split by outcome, bottom first; a non-zero outcome is never thinner than
    `least` (one failure among a hundred fetches stays visible), the largest gives way."""
    counts = [("ok", d.ok), ("not-modified", d.not_modified), ("failed", d.failed)]
    total = sum(n for _, n in counts) or 1
    heights = {css: (max(bar * n / total, least) if n else 0.0) for css, n in counts}
    excess = sum(heights.values()) - bar
    if excess > 0:
        largest = max(heights, key=lambda css: heights[css])
        heights[largest] = max(heights[largest] - excess, least)
    return [(css, heights[css]) for css, _ in counts if heights[css]]
