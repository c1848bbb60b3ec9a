"""A hostile or broken feeds file: refused quickly with a FeedsFileError naming the file and a
bounded message — never a hang, a RecursionError, a UnicodeDecodeError or a message of megabytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from newsflow.ingest import feeds_file as ff
from newsflow.ingest.feeds_file import FeedsFileError, load_feeds, select_feeds

GOOD_ENTRY = "  - name: world\n    url: http://example.org/world.xml\n"

# "Billion laughs" in YAML: nine levels of nine aliases, 9**9 leaves once expanded.
ALIAS_BOMB = "\n".join(
    ['a0: &a0 "lol"']
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    + ["feeds:", "  - name: *a9", "    url: http://example.org/x.xml", ""]
)

# Run in a child with 1 GiB of address space and a timeout, so that a loader which expands the
# bomb fails the test instead of taking the machine's memory.
BOMB_PROBE = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from newsflow.ingest import feeds_file as ff
if sys.argv[2] == "pure-python":
    ff._Loader = ff._PureLoader
try:
    ff.load_feeds(sys.argv[1])
except ff.FeedsFileError as exc:
    print(exc)
"""


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "feeds.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    """load_feeds' FeedsFileError message, checked to name the file and to be bounded."""
    with pytest.raises(FeedsFileError) as err:
        load_feeds(path)
    message = str(err.value)
    assert str(path) in message and len(message) < 1000, message[:2000]
    return message


@pytest.fixture(params=["default", "pure-python"])
def loader(request, monkeypatch) -> str:
    """Each YAML case runs with the default loader (libyaml when present) and the fallback."""
    if request.param == "pure-python":
        monkeypatch.setattr(ff, "_Loader", ff._PureLoader)
    return request.param


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path, loader):
    path = write(tmp_path, ALIAS_BOMB)
    probe = subprocess.run([sys.executable, "-c", BOMB_PROBE, str(path), loader],
                           capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0, probe.stderr[-2000:]
    message = probe.stdout.strip()
    assert str(path) in message and "anchors and aliases are not allowed" in message, message[:2000]
    assert len(message) < 1000


@pytest.mark.parametrize("text", [
    "base: &base {url: http://example.org/x.xml}\nfeeds:\n  - {name: x, <<: *base}\n",
    "feeds:\n  - name: x\n    url: http://example.org/x.xml\n    tags: &unused [a]\n",
    "feeds: &list []\n",
], ids=["merge-alias", "unused-anchor", "anchored-list"])
def test_anchors_and_aliases_are_refused(tmp_path, loader, text):
    assert "anchors and aliases are not allowed" in refusal(write(tmp_path, text))


@pytest.mark.parametrize("text", [
    "feeds: " + "[" * 50_000 + "\n",
    "feeds: []\nx: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "feeds: []\nx: " + "{a: " * 20_000 + "b" + "}" * 20_000 + "\n",
    "feeds: []\nx:\n" + "- " * 20_000 + "end\n",
    "feeds: []\nx: " + "[" * 70 + "]" * 70 + "\n",
], ids=["50k-unclosed", "50k-closed", "20k-flow-mappings", "20k-block-sequences", "70-levels"])
def test_deep_nesting_is_refused_by_name(tmp_path, loader, text):
    message = refusal(write(tmp_path, text))
    assert "nest" in message


@pytest.mark.parametrize(("text", "needle"), [
    ("feeds: []\nx: {1: a}\n", "numbers are not allowed as mapping keys"),
    ("feeds: []\nx: !!set {2.5, 3.5}\n", "numbers are not allowed as mapping keys"),
    ("feeds: []\nx: " + "9" * 1001 + "\n", "integer longer than 1,000"),
    ("feeds: []\nx: 1" + ":59" * 400 + "\n", "integer longer than 1,000"),  # base 60: quadratic
    ("feeds: []\nx: " + "9" * 5000 + "\n", "integer longer than 1,000"),  # a ValueError before
    ("feeds: []\nx: 2026-13-01\n", "month must be in 1..12"),  # a ValueError before
], ids=["int-key", "float-set", "long-int", "sexagesimal-int", "int-over-4300-digits", "bad-date"])
def test_costly_or_unconvertible_numbers_are_refused(tmp_path, loader, text, needle):
    assert needle in refusal(write(tmp_path, text))


HUGE = "x" * 200_000


@pytest.mark.parametrize("entries", [
    f"  - name: {HUGE}\n",
    "  - name: [" + ", ".join(["lol"] * 50_000) + "]\n",
    "  - name: {" + ", ".join(f"k{i}: v" for i in range(20_000)) + "}\n",
    f"  - name: extra\n    url: http://example.org/e.xml\n    ? {HUGE}\n    : 1\n",  # explicit key
    "  - {name: extra, url: 'http://example.org/e.xml', "
    + ", ".join(f"key{i}: 1" for i in range(2_000)) + "}\n",
    f"  - name: {'a' * 100_000}\n    url: http://example.org/1.xml\n" * 2,
    f"  - name: {'a' * 100_000}\n    url: http://example.org/1.xml\n"
    "  - name: other\n    url: http://example.org/1.xml\n",
], ids=["huge-string-name", "huge-list-name", "huge-mapping-name", "huge-unknown-key",
        "thousands-of-unknown-keys", "huge-duplicate-name", "huge-name-of-same-url"])
def test_a_message_about_an_entry_is_bounded(tmp_path, entries):
    message = refusal(write(tmp_path, "feeds:\n" + GOOD_ENTRY + entries))
    assert "feeds[1]" in message or "feeds[2]" in message


def test_select_feeds_messages_are_bounded(tmp_path):
    feeds = load_feeds(write(tmp_path, "feeds:\n" + GOOD_ENTRY))
    for wanted in (["x" * 200_000], [f"no-such-feed-{i}" for i in range(20_000)]):
        with pytest.raises(FeedsFileError, match="unknown feed") as err:
            select_feeds(feeds, wanted)
        assert len(str(err.value)) < 3000


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(tmp_path):
    limit = ff.MAX_FEEDS_FILE_BYTES
    assert limit == 4 * 1024 * 1024
    head = b"feeds: []\n#"
    at_limit = write(tmp_path, head + b"x" * (limit - len(head)))
    assert at_limit.stat().st_size == limit and load_feeds(at_limit) == []
    over = write(tmp_path, head + b"x" * (limit - len(head) + 1))
    message = refusal(over)
    assert f"{limit:,}" in message and "MAX_FEEDS_FILE_BYTES" in message


@pytest.mark.parametrize("data", [
    ("feeds:\n" + GOOD_ENTRY).encode("utf-16"),
    ("feeds:\n" + GOOD_ENTRY).encode("utf-16-le"),  # no BOM: valid UTF-8 full of NULs
    ("feeds:\n" + GOOD_ENTRY).encode("utf-32"),
    b"feeds:\n  - name: caf\xe9\n    url: http://example.org/x.xml\n",  # Latin-1
    b"feeds:\n  - name: x\xff\xfe\n",
], ids=["utf-16", "utf-16-le-no-bom", "utf-32", "latin-1", "invalid-utf-8"])
def test_text_that_is_not_utf8_is_named(tmp_path, data):
    assert "not UTF-8" in refusal(write(tmp_path, data))


def feeds_yaml(count: int) -> str:
    lines = ["feeds:"]
    for i in range(count):
        lines += [f"  - name: feed-{i:05d}",
                  f"    url: https://news{i % 97}.example.org/section/{i}/rss.xml?lang=en&fmt=rss",
                  f"    title: Example feed {i}",
                  "    tags: [world, news]",
                  f"    enabled: {'false' if i % 7 == 0 else 'true'}"]
    return "\n".join(lines) + "\n"


def test_a_5000_feed_file_loads_whole_with_libyaml(tmp_path, monkeypatch):
    """Sized like a real large deployment and saved with a UTF-8 BOM (as Windows editors do).
    With libyaml present the pure-Python scanner (about 5x slower in all) must not be used."""
    if yaml.__with_libyaml__:
        def pure_python_scanner(*_args: object) -> None:
            raise AssertionError("the pure-Python YAML scanner was used although libyaml is present")

        monkeypatch.setattr(yaml.scanner.Scanner, "__init__", pure_python_scanner)
    path = write(tmp_path, "\ufeff" + feeds_yaml(5000))
    assert path.stat().st_size < ff.MAX_FEEDS_FILE_BYTES / 4  # the limit leaves room for more
    feeds = load_feeds(path)
    assert [f.name for f in feeds] == [f"feed-{i:05d}" for i in range(5000)]
    assert sum(not f.enabled for f in feeds) == len(range(0, 5000, 7))
    assert feeds[4999].url == "https://news52.example.org/section/4999/rss.xml?lang=en&fmt=rss"
    assert feeds[4999].tags == ["world", "news"] and feeds[4999].title == "Example feed 4999"


def test_the_fallback_loader_gives_the_same_feeds(tmp_path, monkeypatch):
    path = write(tmp_path, feeds_yaml(300) + "other:\n  when: 2026-11-30\n  ratio: 1.5\n")
    fast = load_feeds(path, base_url="http://x.example/")
    monkeypatch.setattr(ff, "_Loader", ff._PureLoader)
    assert load_feeds(path, base_url="http://x.example/") == fast and len(fast) == 300
