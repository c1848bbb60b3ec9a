"""Calibrated confidence: the probability that an attribution is right.

Why: the rules' own confidence values are ranks chosen by hand (0.9 for a tagged direct quote,
0.6 for a follow-on …); a reader filtering at 0.6 got 60% right answers. Here a logistic model
over what the rules know about each attribution (its kind, cue class, speaker type and how the
speaker was resolved, its length, the rule's and the tagger's scores) turns that into a
probability, fitted on PolNeAR train and the real-world sets rules are chosen on by
``newsflow_dev.calibrate`` (cross-validated; see README "How far to trust a quote"). "Right"
means: speech (or a stance, for a stance), content overlapping the reader's (IoU >= 0.5) and
the right speaker.

Two features read the article beyond the rules' own fields (issue 17, ranking right above
wrong): ``speaker_unlinked`` (a cue whose speaker the parse does not join to it: the speaker was
found by proximity, not as the cue's subject or agent) and ``speaker_repeated`` (how many of the
article's attributions name the same speaker: the sources an article is built on, an interviewee's
answers, are quoted again and again).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from ..doctext import doc_text
from ..tagger_spans import MODEL_SPANS_KEY, content_runs, model_share
from .lexicon import COMMUNICATION_FRAME_LEMMAS, DASHES, SPEAKER_PRONOUNS, SPEECH_LEMMAS
from .records import Quote
from .syntax import cue_head, speaker_span
from .trust import DOUBTFUL, cue_lemma
from .word_lists import STANCE_CUE_LEMMAS

CALIBRATION_FILE = Path(__file__).resolve().parent / "calibration.json"

#: Communication cues: what makes speech (ATTRIBUTION-GUIDELINE §1).
COMMUNICATION_LEMMAS = ((SPEECH_LEMMAS | COMMUNICATION_FRAME_LEMMAS) - STANCE_CUE_LEMMAS) | {"according", "accord"}


def _is_pronoun(mention: str) -> bool:
    """A pronoun as written: "US" (the country, in capitals) is not "us"."""
    return mention.lower() in SPEAKER_PRONOUNS and not (len(mention) > 1 and mention.isupper())

#: The features, in the order the weights are stored; each is 0/1 or a scaled number.
FEATURES = (
    "kind_mixed", "kind_indirect", "kind_stance",
    "rule_confidence", "from_tagger",
    "cue_none", "cue_communication", "cue_stance", "cue_say", "cue_according",
    "speaker_none", "speaker_person", "speaker_org", "speaker_place", "speaker_group", "speaker_anon",
    "speaker_pronoun_resolved", "speaker_multiword",
    "speaker_distance", "content_words", "content_short", "content_has_verb", "pieces",
    "reported_other_cue", "tagger_ran", "tagger_share", "signed",
    "speaker_unlinked", "speaker_repeated",
)


#: The plainest reporting cues, 'say' / 'tell' (and 'according to', ``_according``): of their
#: attributions 0.93 were right on the real-world selection half and 0.88 on PolNeAR train,
#: against 0.61 and 0.73 for the other communication verbs ('call', 'ask', 'cite', 'respond')
#: that cue_communication alone lumped together with them.
SAY_LEMMAS = frozenset({"say", "tell"})


def _according(q: Quote) -> bool:
    """'according to X' (or 'per X'): the cue the rules store as 'according to' (lemma 'accord')."""
    return (q.cue or "").lower().startswith("according") or (q.cue or "").lower() == "per"


def _cue_class(q: Quote, lemma: str | None) -> str:
    if q.cue is None or q.cue_start is None:
        return "none"
    if lemma in STANCE_CUE_LEMMAS:
        return "stance"
    if lemma in COMMUNICATION_LEMMAS or _according(q):
        return "communication"
    return "other"


def _speaker_distance(q: Quote) -> float:
    """Characters between the speaker mention and the nearest content piece, log-scaled."""
    if q.speaker_start is None or q.speaker_end is None:
        return 0.0
    gaps = [max(0, s - q.speaker_end, q.speaker_start - e) for s, e in q.pieces()]
    return math.log1p(min(gaps)) / 5


def _has_verb(q: Quote, doc: Doc) -> bool:
    for s, e in q.pieces():
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and any(t.pos_ in ("VERB", "AUX") for t in span):
            return True
    return False


#: Dependency arcs from the speaker mention's head up to the cue word that still count as the
#: cue's own speaker: a subject or a relative 'who' (1), 'according to X' / 'X's statement said'
#: (2), and one more for a conjunct or an apposition the parser hangs in between.
LINK_ARCS = 3


def _speaker_unlinked(q: Quote, doc: Doc) -> bool:
    """A cue and a speaker the parse does not join: the speaker was picked by proximity, not as
    the cue's subject or agent ('prices rose, the commuters complained, while the operator
    said …'). Of speech with a cue and a speaker, 0.49 of unlinked ones were right against 0.84
    of linked ones on the real-world sets (0.61 / 0.83 on PolNeAR train)."""
    head = cue_head(q, doc)
    span = speaker_span(q, doc)
    if head is None or span is None:
        return False
    if head.head in span:  # the cue hangs on the speaker: 'officials, speaking on condition …'
        return False
    token = span.root
    for _ in range(LINK_ARCS):
        if token.head == token:
            return True
        token = token.head
        if token == head:
            return False
    return True


def _speaker_key(q: Quote) -> str:
    """The speaker as resolved, case-folded: what 'the same speaker' means within one article."""
    return (q.speaker or "").strip().lower()


def _speaker_repeated(q: Quote, facts: DocFacts) -> float:
    """Attributions in the article with this quote's speaker, log-scaled: an interviewee's
    answers ('A: …') and the sources a story is built on recur; a one-off mention picked up
    near a verb is likelier a mistake (0.72 right once vs 0.89 at four or more on the real-world
    sets; 0.72 / 0.82 on PolNeAR train)."""
    key = _speaker_key(q)
    return math.log1p(facts.speakers.get(key, 1)) / 3 if key else 0.0


@dataclass(frozen=True)
class DocFacts:
    """What every attribution of one Doc reads: its text (Doc.text re-joins the tokens on each
    access), the tagger's content runs (None when the tagger did not run) and how many of the
    Doc's attributions each speaker has."""

    text: str
    tagger_runs: list[tuple[int, int]] | None
    speakers: Counter[str]

    @classmethod
    def of(cls, doc: Doc, quotes: Sequence[Quote] = ()) -> DocFacts:
        """The facts of ``doc`` whose attributions are ``quotes``."""
        return cls(doc_text(doc), content_runs(doc) if MODEL_SPANS_KEY in doc.spans else None,
                   Counter(_speaker_key(q) for q in quotes))


def features(q: Quote, doc: Doc, *, rule_confidence: float | None = None, facts: DocFacts | None = None) -> list[float]:
    """The FEATURES of one attribution, from what the rules left on it and its Doc (``facts``:
    DocFacts.of(doc, all the Doc's quotes); without it the quote counts as its speaker's only one)."""
    facts = facts or DocFacts.of(doc, [q])
    lemma = cue_lemma(q, doc)
    cue = _cue_class(q, lemma)
    mention = (q.speaker_text or "").strip()
    pronoun = _is_pronoun(mention)
    resolved = pronoun and (q.speaker or "").strip().lower() not in ("", mention.lower())
    label = q.speaker_label or ""
    tagger = facts.tagger_runs is not None
    words = sum(len(facts.text[s:e].split()) for s, e in q.pieces())
    conf = q.confidence if rule_confidence is None else rule_confidence
    values = {
        "kind_mixed": q.kind == "mixed", "kind_indirect": q.kind == "indirect",
        "kind_stance": q.kind == "stance",
        "rule_confidence": conf, "from_tagger": q.origin == "tagger",
        "cue_none": cue == "none", "cue_communication": cue == "communication", "cue_stance": cue == "stance",
        "cue_say": lemma in SAY_LEMMAS, "cue_according": cue != "none" and _according(q),
        "speaker_none": q.speaker_start is None, "speaker_person": label == "PERSON",
        "speaker_org": label == "ORG", "speaker_place": label in ("GPE", "LOC", "FAC"),
        "speaker_group": label == "NORP", "speaker_anon": label == "ANON",
        "speaker_pronoun_resolved": resolved,
        "speaker_multiword": len((q.speaker or "").split()) > 1,
        "speaker_distance": _speaker_distance(q), "content_words": math.log1p(words) / 4,
        "content_short": words <= 4, "content_has_verb": _has_verb(q, doc),
        "pieces": len(q.spans) > 1,
        "reported_other_cue": q.kind in ("indirect", "mixed") and cue == "other",
        "tagger_ran": tagger, "tagger_share": model_share(doc, q, facts.tagger_runs) if tagger else 0.0,
        "signed": q.kind == "direct" and q.cue_start is None and ((q.cue or "")[:1] in DASHES or q.cue == "A:"),
        "speaker_unlinked": _speaker_unlinked(q, doc), "speaker_repeated": _speaker_repeated(q, facts),
    }
    return [float(values[name]) for name in FEATURES]


@dataclass(frozen=True)
class Calibration:
    """A fitted logistic model: weights per feature name, a bias, and the threshold at which
    its cross-validated precision on speech reached the target."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, values: list[float]) -> float:
        """P(right) for one attribution's FEATURES values."""
        z = self.bias + sum(self.weights.get(name, 0.0) * v for name, v in zip(FEATURES, values, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


@lru_cache(maxsize=1)
def load_calibration(path: Path = CALIBRATION_FILE) -> Calibration | None:
    """The packaged calibration, or None when there is none (the rules' values stay)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Calibration(weights=dict(data["weights"]), bias=float(data["bias"]),
                       threshold=float(data["threshold"]))


def calibrate(quotes: list[Quote], doc: Doc, calibration: Calibration | None = None) -> list[Quote]:
    """The quotes with their confidence replaced by the calibrated probability; a doubted one
    (trust.DOUBTS) stays at most DOUBTFUL, below any threshold a user filters at."""
    model = calibration or load_calibration()
    if model is None:
        return quotes
    out = []
    facts = DocFacts.of(doc, quotes)
    for q in quotes:
        p = model.probability(features(q, doc, facts=facts))
        out.append(replace(q, confidence=round(min(p, DOUBTFUL) if q.confidence <= DOUBTFUL else p, 2)))
    return out
