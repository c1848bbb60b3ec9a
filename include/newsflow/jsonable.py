"""Python values as JSON values, one rule for every JSON newsflow writes (the CLI's --json, the
News view's export): dataclasses as objects, dates and times in ISO 8601; anything else JSON
cannot hold (UUIDs, Decimals) is left for `json.dumps(default=str)`."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any


def jsonable(obj: Any) -> Any:
    """`obj` with dataclasses, mappings and sequences walked and dates as ISO strings."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return jsonable(asdict(obj))
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    return obj
