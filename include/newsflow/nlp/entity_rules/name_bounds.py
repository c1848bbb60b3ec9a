"""Span bounds of long names the model reads in pieces, and of two places it runs together.

Why: the small model reads the pieces of a long office's name as names of their own ('U.S.' +
'the Western District' + 'New York' of 'the U.S. Attorney's Office for the Western District of
New York'), so the country's and the state's keys take mentions of an office, and the court
district becomes a place of its own ('loc:western'); and it runs two places named before one
plural place type into one name ('Orange and Riverside' of 'Orange and Riverside counties'),
a key that is neither place, as it does two names of a list ('Bleacher Report, Uber Eats'); and
it reads a company's last word apart ('GateHouse' + 'Media'), a name listing its fields in pieces
('Boeing Defense, Space' + 'Security') and a work's title in quotation marks as names (“Melvin and
Howard” as two people), keys of their own for words of no name. Each rule here fixes the bounds
before the spans are cut and trimmed (:func:`span_repairs.name_parts`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .places import known_place
from .word_lists import JOINING_WORDS, PLACE_TYPES, TITLE_SMALL_WORDS

#: Office heads a role's possessive opens ('Attorney's Office'), a court's areas and compass words
#: ('the Western District of New York').
OFFICE_NAME_HEADS = frozenset("office department bureau division".split())
COURT_AREAS = frozenset({"district"})
COMPASS_WORDS = frozenset("northern southern eastern western middle central".split())

#: The model's labels of places.
_PLACE_LABELS = frozenset({"GPE", "LOC"})
#: Words that join an office's name to the area or body it serves ('Office for the …', 'of').
_SERVES = frozenset({"for", "of"})
#: Capitalised words at most between a place and an office's head ('U.S. Attorney's Office').
MAX_OFFICE_WORDS = 4


def bounded_names(ents: Sequence[Span]) -> list[Span]:
    """The entity spans with two listed places or names cut apart (:func:`listed_places`,
    :func:`listed_names`), a name listing its parts joined (:func:`serial_name`), each court's
    district joined to its state (:func:`court_district`), a company's last word to its name
    (:func:`head_word_apart`) and each office written as a role's possessive joined into one name
    (:func:`possessive_office`), and a title in quotation marks made one work (:func:`quoted_titles`);
    the spans a joined one covers go."""
    out: list[Span] = []
    skip_to = -1
    alone = Counter(e.text.lower() for e in ents)
    for i, ent in enumerate(ents):
        if ent.start < skip_to:
            continue
        if parts := listed_places(ent) or listed_names(ent):
            out.extend(parts)
            continue
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        joined = nxt is not None and (court_district(ent, nxt) or head_word_apart(ent, nxt)
                                      or serial_name(ent, nxt, alone)) or None
        out.append(joined or ent)
        skip_to = out[-1].end
    return quoted_titles(possessive_office(out))


def court_district(ent: Span, nxt: Span) -> Span | None:
    """'the Western District' + 'of' + 'New York', 'the Ninth Circuit' does not: a compass word
    and a court's area ('District') followed by 'of' and a place is a federal court district's
    name, one organisation (the model reads the district as a place of its own, 'loc:western')."""
    doc = ent.doc
    if nxt.label_ not in _PLACE_LABELS or nxt.start != ent.end + 1 or doc[ent.end].lower_ != "of":
        return None
    if len(ent) < 2 or ent[-1].lower_ not in COURT_AREAS or ent[-2].lower_ not in COMPASS_WORDS:
        return None
    if not all(t.text[:1].isupper() for t in ent[-2:]):
        return None
    return Span(doc, ent.start, nxt.end, label="ORG")


def serial_name(ent: Span, nxt: Span, alone: Counter[str]) -> Span | None:
    """'Boeing Defense, Space' + ', and' + 'Security': a name of two words or more, a comma and one
    title-case word, then ', and' and one more title-case word ending the name, is one name listing
    its fields ('Department of Health, Education, and Welfare'), when neither listed word is a name
    the article writes on its own elsewhere ('Apple TV, Netflix, and Hulu' lists three names)."""
    doc = ent.doc
    if ent.label_ != "ORG" or len(nxt) != 1 or nxt.start != ent.end + 2 or len(ent) < 4:
        return None
    if doc[ent.end].text != "," or doc[ent.end + 1].lower_ != "and" or ent[-2].text != ",":
        return None
    words = (ent[-1], nxt[0])
    if not all(w.is_alpha and w.text.istitle() for w in words) or alone[words[0].lower_] or alone[words[1].lower_] > 1:
        return None
    if nxt.end < len(doc) and doc[nxt.end].text[:1].isupper() and doc[nxt.end - 1].whitespace_ == " ":
        return None  # the last name goes on ('…, and Security Council')
    return Span(doc, ent.start, nxt.end, label="ORG")


def listed_names(ent: Span) -> list[Span] | None:
    """'Bleacher Report, Uber Eats' before ', and ParkMobile': a span holding one comma between
    capitalised words, which a list's ',' / 'and' and another capitalised word follow, is two names
    of the list; not a name listing one-word fields ('Boeing Defense, Space', :func:`serial_name`)
    nor a place's ('Paris, France') or a company's form ('Dräger, Inc.')."""
    doc = ent.doc
    commas = [t.i for t in ent if t.text == ","]
    if ent.label_ in _PLACE_LABELS or ent.label_ == "PERSON" or len(commas) != 1 or ent.end + 1 >= len(doc):
        return None
    i = commas[0]
    if not ent.start < i < ent.end - 2 or not (doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper()):
        return None  # the right side is one word: a field of the name, a form ('Inc.')
    after = doc[ent.end: ent.end + 3]
    goes_on = [t for t in after if t.lower_ not in (",", "and")]
    if not goes_on or goes_on[0].i == ent.end or not goes_on[0].text[:1].isupper() or branch_place(ent, i):
        return None
    return [Span(doc, ent.start, i, label=ent.label_), Span(doc, i + 1, ent.end, label=ent.label_)]


def branch_place(ent: Span, comma: int) -> bool:
    """'the University of California, Los Angeles': a place after the comma names the campus or
    branch of the name before it, one name, not a second name of a list."""
    return known_place(ent.doc[comma + 1:ent.end].text)


def head_word_apart(ent: Span, nxt: Span) -> Span | None:
    """'GateHouse' + 'Media': an organisation's span right before a one-word organisation's span
    in title case that its last word modifies (a compound) is one name ('Media' alone names
    nothing); not an owner's possessive or a list ("Apple's" + 'HomeKit', 'Gannett and GateHouse')."""
    last, word = ent[-1], nxt[0]
    if ent.label_ != "ORG" or nxt.label_ != "ORG" or nxt.start != ent.end or len(nxt) != 1:
        return None
    if last.whitespace_ != " " or last.dep_ != "compound" or last.head.i != word.i or last.tag_ == "POS":
        return None
    if not (word.is_alpha and word.text.istitle() and last.text[:1].isupper()):
        return None
    return Span(ent.doc, ent.start, nxt.end, label="ORG")


def possessive_office(ents: list[Span]) -> list[Span]:
    """'the U.S. Attorney's Office for the Western District of New York', 'the California
    Governor's Office of Emergency Services': a role's possessive before an office's head
    ('Office', 'Department'), after at most a place, is one office's name up to the body or
    area it serves (an organisation's span after 'for'/'of'); the place in it is no place of its
    own. Not a person's or an organisation's possessive ('Trump's Department', 'NASA's Office')."""
    if not ents:
        return ents
    doc = ents[0].doc
    out = list(ents)
    for head in doc:
        if head.lower_ not in OFFICE_NAME_HEADS or not head.text[:1].isupper() or head.i < 2:
            continue
        role = doc[head.i - 2]
        if not office_possessive(doc, head.i - 1):
            continue
        start = _office_start(role)
        end = _office_end(head, out)
        joined = Span(doc, start, end, label="ORG")
        out = [e for e in out if e.end <= start or e.start >= end]
        out.append(joined)
        out.sort(key=lambda e: e.start)
    return out


def office_possessive(doc: Doc, pos: int) -> bool:
    """"the U.S. Attorney's Office": the possessive ``pos`` of a role before an office's head is
    inside the office's name, not an owner's before a name (:func:`_role_word`)."""
    return (0 < pos < len(doc) - 1 and doc[pos].tag_ == "POS" and _role_word(doc[pos - 1])
            and doc[pos + 1].lower_ in OFFICE_NAME_HEADS and doc[pos + 1].text[:1].isupper())


def _role_word(tok: Token) -> bool:
    """'Attorney', 'Governor' of "the Oregon Governor's Office": a title-case proper noun outside
    any name, or ending a name of two words or more the model reads as no person's ('The Oregon
    Governor'); not a one-word name ('NASA', 'Trump') nor a place's or a person's."""
    if not (tok.is_alpha and tok.text.istitle() and tok.tag_ in ("NNP", "NNPS")):
        return False
    if tok.ent_iob_ == "O":
        return True
    if tok.ent_type_ != "ORG" or tok.ent_iob_ == "B":
        return False  # a person's or a place's possessive owns the office ("South Dakota's Department")
    doc, i = tok.doc, tok.i + 1
    if i < len(doc) and doc[i].tag_ == "POS" and doc[i].ent_iob_ == "I":
        i += 1  # the name holds its possessive ("The Oregon Governor's")
    return i == len(doc) or doc[i].ent_iob_ != "I"


def _free_proper(tok: Token) -> bool:
    """A capitalised proper noun outside any entity ('Attorney', 'Governor')."""
    return tok.ent_iob_ == "O" and tok.is_alpha and tok.text[:1].isupper() and tok.tag_ in ("NNP", "NNPS")


def _office_start(role: Token) -> int:
    """The first token of an office's name ending in ``role``: back over the name the role ends
    ('The Oregon Governor'), capitalised words outside any name and a place's name ('U.S.',
    'California'), at most :data:`MAX_OFFICE_WORDS`."""
    doc = role.doc
    start = role.i
    while start > 0 and role.ent_iob_ == "I" and doc[start].ent_iob_ == "I":
        start -= 1
    while start > 0 and role.i - start < MAX_OFFICE_WORDS:
        prev = doc[start - 1]
        if _free_proper(prev) or (prev.ent_type_ == "GPE" and prev.text[:1].isupper()):
            start -= 1
        else:
            break
    return start


def _office_end(head: Token, ents: list[Span]) -> int:
    """The end of an office's name opening with ``head``: the organisation's span it opens
    ('Office of Emergency Services'), or the organisation's span after 'for (the)' / 'of (the)';
    else the head itself."""
    doc = head.doc
    for e in ents:
        if e.start == head.i and e.label_ == "ORG":
            return e.end
    i = head.i + 1
    if i < len(doc) and doc[i].lower_ in _SERVES:
        j = i + 1 + (i + 1 < len(doc) and doc[i + 1].lower_ == "the")
        for e in ents:
            if e.label_ == "ORG" and (e.start == j or (e.start == i + 1 and doc[e.start].lower_ == "the")):
                return e.end
    return head.i + 1


#: The model's labels of names (a number inside quotation marks makes no title: “Three Amigos”).
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "NORP", "EVENT"})
#: Small words a title in quotation marks may hold ('Melvin and Howard', 'Takin' It to the Streets').
_QUOTED_SMALL = "|".join(sorted(TITLE_SMALL_WORDS | {"and", "&"}))
#: A title in quotation marks: two to fifteen words in title case (the first may be a number, a
#: subtitle may follow a colon: “Financial Freedom: A Proven Path to …”), a space may follow the
#: opening mark, a comma or stop inside the close.
_QUOTED_TITLE = re.compile(r"(?<=[“\"]) ?([A-Z0-9][\w’']*(?::? (?:" + _QUOTED_SMALL + r"|[A-Z][\w’']*)){1,14})[,.]?(?=[”\"])")


def quoted_titles(ents: list[Span]) -> list[Span]:
    """“Melvin and Howard”, “Takin’ It to the Streets,”, “China Grove,”: words in title case
    inside quotation marks, which the model reads as names in pieces (two people, a country), are
    one work's title; its pieces go. Only where a model's name lies inside and none runs past the
    marks (a quoted name alone, “Black Death”, stays as the model reads it)."""
    if not ents:
        return ents
    doc = ents[0].doc
    out = list(ents)
    for match in _QUOTED_TITLE.finditer(doc.text):
        title = doc.char_span(match.start(1), match.end(1))
        if title is None:
            continue
        inside = [e for e in out if e.start < title.end and title.start < e.end]
        if not any(e.label_ in _NAME_LABELS for e in inside) or any(e.start < title.start or e.end > title.end for e in inside) \
                or (len(inside) == 1 and inside[0].start == title.start and inside[0].end == title.end):
            continue
        out = sorted([e for e in out if e not in inside] + [Span(doc, title.start, title.end, label="WORK_OF_ART")],
                     key=lambda e: e.start)
    return out


def listed_places(ent: Span) -> list[Span] | None:
    """'Orange and Riverside' of 'Orange and Riverside counties': one 'and' between capitalised
    words inside a name's span that a plural place type follows ('counties', 'provinces') lists
    two places, two place spans (whatever the model's label); a known place's own 'and' stays
    ('Trinidad and Tobago')."""
    doc = ent.doc
    ands = [t.i for t in ent if t.lower_ == "and"]
    if ent.label_ == "PERSON" or len(ands) != 1 or ent.end >= len(doc) or not ent.start < ands[0] < ent.end - 1:
        return None
    i, after = ands[0], doc[ent.end]
    name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    if after.tag_ != "NNS" or after.lemma_.lower() not in PLACE_TYPES or known_place(name):
        return None
    if not (doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper()):
        return None
    return [Span(doc, ent.start, i, label="GPE"), Span(doc, i + 1, ent.end, label="GPE")]


def cut_at_joining_word(ent: Span, tok: Token) -> bool:
    """'Thibaut Courtois to Real Madrid' is two names run together over 'to' or 'vs', but a work's
    title holds such words ('Road to Perdition', 'A Proven Path to All the Money', 'Kramer vs.
    Kramer'): only a span not read as a work's title is cut there."""
    return tok.text in JOINING_WORDS and ent.label_ != "WORK_OF_ART"
