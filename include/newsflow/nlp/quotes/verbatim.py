"""Verbatim material the page's layout sets off without quote marks (ATTRIBUTION-GUIDELINE H4:
direct): embedded social posts, the answers of a Q&A interview and the letters of an advice
column.

Why apart: neither quote marks nor a verb frame it, so neither the quote-mark runs nor the
reporting verbs see it. An embedded tweet reaches the text as its lines and a signature,
'— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019'; an interview as 'Q: …' / 'A: …'
paragraphs; a reader's letter to an advice column as 'DEAR ABBY: …' paragraphs signed
'-- WORRIED IN OHIO'. The shapes are the page's, the same on every outlet.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..entities import normalise_key
from .gender import opens_with_first_name
from .marks import paragraphs
from .records import Candidate, Quote
from .scores import COLUMN_LETTER, EMBEDDED_POST, INTERVIEW_ANSWER
from .state import QuoteState

#: '— Name (@handle) Month D, YYYY': the signature line of an embedded post.
SIGNATURE_RE = re.compile(r"[—–―-]+[ \t]*(?P<name>[^\n(@]{1,80}?)[ \t]*\(@\w{1,30}\)[ \t]*[A-Z][a-z]+\.? \d{1,2}, \d{4}[ \t]*$")
#: A link the embed leaves at the end of a post's line ('pic.twitter.com/…', 'https://t.co/…').
TRAILING_LINK_RE = re.compile(r"(?:\s+(?:https?://\S+|pic\.twitter\.com/\S+|[\w.-]+\.[a-z]{2,}/\S+))+\s*$")
#: Most lines of a post read back from its signature (a post is short).
MAX_POST_LINES = 6
#: Characters of a post's text at most.
MAX_POST_CHARS = 1500


def signed_name(text: str, ps: int, pe: int) -> tuple[int, int] | None:
    """The (start, end) of the poster's name when the paragraph ``ps``..``pe`` is a post's
    signature, else None; a name's trailing emoji or marks are no part of it."""
    m = SIGNATURE_RE.match(text, ps, pe)
    if m is None:
        return None
    s, e = m.span("name")
    while e > s and not (text[e - 1].isalnum() or text[e - 1] == "."):
        e -= 1
    return (s, e) if e > s else None


def post_lines(text: str, paras: list[tuple[int, int]], k: int) -> list[tuple[int, int]]:
    """The lines of the post signed by paragraph ``k``: the lines right before it, back to
    a blank line (only the one line before when the article never leaves one blank)."""
    if k == 0:
        return []
    if "\n\n" not in text:
        return [paras[k - 1]]
    out = [paras[k - 1]]
    j = k - 2
    while j >= 0 and len(out) < MAX_POST_LINES and text[paras[j][1]:out[0][0]].count("\n") < 2:
        out.insert(0, paras[j])
        j -= 1
    while len(out) > 1 and sum(e - s for s, e in out) > MAX_POST_CHARS:
        out.pop(0)
    return out


def without_link(text: str, s: int, e: int) -> tuple[int, int]:
    """A post's line without the link the embed leaves at its end."""
    m = TRAILING_LINK_RE.search(text, s, e)
    return (s, m.start()) if m is not None else (s, e)


def embedded_posts(st: QuoteState) -> list[Candidate]:
    """One direct attribution per line of each embedded post, its speaker the signed name."""
    text = st.text
    paras = paragraphs(text)
    out: list[Candidate] = []
    for k, (ps, pe) in enumerate(paras):
        name = signed_name(text, ps, pe)
        if name is None:
            continue
        for s, e in post_lines(text, paras, k):
            s, e = without_link(text, s, e)
            if len(text[s:e].split()) < 2:
                continue
            # the signature's dash stands for the cue, as in a dash byline ('"…" ― Pamela Padilla')
            out.append(Candidate(pieces=[(s, e)], kind="direct", cue_tok=None, cue_text=text[ps], cue_bounds=None,
                                 speaker_tok=None, speaker_bounds=name, confidence=EMBEDDED_POST))
    return out


#: 'Q: How do you prioritize your day?' / 'A: I have been well served …'
QUESTION_RE = re.compile(r"[ \t]*(?:Q|Question)[ \t]*:[ \t]+")
ANSWER_RE = re.compile(r"[ \t]*(?:A|Answer)[ \t]*:[ \t]*")


def interviewee(st: QuoteState, before: int) -> tuple[int, int] | None:
    """The person a Q&A interviews: the person the introduction (before its first question)
    names most often, at that person's last mention there."""
    counts: dict[str, int] = {}
    last: dict[str, tuple[int, int]] = {}
    for ent in st.entities:
        if ent.label == "PERSON" and ent.end <= before:
            counts[ent.key] = counts.get(ent.key, 0) + 1
            last[ent.key] = (ent.start, ent.end)
    if counts:
        return last[max(counts, key=lambda k: (counts[k], last[k][0]))]
    return first_full_name(st, before)


def first_full_name(st: QuoteState, before: int) -> tuple[int, int] | None:
    """The first run of proper nouns opening with a known first name before ``before`` (a name
    the model tagged as nothing: 'Experience is thrilled to have Junior Gaspard …')."""
    doc = st.doc
    i = 0
    while i < len(doc) and doc[i].idx < before:
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].idx < before:
            j += 1
        if j - i >= 2 and opens_with_first_name(doc[i:j].text):
            return doc[i].idx, doc[j - 1].idx + len(doc[j - 1])
        i = j + 1
    return None


def interview_answers(st: QuoteState) -> list[Candidate]:
    """One direct attribution per paragraph of each answer of a Q&A interview (an 'A:'
    paragraph and those after it up to the next question; after the last question only the
    'A:' paragraph: what follows is the writer's 'Thanks Marta!'), its speaker the interviewee."""
    text = st.text
    paras = paragraphs(text)
    questions = [k for k, (ps, pe) in enumerate(paras) if QUESTION_RE.match(text, ps, pe)]
    if len(questions) < 2:
        return []
    speaker = interviewee(st, paras[questions[0]][0])
    out: list[Candidate] = []
    answering = False
    for k, (ps, pe) in enumerate(paras[questions[0]:], start=questions[0]):
        if k in questions:
            answering = False
            continue
        label = ANSWER_RE.match(text, ps, pe)
        if label is not None:
            answering, ps = True, label.end()
        elif k > questions[-1]:
            answering = False
        if not answering or len(text[ps:pe].split()) < 2:
            continue
        out.append(Candidate(pieces=[(ps, pe)], kind="direct", cue_tok=None, cue_text="A:", cue_bounds=None,
                             speaker_tok=None, speaker_bounds=speaker, confidence=INTERVIEW_ANSWER))
    return out


#: 'DEAR ABBY: My husband …': a letter's salutation to the columnist, opening its first paragraph.
SALUTATION_RE = re.compile(r"[ \t]*(?:DEAR|Dear)[ \t]+[A-Z][\w.'’ -]{0,40}?:[ \t]*")
#: '… Should I have? -- BEATEN UP IN CALIFORNIA': the letter writer's capitalised pen name
#: after a dash, ending its last paragraph (no lower-case letter in it).
PEN_NAME_RE = re.compile(r"(?P<dash>--|[—–―])[ \t]*(?P<name>[A-Z][A-Z0-9 ,.'’&/-]{2,60}?)[ \t]*$")
#: Characters at the end of a paragraph a dash and pen name can take.
PEN_NAME_TAIL = 72
#: Paragraphs of one letter at most, read back from its pen name to its salutation.
MAX_LETTER_PARAS = 8


def pen_name(text: str, ps: int, pe: int) -> re.Match[str] | None:
    """The dash and pen name signing the paragraph ``ps``..``pe`` ('… -- CONCERNED SISTER'),
    if any; the paragraph must hold words of its own before them."""
    m = PEN_NAME_RE.search(text, max(ps, pe - PEN_NAME_TAIL), pe)  # the tail only: bounded time
    if m is None or m.end() != pe or len(text[ps:m.start()].split()) < 3:
        return None
    return m if sum(ch.isalpha() for ch in m.group("name")) >= 3 else None


def letter_paragraphs(text: str, paras: list[tuple[int, int]], k: int, signed: set[int]) -> list[tuple[int, int]]:
    """The paragraphs of the letter signed in paragraph ``k``, back to the one opening with its
    salutation (that one's words after it); none when no salutation comes first, or another
    letter's pen name comes between (the columnist's reply is no letter)."""
    for j in range(k, max(-1, k - MAX_LETTER_PARAS), -1):
        if j != k and j in signed:
            return []
        ps, pe = paras[j]
        m = SALUTATION_RE.match(text, ps, pe)
        if m is not None:
            return [(m.end(), pe)] + paras[j + 1:k + 1]
    return []


def column_letters(st: QuoteState) -> list[Candidate]:
    """One direct attribution per paragraph of each reader's letter to an advice column (a
    salutation opens it, a dash and a capitalised pen name sign it), the pen name its speaker;
    the columnist's replies are the article's own words."""
    text = st.text
    paras = paragraphs(text)
    names = {k: m for k, (ps, pe) in enumerate(paras) if (m := pen_name(text, ps, pe)) is not None}
    out: list[Candidate] = []
    for k, m in names.items():
        for ps, pe in letter_paragraphs(text, paras, k, set(names)):
            if ps < m.start() < pe:
                pe = m.start()
            while pe > ps and text[pe - 1].isspace():
                pe -= 1
            if len(text[ps:pe].split()) < 2:
                continue
            out.append(Candidate(pieces=[(ps, pe)], kind="direct", cue_tok=None, cue_text=m.group("dash"),
                                 cue_bounds=None, speaker_tok=None, speaker_bounds=m.span("name"),
                                 confidence=COLUMN_LETTER))
    return out


def signed_by_pen_name(q: Quote) -> Quote:
    """A letter's speaker is its whole pen name ('TIRED OF MOWING IN OHIO'), not a place or
    person the name mentions: the writer signs anonymously."""
    name = (q.speaker_text or "").strip()
    return replace(q, speaker=name, speaker_label="ANON", speaker_key=normalise_key("anon", name)) if name else q
