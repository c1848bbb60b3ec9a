-- 003: analytics views. Plain views read live data; the two heavier rollups are
-- materialised and refreshed by the news_marts DAG (REFRESH ... CONCURRENTLY).

CREATE VIEW news.v_articles AS
SELECT a.article_id, a.feed_name, f.title AS feed_title, a.site_name, a.url, a.title,
       a.authors, a.published_at, (a.published_at AT TIME ZONE 'UTC')::date AS day,
       a.language, a.word_count, a.status
  FROM news.articles a
  JOIN news.feeds f USING (feed_name)
 WHERE a.status = 'ok' AND a.duplicate_of IS NULL;
COMMENT ON VIEW news.v_articles IS 'Analysable articles: status ok and not a duplicate (the population every other view counts).';

CREATE VIEW news.v_entity_article_mentions AS
SELECT m.article_id, m.entity_key, e.canonical_name, e.label, count(*) AS mentions,
       a.feed_name, a.published_at, a.day
  FROM news.entity_mentions m
  JOIN news.entities e USING (entity_key)
  JOIN news.v_articles a USING (article_id)
 GROUP BY m.article_id, m.entity_key, e.canonical_name, e.label, a.feed_name, a.published_at, a.day;
COMMENT ON VIEW news.v_entity_article_mentions IS 'Mentions of each canonical entity per article.';

CREATE VIEW news.v_quotes AS
SELECT q.quote_id, q.article_id, a.feed_name, a.site_name, a.title, a.url, a.published_at, a.day,
       q.kind, q.cue, q.speaker, q.speaker_label, q.speaker_key, q.speaker_text,
       q.quote_text, q.start_char, q.end_char, q.confidence
  FROM news.quotes q
  JOIN news.v_articles a USING (article_id);
COMMENT ON VIEW news.v_quotes IS 'Quotes with their article, outlet and day: the starting point for "who said what".';

CREATE MATERIALIZED VIEW news.mv_daily_entity_mentions AS
SELECT day, entity_key, canonical_name, label,
       sum(mentions)::bigint AS mentions, count(DISTINCT article_id)::bigint AS articles
  FROM news.v_entity_article_mentions
 WHERE day IS NOT NULL
 GROUP BY day, entity_key, canonical_name, label;
CREATE UNIQUE INDEX mv_daily_entity_mentions_key ON news.mv_daily_entity_mentions (day, entity_key);
COMMENT ON MATERIALIZED VIEW news.mv_daily_entity_mentions IS 'Daily mentions per canonical entity (refreshed by news_marts).';

CREATE VIEW news.v_top_speakers_daily AS
SELECT day, feed_name, speaker, speaker_label, speaker_key,
       count(*) AS quotes, count(*) FILTER (WHERE kind = 'direct') AS direct_quotes,
       count(DISTINCT article_id) AS articles
  FROM news.v_quotes
 WHERE speaker IS NOT NULL
 GROUP BY day, feed_name, speaker, speaker_label, speaker_key;
COMMENT ON VIEW news.v_top_speakers_daily IS 'Quoted speakers per day and feed, with quote and article counts.';

CREATE MATERIALIZED VIEW news.mv_entity_cooccurrence AS
SELECT a.entity_key AS entity_a, ea.canonical_name AS name_a, ea.label AS label_a,
       b.entity_key AS entity_b, eb.canonical_name AS name_b, eb.label AS label_b,
       count(*)::bigint AS articles
  FROM (SELECT DISTINCT article_id, entity_key FROM news.entity_mentions
         WHERE article_id IN (SELECT article_id FROM news.v_articles)) a
  JOIN (SELECT DISTINCT article_id, entity_key FROM news.entity_mentions) b
    ON a.article_id = b.article_id AND a.entity_key < b.entity_key
  JOIN news.entities ea ON ea.entity_key = a.entity_key
  JOIN news.entities eb ON eb.entity_key = b.entity_key
 WHERE ea.label <> 'DATE' AND eb.label <> 'DATE'
 GROUP BY 1, 2, 3, 4, 5, 6;
CREATE UNIQUE INDEX mv_entity_cooccurrence_key ON news.mv_entity_cooccurrence (entity_a, entity_b);
CREATE INDEX mv_entity_cooccurrence_b ON news.mv_entity_cooccurrence (entity_b);
COMMENT ON MATERIALIZED VIEW news.mv_entity_cooccurrence IS 'Pairs of entities (DATE excluded) named in the same article, with the number of such articles; each pair once (entity_a < entity_b).';

CREATE VIEW news.v_quotes_by_outlet AS
SELECT feed_name, site_name, count(*) AS quotes,
       count(*) FILTER (WHERE kind = 'direct') AS direct,
       count(*) FILTER (WHERE kind = 'mixed') AS mixed,
       count(*) FILTER (WHERE kind = 'indirect') AS indirect,
       count(DISTINCT speaker) AS speakers, count(DISTINCT article_id) AS articles
  FROM news.v_quotes
 GROUP BY feed_name, site_name;
COMMENT ON VIEW news.v_quotes_by_outlet IS 'Quotes per outlet (feed): by kind, distinct speakers, articles.';

-- Column comments for the views: a column named like a table column inherits that column's
-- comment (tables listed in order of precedence); computed columns are described below.
DO $$
DECLARE
    col record;
    src text;
BEGIN
    FOR col IN
        SELECT c.relname AS view_name, a.attname AS column_name
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'news'
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE c.relkind IN ('v', 'm')
    LOOP
        SELECT d.description INTO src
          FROM unnest(ARRAY['quotes', 'articles', 'entities', 'entity_mentions', 'feeds']) WITH ORDINALITY AS t(name, rank)
          JOIN pg_attribute a ON a.attrelid = ('news.' || t.name)::regclass AND a.attname = col.column_name
          JOIN pg_description d ON d.objoid = a.attrelid AND d.objsubid = a.attnum
         ORDER BY t.rank LIMIT 1;
        IF src IS NOT NULL THEN
            EXECUTE format('COMMENT ON COLUMN news.%I.%I IS %L', col.view_name, col.column_name, src);
        END IF;
    END LOOP;
END $$;

COMMENT ON COLUMN news.v_articles.feed_title IS 'Title of the feed the article was first seen in.';
COMMENT ON COLUMN news.v_articles.day IS 'UTC calendar day of published_at.';
COMMENT ON COLUMN news.v_entity_article_mentions.canonical_name IS 'Display name of the canonical entity.';
COMMENT ON COLUMN news.v_entity_article_mentions.label IS 'Label of the canonical entity.';
COMMENT ON COLUMN news.v_entity_article_mentions.mentions IS 'Mentions of the entity in the article.';
COMMENT ON COLUMN news.v_entity_article_mentions.day IS 'UTC calendar day of the article''s published_at.';
COMMENT ON COLUMN news.v_quotes.title IS 'Title of the quoting article.';
COMMENT ON COLUMN news.v_quotes.url IS 'URL of the quoting article.';
COMMENT ON COLUMN news.v_quotes.published_at IS 'Publication time of the quoting article.';
COMMENT ON COLUMN news.v_quotes.day IS 'UTC calendar day of the article''s published_at.';
COMMENT ON COLUMN news.v_quotes.feed_name IS 'Feed (outlet) of the quoting article.';
COMMENT ON COLUMN news.v_quotes.site_name IS 'Site name of the quoting article.';
COMMENT ON COLUMN news.mv_daily_entity_mentions.day IS 'UTC calendar day.';
COMMENT ON COLUMN news.mv_daily_entity_mentions.canonical_name IS 'Display name of the canonical entity.';
COMMENT ON COLUMN news.mv_daily_entity_mentions.label IS 'Label of the canonical entity.';
COMMENT ON COLUMN news.mv_daily_entity_mentions.mentions IS 'Mentions that day.';
COMMENT ON COLUMN news.mv_daily_entity_mentions.articles IS 'Articles mentioning the entity that day.';
COMMENT ON COLUMN news.v_top_speakers_daily.day IS 'UTC calendar day.';
COMMENT ON COLUMN news.v_top_speakers_daily.feed_name IS 'Feed (outlet).';
COMMENT ON COLUMN news.v_top_speakers_daily.quotes IS 'Quotes attributed to the speaker that day in that feed.';
COMMENT ON COLUMN news.v_top_speakers_daily.direct_quotes IS 'Of which direct quotes.';
COMMENT ON COLUMN news.v_top_speakers_daily.articles IS 'Articles quoting the speaker that day in that feed.';
COMMENT ON COLUMN news.mv_entity_cooccurrence.entity_a IS 'Entity key of the first entity of the pair (entity_a < entity_b).';
COMMENT ON COLUMN news.mv_entity_cooccurrence.name_a IS 'Display name of entity_a.';
COMMENT ON COLUMN news.mv_entity_cooccurrence.label_a IS 'Label of entity_a.';
COMMENT ON COLUMN news.mv_entity_cooccurrence.entity_b IS 'Entity key of the second entity of the pair.';
COMMENT ON COLUMN news.mv_entity_cooccurrence.name_b IS 'Display name of entity_b.';
COMMENT ON COLUMN news.mv_entity_cooccurrence.label_b IS 'Label of entity_b.';
COMMENT ON COLUMN news.mv_entity_cooccurrence.articles IS 'Articles naming both entities.';
COMMENT ON COLUMN news.v_quotes_by_outlet.feed_name IS 'Feed (outlet).';
COMMENT ON COLUMN news.v_quotes_by_outlet.site_name IS 'Site name as the pages give it.';
COMMENT ON COLUMN news.v_quotes_by_outlet.quotes IS 'Quotes from the outlet''s articles.';
COMMENT ON COLUMN news.v_quotes_by_outlet.direct IS 'Of which direct.';
COMMENT ON COLUMN news.v_quotes_by_outlet.mixed IS 'Of which mixed.';
COMMENT ON COLUMN news.v_quotes_by_outlet.indirect IS 'Of which indirect.';
COMMENT ON COLUMN news.v_quotes_by_outlet.speakers IS 'Distinct resolved speakers.';
COMMENT ON COLUMN news.v_quotes_by_outlet.articles IS 'Articles with at least one quote.';
