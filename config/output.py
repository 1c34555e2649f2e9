"""Printing results: aligned tables for people, `--json` for scripts."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections.abc import Sequence

_ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def plain(value):
    """Dataclasses (and lists of them) as JSON-ready dicts."""
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def emit_json(value) -> None:
    json.dump(plain(value), sys.stdout, indent=2, default=str, ensure_ascii=False)
    sys.stdout.write("\n")


def table(rows: Sequence[dict], columns: Sequence[str], empty: str = "nothing to show") -> None:
    if not rows:
        print(empty)
        return
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, str) and _ISO_TIME.match(value):
        return value[:16].replace("T", " ")
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    return str(value)


def listing(args, items, columns: Sequence[str], empty: str = "nothing to show") -> None:
    """Print a listing as JSON with --json, else as a table."""
    if getattr(args, "json", False):
        emit_json(items)
    else:
        table(plain(list(items)), columns, empty)
