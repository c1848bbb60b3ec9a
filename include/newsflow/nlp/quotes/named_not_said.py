"""Predictions, the tagger's included, whose words are named things or a question nobody put:
a list of examples after 'including', a title in quote marks, 'left to wonder: "…?"'.

Why after every pass, like ``unlikely``'s DROPS: the tagger and the rules both take such words
for content, and what governs them is only seen on the finished prediction; a module of its own
because they name things rather than doubt a speech act.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from ..doctext import doc_text
from .lexicon import ALL_MARKS, SPEECH_LEMMAS
from .marks import paragraph_bounds
from .records import Quote
from .syntax import content_span, cue_head, title_like
from .word_lists import EXAMPLE_MARKERS, LEFT_WONDERING_VERBS

__all__ = ["NAMED_DROPS", "drop_named_things"]

#: marks that open a quoted title (the straight ones and the NYT-style ones included)
QUOTE_MARKS = frozenset(ALL_MARKS + "`")


def _example_marker(tok: Token) -> bool:
    """'including' / 'such as' / 'like' heading a list of instances of a noun."""
    if tok.dep_ != "prep":
        return False
    low = tok.lower_
    if low == "like":
        return tok.head.pos_ in ("NOUN", "PROPN")  # 'cities like Leeds', not 'seemed like a joke'
    return low in EXAMPLE_MARKERS or (low == "as" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "such")


def _under_example_marker(span: Span, cue: Token | None) -> bool:
    """Whether the span's head hangs (by any chain) on a list-of-examples word the cue is not under."""
    for anc in span.root.ancestors:
        if anc.i < span.start and _example_marker(anc):
            return cue is None or not (anc.left_edge.i <= cue.i <= anc.right_edge.i)
    return False


def a_list_of_examples(q: Quote, doc: Doc) -> bool:
    """'the first stop of 30 cities including Nashville, Toronto and Denver': names listed as
    instances of a noun after 'including' / 'such as' are no one's words (ATTRIBUTION-GUIDELINE §2),
    whatever cue a pass found for them."""
    if q.kind == "direct":
        return False
    span = content_span(q, doc)
    return span is not None and _under_example_marker(span, cue_head(q, doc))


def a_quoted_title(q: Quote, doc: Doc) -> bool:
    """'After hitting “Takin’ It To the Streets,” the singer told the audience …': a Title Case
    phrase in quote marks that is the object of a verb or preposition that reports nothing names a
    song, book or show; what the speaker said is elsewhere. The sentence's full stop or comma the
    American style sets inside the closing mark ('began the intro to “Takin’ It to the Streets.”')
    is no part of the title."""
    title = q.text.rstrip(".,")
    if q.kind != "direct" or not title_like(title) or any(c in title for c in ".!?"):
        return False
    if q.start == 0 or doc.text[q.start - 1] not in QUOTE_MARKS:
        return False  # an interview's 'A: Bob Marley, Bruno Mars' is the answer, unquoted
    span = content_span(q, doc)
    if span is None:
        return False
    # the title's first word when the parser hung it outside (a title read as a clause splits)
    root = span[0] if not span.start <= span[0].head.i < span.end else span.root
    gov = root.head
    return (root.dep_ in ("dobj", "pobj", "appos") and not (span.start <= gov.i < span.end)
            and gov.lemma_.lower() not in SPEECH_LEMMAS and gov.pos_ in ("VERB", "ADP", "NOUN"))


def left_to_wonder(q: Quote, doc: Doc) -> bool:
    """'The label will be left to wonder: "What did we do to deserve this?"', 'fans were left
    guessing': a question that someone is left with is the writer's picture of their puzzlement,
    not a question they asked."""
    head = cue_head(q, doc)
    return (head is not None and head.lemma_.lower() in LEFT_WONDERING_VERBS
            and head.dep_ in ("xcomp", "advcl", "ccomp") and head.head.lemma_.lower() == "leave")


def a_verbless_line(q: Quote, doc: Doc) -> bool:
    """'Dell G3 15" Laptop with 512GB SSD for $799.99': a reported content with no cue whose whole
    line holds no verb is a deal's or a product's title (a shopping page's headings), no one's
    words (issue 17, fp6: the tagger reads the inch mark as a quotation's)."""
    if q.kind == "direct" or q.cue is not None:
        return False
    ps, pe = paragraph_bounds(doc_text(doc), q.start)
    line = doc.char_span(ps, pe, alignment_mode="expand")
    return line is not None and not any(t.pos_ in ("VERB", "AUX") for t in line)


#: Rules that remove a prediction naming things, not reporting speech.
NAMED_DROPS: tuple[Callable[[Quote, Doc], bool], ...] = (
    a_list_of_examples, a_quoted_title, left_to_wonder, a_verbless_line,
)


def drop_named_things(quotes: list[Quote], doc: Doc) -> list[Quote]:
    """The quotes without those a NAMED_DROPS rule finds name things."""
    return [q for q in quotes if not any(rule(q, doc) for rule in NAMED_DROPS)]
