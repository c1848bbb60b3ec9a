"""A team's full name cut after its city: 'the Oklahoma City' + 'Thunder', one team.

Why: a team is named by its city and its nickname ('the Oklahoma City Thunder'); the small model
reads the city as a place and leaves a nickname that is no plural out of the span, so the team's
full name becomes a city's key and its nickname ('the Thunder', later) a thing of its own that no
short-form rule can join. In a sentence of a game report (a score or a word of play), a place
followed by one capitalised word the model left out, which ends the name and is no title or
role ('Ukraine President Volodymyr Zelenskiy', 'Wild coach'), is the team's name whole.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .mentions import Mention
from .teams import game_sentence
from .word_lists import TEAM_ROLES, TITLES


def place_with_nickname(doc: Doc, doc_text: str, mentions: list[Mention]) -> list[Mention]:
    """Each place followed by a team's nickname in a game report (:func:`nickname_after`) as
    one organisation's mention spanning both ('Oklahoma City Thunder')."""
    out: list[Mention] = []
    for m in mentions:
        if m.label != "GPE" or not nickname_after(doc, doc_text, m):
            out.append(m)
            continue
        word = doc[m.tok_end]
        end = word.idx + len(word.text)
        out.append(Mention(m.start, end, doc_text[m.start:end], "ORG", m.sent, m.tok_start, m.tok_end + 1,
                           m.titled))
    return out


def nickname_after(doc: Doc, doc_text: str, m: Mention) -> bool:
    """The word right after place ``m`` (one space) is a capitalised proper noun outside every
    entity, not in capitals ('Cleveland DL'), not a title or a team's role, not opening a
    sentence, and ends the name (no capitalised word after it: 'Hollywood Casino Amphitheatre'),
    in a sentence of a game report."""
    if m.tok_end >= len(doc):
        return False
    word = doc[m.tok_end]
    if (word.ent_type_ or not word.is_alpha or not word.text[:1].isupper() or word.is_upper
            or word.tag_ not in ("NNP", "NNPS") or word.is_sent_start
            or doc_text[m.end:word.idx] != " " or word.lower_ in TITLES or word.lower_ in TEAM_ROLES):
        return False
    after = doc[m.tok_end + 1] if m.tok_end + 1 < len(doc) else None
    if after is not None and after.is_alpha and after.text[:1].isupper():
        return False
    return game_sentence(word.sent)
