-- 012: speaker rollups by confidence bucket and kind class, and each entity mart defined once.
--
-- What is shown by default (speech at or above NEWSFLOW_MIN_CONFIDENCE) is decided when a
-- rollup is read, never when it is written: the rollups keep their counts per kind class
-- (speech | stance) and per confidence bucket, so changing the setting never leaves stale
-- counts and nothing needs rebuilding.
--
-- The bucket is the confidence rounded down to the hundredth (news.confidence_bucket):
-- `confidence_bucket >= t` counts exactly the quotes with confidence >= t for any threshold t
-- given to two decimals (0.5, 0.55); a finer threshold is read as the hundredth above it.
-- The confidence goes through numeric first: it is a real, and floor(0.29::real * 100) is 28.

CREATE FUNCTION news.confidence_bucket(confidence real) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT (floor(confidence::numeric * 100) / 100)::numeric(3, 2) $$;
COMMENT ON FUNCTION news.confidence_bucket(real) IS 'Confidence bucket of an attribution: its confidence rounded down to the hundredth (0.537 -> 0.53). Rollups count per bucket so a threshold is applied when they are read.';

CREATE FUNCTION news.kind_class(kind text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT CASE WHEN kind = 'stance' THEN 'stance' ELSE 'speech' END $$;
COMMENT ON FUNCTION news.kind_class(text) IS 'speech (direct, mixed, indirect) or stance (a belief, want or finding: not speech).';

-- New columns go last: CREATE OR REPLACE keeps the views that depend on v_quotes.
CREATE OR REPLACE VIEW news.v_quotes AS
SELECT q.quote_id, q.article_id, a.feed_name, a.site_name, a.title, a.url, a.published_at, a.day,
       q.kind, q.cue, q.speaker, q.speaker_label, q.speaker_key, q.speaker_text,
       q.quote_text, q.start_char, q.end_char, q.confidence,
       news.kind_class(q.kind) AS kind_class, news.confidence_bucket(q.confidence) AS confidence_bucket
  FROM news.quotes q
  JOIN news.v_articles a USING (article_id);
COMMENT ON COLUMN news.v_quotes.kind_class IS 'speech (direct, mixed, indirect) or stance (not speech; shown apart).';
COMMENT ON COLUMN news.v_quotes.confidence_bucket IS 'confidence rounded down to the hundredth (news.confidence_bucket).';

-- One row per day, feed, speaker, kind class and confidence bucket: `quotes` and `direct_quotes`
-- add up over buckets; `articles` counts an article once per bucket it has quotes in.
CREATE OR REPLACE VIEW news.v_top_speakers_daily AS
SELECT day, feed_name, speaker, speaker_label, speaker_key,
       count(*) AS quotes, count(*) FILTER (WHERE kind = 'direct') AS direct_quotes,
       count(DISTINCT article_id) AS articles, kind_class, confidence_bucket
  FROM news.v_quotes
 WHERE speaker IS NOT NULL
 GROUP BY day, feed_name, speaker, speaker_label, speaker_key, kind_class, confidence_bucket;
COMMENT ON VIEW news.v_top_speakers_daily IS 'Quoted speakers per day and feed, per kind class and confidence bucket, with quote and article counts; the usual reading is WHERE kind_class = ''speech'' AND confidence_bucket >= the threshold (NEWSFLOW_MIN_CONFIDENCE).';
COMMENT ON COLUMN news.v_top_speakers_daily.quotes IS 'Attributions to the speaker that day in that feed, of this kind class and confidence bucket.';
COMMENT ON COLUMN news.v_top_speakers_daily.articles IS 'Articles quoting the speaker that day in that feed in this kind class and bucket (an article with quotes in two buckets is counted in both).';
COMMENT ON COLUMN news.v_top_speakers_daily.kind_class IS 'speech (direct, mixed, indirect) or stance (not speech).';
COMMENT ON COLUMN news.v_top_speakers_daily.confidence_bucket IS 'Confidence rounded down to the hundredth: confidence_bucket >= t keeps the quotes at or above a threshold t of two decimals.';

-- Same columns as 008, and the stances apart (`quotes` still counts every kind).
CREATE OR REPLACE VIEW news.v_quotes_by_outlet AS
SELECT feed_name, mode() WITHIN GROUP (ORDER BY site_name) AS site_name, count(*) AS quotes,
       count(*) FILTER (WHERE kind = 'direct') AS direct,
       count(*) FILTER (WHERE kind = 'mixed') AS mixed,
       count(*) FILTER (WHERE kind = 'indirect') AS indirect,
       count(DISTINCT speaker) AS speakers, count(DISTINCT article_id) AS articles,
       count(*) FILTER (WHERE kind = 'stance') AS stances
  FROM news.v_quotes
 GROUP BY feed_name;
COMMENT ON COLUMN news.v_quotes_by_outlet.quotes IS 'Attributions from the outlet''s articles, every kind and confidence (direct + mixed + indirect + stances).';
COMMENT ON COLUMN news.v_quotes_by_outlet.stances IS 'Of which stances (beliefs, wants, findings: not speech).';

-- ------------------------------------------------------------------ entity marts, defined once
-- The from-scratch definition of each incremental mart (the SELECTs of 003's materialised views)
-- lives here only: news.marts_rebuild() fills the tables from these views, and
-- newsflow.warehouse.marts (FULL_DAILY_SQL, FULL_COOCCURRENCE_SQL: the oracle of the tests and
-- the bench) reads them.

CREATE VIEW news.v_mart_daily_entity_mentions AS
SELECT day, entity_key, canonical_name, label,
       sum(mentions)::bigint AS mentions, count(DISTINCT article_id)::bigint AS articles
  FROM news.v_entity_article_mentions
 WHERE day IS NOT NULL
 GROUP BY day, entity_key, canonical_name, label;
COMMENT ON VIEW news.v_mart_daily_entity_mentions IS 'What news.mv_daily_entity_mentions holds after a refresh, computed from scratch (its one definition; slow on a large warehouse).';
COMMENT ON COLUMN news.v_mart_daily_entity_mentions.day IS 'UTC calendar day.';
COMMENT ON COLUMN news.v_mart_daily_entity_mentions.entity_key IS 'Canonical entity key.';
COMMENT ON COLUMN news.v_mart_daily_entity_mentions.canonical_name IS 'Display name of the canonical entity.';
COMMENT ON COLUMN news.v_mart_daily_entity_mentions.label IS 'Label of the canonical entity.';
COMMENT ON COLUMN news.v_mart_daily_entity_mentions.mentions IS 'Mentions that day.';
COMMENT ON COLUMN news.v_mart_daily_entity_mentions.articles IS 'Articles mentioning the entity that day.';

CREATE VIEW news.v_mart_entity_cooccurrence AS
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
COMMENT ON VIEW news.v_mart_entity_cooccurrence IS 'What news.mv_entity_cooccurrence holds after a refresh, computed from scratch (its one definition; slow on a large warehouse).';
COMMENT ON COLUMN news.v_mart_entity_cooccurrence.entity_a IS 'Entity key of the first entity of the pair (entity_a < entity_b).';
COMMENT ON COLUMN news.v_mart_entity_cooccurrence.name_a IS 'Display name of entity_a.';
COMMENT ON COLUMN news.v_mart_entity_cooccurrence.label_a IS 'Label of entity_a.';
COMMENT ON COLUMN news.v_mart_entity_cooccurrence.entity_b IS 'Entity key of the second entity of the pair.';
COMMENT ON COLUMN news.v_mart_entity_cooccurrence.name_b IS 'Display name of entity_b.';
COMMENT ON COLUMN news.v_mart_entity_cooccurrence.label_b IS 'Label of entity_b.';
COMMENT ON COLUMN news.v_mart_entity_cooccurrence.articles IS 'Articles mentioning both.';

CREATE OR REPLACE FUNCTION news.marts_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    DELETE FROM news.marts_dirty;
    DELETE FROM news.marts_article_entities;
    DELETE FROM news.mv_daily_entity_mentions;
    DELETE FROM news.mv_entity_cooccurrence;
    INSERT INTO news.marts_article_entities (article_id, entity_key, day, mentions, paired)
    SELECT article_id, entity_key, day, mentions, label <> 'DATE'
      FROM news.v_entity_article_mentions;
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO news.mv_daily_entity_mentions (day, entity_key, canonical_name, label, mentions, articles)
    SELECT day, entity_key, canonical_name, label, mentions, articles FROM news.v_mart_daily_entity_mentions;
    INSERT INTO news.mv_entity_cooccurrence (entity_a, name_a, label_a, entity_b, name_b, label_b, articles)
    SELECT entity_a, name_a, label_a, entity_b, name_b, label_b, articles FROM news.v_mart_entity_cooccurrence;
    RETURN n;
END $$;
COMMENT ON FUNCTION news.marts_rebuild() IS 'Recompute the incremental marts (from their one definition, the v_mart_* views) and the per-article contributions from scratch; returns the contribution rows written.';
