"""Entity mentions of one article: spaCy's spans trimmed to the name, junk left out.

The ``Mention`` record and :func:`collect_mentions`, which builds the mentions, live here, with
the passes over built mentions (a work's title joined over a colon, acronyms an article defines).
The rules they use live apart, one job each: the span repairs that cut, trim and extend a span to
its name in ``entity_span_repairs``; the tests that leave out spans holding no name in
``entity_junk_filters``; the cleaning of a name (punctuation, possessive, title) in
``entity_names``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from .entity_junk_filters import (
    date_shaped,
    has_name_shape,
    is_bare_title,
    is_heading,
    is_unit,
    number_only,
)
from .entity_names import clean_name, honorific_gender, strip_title, titled_before
from .entity_span_repairs import (
    extend_hyphenated,
    model_name_end,
    name_in_date,
    name_parts,
    polity_label,
    trim_span,
)

#: Entity labels kept (numbers, money, times, percentages are not entities we count).
KEEP_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "DATE", "PRODUCT",
     "WORK_OF_ART", "LANGUAGE"}
)

#: "Name (ACR)": the acronym an article defines right after a name.
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z&.]{1,9})\s*\)")


@dataclass
class Mention:
    """One kept mention; ``label`` and ``canonical`` are rewritten by the later passes."""

    start: int
    end: int
    text: str
    label: str
    sent: int | None
    tok_start: int
    tok_end: int
    titled: bool = False  # a title or honorific is written with it ('Mr.', 'Lt Col')
    canonical: str = ""
    gender: str = ""  # 'm' / 'f' an honorific right before it says ('Mr. Clinton', 'Mrs. Clinton')


def collect_mentions(doc: Doc, doc_text: str, sent_starts: list[int]) -> list[Mention]:
    """The kept mentions of ``doc.ents``, trimmed, in text order."""
    from .quotes.gender import opens_with_first_name  # lazily: the quotes package imports this one

    sent_start_set = frozenset(sent_starts)
    out: list[Mention] = []
    for ent in name_parts(doc.ents):
        if ent.label_ not in KEEP_LABELS:
            continue
        bounds = trim_span(ent, sent_start_set)
        if bounds is None:
            continue
        s_tok, e_tok = bounds
        start = doc[s_tok].idx
        end = doc[e_tok - 1].idx + len(doc[e_tok - 1].text)
        if ent.label_ == "PERSON":
            end = extend_hyphenated(doc_text, end)
        label = ent.label_
        if label in ("ORG", "PERSON", "PRODUCT", "GPE") and (model_end := model_name_end(doc, s_tok, e_tok)) > e_tok:
            if label == "ORG" or not opens_with_first_name(doc[s_tok:e_tok].text):
                label = "PRODUCT"  # a brand and its model ('Malcolm X' stays a person)
            e_tok, end = model_end, doc[model_end - 1].idx + len(doc[model_end - 1].text)
        text = doc_text[start:end]
        if ent.label_ != "DATE" and (not has_name_shape(text) or is_unit(doc, s_tok, e_tok)
                                     or number_only(text, ent.label_)):
            continue
        if ent.label_ == "DATE" and not date_shaped(text):
            continue
        if ent.label_ == "DATE" and (named := name_in_date(doc, s_tok, e_tok)) is not None:
            s_tok, e_tok = named  # the name the phrase is about, a mention of its own
            start, end = doc[s_tok].idx, doc[e_tok - 1].idx + len(doc[e_tok - 1].text)
            text, label = doc_text[start:end], polity_label(doc[s_tok:e_tok].text)
        words = clean_name(text).split()
        titled = titled_before(doc, s_tok) or len(strip_title(words)) < len(words)
        if is_bare_title(words) or (ent.label_ in ("PERSON", "ORG") and is_heading(doc_text, start, end, e_tok - s_tok)):
            continue
        out.append(Mention(start, end, text, label, sent_index(sent_starts, start), s_tok, e_tok, titled,
                           gender=honorific_gender(doc, s_tok)))
    return join_colon_titles(doc, doc_text, out)


#: Labels that are never one half of a work's title ('Kyiv: Ukraine's president said …').
_NOT_TITLE_HALF = frozenset({"GPE", "LOC", "NORP", "DATE", "LANGUAGE"})


def join_colon_titles(doc: Doc, doc_text: str, mentions: list[Mention]) -> list[Mention]:
    """'Star Wars Jedi: Fallen Order', which the model reads as two names ('Wars Jedi',
    'Fallen Order'): two names joined by a colon are one work's title when the joined
    title recurs in the article or follows a word like 'game' (see :func:`colon_title`)."""
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        joined = colon_title(doc, doc_text, m, mentions[i + 1]) if i + 1 < len(mentions) else None
        if joined is not None:
            out.append(joined)
            i += 2
        else:
            out.append(m)
            i += 1
    return out


#: Nouns after which a colon-joined name is a work's title even when written once.
WORK_WORDS = frozenset("film movie album song book novel game series show episode documentary sequel".split())


def proper_word(doc: Doc, i: int) -> bool:
    """A capitalised proper noun followed by a space (a word of the same name)."""
    tok = doc[i]
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.whitespace_ == " "


def colon_title(doc: Doc, doc_text: str, left: Mention, right: Mention) -> Mention | None:
    """The title 'left: right' as one WORK_OF_ART mention, extended back over proper nouns
    the model left out ('Star' of 'Star Wars Jedi'); None when the two are no title.

    Not a title: a dateline or heading in capitals ('WASHINGTON: …'), a place or group on
    either side ('Kyiv: Ukraine's …'), or a pair written once with no work word before it
    ('Photo: Getty Images' is a credit)."""
    if doc_text[left.end:right.start] != ": ":
        return None
    if left.label in _NOT_TITLE_HALF or right.label in _NOT_TITLE_HALF:
        return None
    if left.text.isupper() or right.text.isupper() or not right.text[:1].isupper():
        return None
    s_tok = left.tok_start
    while s_tok > max(0, left.tok_start - 3) and proper_word(doc, s_tok - 1):
        s_tok -= 1
    start = doc[s_tok].idx
    title = doc_text[start:right.end]
    work_word_before = s_tok > 0 and doc[s_tok - 1].lower_ in WORK_WORDS
    if doc_text.count(title) < 2 and not work_word_before:
        return None
    return Mention(start, right.end, title, "WORK_OF_ART", left.sent, s_tok, right.tok_end)


def acronyms_defined(doc_text: str, mentions: list[Mention]) -> dict[str, str]:
    """'Centers for Disease Control and Prevention (CDC)': acronym -> the name it abbreviates."""
    out: dict[str, str] = {}
    for m in mentions:
        if len(m.text.split()) < 2:
            continue
        got = _ACRONYM_AFTER.match(doc_text, m.end)
        if got:
            out[got.group(1).replace(".", "").lower()] = clean_name(m.text)
    return out


def sent_index(sent_starts: list[int], pos: int) -> int | None:
    """Index of the sentence holding character ``pos`` (None without sentences)."""
    if not sent_starts:
        return None
    return max(0, bisect.bisect_right(sent_starts, pos) - 1)
