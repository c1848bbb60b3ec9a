"""Named-entity clean-up and canonicalisation within one article.

Why: the small spaCy model slips in ways the rest of the same article can correct
("Lavrov" as ORG next to "Sergei Lavrov" as PERSON, "Echoing Kerry" as a name,
possessive "'s" inside the span), and analysts need one name per real-world entity
("Kerry" and "John Kerry" counted together), so every mention gets a canonical name
and a normalised key that also joins across articles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields

from spacy.language import Language
from spacy.tokens import Doc, Span

#: Entity labels kept (numbers, money, times, percentages are not entities we count).
KEEP_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "DATE", "PRODUCT",
     "WORK_OF_ART", "LANGUAGE"}
)
#: Labels the model confuses with PERSON; a same-article PERSON reading overrides them.
_PERSON_CONFUSABLE = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})

#: Aliases of the places and bodies most often written several ways.
_ALIASES: dict[str, tuple[str, str]] = {}
for _canon, _label, _names in (
    ("United States", "GPE", ("us", "u.s.", "u.s", "usa", "u.s.a.", "united states",
                              "the united states", "the us", "the u.s.", "america",
                              "united states of america", "the united states of america")),
    ("United Kingdom", "GPE", ("uk", "u.k.", "the uk", "the u.k.", "britain", "great britain",
                               "united kingdom", "the united kingdom")),
    ("United Nations", "ORG", ("un", "u.n.", "the un", "the u.n.", "united nations",
                               "the united nations")),
    ("European Union", "ORG", ("eu", "e.u.", "the eu", "the european union", "european union")),
    ("Russia", "GPE", ("russia", "russian federation", "the russian federation")),
):
    for _n in _names:
        _ALIASES[_n] = (_canon, _label)

#: Titles written before names; they are not part of the person's canonical name.
_TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. sen sen. senator rep rep. gov gov. governor
    president vice secretary minister prime gen gen. general lt col col. sgt capt capt.
    judge justice rev rev. sir lord lady king queen prince princess pope chairman
    chancellor mayor ambassador professor prof prof. speaker premier deputy spokesman
    spokeswoman representative candidate nominee former foreign state captain headteacher
    headmaster headmistress principal director commissioner councillor councilor alderman
    inspector superintendent detective sergeant constable officer coach dean bishop
    archbishop rabbi imam pastor father sister doctor nurse lieutenant colonel commander
    admiral marshal chief executive ceo chair chairwoman chairperson president-elect
    senator-elect leader manager economist analyst mp mep cardinal sheikh emir
    spokesperson""".split()
)
#: words that only occur inside a title phrase ("Library Director", "Foreign Minister")
_TITLE_MODIFIERS = frozenset(
    """library school city county state regional deputy assistant associate acting interim
    executive managing foreign finance interior defence defense health education justice
    police fire prime vice general first junior senior attorney surgeon union party
    district national federal council club team head chief""".split()
)
_VERB_TAGS = frozenset({"VBG", "VBD", "VBN", "VBZ", "VBP", "VB"})
_FUNCTION_TAGS = frozenset({"IN", "DT", "RB", "CC", "WDT"})
_POSSESSIVE = ("'s", "’s", "'", "’")
_TRIM_CHARS = " \t\n\r.,;:!?\"'“”‘’«»()[]{}-–—"


@dataclass(frozen=True)
class Entity:
    """One entity mention: ``text == analysed_text[start:end]``."""

    text: str
    label: str
    start: int
    end: int
    canonical: str
    key: str
    sentence: int | None = None


def normalise_key(label: str, name: str) -> str:
    """``person:john kerry``: case-, accent- and punctuation-insensitive, for joins."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = s.replace("’", "'").replace(".", "")
    s = re.sub(r"[^\w' &-]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return f"{label.lower()}:{s}"


def _trim_span(span: Span, sent_starts: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """Token bounds of the entity without possessives, stray punctuation or leading verbs."""
    start, end = span.start, span.end
    doc = span.doc
    # trailing possessive / punctuation tokens
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in _POSSESSIVE
                           or doc[end - 1].is_punct and doc[end - 1].text not in ".)"):
        end -= 1
    while end > start and doc[start].is_punct:
        start += 1
    if span.label_ == "PERSON":
        # "Echoing Kerry" / "Asked Harf": sentence-initial verbs and function words are no name
        # ("Barack" tagged IN is a name: only real function words go)
        while end - start > 1 and (
            doc[start].tag_ in _VERB_TAGS
            or (doc[start].tag_ in _FUNCTION_TAGS and doc[start].is_stop)
            or not doc[start].text[:1].isupper()
            or (doc[start].text.lower().endswith("ing") and doc[start].idx in sent_starts)
        ):
            start += 1
    elif span.label_ in ("ORG", "GPE") and start >= 2 and (
        doc[start - 2].lower_ == "secretary" and doc[start - 1].lower_ == "of"
    ):
        return None  # "Secretary of State": part of a title, not the state or a body
    if end <= start:
        return None
    return start, end


def _strip_title(words: list[str]) -> list[str]:
    """"Headteacher Amina Yusuf" / "Library Director Jo Lind" -> the name without its title.

    A title phrase is title words, optionally led by modifiers that only make sense in a
    title ("Library", "Deputy"); at least one word of the name always remains."""
    i = 0
    cut = 0
    while i < len(words) - 1 and i < 4:
        w = words[i].lower().rstrip(",")
        if w in _TITLES:
            i += 1
            cut = i
        elif w in _TITLE_MODIFIERS or w.endswith("'s") or w.endswith("’s"):
            i += 1  # only cut if a title word follows
        else:
            break
    return words[cut:]


def _clean_name(text: str) -> str:
    text = text.strip(_TRIM_CHARS)
    for pos in _POSSESSIVE:
        if text.endswith(pos):
            text = text[: -len(pos)]
    return re.sub(r"\s+", " ", text).strip(_TRIM_CHARS)


def extract_entities(doc: Doc, text: str | None = None) -> list[Entity]:
    """Clean, relabel and canonicalise ``doc.ents`` using evidence from the whole article."""
    raw: list[list] = []  # [start_char, end_char, text, label, sent_index]
    sent_starts: list[int] = []
    if doc.has_annotation("SENT_START"):
        sent_starts = [s.start_char for s in doc.sents]
    # Doc.text re-joins every token on each access: read it once (or take the caller's)
    doc_text = doc.text if text is None else text
    # (Token.is_sent_start would rescan the whole Doc on every call: use offsets)
    sent_start_set = frozenset(sent_starts)
    for ent in doc.ents:
        if ent.label_ not in KEEP_LABELS:
            continue
        bounds = _trim_span(ent, sent_start_set)
        if bounds is None:
            continue
        s_tok, e_tok = bounds
        span = doc[s_tok:e_tok]
        start, end = span.start_char, span.end_char
        text = doc_text[start:end]
        if not text.strip() or not any(ch.isalnum() for ch in text):
            continue
        raw.append([start, end, text, ent.label_, _sent_index(sent_starts, start)])

    # --- evidence: full names of people in this article -------------------------------
    person_full: list[list[str]] = []  # token lists of multi-word PERSON names (title-less)
    person_texts: set[str] = set()
    for r in raw:
        if r[3] == "PERSON":
            words = _strip_title(_clean_name(r[2]).split())
            person_texts.add(" ".join(words).lower())
            if len(words) >= 2:
                person_full.append(words)
    person_parts: dict[str, set[str]] = {}
    for words in person_full:
        full = " ".join(words)
        for w in (words[0], words[-1]):
            person_parts.setdefault(w.lower(), set()).add(full)

    # majority label per surface text (ties: PERSON wins when a person evidence exists)
    for r in raw:
        name = " ".join(_strip_title(_clean_name(r[2]).split())).lower()
        if r[3] in _PERSON_CONFUSABLE and name.lower() not in _ALIASES and (
            name in person_texts or name in person_parts
        ):
            r[3] = "PERSON"

    # one label per surface form: the article's majority reading ("The Chemical Weapons
    # Convention" tagged WORK_OF_ART once and ORG twice is an ORG)
    votes: dict[str, dict[str, int]] = {}
    for r in raw:
        if r[3] != "DATE":
            name = _clean_name(r[2]).lower()
            name = name[4:] if name.startswith("the ") else name
            votes.setdefault(name, {}).setdefault(r[3], 0)
            votes[name][r[3]] += 1
    for r in raw:
        if r[3] == "DATE":
            continue
        name = _clean_name(r[2]).lower()
        name = name[4:] if name.startswith("the ") else name
        v = votes.get(name, {})
        if len(v) > 1:
            best = max(v.items(), key=lambda kv: (kv[1], kv[0] == "PERSON"))[0]
            if v[best] > v.get(r[3], 0):
                r[3] = best

    # --- canonical names ---------------------------------------------------------------
    out: list[Entity] = []
    for start, end, text, label, sent in raw:
        canonical = _clean_name(text)
        low = canonical.lower()
        if low in _ALIASES and label in ("GPE", "ORG", "LOC", "NORP", "PERSON"):
            canonical, label = _ALIASES[low]
        elif label == "PERSON":
            words = _strip_title(canonical.split())
            canonical = " ".join(words)
            if len(words) == 1:
                fulls = person_parts.get(words[0].lower())
                if fulls and len(fulls) == 1:
                    canonical = next(iter(fulls))
            else:
                canonical = _longest_person(words, person_full)
        elif label in ("ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "NORP", "WORK_OF_ART", "PRODUCT"):
            if low.startswith("the "):
                canonical = canonical[4:]
        out.append(Entity(text=text, label=label, start=start, end=end, canonical=canonical,
                          key=normalise_key(label, canonical), sentence=sent))
    return out


def _longest_person(words: list[str], person_full: list[list[str]]) -> str:
    """"Bashar Assad" and "Bashar al-Assad" stay apart; "Kerry" -> "John Kerry" elsewhere."""
    best = words
    low = [w.lower() for w in words]
    for cand in person_full:
        cl = [w.lower() for w in cand]
        if len(cl) > len(best) and cl[-len(low):] == low:
            best = cand
    return " ".join(best)


def _sent_index(sent_starts: list[int], pos: int) -> int | None:
    if not sent_starts:
        return None
    import bisect

    return max(0, bisect.bisect_right(sent_starts, pos) - 1)


def entity_at(entities: list[Entity], start: int, end: int) -> Entity | None:
    """The entity mention overlapping [start, end), preferring PERSON, then the longest."""
    best: Entity | None = None
    for e in entities:
        if e.start < end and start < e.end:
            if best is None or (e.label == "PERSON") > (best.label == "PERSON") or (
                (e.label == "PERSON") == (best.label == "PERSON")
                and e.end - e.start > best.end - best.start
            ):
                best = e
    return best


# --------------------------------------------------------------------------- component

#: Name of the pipeline component and of the Doc extension holding its result.
ENTITIES_COMPONENT = "newsflow_entities"
_ENTITY_FIELDS = tuple(f.name for f in fields(Entity))


def entity_to_data(ent: Entity) -> list:
    """One entity as a plain list (msgpack-serialisable, travels with the Doc)."""
    return [getattr(ent, f) for f in _ENTITY_FIELDS]


def entity_from_data(data: Sequence) -> Entity:
    """The inverse of :func:`entity_to_data`."""
    return Entity(*data)


def doc_entities(doc: Doc) -> list[Entity]:
    """The entities the ``newsflow_entities`` component stored on ``doc`` (computed here
    when the Doc did not go through it)."""
    data = doc._.newsflow_entities if Doc.has_extension(ENTITIES_COMPONENT) else None
    if data is None:
        return extract_entities(doc)
    return [Entity(*d) for d in data]


@Language.factory(ENTITIES_COMPONENT)
def make_entities_component(nlp: Language, name: str) -> EntitiesComponent:
    """``nlp.add_pipe("newsflow_entities")`` after the ner: canonical entities on the Doc."""
    return EntitiesComponent()


class EntitiesComponent:
    """Writes :func:`extract_entities` to ``doc._.newsflow_entities`` as plain lists.

    Why plain data on the Doc: ``nlp.pipe(n_process=N)`` sends Docs back from its workers
    as bytes, user data included, so the work done in a worker arrives with the Doc.
    """

    def __init__(self) -> None:
        if not Doc.has_extension(ENTITIES_COMPONENT):
            Doc.set_extension(ENTITIES_COMPONENT, default=None)

    def __call__(self, doc: Doc) -> Doc:
        """Canonical entities of one Doc, stored as lists."""
        doc._.newsflow_entities = [entity_to_data(e) for e in extract_entities(doc)]
        return doc
