"""PolNeAR brat files -> per-token attribution roles (BIO over SOURCE / CUE / CONTENT).

Why its own module: the training corpus, the slice scorer and the tests must read the
gold the same way the harness (``shared/tools/eval_quotes.py``) does: one annotator per
article (the lexicographically first file), every ``E`` line with a Content argument is
one attribution, fragments of a discontinuous span count separately as tokens go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

ROLES = ("SOURCE", "CUE", "CONTENT")
LABELS = ("O",) + tuple(f"{p}-{r}" for r in ROLES for p in ("B", "I"))

_T_RE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_RE = re.compile(r"^(E\d+)\t(.*)$")

Frags = list[tuple[int, int]]


@dataclass
class Attribution:
    """One gold attribution: merged character fragments per role."""

    content: Frags
    source: Frags = field(default_factory=list)
    cue: Frags = field(default_factory=list)


@dataclass
class Article:
    """An article's text and its gold attributions (one annotator)."""

    id: str
    text: str
    annotator: str
    attributions: list[Attribution]


def _merge(frags: Frags) -> Frags:
    out: list[list[int]] = []
    for s, e in sorted(f for f in frags if f[1] > f[0]):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def parse_ann(raw: str) -> list[Attribution]:
    """Attributions of one brat file (events without Content are skipped, as the harness does)."""
    spans: dict[str, Frags] = {}
    events: list[dict[str, list[str]]] = []
    for line in raw.splitlines():
        m = _T_RE.match(line)
        if m:
            # brat fragments are "start end" pairs
            spans[m.group(1)] = [cast("tuple[int, int]", tuple(int(x) for x in p.split()))
                                 for p in m.group(3).split(";")]
            continue
        m = _E_RE.match(line)
        if m:
            args: dict[str, list[str]] = {}
            for a in m.group(2).split():
                if ":" in a:
                    role, tid = a.split(":", 1)
                    args.setdefault(re.sub(r"\d+$", "", role), []).append(tid)
            events.append(args)
    out = []
    for args in events:
        def frags(role: str, args: dict = args) -> Frags:
            return _merge([f for tid in args.get(role, []) if tid in spans for f in spans[tid]])

        content = frags("Content")
        if content:
            out.append(Attribution(content=content, source=frags("Source"), cue=frags("Cue")))
    return out


def load_split(split_dir: Path | str) -> list[Article]:
    """Every annotated article of a split folder (``text/`` + ``attributions/``), sorted by id."""
    split_dir = Path(split_dir)
    anns: dict[str, list[tuple[str, Path]]] = {}
    for f in sorted((split_dir / "attributions").glob("*.ann")):
        m = re.match(r"^(.*)_([^_]+)\.ann$", f.name)
        if m:
            anns.setdefault(m.group(1), []).append((m.group(2), f))
    out = []
    for tf in sorted((split_dir / "text").glob("*.txt")):
        if tf.stem not in anns:
            continue
        annotator, af = sorted(anns[tf.stem])[0]
        text = tf.read_text(encoding="utf-8")
        raw = af.read_text(encoding="utf-8")
        out.append(Article(tf.stem, text, annotator, parse_ann(raw)))
    return out


def token_roles(doc: Doc, attributions: list[Attribution]) -> list[str]:
    """One BIO label per token of ``doc``.

    A token takes a role when its first character lies in a fragment. Content is laid
    first and wins: PolNeAR nests attributions inside others' content, and the outer
    content is the extent the rules most often miss; a nested source or cue only fills
    tokens no content holds. Each fragment starts with a B- label.
    """
    starts = [t.idx for t in doc]
    labels = ["O"] * len(doc)
    owner = [-1] * len(doc)
    import bisect

    span_id = 0
    for role, get in (("CONTENT", lambda a: a.content), ("SOURCE", lambda a: a.source),
                      ("CUE", lambda a: a.cue)):
        for att in attributions:
            for s, e in get(att):
                span_id += 1
                lo = bisect.bisect_left(starts, s)
                hi = bisect.bisect_left(starts, e)
                first = True
                for i in range(lo, hi):
                    if labels[i] != "O" or doc[i].is_space:
                        first = first or labels[i] != "O"
                        continue
                    labels[i] = ("B-" if first else "I-") + role
                    owner[i] = span_id
                    first = False
    return labels


def role_spans(labels: list[str]) -> list[tuple[str, int, int]]:
    """(role, start token, end token) runs of a BIO sequence; a stray I- opens a span."""
    out: list[tuple[str, int, int]] = []
    cur: tuple[str, int] | None = None
    for i, lab in enumerate(list(labels) + ["O"]):
        prefix, _, role = lab.partition("-")
        if cur and (prefix != "I" or role != cur[0]):
            out.append((cur[0], cur[1], i))
            cur = None
        if prefix in ("B", "I") and cur is None:
            cur = (role, i)
    return out
