"""Measuring a finished rendition and judging it against its channel's rules.

Measurements are taken from the encoded bytes, decoded again, so they describe exactly
what the marketplace will receive (a background that JPEG turned into 254 is caught here).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageChops

from renderers.colour import profile_name
from renderers.product_box import find_product_box
from renderers.specs import ChannelSpec, Rule

Measures = dict[str, float | str]
_BORDER = 0.01  # background purity is judged on the outer 1% of each side (at least 1 px)


@dataclass(frozen=True)
class Check:
    """One compliance rule judged on one output."""

    rule: str
    measured: float | str
    limit: str
    severity: str  # "hard" | "advisory"
    passed: bool


def measure(
    data: bytes, spec: ChannelSpec, *, quality: int | None, source_scale: float
) -> Measures:
    """Everything a rule can ask about one encoded rendition."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        file_format = image.format or "unknown"
        colour_space = profile_name(image.info.get("icc_profile"))
        pixels = image if image.mode == "RGB" else image.convert("RGB")
    width, height = pixels.size
    box = find_product_box(pixels, spec.background)
    box_w, box_h = (box[2] - box[0], box[3] - box[1]) if box else (0, 0)
    return {
        "width": width,
        "height": height,
        "long_side": max(width, height),
        "bytes": len(data),
        "format": file_format,
        "colour_space": colour_space,
        "quality": quality if quality is not None else "n/a",
        "background_purity": round(background_purity(pixels, spec.background), 4),
        "fill_long_side": round(max(box_w / width, box_h / height), 4),
        "fill_area": round(box_w * box_h / (width * height), 4),
        "aspect_ratio": round(width / height, 4),
        "source_scale": round(source_scale, 4),
    }


def background_purity(image: Image.Image, background: tuple[int, int, int]) -> float:
    """Share of border pixels that are exactly the background colour."""
    width, height = image.size
    band = max(1, round(_BORDER * min(width, height)))
    strips = [
        (0, 0, width, band),
        (0, height - band, width, height),
        (0, band, band, height - band),
        (width - band, band, width, height - band),
    ]
    exact = total = 0
    for strip in strips:
        if strip[2] <= strip[0] or strip[3] <= strip[1]:
            continue
        region = image.crop(strip)
        reference = Image.new("RGB", region.size, background)
        red, green, blue = ImageChops.difference(region, reference).split()
        exact += ImageChops.lighter(ImageChops.lighter(red, green), blue).histogram()[0]
        total += region.width * region.height
    return exact / total if total else 0.0


def judge(measures: Measures, rules: tuple[Rule, ...]) -> tuple[Check, ...]:
    """One Check per rule, in the order the channel file lists them."""
    return tuple(
        Check(
            rule.measure,
            measures[rule.measure],
            rule.limit,
            rule.severity,
            _passes(rule, measures[rule.measure]),
        )
        for rule in rules
    )


def _passes(rule: Rule, value: float | str) -> bool:
    if rule.equals is not None:
        return value == rule.equals
    if isinstance(value, str):
        return False
    return (rule.min is None or value >= rule.min) and (rule.max is None or value <= rule.max)
