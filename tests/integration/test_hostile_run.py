"""Issue 16's whole run: one `newsflow run` (ingest + enrich) over a loopback site whose feed lists
good articles beside a page for each hostile shape — a 503 with an unreadable Retry-After, a
1.6 MB unclosed-<script> page, a paragraph of 30,000 quote marks, an article over the analysis
cap. Under a 4 GB address-space limit it exits 0 within 300 s and 1.5 GB; every good article is
stored and enriched and every hostile page has a status."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from hostile_http import HostileServer, respond
from support import query

pytestmark = pytest.mark.integration

GOOD = ["harbour", "council", "school"]


def _article(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{body}</article></body></html>").encode()


STORIES = {
    "harbour": ("Maria Lopez, the mayor, said the harbour dredging would be finished by spring.",
                "Fishing crews have waited three years for deeper berths at the north quay.",
                "The port authority put the cost at twelve million euros, most of it from the region.",
                "Ferries will keep their timetable while the dredgers work at night.",
                "Environmental groups asked for the silt to be tested before it is dumped at sea."),
    "council": ("The city council voted nine to four on Tuesday to freeze parking fees until 2028.",
                "Councillor Ahmed Khan told reporters that shopkeepers had asked for the freeze.",
                "Opposition members warned that the budget would lose two million a year.",
                "A public hearing on the new bus lanes was moved to January.",
                "The vote ended a session that ran past midnight."),
    "school": ("A new primary school opened in the western district with 240 pupils on Monday.",
               "Head teacher Sofia Berg said the building heats itself with a ground pump.",
               "Parents had campaigned for a decade for a school within walking distance.",
               "The old site will become a library and a youth centre next year.",
               "Teachers praised the bright classrooms and the large playground."),
}


def _good(topic: str) -> bytes:
    return _article(f"The {topic} story", list(STORIES[topic]))


def _feed(base: str, names: list[str]) -> bytes:
    now = format_datetime(datetime(2026, 12, 1, tzinfo=UTC))
    items = "".join(f"<item><title>{n}</title><link>{base}/a/{n}</link><guid>{n}</guid>"
                    f"<pubDate>{now}</pubDate></item>" for n in names)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))


def test_one_run_over_good_and_hostile_pages(migrated_dsn, tmp_path):
    routes: dict = {}
    with HostileServer(routes) as srv:
        base = srv.url("")
        long_text = [f"Sentence {i} of a very long report on the harbour works and the council budget."
                     for i in range(1600)]  # ~130,000 characters: over the 100,000 analysis cap
        hostile = {
            "retry-after": respond(b"busy", "503 Service Unavailable", {"Retry-After": "\u00b2"}),
            "script-bomb": respond(b"<html><body>" + b"<script>" * 200_000),
            "quote-bomb": respond(_article("Quote marks", ["He said " + '"' * 30_000] + [
                f"A normal paragraph number {i} follows the strange one, as the editor noted." for i in range(6)])),
            "too-long": respond(_article("A very long report", long_text)),
        }
        routes.update({f"/a/{n}": respond(_good(n)) for n in GOOD})
        routes.update({f"/a/{n}": script for n, script in hostile.items()})
        routes["/feed.xml"] = respond(_feed(base, GOOD + list(hostile)), "200 OK",
                                      {"Content-Type": "application/rss+xml"})
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(f"feeds:\n  - name: hostile\n    url: {base}/feed.xml\n", encoding="utf-8")
        env = {**os.environ, "NEWSFLOW_WAREHOUSE_DSN": migrated_dsn, "NEWSFLOW_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
               "NEWSFLOW_PER_HOST_DELAY": "0", "NEWSFLOW_FETCH_BUDGET": "20"}
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "newsflow", "run", "--feeds", str(feeds), "--json"],
                              env=env, capture_output=True, text=True, timeout=600,
                              preexec_fn=_limit_address_space)
        seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"whole run: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert seconds <= 300 and peak_mb <= 1536, (seconds, peak_mb)
    result = json.loads(proc.stdout)
    assert result["failed_feeds"] == []
    rows = dict(query(migrated_dsn, """SELECT a.entry_key, a.status || '/' || coalesce(e.status, '-')
                                         FROM news.articles a LEFT JOIN news.article_enrichment e USING (article_id)"""))
    assert {k.removeprefix("guid:"): v for k, v in rows.items()} == {
        "harbour": "ok/ok", "council": "ok/ok", "school": "ok/ok",
        "retry-after": "http_error/-",  # recorded with its status code, tried again next run
        "script-bomb": "empty/-",  # no text on the page: nothing to analyse
        "quote-bomb": "ok/ok",  # the run of marks is capped before spaCy
        "too-long": "ok/too_long",  # stored, not analysed, and says why
    }
    quotes = query(migrated_dsn, "SELECT count(*) FROM news.quotes q JOIN news.articles a USING (article_id) "
                                 "WHERE a.entry_key LIKE 'guid:%' AND a.status = 'ok'")[0][0]
    assert quotes >= 3  # the good articles' "said" quotes were extracted
