"""The file naming convention `{SKU}_{YYYY-MM}_{angle}_{channel}.{ext}`.

Parsing a bad name raises `NamingError` showing the pattern, what is wrong, and the
nearest valid name, so a retoucher can rename the file and run the ingest again.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .errors import InvalidInput

PATTERN = "{SKU}_{YYYY-MM}_{angle}_{channel}.{ext}"
MASTER = "master"
MASTER_EXTENSIONS = ("jpg", "jpeg", "png", "tif", "tiff", "webp")

_NAME = re.compile(
    r"^(?P<sku>[A-Za-z0-9][A-Za-z0-9-]*)_(?P<period>\d{4}-\d{2})_(?P<angle>[a-z0-9-]+)"
    r"_(?P<channel>[a-z0-9_]+?)(?:_v(?P<version>\d+))?\.(?P<ext>[A-Za-z0-9]+)$"
)
_PERIOD = re.compile(r"^(\d{4})-?(\d{2})$")
_LOOSE_PERIOD = re.compile(r"(?<!\d)(\d{4})[-_ ]?(0[1-9]|1[0-2])(?!\d)")


class NamingError(InvalidInput):
    def __init__(self, name: str, problem: str, suggestion: str | None):
        hint = f"; did you mean {suggestion}?" if suggestion else ""
        super().__init__(f"bad file name {name!r}: {problem}; expected {PATTERN}{hint}")
        self.name, self.problem, self.suggestion = name, problem, suggestion


@dataclass(frozen=True)
class Vocabulary:
    """The controlled angles and channels from configuration."""

    angles: tuple[str, ...]
    channels: tuple[str, ...]


@dataclass(frozen=True)
class ParsedName:
    sku: str
    period: str
    angle: str
    channel: str
    ext: str
    version: int | None = None


def format_name(sku: str, period: str, angle: str, channel: str, ext: str,
                version: int | None = None) -> str:
    suffix = f"_v{version}" if version else ""
    return f"{sku}_{period}_{angle}_{channel}{suffix}.{ext}"


def parse_name(name: str, vocab: Vocabulary, *, master: bool = True,
               skus: tuple[str, ...] = ()) -> ParsedName:
    """Parse a file name; `master` requires channel `master` and an image extension."""
    match = _NAME.match(name)
    if not match:
        raise NamingError(name, _shape_problem(name), suggest_name(name, vocab, skus))
    parsed = ParsedName(
        sku=match["sku"], period=match["period"], angle=match["angle"],
        channel=match["channel"], ext=match["ext"].lower(),
        version=int(match["version"]) if match["version"] else None,
    )
    problem = _value_problem(parsed, vocab, master)
    if problem:
        raise NamingError(name, problem, suggest_name(name, vocab, skus))
    return parsed


def _shape_problem(name: str) -> str:
    stem, dot, _ = name.rpartition(".")
    if not dot:
        return "no file extension"
    parts = stem.split("_")
    if len(parts) < 4:
        return f"{len(parts)} part(s) separated by '_', need 4 (SKU, period, angle, channel)"
    if not _PERIOD.match(parts[1]) or "-" not in parts[1]:
        return f"period {parts[1]!r} is not YYYY-MM"
    return "SKU must be letters, digits and '-', angle and channel lowercase"


def _value_problem(parsed: ParsedName, vocab: Vocabulary, master: bool) -> str | None:
    month = int(parsed.period[5:])
    if not 1 <= month <= 12:
        return f"month {parsed.period[5:]} in period {parsed.period!r} is not 01-12"
    if parsed.angle not in vocab.angles:
        return f"unknown angle {parsed.angle!r} (known: {', '.join(vocab.angles)})"
    if master and parsed.channel != MASTER:
        return f"channel is {parsed.channel!r}; masters use channel 'master'"
    if not master and parsed.channel not in vocab.channels:
        return f"unknown channel {parsed.channel!r} (known: {', '.join(vocab.channels)})"
    if master and parsed.ext not in MASTER_EXTENSIONS:
        return f"extension .{parsed.ext} is not a master image ({', '.join(MASTER_EXTENSIONS)})"
    return None


def _closest(word: str, choices: tuple[str, ...]) -> str | None:
    found = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return found[0] if found else None


def suggest_name(name: str, vocab: Vocabulary, skus: tuple[str, ...] = ()) -> str | None:
    """Rebuild the most likely valid master name from the pieces of a bad one."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, "jpg"
    ext = ext.lower() if ext.lower() in MASTER_EXTENSIONS else "jpg"
    periods = list(_LOOSE_PERIOD.finditer(stem))
    if not periods:
        return None
    found = periods[-1]
    stem = stem[: found.start()] + "_" + stem[found.end():]
    angle, kept = None, []
    for token in re.split(r"[_\s.]+", stem):
        pieces = []
        for piece in token.split("-"):
            if angle is None and (close := _closest(piece, vocab.angles)):
                angle = close
            elif piece and not _closest(piece, (MASTER, *vocab.channels)):
                pieces.append(piece)
        if pieces:
            kept.append("-".join(pieces))
    if not (kept and angle):
        return None
    sku = kept[0].upper()
    sku = (difflib.get_close_matches(sku, skus, n=1, cutoff=0.6) or [sku])[0]
    return format_name(sku, f"{found[1]}-{found[2]}", angle, MASTER, ext)
