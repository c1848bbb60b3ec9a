"""Politeness shared through the warehouse: fetchers in other threads or processes, each with
its own WarehousePoliteness (its own connections and memory), keep one clock per site and
fetch robots.txt once between them."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from itertools import pairwise
from pathlib import Path

import pytest

from newsflow.http import Fetcher
from newsflow.settings import Settings
from newsflow.warehouse.politeness import WarehousePoliteness

from hostile_http import HostileServer, respond
from support import query

pytestmark = pytest.mark.integration

TESTS = Path(__file__).resolve().parents[1]
EPS = 0.1  # scheduling jitter on a loaded 2-core machine; without the shared clock gaps are ~0


def settings(**overrides) -> Settings:
    base = dict(allow_private_hosts=("127.0.0.1",), per_host_delay=0.3, connect_timeout=2.0,
                read_timeout=5.0, total_timeout=5.0, fetch_budget=30.0)
    base.update(overrides)
    return Settings(**base)


def site(robots: str, pages: list[str]) -> HostileServer:
    routes = {"/robots.txt": respond(robots.encode(), headers={"Content-Type": "text/plain"})}
    routes.update({p: respond(b"page " + p.encode()) for p in pages})
    return HostileServer(routes)


def crawl(dsn: str, config: Settings, urls: list[str], results: list) -> None:
    with WarehousePoliteness(dsn) as shared, Fetcher(config, retries=0, politeness=shared) as fetcher:
        for url in urls:
            results.append(fetcher.fetch(url, check_robots=True).outcome)


def test_two_fetchers_in_threads_share_the_clock_and_robots(migrated_dsn):
    pages = [f"/a{i}" for i in range(3)] + [f"/b{i}" for i in range(3)]
    with site("User-agent: *\nAllow: /\n", pages) as srv:
        results: list[str] = []
        workers = [
            threading.Thread(target=crawl, args=(migrated_dsn, settings(), [srv.url(p) for p in half], results))
            for half in (pages[:3], pages[3:])
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join(20)
        times = srv.times()
    assert results == ["ok"] * 6
    assert srv.count("/robots.txt") == 1
    assert len(times) == 7
    gaps = [b - a for a, b in pairwise(sorted(times))]
    assert min(gaps) >= 0.3 - EPS, gaps
    row = query(migrated_dsn, "SELECT robots_status, robots_body IS NOT NULL, "
                              "robots_expires_at - robots_fetched_at <= interval '24 hours', "
                              "next_slot_at > robots_fetched_at FROM news.host_politeness WHERE site = %s",
                (f"http://127.0.0.1:{srv.port}",))
    assert row == [(200, True, True, True)]


def test_crawl_delay_is_shared_with_another_process(migrated_dsn):
    """A second OS process (another worker) learns the Crawl-delay from the warehouse."""
    pages = ["/p1", "/p2", "/p3", "/q1", "/q2", "/q3"]
    script = textwrap.dedent("""
        import sys
        from newsflow.settings import Settings
        from newsflow.http import Fetcher
        from newsflow.warehouse.politeness import WarehousePoliteness
        dsn, *urls = sys.argv[1:]
        config = Settings(allow_private_hosts=("127.0.0.1",), per_host_delay=0.0, total_timeout=5.0)
        with WarehousePoliteness(dsn) as shared, Fetcher(config, retries=0, politeness=shared) as f:
            for url in urls:
                print(f.fetch(url, check_robots=True).outcome)
    """)
    with site("User-agent: *\nCrawl-delay: 0.4\n", pages) as srv:
        results: list[str] = []
        crawl(migrated_dsn, settings(per_host_delay=0.0), [srv.url(p) for p in pages[:1]], results)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
        other = subprocess.Popen(
            [sys.executable, "-c", script, migrated_dsn, *[srv.url(p) for p in pages[3:]]],
            stdout=subprocess.PIPE, text=True, env=env,
        )
        crawl(migrated_dsn, settings(per_host_delay=0.0), [srv.url(p) for p in pages[1:3]], results)
        out, _ = other.communicate(timeout=30)
        times = sorted(srv.times())
    assert results == ["ok"] * 3 and out.split() == ["ok"] * 3
    assert srv.count("/robots.txt") == 1  # the other process used the cached one
    gaps = [b - a for a, b in pairwise(times[1:])]  # after robots.txt taught us the delay
    assert len(gaps) == 5 and min(gaps) >= 0.4 - EPS, gaps
