-- 008: full-text search of quote text, and one row per feed in the outlet view.

-- `newsflow quotes --search` (and the News view) match
-- to_tsvector('english', quote_text) @@ websearch_to_tsquery('english', ...):
-- the same expression, so the planner can use this index.
CREATE INDEX quotes_text_fts_idx ON news.quotes USING gin (to_tsvector('english', quote_text));

-- The outlet is the feed: a feed whose pages carry several site names was split into
-- several rows. Same columns; site_name is now the feed's most common site name.
CREATE OR REPLACE VIEW news.v_quotes_by_outlet AS
SELECT feed_name, mode() WITHIN GROUP (ORDER BY site_name) AS site_name, count(*) AS quotes,
       count(*) FILTER (WHERE kind = 'direct') AS direct,
       count(*) FILTER (WHERE kind = 'mixed') AS mixed,
       count(*) FILTER (WHERE kind = 'indirect') AS indirect,
       count(DISTINCT speaker) AS speakers, count(DISTINCT article_id) AS articles
  FROM news.v_quotes
 GROUP BY feed_name;
COMMENT ON VIEW news.v_quotes_by_outlet IS 'Quotes per outlet (feed), one row per feed: by kind, distinct speakers, articles.';
COMMENT ON COLUMN news.v_quotes_by_outlet.site_name IS 'The most common site name the feed''s quoting pages give.';
