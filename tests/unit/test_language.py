"""The language rule enrich applies before the English pipeline (newsflow.enrich.language): a
confident detection on enough text wins over the page's declared language, the declared language
decides on short or unsure text, and with neither the article is English."""

from __future__ import annotations

import pytest

from newsflow.enrich import language
from newsflow.enrich.language import decide, declared_language

ENGLISH = (
    "The city council voted on Tuesday to extend the night bus network to the northern suburbs, "
    "ending a dispute that had delayed the plan for almost two years. Councillor Maria Okafor, who "
    "chairs the transport committee, said the new routes would start in March and cost about four "
    "million pounds a year. \"People who work late shifts have waited long enough,\" she told "
    "reporters outside the town hall. Opposition members argued that the money should have gone to "
    "repairing roads first, but the motion passed by 31 votes to 12."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag beschlossen, das Nachtbusnetz bis in die nördlichen Vororte zu "
    "verlängern, und damit einen Streit beendet, der den Plan fast zwei Jahre lang verzögert hatte. "
    "Die Vorsitzende des Verkehrsausschusses, Maria Okafor, sagte, die neuen Linien würden im März "
    "starten und etwa vier Millionen Euro im Jahr kosten. „Wer spät arbeitet, hat lange genug "
    "gewartet“, sagte sie vor dem Rathaus. Die Opposition hielt dagegen, das Geld hätte zuerst in "
    "die Reparatur der Straßen fließen sollen, doch der Antrag wurde mit 31 zu 12 Stimmen angenommen."
)
FRENCH = (
    "Le conseil municipal a voté mardi l'extension du réseau de bus de nuit vers les banlieues du "
    "nord, mettant fin à un différend qui retardait le projet depuis près de deux ans. La présidente "
    "de la commission des transports, Maria Okafor, a déclaré que les nouvelles lignes ouvriraient "
    "en mars et coûteraient environ quatre millions d'euros par an. « Ceux qui travaillent tard ont "
    "assez attendu », a-t-elle dit devant la mairie. L'opposition estimait que l'argent aurait dû "
    "servir d'abord à réparer les routes, mais la motion a été adoptée par 31 voix contre 12."
)
SPANISH = (
    "El ayuntamiento aprobó el martes ampliar la red de autobuses nocturnos hasta los barrios del "
    "norte, poniendo fin a una disputa que había retrasado el plan durante casi dos años. La "
    "presidenta de la comisión de transportes, María Okafor, dijo que las nuevas líneas empezarían "
    "a funcionar en marzo y costarían unos cuatro millones de euros al año. «Quienes trabajan en "
    "turnos de noche ya han esperado bastante», declaró a la prensa frente al ayuntamiento. La "
    "oposición sostuvo que el dinero debía destinarse primero a reparar las calles, pero la moción "
    "salió adelante por 31 votos contra 12."
)


@pytest.mark.parametrize(("text", "code"), [(GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es")])
@pytest.mark.parametrize("declared", [None, "", "de-DE", "fr", "es_ES"])
def test_foreign_text_is_not_english_whatever_the_page_declares(text, code, declared):
    decision = decide(declared, text)
    assert decision.english is False and decision.language == code
    assert decision.reason.startswith(f"language {code} (detected")


@pytest.mark.parametrize("declared", [None, "en", "en-US", "de", "ja"])
def test_english_text_is_english_whatever_the_page_declares(declared):
    decision = decide(declared, ENGLISH)
    assert decision == (language.ENGLISH, True, decision.reason)
    assert decision.reason.startswith("language en (detected")


def test_a_mis_declared_page_says_so_in_the_reason():
    """Templates set lang once for a whole site: an English site declaring de (as two
    businessinsider.com pages of the Zyte benchmark do) and a German blog declaring en."""
    assert decide("de", ENGLISH).reason == "language en (detected; declared de)"
    assert decide("en-GB", GERMAN) == ("de", False, "language de (detected; declared en)")
    assert decide("de", GERMAN).reason == "language de (detected)"


def test_short_text_follows_the_declared_language():
    short_german = "Der Stadtrat hat das Nachtbusnetz verlängert."
    assert len(short_german) < language.MIN_DETECT_CHARS
    decision = decide("de", short_german)
    assert decision.english is False and decision.language == "de"
    assert decision.reason == "language de (declared; too little text to detect)"
    assert decide("en", short_german).english is True  # too short to overrule the page
    assert decide("fr-CA", "Il pleut.") == ("fr", False, "language fr (declared; too little text to detect)")


def test_neither_witness_means_english():
    """An English article is never lost: no declared language and no text to tell."""
    for text in (None, "", "   ", "Rain today.", ENGLISH[:150]):
        decision = decide(None, text)
        assert decision.english is True and decision.language is None
        assert "none declared" in decision.reason


@pytest.mark.parametrize("junk", ["", "  ", "x", "english", "{{ lang }}", "12", "und", "zxx", "mul",
                                  "qq-QQ", "zz", "-", "_de", "e n"])
def test_junk_declared_codes_are_no_declaration(junk):
    assert declared_language(junk) is None
    assert decide(junk, "Short text.").english is True


@pytest.mark.parametrize(("raw", "code"), [("en", "en"), ("EN-us", "en"), ("en_GB", "en"), ("eng", "en"),
                                           (" de-AT ", "de"), ("pt-BR", "pt"), ("zh-Hant-TW", "zh")])
def test_declared_codes_are_read_as_their_primary_subtag(raw, code):
    assert declared_language(raw) == code


def test_unsure_detection_falls_back_to_the_declared_language():
    """Box scores and tables: the detector's best guesses are flat, so the page decides."""
    scores = "Rockledge 14 11 6 15 — 44\nPalm Bay 18 22 13 17 — 70\nHeritage 12 9 20 12 — 53\n" * 4
    assert len(scores) >= language.MIN_DETECT_CHARS
    digits = " ".join(str(n * 7919) for n in range(60))  # no language at all (zxx)
    for text in (scores, digits):
        assert decide("en", text).english is True
        assert decide(None, text).english is True
        declared_de = decide("de", text)
        assert declared_de.english is False and "(declared;" in declared_de.reason


def test_the_detector_reads_a_bounded_slice(monkeypatch):
    """A huge text costs the same as a few thousand characters: only the slice is classified."""
    seen: list[int] = []
    real = language._identifier()

    class Spy:
        labels = real.labels

        def rank(self, text):
            seen.append(len(text))
            return real.rank(text)

    monkeypatch.setattr(language, "_identifier", lambda: Spy())
    assert decide(None, GERMAN * 2000).language == "de"
    assert seen and max(seen) <= language.SAMPLE_CHARS
