"""Is an article English? Decided before enrich runs the English spaCy pipeline on it.

The pipeline (English NER, English quote cues) only makes sense of English: on a German or
Portuguese page it invents entities and quotes. Two witnesses say what language a page is in:

- the page's declared language (news.articles.language, from html lang / og:locale), which
  sites often get wrong because a template sets it once for every page (on the Zyte benchmark
  an English site declares ``de`` and a German blog declares ``en``);
- py3langid (langid.py's model, kept up by the trafilatura author) run on the text itself,
  which is reliable on a few hundred characters and unsure on a line or two.

The rule: a confident detection on enough text wins; on too little text, or an unsure
detection, the declared language decides; when neither says anything the article is English,
because losing an English article costs more than analysing a foreign one. Only the question
"English or not" matters, so confidence is P(English) against the rest, not the top language's
own score (Indonesian against Malay is unsure; "not English" is certain).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, NamedTuple

ENGLISH = "en"
#: The detector reads at most this many characters from the start of the text: its cost stays
#: flat whatever the article's length (about 3 ms), and 3,000 characters is some 500 words.
SAMPLE_CHARS = 3000
#: Below this many characters the detector is not asked. On windows cut from the 181 pages of
#: the Zyte benchmark, 200 characters at MIN_CONFIDENCE called no English window non-English
#: (at 100 characters 3 of 1,057 were); real articles are longer than a line anyway.
MIN_DETECT_CHARS = 200
#: P(English) at least this is English, at most 1 - this is not English; between, unsure.
MIN_CONFIDENCE = 0.95
#: A "not English" needs a best guess that stands out: on digits, punctuation, URLs or emoji the
#: probabilities are flat (best 0.01-0.2, often "zxx", no language), P(English) low as everyone's.
#: The lowest best guess of the benchmark's non-English pages was 0.80 (Indonesian against Malay).
MIN_BEST_GUESS = 0.5
#: Declared codes that say nothing: undetermined, multiple, no linguistic content, missing.
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})
_CODE = re.compile(r"[a-z]{2,3}")
_ISO_639_2_ENGLISH = "eng"


class LanguageDecision(NamedTuple):
    """What was decided: the language code (None when unknown), whether enrich analyses the
    article as English, and the reason, recorded in status_reason."""

    language: str | None
    english: bool
    reason: str


@cache
def _identifier() -> Any:
    """The detector, loaded once per process (0.8 s) with probabilities normalised."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def declared_language(raw: str | None) -> str | None:
    """The primary subtag of a declared language ("en-US" → "en", "EN_gb" → "en", "eng" → "en"),
    or None when it names no language the detector knows (junk, "und", a template placeholder)."""
    if not raw:
        return None
    code = raw.strip().replace("_", "-").split("-")[0].lower()
    if code == _ISO_639_2_ENGLISH:
        return ENGLISH
    if not _CODE.fullmatch(code) or code in _NO_LANGUAGE or code not in _identifier().labels:
        return None
    return code


class Detection(NamedTuple):
    """The detector's best guess, its probability, and P(English)."""

    language: str
    probability: float
    english: float


def detect(text: str) -> Detection:
    """What the detector makes of the first SAMPLE_CHARS characters of `text`."""
    ranked = _identifier().rank(text[:SAMPLE_CHARS])
    return Detection(ranked[0][0], ranked[0][1], dict(ranked).get(ENGLISH, 0.0))


def decide(declared: str | None, text: str | None) -> LanguageDecision:
    """Whether an article with this declared language and text is analysed as English."""
    code = declared_language(declared)
    sample = (text or "")[:SAMPLE_CHARS].strip()
    why = "too little text to detect"
    if len(sample) >= MIN_DETECT_CHARS:
        found = detect(sample)
        if found.english >= MIN_CONFIDENCE:
            return _detected(ENGLISH, code)
        if (found.english <= 1 - MIN_CONFIDENCE and found.probability >= MIN_BEST_GUESS
                and found.language not in _NO_LANGUAGE):
            return _detected(found.language, code)
        why = (f"no language in the text ({found.language})" if found.language in _NO_LANGUAGE else
               f"detection unsure: best guess {found.language} {found.probability:.2f},"
               f" English {found.english:.2f}")
    if code is not None:
        return LanguageDecision(code, code == ENGLISH, f"language {code} (declared; {why})")
    return LanguageDecision(None, True, f"language unknown ({why}, none declared): analysed as English")


def _detected(language: str, declared: str | None) -> LanguageDecision:
    also = f"; declared {declared}" if declared and declared != language else ""
    return LanguageDecision(language, language == ENGLISH, f"language {language} (detected{also})")


__all__ = ["ENGLISH", "Detection", "LanguageDecision", "decide", "declared_language", "detect"]
