-- 006: incremental marts. The two materialised views of 003 become tables with the same
-- names and columns, kept up to date by newsflow.marts.refresh_marts from a queue of dirty
-- articles, so a refresh costs what the changed articles cost, not what the warehouse holds.
--
--   triggers (entity_mentions, article_enrichment, articles, entities) ──► marts_dirty
--   refresh: consume marts_dirty, subtract each article's stored contribution
--            (marts_article_entities), add its current one, recompute the touched
--            (day, entity) rows and apply per-pair deltas to the co-occurrence.

DROP MATERIALIZED VIEW news.mv_daily_entity_mentions;
DROP MATERIALIZED VIEW news.mv_entity_cooccurrence;

CREATE TABLE news.mv_daily_entity_mentions (
    day             date NOT NULL,
    entity_key      text NOT NULL,
    canonical_name  text NOT NULL,
    label           text NOT NULL,
    mentions        bigint NOT NULL,
    articles        bigint NOT NULL,
    CONSTRAINT mv_daily_entity_mentions_key PRIMARY KEY (day, entity_key)
);
CREATE INDEX mv_daily_entity_mentions_entity ON news.mv_daily_entity_mentions (entity_key, day);
COMMENT ON TABLE news.mv_daily_entity_mentions IS 'Daily mentions per canonical entity in analysable articles (v_articles). A table kept up to date incrementally by news_marts (newsflow.marts.refresh_marts) after each enrichment; equal to the 003 view definition.';
COMMENT ON COLUMN news.mv_daily_entity_mentions.day IS 'UTC calendar day of the articles'' published_at (articles without one are not counted here).';
COMMENT ON COLUMN news.mv_daily_entity_mentions.entity_key IS 'The canonical entity (news.entities).';
COMMENT ON COLUMN news.mv_daily_entity_mentions.canonical_name IS 'Display name of the canonical entity.';
COMMENT ON COLUMN news.mv_daily_entity_mentions.label IS 'Label of the canonical entity.';
COMMENT ON COLUMN news.mv_daily_entity_mentions.mentions IS 'Mentions that day.';
COMMENT ON COLUMN news.mv_daily_entity_mentions.articles IS 'Articles mentioning the entity that day.';

CREATE TABLE news.mv_entity_cooccurrence (
    entity_a   text NOT NULL,
    name_a     text NOT NULL,
    label_a    text NOT NULL,
    entity_b   text NOT NULL,
    name_b     text NOT NULL,
    label_b    text NOT NULL,
    articles   bigint NOT NULL,
    CONSTRAINT mv_entity_cooccurrence_key PRIMARY KEY (entity_a, entity_b),
    CHECK (entity_a < entity_b)
);
CREATE INDEX mv_entity_cooccurrence_b ON news.mv_entity_cooccurrence (entity_b);
COMMENT ON TABLE news.mv_entity_cooccurrence IS 'Pairs of entities (DATE excluded) named in the same analysable article, with the number of such articles; each pair once (entity_a < entity_b). A table kept up to date incrementally by news_marts (newsflow.marts.refresh_marts).';
COMMENT ON COLUMN news.mv_entity_cooccurrence.entity_a IS 'Entity key of the first entity of the pair (entity_a < entity_b).';
COMMENT ON COLUMN news.mv_entity_cooccurrence.name_a IS 'Display name of entity_a.';
COMMENT ON COLUMN news.mv_entity_cooccurrence.label_a IS 'Label of entity_a.';
COMMENT ON COLUMN news.mv_entity_cooccurrence.entity_b IS 'Entity key of the second entity of the pair.';
COMMENT ON COLUMN news.mv_entity_cooccurrence.name_b IS 'Display name of entity_b.';
COMMENT ON COLUMN news.mv_entity_cooccurrence.label_b IS 'Label of entity_b.';
COMMENT ON COLUMN news.mv_entity_cooccurrence.articles IS 'Articles naming both entities.';

CREATE TABLE news.marts_dirty (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id  uuid NOT NULL,
    queued_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE news.marts_dirty IS 'Articles whose contribution to the marts may have changed since the last refresh; filled by triggers, consumed by newsflow.marts.refresh_marts. Append-only (no unique key) so writers never wait on a refresh; repeats are merged when consumed.';
COMMENT ON COLUMN news.marts_dirty.seq IS 'Queue order.';
COMMENT ON COLUMN news.marts_dirty.article_id IS 'The article (no foreign key: a deleted article is queued too, to subtract what it contributed).';
COMMENT ON COLUMN news.marts_dirty.queued_at IS 'When the change was queued.';

CREATE TABLE news.marts_article_entities (
    article_id  uuid NOT NULL,
    entity_key  text NOT NULL,
    day         date,
    mentions    integer NOT NULL CHECK (mentions > 0),
    paired      boolean NOT NULL,
    PRIMARY KEY (article_id, entity_key)
);
CREATE INDEX marts_article_entities_day_entity ON news.marts_article_entities (day, entity_key) INCLUDE (mentions);
COMMENT ON TABLE news.marts_article_entities IS 'What each analysable article contributed to the marts at the last refresh (its day and distinct entities); a refresh subtracts it before adding the article''s current contribution.';
COMMENT ON COLUMN news.marts_article_entities.article_id IS 'The article (v_articles at the last refresh).';
COMMENT ON COLUMN news.marts_article_entities.entity_key IS 'A canonical entity the article mentions.';
COMMENT ON COLUMN news.marts_article_entities.day IS 'UTC calendar day of the article''s published_at at the last refresh; NULL when it had none.';
COMMENT ON COLUMN news.marts_article_entities.mentions IS 'Mentions of the entity in the article.';
COMMENT ON COLUMN news.marts_article_entities.paired IS 'The entity counted in mv_entity_cooccurrence (its label was not DATE).';

-- ------------------------------------------------------------------ queue triggers

CREATE FUNCTION news.marts_queue_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO news.marts_dirty (article_id) SELECT DISTINCT article_id FROM new_rows;
    END IF;
    IF TG_OP = 'UPDATE' THEN  -- an update may move rows to another article: both are queued
        INSERT INTO news.marts_dirty (article_id)
        SELECT article_id FROM old_rows EXCEPT SELECT article_id FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO news.marts_dirty (article_id) SELECT DISTINCT article_id FROM old_rows;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION news.marts_queue_transition() IS 'Statement trigger: queue the articles a statement touched (from its transition tables) for the next marts refresh.';

-- Every (re)analysis or removal of an article passes through article_enrichment; mentions
-- are covered too so direct SQL edits and cascaded article deletes reach the marts.
CREATE TRIGGER marts_queue_ins AFTER INSERT ON news.article_enrichment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION news.marts_queue_transition();
CREATE TRIGGER marts_queue_upd AFTER UPDATE ON news.article_enrichment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION news.marts_queue_transition();
CREATE TRIGGER marts_queue_del AFTER DELETE ON news.article_enrichment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION news.marts_queue_transition();
CREATE TRIGGER marts_queue_ins AFTER INSERT ON news.entity_mentions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION news.marts_queue_transition();
CREATE TRIGGER marts_queue_upd AFTER UPDATE ON news.entity_mentions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION news.marts_queue_transition();
CREATE TRIGGER marts_queue_del AFTER DELETE ON news.entity_mentions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION news.marts_queue_transition();

-- An article entering or leaving v_articles, or moving to another day, changes what its
-- mentions contribute even when no enrichment row changes (until the next enrich run
-- drops a duplicate's rows, the 003 definitions already stopped counting it).
CREATE FUNCTION news.marts_queue_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM news.entity_mentions WHERE article_id = NEW.article_id)
       OR EXISTS (SELECT 1 FROM news.marts_article_entities WHERE article_id = NEW.article_id) THEN
        INSERT INTO news.marts_dirty (article_id) VALUES (NEW.article_id);
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION news.marts_queue_article() IS 'Row trigger on news.articles: queue an article with mentions whose status, duplicate_of or published_at changed.';
CREATE TRIGGER marts_queue_article AFTER UPDATE OF status, duplicate_of, published_at ON news.articles
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.duplicate_of IS DISTINCT FROM NEW.duplicate_of
          OR OLD.published_at IS DISTINCT FROM NEW.published_at)
    EXECUTE FUNCTION news.marts_queue_article();

-- A renamed or relabelled entity (rare) re-queues the articles mentioning it, so names in
-- both marts follow and a label turning to or from DATE adds or removes its pairs.
CREATE FUNCTION news.marts_queue_entity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO news.marts_dirty (article_id)
    SELECT DISTINCT article_id FROM news.entity_mentions WHERE entity_key = NEW.entity_key;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION news.marts_queue_entity() IS 'Row trigger on news.entities: queue the articles mentioning an entity whose name or label changed.';
CREATE TRIGGER marts_queue_entity AFTER UPDATE OF canonical_name, label ON news.entities
    FOR EACH ROW
    WHEN (OLD.canonical_name IS DISTINCT FROM NEW.canonical_name OR OLD.label IS DISTINCT FROM NEW.label)
    EXECUTE FUNCTION news.marts_queue_entity();

-- ------------------------------------------------------------------ full rebuild

-- Recompute everything from scratch (the 003 definitions): used here to populate the
-- tables from existing data, and by newsflow.marts.rebuild_marts as a repair. The queue is
-- consumed first, so a change committed while this runs stays queued for the next refresh.
CREATE FUNCTION news.marts_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
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
    SELECT c.day, c.entity_key, e.canonical_name, e.label, sum(c.mentions), count(*)
      FROM news.marts_article_entities c JOIN news.entities e USING (entity_key)
     WHERE c.day IS NOT NULL
     GROUP BY c.day, c.entity_key, e.canonical_name, e.label;
    INSERT INTO news.mv_entity_cooccurrence (entity_a, name_a, label_a, entity_b, name_b, label_b, articles)
    SELECT a.entity_key, ea.canonical_name, ea.label, b.entity_key, eb.canonical_name, eb.label, count(*)
      FROM news.marts_article_entities a
      JOIN news.marts_article_entities b ON b.article_id = a.article_id AND a.entity_key < b.entity_key
      JOIN news.entities ea ON ea.entity_key = a.entity_key
      JOIN news.entities eb ON eb.entity_key = b.entity_key
     WHERE a.paired AND b.paired
     GROUP BY 1, 2, 3, 4, 5, 6;
    RETURN n;
END $$;
COMMENT ON FUNCTION news.marts_rebuild() IS 'Recompute the incremental marts and per-article contributions from scratch; returns the contribution rows written.';

SELECT news.marts_rebuild();
