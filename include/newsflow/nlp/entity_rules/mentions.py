"""Entity mentions of one article: spaCy's spans trimmed to the name, junk left out.

The ``Mention`` record and :func:`collect_mentions`, which builds the mentions, live here, with
the passes over built mentions (a work's title joined over a colon, acronyms an article defines).
The rules they use live apart, one job each: the span repairs that cut, trim and extend a span to
its name in ``span_repairs``; the tests that leave out spans holding no name in
``junk_filters``; the cleaning of a name (punctuation, possessive, title) in
``names``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from .junk_filters import (
    date_shaped,
    has_name_shape,
    is_bare_title,
    is_heading,
    is_unit,
    is_web_address,
    number_only,
)
from .names import clean_name, honorific_gender, strip_title, titled_before
from .partial_names import title_opens_org_name
from .span_repairs import (
    extend_hyphenated,
    model_name_end,
    name_in_date,
    name_parts,
    polity_label,
    trim_span,
)
from .word_lists import TITLE_SMALL_WORDS, WORK_APPOSITION, WORK_WORDS

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
    after_the: bool = False  # one name read as a person's written after 'the' ('the Moon'): no surname
    listed: bool = False  # a person's name listed only with people's full names (people_as_things)


def collect_mentions(doc: Doc, doc_text: str, sent_starts: list[int]) -> list[Mention]:
    """The kept mentions of ``doc.ents``, trimmed, in text order."""
    from ..quotes.gender import opens_with_first_name  # lazily: the quotes package imports this one

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
        if ent.label_ != "DATE" and (not has_name_shape(text) or is_web_address(text) or is_unit(doc, s_tok, e_tok)
                                     or number_only(text, ent.label_)):
            continue
        if ent.label_ == "DATE" and not date_shaped(text):
            continue
        if ent.label_ == "DATE" and (named := name_in_date(doc, s_tok, e_tok)) is not None:
            s_tok, e_tok = named  # the name the phrase is about, a mention of its own
            start, end = doc[s_tok].idx, doc[e_tok - 1].idx + len(doc[e_tok - 1].text)
            text, label = doc_text[start:end], polity_label(doc[s_tok:e_tok].text)
        words = clean_name(text).split()
        titled = titled_before(doc, s_tok) or (len(strip_title(words)) < len(words)
                                               and not title_opens_org_name(label, words))
        if is_bare_title(words) or (ent.label_ in ("PERSON", "ORG") and is_heading(doc_text, start, end, e_tok - s_tok)):
            continue
        out.append(Mention(start, end, text, label, sent_index(sent_starts, start), s_tok, e_tok, titled,
                           gender=honorific_gender(doc, s_tok)))
    return join_small_word_titles(doc, doc_text, join_colon_titles(doc, doc_text, out))


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


def small_word_title_end(doc: Doc, m: Mention) -> tuple[int, bool]:
    """The token end of a title-case run going on after ``m`` over small words and capitalised
    words ('in the' + 'Sky', 'Into' + 'Darkness'), and whether a small word is capitalised
    (title case); ``m.tok_end`` when none runs on."""
    i, end, capital_small = m.tok_end, m.tok_end, False
    while i < len(doc) and doc[i - 1].whitespace_ == " ":
        j, small_cap = i, False
        while j < len(doc) and doc[j].lower_ in TITLE_SMALL_WORDS and doc[j].whitespace_ == " ":
            small_cap = small_cap or doc[j].text[:1].isupper()
            j += 1
        k = j
        while k < len(doc) and doc[k].is_alpha and doc[k].text[:1].isupper() and doc[k].lower_ not in TITLE_SMALL_WORDS \
                and doc[k].ent_type_ not in ("DATE", "CARDINAL", "PERSON", "GPE") and not doc[k].is_sent_start:
            k += 1
        if j == i or k == j:
            break
        end, capital_small = k, capital_small or small_cap
        if doc[k - 1].whitespace_ != " ":
            break
        i = k
    return end, capital_small


def work_cue(doc: Doc, doc_text: str, s_tok: int, e_tok: int) -> bool:
    """A title written in quotation marks, after a work word ('the film …') or followed by an
    apposition naming a work (', his debut,')."""
    start, end = doc[s_tok].idx, doc[e_tok - 1].idx + len(doc[e_tok - 1].text)
    if start > 0 and doc_text[start - 1] in "\"“‘'" and doc_text[end:end + 1] in ("\"", "”", "’", "'"):
        return True
    if s_tok > 0 and doc[s_tok - 1].lower_ in WORK_WORDS:
        return True
    after = [t.lower_ for t in doc[e_tok:e_tok + 4]]
    return bool(after) and after[0] == "," and any(w in WORK_APPOSITION for w in after[1:])


def join_small_word_titles(doc: Doc, doc_text: str, mentions: list[Mention]) -> list[Mention]:
    """'Lucy in the Sky' read as a person 'Lucy' and an organisation 'Sky', 'Star Trek Into
    Darkness' read as 'Star Trek': a name going on over small words and capitalised words is
    one work's title when a title's cue says so (quotation marks, a work word before, a work
    apposition after; or the name is already a work and a small word is title-case, 'Into');
    the mentions inside it go."""
    out: list[Mention] = []
    skip_to = -1
    for m in mentions:
        if m.start < skip_to:
            continue
        if m.label in _NOT_TITLE_HALF or m.label == "WORK_OF_ART" and m.text.isupper():
            out.append(m)
            continue
        end_tok, capital_small = small_word_title_end(doc, m)
        if end_tok == m.tok_end or not (work_cue(doc, doc_text, m.tok_start, end_tok)
                                        or (m.label == "WORK_OF_ART" and capital_small)):
            out.append(m)
            continue
        end = doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
        out.append(Mention(m.start, end, doc_text[m.start:end], "WORK_OF_ART", m.sent, m.tok_start, end_tok))
        skip_to = end
    return out


def acronyms_defined(doc_text: str, mentions: list[Mention]) -> dict[str, str]:
    """'Centers for Disease Control and Prevention (CDC)': acronym -> the name it abbreviates."""
    out: dict[str, str] = {}
    for m in mentions:
        if len(m.text.split()) < 2:
            continue
        got = _ACRONYM_AFTER.match(doc_text, m.end)
        if got and not agency_credit(doc_text, m.start, got.end()):
            out[got.group(1).replace(".", "").lower()] = clean_name(m.text)
    return out


#: The dash a dateline ends with ('SAN FRANCISCO (AP) —', 'KYIV (Reuters) -').
_DATELINE_DASH = re.compile(r"[ \t]*(?:—|–|--|-(?=\s))")


def agency_credit(doc_text: str, start: int, after: int) -> bool:
    """'SAN FRANCISCO (AP) —': a name in brackets after a line's first name and before a
    dateline's dash is the news agency credited, not an acronym of the place (so 'AP' stays
    apart from the city); mid-text 'the Food and Drug Administration (FDA) - ' defines one."""
    line_start = start == 0 or doc_text[:start].rstrip(" \t").endswith("\n")
    return line_start and _DATELINE_DASH.match(doc_text, after) is not None


def sent_index(sent_starts: list[int], pos: int) -> int | None:
    """Index of the sentence holding character ``pos`` (None without sentences)."""
    if not sent_starts:
        return None
    return max(0, bisect.bisect_right(sent_starts, pos) - 1)
