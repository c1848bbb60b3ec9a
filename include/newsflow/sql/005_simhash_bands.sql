-- 005: near-duplicate candidates through an index, and a watermark so each link run compares
-- only the articles that changed since the last one.
--
-- The 64-bit SimHash is cut into 5 bands (13+13+13+13+12 bits). Two hashes within distance 9
-- always have a band within distance 1 (five bands each 2 or more apart are 10 bits apart), so
-- probing each band's value and its one-bit flips (69 index probes per new article) finds every
-- pair within NEAR_DUPLICATE_DISTANCE = 8: full recall, no pigeonhole gap. The layout must match
-- newsflow.duplicates.BANDS (a test compares them).
-- Adding the generated columns rewrites news.articles once, which fills them for existing rows.
ALTER TABLE news.articles
    ADD COLUMN simhash_band0 integer GENERATED ALWAYS AS ((simhash & 8191)::integer) STORED,
    ADD COLUMN simhash_band1 integer GENERATED ALWAYS AS (((simhash >> 13) & 8191)::integer) STORED,
    ADD COLUMN simhash_band2 integer GENERATED ALWAYS AS (((simhash >> 26) & 8191)::integer) STORED,
    ADD COLUMN simhash_band3 integer GENERATED ALWAYS AS (((simhash >> 39) & 8191)::integer) STORED,
    ADD COLUMN simhash_band4 integer GENERATED ALWAYS AS (((simhash >> 52) & 4095)::integer) STORED;
COMMENT ON COLUMN news.articles.simhash_band0 IS 'Bits 0-12 of simhash (generated): near-duplicate candidates share a band value or differ in one bit of it.';
COMMENT ON COLUMN news.articles.simhash_band1 IS 'Bits 13-25 of simhash (generated), see simhash_band0.';
COMMENT ON COLUMN news.articles.simhash_band2 IS 'Bits 26-38 of simhash (generated), see simhash_band0.';
COMMENT ON COLUMN news.articles.simhash_band3 IS 'Bits 39-51 of simhash (generated), see simhash_band0.';
COMMENT ON COLUMN news.articles.simhash_band4 IS 'Bits 52-63 of simhash (generated), see simhash_band0.';

-- Band value, then publication time: a probe reads only the articles inside the date window,
-- and from the index alone (simhash and article_id included): no heap visit for non-matches.
CREATE INDEX articles_simhash_band0_idx ON news.articles (simhash_band0, published_at) INCLUDE (simhash, article_id) WHERE status = 'ok';
CREATE INDEX articles_simhash_band1_idx ON news.articles (simhash_band1, published_at) INCLUDE (simhash, article_id) WHERE status = 'ok';
CREATE INDEX articles_simhash_band2_idx ON news.articles (simhash_band2, published_at) INCLUDE (simhash, article_id) WHERE status = 'ok';
CREATE INDEX articles_simhash_band3_idx ON news.articles (simhash_band3, published_at) INCLUDE (simhash, article_id) WHERE status = 'ok';
CREATE INDEX articles_simhash_band4_idx ON news.articles (simhash_band4, published_at) INCLUDE (simhash, article_id) WHERE status = 'ok';
-- The articles a link run starts from: changed since the watermark.
CREATE INDEX articles_updated_at_idx ON news.articles (updated_at);
-- The duplicate totals a link run reports, counted from the index alone.
CREATE INDEX articles_duplicate_kind_idx ON news.articles (duplicate_kind) WHERE duplicate_of IS NOT NULL;

CREATE TABLE news.duplicate_link_state (
    singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    compared_through timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE news.duplicate_link_state IS 'Watermark of duplicate linking (one row): articles changed since compared_through are the next run''s to compare.';
COMMENT ON COLUMN news.duplicate_link_state.singleton IS 'Always true: the table holds one row.';
COMMENT ON COLUMN news.duplicate_link_state.compared_through IS 'Every article whose updated_at is earlier was compared by a committed link run (start of the oldest transaction open when the last run ran).';
COMMENT ON COLUMN news.duplicate_link_state.updated_at IS 'When the last link run committed its watermark.';
-- Rows already in the warehouse were linked by the previous (whole-window) linker.
INSERT INTO news.duplicate_link_state (compared_through) VALUES (now());
