"""The commands of `python -m newsflow`, one module per group; `newsflow.cli` parses the
arguments and calls them. Each command imports what it needs when it runs, so `--help` stays fast."""

from __future__ import annotations

import json
from typing import Any

from newsflow.jsonable import jsonable


def print_json(obj: Any) -> None:
    print(json.dumps(jsonable(obj), ensure_ascii=False, indent=2, default=str))
