"""Keys that change keep working (issue 18), on the real embedded PostgreSQL: re-analysis records
old key -> new key (news.entity_key_aliases), news.current_entity_key follows chains, a key still
used elsewhere is not aliased, the News view redirects a retired key's pages; and unnamed sources
are listed apart from people and organisations.

Articles are analysed by the real enrich stage; an older model's keys are simulated by renaming
the stored keys and marking the rows as an older model's, so `reprocess=model` re-analyses them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_newsroom import TOKEN, _Doc, _mounted

from newsflow import enrich
from newsflow.nlp.model import model_version
from newsflow.warehouse import report

from support import query

pytestmark = pytest.mark.integration

TEXTS = {
    "a": ('Jane Moreau said on Monday that Belvania would stop arguing about numbers. '
          '"We are ready to sign," Moreau told reporters in Belvania. Moreau leads Harbor Bank.'),
    "b": 'Paul Okafor, the mayor of Lindham, said the bridge would open in May. "It is done," Okafor said.',
    "c": 'Paul Okafor said the budget for Lindham was final. "No more changes," Okafor said on Friday.',
}


def _aid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"aliases-{name}"))


def _articles(dsn: str, names: list[str]) -> None:
    query(dsn, "INSERT INTO news.feeds (feed_name, url, title) VALUES ('delta', 'https://delta.example/f', 'Delta')"
               " ON CONFLICT DO NOTHING")
    for name in names:
        query(dsn, """INSERT INTO news.articles (article_id, feed_name, entry_key, url, canonical_url, title,
                                                 published_at, text, status, language)
                      VALUES (%s, 'delta', %s, %s, %s, %s, '2026-11-12 10:00+00', %s, 'ok', 'en')""",
              (_aid(name), name, f"https://delta.example/{name}", f"https://delta.example/{name}",
               f"Story {name}", TEXTS[name]))


def _main_key(dsn: str, article: str) -> str:
    """The article's person (whatever key the rules of the day give them), else its most mentioned key."""
    return query(dsn, """SELECT entity_key FROM news.entity_mentions WHERE article_id = %s
                          GROUP BY 1 ORDER BY bool_or(label = 'PERSON') DESC, count(*) DESC, 1 LIMIT 1""",
                 (_aid(article),))[0][0]


def _as_older_model(dsn: str, article: str, key: str, old_key: str) -> None:
    """Make the article's rows look like an older model's, which called `key` `old_key`."""
    aid = _aid(article)
    query(dsn, """INSERT INTO news.entities (entity_key, canonical_name, label)
                  SELECT %s, canonical_name, label FROM news.entities WHERE entity_key = %s
                  ON CONFLICT DO NOTHING""", (old_key, key))
    query(dsn, "UPDATE news.entity_mentions SET entity_key = %s WHERE article_id = %s AND entity_key = %s",
          (old_key, aid, key))
    query(dsn, "UPDATE news.quotes SET speaker_key = %s WHERE article_id = %s AND speaker_key = %s",
          (old_key, aid, key))
    query(dsn, "UPDATE news.article_enrichment SET model = 'older-model' WHERE article_id = %s", (aid,))


def _aliases(dsn: str) -> dict[str, str]:
    return dict(query(dsn, "SELECT old_key, new_key FROM news.entity_key_aliases"))


def _current(dsn: str, key: str) -> str:
    return query(dsn, "SELECT news.current_entity_key(%s)", (key,))[0][0]


def _uses(dsn: str, key: str) -> int:
    return query(dsn, """SELECT (SELECT count(*) FROM news.entity_mentions WHERE entity_key = %(k)s)
                              + (SELECT count(*) FROM news.quotes WHERE speaker_key = %(k)s)""", {"k": key})[0][0]


def _rekeyed(monkeypatch: pytest.MonkeyPatch, key: str, new_key: str) -> None:
    """Newer rules that call `key` `new_key`: the enrich rows of every analysis are renamed."""
    real = enrich._rows_for

    def renamed(article_id: uuid.UUID, analysis: Any) -> tuple[list[tuple], list[tuple], list[tuple]]:
        ents, ments, quotes = real(article_id, analysis)
        swap = {key: new_key}
        ents = [(swap.get(e[0], e[0]), *e[1:]) for e in ents]
        ments = [(*m[:3], swap.get(m[3], m[3]), *m[4:]) for m in ments]
        quotes = [(*q[:15], swap.get(q[15], q[15]), *q[16:]) for q in quotes]
        return ents, ments, quotes

    monkeypatch.setattr(enrich, "_rows_for", renamed)


# --------------------------------------------------------------------------- the function

def test_current_entity_key_follows_chains_and_stops_on_cycles(migrated_dsn):
    dsn = migrated_dsn
    query(dsn, """INSERT INTO news.entity_key_aliases (old_key, new_key, reason) VALUES
                  ('person:trump', 'person:donald trump', 'test'),
                  ('person:donald trump', 'person:donald j trump', 'test'),
                  ('org:x', 'org:y', 'test'), ('org:y', 'org:x', 'test')""")
    assert _current(dsn, "person:trump") == "person:donald j trump"  # two hops
    assert _current(dsn, "person:donald trump") == "person:donald j trump"
    assert _current(dsn, "person:donald j trump") == "person:donald j trump"  # current: itself
    assert _current(dsn, "gpe:nowhere") == "gpe:nowhere"  # never re-keyed: itself
    assert _current(dsn, "org:x") == "org:y"  # a cycle ends at the first key seen twice
    assert query(dsn, "SELECT news.current_entity_key(NULL)") == [(None,)]
    with pytest.raises(Exception, match="check"):  # never a key to itself
        query(dsn, "INSERT INTO news.entity_key_aliases (old_key, new_key) VALUES ('org:z', 'org:z')")
    # saved SQL reads like this
    query(dsn, "INSERT INTO news.entities (entity_key, canonical_name, label) "
               "VALUES ('person:donald j trump', 'Donald J Trump', 'PERSON')")
    assert query(dsn, "SELECT canonical_name FROM news.entities "
                      "WHERE entity_key = news.current_entity_key('person:trump')") == [("Donald J Trump",)]


# --------------------------------------------------------------------------- recorded on re-analysis

def test_reanalysis_that_changes_a_key_records_the_alias_and_a_later_rekey_extends_the_chain(
        migrated_dsn, monkeypatch):
    dsn = migrated_dsn
    _articles(dsn, ["a"])
    enrich.run_enrich(dsn, "alias-1")
    key = _main_key(dsn, "a")
    assert _aliases(dsn) == {}  # first analysis: nothing retired

    _as_older_model(dsn, "a", key, "person:moreau-old")
    stats = enrich.run_enrich(dsn, "alias-2", reprocess="model")
    assert stats["articles"] == 1 and stats["errors"] == 0
    assert _uses(dsn, "person:moreau-old") == 0
    assert _aliases(dsn) == {"person:moreau-old": key}
    reason = query(dsn, "SELECT reason, since IS NOT NULL FROM news.entity_key_aliases")[0]
    assert "mention" in reason[0] and reason[1]
    assert _current(dsn, "person:moreau-old") == key

    # Re-running with the same rules changes nothing.
    enrich.run_enrich(dsn, "alias-3", reprocess="all")
    assert _aliases(dsn) == {"person:moreau-old": key}

    # Newer rules re-key it again: the chain goes on, old bookmarks reach the newest key.
    query(dsn, "UPDATE news.article_enrichment SET model = 'older-model'")
    _rekeyed(monkeypatch, key, key + " newer")
    enrich.run_enrich(dsn, "alias-4", reprocess="model")
    assert _aliases(dsn) == {"person:moreau-old": key, key: key + " newer"}
    assert _current(dsn, "person:moreau-old") == key + " newer"
    enrich.quality_checks(dsn)

    # The rules go back: the key used again stops being an alias (no cycle), the other one starts.
    monkeypatch.undo()
    query(dsn, "UPDATE news.article_enrichment SET model = 'older-model'")
    enrich.run_enrich(dsn, "alias-5", reprocess="model")
    assert _aliases(dsn) == {"person:moreau-old": key, key + " newer": key}
    assert _current(dsn, "person:moreau-old") == key and _current(dsn, key) == key


def test_a_changed_speaker_key_is_recorded_too(migrated_dsn):
    dsn = migrated_dsn
    _articles(dsn, ["b"])
    enrich.run_enrich(dsn, "speaker-1")
    speakers = query(dsn, "SELECT DISTINCT speaker_key FROM news.quotes WHERE speaker_key IS NOT NULL")
    if not speakers:
        pytest.skip("the rules of the day resolve no speaker to an entity in this text")
    speaker_key = speakers[0][0]
    # An older model named the speaker (only the speaker: the mentions keep their key) otherwise.
    query(dsn, """INSERT INTO news.entities (entity_key, canonical_name, label)
                  VALUES ('person:okafor-speaker-old', 'Okafor', 'PERSON')""")
    query(dsn, "UPDATE news.quotes SET speaker_key = 'person:okafor-speaker-old' WHERE speaker_key = %s",
          (speaker_key,))
    query(dsn, "UPDATE news.article_enrichment SET model = 'older-model'")
    enrich.run_enrich(dsn, "speaker-2", reprocess="model")
    assert _aliases(dsn) == {"person:okafor-speaker-old": speaker_key}
    assert "quote speaker" in query(dsn, "SELECT reason FROM news.entity_key_aliases")[0][0]


def test_a_key_still_used_elsewhere_is_not_aliased(migrated_dsn):
    dsn = migrated_dsn
    _articles(dsn, ["b", "c"])
    enrich.run_enrich(dsn, "elsewhere-1")
    key = _main_key(dsn, "b")
    assert key == _main_key(dsn, "c")  # one person in both articles
    # Both articles stored the person under an older key; only b is re-analysed.
    _as_older_model(dsn, "b", key, "person:okafor-old")
    _as_older_model(dsn, "c", key, "person:okafor-old")
    query(dsn, "UPDATE news.article_enrichment SET model = %s WHERE article_id = %s", (model_version(), _aid("c")))
    stats = enrich.run_enrich(dsn, "elsewhere-2", reprocess="model")
    assert stats["articles"] == 1
    assert _uses(dsn, "person:okafor-old") > 0  # article c still says so
    assert _aliases(dsn) == {}
    # Now c is re-analysed too: the old key's last use goes, and it becomes an alias.
    query(dsn, "UPDATE news.article_enrichment SET model = 'older-model' WHERE article_id = %s", (_aid("c"),))
    enrich.run_enrich(dsn, "elsewhere-3", reprocess="model")
    assert _aliases(dsn) == {"person:okafor-old": key}


# --------------------------------------------------------------------------- the News view

@pytest.fixture()
def client(migrated_dsn) -> Iterator[tuple[TestClient, str]]:
    with TestClient(_mounted(migrated_dsn), headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        yield c, migrated_dsn


def test_a_retired_entity_key_redirects_to_the_current_page(client):
    c, dsn = client
    _articles(dsn, ["b"])
    enrich.run_enrich(dsn, "view-1")
    key = _main_key(dsn, "b")
    _as_older_model(dsn, "b", key, "person:okafor-old")
    enrich.run_enrich(dsn, "view-2", reprocess="model")
    resp = c.get("/news/entities", params={"key": "person:okafor-old", "all": "1"}, follow_redirects=False)
    assert resp.status_code == 307
    location = resp.headers["location"]
    assert location.startswith("/news/entities?") and "all=1" in location
    followed = c.get("/news/entities", params={"key": "person:okafor-old"})
    assert followed.status_code == 200 and followed.url.params["key"] == key
    name = query(dsn, "SELECT canonical_name FROM news.entities WHERE entity_key = %s", (key,))[0][0]
    assert name in _Doc(followed.text).find("h1")[0]["text"]
    # The current key and unknown keys are not redirected.
    assert c.get("/news/entities", params={"key": key}, follow_redirects=False).status_code == 200
    assert c.get("/news/entities", params={"key": "person:nobody"}, follow_redirects=False).status_code == 404


def test_speaker_pages_by_key_follow_aliases(client):
    c, dsn = client
    _articles(dsn, ["a"])
    query(dsn, """INSERT INTO news.entities (entity_key, canonical_name, label) VALUES
                  ('person:jane moreau', 'Jane Moreau', 'PERSON'), ('person:moreau', 'Moreau', 'PERSON')""")
    text = TEXTS["a"]
    start = text.index("We are ready")
    query(dsn, """INSERT INTO news.quotes (quote_id, article_id, start_char, end_char, quote_text, kind, cue, speaker,
                                           speaker_label, speaker_key, confidence)
                  VALUES (%s, %s, %s, %s, 'We are ready to sign,', 'direct', 'told', 'Jane Moreau', 'PERSON',
                          'person:jane moreau', 0.9)""",
              (str(uuid.uuid4()), _aid("a"), start, start + len("We are ready to sign,")))
    query(dsn, "INSERT INTO news.entity_key_aliases (old_key, new_key) VALUES ('person:moreau', 'person:jane moreau')")
    resp = c.get("/news/speakers", params={"key": "person:moreau"}, follow_redirects=False)
    assert resp.status_code == 307  # a retired key moves to its current key's page
    moved = c.get(resp.headers["location"])
    assert moved.status_code == 200 and moved.url.params["key"] == "person:jane moreau"
    page = c.get("/news/speakers", params={"key": "person:jane moreau"})
    assert page.status_code == 200 and '<h1 class="speaker-name">Jane Moreau</h1>' in page.text
    assert c.get("/news/speakers", params={"key": "person:nobody"}).status_code == 404
    assert c.get("/news/speakers").status_code == 422


# --------------------------------------------------------------------------- unnamed sources apart

UNNAMED = [  # (speaker, label, key, confidence)
    ("Jane Moreau", "PERSON", "person:jane moreau", 0.9),
    ("Harbor Bank", "ORG", "org:harbor bank", 0.9),
    ("Officials", "ANON", None, 0.9),
    ("Officials", "ANON", None, 0.8),
    ("officials", "ANON", None, 0.7),
    ("a spokeswoman for the bank", "ANON", None, 0.9),
    ("a spokeswoman for the bank", "ANON", None, 0.1),  # below the threshold: not counted
]


def _fill_speakers(dsn: str) -> None:
    _articles(dsn, ["a"])
    aid = _aid("a")
    query(dsn, """INSERT INTO news.entities (entity_key, canonical_name, label) VALUES
                  ('person:jane moreau', 'Jane Moreau', 'PERSON'), ('org:harbor bank', 'Harbor Bank', 'ORG'),
                  ('gpe:belvania', 'Belvania', 'GPE')""")
    start = TEXTS["a"].index("Belvania")
    query(dsn, """INSERT INTO news.entity_mentions (article_id, start_char, end_char, entity_key, label, surface)
                  VALUES (%s, %s, %s, 'gpe:belvania', 'GPE', 'Belvania')""", (aid, start, start + 8))
    for n, (speaker, label, key, confidence) in enumerate(UNNAMED):
        query(dsn, """INSERT INTO news.quotes (quote_id, article_id, start_char, end_char, quote_text, kind, cue,
                                               speaker, speaker_label, speaker_key, confidence)
                      VALUES (%s, %s, %s, %s, 'x', 'indirect', 'said', %s, %s, %s, %s)""",
              (str(uuid.uuid5(uuid.UUID(aid), str(n))), aid, n, n + 1, speaker, label, key, confidence))


def test_unnamed_sources_are_listed_apart_on_the_entity_page_and_in_the_report(client, monkeypatch):
    monkeypatch.setenv("NEWSFLOW_MIN_CONFIDENCE", "0.5")
    c, dsn = client
    _fill_speakers(dsn)
    doc = _Doc(c.get("/news/entities", params={"key": "gpe:belvania"}).text)
    named = [a["text"] for a in doc.find("a", within=doc.find("ol", "top-speakers")[0])]
    assert named == ["Harbor Bank", "Jane Moreau"]
    items = doc.find("li", within=doc.find("ol", "unnamed-sources")[0])
    assert [" ".join(li["text"].split()) for li in items] == [
        "Officials 3 quotes in 1 article", "a spokeswoman for the bank 1 quote in 1 article"]
    everything = _Doc(c.get("/news/entities", params={"key": "gpe:belvania", "all": "1"}).text)
    assert "2 quotes" in everything.find("ol", "unnamed-sources")[0]["text"]  # the hidden one too

    data = report.collect(dsn)
    assert [(r["speaker"], r["quotes"]) for r in data["top_speakers"]] == [("Harbor Bank", 1), ("Jane Moreau", 1)]
    assert [(r["speaker"], r["speaker_key"], r["quotes"]) for r in data["unnamed_sources"]] == [
        ("Officials", "anon:officials", 3), ("a spokeswoman for the bank", "anon:a spokeswoman for the bank", 1)]
