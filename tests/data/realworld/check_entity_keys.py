"""Issue 18's cross-article check: do entity keys mean one real thing across articles?

Runs the NLP over the 181 Zyte pages' ground-truth texts (English ones only, as enrich decides
with `newsflow.enrich.language.decide(None, text)`) and the PolNeAR dev texts, collects every
entity key with the surface texts and canonical names of its mentions, and prints
  (a) each key holding two different people: two multi-word PERSON names (canonical names,
      surface texts of PERSON mentions, or, for a one-word key, the fuller names of the same
      article it is part of: `stands_for`) that are different people by `different_people`
      ("Mike Ford" and "Doug Ford" under person:ford); target 0;
  (b) each group of keys whose full names are equal after normalisation but whose labels
      differ (gpe:openai and org:openai): one name that changes key from article to article;
then the counts. `--json F` saves the counts and the keys (no text, no names).
Texts stay in ../shared. Usage: python check_entity_keys.py [--json F] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[3] / "shared" / "data"
ZYTE = SHARED / "zyte-aeb" / "ground-truth.json"
POLNEAR_DEV = SHARED / "polnear" / "dev" / "text"

#: Words that come before or after a name without being part of who it is: honorifics, offices,
#: ranks and generational suffixes ("President Trump", "Lt Col Smith", "Ford Jr"). Dropped before
#: names are compared, so a title never makes two names of one person look like two people.
#: Generic English titles, not names taken from the articles measured.
TITLES = frozenset("""
mr mrs ms miss mx dr sir dame lord lady madam mister doctor professor prof rev reverend father
president vice prime minister secretary senator sen rep representative congressman congresswoman
gov governor mayor chancellor premier deputy chairman chairwoman chair ceo chief director judge
justice attorney general gen lt lieutenant col colonel maj major capt captain sgt sergeant cpl
officer detective inspector commissioner ambassador king queen prince princess pope saint st
coach former late jr sr ii iii iv the
""".split())
_POSSESSIVE = re.compile(r"['’]s?\b")
_NON_WORD = re.compile(r"[^\w\s-]+")


def name_tokens(name: str) -> tuple[str, ...]:
    """The words that say who a person is: accent-free, lower-case, no possessive, punctuation,
    titles or initials ("Dr. John M. Ford's" -> ("john", "ford"))."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = _NON_WORD.sub(" ", _POSSESSIVE.sub("", s)).replace("-", " ")
    return tuple(w for w in s.split() if w not in TITLES and len(w) > 1)


def different_people(a: str, b: str) -> bool:
    """Two names are two different people when each still has two words or more once titles and
    initials are dropped, and neither's words are all among the other's: "Mike Ford" / "Doug Ford"
    are two, "John M. Ford" / "John Milo Ford" and "Hillary Clinton" / "Hillary Rodham Clinton"
    one, "President Trump" / "Donald Trump" not compared (one word left). A short form of a word
    is that word ("Josh Apte" / "Joshua Apte", "Rob" / "Robert"); other nicknames are not known."""
    ta, tb = set(name_tokens(a)), set(name_tokens(b))
    if len(ta) < 2 or len(tb) < 2 or ta <= tb or tb <= ta:
        return False
    only_a, only_b = ta - tb, tb - ta
    def shortens(x: str, others: set[str]) -> bool:
        return any(x.startswith(y) or y.startswith(x) for y in others)
    return not (all(shortens(x, only_b) for x in only_a) and all(shortens(y, only_a) for y in only_b))


def full_name(key: str) -> str:
    """The name part of a key, normalised like person names (titles kept: 'the' is dropped)."""
    return " ".join(w for w in re.sub(r"[^\w\s]+", " ", key.split(":", 1)[1]).split() if w != "the")


def texts(limit: int | None = None) -> Iterator[tuple[str, str]]:
    """(source id, text) of every English Zyte page, then every PolNeAR dev text."""
    from newsflow.enrich.language import decide

    zyte = json.loads(ZYTE.read_text(encoding="utf-8"))
    n = 0
    for page_id, page in sorted(zyte.items()):
        text = page.get("articleBody") or ""
        if not text.strip() or not decide(None, text).english:
            continue
        yield f"zyte:{page_id[:12]}", text
        n += 1
        if limit and n >= limit:
            return
    for path in sorted(POLNEAR_DEV.glob("*.txt")):
        yield f"polnear:{path.stem}", path.read_text(encoding="utf-8")
        n += 1
        if limit and n >= limit:
            return


def collect(limit: int | None = None) -> tuple[dict[str, dict], int]:
    """key -> {"label", "names" (canonical and multi-word PERSON surfaces), "articles"}; and the
    number of texts analysed."""
    from newsflow import nlp

    sources = list(texts(limit))
    keys: dict[str, dict] = defaultdict(lambda: {"label": "", "names": set(), "articles": set()})
    for (source, _), analysis in zip(sources, nlp.analyze_many(t for _, t in sources), strict=True):
        people = {e.canonical for e in analysis.entities if e.label == "PERSON"}
        for ent in analysis.entities:
            entry = keys[ent.key]
            entry["label"] = ent.label
            entry["articles"].add(source)
            if ent.label == "PERSON":
                entry["names"].add(ent.canonical)
                if len(ent.text.split()) > 1:
                    entry["names"].add(ent.text)
                entry["names"].update(stands_for(ent.canonical, people))
    return dict(keys), len(sources)


def stands_for(short: str, people: set[str]) -> set[str]:
    """The fuller PERSON names of the same article a one-word person key's name is part of ("Ford"
    in an article naming "Mike Ford"): the people a bare surname under its own key refers to there,
    so `person:ford` holding Mike Ford in one article and Doug Ford in another is two people."""
    words = name_tokens(short)
    if len(words) != 1:
        return set()
    return {p for p in people if len(name_tokens(p)) > 1 and words[0] in name_tokens(p)}


def two_people(keys: dict[str, dict]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(key, pairs of names of different people) for every key that holds two people."""
    out = []
    for key, entry in sorted(keys.items()):
        names = sorted(entry["names"])
        pairs = [(a, b) for a, b in combinations(names, 2) if different_people(a, b)]
        if pairs:
            out.append((key, pairs))
    return out


def label_changes(keys: dict[str, dict]) -> list[tuple[str, list[str]]]:
    """(full name, its keys) for every full name found under two or more labels."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        name = full_name(key)
        if name:
            by_name[name].add(key)
    return sorted((name, sorted(ks)) for name, ks in by_name.items()
                  if len({k.split(":", 1)[0] for k in ks}) > 1)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="save the counts and keys here")
    parser.add_argument("--limit", type=int, help="only the first N texts (a quick look)")
    args = parser.parse_args(argv)
    keys, n_texts = collect(args.limit)
    people = two_people(keys)
    labels = label_changes(keys)
    print(f"(a) keys holding two different multi-word PERSON names (target 0): {len(people)}")
    for key, pairs in people:
        shown = "; ".join(f"{a!r} vs {b!r}" for a, b in pairs[:4])
        more = f" (+{len(pairs) - 4} pairs)" if len(pairs) > 4 else ""
        print(f"  {key}  [{len(keys[key]['articles'])} texts]: {shown}{more}")
    print(f"\n(b) full names under two or more labels: {len(labels)}")
    for name, ks in labels:
        print(f"  {name!r}: " + ", ".join(f"{k} [{len(keys[k]['articles'])}]" for k in ks))
    counts = {"texts": n_texts, "keys": len(keys),
              "person_keys": sum(1 for e in keys.values() if e["label"] == "PERSON"),
              "keys_in_two_or_more_texts": sum(1 for e in keys.values() if len(e["articles"]) > 1),
              "keys_holding_two_people": len(people), "names_under_two_labels": len(labels),
              "keys_under_two_labels": sum(len(ks) for _, ks in labels)}
    print("\ncounts: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if args.json:
        args.json.write_text(json.dumps({
            "counts": counts,
            "keys_holding_two_people": [{"key": k, "name_pairs": len(p)} for k, p in people],
            "names_under_two_labels": [{"keys": ks} for _, ks in labels],
        }, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
