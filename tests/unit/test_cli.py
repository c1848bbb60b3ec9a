"""The command line: every command has --help; extract and analyze print data as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "include" / "sample" / "site"
COMMANDS = ["extract", "analyze", "run", "demo", "report", "quotes", "bench", "db", "airflow-ui"]


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsflow", *args], input=stdin,
                          capture_output=True, timeout=300, check=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    proc = _cli(command, "--help")
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"usage: newsflow " + command.encode() in proc.stdout


def test_extract_json_on_a_sample_page():
    page = next(SITE.glob("articles/world/*.html"))
    proc = _cli("extract", str(page), "--json", "--url", "http://example.org/x.html")
    assert proc.returncode == 0, proc.stderr.decode()
    article = json.loads(proc.stdout)
    assert article["status"] == "ok" and len(article["text"]) > 500 and article["title"]


def test_extract_reports_a_status_for_garbage():
    proc = _cli("extract", "-", "--json", stdin=b"%PDF-1.4 \x00\x01\x02 not a page")
    article = json.loads(proc.stdout)
    assert proc.returncode == 1 and article["status"] == "not_html"


def test_analyze_text_from_stdin_json():
    text = ('"We will not sign this agreement," Foreign Minister Anna Lindqvist said on Tuesday.\n\n'
            "Lindqvist told reporters that the talks would resume in March.")
    proc = _cli("analyze", "-", "--json", stdin=text.encode())
    assert proc.returncode == 0, proc.stderr.decode()
    analysis = json.loads(proc.stdout)["analysis"]
    speakers = {q["speaker"] for q in analysis["quotes"]}
    assert "Anna Lindqvist" in speakers
    for ent in analysis["entities"]:
        assert analysis["text"][ent["start"]:ent["end"]] == ent["text"]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test   #" in readme and "make demo   #" in readme
    assert "make test" in ci and "make install" in ci


def test_every_image_and_file_the_readme_links_is_in_the_repository():
    import re

    readme = (ROOT / "README.md").read_text()
    targets = re.findall(r"\]\(((?:docs|include|tests|dags|plugins)/[^)#\s]+)\)", readme)
    assert any(t.startswith("docs/screenshots/") for t in targets)
    missing = [t for t in targets if not (ROOT / t).exists()]
    assert missing == []


@pytest.mark.parametrize("command", [["report"], ["quotes", "--search", "x"], ["run", "--skip-enrich"],
                                     ["db", "migrate"]])
def test_an_unreachable_warehouse_is_one_clear_line_not_a_traceback(command):
    from support import closed_port

    dsn = f"postgresql://newsflow@127.0.0.1:{closed_port()}/newsflow?connect_timeout=3"
    proc = subprocess.run([sys.executable, "-m", "newsflow", *command, "--dsn", dsn],
                          capture_output=True, timeout=120, check=False, env={**os.environ, "NEWSFLOW_WAREHOUSE_DSN": dsn})
    err = proc.stderr.decode()
    assert proc.returncode == 3, err
    assert "Traceback" not in err
    assert err.strip().startswith("newsflow: the warehouse database is unavailable:")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [["quotes", "--kind", "bogus"], ["quotes", "--since", "yesterday"],
                                  ["report", "--since", "2026-13-01"], ["db", "migrate", "--", "-c", "x"]])
def test_bad_arguments_are_refused_before_touching_the_warehouse(args):
    proc = _cli(*args)
    assert proc.returncode == 2, proc.stderr.decode()
    assert b"Traceback" not in proc.stderr


def test_quote_search_sql_is_parameterised():
    from datetime import date

    from newsflow.warehouse.quote_search import QuoteFilter, build_query

    evil = "x'); DROP TABLE news.quotes; --"
    sql, params = build_query(QuoteFilter(speaker=evil, entity=evil, search=evil, feed=evil, kind="direct",
                                          since=date(2026, 1, 1)))
    assert evil not in sql and "DROP" not in sql
    assert params["search"] == evil and params["feed"] == evil and params["speaker"] == f"%{evil}%"
    # The word search is written as the expression migration 008 indexes.
    index_sql = (ROOT / "include" / "newsflow" / "sql" / "008_quote_search.sql").read_text()
    assert "to_tsvector('english', quote_text)" in index_sql
    assert "to_tsvector('english', q.quote_text) @@ websearch_to_tsquery('english', %(search)s)" in sql
    with pytest.raises(ValueError):
        build_query(QuoteFilter(kind="bogus"))


def test_report_tables_print_web_text_literally():
    """A title from the web is data: rich markup in it is printed as is, never interpreted."""
    import io

    from rich.console import Console

    from newsflow.newsroom import report

    data = {
        "feeds": {"rows": [{"feed_name": "f1", "last_status": "ok", "enabled": True, "gaps": 1, "gaps_backfilled": 1,
                            "estimated_missed": 0, "fetches": 144, "fetches_failed": 0, "last_error": "[i]x[/i]"}],
                  "total": 3, "failing": 0, "gapped": 0, "more": 2, "fetch_days": 7},
        "ingest": {"feeds": {"f1": {"feed_status": "ok", "statuses": {"ok": 2}}}, "articles": 2, "duplicates": 0},
        "articles_by_status": [{"status": "ok", "articles": 2, "duplicates": 0}],
        "last_fetches": [], "enrichment": [], "top_entities": [],
        "top_speakers": [{"speaker": "[red]Jane[/red]", "quotes": 3, "articles": 2}],
        "latest_quotes": [{"day": None, "speaker": "Jane", "cue": "said", "quote": "[bold]hi[/bold]",
                           "title": "<script>alert(1)</script>"}],
    }
    out = io.StringIO()
    report.print_all(data, Console(file=out, width=200))
    text = out.getvalue()
    assert "[red]Jane[/red]" in text and "[bold]hi[/bold]" in text and "<script>alert(1)</script>" in text
    assert "[i]x[/i]" in text and "… and 2 more feeds (use --limit)" in text  # the feeds list is bounded
    assert "\x1b[" not in text  # not a terminal: plain text
    for title in ("Feeds", "Articles by status", "Top quoted speakers", "Latest quotes"):
        assert title in text


def test_progress_is_silent_for_json_and_pipes(capsys):
    from newsflow.commands.pipeline import _progress

    with _progress(quiet=True) as say:
        say("fetching feed x")
    with _progress(quiet=False) as say:  # stderr is captured by pytest: not a terminal
        say("fetching feed y")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_progress_shows_each_step_on_a_terminal(monkeypatch):
    import io

    from newsflow.commands.pipeline import _progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    with _progress(quiet=False) as say:
        say("feed meridian-world: ok, 13 entries, 13 new")
        say("enriching [the] new articles")
    assert "feed meridian-world: ok, 13 entries, 13 new" in term.getvalue()
    assert "enriching [the] new articles" in term.getvalue()  # messages are text, not markup
