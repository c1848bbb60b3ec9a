"""Check the entity-cluster gold (issue 18): every mention indexes the Zyte ground-truth text,
mentions do not overlap, each cluster has a name and one of the kept labels.
Usage: python check_entities.py gold-entities*.json"""
from __future__ import annotations

import sys

import check_gold

LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}


def problems(article: dict, text: str) -> list[str]:
    out, taken = [], []
    for i, ent in enumerate(article["entities"]):
        where = f"{article['id'][:8]}#{i} {ent.get('name')!r}"
        if not ent.get("name"):
            out.append(f"{where}: no name")
        if ent.get("label") not in LABELS:
            out.append(f"{where}: label {ent.get('label')!r}")
        if not ent.get("mentions"):
            out.append(f"{where}: no mentions")
        for s, e in ent.get("mentions", []):
            if not (0 <= s < e <= len(text)):
                out.append(f"{where}: mention [{s},{e}] out of range")
                continue
            if text[s:e] != text[s:e].strip():
                out.append(f"{where}: mention {text[s:e]!r} has outer whitespace")
            taken.append((s, e, where))
    taken.sort()
    for (s1, e1, w1), (s2, e2, w2) in zip(taken, taken[1:], strict=False):
        if s2 < e1:
            out.append(f"overlapping mentions: {w1} [{s1},{e1}] and {w2} [{s2},{e2}]")
    return out


if __name__ == "__main__":
    sys.exit(check_gold.main(sys.argv[1:], problems))
