"""Channel specifications: what each sales channel wants, read from config/channels.toml.

Specs are plain values so the renderers never read configuration themselves; adding a
channel is an edit to the TOML file, nothing else.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FITS = ("contain", "cover")
FORMATS = {"JPEG": "jpg", "PNG": "png"}
SEVERITIES = ("hard", "advisory")
# What compliance can measure on a rendition; rules in the TOML name one of these.
MEASURES = (
    "width",
    "height",
    "long_side",
    "bytes",
    "format",
    "colour_space",
    "quality",
    "background_purity",
    "fill_long_side",
    "fill_area",
    "aspect_ratio",
    "source_scale",
)
TEXT_MEASURES = ("format", "colour_space")

_SPEC_KEYS = {
    "label",
    "width",
    "height",
    "fit",
    "fill",
    "background",
    "format",
    "quality",
    "min_quality",
    "max_bytes",
    "rules",
}
_RULE_KEYS = {"min", "max", "equals", "severity"}


@dataclass(frozen=True)
class Rule:
    """One marketplace requirement: a measurement, its limit, and whether it blocks approval."""

    measure: str
    severity: str
    min: float | None = None
    max: float | None = None
    equals: str | None = None

    @property
    def limit(self) -> str:
        """The limit as a person reads it: ">= 1000", "<= 200000", "0.75–0.9", "= JPEG"."""
        if self.equals is not None:
            return f"= {self.equals}"
        if self.min is not None and self.max is not None:
            if self.min == self.max:
                return f"= {_number(self.min)}"
            return f"{_number(self.min)}–{_number(self.max)}"
        if self.min is not None:
            return f">= {_number(self.min)}"
        return f"<= {_number(self.max)}"


@dataclass(frozen=True)
class ChannelSpec:
    """One [channels.NAME] table of config/channels.toml."""

    name: str
    width: int
    height: int
    fit: str = "contain"
    fill: float = 0.88
    background: tuple[int, int, int] = (255, 255, 255)
    format: str = "JPEG"
    quality: int = 90
    min_quality: int = 70
    max_bytes: int | None = None
    rules: tuple[Rule, ...] = ()
    label: str = ""

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def extension(self) -> str:
        return FORMATS[self.format]


def _number(value: float | None) -> str:
    return str(int(value)) if value is not None and value.is_integer() else f"{value}"


def load_channel_specs(path: str | Path) -> dict[str, ChannelSpec]:
    """Read and check every channel; a bad file raises ValueError naming file, channel and key."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: cannot read channel specs: {exc}") from exc
    channels = document.get("channels")
    if not isinstance(channels, dict) or not channels:
        raise ValueError(f"{path}: no [channels.NAME] tables found")
    specs = {}
    for name, table in channels.items():
        try:
            specs[name] = parse_channel_spec(name, table)
        except ValueError as exc:
            raise ValueError(f"{path}: channel '{name}': {exc}") from None
    return specs


def parse_channel_spec(name: str, table: Any) -> ChannelSpec:
    """Build one spec from its TOML table; raises ValueError saying which key is wrong."""
    if not isinstance(table, dict):
        raise ValueError("must be a table")
    unknown = set(table) - _SPEC_KEYS
    if unknown:
        raise ValueError(
            f"unknown key {sorted(unknown)[0]!r} (expected one of {sorted(_SPEC_KEYS)})"
        )
    for key in ("width", "height"):
        if key not in table:
            raise ValueError(f"missing {key!r}")
    spec = ChannelSpec(
        name=name,
        label=_typed(table, "label", str, name),
        width=_int_in(table, "width", 16, 20000),
        height=_int_in(table, "height", 16, 20000),
        fit=_choice(table, "fit", FITS, "contain"),
        fill=_float_in(table, "fill", 0.05, 1.0, 0.88),
        background=_colour(table.get("background", "#FFFFFF")),
        format=_choice(table, "format", tuple(FORMATS), "JPEG"),
        quality=_int_in(table, "quality", 1, 100, 90),
        min_quality=_int_in(table, "min_quality", 1, 100, 70),
        max_bytes=_int_in(table, "max_bytes", 1000, 10**9, None),
        rules=_rules(table.get("rules", {})),
    )
    if spec.min_quality > spec.quality:
        raise ValueError(f"min_quality {spec.min_quality} is above quality {spec.quality}")
    return spec


def _typed(table: dict, key: str, kind: type, default: Any) -> Any:
    value = table.get(key, default)
    # bool is an int in Python; a TOML `true` is never a size or a quality.
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise ValueError(f"{key!r} must be {kind.__name__}, got {value!r}")
    return value


def _int_in(table: dict, key: str, low: int, high: int, default: int | None = None) -> Any:
    value = _typed(table, key, int, default)
    if value is not None and not low <= value <= high:
        raise ValueError(f"{key!r} must be between {low} and {high}, got {value}")
    return value


def _float_in(table: dict, key: str, low: float, high: float, default: float) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ValueError(f"{key!r} must be a number between {low} and {high}, got {value!r}")
    return float(value)


def _choice(table: dict, key: str, choices: tuple[str, ...], default: str) -> str:
    value = table.get(key, default)
    if value not in choices:
        raise ValueError(f"{key!r} must be one of {list(choices)}, got {value!r}")
    return value


def _colour(value: Any) -> tuple[int, int, int]:
    """Accept "#RRGGBB" or [r, g, b]."""
    if isinstance(value, str) and len(value) == 7 and value.startswith("#"):
        try:
            return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))
        except ValueError:
            pass
    elif (
        isinstance(value, list)
        and len(value) == 3
        and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 255 for v in value)
    ):
        return (value[0], value[1], value[2])
    raise ValueError(f"'background' must be \"#RRGGBB\" or [r, g, b], got {value!r}")


def _rules(table: Any) -> tuple[Rule, ...]:
    if not isinstance(table, dict):
        raise ValueError("'rules' must be a table of measure = { min/max/equals, severity }")
    rules = []
    for measure, rule in table.items():
        where = f"rule {measure!r}"
        if measure not in MEASURES:
            raise ValueError(f"{where}: unknown measure (expected one of {list(MEASURES)})")
        if not isinstance(rule, dict):
            raise ValueError(f'{where}: must be a table like {{ min = 1000, severity = "hard" }}')
        unknown = set(rule) - _RULE_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown key {sorted(unknown)[0]!r}")
        severity = rule.get("severity", "hard")
        if severity not in SEVERITIES:
            raise ValueError(f"{where}: severity must be 'hard' or 'advisory', got {severity!r}")
        if measure in TEXT_MEASURES:
            if set(rule) - {"severity"} != {"equals"} or not isinstance(rule["equals"], str):
                raise ValueError(f'{where}: needs exactly equals = "TEXT"')
            rules.append(Rule(measure, severity, equals=rule["equals"]))
            continue
        bounds = {}
        for key in ("min", "max"):
            value = rule.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                raise ValueError(f"{where}: {key!r} must be a number, got {value!r}")
            bounds[key] = None if value is None else float(value)
        if "equals" in rule or bounds == {"min": None, "max": None}:
            raise ValueError(f"{where}: needs min and/or max")
        if None not in bounds.values() and bounds["min"] > bounds["max"]:
            raise ValueError(f"{where}: min is above max")
        rules.append(Rule(measure, severity, **bounds))
    return tuple(rules)
