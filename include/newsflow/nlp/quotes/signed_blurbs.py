"""Signed blurbs: the reviews a round-up or a testimonial page quotes, each signed on a line of
its own after it (ATTRIBUTION-GUIDELINE H4: verbatim material set off by layout is direct).

Why a layout rule: no verb frames a blurb. A review round-up sets a reviewer's paragraphs
before the outlet's name in brackets ('… Stadia delivers.¶[ Engadget ]'); a testimonial page
quotes a customer and signs the quotation with a dash ('“Very talented people!”¶– Ali***').
The signature is the page's, the same on every site; it must recur (two signed lines at least)
so that a lone photo credit or a citation in brackets is never read as one. Attributions inside
a blurb are the reviewer's words (§2, nested in a direct quotation), so none is kept there.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..entities import normalise_key
from .marks import paragraphs
from .records import Candidate, Quote
from .scores import SIGNED_BLURB
from .state import QuoteState
from .word_lists import NAME_PARTICLES

#: A line that is only a signature: '[ The Verge ]' or '– Jane Doe, Daily Planet' (the name
#: opens with a capital, ends a short line; an embedded post's '(@handle) Date' is no blurb's).
BLURB_SIGNATURE_RE = re.compile(
    r"[ \t]*(?:\[[ \t]*(?P<bracket>[^\]\n=@]{1,50}?)[ \t]*\]|(?:--|[—–―])[ \t]*(?P<dash>[^\n=@()]{1,50}?))[ \t]*$"
)
#: Signed lines a page needs before any is read as a blurb's signature (the layout recurs).
MIN_SIGNATURES = 2
#: Words a signature's name has at most ('Dia**** Co** Ga****', 'Tom's Guide').
MAX_NAME_WORDS = 6
#: Plain paragraphs of one blurb at most, read back from its signature.
MAX_BLURB_PARAS = 3
#: Words a plain paragraph needs to be a blurb's, not a heading ('What Does Stadia Offer?').
MIN_BLURB_WORDS = 8
#: What a blurb's paragraph ends with: a sentence's end (a heading or an intro 'say:' has none).
SENTENCE_ENDS = ".!?…\"”’'"
#: Quote marks that open and close a quoted blurb.
OPEN_MARKS = "“\"‘'"
CLOSE_MARKS = "”\"’'"


def signature_name(text: str, ps: int, pe: int) -> tuple[int, int] | None:
    """The (start, end) of the name signing paragraph ``ps``..``pe``, if the paragraph is only a
    signature; of a '– Name, Outlet' signature the person, before the comma."""
    m = BLURB_SIGNATURE_RE.match(text, ps, pe)
    if m is None or m.end() != pe:
        return None
    group = "bracket" if m.group("bracket") is not None else "dash"
    s, e = m.span(group)
    comma = text.find(",", s, e)
    if group == "dash" and comma > s:
        e = comma
    name = text[s:e].strip()
    if not name or not name[0].isupper() or len(name.split()) > MAX_NAME_WORDS or name[-1] in ".!?:;":
        return None
    if not a_name(name):
        return None
    return s, s + len(text[s:e].rstrip())


def a_name(name: str) -> bool:
    """Whether a signature reads as a name: no label before a colon ('Photo: AP', 'Video: …') and
    no lower-case word but a name's particle ('Reporting by Jane Doe', 'Directed by …' credit, not sign)."""
    return ":" not in name and all(
        w[0].isupper() or w[0].isdigit() or w in NAME_PARTICLES for w in name.split())


def dash_signed(text: str, ps: int) -> bool:
    """Whether paragraph ``ps`` is signed with a dash (the testimonial's '– Ali***'), not brackets."""
    return text[ps:].lstrip()[:1] != "["


def quoted_paragraph(text: str, ps: int, pe: int) -> tuple[int, int] | None:
    """The words inside the marks when paragraph ``ps``..``pe`` is one quotation whole."""
    s, e = ps, pe
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e - s < 3 or text[s] not in OPEN_MARKS or text[e - 1] not in CLOSE_MARKS:
        return None
    inner = text[s + 1:e - 1]
    if any(m in inner for m in "“”\""):
        return None  # two quotations, or a title inside: not one blurb
    return s + 1, e - 1


def blurb_paragraph(text: str, ps: int, pe: int) -> bool:
    """Whether a plain paragraph reads as a blurb's prose: sentences, not a heading or an intro."""
    body = text[ps:pe].rstrip()
    return len(body.split()) >= MIN_BLURB_WORDS and body[-1:] in SENTENCE_ENDS


def blurb_pieces(text: str, paras: list[tuple[int, int]], k: int, signed: set[int]) -> list[tuple[int, int]]:
    """The paragraphs the signature in paragraph ``k`` signs: the quotation right before it, or
    the plain paragraphs back to a heading, an intro or the blurb signed before."""
    if k == 0 or k - 1 in signed:
        return []
    ps, pe = paras[k - 1]
    quoted = quoted_paragraph(text, ps, pe)
    if quoted is not None:
        return [quoted]
    if dash_signed(text, paras[k][0]):
        return []  # a dash under plain prose is a poem's, a credit's or a list's, not a blurb's sign
    out: list[tuple[int, int]] = []
    j = k - 1
    while j >= 0 and j not in signed and len(out) < MAX_BLURB_PARAS and blurb_paragraph(text, *paras[j]):
        out.insert(0, paras[j])
        j -= 1
    return out


def signed_blurbs(st: QuoteState) -> list[Candidate]:
    """One direct attribution per paragraph of each signed blurb, its speaker the signed name."""
    text = st.text
    paras = paragraphs(text)
    names = {k: n for k, (ps, pe) in enumerate(paras) if (n := signature_name(text, ps, pe)) is not None}
    if len(names) < MIN_SIGNATURES or len({text[s:e] for s, e in names.values()}) < MIN_SIGNATURES:
        return []  # one label repeated ('[ Advertisement ]' between paragraphs) signs nothing
    out: list[Candidate] = []
    for k, name in names.items():
        for s, e in blurb_pieces(text, paras, k, set(names)):
            while e > s and text[e - 1].isspace():
                e -= 1
            # the signature stands for the cue, as an embedded post's dash does
            out.append(Candidate(pieces=[(s, e)], kind="direct", cue_tok=None, cue_text=None, cue_bounds=None,
                                 speaker_tok=None, speaker_bounds=name, confidence=SIGNED_BLURB))
    return out


def signed_by_name(q: Quote) -> Quote:
    """A blurb's speaker is the whole name it is signed with ('Jo** Al****', a reviewer who signs
    with initials), not the part of it the entity model took for a first name."""
    name = (q.speaker_text or "").strip()
    if not name or q.speaker == name:
        return q
    label = q.speaker_label or "ANON"
    return replace(q, speaker=name, speaker_label=label, speaker_key=normalise_key(label, name))
