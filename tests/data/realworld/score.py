"""Score an extractor on one half of the real-world set with ../shared/tools/eval_attributions.py
(unchanged). The committed gold holds offsets only; the scorer's reports want each item's
`content_text`, so a scoring copy with it is written to a temporary file, never to the repo.

Usage: python score.py selection|study|fresh|fresh2|heldout [eval_attributions options, e.g. --min-confidence 0.6]
The extractor defaults to newsflow.nlp.eval:extract.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from select_articles import ZYTE

HERE = Path(__file__).resolve().parent
SCORER = ZYTE.parents[2] / "tools" / "eval_attributions.py"


def scoring_copy(half: str) -> dict:
    gold = json.loads((HERE / f"gold-{half}.json").read_text(encoding="utf-8"))
    texts = {k: v["articleBody"] for k, v in json.loads(ZYTE.read_text(encoding="utf-8")).items()}
    for article in gold["articles"]:
        text = texts[article["id"]]
        for a in article["attributions"]:
            a["content_text"] = " … ".join(text[s:e] for s, e in a["content"])
    return gold


def main(argv: list[str]) -> int:
    half, rest = argv[0], argv[1:]
    if "--extractor" not in rest and "--predictions" not in rest:
        rest += ["--extractor", "newsflow.nlp.eval:extract"]
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as tmp:
        json.dump(scoring_copy(half), tmp)
        tmp.flush()
        cmd = [sys.executable, str(SCORER), "--gold", tmp.name, "--texts", str(ZYTE), *rest]
        return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
