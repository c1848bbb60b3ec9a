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
Last, for a one-word PERSON reading with no marks at all, a place gazetteer
(``entity_places``) breaks the tie.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from .entity_mentions import Mention, clean_name, strip_title
from .entity_places import known_place, known_region

if TYPE_CHECKING:
    from .entity_clusters import Cluster

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
    communications pictures television radio records""".split()
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
    """Whether a multi-word name starts with a first name from the lexicon ('Eva-Marie
    Persson'); imported lazily: the quotes package itself imports this module's users."""
    from .quotes.gender import first_name_gender

    words = strip_title(name.split())
    return len(words) > 1 and first_name_gender(" ".join(words)) is not None


def speech_subject(doc: Doc, m: Mention) -> bool:
    """'Schiff said': the mention's head is the subject of a verb of speech."""
    head = doc[m.tok_end - 1]
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in SPEECH_VERBS


def place_use(doc: Doc, m: Mention) -> bool:
    """'in Kyiv', 'Madison, Wis.': the mention read as a place (a possessive or a
    compound modifier is a person's 'Smith's view', 'the Trump administration')."""
    last = doc[m.tok_end - 1]
    if last.dep_ in ("compound", "poss") or (m.tok_end < len(doc) and doc[m.tok_end].tag_ == "POS"):
        return False
    prev = doc[m.tok_start - 1].lower_ if m.tok_start > 0 else ""
    if prev in PLACE_PREPS and doc[m.tok_start - 1].dep_ == "prep":
        return True
    nxt = m.tok_end
    return (nxt + 1 < len(doc) and doc[nxt].text == "," and doc[nxt + 1].ent_type_ == "GPE"
            and not doc[nxt + 1].ent_iob_ == "I")


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


def dateline_place(doc: Doc, m: Mention) -> bool:
    """'BAAR, SWITZERLAND', 'Madison, Wisconsin': a name followed by a comma and a known
    country or US state is a place when it is a known place itself or opens a line."""
    e = m.tok_end
    if not (e + 1 < len(doc) and doc[e].text == ","):
        return False
    region = doc[e + 1: e + 3]
    if not (known_region(region[:1].text) or known_region(region.text)):
        return False
    at_line_start = m.tok_start == 0 or "\n" in doc[m.tok_start - 1].whitespace_ + doc[m.tok_start - 1].text
    return at_line_start or known_place(clean_name(m.text))


def kind_said(doc: Doc, m: Mention) -> str | None:
    """The label the words around one mention give it, if any (see the functions above)."""
    if quoted_title(doc, m) or ": " in m.text:
        return "WORK_OF_ART"
    if dateline_place(doc, m):
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
    return any(
        m.titled or first_name_known(clean_name(m.text)) or speech_subject(doc, m)
        or pronoun_follows(doc, m) or (m.label == "PERSON" and len(clean_name(m.text).split()) > 1)
        for m in mentions
    )


def named_then_surname(mentions: Sequence[Mention]) -> bool:
    """'Jessie Buckley' … 'Buckley' (both tagged ORG): a known first name before a surname
    the article then uses alone is a person ('Morgan Stanley' is never 'Stanley')."""
    names = [clean_name(m.text).split() for m in mentions]
    full = [n for n in names if len(n) > 1 and first_name_known(" ".join(n))]
    return any(len(n) == 1 and f[-1] == n[0] for n in names for f in full)


def decide_label(doc: Doc, mentions: Sequence[Mention], name: str) -> str:
    """The cluster's label: see the module docstring for the order of the evidence."""
    votes = Counter(m.label for m in mentions)
    person = votes.get("PERSON", 0)
    kind = kind_of_cluster(doc, mentions)
    if kind is not None and not strong_person_mark(doc, mentions):
        return kind
    if not numbered_title(name) and not org_designated(name) and (
        (person and person_marks(doc, mentions)) or named_then_surname(mentions)
    ):
        return "PERSON"
    if person and person >= max(votes.values()):
        return demoted_person(doc, mentions, name, votes)
    best = max(votes.items(), key=lambda kv: (kv[1], kv[0] != "PERSON", kv[0] in NON_PERSON_ORDER))[0]
    if best == "PERSON":
        return demoted_person(doc, mentions, name, votes)
    return best


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
    if sum(place_use(doc, m) for m in mentions) * 2 > len(mentions):
        return "GPE"
    if gazetteer_place(name):
        return "GPE"
    if not family and sum(thing_use(doc, m) for m in mentions) * 2 >= len(mentions):
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


def gazetteer_place(name: str) -> bool:
    """A one-word capitalised name with no person's marks that is a known country, US
    state or city of some population ('Kyiv', 'Madagascar'): the last tie-breaker."""
    return len(name.split()) == 1 and name[:1].isupper() and known_place(name)


#: Last words of a market index's name ('Hang Seng Index', 'Shanghai Composite'): a
#: product of an exchange, not an organisation.
INDEX_WORDS = frozenset("index composite average".split())
#: Words of a regional subsidiary's name ('Ascom North America'): still the organisation.
REGION_WORDS = frozenset("north south east west america americas europe asia africa pacific international global".split())


def product_of_brand(name: str, org_names: set[str]) -> bool:
    """'Nissan Connect', 'Dräger Infinity' next to the ORG 'Nissan' / 'Dräger': a brand's
    name followed by more capitalised words, with no designator or region, is its product;
    'Hang Seng Index' is an index, a product too."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() in INDEX_WORDS:
        return True
    if len(words) < 2 or org_designated(name):
        return False
    for n in range(1, len(words)):
        brand, rest = " ".join(words[:n]).lower(), words[n:]
        if brand in org_names and not any(w.lower() in REGION_WORDS for w in rest):
            return all(w[:1].isupper() or w[:1].isdigit() for w in rest)
    return False


def brand_written_before(doc: Doc, cl: Cluster, org_names: set[str]) -> bool:
    """'Google Lumio launches' where the model's name is only 'Lumio' and the article's
    organisation 'Google': a name the one-word name of an organisation of the same article
    modifies, written right before it, is that brand's product (not when the two modify a
    noun: 'the Reuters Kremlin correspondent'); a designated name is
    no product."""
    if org_designated(cl.name) or any(w.lower() in REGION_WORDS for w in cl.name.split()):
        return False
    first = cl.name.lower().split()[0]
    for m in cl.mentions:
        if m.tok_start == 0:
            continue
        brand, head = doc[m.tok_start - 1], doc[m.tok_end - 1]
        if (brand.text[:1].isupper() and brand.lower_ in org_names and brand.lower_ != first
                and brand.whitespace_ and brand.dep_ == "compound" and brand.head.i == head.i
                and not (head.dep_ == "compound" and head.head.tag_.startswith("NN"))):
            return True
    return False
