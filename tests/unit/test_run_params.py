"""A run's conf is checked before any work: each mistake no retry can fix gets a message that
says what to change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsflow import run_params
from newsflow.run_params import ConfError

INGEST_DEFAULTS = {"feeds": [], "force": False}
ENRICH_DEFAULTS = {"reprocess": "none", "since": None, "until": None, "batch_size": 50}


def test_ingest_defaults_ask_for_the_rounds_default():
    req = run_params.validate_ingest({}, INGEST_DEFAULTS)
    assert req.wanted == [] and req.force is False


def test_ingest_names_tags_and_patterns_pass_through_trimmed():
    conf = {"feeds": [" beta ", "tag:world", "meridian-*", ""]}
    req = run_params.validate_ingest(conf, {**INGEST_DEFAULTS, **conf})
    assert req.wanted == ["beta", "tag:world", "meridian-*"]


@pytest.mark.parametrize("feeds", [[1, 2], {"a": 1}, ["x" * 2001], ["a"] * 1001])
def test_ingest_feeds_of_the_wrong_shape_are_refused(feeds):
    conf = {"feeds": feeds}
    with pytest.raises(ConfError, match="feeds"):
        run_params.validate_ingest(conf, {**INGEST_DEFAULTS, **conf})


def test_misspelled_key_is_refused_not_ignored():
    conf = {"feed": ["alpha"]}
    with pytest.raises(ConfError, match=r"unknown conf key\(s\) 'feed'; allowed keys: feeds, force"):
        run_params.validate_ingest(conf, {**INGEST_DEFAULTS, **conf})


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


def test_every_problem_of_a_conf_is_named_at_once():
    conf = {"reprocess": "window", "since": "last week", "until": "yesterday", "batch_size": 0, "bogus": 1}
    with pytest.raises(ConfError) as err:
        run_params.validate_enrich(conf, {**ENRICH_DEFAULTS, **conf})
    msg = str(err.value)
    for part in ("unknown conf key(s) 'bogus'", "since='last week'", "until='yesterday'", "batch_size must be"):
        assert part in msg, (part, msg)
    assert "needs since" not in msg  # they were given, only wrong
    conf = {"feeds": [1], "force": "yes"}
    with pytest.raises(ConfError, match=r"feeds must be a list.*; force must be true or false"):
        run_params.validate_ingest(conf, {**INGEST_DEFAULTS, **conf})


def test_a_date_as_the_window_end_means_that_whole_day():
    """One meaning of a bound everywhere: a date is the whole day (inclusive), a date-time an
    exclusive instant, so since=until=<a date> is that one day."""
    conf = {"reprocess": "window", "since": "2026-11-30", "until": "2026-11-30"}
    req = run_params.validate_enrich(conf, {**ENRICH_DEFAULTS, **conf})
    assert (req.since, req.until) == (datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    conf = {"reprocess": "window", "until": "2026-11-30T00:00:00+00:00"}
    assert run_params.validate_enrich(conf, {**ENRICH_DEFAULTS, **conf}).until == datetime(2026, 11, 30, tzinfo=UTC)
