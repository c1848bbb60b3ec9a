"""Two names the model ran into one mention, cut back into two: a place before a person's
name ('envoy to Ukraine Kurt Volker'), a list of names read as one ('Big Machine, Braun') and
two names with a verb between ('Garrett hit Rudolph', a result line's 'Melbourne d. Cocoa'); a
name run into the 'the' of the next ('told Billboard the Doobies have been recording'); a craft's
name run into the world it flies to ('the Galileo Jupiter probe').

Why: a run-together mention gets a key of its own that is neither thing ('org:ukraine kurt
volker' next to 'org:volker'), splitting the person and merging the place into them. The cut
is made only where both halves are names a reader knows apart: a place the article names on
its own, then a name opening with a known first name; or two names each of which the article
writes alone too, a comma or a word no name holds between them. (A person's name run into a
thing is ``clusters.split_run_together``.)
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .cluster_keys import PLACE_LABELS, mention_name
from .mentions import Mention
from .names import clean_name
from .person_marks import first_name_known
from .places import known_place
from .word_lists import DEFEATED, NAME_INNER_WORDS

#: Labels of mentions that may hold two names run together.
_RUN_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "PRODUCT", "NORP"})


def _cut(doc: Doc, m: Mention, words: list[re.Match[str]], cut: int, first: int,
         labels: tuple[str, str], gap: int = 0) -> list[Mention] | None:
    """``m`` as two mentions at word ``cut`` (words before ``first`` dropped: 'the'; ``gap``
    words after ``cut - 1`` dropped: a verb or 'd.' between two names); None when a cut falls
    inside a token."""
    a_start, a_end = m.start + words[first].start(), m.start + words[cut - 1].end()
    if m.text[words[cut - 1].end() - 1] == ",":
        a_end -= 1
    b_start = m.start + words[cut + gap].start()
    a, b = doc.char_span(a_start, a_end), doc.char_span(b_start, m.end)
    if a is None or b is None:
        return None
    return [Mention(a_start, a_end, a.text, labels[0], m.sent, a.start, a.end),
            Mention(b_start, m.end, b.text, labels[1], m.sent, b.start, b.end)]


def place_then_person(head: str, rest: str, places: set[str]) -> bool:
    """'Ukraine' + 'Kurt Volker': a place the article also names on its own, then a name of two
    words or more in capitals, no place, opening with a first name the lexicon knows ('San' +
    'Francisco Bay Area' is no such pair: 'San' is no place of the article)."""
    rest_words = rest.split()
    return (head.lower() in places and not known_place(rest) and len(rest_words) >= 2
            and all(w[:1].isupper() for w in rest_words) and first_name_known(rest))


def listed_names(head: str, rest: str, alone: set[str]) -> bool:
    """'Big Machine' + 'Braun' of 'Big Machine, Braun': two names, a comma between, that the
    article both writes alone elsewhere (a list the model read as one name; a place's 'Houston,
    TX' is one place, see ``cluster_keys.state_dropped``)."""
    return head.endswith(",") and clean_name(head).lower() in alone and clean_name(rest).lower() in alone


def joined_by_word(head: str, word: str, rest: str, alone: set[str]) -> bool:
    """'Garrett' + 'Rudolph' of 'Garrett hit Rudolph', 'Melbourne' + 'Cocoa' of a result line's
    'Melbourne d. Cocoa': two names the article writes alone elsewhere, one lower-case word
    between them that is no word of a name (a verb, 'after', 'd.' for 'defeated')."""
    return (word.islower() and word.strip(".,") not in NAME_INNER_WORDS
            and clean_name(head).lower() in alone and clean_name(rest).lower() in alone)


def name_then_the_name(head: str, word: str, rest: str, alone: set[str], once: bool) -> bool:
    """'Billboard' + 'Doobies' of 'told Billboard the Doobies have': one capitalised word, then
    'the' opening a name the article writes alone elsewhere, the whole run written nowhere else;
    a name holding 'the' ('Jack the Ripper', 'Winnie the Pooh') opens with a first name."""
    return (once and word == "the" and len(head.split()) == 1 and head[:1].isupper()
            and clean_name(head).lower() not in NAME_INNER_WORDS and all(w[:1].isupper() for w in rest.split())
            and clean_name(rest).lower() in alone and not first_name_known(f"{head} the {rest}"))


def name_then_land_before_noun(doc: Doc, m: Mention, head: str, rest: str, lands: set[str], once: bool) -> bool:
    """'Galileo' + 'Jupiter' of 'the Galileo Jupiter probe': a name, then a LOC (a planet, a sea,
    a region) the article writes alone, both modifying the lower-case noun right after; a GPE
    stays ('the Air India flight' is one airline), and so does a name written whole again."""
    after = doc[m.tok_end] if m.tok_end < len(doc) else None
    head_words = head.split()
    return (once and after is not None and after.pos_ == "NOUN" and after.is_lower
            and clean_name(rest).lower() in lands and all(w[:1].isupper() for w in head_words)
            and head_words[-1].lower() not in NAME_INNER_WORDS and not known_place(head))


#: A score ('8-0', '3–2').
_SCORE = re.compile(r"\d{1,3}\s*[-–]\s*\d{1,3}")


def result_line_sides(doc: Doc, m: Mention, word: str) -> bool:
    """'Melbourne d. Cocoa 8-0', 'Palm Bay Magnet def. Astronaut 5-0': a result line's two
    sides, a word for 'defeated' between them and the score right after."""
    return word in DEFEATED and _SCORE.match(doc[m.tok_end: m.tok_end + 3].text) is not None


def split_run_together_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Each mention holding a place and a person's name, two listed names, two names with a verb
    or 'the' between, or a craft and the world it flies to, as two mentions (see the module
    docstring); the others unchanged."""
    places = {mention_name(m).lower() for m in mentions if m.label in PLACE_LABELS}
    lands = {mention_name(m).lower() for m in mentions if m.label == "LOC"}
    names = [clean_name(m.text).lower() for m in mentions]
    out: list[Mention] = []
    for m, own in zip(mentions, names, strict=True):
        words = list(re.finditer(r"\S+", m.text))
        pieces = None
        if m.label in _RUN_LABELS and len(words) > 1:
            first = next((i for i, w in enumerate(words) if not w.group().islower()), 0)
            alone = set(names) - {own}
            for k in range(first + 1, len(words)):
                head = " ".join(w.group() for w in words[first:k])
                rest = " ".join(w.group() for w in words[k:])
                if place_then_person(head, rest, places):
                    pieces = _cut(doc, m, words, k, first, ("GPE", "PERSON"))
                elif m.label not in PLACE_LABELS and listed_names(head, rest, alone):
                    pieces = _cut(doc, m, words, k, first, (m.label, m.label))
                elif m.label not in PLACE_LABELS and name_then_land_before_noun(
                        doc, m, head, rest, lands, names.count(own) == 1):
                    pieces = _cut(doc, m, words, k, first, (m.label, "LOC"))
                elif k + 1 < len(words) and (result_line_sides(doc, m, words[k].group()) or joined_by_word(
                        head, words[k].group(), " ".join(w.group() for w in words[k + 1:]), alone)
                        or name_then_the_name(head, words[k].group(), " ".join(w.group() for w in words[k + 1:]),
                                              alone, names.count(own) == 1)):
                    pieces = _cut(doc, m, words, k, first, (m.label, m.label), gap=1)
                if pieces:
                    break
        out.extend(pieces or [m])
    return out
