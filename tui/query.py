"""The library search box: `key:value` tokens become an AssetFilter, the rest is free text.

One line holds the whole filter, so the tree, the keyboard and the command palette all
set the same thing and the admin always sees what is applied.
"""

from __future__ import annotations

import shlex
from dataclasses import fields, replace

from core.errors import InvalidInput
from core.services.library import AssetFilter

KEYS = ("brand", "season", "collection", "sku", "status", "channel")
FLAGS = {"failing": ("noncompliant", True), "archived": ("state", "archived"),
         "all": ("state", None)}
HINT = "search SKU, name, comments · " + " ".join(f"{k}:" for k in KEYS) + " · failing archived"


def parse(line: str) -> AssetFilter:
    """`brand:acme season:AW25 failing lamp` -> AssetFilter(brand, season, noncompliant, text)."""
    try:
        words = shlex.split(line)
    except ValueError as err:
        raise InvalidInput(f"search: {err}") from None
    values: dict[str, object] = {}
    text = []
    for word in words:
        key, sep, value = word.partition(":")
        if sep and key in KEYS and value:
            values[key] = value
        elif word in FLAGS:
            name, flag = FLAGS[word]
            values[name] = flag
        else:
            text.append(word)
    return AssetFilter(**values, text=" ".join(text) or None)


def render(flt: AssetFilter) -> str:
    """The search line for a filter (inverse of `parse`)."""
    parts = [f"{k}:{_quote(getattr(flt, k))}" for k in KEYS if getattr(flt, k)]
    parts += [word for word, (name, flag) in FLAGS.items()
              if getattr(flt, name) == flag and getattr(AssetFilter(), name) != flag]
    return " ".join(parts + ([flt.text] if flt.text else []))


def narrow(line: str, **values: str | None) -> str:
    """The search line with some keys replaced (None drops a key), the rest kept."""
    flt = parse(line)
    known = {f.name for f in fields(AssetFilter)}
    return render(replace(flt, **{k: v for k, v in values.items() if k in known}))


def _quote(value: str) -> str:
    return shlex.quote(value) if " " in value else value
