"""Span repairs: the NER's entity spans cut, trimmed and extended to the name they hold.

Why apart from building mentions: the small model's spans are wrong in a few recurring ways
that no later vote can repair — a possessive or leading verb inside the span ("Echoing
Kerry's"), a hyphenated name cut short ("Moon Jae" of "Moon Jae-in"), an unclosed parenthesis
("World Health Organization (WHO"), a name written twice ("Ace, Ace"). Two names run together
are cut in two ("Washington Post/ABC News", "Thibaut Courtois to Real Madrid"), and what follows
a name without being part of it is cut off (a year "Manafortin 1995", a score "Gibraltar 6-0", a
headline's words "Obama Just Pulled Out", a verb after an abbreviation "Fort Worth P.D. Open").
What the model cuts off a name is put back: a possessive inside it ("People's Daily"), a
product's model words ("TOYOTA" of "TOYOTA RAV4 PRIME") and a code before it ("BMJ" of "BMJ
Case Reports"); a date phrase about a name ("the end for the Soviet Union") gives the name's
bounds. Each is one small rule here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span

from .name_bounds import bounded_names, cut_at_joining_word, office_possessive
from .names import POSSESSIVE
from .place_possessives import place_owner_parts
from .places import known_place
from .possessive_names import written_only_whole
from .span_joins import joined_names, role_before_name
from .word_lists import (
    HEADLINE_AUXILIARIES,
    ORG_DESIGNATORS,
    POLITY_HEADS,
    REGIONS,
    SPEECH_WORDS,
    TIME_WORDS,
    TITLES,
)

_VERB_TAGS = frozenset({"VBG", "VBD", "VBN", "VBZ", "VBP", "VB", "MD"})  # MD: 'Will Kowal continue …?'

_FUNCTION_TAGS = frozenset({"IN", "DT", "RB", "CC", "WDT"})

#: A match score or result written after a team's name ('Gibraltar 6-0').
_SCORE = re.compile(r"^\d{1,3}[-–]\d{1,3}$")


def trim_span(span: Span, sent_starts: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """Token bounds of the entity without possessives, stray punctuation or leading verbs."""
    start, end = span.start, span.end
    doc = span.doc
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in POSSESSIVE
                           or doc[end - 1].is_punct and doc[end - 1].text not in ".)"):
        end -= 1
    while end > start and doc[start].is_punct:
        start += 1
    if span.label_ not in ("DATE", "PERSON"):
        end = extend_possessive_name(doc, start, end)
    if span.label_ == "PERSON":
        # "Echoing Kerry" / "Asked Harf": sentence-initial verbs and function words are no name
        # ("Barack" tagged IN is a name: only real function words go)
        while end - start > 1 and (
            doc[start].tag_ in _VERB_TAGS
            or (doc[start].tag_ in _FUNCTION_TAGS and doc[start].is_stop)
            or not doc[start].text[:1].isupper()
            or (doc[start].text.lower().endswith("ing") and doc[start].idx in sent_starts)
            or sentence_adjective(doc, start, end, sent_starts)
            or doc[start].lower_ in SPEECH_WORDS
        ):
            start += 1
        end = headline_words_cut(doc, start, end)
        # 'Davis Manafortin 1995', 'Ali 25.000' (a short number is a title's: 'Destiny 2')
        while end - start > 1 and doc[end - 1].like_num and len(doc[end - 1].text) > 3:
            end -= 1
    elif span.label_ in ("ORG", "GPE") and start >= 2 and (
        doc[start - 2].lower_ == "secretary" and doc[start - 1].lower_ == "of"
    ):
        return None  # "Secretary of State": part of a title, not the state or a body
    if span.label_ == "ORG":
        start = role_before_name(doc, start, end)  # 'Founder of Ceres Robotics Inc.'
    end = close_parenthesis(doc, start, end)
    end = verb_after_abbreviation(doc, start, end)
    start = code_before(doc, start, end, span.label_)
    if span.label_ == "ORG":
        end = product_word_after(doc, start, end)
    end = drop_trailing_score(doc, start, end)
    if span.label_ in ("ORG", "PRODUCT", "WORK_OF_ART", "FAC"):
        end = drop_cut_compound(doc, start, end)
    end = drop_repetition(doc, start, end)
    if span.label_ not in ("DATE", "GPE", "LOC", "FAC"):  # 'the next two months', "Martha's Vineyard"
        end = cut_inner_possessive(doc, start, end)
        end = drop_trailing_common_words(doc, start, end)
    return (start, end) if end > start else None


def sentence_adjective(doc: Doc, start: int, end: int, sent_starts: frozenset[int]) -> bool:
    """'Recent Samsung smart TVs': an adjective opening the sentence, capitalised only for
    that, is no part of the name (a first name tagged so is: 'Rich Lowry')."""
    if doc[start].tag_ not in ("JJ", "JJR", "JJS") or doc[start].idx not in sent_starts:
        return False
    from ..quotes.gender import opens_with_first_name  # lazily: the quotes package imports this one

    return not opens_with_first_name(doc[start:end].text)


def headline_words_cut(doc: Doc, start: int, end: int) -> int:
    """'Obama Just Pulled Out', 'Sanders Are', 'Hillary Asking Moderator': a headline in
    title case runs a person's name into the words after it; the name ends before the first
    capitalised function word or the headline's own verb (not a last word that may be a
    surname: 'Theresa May', 'Will')."""
    for i in range(start + 1, end):
        tok = doc[i]
        if tok.text[:1].isupper() and not tok.is_upper and (
            (tok.is_stop and i < end - 1) or tok.lower_ in HEADLINE_AUXILIARIES
            or (tok.tag_ in ("VBG", "VBD", "VBZ") and i < end - 1)
        ):
            return i
    return end


def verb_after_abbreviation(doc: Doc, start: int, end: int) -> int:
    """'Fort Worth P.D. Open the door!': after an abbreviation's full stop a new sentence may
    start; a last word that takes a direct object after the span is that sentence's verb,
    no part of the name."""
    last = doc[end - 1]
    if end - start > 1 and doc[end - 2].text.endswith(".") and len(doc[end - 2].text) > 1 and any(
            c.dep_ == "dobj" and c.i >= end for c in last.children):
        return end - 1
    return end


def code_before(doc: Doc, start: int, end: int, label: str) -> int:
    """'BMJ' of 'BMJ Case Reports': an all-capitals word right before a span, outside any entity,
    compounded with it and no title ('CEO'), is the first word of the same name (not of a person's
    name opening with a first name: 'DL Larry Ogunjobi' is a position before a name)."""
    if start == 0 or end <= start:
        return start
    if label == "PERSON":  # imported lazily: the quotes package imports this module (via entities)
        from ..quotes.gender import opens_with_first_name

        if opens_with_first_name(doc[start:end].text):
            return start
    prev = doc[start - 1]
    if (prev.is_upper and prev.is_alpha and 2 <= len(prev) <= 5 and prev.ent_iob_ == "O"
            and prev.dep_ == "compound" and prev.head.i in range(start, end) and prev.whitespace_ == " "
            and prev.lower_ not in TITLES and prev.tag_ == "NNP"):
        return start - 1
    return start


def product_word_after(doc: Doc, start: int, end: int) -> int:
    """'an Apple TV box' where the article names 'Apple TV' elsewhere, 'the new Apple TV+
    service': a brand the model reads alone, followed by capitalised nouns outside any entity
    that it modifies, is the first word of one product's name when the model reads that whole
    name as a name elsewhere in the article or a '+' ends it ('a Samsung TV' alone stays the
    brand's); a company's word ('Amazon Web Services'), a title ('Apple CEO') or a role before
    a person's name ('Apple designer Jony Ive') is never a product's word."""
    i, plus = end, False
    while (not plus and i < len(doc) and doc[i - 1].whitespace_ == " " and doc[i - 1].dep_ == "compound"
           and doc[i - 1].head.i >= i and doc[i].ent_iob_ == "O" and doc[i].text.rstrip("+").isalpha()
           and doc[i].text[:1].isupper() and doc[i].tag_ in ("NNP", "NNPS", "NN")
           and doc[i].lower_.rstrip("+") not in TITLES | ORG_DESIGNATORS | REGIONS):
        plus = doc[i].text.endswith("+")
        i += 1
    if i == end or (i < len(doc) and doc[i].ent_type_ == "PERSON") or _line_starts(doc, end, i):
        return end
    if i < len(doc) and doc[i].text == "+" and not doc[i - 1].whitespace_:
        i, plus = i + 1, True
    name = doc[start:i].text.lower()
    return i if plus or any(e.text.lower() == name for e in doc.ents) else end


def _line_starts(doc: Doc, start: int, end: int) -> bool:
    """Some token in ``start..end`` opens a line (a heading's words are no name)."""
    return any(j > 0 and "\n" in doc[j - 1].whitespace_ + doc[j - 1].text for j in range(start, end))


def drop_cut_compound(doc: Doc, start: int, end: int) -> int:
    """'Monoprice Essentials USB' of 'the Monoprice Essentials USB-C cable': a span the model ends
    inside a hyphenated word ('USB-C', 'Wi-Fi') has cut a modifier of what follows (a port or
    standard the thing uses), no word of the name: the cut word goes."""
    if end - start < 2 or end + 1 >= len(doc):
        return end
    last, hyphen, rest = doc[end - 1], doc[end], doc[end + 1]
    if hyphen.text in ("-", "–") and not last.whitespace_ and not hyphen.whitespace_ and rest.text.isalnum() \
            and rest.ent_iob_ != "I" and last.is_upper and doc[end - 2].whitespace_:
        return end - 1
    return end


def drop_trailing_score(doc: Doc, start: int, end: int) -> int:
    """'Gibraltar 6-0', 'Iceland 0-0': a match result after a team's name is no part of it
    (one token '6-0' or three: '6', '-', '0')."""
    if end - start > 1 and _SCORE.match(doc[end - 1].text):
        return end - 1
    if end - start > 3 and doc[end - 2].text in ("-", "–") and doc[end - 1].is_digit and doc[end - 3].is_digit:
        return end - 3
    return end


def close_parenthesis(doc: Doc, start: int, end: int) -> int:
    """"World Health Organization (WHO": a span with an unclosed '(' ends before it (the
    acronym is picked up by :func:`acronyms_defined`)."""
    depth = 0
    for i in range(start, end):
        if doc[i].text == "(":
            depth += 1
            opened = i
        elif doc[i].text == ")":
            depth -= 1
    if depth > 0:
        end = opened
        while end > start and doc[end - 1].is_punct:
            end -= 1
    return end


def cut_inner_possessive(doc: Doc, start: int, end: int) -> int:
    """"The Verge's Stadia", "Ascom's Unite Connect": two names; the owner is kept (not in a
    name with a possessive of its own: "People's Daily", see :func:`possessive_in_name`, or
    one the article writes only whole: "Martha's Vineyard", see ``possessive_names``)."""
    for i in range(start + 1, end):
        if doc[i].tag_ == "POS" or doc[i].text in ("'s", "’s"):
            whole = possessive_in_name(doc, start, i) or written_only_whole(doc, start, i, end)
            return end if whole or office_possessive(doc, i) else i
    return end


def model_code(text: str) -> bool:
    """'RAV4', 'XC90', 'E' (of 'Mach E'): a model's code, letters with digits or one capital
    (not 'A' or 'I', words of their own: 'Plan A', 'the Honda I own')."""
    return (len(text) == 1 and text.isupper() and text not in ("A", "I")) or (
        text.isalnum() and any(c.isdigit() for c in text) and any(c.isalpha() for c in text))


def model_name_end(doc: Doc, start: int, end: int) -> int:
    """'TOYOTA' + 'RAV4 PRIME', 'FORD' + 'MUSTANG MACH E', 'Mustang Mach' + 'E': a name the model
    ends before the model words of one product (capitalised words and at least one model code,
    :func:`model_code`, on the same line) runs on to its last code, and to the line's end when
    only capitalised words follow the code there (a heading naming the product: 'RAV4 PRIME')."""
    i, last_code = end, None
    while i < len(doc) and doc[i - 1].whitespace_ == " " and doc[i].text[:1].isupper() and (
            doc[i].is_alpha or model_code(doc[i].text)):
        if model_code(doc[i].text):
            last_code = i
        i += 1
    if last_code is None:
        return end
    if len(doc[last_code]) == 1 and len(re.findall(
            rf"\b{re.escape(doc[last_code - 1].text)}\s+{doc[last_code].text}\b", doc.text, re.IGNORECASE)) < 2:
        return end  # one letter is a model's only when the article writes it so again ('Group E' once)
    at_line_end = i == len(doc) or doc[i].is_space or "\n" in doc[i - 1].whitespace_
    return i if at_line_end else last_code + 1


def possessive_in_name(doc: Doc, start: int, pos: int) -> bool:
    """"People's Daily", "the People’s Liberation Army", "Workers' Party": a name holding a
    possessive is one name when the owner is one plural noun (a group of people, no name of
    its own: the tagger's NNPS, or a plural before a bare apostrophe) and title-case words
    continue the name after it; "The Verge's Stadia" names two things (Verge is no plural)."""
    first = start + 1 if doc[start].lower_ in ("the", "a", "an") else start
    if pos - first != 1 or pos + 1 >= len(doc):
        return False
    owner, after = doc[first], doc[pos + 1]
    plural = owner.tag_ == "NNPS" or (doc[pos].text in ("'", "’") and owner.lower_.endswith("s"))
    return plural and owner.text[:1].isupper() and after.text[:1].isupper() and after.is_alpha


def extend_possessive_name(doc: Doc, start: int, end: int) -> int:
    """"the People" + "’s Daily": a span the model ends at the possessive of a name holding one
    (:func:`possessive_in_name`) runs on over the title-case words after it."""
    if end >= len(doc) or not (doc[end].tag_ == "POS" or doc[end].text in POSSESSIVE):
        return end
    if not possessive_in_name(doc, start, end):
        return end
    new_end = end + 1
    while new_end < len(doc) and doc[new_end].is_alpha and doc[new_end].text[:1].isupper() \
            and doc[new_end].tag_ in ("NNP", "NNPS"):
        new_end += 1
    return new_end if new_end > end + 1 else end


def drop_trailing_common_words(doc: Doc, start: int, end: int) -> int:
    """"Google Stadia founder": lower-case words at the end of a span are no part of a
    name (inside one they are: 'Bank of England'; so is the '-in' of 'Moon Jae-in')."""
    while end - start > 1 and doc[end - 1].is_alpha and doc[end - 1].is_lower and doc[end - 2].whitespace_:
        end -= 1
    return end


def drop_repetition(doc: Doc, start: int, end: int) -> int:
    """"Ace, Ace" / "Ace Ace": a name the span holds twice is one mention of it."""
    words = [t.lower_ for t in doc[start:end] if not t.is_punct]
    n = len(words)
    if n >= 2 and n % 2 == 0 and words[: n // 2] == words[n // 2:]:
        half = 0
        for i in range(start, end):
            if not doc[i].is_punct:
                half += 1
            if half == n // 2:
                return i + 1
    return end


def extend_hyphenated(text: str, end: int) -> int:
    """"Moon Jae" + "-in": a name the tokenizer cut at a hyphen ends after the hyphenated
    word (a hyphen followed directly by a lower-case letter continues the word; 'US-China'
    is two names)."""
    tail = re.match(r"-[a-z]{1,3}\b", text[end:end + 5])
    return end + len(tail.group(0)) if tail else end  # 'Oscar-winning' is no name


def name_in_date(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """'the beginning of the end for the Soviet Union': a span the model calls a date with no
    number and no word of time, holding a proper name after a preposition, is a phrase about that
    name, no date and no key for it: the token bounds of the name ('the end of 2019', 'the week
    after Thanksgiving' are dates: a number or a word of time)."""
    toks = doc[start:end]
    if any(t.like_num or t.lower_ in TIME_WORDS for t in toks):
        return None
    for t in toks:
        if t.tag_ != "IN":
            continue
        i = t.i + 1
        while i < end and (doc[i].tag_ == "DT" or not doc[i].text[:1].isupper()):
            i += 1
        j = i
        while j < end and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
            j += 1
        if j > i and j == end:
            return i, j
    return None


def polity_label(name: str) -> str:
    """The label of a name cut out of a date phrase: a state's ('Soviet Union') or a known
    place's is GPE, another is an organisation's until the cluster's votes say otherwise."""
    words = name.split()
    return "GPE" if known_place(name) or words[-1].lower() in POLITY_HEADS else "ORG"


def coordinated_names(ent: Span, i: int, alone: set[str]) -> bool:
    """'iPad Pro and MacBook Pro' or 'Starship, Blue Origin' as one span: 'and' or a comma
    between two names one of which the article also writes as a name of its own ('MacBook Pro'
    alone elsewhere; after a comma both, 'Starship' and 'Blue Origin'); 'Procter and Gamble',
    'Department of Health and Human Services' or 'Tyvak Systems, Inc.' have no half (no two
    halves) written alone."""
    doc = ent.doc
    left, right = bare(doc[ent.start:i].text), bare(doc[i + 1:ent.end].text)
    if doc[i].text == ",":  # both halves alone: 'Dräger, Inc.', 'Paris, France' are one name
        return ent.label_ not in ("GPE", "LOC", "FAC") and left in alone and right in alone
    if doc[i].lower_ != "and":
        return False
    return left in alone or right in alone


def bare(text: str) -> str:
    """A name without a leading 'the' or a possessive, lower-case, to compare ('The Lumo Max' =
    "Lumo Max's" = 'Lumo Max')."""
    low = text.lower()
    for pos in POSSESSIVE:
        if low.endswith(pos):
            low = low[:-len(pos)]
    return low[4:] if low.startswith("the ") else low


def name_parts(ents: Sequence[Span]) -> Iterator[Span]:
    """Each entity span, cut in two where it runs two names together: at a slash between
    capitalised words ('Washington Post/ABC News', 'Handout/Reuters'), at a lower-case 'to' /
    'vs' between two names ('Thibaut Courtois to Real Madrid') or at an 'and' or a comma between
    two names the article also writes alone; both parts keep the label (the cluster's votes settle it);
    a place's possessive before a facility's name is the place and the facility (``place_possessives``).
    First a place the model cut out of a longer name is joined back into it (``span_joins``), and an
    office's name into one, and two places before one place type cut apart (``name_bounds``)."""
    ents = bounded_names(joined_names(ents))
    alone = {bare(e.text) for e in ents}
    for ent in ents:
        if parts := place_owner_parts(ent):  # "Nashville's Grand Ole Opry"
            yield from parts
            continue
        doc, start = ent.doc, ent.start
        for i in range(ent.start + 1, ent.end - 1):
            tok = doc[i]
            if (tok.text == "/" or cut_at_joining_word(ent, tok) or coordinated_names(ent, i, alone)) \
                    and doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper():
                yield Span(doc, start, i, label=ent.label_)
                start = i + 1
        yield ent if start == ent.start else Span(doc, start, ent.end, label=ent.label_)
