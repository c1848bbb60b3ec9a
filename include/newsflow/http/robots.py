"""robots.txt rules by RFC 9309 (protego): longest match wins, `*` and `$`, Crawl-delay."""

from __future__ import annotations

from functools import lru_cache

from protego import Protego

from newsflow.http.politeness import ROBOTS_MAX_CHARS, RobotsRecord


@lru_cache(maxsize=256)
def _rules(body: str) -> Protego:
    return Protego.parse(body)


def record_from_response(status: int | None, content: bytes, user_agent: str) -> RobotsRecord:
    """A RobotsRecord for a robots.txt answer (status None: it could not be fetched)."""
    if status is None or not 200 <= status < 300:
        return RobotsRecord(status)
    body = content.decode("utf-8", "replace").replace("\x00", "")[:ROBOTS_MAX_CHARS]
    delay = _rules(body).crawl_delay(user_agent)
    return RobotsRecord(status, body, float(delay) if delay is not None else None)


def verdict(record: RobotsRecord, url: str, user_agent: str) -> bool | None:
    """True/False for url, or None when robots.txt was unreachable ("not now", RFC 9309 §2.3.1.4).

    4xx means no robots.txt: everything is allowed.
    """
    if not record.reachable:
        return None
    if record.status is not None and record.status >= 300:
        return True
    return bool(_rules(record.body).can_fetch(url, user_agent))
