"""Build newsflow/nlp/quotes/data/first_names.tsv: first names that say a gender.

Why a derived file: pronoun agreement ('she said' after a man's name) needs the gender a first
name usually carries. The source is nomquamgender 0.1.4 (MIT, Ian Van Buskirk 2022; 721,739 names
with counts and p(gendered female) from 36 sources), read as data: this keeps only ASCII names
of two or more letters seen at least MIN_COUNT times whose p(female) is <= 1 - CLEAR or
>= CLEAR (19,256 names, 180 KB), instead of loading 22 MB in every worker.

Usage: pip download nomquamgender==0.1.4 --no-deps -d /tmp/nqg
       python -m newsflow_dev.first_names /tmp/nqg/nomquamgender-0.1.4-py3-none-any.whl
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

from newsflow.nlp.quotes.gender import FIRST_NAMES_FILE

MIN_COUNT = 500
CLEAR = 0.95
HEADER = ("# first name<TAB>f|m, from nomquamgender 0.1.4 (MIT License, Copyright (c) 2022 Ian Van Buskirk):\n"
          f"# names seen >= {MIN_COUNT} times with p(female) >= {CLEAR} or <= {1 - CLEAR:.2f}; "
          "rebuilt by python -m newsflow_dev.first_names\n")


def build(wheel: Path) -> dict[str, str]:
    """name -> 'f' | 'm' from the package's name_data.json."""
    with zipfile.ZipFile(wheel) as zf:
        data = json.loads(zf.read("nomquamgender/name_data.json"))
    out = {}
    for name, (_sources, count, p_female, *_rest) in data.items():
        if not (name.isascii() and name.isalpha() and len(name) > 1 and count >= MIN_COUNT):
            continue
        if p_female >= CLEAR:
            out[name] = "f"
        elif p_female <= 1 - CLEAR:
            out[name] = "m"
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    names = build(Path(argv[0]))
    FIRST_NAMES_FILE.write_text(HEADER + "".join(f"{n}\t{g}\n" for n, g in sorted(names.items())),
                                encoding="utf-8")
    print(f"wrote {len(names)} names to {FIRST_NAMES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
