"""`newsflow run`'s summary stays readable with thousands of feeds: failing feeds first, at most
--limit rows, the rest counted."""

from __future__ import annotations

from newsflow.newsroom.report import print_ingest


def test_the_summary_lists_failing_feeds_first_and_at_most_limit(capsys):
    feeds = {f"feed-{i:04d}": {"feed_status": "ok", "statuses": {"ok": 1}} for i in range(1100)}
    feeds["zz-broken"] = {"feed_status": "http_error", "statuses": {}}
    feeds["aa-paused"] = {"feed_status": "disabled", "statuses": {}}
    print_ingest({"feeds": feeds, "articles": 1100, "duplicates": 0}, limit=3)
    lines = capsys.readouterr().out.splitlines()
    rows = [ln.split()[0] for ln in lines[2:5]]
    assert rows == ["zz-broken", "feed-0000", "feed-0001"]
    assert "… and 1099 more feeds (use --limit)" in lines
    assert len(lines) == 8  # header, rule, 3 rows, the count, blank, the totals


def test_without_a_limit_every_feed_is_listed(capsys):
    feeds = {f"f{i}": {"feed_status": "ok", "statuses": {"ok": 1}} for i in range(5)}
    print_ingest({"feeds": feeds, "articles": 5, "duplicates": 0})
    out = capsys.readouterr().out
    assert all(f"f{i} " in out for i in range(5)) and "more feeds" not in out


def test_a_disabled_feed_says_so_and_comes_last(capsys):
    feeds = {"a-off": {"feed_status": "disabled", "statuses": {}}, "b-on": {"feed_status": "ok", "statuses": {"ok": 1}}}
    print_ingest({"feeds": feeds, "articles": 1, "duplicates": 0})
    rows = capsys.readouterr().out.splitlines()[2:4]
    assert rows[0].split()[:2] == ["b-on", "ok"] and rows[1].split()[:2] == ["a-off", "disabled"]
