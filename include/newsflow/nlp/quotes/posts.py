"""Embedded social posts: the text of a post an article embeds, signed on the line after it.

Why apart: an embedded tweet reaches the article's text as its lines and a signature,
'— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019', with no quote marks and no verb,
so neither the quote-mark runs nor the reporting verbs see it; yet it is the poster's own
words, verbatim (ATTRIBUTION-GUIDELINE H4: direct). The shape is the embed's, the same on
every outlet.
"""

from __future__ import annotations

import re

from .marks import paragraphs
from .records import Candidate
from .scores import EMBEDDED_POST
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
