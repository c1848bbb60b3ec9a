-- Issue 16: an article longer than the analysis cap (NEWSFLOW_NLP_MAX_CHARS) is not run through
-- spaCy (memory grows with the text: 999k characters took 3.5 GB); it is recorded as too_long.
ALTER TABLE news.article_enrichment DROP CONSTRAINT IF EXISTS article_enrichment_status_check;
ALTER TABLE news.article_enrichment
    ADD CONSTRAINT article_enrichment_status_check CHECK (status IN ('ok', 'error', 'skipped', 'too_long'));
COMMENT ON COLUMN news.article_enrichment.status IS 'ok (analysed), error (analysis raised; retried with backoff), skipped, too_long (longer than the analysis cap; status_reason says by how much).';

-- A page that did not arrive within its wall-clock budget is 'timeout' (it was 'error'), retried
-- by later runs like an error.
ALTER TABLE news.articles DROP CONSTRAINT IF EXISTS articles_status_check;
ALTER TABLE news.articles ADD CONSTRAINT articles_status_check CHECK (status IN
    ('ok', 'empty', 'too_short', 'not_html', 'too_large', 'blocked', 'paywalled', 'http_error', 'timeout', 'error'));

-- Issue 17: beliefs, wants and findings ("experts believe …", "a study found …") are stored with
-- kind 'stance', apart from speech (direct, mixed, indirect).
ALTER TABLE news.quotes DROP CONSTRAINT IF EXISTS quotes_kind_check;
ALTER TABLE news.quotes ADD CONSTRAINT quotes_kind_check CHECK (kind IN ('direct', 'mixed', 'indirect', 'stance'));
COMMENT ON COLUMN news.quotes.kind IS 'direct (wholly in quote marks), mixed (partly quoted), indirect (reported speech), stance (a belief, want or finding: not speech).';
