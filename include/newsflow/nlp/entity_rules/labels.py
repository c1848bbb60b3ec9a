"""One label per entity cluster, decided over all its mentions and their contexts.

Why: the small model labels each mention on its own, so one person is PERSON in one
sentence and ORG in the next, and a one-word place or product is PERSON ('in Madison',
'Kyiv', 'Stadia'). What the article writes around the mentions settles it: a person's
marks (a title or honorific, a known first name, 'X said') beat a place or organisation
reading; without them a PERSON reading gives way to the cluster's other readings, to a
place use ('in Kyiv', 'Madison, Wis.') or to a numbered title ('Destiny 2').

Before the votes, what the article says the thing is: a work ('the game Sekiro', 'Fallen
Order is a game', a name in quote marks, a title with a colon) or a place ('Logar
province', 'Dathomir, a planet', 'the area of Sarkh', 'BAAR, SWITZERLAND') settles the
label unless a strong person's mark (a title, 'X said', 'X … he said') says otherwise
(those readings live in ``kinds_said``).
Last, for a PERSON reading with no marks at all, a place gazetteer (``places``)
breaks the tie.

Other readings the small model gets wrong the same way everywhere: a platform ('took to
Twitter', 'streaming on Netflix') read as a place or person; a person's full name read as an
organisation ('host Sean Hannity', 'Channing D. Phillips'); a product with a digit or an
article of its own read as a person ('the MacBook Pro'); a country read as a team ('Italy')
or a state's abbreviation in an address ('Irving, TX') read as an organisation; an
organisation listed only with products; a sports team ('the Raiders won', 'the Pittsburgh
Steelers') read as a product, place or person; a body named after a place of the article
('Castava Watch' where the article writes 'in Castava') read as a person.

A name with no person's mark at all used as a business ('maker Brydge', 'at Best Buy',
"SpaceX's Starship", 'Anker also has chargers', 'owned by Alibaba', 'a survey from Piper
Jaffray') is an organisation, whether the model read it as a person, a place or a region; so is
a name read as a work that the article cites as a news source ('Deadline reports'). Products against their
makers, over all of an article's clusters ('an iPhone', 'two iPads', "Apple's HomePod", and a
plural 'iPhones' as its singular's cluster), are decided in ``products``.

This module keeps the order of the evidence (``decide_label``) and the rules only it asks;
the readings of one mention that other modules ask too live apart: a person's marks ('X
said', a role noun, a known first name) in ``person_marks``, a player's ('diver X', 'X
stopped 22 shots') in ``player_marks``, platforms and media
('took to Twitter', 'some Twitter users') in ``media``, place and dateline readings
('in Kyiv', 'BAAR, SWITZERLAND') in ``place_readings``, and businesses by use
('maker Brydge', 'at Best Buy') in ``companies``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from weakref import WeakKeyDictionary

from spacy.tokens import Doc

from .companies import news_outlet, unmarked_company
from .kinds_said import PLACE_KINDS, kind_of_cluster
from .media import platform, posted_on, reporter, took_to
from .mentions import Mention
from .name_kinds import kind_by_name
from .names import clean_name, named_for_its_head, org_designated, strip_title
from .person_marks import (
    first_name_known,
    person_shaped,
    pronoun_follows,
    speech_subject,
    strong_person_mark,
)
from .place_readings import dateline_place, gazetteer_place, place_reading, place_use
from .places import known_place, region_names
from .player_marks import player_marked
from .word_lists import (
    FACILITY_HEADS,
    GAME_WORDS,
    MEDIUM_PREPS,
    POLITY_WORDS,
    VENUE_COMPOUND_HEADS,
    VENUE_HEADS,
    VENUE_KINDS,
)

#: The labels of things: what a PERSON reading of a non-person becomes, best first.
NON_PERSON_ORDER = ("ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW")


def numbered_title(name: str) -> bool:
    """'Destiny 2', 'Titanfall 2': a name ending in a bare number is a work, no person."""
    words = name.split()
    return len(words) > 1 and words[-1].isdigit() and len(words[-1]) <= 3


def person_marks(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """A person's marks on some mention of the cluster: a title or honorific, a known
    first name before a surname, a full name the model read as a person (the lexicon lacks
    many first names: 'Jessie Buckley'), or the subject of a verb of speech."""
    thing = thing_like(doc, mentions)
    return any(
        m.titled or first_name_known(clean_name(m.text)) or speech_subject(doc, m)
        or pronoun_follows(doc, m)
        or (m.label == "PERSON" and len(clean_name(m.text).split()) > 1 and not thing
            and not known_place(clean_name(m.text))  # 'the Argus Leader of Sioux Falls'
            and not head_written_lower(doc, clean_name(m.text)))
        for m in mentions
    )


def head_written_lower(doc: Doc, name: str) -> bool:
    """'Smart Keyboard Folio' … 'the keyboard', 'App Store' … 'apps': a name a word of which the
    article also writes as a common noun is a thing's (people's surnames are not the article's
    nouns; a known first name is no such word: 'Rose', 'Mark')."""
    words = {w.lower() for w in name.split()[1 if first_name_known(name) else 0:]}
    return not words.isdisjoint(common_noun_lemmas(doc))


def common_noun_lemmas(doc: Doc) -> frozenset[str]:
    """The lemmas of the nouns the article writes in lower case, found once per Doc (asked for
    every name, a scan of every token each time was a tenth of the entity pass)."""
    cached = _NOUN_LEMMAS.get(doc)
    if cached is None:
        cached = _NOUN_LEMMAS[doc] = frozenset(t.lemma_ for t in doc if t.is_lower and t.pos_ == "NOUN")
    return cached


#: :func:`common_noun_lemmas` per Doc, held weakly as ``doctext`` and ``companies`` hold theirs
#: (not in ``Doc.user_data``, which is serialised with the Doc)
_NOUN_LEMMAS: WeakKeyDictionary[Doc, frozenset[str]] = WeakKeyDictionary()


def thing_like(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """'the MacBook Pro', 'RAV4 Hybrid': a name with a digit, or one the article mostly
    writes with an article of its own, is a thing's, whatever reading the model gives it
    (people's names take no article and no digits)."""
    if any(ch.isdigit() for m in mentions for ch in clean_name(m.text)):
        return True
    return len(mentions) > 1 and sum(thing_use(doc, m) for m in mentions) * 2 > len(mentions)


def full_person_name(mentions: Sequence[Mention]) -> bool:
    """A mention read as a person's full name that opens with a known first name
    ('Donald Trump'): no place, whatever noun it modifies elsewhere ('a Trump state')."""
    return any(m.label == "PERSON" and first_name_known(clean_name(m.text)) for m in mentions)


def named_then_surname(mentions: Sequence[Mention]) -> bool:
    """'Jessie Buckley' … 'Buckley' (both tagged ORG): a known first name before a surname
    the article then uses alone is a person ('Morgan Stanley' is never 'Stanley')."""
    names = [clean_name(m.text).split() for m in mentions]
    full = [n for n in names if len(n) > 1 and first_name_known(" ".join(n))]
    return any(len(n) == 1 and f[-1] == n[0] for n in names for f in full)


def facility_name(name: str) -> bool:
    """A name of two words or more ending in a building's noun ('Moscone Center'; 'Center for
    Disease Control' ends elsewhere)."""
    return named_for_its_head(name, FACILITY_HEADS)


#: The readings the model gives a venue named after its sponsor ('Ameris Bank Amphitheatre' ORG).
VENUE_READINGS = frozenset({"ORG", "PERSON", "GPE", "LOC", "PRODUCT"})


def venue_name(name: str) -> bool:
    """'Ameris Bank Amphitheatre', 'Bridgestone Arena', 'Blossom Music Center': a name ending in a
    noun only a place of shows or games is called by, or in a venue's compound ('Music Center',
    'Arts Centre'), names the building, whatever sponsor's bank or brand it carries."""
    words = name.split()
    if len(words) < 2 or not words[0][:1].isupper():
        return False
    last = words[-1].lower()
    return last in VENUE_HEADS or (last in VENUE_COMPOUND_HEADS and words[-2].lower() in VENUE_KINDS)


#: A game's score ('4-1', '3–2'; not a season, '2019-20').
_SCORE = re.compile(r"\b\d{1,3} ?[-–] ?\d{1,3}\b")


def game_played_in(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """'a 4-1 win over Buffalo in KeyBank Center': a building's name written after 'in' or 'at'
    in a sentence with a score and the words of a game is where the game was played, the venue
    (not the sponsor it is named after)."""
    for m in mentions:
        sent = doc[m.tok_start].sent
        if m.tok_start > 0 and doc[m.tok_start - 1].lower_ in ("in", "at") and _SCORE.search(sent.text) \
                and any(t.lemma_.lower() in GAME_WORDS for t in sent):
            return True
    return False


def family_read_as_place(doc: Doc, name: str, label: str) -> bool:
    """'the Bidens' where the article names Joe Biden: a family read as a place is people (a team,
    'the Browns', is read as an organisation and stays one); no known place ('the Philippines')."""
    return label in ("GPE", "LOC") and family_plural(doc, name) and not known_place(name)


def decide_label(doc: Doc, mentions: Sequence[Mention], name: str,
                 places: frozenset[str] = frozenset()) -> str:
    """The cluster's label: see the module docstring for the order of the evidence;
    ``places`` are the lower-case names the article uses as places; a building's name the
    model read as a person, place or product is a facility ('Moscone Center'), a family's
    plural read as a place is people ('the Bidens'); then what the name's own form and nearest
    words say (``name_kinds``: a law, an event, a site, a group of people, a product model);
    last, a venue's name, or a building's where a game is played, is a facility whatever the
    reading ('Bridgestone Arena', 'a win in KeyBank Center')."""
    label = _decide_label(doc, mentions, name, places)
    label = "FAC" if label in ("GPE", "LOC", "PERSON", "PRODUCT") and facility_name(name) else label
    label = "PERSON" if family_read_as_place(doc, name, label) else label
    label = kind_by_name(doc, mentions, name, label)
    venue = venue_name(clean_name(name)) or (facility_name(clean_name(name)) and game_played_in(doc, mentions))
    return "FAC" if label in VENUE_READINGS and venue else label


def _decide_label(doc: Doc, mentions: Sequence[Mention], name: str, places: frozenset[str]) -> str:
    votes = Counter(m.label for m in mentions)
    person = votes.get("PERSON", 0)
    kind = kind_of_cluster(doc, mentions)
    if kind is not None and not strong_person_mark(doc, mentions) and not (
        kind in PLACE_KINDS and full_person_name(mentions)  # 'a better Trump state'
    ):
        return kind
    if platform(doc, mentions, name) or sports_team(doc, mentions, name, votes):
        return "ORG"
    if person >= max(votes.values()) and named_after_place(name, places) and not any(m.titled for m in mentions):
        return "ORG"
    if (person or votes.get("GPE", 0) or votes.get("LOC", 0)) >= max(votes.values()) and \
            unmarked_company(doc, mentions, name):
        return "ORG"
    if votes.get("WORK_OF_ART", 0) >= max(votes.values()) and news_outlet(doc, mentions, name):
        return "ORG"  # 'according to The Wrap', 'Deadline reports'
    if not numbered_title(name) and not org_designated(name) and (
        (person and person_marks(doc, mentions)) or named_then_surname(mentions)
        or person_shaped(doc, mentions) or player_marked(doc, mentions)
    ):
        return "PERSON"
    if votes.get("GPE", 0) >= max(votes.values()) and thing_not_place(doc, mentions, name):
        return "ORG"
    if person and person >= max(votes.values()):
        return demoted_person(doc, mentions, name, votes)
    best = max(votes.items(), key=lambda kv: (kv[1], kv[0] != "PERSON", kv[0] in NON_PERSON_ORDER))[0]
    if best == "PERSON":
        return demoted_person(doc, mentions, name, votes)
    if best in ("ORG", "PRODUCT", "FAC") and name.lower() in region_names() and not org_designated(name):
        return "GPE"  # 'Italy (Group J)', 'beat Gibraltar 6-0', 'Phoenix, AZ': a country or state
    return best


def sports_team(doc: Doc, mentions: Sequence[Mention], name: str, votes: Counter[str]) -> bool:
    """'the Raiders', 'the Pittsburgh Steelers': a plural proper noun written after a place,
    or as a plural or with an article of its own in a sentence with the words of a game, is a
    team, an organisation (not a group of people: a NORP majority stays, 'Democrats won'; nor
    a family, 'the Bergs'; nor a person, 'Charlotte Reyes'; nor a country, 'the Netherlands')."""
    words = name.split()
    last = words[-1]
    if not (last[:1].isupper() and last.endswith("s") and not last.endswith(("ss", "us", "is"))
            and len(last) > 3 and not known_place(name) and not known_place("the " + name)):
        return False  # 'the Netherlands beat Italy': a country's team is the country
    if (votes.get("NORP", 0) * 2 >= sum(votes.values()) or family_plural(doc, name)
            or any(m.titled for m in mentions) or first_name_known(name)):
        return False  # not 'Charlotte Reyes', 'Bernie Sanders'
    if len(words) > 1 and known_place(" ".join(words[:-1])):
        return True
    plural = [m for m in mentions if doc[m.tok_end - 1].tag_ == "NNPS" or thing_use(doc, m)]
    return any(t.lemma_.lower() in GAME_WORDS for m in plural for t in doc[m.tok_start].sent)


def named_after_place(name: str, places: frozenset[str]) -> bool:
    """'Castava Watch' where the article uses 'Castava' as a place ('in Castava'): a name
    of several words opening with a place of the article and no known first name is a body
    named after the place, no person ('Georgia Lee' opens with a first name)."""
    words = strip_title(name.split())
    return (len(words) > 1 and words[0].lower() in places and not first_name_known(" ".join(words))
            and " ".join(words).lower() not in places)


def demoted_person(doc: Doc, mentions: Sequence[Mention], name: str, votes: Counter[str]) -> str:
    """A PERSON majority with no person's marks: the cluster's best other reading, a
    work for a numbered title, an organisation for a designated name, a place for a place
    use, the label of the things it is listed with, an organisation for a thing's use ('the
    Rangers', 'on Twitter'; not a family: 'the Bergs'); else PERSON stays (a surname the
    article gives alone: 'Pence')."""
    others = [lab for lab in NON_PERSON_ORDER if votes.get(lab)]
    if numbered_title(name):
        return "WORK_OF_ART"
    if org_designated(name):
        return "ORG"
    if others and votes["PERSON"] <= sum(votes[lab] for lab in others):
        return max(others, key=lambda lab: votes[lab])
    family = family_plural(doc, name)
    listed = None if family else listed_with(doc, mentions)
    if listed is not None:
        return listed
    if sum(place_reading(doc, m) for m in mentions) * 2 > len(mentions):
        return "GPE"
    if gazetteer_place(name):
        return "GPE"
    if len(name.split()) > 1 and head_written_lower(doc, name):
        return "PRODUCT"  # 'the Smart Keyboard Folio' … 'the keyboard'
    used = [m for m in mentions if not modifier_use(doc, m)]  # 'Twitter trends' says nothing
    if not family and used and sum(thing_use(doc, m) for m in used) * 2 >= len(used):
        return "ORG"
    return "PERSON"


def listed_with(doc: Doc, mentions: Sequence[Mention]) -> str | None:
    """'on Facebook, Twitter and Instagram': a name listed with names of things (and no
    person's) is one of them; the label the model gives the others, if they agree."""
    labels: Counter[str] = Counter()
    for m in mentions:
        head = doc[m.tok_end - 1]
        for tok in head.conjuncts:
            if tok.ent_type_ and not (m.tok_start <= tok.i < m.tok_end):
                labels[tok.ent_type_] += 1
    if not labels or "PERSON" in labels or len(labels) > 1:
        return None
    label = next(iter(labels))
    return label if label in NON_PERSON_ORDER else None


def family_plural(doc: Doc, name: str) -> bool:
    """'the Bergs' where the article names a Berg: a family, people after all."""
    if not (name.endswith("s") and " " not in name):
        return False
    return any(e.label_ == "PERSON" and e.text.split()[-1] == name[:-1] for e in doc.ents)


def modifier_use(doc: Doc, m: Mention) -> bool:
    """'Twitter trends', 'Smith's view': the name modifies a noun, which tells no person from a
    thing."""
    head = doc[m.tok_end - 1]
    return head.dep_ in ("compound", "poss") or (m.tok_end < len(doc) and doc[m.tok_end].tag_ == "POS")


def thing_use(doc: Doc, m: Mention) -> bool:
    """'the Rangers', 'a Chromecast', 'posted on Twitter': a name with an article of its own
    or after 'on'/'via' is a thing's (a team, a platform, a group); people's names take no
    article. A name that modifies a noun ('the Obama administration') is not counted."""
    head = doc[m.tok_end - 1]
    if head.dep_ in ("compound", "poss", "amod") or (m.tok_end < len(doc) and doc[m.tok_end].tag_ == "POS"):
        return False
    if any(c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in head.children):
        return True
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    return prev is not None and prev.lower_ in MEDIUM_PREPS and prev.dep_ == "prep" and head.dep_ == "pobj"


def thing_not_place(doc: Doc, mentions: Sequence[Mention], name: str) -> bool:
    """'posted on Netflix', 'Alibaba said', 'took to Twitter': a name read as a place that is
    no known place and is never used as one ('in X', 'X, Texas', 'X-based') but is used as a
    thing — a platform, a speaker, a name with an article — is an organisation."""
    words = name.lower().split()
    if known_place(name) or words[-1] in POLITY_WORDS or any(
            place_use(doc, m) or dateline_place(doc, m) for m in mentions):
        return False
    return any(posted_on(doc, m) or speech_subject(doc, m) or took_to(doc, m) or reporter(doc, m)
               for m in mentions)


