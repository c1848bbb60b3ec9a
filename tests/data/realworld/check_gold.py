"""Check a real-world gold file against the guideline's mechanical rules.

Every span indexes the Zyte ground-truth text; direct fragments sit strictly between
quotation marks or paragraph edges (H4, run-on quotes); indirect/stance content holds no quotation marks of its own at the ends;
no content crosses a newline. Usage: python check_gold.py GOLD.json [GOLD.json ...]
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from select_articles import ZYTE

OPEN = "\"“‘'«„‚‹"
CLOSE = "\"”’'»“‹›"
KINDS = {"direct", "mixed", "indirect", "stance"}


def problems(article: dict, text: str) -> list[str]:
    out = []
    for i, a in enumerate(article["attributions"]):
        where = f"{article['id'][:8]}#{i}"
        if a.get("kind") not in KINDS:
            out.append(f"{where}: kind {a.get('kind')!r}")
        spans = [("content", s) for s in a.get("content") or []]
        if not spans:
            out.append(f"{where}: no content")
        spans += [(k, a[k]) for k in ("cue", "speaker") if a.get(k)]
        for name, (s, e) in spans:
            if not (0 <= s < e <= len(text)):
                out.append(f"{where}: {name} [{s},{e}] out of range")
                continue
            piece = text[s:e]
            if name == "content" and "\n" in piece:
                out.append(f"{where}: content crosses a paragraph")
            if piece != piece.strip():
                out.append(f"{where}: {name} {piece[:30]!r} has outer whitespace")
            if name == "content" and a["kind"] == "direct":
                # a quote mark, or a paragraph edge: a quotation running on into the next
                # paragraph, or verbatim material set off by layout (guideline H4)
                before, after = text[s - 1: s], text[e: e + 1]
                if before == " " and text[s - 2: s - 1] in OPEN:  # a stray space after the mark: '" You guys'
                    before = text[s - 2: s - 1]
                if before in CLOSE and text[s - 2: s - 1] in (" ", ":"):  # a closer used to open: 'said: ”Bird flu'
                    before = OPEN[0]
                if after == " " and text[e + 1: e + 2] in CLOSE:  # and before it: 'continue to see ” Mayer said'
                    after = text[e + 1: e + 2]
                edge = before in ("", "\n") or after in ("", "\n")
                if not edge and (before not in OPEN or after not in CLOSE):
                    out.append(f"{where}: direct fragment not bounded by quote marks: {before!r}…{after!r}")
        for key, want in (("cue_text", "cue"), ("speaker_text", "speaker")):
            if a.get(want) and a.get(key) is not None and text[slice(*a[want])] != a[key]:
                out.append(f"{where}: {key} {a[key]!r} != {text[slice(*a[want])]!r}")
        if not a.get("speaker_name"):
            out.append(f"{where}: no speaker_name")
    return out


def main(paths: list[str], check: Callable[[dict, str], list[str]] = problems) -> int:
    """Print what `check` finds in every article of the gold files; exit status 1 if anything."""
    texts = {k: v["articleBody"] for k, v in json.loads(ZYTE.read_text(encoding="utf-8")).items()}
    bad = 0
    for path in paths:
        for article in json.loads(Path(path).read_text(encoding="utf-8"))["articles"]:
            for p in check(article, texts[article["id"]]):
                print(f"{path}: {p}")
                bad += 1
    print(f"{bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
