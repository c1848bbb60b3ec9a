-- 001: feeds, fetch log, articles, raw HTML, pipeline runs.
CREATE SCHEMA IF NOT EXISTS news;
COMMENT ON SCHEMA news IS 'newsflow warehouse: feeds, articles, entities, quotes and analytics views';

CREATE TABLE news.feeds (
    feed_name        text PRIMARY KEY,
    configured_url   text,
    url              text NOT NULL,
    title            text,
    tags             text[] NOT NULL DEFAULT '{}',
    enabled          boolean NOT NULL DEFAULT true,
    etag             text,
    last_modified    text,
    last_status      text,
    last_error       text,
    last_fetched_at  timestamptz,
    consecutive_failures integer NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE news.feeds IS 'One row per configured feed (synced from feeds.yaml), with the conditional-GET state of its last fetch.';
COMMENT ON COLUMN news.feeds.feed_name IS 'Unique feed name from feeds.yaml (lower-case slug).';
COMMENT ON COLUMN news.feeds.configured_url IS 'Feed URL as configured in feeds.yaml (credentials redacted); changing it resets url and last_status.';
COMMENT ON COLUMN news.feeds.url IS 'URL fetched: the configured one, or where a permanent redirect moved the feed (credentials redacted).';
CREATE INDEX feeds_url_idx ON news.feeds (url);
COMMENT ON COLUMN news.feeds.title IS 'Human title: from feeds.yaml, else the feed''s own title.';
COMMENT ON COLUMN news.feeds.tags IS 'Free tags from feeds.yaml (e.g. world, politics).';
COMMENT ON COLUMN news.feeds.enabled IS 'False when the feed is disabled in or removed from feeds.yaml, or answered 410 Gone (re-enabled by a forced run or a new URL); disabled feeds are not fetched.';
COMMENT ON COLUMN news.feeds.etag IS 'ETag of the last successful fetch, sent as If-None-Match.';
COMMENT ON COLUMN news.feeds.last_modified IS 'Last-Modified of the last successful fetch, sent as If-Modified-Since.';
COMMENT ON COLUMN news.feeds.last_status IS 'Outcome of the last fetch: ok, not_modified, http_error, network_error, refused, too_large, blocked, parse_error, gone.';
COMMENT ON COLUMN news.feeds.last_error IS 'Error text of the last failed fetch (credentials redacted).';
COMMENT ON COLUMN news.feeds.last_fetched_at IS 'When the feed was last fetched (any outcome).';
COMMENT ON COLUMN news.feeds.consecutive_failures IS 'Failed fetches in a row; reset by a success.';
COMMENT ON COLUMN news.feeds.created_at IS 'When the feed first appeared in the warehouse.';
COMMENT ON COLUMN news.feeds.updated_at IS 'When this row last changed.';

CREATE TABLE news.feed_fetches (
    feed_name     text NOT NULL REFERENCES news.feeds (feed_name) ON UPDATE CASCADE,
    run_id        text NOT NULL,
    fetched_at    timestamptz NOT NULL,
    url           text NOT NULL,
    final_url     text,
    http_status   integer,
    outcome       text NOT NULL,
    not_modified  boolean NOT NULL DEFAULT false,
    entries_seen  integer NOT NULL DEFAULT 0,
    entries_new   integer NOT NULL DEFAULT 0,
    bozo          boolean NOT NULL DEFAULT false,
    bozo_error    text,
    error         text,
    attempts      integer NOT NULL DEFAULT 1,
    elapsed_ms    integer,
    PRIMARY KEY (feed_name, run_id)
);
CREATE INDEX feed_fetches_fetched_at_idx ON news.feed_fetches (fetched_at);
COMMENT ON TABLE news.feed_fetches IS 'One row per feed per pipeline run: what the fetch returned. Re-running a run updates its row.';
COMMENT ON COLUMN news.feed_fetches.feed_name IS 'The feed (news.feeds).';
COMMENT ON COLUMN news.feed_fetches.run_id IS 'Pipeline run (Airflow run_id or CLI run id) that made the fetch.';
COMMENT ON COLUMN news.feed_fetches.fetched_at IS 'When the fetch finished.';
COMMENT ON COLUMN news.feed_fetches.url IS 'URL requested (credentials redacted).';
COMMENT ON COLUMN news.feed_fetches.final_url IS 'URL after redirects.';
COMMENT ON COLUMN news.feed_fetches.http_status IS 'Final HTTP status code; NULL when no response arrived (DNS, timeout, refused by our rules).';
COMMENT ON COLUMN news.feed_fetches.outcome IS 'ok, not_modified, http_error, network_error, refused, too_large, blocked, parse_error.';
COMMENT ON COLUMN news.feed_fetches.not_modified IS 'True when the server answered 304 to our conditional GET: nothing parsed, nothing loaded.';
COMMENT ON COLUMN news.feed_fetches.entries_seen IS 'Entries in the feed document.';
COMMENT ON COLUMN news.feed_fetches.entries_new IS 'Entries whose article was not yet in the warehouse.';
COMMENT ON COLUMN news.feed_fetches.bozo IS 'feedparser found the feed malformed (entries read so far are still used).';
COMMENT ON COLUMN news.feed_fetches.bozo_error IS 'feedparser''s description of the malformation.';
COMMENT ON COLUMN news.feed_fetches.error IS 'Why the fetch failed (credentials redacted).';
COMMENT ON COLUMN news.feed_fetches.attempts IS 'HTTP attempts made, retries for transient errors included.';
COMMENT ON COLUMN news.feed_fetches.elapsed_ms IS 'Wall time of the fetch, retries included.';

CREATE TABLE news.articles (
    article_id        uuid PRIMARY KEY,
    feed_name         text NOT NULL REFERENCES news.feeds (feed_name) ON UPDATE CASCADE,
    entry_key         text NOT NULL,
    url               text NOT NULL,
    canonical_url     text NOT NULL UNIQUE,
    page_canonical_url text,
    title             text,
    standfirst        text,
    authors           text[] NOT NULL DEFAULT '{}',
    published_at      timestamptz,
    language          text,
    site_name         text,
    feed_summary      text,
    text              text,
    word_count        integer NOT NULL DEFAULT 0,
    content_hash      text,
    simhash           bigint,
    duplicate_of      uuid REFERENCES news.articles (article_id) ON DELETE SET NULL,
    duplicate_kind    text CHECK (duplicate_kind IN ('exact', 'near')),
    status            text NOT NULL CHECK (status IN ('ok', 'empty', 'too_short', 'not_html', 'too_large', 'blocked', 'paywalled', 'http_error', 'error')),
    status_reason     text,
    http_status       integer,
    extractor         text,
    extractor_version text,
    fetched_at        timestamptz,
    first_seen_at     timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (duplicate_of IS NULL OR duplicate_of <> article_id)
);
CREATE INDEX articles_published_at_idx ON news.articles (published_at);
CREATE INDEX articles_feed_idx ON news.articles (feed_name, published_at);
CREATE INDEX articles_status_idx ON news.articles (status);
CREATE INDEX articles_content_hash_idx ON news.articles (content_hash);
CREATE INDEX articles_page_canonical_idx ON news.articles (page_canonical_url) WHERE page_canonical_url IS NOT NULL;
CREATE INDEX articles_duplicate_of_idx ON news.articles (duplicate_of) WHERE duplicate_of IS NOT NULL;
COMMENT ON TABLE news.articles IS 'One row per article (one per canonical URL), with its cleaned text and what happened to it. Only status = ''ok'' and duplicate_of IS NULL rows go to NLP.';
COMMENT ON COLUMN news.articles.article_id IS 'Deterministic id: uuid5 of the canonical URL, so re-runs upsert.';
COMMENT ON COLUMN news.articles.feed_name IS 'Feed the article was first seen in (every feed it appeared in: news.feed_entries).';
COMMENT ON COLUMN news.articles.entry_key IS 'Feed entry identity: guid, else link, else a hash of title and date.';
COMMENT ON COLUMN news.articles.url IS 'Article URL as given by the feed entry (credentials redacted).';
COMMENT ON COLUMN news.articles.canonical_url IS 'Canonical URL: lower-case host, no fragment, no tracking parameters (utm_*, fbclid, gclid...).';
COMMENT ON COLUMN news.articles.page_canonical_url IS 'Canonical URL the page itself declares (link rel=canonical, og:url, JSON-LD url); copies that declare the same one are linked as duplicates.';
COMMENT ON COLUMN news.articles.title IS 'Title from the page (JSON-LD/OpenGraph/meta), else the feed entry.';
COMMENT ON COLUMN news.articles.standfirst IS 'Standfirst / dek / description, when the page has one.';
COMMENT ON COLUMN news.articles.authors IS 'Author names from the page, else the feed entry.';
COMMENT ON COLUMN news.articles.published_at IS 'Publication time from the page, else the feed entry.';
COMMENT ON COLUMN news.articles.language IS 'Language code from the page (e.g. en).';
COMMENT ON COLUMN news.articles.site_name IS 'Site name from the page (og:site_name / JSON-LD publisher).';
COMMENT ON COLUMN news.articles.feed_summary IS 'The feed entry''s summary text.';
COMMENT ON COLUMN news.articles.text IS 'Cleaned body text (NFC), paragraphs separated by blank lines; NULL when extraction failed.';
COMMENT ON COLUMN news.articles.word_count IS 'Words in text.';
COMMENT ON COLUMN news.articles.content_hash IS 'SHA-256 of the normalised text: equal hashes are exact duplicates.';
COMMENT ON COLUMN news.articles.simhash IS '64-bit SimHash of the text (signed), for near-duplicate detection.';
COMMENT ON COLUMN news.articles.duplicate_of IS 'The canonical article this one duplicates (exact or near), else NULL.';
COMMENT ON COLUMN news.articles.duplicate_kind IS 'exact (same content hash) or near (SimHash distance under the threshold).';
COMMENT ON COLUMN news.articles.status IS 'ok, empty, too_short, not_html, too_large, blocked, paywalled, http_error, error.';
COMMENT ON COLUMN news.articles.status_reason IS 'Why the status is what it is, in words.';
COMMENT ON COLUMN news.articles.http_status IS 'HTTP status of the article page fetch.';
COMMENT ON COLUMN news.articles.extractor IS 'Extractor name (newsflow).';
COMMENT ON COLUMN news.articles.extractor_version IS 'Extractor and trafilatura versions that produced text.';
COMMENT ON COLUMN news.articles.fetched_at IS 'When the page was first downloaded (an identical re-download does not change the row).';
COMMENT ON COLUMN news.articles.first_seen_at IS 'When the article first reached the warehouse.';
COMMENT ON COLUMN news.articles.updated_at IS 'When this row last changed (unchanged by an identical re-run).';

CREATE TABLE news.feed_entries (
    feed_name      text NOT NULL REFERENCES news.feeds (feed_name) ON UPDATE CASCADE,
    entry_key      text NOT NULL,
    url            text,
    canonical_url  text,
    article_id     uuid,
    title          text,
    published_at   timestamptz,
    authors        text[] NOT NULL DEFAULT '{}',
    summary        text,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (feed_name, entry_key)
);
CREATE INDEX feed_entries_article_idx ON news.feed_entries (article_id);
COMMENT ON TABLE news.feed_entries IS 'Every entry seen in every feed. The same article in two feeds is one article and two entries here.';
COMMENT ON COLUMN news.feed_entries.feed_name IS 'The feed.';
COMMENT ON COLUMN news.feed_entries.entry_key IS 'Entry identity in that feed: guid:..., else link:<canonical url>, else hash:<title+date>.';
COMMENT ON COLUMN news.feed_entries.url IS 'The entry link as the feed gave it (NULL when the entry has no http(s) link).';
COMMENT ON COLUMN news.feed_entries.canonical_url IS 'Canonical form of url (see news.articles.canonical_url).';
COMMENT ON COLUMN news.feed_entries.article_id IS 'The article this entry points to (news.articles; absent until downloaded).';
COMMENT ON COLUMN news.feed_entries.title IS 'Entry title from the feed.';
COMMENT ON COLUMN news.feed_entries.published_at IS 'Entry publication (or update) time from the feed.';
COMMENT ON COLUMN news.feed_entries.authors IS 'Entry authors from the feed.';
COMMENT ON COLUMN news.feed_entries.summary IS 'Entry summary from the feed.';
COMMENT ON COLUMN news.feed_entries.first_seen_at IS 'When the entry was first seen.';

CREATE TABLE news.article_html (
    article_id    uuid PRIMARY KEY REFERENCES news.articles (article_id) ON DELETE CASCADE,
    final_url     text,
    content_type  text,
    http_status   integer,
    raw_bytes     integer NOT NULL,
    sha256        text NOT NULL,
    html_gz       bytea NOT NULL,
    fetched_at    timestamptz NOT NULL
);
COMMENT ON TABLE news.article_html IS 'Raw downloaded page bytes, gzip-compressed, so articles can be re-extracted without re-fetching.';
COMMENT ON COLUMN news.article_html.article_id IS 'The article.';
COMMENT ON COLUMN news.article_html.final_url IS 'URL after redirects.';
COMMENT ON COLUMN news.article_html.content_type IS 'Content-Type header as served.';
COMMENT ON COLUMN news.article_html.http_status IS 'HTTP status code of the download.';
COMMENT ON COLUMN news.article_html.raw_bytes IS 'Size of the body before compression.';
COMMENT ON COLUMN news.article_html.sha256 IS 'SHA-256 of the raw body.';
COMMENT ON COLUMN news.article_html.html_gz IS 'gzip of the raw body, exactly as served (decode with its charset).';
COMMENT ON COLUMN news.article_html.fetched_at IS 'When the page was downloaded.';

CREATE TABLE news.pipeline_runs (
    run_id       text NOT NULL,
    stage        text NOT NULL,
    dag_id       text,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    status       text NOT NULL,
    params       jsonb NOT NULL DEFAULT '{}',
    stats        jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, stage)
);
CREATE INDEX pipeline_runs_started_idx ON news.pipeline_runs (started_at);
COMMENT ON TABLE news.pipeline_runs IS 'One row per pipeline run and stage (ingest, enrich, marts): parameters, outcome and counts.';
COMMENT ON COLUMN news.pipeline_runs.run_id IS 'Airflow run_id or CLI run id.';
COMMENT ON COLUMN news.pipeline_runs.stage IS 'ingest, enrich or marts.';
COMMENT ON COLUMN news.pipeline_runs.dag_id IS 'Airflow DAG id, or cli.';
COMMENT ON COLUMN news.pipeline_runs.started_at IS 'When the stage started.';
COMMENT ON COLUMN news.pipeline_runs.finished_at IS 'When the stage finished.';
COMMENT ON COLUMN news.pipeline_runs.status IS 'running, success or failed.';
COMMENT ON COLUMN news.pipeline_runs.params IS 'Run parameters (feeds, force, reprocess...).';
COMMENT ON COLUMN news.pipeline_runs.stats IS 'Counts per feed and per status.';
