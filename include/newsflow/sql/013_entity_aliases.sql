-- 013: entity keys that change keep working.
--
-- A key is `label:normalised full name` (news.entities.entity_key). When better rules re-key an
-- entity (reprocess=model: "person:trump" becomes "person:donald trump"), saved SQL and bookmarked
-- entity and speaker pages must still find it. The enrich load records old_key -> new_key when a
-- re-analysed article's mention (or quote speaker) at the same offsets gets another key and the
-- old key is used nowhere any more; a key that is used again stops being an alias.
-- news.current_entity_key() follows the chain.

CREATE TABLE news.entity_key_aliases (
    old_key  text PRIMARY KEY,
    new_key  text NOT NULL,
    since    timestamptz NOT NULL DEFAULT now(),
    reason   text,
    CHECK (new_key <> old_key)
);
CREATE INDEX entity_key_aliases_new_key_idx ON news.entity_key_aliases (new_key);
COMMENT ON TABLE news.entity_key_aliases IS 'Entity keys that no longer exist and the key each now maps to (written when re-analysis re-keys an entity): saved SQL and bookmarked pages keep working. Read through news.current_entity_key(key), which follows chains.';
COMMENT ON COLUMN news.entity_key_aliases.old_key IS 'A key no mention or quote speaker uses any more (e.g. person:trump).';
COMMENT ON COLUMN news.entity_key_aliases.new_key IS 'The key that took over its mentions (e.g. person:donald trump); may itself be an old key later (a chain).';
COMMENT ON COLUMN news.entity_key_aliases.since IS 'When the old key was replaced (the re-analysis that removed its last use).';
COMMENT ON COLUMN news.entity_key_aliases.reason IS 'How the alias was decided: which rows moved from the old key to the new one.';

-- At most 32 hops: a chain is one hop per re-keying release, and a (never expected) cycle stops
-- at the first key seen twice, so a lookup always ends.
CREATE FUNCTION news.current_entity_key(key text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    AS $$
    WITH RECURSIVE chain (k, depth, seen) AS (
        SELECT key, 0, ARRAY[key]
        UNION ALL
        SELECT a.new_key, c.depth + 1, c.seen || a.new_key
          FROM chain c JOIN news.entity_key_aliases a ON a.old_key = c.k
         WHERE c.depth < 32 AND a.new_key <> ALL (c.seen)
    )
    SELECT k FROM chain ORDER BY depth DESC LIMIT 1
    $$;
COMMENT ON FUNCTION news.current_entity_key(text) IS 'The key an entity key now has: follows news.entity_key_aliases (at most 32 hops, cycle-safe); the key itself when it was never re-keyed. WHERE entity_key = news.current_entity_key(''person:trump'').';
