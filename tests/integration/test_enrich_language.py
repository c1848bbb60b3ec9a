"""Only English is analysed as English (issue 17): against the real embedded PostgreSQL, a German
article (its page mis-declares en) and a short French one (declared fr) get the enrichment status
not_english with the reason, keep no entities or quotes and are not claimed again; the English
article beside them is analysed; `report` counts them; a changed text is decided again."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest

from newsflow import cli, enrich
from newsflow.warehouse import report as warehouse_report

from support import query

pytestmark = pytest.mark.integration

ENGLISH = (
    "The harbour authority in Port Elwyn agreed on Monday to rebuild the storm-damaged north pier, "
    "a project expected to take three years. \"We cannot let the fishing fleet wait another winter,\" "
    "said Daniel Marsh, the authority's chairman, after the vote. The Ministry of Transport will pay "
    "half of the cost, according to a statement from the ministry. Local traders, who lost much of "
    "their business when the pier closed, welcomed the decision but asked for a firm timetable."
)
GERMAN = (
    "Die Hafenbehörde von Port Elwyn hat am Montag beschlossen, den vom Sturm beschädigten Nordpier "
    "wieder aufzubauen; das Vorhaben soll drei Jahre dauern. „Wir können die Fischereiflotte nicht "
    "noch einen Winter warten lassen“, sagte der Vorsitzende Daniel Marsh nach der Abstimmung. Das "
    "Verkehrsministerium übernimmt die Hälfte der Kosten, wie es in einer Mitteilung hieß. Die "
    "Händler vor Ort, die mit der Schließung des Piers viel Geschäft verloren hatten, begrüßten die "
    "Entscheidung, forderten aber einen verbindlichen Zeitplan."
)
SHORT_FRENCH = "Le port rouvre lundi, a annoncé la mairie."


def _aid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"language-test:{name}"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture()
def warehouse(migrated_dsn):
    """One feed and three clean articles: English (declared en), German (declared en, as a site
    template may say), short French (declared fr)."""
    query(migrated_dsn, "INSERT INTO news.feeds (feed_name, url, title) VALUES ('harbour', "
                        "'https://harbour.example/feed.xml', 'Harbour News')")
    for name, declared, text in (("english", "en-GB", ENGLISH), ("german", "en", GERMAN),
                                 ("french", "fr", SHORT_FRENCH)):
        url = f"https://harbour.example/{name}"
        query(migrated_dsn, """INSERT INTO news.articles (article_id, feed_name, entry_key, url, canonical_url,
                                                          title, language, text, word_count, content_hash, status,
                                                          extractor, extractor_version)
                               VALUES (%s, 'harbour', %s, %s, %s, %s, %s, %s, %s, %s, 'ok', 'newsflow', 'test')""",
              (_aid(name), name, url, url, name.title(), declared, text, len(text.split()), _digest(text)))
    return migrated_dsn


def _enrichment(dsn: str) -> dict[str, tuple]:
    rows = query(dsn, """SELECT a.entry_key, e.status, e.status_reason, e.entity_count, e.quote_count
                           FROM news.article_enrichment e JOIN news.articles a USING (article_id)""")
    return {r[0]: r[1:] for r in rows}


def _kept(dsn: str, name: str) -> int:
    return sum(query(dsn, f"SELECT count(*) FROM news.{table} WHERE article_id = %s", (_aid(name),))[0][0]
               for table in ("entity_mentions", "quotes"))


def test_non_english_articles_are_recorded_not_analysed_and_counted(warehouse, monkeypatch, capsys):
    from newsflow import nlp

    analysed: list[str] = []
    real_analyze_many = nlp.analyze_many

    def spy(texts, **kw):
        def seen():
            for text in texts:
                analysed.append(text)
                yield text
        return real_analyze_many(seen(), **kw)

    monkeypatch.setattr(nlp, "analyze_many", spy)
    stats = enrich.run_enrich(warehouse, "lang-1")
    assert analysed == [ENGLISH]  # spaCy never saw the others
    assert stats["not_english"] == 2 and stats["errors"] == 0 and stats["articles"] == 3

    rows = _enrichment(warehouse)
    assert rows["german"] == ("not_english", "language de (detected; declared en)", 0, 0)
    assert rows["french"] == ("not_english", "language fr (declared; too little text to detect)", 0, 0)
    status, reason, entities, quotes = rows["english"]
    assert status == "ok" and reason is None and entities > 0 and quotes > 0
    assert _kept(warehouse, "german") == _kept(warehouse, "french") == 0
    assert _kept(warehouse, "english") == entities + quotes
    assert enrich.quality_checks(warehouse)

    # The report counts them, in its data and as printed.
    states = {r["state"]: r["articles"] for r in warehouse_report.collect(warehouse)["enrichment"]}
    assert states == {"ok": 1, "not_english": 2}
    assert cli.main(["report", "--dsn", warehouse, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {r["state"]: r["articles"] for r in printed["enrichment"]} == {"ok": 1, "not_english": 2}
    assert cli.main(["report", "--dsn", warehouse]) == 0
    table = capsys.readouterr().out
    cells = [[c.strip() for c in line.split("\t")] for line in table.splitlines()]  # piped: tab-separated
    assert ["not_english", "2", "0"] in cells and ["ok", "1", "0"] in cells  # state, articles, max attempts

    # Final, like too_long: a later routine run claims nothing, and the rows stay.
    assert enrich.claim_batches(warehouse, "lang-2") == []
    assert enrich.run_enrich(warehouse, "lang-3")["articles"] == 0
    assert _enrichment(warehouse) == rows


def test_a_changed_text_is_decided_again(warehouse):
    enrich.run_enrich(warehouse, "lang-changed-1")
    assert _enrichment(warehouse)["german"][0] == "not_english"
    # Re-fetched: the page now carries the English version of the story.
    query(warehouse, "UPDATE news.articles SET text = %s, content_hash = %s, updated_at = now() "
                     "WHERE article_id = %s", (ENGLISH, _digest(ENGLISH + "v2"), _aid("german")))
    stats = enrich.run_enrich(warehouse, "lang-changed-2")
    assert stats["articles"] == 1 and stats["not_english"] == 0
    status, reason, entities, _ = _enrichment(warehouse)["german"]
    assert status == "ok" and reason is None and entities > 0 and _kept(warehouse, "german") > 0
    assert _enrichment(warehouse)["french"][0] == "not_english"  # unchanged: not claimed again
