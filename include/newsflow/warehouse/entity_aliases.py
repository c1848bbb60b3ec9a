"""news.entity_key_aliases: old entity keys that re-analysis replaced, so they keep working.

Why: analysts save SQL and bookmark entity pages by key (`person:trump`); when better rules re-key
an entity (`reprocess=model` makes it `person:donald trump`), the old key must lead to the new one.
The enrich load calls `remember_keys` before it replaces a batch's mentions and quotes and
`record_aliases` after, in the same transaction: a mention (or quote) whose exact offsets come back
with another key moved from the old key to the new one, and the old key becomes an alias only when
nothing uses it any more (a key still used elsewhere is still a real key). A key used again stops
being an alias. `news.current_entity_key(key)` (migration 013) follows the chain.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

#: Serialises the replace-and-record step of concurrent enrich batches (held to commit): without
#: it, a batch could alias a key another batch is re-using in a transaction not yet committed.
_LOCK_KEY = 0x6E6B6579  # "nkey"

_NEW_KEYS = """
    SELECT article_id, start_char, end_char, entity_key AS key, 'mention' AS what
      FROM news.entity_mentions WHERE article_id = ANY(%(ids)s::uuid[])
    UNION ALL
    SELECT article_id, start_char, end_char, speaker_key, 'speaker'
      FROM news.quotes WHERE article_id = ANY(%(ids)s::uuid[]) AND speaker_key IS NOT NULL"""

_RECORD = f"""
    WITH moved AS (
        SELECT o.key AS old_key, n.key AS new_key, o.what
          FROM pg_temp.previous_entity_keys o
          JOIN ({_NEW_KEYS}) n USING (article_id, start_char, end_char, what)
         WHERE n.key <> o.key),
    unused AS (
        SELECT DISTINCT m.old_key FROM moved m
         WHERE NOT EXISTS (SELECT 1 FROM news.entity_mentions x WHERE x.entity_key = m.old_key)
           AND NOT EXISTS (SELECT 1 FROM news.quotes x WHERE x.speaker_key = m.old_key)),
    votes AS (
        SELECT old_key, new_key, count(*) AS n,
               count(*) FILTER (WHERE what = 'mention') AS mentions,
               count(*) FILTER (WHERE what = 'speaker') AS speakers,
               sum(count(*)) OVER (PARTITION BY old_key) AS total
          FROM moved JOIN unused USING (old_key)
         GROUP BY old_key, new_key),
    best AS (
        SELECT DISTINCT ON (old_key) * FROM votes ORDER BY old_key, n DESC, new_key)
    INSERT INTO news.entity_key_aliases AS a (old_key, new_key, since, reason)
    SELECT old_key, new_key, now(),
           format('re-analysis: %%s mention(s) and %%s quote speaker(s) at the same offsets now %%s'
                  '%%s; the old key is used nowhere else', mentions, speakers, new_key,
                  CASE WHEN total > n THEN format(' (%%s of %%s moved rows; the rest to other keys)', n, total)
                       ELSE '' END)
      FROM best
    ON CONFLICT (old_key) DO UPDATE SET new_key = EXCLUDED.new_key, since = EXCLUDED.since,
                                        reason = EXCLUDED.reason
     WHERE a.new_key IS DISTINCT FROM EXCLUDED.new_key"""


def remember_keys(cur: Any, article_ids: list[str]) -> None:
    """Keep the batch's current mention and speaker keys by offsets (a temporary table dropped at
    commit), before the load deletes them; waits for any other batch doing the same."""
    cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
    cur.execute("""CREATE TEMP TABLE IF NOT EXISTS previous_entity_keys (
                       article_id uuid, start_char integer, end_char integer, key text, what text
                   ) ON COMMIT DROP""")
    cur.execute("TRUNCATE pg_temp.previous_entity_keys")
    cur.execute(f"INSERT INTO pg_temp.previous_entity_keys {_NEW_KEYS}", {"ids": article_ids})


def record_aliases(cur: Any, article_ids: list[str]) -> tuple[int, int]:
    """After the load replaced the rows of `article_ids`: keys they use again stop being aliases,
    and each old key no row uses any more, whose rows came back at the same offsets under another
    key, becomes an alias of the key most of them moved to. Returns (aliases recorded or changed,
    aliases dropped)."""
    params = {"ids": article_ids}
    cur.execute(f"""DELETE FROM news.entity_key_aliases
                     WHERE old_key IN (SELECT key FROM ({_NEW_KEYS}) n)""", params)
    dropped = cur.rowcount
    cur.execute(_RECORD, params)
    recorded = cur.rowcount
    if recorded or dropped:
        log.info("entity key aliases: %d recorded, %d dropped (keys in use again)", recorded, dropped)
    return recorded, dropped
