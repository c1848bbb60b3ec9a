"""One label per entity cluster, decided over all its mentions and their contexts.

Why: the small model labels each mention on its own, so one person is PERSON in one
sentence and ORG in the next, and a one-word place or product is PERSON ('in Madison',
'Kyiv', 'Stadia'). What the article writes around the mentions settles it: a person's
marks (a title or honorific, a known first name, 'X said') beat a place or organisation
reading; without them a PERSON reading gives way to the cluster's other readings, to a
place use ('in Kyiv', 'Madison, Wis.') or to a numbered title ('Destiny 2').
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from .entity_mentions import Mention, clean_name, strip_title

#: Prepositions after which a name is a place ('in Madison', 'to Kyiv').
PLACE_PREPS = frozenset("in near across outside throughout inside around into toward towards from to at".split())
#: Verbs of speech whose subject the small model rarely mislabels when it says PERSON.
SPEECH_VERBS = frozenset("say tell add ask write explain reply respond recall insist argue claim warn tweet".split())
#: Words that make a name an organisation's, never a person's ('Ascom Holding AG').
ORG_DESIGNATORS = frozenset(
    """inc inc. corp corp. co co. ltd ltd. llc plc ag gmbh sa nv group company corporation
    holdings holding bank university institute association agency council committee
    ministry department foundation fund party union league club federation commission""".split()
)
#: Regions a company's subsidiary is named after ('Ascom North America').
REGIONS = frozenset("america americas europe asia africa pacific international global".split())
#: The labels of things: what a PERSON reading of a non-person becomes, best first.
NON_PERSON_ORDER = ("ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW")


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
        or (m.label == "PERSON" and len(clean_name(m.text).split()) > 1)
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
    use; else PERSON stays (a surname the article gives alone: 'Pence')."""
    others = [lab for lab in NON_PERSON_ORDER if votes.get(lab)]
    if numbered_title(name):
        return "WORK_OF_ART"
    if org_designated(name):
        return "ORG"
    if others and votes["PERSON"] <= sum(votes[lab] for lab in others):
        return max(others, key=lambda lab: votes[lab])
    if sum(place_use(doc, m) for m in mentions) * 2 > len(mentions):
        return "GPE"
    return "PERSON"


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
