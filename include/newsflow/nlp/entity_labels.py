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
label unless a strong person's mark (a title, 'X said', 'X … he said') says otherwise.
Last, for a PERSON reading with no marks at all, a place gazetteer (``entity_places``)
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
"SpaceX's Starship", 'Anker also has chargers') is an organisation. Products against their
makers, over all of an article's clusters ('an iPhone', 'two iPads', "Apple's HomePod", and a
plural 'iPhones' as its singular's cluster), are decided in ``entity_products``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from .entity_mentions import Mention, clean_name, strip_title
from .entity_places import known_place, known_region, region_names, state_abbreviation

#: Prepositions after which a name is a place ('in Madison', 'to Kyiv').
PLACE_PREPS = frozenset("in near across outside throughout inside around into toward towards from to at".split())
#: Verbs of speech whose subject the small model rarely mislabels when it says PERSON.
SPEECH_VERBS = frozenset("say tell add ask write explain reply respond recall insist argue claim warn tweet".split())
#: Words that make a name an organisation's, never a person's ('Ascom Holding AG').
ORG_DESIGNATORS = frozenset(
    """inc inc. corp corp. co co. ltd ltd. llc plc ag gmbh sa nv group company corporation
    holdings holding bank university institute association agency council committee
    ministry department foundation fund party union league club federation commission
    news studios systems networks network entertainment airlines motors labs technologies
    communications pictures television radio records productions animation media games
    studio press partners ventures solutions services industries enterprises publishing
    broadcasting academy college school schools police army navy""".split()
)
#: Regions a company's subsidiary is named after ('Ascom North America').
REGIONS = frozenset("america americas europe asia africa pacific international global".split())
#: The labels of things: what a PERSON reading of a non-person becomes, best first.
NON_PERSON_ORDER = ("ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW")
#: Nouns that say what kind of thing a name is ('the film Parasite', 'Dathomir, a planet',
#: 'Logar province'): the label they give.
KIND_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        """film movie album song book novel game videogame series show episode documentary
        sequel prequel podcast play musical opera single soundtrack sitcom franchise
        trilogy""".split(), "WORK_OF_ART"),
    **dict.fromkeys(
        """app model car sedan hatchback suv vehicle truck phone smartphone handset console
        device laptop tablet headset chip software browser""".split(), "PRODUCT"),
    **dict.fromkeys(
        """city town village country province state county district area capital
        municipality neighbourhood neighborhood suburb borough township prefecture""".split(), "GPE"),
    **dict.fromkeys("planet island region river mountain lake valley desert continent".split(), "LOC"),
    **dict.fromkeys("company firm studio developer publisher startup broadcaster newspaper".split(), "ORG"),
}
#: Kind nouns that also come before other things' names ('the state Senate', 'the model
#: Gigi Hadid', 'the city Council'): not read before a name.
NOT_BEFORE = frozenset({"model", "show", "single", "company", "firm"})
PLACE_KINDS = frozenset({"GPE", "LOC"})
#: Pronouns of a person ('Lund told reporters she would stay').
PERSON_PRONOUNS = frozenset("he she".split())
OPEN_QUOTES = frozenset({'"', "“", "‘", "«", "'"})
CLOSE_QUOTES = frozenset({'"', "”", "’", "»", "'"})


def first_name_known(name: str) -> bool:
    """Whether a multi-word name starts with a common first name of either gender from the
    lexicon ('Eva-Marie Persson', 'Taylor Swift'); imported lazily: the quotes package itself
    imports this module's users."""
    from .quotes.gender import opens_with_first_name

    words = strip_title(name.split())
    return len(words) > 1 and opens_with_first_name(" ".join(words))


def speech_subject(doc: Doc, m: Mention) -> bool:
    """'Schiff said': the mention's head is the subject of a verb of speech."""
    head = doc[m.tok_end - 1]
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in SPEECH_VERBS and not has_article(head)


def has_article(head: Token) -> bool:
    """'The Chronicle said': a name with an article of its own is a thing's, even as a speaker."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in head.children)


def place_use(doc: Doc, m: Mention) -> bool:
    """'in Kyiv', 'Madison, Wis.': the mention read as a place (a possessive or a
    compound modifier is a person's 'Smith's view', 'the Trump administration')."""
    last = doc[m.tok_end - 1]
    if last.dep_ in ("compound", "poss") or (m.tok_end < len(doc) and doc[m.tok_end].tag_ == "POS"):
        return False
    prev = doc[m.tok_start - 1].lower_ if m.tok_start > 0 else ""
    if prev in PLACE_PREPS and doc[m.tok_start - 1].dep_ == "prep" and not took_to(doc, m):
        return True
    nxt = m.tok_end
    if nxt + 1 < len(doc) and doc[nxt].text == "-" and doc[nxt + 1].lower_ == "based":
        return True  # 'a Madison-based firm'
    return (nxt + 1 < len(doc) and doc[nxt].text == "," and (
        (doc[nxt + 1].ent_type_ == "GPE" and not doc[nxt + 1].ent_iob_ == "I")
        or known_region(doc[nxt + 1].text)))


def pronoun_follows(doc: Doc, m: Mention) -> bool:
    """'Lund told reporters she would stay': a name that is a subject, followed in its
    sentence by 'he'/'she' as a subject with no other name between, is a person's (a cheap
    stand-in for the quotes' pronoun resolution, which runs later)."""
    head = doc[m.tok_end - 1]
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return False
    for tok in doc[m.tok_end: head.sent.end]:
        if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return False
        if tok.lower_ in PERSON_PRONOUNS and tok.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


def strong_person_mark(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """A title or honorific, the subject of a verb of speech or of a later 'he'/'she':
    what no work, product or place takes."""
    return any(m.titled or speech_subject(doc, m) or pronoun_follows(doc, m) for m in mentions)


def kind_before(doc: Doc, m: Mention) -> str | None:
    """'the film Parasite', 'the game Sekiro', 'planet Dathomir': a singular kind noun
    right before the name."""
    if m.tok_start == 0:
        return None
    prev = doc[m.tok_start - 1]
    kind = KIND_NOUNS.get(prev.lower_)
    if prev.tag_ != "NN" or kind in PLACE_KINDS or prev.lower_ in NOT_BEFORE:
        return None
    return kind if kind != "LOC" or prev.lower_ == "planet" else None


def kind_after(doc: Doc, m: Mention) -> str | None:
    """'Logar province', 'Pangram area': a place noun the name modifies (only places: 'a
    Pixar film' or 'the Nissan car' name a maker, not the work)."""
    if m.tok_end >= len(doc):
        return None
    nxt = doc[m.tok_end]
    kind = KIND_NOUNS.get(nxt.lower_)
    return kind if kind in PLACE_KINDS and nxt.pos_ == "NOUN" and nxt.is_lower else None


def kind_of_place_of(doc: Doc, m: Mention) -> str | None:
    """'the area of Sarkh', 'the city of Madison': the name after 'of' and a place noun."""
    if m.tok_start < 2 or doc[m.tok_start - 1].lower_ != "of":
        return None
    kind = KIND_NOUNS.get(doc[m.tok_start - 2].lower_)
    return kind if kind in PLACE_KINDS else None


def kind_in_apposition(doc: Doc, m: Mention) -> str | None:
    """'Dathomir, a mid-to-endgame planet', 'Halvard, the sequel': the head noun of a noun
    phrase set off by a comma after the name (one adverb may come between: 'X first, a …')."""
    i = m.tok_end
    if i < len(doc) and doc[i].pos_ == "ADV":
        i += 1
    if not (i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in ("a", "an", "the")):
        return None
    last_noun = None
    for tok in doc[i + 2: i + 9]:
        if tok.pos_ in ("NOUN",):
            last_noun = tok
        elif tok.tag_ == "POS":
            return None  # 'Biden, the state's governor': the noun owns the head, is not it
        elif not (tok.pos_ in ("ADJ", "ADV") or tok.text in ("-", "to")):
            break
    return KIND_NOUNS.get(last_noun.lower_) if last_noun is not None else None


def kind_by_copula(doc: Doc, m: Mention) -> str | None:
    """'Fallen Order is a confident, focused game': the noun the name is said to be."""
    head = doc[m.tok_end - 1]
    if head.dep_ != "nsubj" or head.head.lemma_ != "be":
        return None
    for child in head.head.children:
        if child.dep_ == "attr" and child.pos_ == "NOUN":
            return KIND_NOUNS.get(child.lower_)
    return None


def quoted_title(doc: Doc, m: Mention) -> bool:
    """'the film “Parasite,” which …': a name alone inside quote marks is a title (not a
    nickname inside a person's name: 'Joaquin “El Chapo” Guzmán')."""
    s, e = m.tok_start, m.tok_end
    if s == 0 or e >= len(doc) or doc[s - 1].text not in OPEN_QUOTES:
        return False
    close = e + 1 if doc[e].text in (",", ".") and e + 1 < len(doc) else e
    if doc[close].text not in CLOSE_QUOTES:
        return False
    before = doc[s - 2] if s >= 2 else None
    after = doc[close + 1] if close + 1 < len(doc) else None
    return not any(t is not None and t.pos_ == "PROPN" for t in (before, after))


#: What may follow the region that ends an address ('…, Ohio.', '…, Ohio / July 26').
def _line_start(doc: Doc, i: int) -> bool:
    """Token ``i`` opens a line: the first of the text, or after a newline."""
    return i == 0 or "\n" in doc[i - 1].whitespace_ + doc[i - 1].text


ADDRESS_ENDS = frozenset({".", "/", ";", ")", "|", "—", "–", "-", "--", ":"})


def dateline_place(doc: Doc, m: Mention) -> bool:
    """'BAAR, SWITZERLAND', 'Madison, Wisconsin', 'Cuyahoga Falls, OH': a name followed by a
    comma and a known country or US state is a place when it is a known place itself, opens a
    line, or ends an address there ('…, Ohio.', '…, Ohio /'); before a US state's abbreviation
    always (a person's party and state are written 'R-Wis.', not ', Wis.')."""
    e = m.tok_end
    if not (e + 1 < len(doc) and doc[e].text == ","):
        return False
    region = doc[e + 1: e + 3]
    if known_region(region[:1].text):
        after = e + 2
    elif known_region(region.text):
        after = e + 3
    else:
        return False
    if state_abbreviation(region[:1].text):
        return True  # 'Cuyahoga Falls, OH', 'Madison, Wis.': only places are written so
    at_line_start = _line_start(doc, m.tok_start)
    # not a list of countries ('Europe, Japan, Canada and Mexico')
    address = after >= len(doc) or doc[after].text in ADDRESS_ENDS or doc[after].is_space
    return at_line_start or address or known_place(clean_name(m.text))


DATELINE_DASHES = frozenset({"—", "–", "--", "-", "("})




def dateline_region(doc: Doc, m: Mention) -> bool:
    """'DORVIK, Castava — A convoy …', 'KYIV, Ukraine (Reuters) —': the name after a dateline's
    city in capitals at the start of a line, before the dateline's dash, is its country or
    region (a word or two may come between: 'MERA CAMP, Castava border —')."""
    s = m.tok_start
    if s < 2 or doc[s - 1].text != ",":
        return False
    j = s - 2
    while j >= 0 and doc[j].is_alpha and doc[j].is_upper and not _line_start(doc, j):
        j -= 1
    if not (j >= 0 and doc[j].is_alpha and doc[j].is_upper and len(doc[j]) > 1 and _line_start(doc, j)):
        return False
    return any(t.text in DATELINE_DASHES for t in doc[m.tok_end: m.tok_end + 2])


def dateline_city(doc: Doc, m: Mention) -> bool:
    """'MERA CAMP, Velora border —': a name in capitals opening a line, followed by a comma,
    a capitalised name or two and the dateline's dash, is the dateline's place."""
    span = doc[m.tok_start: m.tok_end]
    e = m.tok_end
    if not (_line_start(doc, m.tok_start) and all(t.is_upper or not t.is_alpha for t in span)
            and e + 1 < len(doc) and doc[e].text == "," and doc[e + 1].text[:1].isupper()):
        return False
    return any(t.text in DATELINE_DASHES for t in doc[e + 2: e + 5])


def dateline_opening(doc: Doc, m: Mention) -> bool:
    """'CASTAVA (Reuters) -', 'KYIV — ': a name in capitals opening a line, right before the
    dateline's dash or its agency in brackets, is the dateline's place."""
    span = doc[m.tok_start: m.tok_end]
    return (_line_start(doc, m.tok_start) and any(t.is_alpha for t in span)
            and all(t.is_upper or not t.is_alpha for t in span)
            and m.tok_end < len(doc) and doc[m.tok_end].text in DATELINE_DASHES)


def place_reading(doc: Doc, m: Mention) -> bool:
    """One mention the article uses as a place: after a place's preposition ('in Castava'),
    in a dateline, or before a region ('Madison, Wis.')."""
    return place_use(doc, m) or dateline_reading(doc, m)


def dateline_reading(doc: Doc, m: Mention) -> bool:
    """One mention in a dateline's place ('CASTAVA (Reuters) -', 'DORVIK, Castava —')."""
    return (dateline_place(doc, m) or dateline_region(doc, m) or dateline_city(doc, m)
            or dateline_opening(doc, m))


#: Prepositions after which a name is a place and never a person ('in Castava'; not 'a letter
#: from Xi', 'wrote to Biden').
FIRM_PLACE_PREPS = frozenset("in near across outside throughout inside".split())


def firm_place_reading(doc: Doc, m: Mention) -> bool:
    """One mention only a place can be: after 'in'/'near'/…, or in a dateline; the evidence
    that keeps a place of the article from being the first name of a longer name."""
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    return (prev is not None and prev.lower_ in FIRM_PLACE_PREPS and place_use(doc, m)) or dateline_reading(doc, m)


def state_after_place(doc: Doc, m: Mention) -> bool:
    """'Irving, TX', 'Columbia, S.C.': a US state's abbreviation after a capitalised name and
    a comma is the state."""
    s = m.tok_start
    return (m.tok_end - s == 1 and s >= 2 and doc[s - 1].text == "," and doc[s - 2].text[:1].isupper()
            and state_abbreviation(doc[s].text))


def kind_said(doc: Doc, m: Mention) -> str | None:
    """The label the words around one mention give it, if any (see the functions above)."""
    if quoted_title(doc, m) or ": " in m.text:
        return "WORK_OF_ART"
    if (dateline_place(doc, m) or state_after_place(doc, m) or dateline_region(doc, m)
            or dateline_city(doc, m)):
        return "GPE"
    for rule in (kind_before, kind_by_copula, kind_in_apposition, kind_after, kind_of_place_of):
        kind = rule(doc, m)
        if kind is not None:
            return kind
    return None


def kind_of_cluster(doc: Doc, mentions: Sequence[Mention]) -> str | None:
    """The kind most mentions of the cluster are said to be, if any is said."""
    kinds = Counter(k for m in mentions if (k := kind_said(doc, m)) is not None)
    return kinds.most_common(1)[0][0] if kinds else None


def numbered_title(name: str) -> bool:
    """'Destiny 2', 'Titanfall 2': a name ending in a bare number is a work, no person."""
    words = name.split()
    return len(words) > 1 and words[-1].isdigit() and len(words[-1]) <= 3


def org_designated(name: str) -> bool:
    """'Ascom Holding AG', 'Tufts University', 'Ascom North America': a designator or a
    region written after the first word makes it an organisation."""
    return any(w.lower().strip(",") in ORG_DESIGNATORS | REGIONS for w in name.split()[1:])


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
    return any(t.is_lower and t.pos_ == "NOUN" and t.lemma_ in words for t in doc)


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


#: 'Channing D. Phillips', 'George H.W. Bush': first name, initials, surname.
_INITIAL_NAME = re.compile(r"^[A-Z][a-z]+(?: [A-Z]\.(?:[A-Z]\.)*)+ [A-Z][a-z]+(?:-[A-Z][a-z]+)?$")


def person_shaped(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """A person the model read as an organisation or a place ('Fox News host Sean Hannity',
    ORG): a known first name before a surname with a person's use — a title or a role noun
    before it, 'X said', a later 'he'/'she', listed with people — or the shape of first name,
    middle initial and surname ('Channing D. Phillips')."""
    for m in mentions:
        name = clean_name(m.text)
        if _INITIAL_NAME.match(name):
            return True
        if first_name_known(name) and len(name.split()) <= 3 and (
            m.titled or role_noun_before(doc, m) or speech_subject(doc, m)
            or pronoun_follows(doc, m) or listed_with_people(doc, m) or role_in_apposition(doc, m)
        ):
            return True
    return False


def role_noun_before(doc: Doc, m: Mention) -> bool:
    """'host Sean Hannity', 'strategist Charlie Black': a lower-case common noun right
    before the name, modifying it."""
    if m.tok_start == 0:
        return False
    prev = doc[m.tok_start - 1]
    return prev.pos_ == "NOUN" and prev.is_lower and prev.dep_ == "compound" and \
        m.tok_start <= prev.head.i < m.tok_end


#: Endings of nouns of people's roles ('professor', 'economist', 'historian', 'consultant').
ROLE_ENDINGS = ("or", "er", "ist", "ian", "ant", "ent", "man", "woman", "person")


def role_in_apposition(doc: Doc, m: Mention) -> bool:
    """'Glenn Harlan Reynolds, a University of Tennessee law professor': a noun of a role
    set off after the name (only used with a known first name: 'Ascom, a provider')."""
    head = doc[m.tok_end - 1]
    return any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.is_lower and c.lower_.endswith(ROLE_ENDINGS)
               for c in head.children)


def listed_with_people(doc: Doc, m: Mention) -> bool:
    """'Justin Bieber, Demi Lovato and Ariana Grande': a name listed with people's names."""
    head = doc[m.tok_end - 1]
    return any(t.ent_type_ == "PERSON" and not (m.tok_start <= t.i < m.tok_end) for t in head.conjuncts)


def named_then_surname(mentions: Sequence[Mention]) -> bool:
    """'Jessie Buckley' … 'Buckley' (both tagged ORG): a known first name before a surname
    the article then uses alone is a person ('Morgan Stanley' is never 'Stanley')."""
    names = [clean_name(m.text).split() for m in mentions]
    full = [n for n in names if len(n) > 1 and first_name_known(" ".join(n))]
    return any(len(n) == 1 and f[-1] == n[0] for n in names for f in full)


#: Last words of a building's or site's name ('Moscone Center', 'Barclays Center', 'Wembley
#: Stadium', 'Heathrow Airport'): a facility, whatever person or place reading the model gives.
FACILITY_HEADS = frozenset("""center centre stadium arena airport bridge hall tower museum library
    cathedral mosque temple church palace castle plaza mall terminal station""".split())


def facility_name(name: str) -> bool:
    """A name of two words or more ending in a building's noun ('Moscone Center'; 'Center for
    Disease Control' ends elsewhere)."""
    words = name.split()
    return len(words) > 1 and words[-1].lower() in FACILITY_HEADS and words[0][:1].isupper()


def decide_label(doc: Doc, mentions: Sequence[Mention], name: str,
                 places: frozenset[str] = frozenset()) -> str:
    """The cluster's label: see the module docstring for the order of the evidence;
    ``places`` are the lower-case names the article uses as places; a building's name the
    model read as a person, place or product is a facility ('Moscone Center')."""
    label = _decide_label(doc, mentions, name, places)
    return "FAC" if label in ("GPE", "LOC", "PERSON", "PRODUCT") and facility_name(name) else label


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
    if (person or votes.get("GPE", 0)) >= max(votes.values()) and unmarked_company(doc, mentions, name):
        return "ORG"
    if not numbered_title(name) and not org_designated(name) and (
        (person and person_marks(doc, mentions)) or named_then_surname(mentions)
        or person_shaped(doc, mentions)
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


#: Lemmas of the words written around a team's name ('the Raiders won', 'Rams coach').
GAME_WORDS = frozenset("""beat defeat win lose play season coach quarterback game playoff league
    match touchdown inning roster halftime championship stadium scoreboard""".split())


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


#: Prepositions after which a name is a platform or medium, not a person ('on Twitter').
MEDIUM_PREPS = frozenset({"on", "via"})


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


#: Last words of a polity's name ('the Galactic Republic', 'the Holy Roman Empire').
POLITY_WORDS = frozenset("republic kingdom empire emirate emirates state states islands federation".split())


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


#: Verbs a news outlet or company is the subject of ('Bloomberg reported', 'Alibaba announced').
REPORT_VERBS = frozenset("report announce publish reveal disclose confirm".split())


def reporter(doc: Doc, m: Mention) -> bool:
    """'Bloomberg reported …': the subject of a verb of reporting (not a place's act)."""
    head = doc[m.tok_end - 1]
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in REPORT_VERBS


#: Verbs and nouns of publishing that 'on X' follows when X is a medium ('wrote on Facebook',
#: 'available on Netflix', 'a post on Instagram'); 'on Long Island' follows none of them.
MEDIUM_HEADS = frozenset(
    """post tweet write say share announce stream watch air appear publish upload broadcast
    available video account page feed message livestream premiere release""".split()
)


def posted_on(doc: Doc, m: Mention) -> bool:
    """'wrote on Facebook', 'available on Netflix', 'posted via Twitter': the object of 'on'
    or 'via' after a verb or noun of publishing (an article is no evidence against a place:
    'the West Bank'; nor is 'on' or 'via' alone: 'on the Las Vegas Strip', 'via Moscow')."""
    head = doc[m.tok_end - 1]
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    if prev is None or prev.dep_ != "prep" or head.dep_ != "pobj":
        return False
    return prev.lower_ in ("on", "via") and prev.head.lemma_.lower() in MEDIUM_HEADS


def platform(doc: Doc, mentions: Sequence[Mention], name: str) -> bool:
    """'streaming on Quibflix', 'took to Twitter': a one-word name something is posted or
    streamed on is a platform, even where it 'says' things; no person is written so (a title
    still says person)."""
    if len(name.split()) != 1 or any(m.titled for m in mentions) or known_place(name):
        return False
    return any(posted_on(doc, m) or took_to(doc, m) or names_an_account(doc, m) for m in mentions)


#: Nouns of a platform's parts and people ('Twitter account', 'Instagram users', 'Twitter CEO').
ACCOUNT_NOUNS = frozenset("account handle feed page profile user follower post story announcement app ceo".split())


def names_an_account(doc: Doc, m: Mention) -> bool:
    """'the Senate's Twitter handle', 'some Twitter users', 'his Instagram announcement': a
    one-word name right before a noun of a platform's parts modifies it as a platform's."""
    head = doc[m.tok_end - 1]
    return (head.dep_ == "compound" and head.head.i == m.tok_end
            and head.head.lemma_.lower() in ACCOUNT_NOUNS)


def took_to(doc: Doc, m: Mention) -> bool:
    """'took to Twitter', 'takes to Instagram': a platform, not a destination."""
    if m.tok_start == 0:
        return False
    prev = doc[m.tok_start - 1]
    return prev.lower_ == "to" and prev.head.lemma_ == "take" and not any(
        c.dep_ == "dobj" for c in prev.head.children)  # not 'took the child to Forest Hill'


def gazetteer_place(name: str) -> bool:
    """A capitalised name with no person's marks that is a known country, US state or city
    of some population ('Kyiv', 'Madagascar', 'Sioux Falls'): the last tie-breaker."""
    return all(w[:1].isupper() for w in name.split()) and known_place(name)


#: Nouns of a business written right before its name ('case maker Brydge', 'retailer Best Buy').
COMPANY_NOUNS = frozenset("""maker manufacturer retailer company companies firm startup brand vendor
    provider developer publisher giant rival competitor supplier chain operator carrier""".split())
#: Lower-case nouns a business has and a person rarely does ("Nomad's version", "X's lineup").
BUSINESS_THINGS = frozenset("""version product products device devices charger chargers app service
    services lineup model models vehicle rocket lander hardware software stores store""".split())
#: Verbs whose subject, with a product as object, is a business ('Anker also has chargers').
SELL_VERBS = frozenset("have sell make offer ship launch release".split())
#: Verbs of going after which 'to X' is a shop or venue ('rushed over to Best Buy').
GO_VERBS = frozenset("go head rush run drive walk return come".split())
#: Verbs of supplying after which 'by X' or 'from X' is a source ('provided by Statista').
SUPPLY_VERBS = frozenset("provide supply make offer sell produce manufacture available buy order".split())


def company_use(doc: Doc, m: Mention, place_read: bool = False) -> bool:
    """A use a business has and a bare name of a person rarely does: a company noun before it
    ('maker Brydge'), a possessive before a thing ("SpaceX's Starship", "Nomad's version"), a
    shop or source ('at X', 'rushed to X', 'provided by X', 'from X'), listed with
    organisations, the subject of having or selling products ('Anker also has chargers'), or
    a later 'it' as subject ('Brydge proved it was …'). For a name the model reads as a place,
    only the uses no place has count ("Britain's NHS", 'at the U.K.' are a place's)."""
    head = doc[m.tok_end - 1]
    prev = doc[m.tok_start - 1] if m.tok_start > 0 else None
    if prev is not None and prev.is_lower and prev.lower_ in COMPANY_NOUNS:
        return True
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in SELL_VERBS and any(
            c.dep_ == "dobj" and c.lower_ in BUSINESS_THINGS for c in head.head.children):
        return True
    if place_read:
        return it_follows(doc, m)
    if m.tok_end < len(doc) and doc[m.tok_end].tag_ == "POS" and head.dep_ == "poss":
        owned = head.head
        if (owned.ent_type_ and owned.ent_type_ != "PERSON") or owned.lower_ in BUSINESS_THINGS or any(
                c.lower_ == "new" for c in owned.children):
            return True
    if prev is not None and head.dep_ == "pobj" and prev.head.i != head.i:
        verb = prev.head.lemma_.lower()
        if prev.lower_ == "at" or (prev.lower_ == "to" and verb in GO_VERBS) or (
                prev.lower_ in ("by", "from") and verb in SUPPLY_VERBS):
            return True
    conj = [t.ent_type_ for t in head.conjuncts if not (m.tok_start <= t.i < m.tok_end)]
    if "ORG" in conj and all(t and t not in ("PERSON", "GPE", "NORP") for t in conj):
        return True
    return it_follows(doc, m)


def it_follows(doc: Doc, m: Mention) -> bool:
    """'Brydge proved it was up to it': a subject followed in its sentence by 'it' as a subject
    with no other name between is a thing (the counterpart of ``pronoun_follows``)."""
    if doc[m.tok_end - 1].dep_ not in ("nsubj", "nsubjpass"):
        return False
    for tok in doc[m.tok_end: doc[m.tok_end - 1].sent.end]:
        if tok.ent_type_:
            return False
        if tok.lower_ in PERSON_PRONOUNS and tok.dep_ in ("nsubj", "nsubjpass"):
            return False
        if tok.lower_ == "it" and tok.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


def no_person_mark(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """No mention has any mark of a person: no title, no known first name, no 'X said', no
    later 'he'/'she', no role noun before or after it (a company noun is none)."""
    return not any(
        m.titled or first_name_known(clean_name(m.text)) or speech_subject(doc, m) or pronoun_follows(doc, m)
        or (role_noun_before(doc, m) and doc[m.tok_start - 1].lower_.endswith(ROLE_ENDINGS)
            and doc[m.tok_start - 1].lower_ not in COMPANY_NOUNS)
        or role_in_apposition(doc, m) or listed_with_people(doc, m)
        for m in mentions)


def unmarked_company(doc: Doc, mentions: Sequence[Mention], name: str) -> bool:
    """'Anker', 'Orbit Beyond' read as a person, 'Brydge' as a place: a name with no person's
    mark used as a business (``company_use``) and never as a place is an organisation."""
    if known_place(name) or known_region(name) or not no_person_mark(doc, mentions):
        return False
    if any(place_use(doc, m) and not company_use(doc, m) for m in mentions):
        return False
    votes = Counter(m.label for m in mentions)
    place_read = votes.get("GPE", 0) + votes.get("LOC", 0) > votes.get("PERSON", 0)
    return any(company_use(doc, m, place_read) for m in mentions)
