"""Agreement of a personal pronoun with its antecedent: who may 'he' / 'she' be.

Why apart from ``speakers``: a wrong gender or a place taken for a person is the commonest
wrong speaker on real news ('She concluded: …' given to a man named just before; 'he said'
given to 'Madison' that spaCy tagged PERSON). The evidence, strongest first:
what the article writes next to the name (an honorific, a gendered role or family noun),
the first name in a lexicon derived from nomquamgender (``data/first_names.tsv``), and the pronouns
the article already used for that person.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..entities import Entity
from .lexicon import GENDER_WORDS, KIN_WORDS, LOCATIVE_PREPS, NAME_TITLES
from .syntax import TITLE_ABBREVIATIONS

if TYPE_CHECKING:  # pragma: no cover (state imports speakers, which imports this module)
    from .state import QuoteState


#: Common first names and the gender each says, 'f', 'm' or '?' for either (derived from
#: nomquamgender, MIT: newsflow_dev.first_names).
FIRST_NAMES_FILE = Path(__file__).resolve().parent / "data" / "first_names.tsv"


@lru_cache(maxsize=1)
def _first_names() -> dict[str, str]:
    """name -> 'f' | 'm' | '?', read once per process (26k lines, a few milliseconds)."""
    out = {}
    for line in FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, gender = line.split("\t")
            out[name] = gender
    return out


def first_name_gender(name: str) -> str | None:
    """'m' / 'f' that a person's first name says ('Mary Steenburgen' -> 'f'), else None
    (also for a first name of either gender: 'Taylor', 'Jean').

    Titles are skipped ('Sen. Elizabeth Warren'); a hyphenated first name falls back on
    its first part ('Eva-Marie' -> 'Eva')."""
    got = _first_name_entry(name)
    return got if got in ("f", "m") else None


def opens_with_first_name(name: str) -> bool:
    """Whether a name's first word (after titles) is a common first name of either gender
    ('Taylor Swift', 'George Santos'): a person's mark for entity labelling, which needs no
    gender."""
    return _first_name_entry(name) is not None


def _first_name_entry(name: str) -> str | None:
    """The lexicon's entry ('f', 'm', '?') for the first name of ``name``, else None."""
    names = _first_names()
    for word in name.split():
        bare = word.strip(".,’'")
        if not bare or bare in TITLE_ABBREVIATIONS or bare.lower() in NAME_TITLES or bare.lower() in GENDER_WORDS:
            continue
        if not bare[0].isupper() or len(bare) < 2:
            return None  # an initial or a lower-case word: no first name to read
        for part in (bare, bare.split("-")[0]):
            got = names.get(part.lower())
            if got is not None:
                return got
        return None
    return None


def written_gender(st: QuoteState, ent: Entity) -> set[str]:
    """The genders the words written next to one mention give ('Mrs. Clinton', 'his wife,
    Heidi Cruz', 'Marie Harf, a State Department spokeswoman,'; not 'Cruz, whose wife …', nor
    the possessor's in 'Andrew, Queen Elizabeth II's third child,')."""
    before = [w.strip(".,").lower() for w in st.text[max(0, ent.start - 40):ent.start].split()[-1:]]
    found = {GENDER_WORDS[w] for w in before if w in GENDER_WORDS}
    after = st.text[ent.end:ent.end + 80].split(",")
    if len(after) > 1 and after[0].strip() == "":
        words = after[1].split()[:6]
        owners = [i for i, w in enumerate(words) if w.endswith(("'s", "’s", "s'", "s’"))]
        for w in words[owners[-1] + 1:] if owners else words:
            w = w.strip(".").lower()
            if w in ("his", "her", "whose", "their", "its", "who", "which"):
                break
            if w in GENDER_WORDS and w not in KIN_WORDS:
                found.add(GENDER_WORDS[w])
    return found


def predicate_gender(st: QuoteState, ent: Entity) -> set[str]:
    """The gender a copula gives its subject: 'Omar is one of the first two Muslim women
    elected', 'Hale was the first woman to lead the agency', 'Okafor is a mother of three'
    (the noun the name *is*, so also a family word)."""
    tok = st.doc[st.ix.token_at(ent.end - 1)]
    if tok.dep_ != "nsubj" or tok.head.lemma_ != "be":
        return set()
    found = set()
    for attr in tok.head.children:
        if attr.dep_ != "attr":
            continue
        nouns = [attr]
        if attr.lower_ == "one":  # 'one of the first two Muslim women'
            nouns += [o for p in attr.children if p.dep_ == "prep" and p.lower_ == "of"
                      for o in p.children if o.dep_ == "pobj"]
        found |= {GENDER_WORDS[n.lemma_.lower()] for n in nouns if n.lemma_.lower() in GENDER_WORDS}
    return found


def article_genders(st: QuoteState) -> dict[str, str]:
    """person key -> gender from the words the article writes next to its mentions or says
    the person is (conflicting evidence gives none); built once per article."""
    if st.genders is None:
        seen: dict[str, set[str]] = {}
        for ent in st.entities:
            if ent.label == "PERSON" and (found := written_gender(st, ent) | predicate_gender(st, ent)):
                seen.setdefault(ent.key, set()).update(found)
        st.genders = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
    return st.genders


def person_gender(st: QuoteState, ent: Entity) -> str | None:
    """A person's gender: the article's words, else the first name, else the pronoun the
    article already used for that person (``st.pronoun_genders``)."""
    return (
        article_genders(st).get(ent.key)
        or first_name_gender(ent.canonical)
        or st.pronoun_genders.get(ent.key)
    )


def remember_pronoun(st: QuoteState, ent: Entity, pronoun_gender: str | None) -> None:
    """'she' resolved to a person: later pronouns see that person as female."""
    if pronoun_gender is not None:
        st.pronoun_genders.setdefault(ent.key, pronoun_gender)


def in_quote_marks(st: QuoteState, pos: int) -> bool:
    """Whether ``pos`` lies between a pair of quote marks (a title like “Glasgow” or
    quoted words: no antecedent for the narration's pronouns)."""
    j = bisect.bisect_right(st.run_opens, pos) - 1
    while j >= 0 and pos - st.runs[j].open_pos < 3000:
        run = st.runs[j]
        if run.close_pos is not None and run.open_pos < pos < run.close_pos:
            return True
        j -= 1
    return False


def place_like(st: QuoteState, key: str) -> bool:
    """A PERSON entity the article uses as a place ('in Madison', 'to the Moon', 'Madison,
    Wis.') and never with a person's marks (an honorific, a first name and a surname)."""
    if st.place_keys is None:
        st.place_keys = _place_keys(st)
    return key in st.place_keys


def _place_keys(st: QuoteState) -> set[str]:
    """Keys of the PERSON entities with a place's use and no person's marks."""
    placey: set[str] = set()
    personal: set[str] = set()
    for ent in st.entities:
        if ent.label != "PERSON":
            continue
        if written_gender(st, ent) or (len(ent.text.split()) > 1 and first_name_gender(ent.text)):
            personal.add(ent.key)
        elif _used_as_place(st, ent):
            placey.add(ent.key)
    return placey - personal


def _used_as_place(st: QuoteState, ent: Entity) -> bool:
    """'the Moon', 'in Glasgow', 'Madison, Wis.': one mention read as a place."""
    last = st.doc[st.ix.token_at(ent.end - 1)]
    if last.dep_ in ("compound", "poss", "nmod") or st.text.startswith(("'s", "’s"), ent.end):
        return False  # 'the Trump administration', 'in Smith's view': a person's name
    words = st.text[max(0, ent.start - 20):ent.start].split()
    prev = words[-1].lower() if words else ""
    prev2 = words[-2].lower() if len(words) > 1 else ""
    if prev == "the" or prev in LOCATIVE_PREPS:
        return True
    if prev2 in LOCATIVE_PREPS and prev in ("the", "downtown", "central", "northern", "southern"):
        return True
    k = bisect.bisect_right(st.ent_starts, ent.end + 3) - 1
    nxt = st.entities[k] if k >= 0 else None
    # 'Madison, Wisconsin': a place followed by its state or country
    return (nxt is not None and nxt.label == "GPE" and nxt.start > ent.end
            and st.text[ent.end:nxt.start].strip() == ",")
