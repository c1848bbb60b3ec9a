"""A player's marks on a name the model read as an organisation, a place or a facility.

Why: sports pages name players the small model does not know, often with first names the
first-name list lacks ('diver Keetan Munsell', 'Linus Ullmark stopped 22 shots'), and read them
as a team, a site or a town. A player's role noun right before the name, or a player's count
of the game's statistics right after it, is what no team's, place's or company's name takes
written so (a team is a place or a plural: 'Buffalo scored', 'the Sabres').
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from .mentions import Mention
from .names import clean_name
from .places import known_place
from .word_lists import PLAYER_ROLES, STAT_NOUNS


def player_name_shape(name: str) -> bool:
    """Two or three capitalised words, none a known place: a person's full name's shape."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not known_place(name)


def player_role_before(doc: Doc, m: Mention) -> bool:
    """'keeper Kepa Arrizabalaga', 'Salina South diver Keetan Munsell': a lower-case noun of a
    player's position right before the name."""
    return m.tok_start > 0 and doc[m.tok_start - 1].lower_ in PLAYER_ROLES and doc[m.tok_start - 1].is_lower


def stat_count_after(doc: Doc, m: Mention) -> bool:
    """'Linus Ullmark stopped 22 shots', 'Anders Nilsson made 35 saves', 'Armani Sheffield 19
    points': a number and a noun of a player's statistics after the name (a verb may come between)."""
    i = m.tok_end
    verb = i < len(doc) and doc[i].pos_ == "VERB"
    i += verb
    return i + 1 < len(doc) and doc[i].like_num and (
        doc[i + 1].lower_ in STAT_NOUNS or (doc[i + 1].lower_ == "points" and not verb))


def player_marked(doc: Doc, mentions: Sequence[Mention]) -> bool:
    """A mention with a person's full name's shape and a player's mark before or after it."""
    return any(player_name_shape(clean_name(m.text)) and (player_role_before(doc, m) or stat_count_after(doc, m))
               for m in mentions)
