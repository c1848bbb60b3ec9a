"""Quote-mark runs: pairs opening and closing marks character by character.

Why characters and not tokens: curly, straight, single, guillemet and NYT-style marks,
multi-paragraph quotes and stray marks are a property of the text; the passes only need
the runs' offsets. Never raises on unbalanced marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..pieces import Pieces
from .layout_patterns import TRANSCRIPT_RE
from .lexicon import ALL_MARKS, CLOSE_DOUBLE, OPEN_CONTEXT, OPEN_DOUBLE, OPEN_SINGLE


@dataclass
class QuoteRun(Pieces):
    """A run of text inside quote marks (possibly over several paragraphs)."""

    open_pos: int  # index of the opening mark
    close_pos: int | None  # index of the closing mark (None: unclosed at paragraph end)
    pieces: list[tuple[int, int]]  # content pieces, marks excluded
    close_len: int = 1  # 2 for the NYT-style '' mark

    @property
    def after(self) -> int:
        """First character after the closing mark (or after the content)."""
        return self.close_pos + self.close_len if self.close_pos is not None else self.end


def paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the line holding ``pos``: rules and tagger keep a content in its paragraph."""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    return lo, len(text) if hi < 0 else hi


def inside_a_quotation(text: str, pos: int) -> bool:
    """Whether ``pos`` follows an opening quotation mark of its paragraph not yet closed (a
    quotation may run on to the paragraph's end without its closing mark)."""
    before = text[paragraph_bounds(text, pos)[0]:pos]
    opened = sum(before.count(m) for m in OPEN_DOUBLE) - sum(before.count(m) for m in CLOSE_DOUBLE)
    return opened > 0 or before.count('"') % 2 == 1


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line: quote marks pair within paragraphs."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        if text[pos:nl].strip():
            out.append((pos, nl))
        pos = nl + 1
    return out


def _mid_sentence(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    return j >= 0 and j < i - 1 and text[j].isalnum()


def _is_opener_context(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev in OPEN_CONTEXT or prev in OPEN_DOUBLE or prev in OPEN_SINGLE) and not nxt.isspace()


def _spaced_opener(text: str, i: int) -> bool:
    """'… he told Cook. " You guys …"': a straight mark after a finished sentence with a stray
    space before the capital that follows still opens a quotation (a typing slip, not a close)."""
    j = i - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    k = i + 1
    while k < len(text) and text[k] == " ":
        k += 1
    return j < i - 1 and j >= 0 and text[j] in ".!?" and k > i + 1 and k < len(text) and text[k].isupper()


def _double_runs(text: str, ps: int, pe: int) -> tuple[list[tuple[int, int]], int | None]:
    """Pairs (open, close) of double marks in one paragraph; returns unclosed opener too."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    family = ""
    depth = 0  # nested double quotes of the other family inside an open quote
    for i in range(ps, pe):
        c = text[i]
        if c in OPEN_DOUBLE:
            if open_at is None:
                open_at, family, depth = i, "curly", 0
            elif family == "straight" or _mid_sentence(text, i):
                depth += 1  # nested quote ('what he calls “hell” than')
            else:
                open_at, depth = i, 0  # previous opener was stray
        elif c in CLOSE_DOUBLE:
            if open_at is None:
                # a closing mark misused as an opener at the start of a passage
                if _is_opener_context(text, i) and (i == ps or text[i - 1] in " \t\n"):
                    open_at, family, depth = i, "curly", 0
            elif depth:
                depth -= 1
            else:
                pairs.append((open_at, i))
                open_at = None
        elif c == '"':
            if open_at is None:
                if _is_opener_context(text, i) or _spaced_opener(text, i):
                    open_at, family, depth = i, "straight", 0
            elif family == "curly" and _is_opener_context(text, i) and i - 1 != open_at:
                depth += 1  # a straight quote nested in a curly one
            elif depth:
                depth -= 1
            else:
                pairs.append((open_at, i))  # closes either family ("…,” or “…,")
                open_at = None
    return pairs, open_at


def _single_runs(text: str, ps: int, pe: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single quote marks used as quote marks (outside double-quoted runs)."""
    pairs = []
    open_at: int | None = None
    ti = 0
    for i in range(ps, pe):
        while ti < len(taken) and taken[ti][1] < i:
            ti += 1
        if ti < len(taken) and taken[ti][0] <= i <= taken[ti][1]:
            open_at = None
            continue
        c = text[i]
        if c not in "'‘’‹›":
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if open_at is None:
            if c in "'‘‹" and (prev.isspace() or prev in "([{—–") and (nxt.isalnum() or nxt in "$"):
                open_at = i
        elif c in "'’›" and not prev.isspace() and not nxt.isalnum():
            if i - open_at > 2:
                pairs.append((open_at, i))
            open_at = None
    return pairs


def _family(mark: str) -> str | None:
    """A writer repeats the same opening mark at each paragraph of a long quote; a
    paragraph opening with another style (a pasted excerpt's straight marks, then the
    article's curly ones) starts something new."""
    if mark == '"':
        return "straight"
    if mark in "“„”":
        return "curly"
    if mark in "«»":
        return "guillemet"
    return None


def doubled_apostrophes(text: str) -> str:
    """'“It was an attempt to mislead voters,’’ he told …': two curly single marks typeset as one
    double mark close (or open, ‘‘) a quotation; read as one double mark followed by a NUL (same
    length, so offsets still hold)."""
    if "’’" not in text and "‘‘" not in text:
        return text
    return text.replace("‘‘", "“\x00").replace("’’", "”\x00")


def find_quote_marks(text: str) -> list[QuoteRun]:
    """All runs of quoted text, in order; never raises on unbalanced marks."""
    if not any(c in text for c in ALL_MARKS):
        return []
    if "''" in text or "``" in text:
        # NYT style ''…'' (and ``…''): scan a copy where each two-character mark is one
        # straight double mark followed by a NUL (same length, so offsets still hold)
        text = text.replace("``", '"\x00').replace("''", '"\x00')
    text = doubled_apostrophes(text)
    paras = paragraphs(text)
    runs: list[QuoteRun] = []
    carry: QuoteRun | None = None
    for pi, (ps, pe) in enumerate(paras):
        pairs, unclosed = _double_runs(text, ps, pe)
        if carry is not None:
            # the paragraph opens with a mark continuing a multi-paragraph quote
            same = _family(text[ps:pe].lstrip()[:1]) == _family(text[carry.open_pos])
            if same and pairs and text[ps:pairs[0][0]].strip() == "":
                o, c = pairs[0]
                carry.pieces.append((o + 1, c))
                carry.close_pos = c
                runs.append(carry)
                carry = None
                pairs = pairs[1:]
            elif same and not pairs and unclosed is not None and text[ps:unclosed].strip() == "":
                carry.pieces.append((unclosed + 1, pe))
                unclosed = None
            else:
                runs.append(carry)
                carry = None
        for o, c in pairs:
            runs.append(QuoteRun(o, c, [(o + 1, c)]))
        singles = _single_runs(text, ps, pe, [(o, c) for o, c in pairs if c is not None])
        for o, c in singles:
            runs.append(QuoteRun(o, c, [(o + 1, c)]))
        if unclosed is not None and carry is None:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            raw = QuoteRun(unclosed, None, [(unclosed + 1, pe)])
            if (
                nxt is not None
                and _family(text[nxt[0]:nxt[1]].lstrip()[:1]) == _family(text[unclosed])
                and not TRANSCRIPT_RE.match(text, nxt[0], nxt[1])
            ):
                carry = raw
            else:
                runs.append(raw)
    if carry is not None:
        runs.append(carry)
    runs.sort(key=lambda r: r.open_pos)
    # trim whitespace inside pieces; drop empty
    out = []
    for r in runs:
        pieces = []
        if r.close_pos is not None and text[r.close_pos + 1:r.close_pos + 2] == "\x00":
            r.close_len = 2
        for s, e in r.pieces:
            while s < e and (text[s].isspace() or text[s] == "\x00"):
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                pieces.append((s, e))
        if pieces:
            r.pieces = pieces
            out.append(r)
    return out
