-- Issue 17: only English is analysed as English. An article whose language is not English (detected
-- on its text, or declared by the page when the text is too short to tell) is not run through the
-- English spaCy pipeline; it is recorded as not_english, status_reason naming the language and how
-- it was decided. Like too_long it is final until the article's text changes.
ALTER TABLE news.article_enrichment DROP CONSTRAINT IF EXISTS article_enrichment_status_check;
ALTER TABLE news.article_enrichment
    ADD CONSTRAINT article_enrichment_status_check CHECK (status IN ('ok', 'error', 'skipped', 'too_long', 'not_english'));
COMMENT ON COLUMN news.article_enrichment.status IS 'ok (analysed), error (analysis raised; retried with backoff), skipped, too_long (longer than the analysis cap; status_reason says by how much), not_english (not analysed: the English pipeline; status_reason names the language and whether it was detected or declared).';
