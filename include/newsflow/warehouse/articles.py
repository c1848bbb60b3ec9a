"""news.articles as the later stages see it: the one definition of an analysable article."""

from __future__ import annotations

import uuid
from typing import Any

#: An article enrich analyses and the marts count: clean text, not a duplicate of another.
#: Written once; every query takes it with the alias `a` for news.articles.
ANALYSABLE = "a.status = 'ok' AND a.duplicate_of IS NULL"


def lock_still_analysable(cur: Any, analysed: dict[uuid.UUID, str | None]) -> set[uuid.UUID]:
    """Of the articles analysed (id → content hash read at analysis), those that are still
    analysable with the same text, share-locked until the caller's transaction ends so an
    ingest cannot link or rewrite them before the rows land."""
    cur.execute(
        f"SELECT a.article_id, a.content_hash FROM news.articles a"
        f" WHERE a.article_id = ANY(%s::uuid[]) AND {ANALYSABLE} FOR SHARE",
        ([str(aid) for aid in analysed],),
    )
    return {uuid.UUID(str(aid)) for aid, digest in cur.fetchall()
            if analysed.get(uuid.UUID(str(aid))) == digest}
