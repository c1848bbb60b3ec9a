"""Pick the real-world attribution set from the Zyte benchmark by a fixed rule.

Rule: page ids ordered by sha256(id) ascending; skip bodies that are not English (stop-word
share) or not complete (under 1,500 characters, or not ending in sentence punctuation or a
closing quote); keep the first page of each outlet (host without 'www.').
Split: position in that order — of the first 40, even → selection, odd → held-out (20 and 20);
the next 20 → study (added later: a second set to choose rules on, fresh to the rules of its time);
the rest (19) → fresh (added after that, for the same reason: scored first on the rules of its time);
then, in the same order, every other English complete page (a second page of an outlet already
taken) → fresh2 (added later again, when the one-per-outlet pages had all been used);
then, in the same order, the first 24 English pages of at least 1,000 characters not yet taken
(bodies that end without sentence punctuation or run short) → fresh5 (added when every complete
page had been used); then every other English page of at least 1,000 characters → fresh6 (added
last, to measure rules 3.14 on text no rule had seen).
Texts stay in ../shared; this writes only ids, hosts and the split.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ZYTE = HERE.parents[3] / "shared" / "data" / "zyte-aeb" / "ground-truth.json"
STOPWORDS = set("the of and to a in is that for on with as was it by said he she are be at from".split())
N_ARTICLES = 40
N_STUDY = 20
N_FRESH5 = 24


def english(text: str) -> bool:
    """Stop-word share of the Latin words, and most letters Latin (a Japanese page with a few
    English product names passed the stop-word test alone)."""
    words = re.findall(r"[a-z]+", text.lower())
    letters = [ch for ch in text if ch.isalpha()]
    latin = sum(ch.isascii() for ch in letters) / max(1, len(letters))
    return bool(words) and sum(w in STOPWORDS for w in words) / len(words) > 0.15 and latin > 0.9


def complete(text: str) -> bool:
    return len(text) >= 1500 and text.rstrip()[-1:] in '.!?"”’)'


def main(path: Path = ZYTE) -> dict:
    truth = json.loads(path.read_text(encoding="utf-8"))
    digest = {pid: hashlib.sha256(pid.encode()).hexdigest() for pid in truth}
    chosen, hosts = [], set()
    for pid in sorted(truth, key=digest.__getitem__):
        body, url = truth[pid]["articleBody"], truth[pid]["url"]
        host = urlsplit(url).hostname.removeprefix("www.")
        if host in hosts or not english(body) or not complete(body):
            continue
        hosts.add(host)
        if len(chosen) >= N_ARTICLES + N_STUDY:
            split = "fresh"
        elif len(chosen) >= N_ARTICLES:
            split = "study"
        else:
            split = "selection" if len(chosen) % 2 == 0 else "heldout"
        chosen.append({"id": pid, "host": host, "split": split, "chars": len(body)})
    taken = {a["id"] for a in chosen}
    for pid in sorted(truth, key=digest.__getitem__):
        body = truth[pid]["articleBody"]
        if pid not in taken and english(body) and complete(body):
            host = urlsplit(truth[pid]["url"]).hostname.removeprefix("www.")
            chosen.append({"id": pid, "host": host, "split": "fresh2", "chars": len(body)})
    taken = {a["id"] for a in chosen}
    late = [pid for pid in sorted(truth, key=digest.__getitem__)
            if pid not in taken and english(truth[pid]["articleBody"]) and len(truth[pid]["articleBody"]) >= 1000]
    for n, pid in enumerate(late):
        host = urlsplit(truth[pid]["url"]).hostname.removeprefix("www.")
        split = "fresh5" if n < N_FRESH5 else "fresh6"
        chosen.append({"id": pid, "host": host, "split": split, "chars": len(truth[pid]["articleBody"])})
    return {"rule": __doc__.strip(), "articles": chosen}


if __name__ == "__main__":
    out = main(Path(sys.argv[1]) if len(sys.argv) > 1 else ZYTE)
    (HERE / "selection.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    splits = [a["split"] for a in out["articles"]]
    print(len(splits), {s: splits.count(s) for s in sorted(set(splits))})
