-- 015: coverage. Feeds are polled when due (not by calendar), gaps between polls are recorded
-- and backfilled, a poll round is planned into a fixed number of shards, and the per-feed
-- record is summarised per day so frequent polls do not flood the fetch log.

ALTER TABLE news.feeds
    ADD COLUMN site               text,
    ADD COLUMN interval_minutes   integer CHECK (interval_minutes BETWEEN 10 AND 1440),
    ADD COLUMN priority           integer NOT NULL DEFAULT 0,
    ADD COLUMN sitemaps           text[] NOT NULL DEFAULT '{}',
    ADD COLUMN discovered_from    text,
    ADD COLUMN poll_interval      interval NOT NULL DEFAULT interval '1 hour',
    ADD COLUMN next_poll_at       timestamptz,
    ADD COLUMN last_success_at    timestamptz,
    ADD COLUMN gaps               integer NOT NULL DEFAULT 0,
    ADD COLUMN gaps_backfilled    integer NOT NULL DEFAULT 0,
    ADD COLUMN estimated_missed   integer NOT NULL DEFAULT 0;
UPDATE news.feeds SET site = substring(url FROM '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+');
CREATE INDEX feeds_due_idx ON news.feeds (next_poll_at NULLS FIRST) WHERE enabled;
COMMENT ON COLUMN news.feeds.site IS 'Origin (scheme://host[:port]) of url: the unit of politeness and of a poll shard.';
COMMENT ON COLUMN news.feeds.interval_minutes IS 'Fixed poll interval from the feeds file (interval:), in minutes; NULL = adaptive (poll_interval).';
COMMENT ON COLUMN news.feeds.priority IS 'Feeds file priority: higher is polled first when many feeds are due.';
COMMENT ON COLUMN news.feeds.sitemaps IS 'Sitemaps (news sitemaps first) named in the feeds file, read to backfill a gap; robots.txt Sitemap: lines and common paths are tried too.';
COMMENT ON COLUMN news.feeds.discovered_from IS 'The page `newsflow feeds discover` found the feed on.';
COMMENT ON COLUMN news.feeds.poll_interval IS 'Current poll interval: shorter when most listed entries are new, longer when most are known (10 min to 24 h), at least the feed''s <ttl>/sy:updatePeriod.';
COMMENT ON COLUMN news.feeds.next_poll_at IS 'When the feed is next due (NULL = due now); failures back off, Retry-After is honoured.';
COMMENT ON COLUMN news.feeds.last_success_at IS 'When the feed last answered 200 or 304: the start of a gap''s window.';
COMMENT ON COLUMN news.feeds.gaps IS 'Gaps detected: successful fetches where none of the listed entries was known (articles may have been missed between polls).';
COMMENT ON COLUMN news.feeds.gaps_backfilled IS 'Gaps whose window was read from a sitemap or archive feed.';
COMMENT ON COLUMN news.feeds.estimated_missed IS 'Articles probably missed in gaps that could not be backfilled (estimated from the feed''s publishing rate).';

ALTER TABLE news.feed_fetches
    ADD COLUMN entries_known  integer,
    ADD COLUMN gap            boolean NOT NULL DEFAULT false,
    ADD COLUMN poll_interval  interval,
    ADD COLUMN next_poll_at   timestamptz;
COMMENT ON COLUMN news.feed_fetches.entries_known IS 'Listed entries this feed had already listed before the fetch.';
COMMENT ON COLUMN news.feed_fetches.gap IS 'True when no listed entry was known although the feed was polled before: see news.feed_gaps.';
COMMENT ON COLUMN news.feed_fetches.poll_interval IS 'The feed''s poll interval after this fetch.';
COMMENT ON COLUMN news.feed_fetches.next_poll_at IS 'When the feed became due again after this fetch.';

ALTER TABLE news.feed_entries
    ADD COLUMN source text NOT NULL DEFAULT 'feed' CHECK (source IN ('feed', 'sitemap', 'archive'));
COMMENT ON COLUMN news.feed_entries.source IS 'feed (listed by the feed), sitemap or archive (added by a gap''s backfill).';

CREATE TABLE news.feed_gaps (
    gap_id            bigserial PRIMARY KEY,
    feed_name         text NOT NULL REFERENCES news.feeds (feed_name) ON UPDATE CASCADE ON DELETE CASCADE,
    run_id            text NOT NULL,
    detected_at       timestamptz NOT NULL,
    window_start      timestamptz NOT NULL,
    window_end        timestamptz NOT NULL,
    status            text NOT NULL CHECK (status IN ('open', 'backfilled', 'unfillable')),
    method            text,
    sources           text[] NOT NULL DEFAULT '{}',
    found             integer NOT NULL DEFAULT 0,
    backfilled        integer NOT NULL DEFAULT 0,
    estimated_missed  integer NOT NULL DEFAULT 0,
    reason            text,
    CHECK (window_end >= window_start)
);
CREATE INDEX feed_gaps_feed_idx ON news.feed_gaps (feed_name, detected_at);
COMMENT ON TABLE news.feed_gaps IS 'One row per detected gap: a fetch listing no known entry, so articles published between two polls may be missing; the backfill that followed.';
COMMENT ON COLUMN news.feed_gaps.run_id IS 'The run whose fetch found the gap.';
COMMENT ON COLUMN news.feed_gaps.detected_at IS 'When the gap was found.';
COMMENT ON COLUMN news.feed_gaps.window_start IS 'The previous successful poll.';
COMMENT ON COLUMN news.feed_gaps.window_end IS 'The oldest publication time among the entries listed by the gap''s fetch.';
COMMENT ON COLUMN news.feed_gaps.status IS 'backfilled (a sitemap or archive covered the window), unfillable (none could be read: see reason), open (not tried yet).';
COMMENT ON COLUMN news.feed_gaps.method IS 'news_sitemap, sitemap or archive: what the backfill read.';
COMMENT ON COLUMN news.feed_gaps.sources IS 'URLs read by the backfill (credentials redacted).';
COMMENT ON COLUMN news.feed_gaps.found IS 'Articles the backfill found published inside the window.';
COMMENT ON COLUMN news.feed_gaps.backfilled IS 'Of those, entries new to the feed (queued for download like listed entries).';
COMMENT ON COLUMN news.feed_gaps.estimated_missed IS 'When unfillable: articles probably missed, from the feed''s publishing rate over the window.';
COMMENT ON COLUMN news.feed_gaps.reason IS 'Why the backfill found what it found, in words.';

CREATE TABLE news.feed_registry_imports (
    source       text PRIMARY KEY,
    sha256       text NOT NULL,
    imported_at  timestamptz NOT NULL DEFAULT now(),
    feeds        integer NOT NULL
);
COMMENT ON TABLE news.feed_registry_imports IS 'The feeds file (or other source) last imported into news.feeds and its SHA-256: it is parsed again only when it changes.';

CREATE TABLE news.poll_plan (
    run_id     text NOT NULL,
    feed_name  text NOT NULL REFERENCES news.feeds (feed_name) ON UPDATE CASCADE ON DELETE CASCADE,
    shard      integer NOT NULL,
    PRIMARY KEY (run_id, feed_name)
);
CREATE INDEX poll_plan_shard_idx ON news.poll_plan (run_id, shard);
COMMENT ON TABLE news.poll_plan IS 'The feeds a poll round fetches and the shard each is in (all of a site''s feeds in one shard): the DAG maps over shards, never over feeds.';

CREATE TABLE news.feed_days (
    feed_name      text NOT NULL REFERENCES news.feeds (feed_name) ON UPDATE CASCADE ON DELETE CASCADE,
    day            date NOT NULL,
    fetches        integer NOT NULL DEFAULT 0,
    ok             integer NOT NULL DEFAULT 0,
    not_modified   integer NOT NULL DEFAULT 0,
    failed         integer NOT NULL DEFAULT 0,
    entries_new    integer NOT NULL DEFAULT 0,
    gaps           integer NOT NULL DEFAULT 0,
    PRIMARY KEY (feed_name, day)
);
COMMENT ON TABLE news.feed_days IS 'Fetches per feed and day (UTC), kept when old feed_fetches rows are pruned (NEWSFLOW_FETCH_RETENTION_DAYS).';
COMMENT ON COLUMN news.feed_days.fetches IS 'Fetches that day.';
COMMENT ON COLUMN news.feed_days.ok IS 'Answered 200 with a readable feed.';
COMMENT ON COLUMN news.feed_days.not_modified IS 'Answered 304.';
COMMENT ON COLUMN news.feed_days.failed IS 'Any other outcome.';
COMMENT ON COLUMN news.feed_days.entries_new IS 'Listed entries whose articles were new to the warehouse.';
COMMENT ON COLUMN news.feed_days.gaps IS 'Gaps detected that day.';
INSERT INTO news.feed_days (feed_name, day, fetches, ok, not_modified, failed, entries_new)
SELECT feed_name, (fetched_at AT TIME ZONE 'UTC')::date, count(*),
       count(*) FILTER (WHERE outcome = 'ok'), count(*) FILTER (WHERE outcome = 'not_modified'),
       count(*) FILTER (WHERE outcome NOT IN ('ok', 'not_modified')), sum(entries_new)
  FROM news.feed_fetches GROUP BY 1, 2;

CREATE VIEW news.v_feed_coverage AS
SELECT f.feed_name, f.title, f.site, f.enabled, f.last_status, f.last_fetched_at, f.last_success_at,
       f.poll_interval, f.interval_minutes, f.next_poll_at, f.consecutive_failures,
       f.gaps, f.gaps_backfilled, f.estimated_missed,
       (SELECT count(*) FROM news.feed_gaps g WHERE g.feed_name = f.feed_name AND g.status <> 'backfilled')
           AS gaps_unfilled,
       (SELECT coalesce(sum(g.backfilled), 0) FROM news.feed_gaps g WHERE g.feed_name = f.feed_name)
           AS entries_backfilled
  FROM news.feeds f;
COMMENT ON VIEW news.v_feed_coverage IS 'Per feed: polling state and completeness (gaps found, backfilled, articles probably missed).';

COMMENT ON COLUMN news.feed_gaps.gap_id IS 'Gap number.';
COMMENT ON COLUMN news.feed_gaps.feed_name IS 'The feed with the gap.';
COMMENT ON COLUMN news.feed_registry_imports.source IS 'What was imported: the feeds file''s path.';
COMMENT ON COLUMN news.feed_registry_imports.sha256 IS 'SHA-256 of its bytes.';
COMMENT ON COLUMN news.feed_registry_imports.imported_at IS 'When it was imported.';
COMMENT ON COLUMN news.feed_registry_imports.feeds IS 'Feeds it held.';
COMMENT ON COLUMN news.poll_plan.run_id IS 'The poll round (pipeline run).';
COMMENT ON COLUMN news.poll_plan.feed_name IS 'A feed the round fetches.';
COMMENT ON COLUMN news.poll_plan.shard IS 'The shard (mapped task) that fetches it.';
COMMENT ON COLUMN news.feed_days.feed_name IS 'The feed.';
COMMENT ON COLUMN news.feed_days.day IS 'The day (UTC).';
COMMENT ON COLUMN news.v_feed_coverage.feed_name IS 'The feed.';
COMMENT ON COLUMN news.v_feed_coverage.title IS 'Its title.';
COMMENT ON COLUMN news.v_feed_coverage.site IS 'Its site (origin).';
COMMENT ON COLUMN news.v_feed_coverage.enabled IS 'Whether it is polled.';
COMMENT ON COLUMN news.v_feed_coverage.last_status IS 'Outcome of the last fetch.';
COMMENT ON COLUMN news.v_feed_coverage.last_fetched_at IS 'Last fetch (any outcome).';
COMMENT ON COLUMN news.v_feed_coverage.last_success_at IS 'Last 200 or 304.';
COMMENT ON COLUMN news.v_feed_coverage.poll_interval IS 'Current adaptive interval.';
COMMENT ON COLUMN news.v_feed_coverage.interval_minutes IS 'Fixed interval from the feeds file, if any.';
COMMENT ON COLUMN news.v_feed_coverage.next_poll_at IS 'When it is next due.';
COMMENT ON COLUMN news.v_feed_coverage.consecutive_failures IS 'Failed fetches in a row.';
COMMENT ON COLUMN news.v_feed_coverage.gaps IS 'Gaps detected.';
COMMENT ON COLUMN news.v_feed_coverage.gaps_backfilled IS 'Gaps backfilled.';
COMMENT ON COLUMN news.v_feed_coverage.estimated_missed IS 'Articles probably missed in unfilled gaps.';
COMMENT ON COLUMN news.v_feed_coverage.gaps_unfilled IS 'Gaps not (fully) backfilled.';
COMMENT ON COLUMN news.v_feed_coverage.entries_backfilled IS 'Entries added by backfills.';
