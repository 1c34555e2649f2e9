"""Briefs as brands send them: brief.toml, a CSV (sku, angles, channels) or plain lines.

Every format becomes the same brief dict; a problem names the exact line and why, so
the sender can fix it and send again (nothing is created from a brief with errors).
"""

from __future__ import annotations

import csv
import io
import tomllib

from ..errors import InvalidInput

HEADER_KEYS = ("title", "deadline", "notes", "guidelines")


def _words(text: str) -> list[str]:
    return [w.strip().lower() for w in text.replace(";", ",").split(",") if w.strip()]


def from_toml(text: str, name: str = "brief.toml") -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InvalidInput(f"{name} is not valid TOML: {err}") from None


def from_csv(text: str, name: str = "brief.csv") -> dict:
    """Columns sku, angles, channels (angles and channels separated by ';' or ',')."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not {"sku", "angles", "channels"} <= set(header):
        raise InvalidInput(f"{name} line 1: the columns must be sku, angles, channels "
                           f"(found: {', '.join(header) or 'none'})")
    reader.fieldnames = header
    products = []
    for number, row in enumerate(reader, start=2):
        if not (row.get("sku") or "").strip():
            raise InvalidInput(f"{name} line {number}: no SKU")
        products.append({"sku": row["sku"].strip(), "angles": _words(row.get("angles") or ""),
                         "channels": _words(row.get("channels") or ""),
                         **({"name": row["name"].strip()} if (row.get("name") or "").strip()
                            else {})})
    return {"products": products}


def from_lines(text: str) -> dict:
    """`key: value` headers (title, deadline, notes, guidelines), then one product a line:
    `SKU angle,angle channel,channel [name…]`."""
    brief: dict = {"products": []}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        if colon and key.strip().lower() in HEADER_KEYS:
            brief[key.strip().lower()] = value.strip()
            continue
        parts = line.split(maxsplit=3)
        if len(parts) < 3:
            raise InvalidInput(f"line {number}: {line!r}: expected 'SKU angles channels', "
                               "e.g. 'NW-3001 front,back amazon,shopify'")
        item = {"sku": parts[0], "angles": _words(parts[1]), "channels": _words(parts[2]),
                "line": number}
        if len(parts) == 4:
            item["name"] = parts[3]
        brief["products"].append(item)
    if isinstance(brief.get("guidelines"), str):
        brief["guidelines"] = [g.strip() for g in brief["guidelines"].split(",") if g.strip()]
    return brief
