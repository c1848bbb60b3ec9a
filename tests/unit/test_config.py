"""feeds.yaml validation, feed selection and settings from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsflow.ingest.feeds_file import FeedsFileError, load_feeds, select_feeds
from newsflow.settings import SAMPLE_FEEDS_FILE, Settings, get_settings

GOOD = """\
feeds:
  - name: world
    url: https://news.example.org/world.xml
    title: World
    tags: [world, news]
  - name: local_2
    url: http://news.example.org/local.atom
    enabled: false
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_loads(tmp_path):
    feeds = load_feeds(write(tmp_path, GOOD))
    assert [f.name for f in feeds] == ["world", "local_2"]
    world, local = feeds
    assert world.url == "https://news.example.org/world.xml"
    assert world.title == "World"
    assert world.tags == ["world", "news"]
    assert world.enabled is True
    assert local.enabled is False and local.tags == [] and local.title is None


def test_sample_feeds_file_with_base_url():
    feeds = load_feeds(SAMPLE_FEEDS_FILE, base_url="http://127.0.0.1:9999/")
    assert len(feeds) == 5
    assert all(f.url.startswith("http://127.0.0.1:9999/feeds/") for f in feeds)
    assert not any("{{" in f.url for f in feeds)
    assert [f.name for f in feeds if not f.enabled] == ["meridian-sport"]


@pytest.mark.parametrize(
    ("entry", "needles"),
    [
        ("  - name: nourl\n    title: T\n", ["feeds[1]", "'nourl'", "url", "required"]),
        ("  - name: ftp-feed\n    url: ftp://example.org/f.xml\n", ["feeds[1]", "'ftp-feed'", "http(s)"]),
        ("  - name: js\n    url: 'javascript:alert(1)'\n", ["feeds[1]", "'js'", "http(s)"]),
        ("  - name: spaced\n    url: 'http://exa mple.org/f.xml'\n", ["feeds[1]", "'spaced'", "http(s)"]),
        ("  - name: Bad Name!\n    url: http://example.org/f.xml\n", ["feeds[1]", "'Bad Name!'", "name"]),
        ("  - name: world\n    url: http://example.org/other.xml\n", ["feeds[1]", "'world'", "duplicate"]),
        ("  - name: extra\n    url: http://example.org/f.xml\n    colour: red\n", ["feeds[1]", "'extra'", "colour"]),
        ("  - just a string\n", ["feeds[1]", "mapping"]),
        ("  - url: http://example.org/f.xml\n", ["feeds[1]", "name", "required"]),
        ("  - name: tagged\n    url: http://example.org/f.xml\n    tags: notalist\n", ["'tagged'", "tags"]),
    ],
    ids=["missing-url", "ftp-url", "javascript-url", "space-in-url", "bad-name", "duplicate-name", "unknown-key",
         "not-a-mapping", "missing-name", "tags-not-list"],
)
def test_bad_entry_is_named(tmp_path, entry, needles):
    text = "feeds:\n  - name: world\n    url: http://example.org/world.xml\n" + entry
    with pytest.raises(FeedsFileError) as err:
        load_feeds(write(tmp_path, text))
    message = str(err.value)
    assert str(tmp_path / "feeds.yaml") in message
    for needle in needles:
        assert needle in message, (needle, message)


def test_name_with_trailing_newline_is_rejected(tmp_path):
    # "$" in a regex also matches before a final newline; a name must be a clean slug.
    text = 'feeds:\n  - name: "world\\n"\n    url: http://example.org/world.xml\n'
    with pytest.raises(FeedsFileError, match="name"):
        load_feeds(write(tmp_path, text))


@pytest.mark.parametrize(
    "text",
    ["feeds:\n  name: world\n  url: http://example.org/x.xml\n", "- name: world\n  url: http://x.org/\n",
     "feeds: 3\n", "", "something: else\n"],
    ids=["feeds-is-mapping", "top-level-list", "feeds-is-int", "empty-file", "no-feeds-key"],
)
def test_not_a_list(tmp_path, text):
    with pytest.raises(FeedsFileError, match="feeds:' list"):
        load_feeds(write(tmp_path, text))


def test_invalid_yaml_and_missing_file(tmp_path):
    with pytest.raises(FeedsFileError, match="not valid YAML"):
        load_feeds(write(tmp_path, "feeds: [unclosed\n"))
    with pytest.raises(FeedsFileError, match="cannot read"):
        load_feeds(tmp_path / "absent.yaml")


def test_select_feeds(tmp_path):
    feeds = load_feeds(write(tmp_path, GOOD))
    assert [f.name for f in select_feeds(feeds, None)] == ["world"]  # disabled one skipped
    assert [f.name for f in select_feeds(feeds, [])] == ["world"]
    assert [f.name for f in select_feeds(feeds, ["world"])] == ["world"]
    # Asking for a disabled feed (by URL or name) is an error, not a silent no-op.
    with pytest.raises(FeedsFileError, match="disabled.*local_2"):
        select_feeds(feeds, ["http://news.example.org/local.atom"])
    with pytest.raises(FeedsFileError, match="disabled.*local_2"):
        select_feeds(feeds, [" world ", "local_2"])
    assert [f.name for f in select_feeds(feeds, [" world "])] == ["world"]
    with pytest.raises(FeedsFileError, match="unknown feed.*nope"):
        select_feeds(feeds, ["world", "nope"])


def test_settings_defaults_are_safe(monkeypatch):
    for name in ("NEWSFLOW_ALLOW_PRIVATE_HOSTS", "NEWSFLOW_PER_HOST_DELAY"):
        monkeypatch.delenv(name, raising=False)
    s = Settings.from_env()
    assert s.allow_private_hosts == ()
    assert s.obey_robots is True
    assert s.per_host_delay > 0
    assert 0 < s.connect_timeout <= 30 and 0 < s.read_timeout <= 60
    assert 0 < s.max_bytes <= 100 * 1024 * 1024
    assert "newsflow" in s.user_agent


def test_settings_env_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSFLOW_READ_TIMEOUT", "1.5")
    monkeypatch.setenv("NEWSFLOW_CONNECT_TIMEOUT", "0.5")
    monkeypatch.setenv("NEWSFLOW_MAX_BYTES", "2000")
    monkeypatch.setenv("NEWSFLOW_MAX_REDIRECTS", "2")
    monkeypatch.setenv("NEWSFLOW_OBEY_ROBOTS", "no")
    monkeypatch.setenv("NEWSFLOW_ALLOW_PRIVATE_HOSTS", "127.0.0.1, localhost ,")
    monkeypatch.setenv("NEWSFLOW_USER_AGENT", "tester/1")
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NEWSFLOW_WAREHOUSE_DSN", "postgresql://u@h/db")
    s = get_settings()
    assert s.read_timeout == 1.5 and s.connect_timeout == 0.5
    assert s.max_bytes == 2000 and s.max_redirects == 2
    assert s.obey_robots is False
    assert s.allow_private_hosts == ("127.0.0.1", "localhost")
    assert s.user_agent == "tester/1"
    assert s.data_dir == tmp_path
    assert s.warehouse_dsn == "postgresql://u@h/db"
    assert get_settings() is s  # cached until cleared


def test_conftest_env_reaches_settings():
    s = get_settings()
    assert s.allow_private_hosts == ("127.0.0.1",)
    assert s.per_host_delay == 0


@pytest.mark.parametrize("raw", [
    '{"conn_type": "postgres", "host": "db.example", "port": 5433, "login": "news", "password": "p w",'
    ' "schema": "warehouse", "extra": {"sslmode": "require", "connect_timeout": 7, "provider_only": "x"}}',
    '{"conn_type": "postgres", "host": "db.example", "port": 5433, "login": "news", "password": "p w",'
    ' "schema": "warehouse", "extra": "{\\"sslmode\\": \\"require\\", \\"connect_timeout\\": 7}"}',
])
def test_airflow_connection_in_json_form_keeps_its_libpq_extras(monkeypatch, raw):
    """The CLI used to drop `extra` from the JSON form (sslmode=require lost); the plugin and the
    CLI now share one builder, so both of Airflow's forms give the same DSN."""
    import psycopg2.extensions

    from newsflow.warehouse import db

    monkeypatch.setenv("AIRFLOW_CONN_NEWS_WAREHOUSE", raw)
    params = psycopg2.extensions.parse_dsn(db.resolve_dsn(start=False))
    assert params == {"host": "db.example", "port": "5433", "user": "news", "password": "p w",
                      "dbname": "warehouse", "sslmode": "require", "connect_timeout": "7"}
    uri = "postgresql://news:p%20w@db.example:5433/warehouse?sslmode=require&connect_timeout=7"
    monkeypatch.setenv("AIRFLOW_CONN_NEWS_WAREHOUSE", uri)
    assert psycopg2.extensions.parse_dsn(db.resolve_dsn(start=False)) == params
