-- 007: each article fetched once per run however many feeds list it; enrichment failures retried
-- with a backoff and given up after a few attempts; the feed entry count before truncation.

CREATE TABLE news.article_claims (
    article_id  uuid PRIMARY KEY,
    run_id      text NOT NULL,
    feed_name   text NOT NULL,
    claimed_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE news.article_claims IS 'Which feed task of which ingest run downloads an article: an article listed by several feeds is fetched (or retried) once per run, by the first feed task that claims it.';
COMMENT ON COLUMN news.article_claims.article_id IS 'The article (news.articles.article_id; the row may not exist yet).';
COMMENT ON COLUMN news.article_claims.run_id IS 'The ingest run that last claimed it.';
COMMENT ON COLUMN news.article_claims.feed_name IS 'The feed whose task claimed it in that run.';
COMMENT ON COLUMN news.article_claims.claimed_at IS 'When it was claimed.';

ALTER TABLE news.feed_fetches ADD COLUMN entries_total integer, ADD COLUMN articles jsonb;
COMMENT ON COLUMN news.feed_fetches.entries_total IS 'Entries in the feed document before newsflow kept the first ones (entries_seen); larger than entries_seen when the feed was truncated.';
COMMENT ON COLUMN news.feed_fetches.articles IS 'What the article stage did for this feed in this run (articles claimed, counts per status, deferred); NULL while it has not completed, so a feed whose article task failed shows here.';

ALTER TABLE news.article_enrichment
    ADD COLUMN attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz;
COMMENT ON COLUMN news.article_enrichment.attempts IS 'Failed analyses in a row (0 after a success); at the limit (newsflow.enrich.MAX_ATTEMPTS) the article is given up until its text or the model changes.';
COMMENT ON COLUMN news.article_enrichment.next_attempt_at IS 'For status error: when the next enrich run may try again (exponential backoff); NULL when given up or not failed.';
CREATE INDEX article_enrichment_retry_idx ON news.article_enrichment (next_attempt_at) WHERE status = 'error';
-- (enrich's watermark on news.articles.updated_at uses articles_updated_at_idx from 005.)

COMMENT ON COLUMN news.pipeline_runs.status IS 'running, success, partial (ingest: some feeds'' tasks failed, named in stats.failed_feeds; the other feeds were loaded) or failed.';
