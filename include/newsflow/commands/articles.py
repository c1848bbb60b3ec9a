"""`extract` and `analyze`: one page or text, no warehouse; its clean article, or its entities
and attributed quotes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsflow.commands import print_json


def _read_input(path: str) -> bytes:
    return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html")) or b"<body" in data[:65536].lower()


def cmd_extract(args: argparse.Namespace) -> int:
    from newsflow.extract import extract_article
    from newsflow.statuses import ArticleStatus

    art = extract_article(_read_input(args.file), args.url)
    if args.json:
        print_json(art)
    else:
        print(f"# {art.title or '(no title)'}")
        print(f"status: {art.status}" + (f" ({art.status_reason})" if art.status_reason else ""))
        if art.authors:
            print(f"authors: {', '.join(art.authors)}")
        if art.published_at:
            print(f"published: {art.published_at.isoformat()}")
        print()
        print(art.text)
    return 0 if art.status == ArticleStatus.OK else 1


def cmd_analyze(args: argparse.Namespace) -> int:
    from newsflow.extract import extract_article
    from newsflow.extract.clean import clean_text
    from newsflow.nlp import TextTooLong, analyze

    data = _read_input(args.file)
    if _looks_like_html(data):
        art = extract_article(data, args.url)
    else:
        art = clean_text(data.decode("utf-8", "replace"))
    try:
        result = analyze(art.text)
    except TextTooLong as exc:
        print(f"newsflow: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print_json({"title": art.title, "status": art.status, "analysis": result})
        return 0
    print(f"# {art.title or '(no title)'}  [{art.status}]\n")
    print("Entities:")
    seen: dict[tuple[str, str], int] = {}
    for ent in result.entities:
        seen[(ent.canonical, ent.label)] = seen.get((ent.canonical, ent.label), 0) + 1
    for (name, label), n in sorted(seen.items(), key=lambda kv: -kv[1]):
        print(f"  {label:<6} {name}  ×{n}")
    print("\nQuotes:")
    for q in result.quotes:
        who = q.speaker or q.speaker_text or "?"
        print(f"  [{q.kind}] {who} ({q.cue}): {q.text[:160]}{'…' if len(q.text) > 160 else ''}")
    return 0
