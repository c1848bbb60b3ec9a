"""Issue 18's entity metrics on the real-world entity gold (gold-entities.json), for one half.

A system mention belongs to the gold cluster whose mention it overlaps; a system key is the
`entity_key` newsflow gives the mention. Reported:
  label accuracy  share of system keys (with a gold cluster) whose label is that cluster's label
  split           share of gold clusters whose mentions fall under more than one system key
  merged          system keys whose mentions fall in two or more gold clusters
  found           share of gold mentions overlapped by some system mention
Usage: python score_entities.py selection|study|fresh|fresh2|fresh3|fresh4|fresh5|fresh6|heldout|all [--show]
fresh3: 8 articles of the quote gold sets added later, annotated before any rule was fitted to them.
fresh4: the next 8 in the same order, annotated the same way before any output was looked at on them.
fresh5: the 8 longest pages of the selection split fresh5, annotated the same way before any output was seen.
fresh6: the 8 longest pages of the selection split fresh6, annotated the same way before any output was seen.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from select_articles import ZYTE

HERE = Path(__file__).resolve().parent


def score(half: str, show: bool = False) -> dict:
    from newsflow import nlp

    gold = json.loads((HERE / "gold-entities.json").read_text(encoding="utf-8"))["articles"]
    if half != "all":
        gold = [a for a in gold if a["split"] == half]
    texts = {k: v["articleBody"] for k, v in json.loads(ZYTE.read_text(encoding="utf-8")).items()}
    keys_total = keys_right = merged = split = clusters_seen = found = gold_mentions = 0
    for article in gold:
        analysis = nlp.analyze(texts[article["id"]])
        owner = {}
        for ci, ent in enumerate(article["entities"]):
            for s, e in ent["mentions"]:
                owner[(s, e)] = ci
                gold_mentions += 1
        key_clusters: dict[str, Counter] = defaultdict(Counter)
        cluster_keys: dict[int, set] = defaultdict(set)
        hit: set = set()
        for m in analysis.entities:
            for (s, e), ci in owner.items():
                if m.start < e and s < m.end:
                    key_clusters[m.key][ci] += 1
                    cluster_keys[ci].add(m.key)
                    hit.add((s, e))
        found += len(hit)
        for key, clusters in key_clusters.items():
            keys_total += 1
            ci = clusters.most_common(1)[0][0]
            ok = key.split(":", 1)[0].upper() == article["entities"][ci]["label"]
            keys_right += ok
            if len(clusters) > 1:
                merged += 1
            if show and (not ok or len(clusters) > 1):
                names = [article["entities"][c]["name"] for c in clusters]
                print(f"{article['id'][:8]} {key!r}: gold {names} label {article['entities'][ci]['label']}")
        for ci, keys in cluster_keys.items():
            clusters_seen += 1
            if len(keys) > 1:
                split += 1
                if show:
                    print(f"{article['id'][:8]} split {article['entities'][ci]['name']!r}: {sorted(keys)}")
    return {"half": half, "articles": len(gold), "system_keys": keys_total,
            "label_accuracy": round(keys_right / max(1, keys_total), 3),
            "split_share": round(split / max(1, clusters_seen), 3), "merged_keys": merged,
            "found": round(found / max(1, gold_mentions), 3)}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("half", choices=["selection", "study", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "heldout", "all"])
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args()
    print(json.dumps(score(a.half, a.show)))
