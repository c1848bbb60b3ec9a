-- 004: politeness shared by every task and worker that fetches: one row per site (origin),
-- holding the next free request slot and the cached robots.txt.

CREATE TABLE news.host_politeness (
    site              text PRIMARY KEY,
    next_slot_at      timestamptz NOT NULL DEFAULT now(),
    crawl_delay       double precision,
    robots_status     integer,
    robots_body       text,
    robots_fetched_at timestamptz,
    robots_expires_at timestamptz
);
COMMENT ON TABLE news.host_politeness IS 'Per-site politeness shared across tasks and workers: the next request slot (reserved atomically) and the cached robots.txt.';
COMMENT ON COLUMN news.host_politeness.site IS 'Origin the row is about: scheme://host[:port], lower case, without credentials.';
COMMENT ON COLUMN news.host_politeness.next_slot_at IS 'Earliest time (database clock) the next request to this site may start; each fetch moves it on by the site delay.';
COMMENT ON COLUMN news.host_politeness.crawl_delay IS 'Crawl-delay (seconds) robots.txt asks of our user agent; NULL when none. Used up to NEWSFLOW_MAX_CRAWL_DELAY.';
COMMENT ON COLUMN news.host_politeness.robots_status IS 'HTTP status of the last robots.txt fetch; NULL when it could not be fetched (network, refused, too large).';
COMMENT ON COLUMN news.host_politeness.robots_body IS 'robots.txt text when it was fetched with 2xx (first 500 KiB), else NULL.';
COMMENT ON COLUMN news.host_politeness.robots_fetched_at IS 'When robots.txt was last fetched.';
COMMENT ON COLUMN news.host_politeness.robots_expires_at IS 'Until when the cached robots.txt is used (at most 24 h after fetching, RFC 9309; 10 min for an unreachable one).';

-- The HTTP layer records timeouts as their own outcome since this migration.
COMMENT ON COLUMN news.feeds.last_status IS 'Outcome of the last fetch: ok, not_modified, http_error, network_error, timeout, refused, too_large, blocked, parse_error, gone.';
COMMENT ON COLUMN news.feed_fetches.outcome IS 'ok, not_modified, http_error, network_error, timeout (connect, headers or body took too long), refused, too_large, blocked, parse_error.';
