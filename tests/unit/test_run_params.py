"""A run's conf is checked before any work: each mistake no retry can fix gets a message that
says what to change."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsflow import run_params
from newsflow.run_params import ConfError

FEEDS = """
feeds:
  - {name: alpha, url: "https://a.example/rss"}
  - {name: beta, url: "https://b.example/rss"}
  - {name: gamma, url: "https://c.example/rss", enabled: false}
"""
INGEST_DEFAULTS = {"feeds": [], "force": False}
ENRICH_DEFAULTS = {"reprocess": "none", "since": None, "until": None, "batch_size": 50}


@pytest.fixture()
def feeds_file(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "my-feeds.yaml"
    path.write_text(FEEDS)
    monkeypatch.setenv("NEWSFLOW_FEEDS_FILE", str(path))
    return path


def test_ingest_defaults_take_every_enabled_feed(feeds_file):
    req = run_params.validate_ingest({}, INGEST_DEFAULTS)
    assert [f.name for f in req.feeds] == ["alpha", "beta"] and req.force is False


def test_ingest_named_feeds_by_name_or_url(feeds_file):
    conf = {"feeds": ["beta", "https://a.example/rss"]}
    req = run_params.validate_ingest(conf, {**INGEST_DEFAULTS, **conf})
    assert sorted(f.name for f in req.feeds) == ["alpha", "beta"]


def test_unknown_feed_names_the_feeds_file_and_the_valid_names(feeds_file):
    conf = {"feeds": ["no-such-feed"]}
    with pytest.raises(ConfError) as err:
        run_params.validate_ingest(conf, {**INGEST_DEFAULTS, **conf})
    msg = str(err.value)
    assert "no-such-feed" in msg and str(feeds_file) in msg
    assert "valid feed names: alpha, beta" in msg


def test_disabled_feed_is_refused(feeds_file):
    conf = {"feeds": ["gamma"]}
    with pytest.raises(ConfError, match="disabled.*gamma"):
        run_params.validate_ingest(conf, {**INGEST_DEFAULTS, **conf})


def test_misspelled_key_is_refused_not_ignored(feeds_file):
    conf = {"feed": ["alpha"]}
    with pytest.raises(ConfError, match=r"unknown conf key\(s\) 'feed'; allowed keys: feeds, force"):
        run_params.validate_ingest(conf, {**INGEST_DEFAULTS, **conf})


def test_broken_feeds_file_is_a_conf_error_naming_it(tmp_path, monkeypatch):
    path = tmp_path / "broken.yaml"
    path.write_text("feeds: [")
    monkeypatch.setenv("NEWSFLOW_FEEDS_FILE", str(path))
    with pytest.raises(ConfError, match="broken.yaml"):
        run_params.validate_ingest({}, INGEST_DEFAULTS)


def test_feed_choices_never_raise(tmp_path, feeds_file):
    assert run_params.feed_choices() == ["alpha", "beta"]
    assert run_params.feed_choices(tmp_path / "missing.yaml") == []
    bad = tmp_path / "bad.yaml"
    bad.write_text("feeds:\n  - {name: 'Not A Slug', url: ftp://x}\n")
    assert run_params.feed_choices(bad) == []


def test_enrich_window_parses_dates():
    conf = {"reprocess": "window", "since": "2026-11-01", "until": "2026-11-30T12:00:00Z"}
    req = run_params.validate_enrich(conf, {**ENRICH_DEFAULTS, **conf})
    assert req.since == datetime(2026, 11, 1, tzinfo=UTC)
    assert req.until == datetime(2026, 11, 30, 12, tzinfo=UTC)
    assert req.reprocess == "window" and req.batch_size == 50


@pytest.mark.parametrize(("conf", "message"), [
    ({"since": "yesterday", "reprocess": "window"}, "since='yesterday' is not an ISO 8601 date-time"),
    ({"reprocess": "window"}, "reprocess='window' needs since and/or until"),
    ({"reprocess": "window", "since": "2026-12-01", "until": "2026-11-01"}, "must be before until"),
    ({"reprocess": "none", "since": "2026-12-01"}, "only apply to reprocess='window'"),
    ({"reprocess": "everything"}, "reprocess must be one of none, all, window, model"),
    ({"batch_size": 0}, "batch_size must be an integer from 1 to 1000"),
    ({"batchsize": 10}, r"unknown conf key\(s\) 'batchsize'"),
])
def test_enrich_mistakes_are_conf_errors(conf, message):
    with pytest.raises(ConfError, match=message):
        run_params.validate_enrich(conf, {**ENRICH_DEFAULTS, **conf})


def test_no_conf_is_fine():
    assert run_params.validate_enrich(None, ENRICH_DEFAULTS).reprocess == "none"
