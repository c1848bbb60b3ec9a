"""What the article says a name is: a kind noun, a quoted title or a dateline beside a mention.

Why apart from ``labels``: these readings of one mention ('the film Parasite', 'Logar
province', 'Dathomir, a planet', 'Fallen Order is a game', the film "Parasite", 'BAAR,
SWITZERLAND') settle a cluster's label before the votes; ``labels.decide_label`` asks
:func:`kind_of_cluster` first and keeps the order of the evidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from .mentions import Mention
from .place_readings import dateline_city, dateline_place, dateline_region, state_after_place
from .places import known_place
from .word_lists import NOT_BEFORE

#: Nouns that say what kind of thing a name is ('the film Parasite', 'Dathomir, a planet',
#: 'Logar province'; a market index, 'the benchmark Sensex', is a product): the label they give.
KIND_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        """film movie album song book novel game videogame series show episode documentary
        sequel prequel podcast play musical opera single soundtrack sitcom franchise
        trilogy""".split(), "WORK_OF_ART"),
    **dict.fromkeys(
        """app model car sedan hatchback suv vehicle truck phone smartphone handset console
        device laptop tablet headset chip software browser benchmark""".split(), "PRODUCT"),
    **dict.fromkeys(
        """city town village country province state county district area capital
        municipality neighbourhood neighborhood suburb borough township prefecture""".split(), "GPE"),
    **dict.fromkeys("planet island region river mountain lake valley desert continent".split(), "LOC"),
    **dict.fromkeys("""company firm studio developer publisher startup broadcaster newspaper journal
        magazine tabloid outlet website""".split(), "ORG"),
}
PLACE_KINDS = frozenset({"GPE", "LOC"})
#: Words after an award's name ('Oscar-winning', 'a Grammy winning band'); not 'nominee' or
#: 'winner', which follow a party's ('the Republican nominee'), nor 'nominated', which follows the
#: one who nominates as often ('a Trump-nominated judge', 'the Senate-confirmed').
AWARD_USES = frozenset({"winning"})
OPEN_QUOTES = frozenset({'"', "“", "‘", "«", "'"})
CLOSE_QUOTES = frozenset({'"', "”", "’", "»", "'"})


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
    Pixar film' or 'the Nissan car' name a maker, not the work; 'country' before a noun is the
    music's: 'a Glaswegian country singer')."""
    if m.tok_end >= len(doc):
        return None
    nxt = doc[m.tok_end]
    if nxt.lower_ == "country" and m.tok_end + 1 < len(doc) and doc[m.tok_end + 1].pos_ == "NOUN":
        return None
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


def award_before(doc: Doc, m: Mention) -> str | None:
    """'Oscar-winning actress', 'the four-time Grammy winning band': a one-word name before
    '(-)winning' is an award's, a work (not a place: 'a Wimbledon-winning player' won there; nor
    a party or a people, read as a group: 'a Republican-winning district')."""
    i = m.tok_end + (m.tok_end < len(doc) and doc[m.tok_end].text == "-")
    if m.tok_end - m.tok_start != 1 or i >= len(doc) or doc[i].lower_ not in AWARD_USES or m.label == "NORP":
        return None
    return None if known_place(doc[m.tok_start].text) else "WORK_OF_ART"


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


def kind_said(doc: Doc, m: Mention) -> str | None:
    """The label the words around one mention give it, if any (see the functions above)."""
    if quoted_title(doc, m) or ": " in m.text:
        return "WORK_OF_ART"
    if (dateline_place(doc, m) or state_after_place(doc, m) or dateline_region(doc, m)
            or dateline_city(doc, m)):
        return "GPE"
    for rule in (kind_before, award_before, kind_by_copula, kind_in_apposition, kind_after, kind_of_place_of):
        kind = rule(doc, m)
        if kind is not None:
            return kind
    return None


def kind_of_cluster(doc: Doc, mentions: Sequence[Mention]) -> str | None:
    """The kind most mentions of the cluster are said to be, if any is said."""
    kinds = Counter(k for m in mentions if (k := kind_said(doc, m)) is not None)
    return kinds.most_common(1)[0][0] if kinds else None
