"""The poller on loopback and a real PostgreSQL: the registry imported once per change, feeds
chosen by name, tag or pattern, rounds planned into a fixed number of shards by site, feeds polled
when due, and a gap between two polls detected and backfilled from the site's news sitemap."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsflow.http import Fetcher
from newsflow.http.politeness import InProcessPoliteness
from newsflow.ingest import poll, registry
from newsflow.ingest.feeds import sync_feeds
from newsflow.ingest.feeds_file import FeedConfig
from newsflow.ingest.pipeline import finalize_ingest
from newsflow.settings import Settings
from newsflow.warehouse import db
from newsflow.warehouse.runs import start_run

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
WORDS = ("harbour council budget rail strike minister river festival court school election market "
         "hospital bridge museum drought farmers tariff port union").split()


def query(dsn: str, sql: str, params: tuple = ()) -> list[tuple]:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


class StepClock:
    """A clock the test moves; sleeping advances it (politeness waits cost no real time)."""

    def __init__(self, at: datetime) -> None:
        self.at = at
        self.mono = 0.0

    def now(self) -> datetime:
        return self.at

    def monotonic(self) -> float:
        return self.mono

    def sleep(self, seconds: float) -> None:
        self.mono += seconds


class Outlet:
    """A news site whose feed lists only its latest 20 articles; a news sitemap lists them all."""

    def __init__(self, sitemap: bool) -> None:
        self.published: list[tuple[int, datetime]] = []
        self.sitemap = sitemap
        self.hits: list[str] = []

    def publish(self, first: int, last: int, start: datetime, step: timedelta) -> None:
        self.published += [(i, start + step * (i - first)) for i in range(first, last + 1)]

    def feed(self, base: str) -> bytes:
        items = "".join(
            f"<item><title>Story {i}</title><link>{base}/a/{i}.html</link><guid>{base}/a/{i}</guid>"
            f"<pubDate>{format_datetime(at, usegmt=True)}</pubDate></item>"
            for i, at in sorted(self.published, key=lambda p: p[1], reverse=True)[:20])
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet</title>{items}</channel></rss>'.encode()

    def news_sitemap(self, base: str) -> bytes:
        urls = "".join(
            f"<url><loc>{base}/a/{i}.html</loc><news:news><news:publication>"
            "<news:name>Outlet</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{at.isoformat()}</news:publication_date>"
            f"<news:title>Story {i}</news:title></news:news></url>" for i, at in self.published)
        return ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>').encode()

    def page(self, i: int) -> bytes:
        rnd = random.Random(i)  # distinct text per story: no two pages are near-duplicates
        paras = "".join(f"<p>Story {i}, part {k}: {' '.join(rnd.choices(WORDS, k=40))}.</p>" for k in range(6))
        return f"<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>{paras}</article></body></html>".encode()


@pytest.fixture()
def outlet() -> Iterator[tuple[Outlet, str]]:
    site = Outlet(sitemap=True)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            site.hits.append(self.path)
            if self.path == "/feed.xml":
                body, kind = site.feed(base), "application/rss+xml"
            elif self.path == "/robots.txt":
                body = (f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap_news.xml\n" if site.sitemap else "").encode()
                kind = "text/plain"
            elif self.path == "/sitemap_news.xml" and site.sitemap:
                body, kind = site.news_sitemap(base), "application/xml"
            elif self.path.startswith("/a/") and self.path.endswith(".html"):
                body, kind = site.page(int(self.path[3:-5])), "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _round(dsn: str, run_id: str, clock: StepClock, settings: Settings) -> dict:
    start_run(dsn, run_id, "ingest", "test", {})
    poll.plan_round(dsn, run_id, now=clock.now())
    # the politeness clock is the test's: waits advance it instead of passing real time
    with Fetcher(settings, politeness=InProcessPoliteness(clock=clock.monotonic), sleep=clock.sleep) as fetcher:
        out = poll.poll_feeds(poll.planned_feeds(dsn, run_id), dsn=dsn, run_id=run_id, settings=settings,
                              clock=clock, fetcher=fetcher)
    finalize_ingest(dsn, run_id, [name for name, _ in poll.planned_feeds(dsn, run_id)])
    return out


SETTINGS = Settings(allow_private_hosts=("127.0.0.1",), per_host_delay=0.5, shard_concurrency=1)


def test_a_gap_between_polls_is_detected_and_backfilled_from_the_news_sitemap(migrated_dsn, outlet):
    site, base = outlet
    sync_feeds([FeedConfig(name="busy", url=f"{base}/feed.xml")], migrated_dsn)
    clock = StepClock(T0)
    site.publish(1, 20, T0 - timedelta(hours=2), timedelta(minutes=5))
    first = _round(migrated_dsn, "r1", clock, SETTINGS)
    assert first["feeds"][0]["gap"] is False  # a first fetch is never a gap
    # 130 articles in two hours: the 20-entry feed shows only the last 20 at the next poll.
    site.publish(21, 150, T0 + timedelta(minutes=1), timedelta(minutes=1))
    clock.at = T0 + timedelta(hours=3)
    second = _round(migrated_dsn, "r2", clock, SETTINGS)
    feed = second["feeds"][0]
    assert (feed["gap"], feed["known"], feed["entries"]) == (True, 0, 20)
    assert feed["backfill"]["status"] == "backfilled" and feed["backfill"]["method"] == "news_sitemap"
    assert feed["backfill"]["backfilled"] == 110  # stories 21..130, published inside the window
    gap = query(migrated_dsn, "SELECT window_start, window_end, status, method, found, backfilled, estimated_missed "
                              "FROM news.feed_gaps WHERE feed_name = 'busy'")
    # window: the last poll .. the oldest listed entry (story 131); found counts the sitemap's
    # entries inside it with an hour's slack each side, backfilled those new to the feed
    assert gap == [(T0, T0 + timedelta(minutes=111), "backfilled", "news_sitemap", 138, 110, 0)]
    urls = {u for (u,) in query(migrated_dsn, "SELECT url FROM news.articles WHERE status = 'ok'")}
    assert urls == {f"{base}/a/{i}.html" for i in range(1, 151)}  # nothing lost
    sources = dict(query(migrated_dsn, "SELECT source, count(*) FROM news.feed_entries GROUP BY 1"))
    assert sources == {"feed": 40, "sitemap": 110}
    fetches = query(migrated_dsn, "SELECT run_id, entries_seen, entries_known, gap FROM news.feed_fetches ORDER BY run_id")
    assert fetches == [("r1", 20, 0, False), ("r2", 20, 0, True)]
    assert query(migrated_dsn, "SELECT gaps, gaps_backfilled, estimated_missed FROM news.feeds") == [(1, 1, 0)]
    assert query(migrated_dsn, "SELECT sum(gaps), sum(fetches) FROM news.feed_days") == [(1, 2)]


def test_a_gap_without_a_sitemap_is_recorded_with_an_estimate(migrated_dsn, outlet):
    site, base = outlet
    site.sitemap = False
    sync_feeds([FeedConfig(name="busy", url=f"{base}/feed.xml")], migrated_dsn)
    clock = StepClock(T0)
    site.publish(1, 20, T0 - timedelta(hours=2), timedelta(minutes=5))
    _round(migrated_dsn, "r1", clock, SETTINGS)
    site.publish(21, 150, T0 + timedelta(minutes=1), timedelta(minutes=1))
    clock.at = T0 + timedelta(hours=3)
    feed = _round(migrated_dsn, "r2", clock, SETTINGS)["feeds"][0]
    assert feed["backfill"]["status"] == "unfillable" and feed["backfill"]["method"] is None
    (status, missed, reason), = query(migrated_dsn, "SELECT status, estimated_missed, reason FROM news.feed_gaps")
    # 20 entries a minute apart (19 min span) over a 111-minute window: about 117 estimated
    assert status == "unfillable" and missed == round(20 / (19 * 60) * 111 * 60) and reason
    assert query(migrated_dsn, "SELECT gaps, gaps_backfilled, estimated_missed FROM news.feeds") == [(1, 0, missed)]


def test_feeds_are_polled_when_due_and_the_interval_adapts(migrated_dsn, outlet):
    site, base = outlet
    sync_feeds([FeedConfig(name="busy", url=f"{base}/feed.xml"),
                FeedConfig(name="fixed", url=f"{base}/feed.xml?fixed", interval=30)], migrated_dsn)
    clock = StepClock(T0)
    site.publish(1, 20, T0 - timedelta(hours=2), timedelta(minutes=5))
    _round(migrated_dsn, "r1", clock, SETTINGS)
    due = dict(query(migrated_dsn, "SELECT feed_name, next_poll_at FROM news.feeds"))
    assert due["fixed"] == T0 + timedelta(minutes=30)
    assert due["busy"] == T0 + timedelta(hours=1)  # a first fetch does not adapt the 1 h start
    clock.at = T0 + timedelta(minutes=40)
    plan = poll.plan_round(migrated_dsn, "r2", now=clock.now())
    assert [n for n, _ in poll.planned_feeds(migrated_dsn, "r2")] == ["fixed"] and plan.feeds == 1
    clock.at = T0 + timedelta(hours=1)
    _round(migrated_dsn, "r3", clock, SETTINGS)  # nothing new: every listed entry known
    interval, = query(migrated_dsn, "SELECT poll_interval FROM news.feeds WHERE feed_name = 'busy'")[0]
    assert interval > timedelta(hours=1)  # all known: polled less often


def test_rounds_are_planned_into_a_fixed_number_of_shards_by_site(migrated_dsn):
    feeds = [FeedConfig(name=f"f{i:04d}", url=f"http://site{i % 40}.example/{i}.xml", tags=["even"] if i % 2 == 0 else [])
             for i in range(300)]
    sync_feeds(feeds, migrated_dsn)
    plan = poll.plan_round(migrated_dsn, "round", now=T0, shards=16)
    assert (plan.feeds, plan.sites, plan.shards) == (300, 40, list(range(16)))
    per_site = query(migrated_dsn, "SELECT f.site, count(DISTINCT p.shard) FROM news.poll_plan p "
                                   "JOIN news.feeds f USING (feed_name) GROUP BY 1")
    assert len(per_site) == 40 and {n for _, n in per_site} == {1}  # a site never spans shards
    sizes = [n for (n,) in query(migrated_dsn, "SELECT count(*) FROM news.poll_plan GROUP BY shard")]
    assert max(sizes) - min(sizes) <= 8  # whole sites of 7-8 feeds, balanced
    assert poll.plan_round(migrated_dsn, "few", now=T0, names=["f0001", "f0002"]).shards == [0, 1]


def test_the_registry_is_imported_once_per_change_and_chosen_by_name_tag_or_pattern(migrated_dsn, tmp_path: Path):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n"
                    "  - {name: world-a, url: 'https://a.example/rss', tags: [world]}\n"
                    "  - {name: world-b, url: 'https://b.example/rss', tags: [world], priority: 5}\n"
                    "  - {name: sport, url: 'https://c.example/rss', enabled: false, interval: 60}\n")
    first = registry.import_feeds_file(migrated_dsn, path)
    assert (first.changed, first.feeds) == (True, 3)
    assert registry.import_feeds_file(migrated_dsn, path).changed is False  # not parsed again
    assert registry.resolve(migrated_dsn, ["tag:world"]) == ["world-a", "world-b"]
    assert registry.resolve(migrated_dsn, ["world-*"]) == ["world-a", "world-b"]
    assert registry.resolve(migrated_dsn, ["https://a.example/rss"]) == ["world-a"]
    with pytest.raises(registry.SelectionError, match="unknown feed.*nope"):
        registry.resolve(migrated_dsn, ["nope"])
    with pytest.raises(registry.SelectionError, match="disabled.*sport"):
        registry.resolve(migrated_dsn, ["sport"])
    with pytest.raises(registry.SelectionError, match="no enabled feed matches"):
        registry.resolve(migrated_dsn, ["tag:none"])
    path.write_text(path.read_text().replace("priority: 5", "priority: 7"))
    assert registry.import_feeds_file(migrated_dsn, path).changed is True
    assert query(migrated_dsn, "SELECT feed_name, priority, interval_minutes, site FROM news.feeds ORDER BY 1") == [
        ("sport", 0, 60, "https://c.example"), ("world-a", 0, None, "https://a.example"),
        ("world-b", 7, None, "https://b.example")]


def test_a_spent_shard_budget_defers_feeds_to_the_next_round(migrated_dsn, outlet):
    site, base = outlet
    sync_feeds([FeedConfig(name="busy", url=f"{base}/feed.xml")], migrated_dsn)
    site.publish(1, 5, T0 - timedelta(hours=1), timedelta(minutes=5))
    spent = Settings(allow_private_hosts=("127.0.0.1",), per_host_delay=0.0, shard_budget=0.0)
    out = _round(migrated_dsn, "r1", StepClock(T0), spent)
    assert out["feeds"] == [] and out["deferred"] == ["busy"] and site.hits == []
    assert query(migrated_dsn, "SELECT count(*) FROM news.poll_plan") == [(0,)]  # not counted as failed
    assert query(migrated_dsn, "SELECT status FROM news.pipeline_runs") == [("success",)]
    assert query(migrated_dsn, "SELECT next_poll_at FROM news.feeds") == [(None,)]  # still due


def test_a_feed_that_listed_nothing_has_no_gap_when_it_lists_its_first_entry(migrated_dsn, outlet):
    site, base = outlet
    site.sitemap = False
    sync_feeds([FeedConfig(name="quiet", url=f"{base}/feed.xml")], migrated_dsn)
    clock = StepClock(T0)
    assert _round(migrated_dsn, "r1", clock, SETTINGS)["feeds"][0]["entries"] == 0
    site.publish(1, 1, T0 + timedelta(hours=2), timedelta(minutes=1))
    clock.at = T0 + timedelta(hours=3)
    feed = _round(migrated_dsn, "r2", clock, SETTINGS)["feeds"][0]
    assert (feed["entries"], feed["known"], feed["gap"]) == (1, 0, False)
    assert query(migrated_dsn, "SELECT count(*) FROM news.feed_gaps") == [(0,)]
