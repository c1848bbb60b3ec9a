"""A team written by its nickname on a result line and by its city in the paragraph below: one key.

Why: a game roundup opens each paragraph with a result line ('Wild 4, Sabres 1:') and then
writes the same two teams by their cities ('Minnesota beat Buffalo'), so the team's count is
split between the nickname's key and the city's. The paragraph itself pairs them: the side
that beat (or that a player lifted, led) is the higher score's nickname, the side beaten the
lower one's. Within that paragraph only (a city may field two teams, and the same city written
elsewhere may be the place), the city's mentions go under the nickname's key as an organisation.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .mentions import Mention
from .teams import TEAM_READINGS
from .word_lists import BEAT_VERBS, CARRY_VERBS, LOSER_PREPOSITIONS, TEAM_ROLES

#: A paragraph opening with a result line: 'Wild 4, Sabres 1:', 'Blues 3, Lightning 1 (OT):'.
_RESULT_LINE = re.compile(r"([A-Z][\w.' ]*?) (\d{1,3}), ([A-Z][\w.' ]*?) (\d{1,3})(?: \([A-Z/]+\))?:")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The character ranges of the article's paragraphs (blocks between blank lines)."""
    out, start = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _beat_verb(tok: Token) -> bool:
    """A verb of one side beating the other ('beat', 'defeated', 'edged')."""
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in BEAT_VERBS


def side_won(doc: Doc, m: Mention) -> bool | None:
    """True when the mention is the side that won ('Minnesota beat', 'Ottawa held on to beat',
    'to lift Florida'), False when the side beaten ('beat Buffalo', 'past Tampa Bay'), None
    when the words around it do not say."""
    after = doc[m.tok_end: m.tok_end + 4]
    if len(after) and (_beat_verb(after[0]) or (
            after[0].pos_ == "VERB" and any(_beat_verb(t) and t.head.i < t.i for t in after[1:]))):
        return True  # 'Minnesota beat Buffalo', 'Ottawa held on to beat Detroit'
    before = doc[m.tok_start - 1] if m.tok_start > 0 else None
    if before is None:
        return None
    if _beat_verb(before):
        return False
    if before.lower_ in LOSER_PREPOSITIONS and before.head.lemma_.lower() in CARRY_VERBS | BEAT_VERBS:
        return False  # 'to lead St. Louis past Tampa Bay'
    if before.lemma_.lower() in CARRY_VERBS and before.pos_ == "VERB":
        return True  # 'to lift Florida', 'to lead Boston'
    return None


def place_modifier(doc: Doc, m: Mention) -> bool:
    """'a St. Louis native', 'a New Jersey town': the city modifies a common noun that is no
    team's staff or player, so it is the place, not the team."""
    nxt = doc[m.tok_end] if m.tok_end < len(doc) else None
    return (nxt is not None and nxt.is_lower and nxt.pos_ == "NOUN" and nxt.lower_ not in TEAM_ROLES
            and doc[m.tok_end - 1].dep_ in ("compound", "amod", "nmod", "npadvmod"))


def _side_mention(mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The mention written at the result line's name (it may hold the score: 'Bruins 5')."""
    return next((m for m in mentions if m.start == start and m.end >= end), None)


def score_dropped(canonical: str, name: str) -> str:
    """'Bruins 5' read as one name on a result line is the team 'Bruins': the score is no part of it."""
    return name if canonical.lower().startswith(name.lower() + " ") else canonical


def result_line_pairs(doc: Doc, text: str, mentions: list[Mention]) -> None:
    """Under a paragraph's result line, the cities the paragraph writes as the winning or the
    beaten side take that side's nickname key (label ORG): within that paragraph only."""
    for p_start, p_end in paragraphs(text):
        line = _RESULT_LINE.match(text, p_start, p_end)
        if line is None or int(line.group(2)) == int(line.group(4)):
            continue
        names = []
        for name_group in (1, 3):
            name = line.group(name_group)
            if (side := _side_mention(mentions, line.start(name_group), line.end(name_group))) is not None:
                side.canonical = score_dropped(side.canonical, name)
                name = side.canonical
            names.append(name)
        winner, loser = names if int(line.group(2)) > int(line.group(4)) else names[::-1]
        inside = [m for m in mentions if p_start <= m.start and m.end <= p_end and m.start >= line.end()
                  and m.label in TEAM_READINGS | {"ORG"}]
        cities: dict[str, str] = {}
        for m in inside:
            won = side_won(doc, m)
            if won is not None and m.canonical.lower() not in (winner.lower(), loser.lower()):
                cities.setdefault(m.canonical.lower(), winner if won else loser)
        if len(set(cities.values())) != len(cities):
            continue  # two cities for one side: the paragraph does not pair them cleanly
        for m in inside:
            if (team := cities.get(m.canonical.lower())) is not None and not place_modifier(doc, m):
                m.label, m.canonical = "ORG", team
