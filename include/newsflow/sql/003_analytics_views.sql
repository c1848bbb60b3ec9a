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
