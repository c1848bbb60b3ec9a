"""A team named by its city, its state or its nickname in a game report: an organisation.

Why: sports reports name a team by its place ('Columbus beat Montreal', 'scored for Ottawa',
'to lift Florida') and write results as 'Wild 4, Sabres 1:'; the small model reads the place
as a place and the nickname as a place, a person or a law, so the team's mentions go under
the city's key. What the sentence does with the name settles it: a side of a verb of beating
with another name on the other side, a side of a result line, or the team a player scored
for. A country keeps its place reading (a national side is written as the country: 'Italy',
decided in ``labels``), and a name the article mostly uses otherwise keeps its label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span, Token

from .mentions import Mention
from .person_marks import first_name_known, strong_person_mark
from .places import country_names
from .word_lists import (
    BEAT_VERBS,
    CARRY_VERBS,
    GAME_LEMMAS,
    PLAY_WORDS,
    RESULT_VERBS,
    TEAM_ROLES,
)

#: A score or a season record written in a sentence ('5-4', '14-0-1', '3–2').
_SCORE = re.compile(r"\b\d{1,3}[-–]\d{1,3}\b")
#: Labels a team's mention is read with: a place, a person, a group, a law ('Bruins 5'), a product.
TEAM_READINGS = frozenset({"GPE", "LOC", "PERSON", "NORP", "LAW", "PRODUCT", "FAC"})


#: Each article's sentences already read as a game report's or not (weakly held: gone with the
#: Doc); every mention of every cluster asks of its sentence.
_GAME_SENTENCES: WeakKeyDictionary[Doc, dict[int, bool]] = WeakKeyDictionary()


def game_sentence(sent: Span) -> bool:
    """A sentence of a game report: a word of play or a score written in it."""
    seen = _GAME_SENTENCES.setdefault(sent.doc, {})
    if sent.start not in seen:
        seen[sent.start] = bool(_SCORE.search(sent.text)) or any(t.lemma_.lower() in GAME_LEMMAS for t in sent)
    return seen[sent.start]


def _proper(tok: Token) -> bool:
    """A capitalised proper noun (the other side of a result)."""
    return tok.pos_ == "PROPN" and tok.text[:1].isupper()


def beat_side(doc: Doc, m: Mention) -> bool:
    """'Columbus beat Montreal', 'Ottawa held on to beat Detroit': the name is one side of a verb
    of beating whose other side is also a proper name (not 'beat the odds'), in a sentence of a
    game report (not 'Texas beat California in job growth')."""
    head = doc[m.tok_end - 1]
    if not game_sentence(head.sent):
        return False
    if head.dep_ == "dobj":
        verb = head.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects and verb.dep_ in ("xcomp", "advcl", "conj"):
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        return verb.lemma_.lower() in BEAT_VERBS and any(_proper(c) for c in subjects)
    if head.dep_ != "nsubj":
        return False
    verbs = [head.head] + [c for c in head.head.children if c.dep_ in ("xcomp", "advcl", "conj")
                           and not any(x.dep_ == "nsubj" for x in c.children)]
    return any(v.lemma_.lower() in BEAT_VERBS and any(_proper(c) for c in v.children if c.dep_ == "dobj")
               for v in verbs)


def score_line(doc: Doc, m: Mention) -> bool:
    """'Wild 4, Sabres 1:': a name right before a score, in a line of two names and two scores."""
    e = m.tok_end
    if doc[e - 1].like_num and e - m.tok_start > 1:
        e -= 1  # 'Bruins 5' read as one name
    if not (e < len(doc) and doc[e].like_num and doc[e].text.isdigit()):
        return False
    after = doc[e + 1: e + 6]
    if len(after) >= 3 and after[0].text == "," and after[1].text[:1].isupper():
        return any(t.text.isdigit() for t in after[2:])  # the first side: 'Wild 4, Sabres 1'
    s = m.tok_start
    return s >= 3 and doc[s - 1].text == "," and doc[s - 2].text.isdigit() and doc[s - 3].text[:1].isupper()


def played_for(doc: Doc, m: Mention) -> bool:
    """'scored for Detroit', 'a goal for New Jersey', 'to lift Florida', 'rolled past Utah', 'Columbus
    improved to 8-8-4': the team a player plays for, or a team's result, in a sentence of a game
    report."""
    head = doc[m.tok_end - 1]
    if head.dep_ in ("compound", "poss", "amod") or not game_sentence(head.sent):
        return False
    gov = head.head
    if head.dep_ == "pobj" and gov.lower_ == "past":
        return True  # 'rolled past Northern Illinois, 45-17', 'to lead St. Louis past Tampa Bay'
    if head.dep_ == "pobj" and gov.lower_ in ("for", "against"):
        return gov.head.lemma_.lower() in PLAY_WORDS | CARRY_VERBS  # not 'ruled 5-4 against Texas'
    if head.dep_ == "dobj":
        return gov.lemma_.lower() in CARRY_VERBS
    return head.dep_ == "nsubj" and gov.lemma_.lower() in RESULT_VERBS


def team_role_before(doc: Doc, m: Mention) -> bool:
    """'Wild coach Bruce Boudreau': the name modifies a noun of a team's coach or player."""
    head = doc[m.tok_end - 1]
    nxt = doc[m.tok_end] if m.tok_end < len(doc) else None
    return (nxt is not None and nxt.is_lower and nxt.lower_ in TEAM_ROLES
            and head.dep_ in ("compound", "amod", "nmod") and head.head.i >= nxt.i)


def team_use(doc: Doc, m: Mention) -> bool:
    """One mention written as a team's (see the functions above)."""
    return beat_side(doc, m) or score_line(doc, m) or played_for(doc, m) or team_role_before(doc, m)


def team_named(doc: Doc, mentions: Sequence[Mention], name: str, label: str) -> bool:
    """A cluster read as a place, person, group or law that the article writes as a team: in a
    result line, or (not read as a person) in most of its mentions; not a country, not a name
    with a person's mark or a known first name."""
    countries = country_names()
    if label not in TEAM_READINGS or name.lower() in countries or "the " + name.lower() in countries:
        return False
    if not any(score_line(doc, m) for m in mentions) and (
            label == "PERSON" or sum(team_use(doc, m) for m in mentions) * 2 <= len(mentions)):
        return False
    # a player: 'Alex Stalock made 30 saves and Minnesota beat Buffalo'
    return not (strong_person_mark(doc, mentions) or first_name_known(name))
