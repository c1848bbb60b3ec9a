"""Verbatim material the page's layout sets off without quote marks (ATTRIBUTION-GUIDELINE H4:
direct): embedded social posts and the answers of a Q&A interview.

Why apart: neither quote marks nor a verb frame it, so neither the quote-mark runs nor the
reporting verbs see it. An embedded tweet reaches the text as its lines and a signature,
'— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019'; an interview as 'Q: …' / 'A: …'
paragraphs. The shapes are the page's, the same on every outlet.
"""

from __future__ import annotations

import re

from .gender import opens_with_first_name
from .marks import paragraphs
from .records import Candidate
from .scores import EMBEDDED_POST, INTERVIEW_ANSWER
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
