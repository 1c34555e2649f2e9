"""Telling the product from the studio sweep it was shot on.

Sweeps are near-white (250-254), never the pure 255 marketplaces demand, and carry sensor
noise and dust. A pixel is product when it differs from the background by more than a
threshold; isolated specks are voted away before taking the bounding box.
"""

from __future__ import annotations

import math

from PIL import Image, ImageChops, ImageFilter

Box = tuple[int, int, int, int]  # left, top, right, bottom (right/bottom exclusive)

WHITE = (255, 255, 255)
PRODUCT_THRESHOLD = 16  # sweep (distance <= 5) plus noise and JPEG ringing stays below this
# Sweep-to-background blend: distance <= FLAT_BELOW becomes pure background, >= KEEP_ABOVE
# stays untouched, between is blended so product edges keep their anti-aliasing.
FLAT_BELOW = 10
KEEP_ABOVE = 24
_SWEEP_SHARE = 0.8  # a packshot's frame border is at least this much sweep
_ANALYSIS_SIDE = 512  # boxes are found on a copy at most this small: fast, and averages noise
_RAMP = [min(255, max(0, (v - FLAT_BELOW) * 255 // (KEEP_ABOVE - FLAT_BELOW))) for v in range(256)]


def analysis_factor(long_side: int) -> int:
    """Reduction factor for box finding: a power of two, so that a master decoded at full size
    and the same master DCT-scaled by 1/2 or 1/4 are analysed on the same grid."""
    return 2 ** max(0, math.ceil(math.log2(max(1, long_side) / _ANALYSIS_SIDE)))


def distance_from(image: Image.Image, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """Per pixel, the largest channel difference from the background colour (mode L)."""
    if background == WHITE:  # 255 - darkest channel: no full-size reference image needed
        red, green, blue = image.split()
        return ImageChops.invert(ImageChops.darker(ImageChops.darker(red, green), blue))
    reference = Image.new("RGB", image.size, background)
    red, green, blue = ImageChops.difference(image, reference).split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


def find_product_box(
    image: Image.Image, background: tuple[int, int, int] = WHITE, factor: int | None = None
) -> Box | None:
    """Bounding box of everything in an RGB image that is not background; None if empty."""
    factor = factor or analysis_factor(max(image.size))
    small = image.reduce(factor) if factor > 1 else image
    return box_of(distance_from(small, background), PRODUCT_THRESHOLD, factor, image.size)


def box_of(distance: Image.Image, threshold: int, factor: int, size: tuple[int, int]) -> Box | None:
    """Box, in full-size pixels, where a reduced distance or alpha image exceeds `threshold`.

    A 3x3 majority vote first drops dust and noise specks but keeps the product's extent."""
    marked = distance.point(lambda value: 255 if value > threshold else 0)
    box = marked.filter(ImageFilter.BoxBlur(1)).point(lambda v: 255 if v >= 128 else 0).getbbox()
    if box is None:
        return None
    left, top, right, bottom = (edge * factor for edge in box)
    return (left, top, min(right, size[0]), min(bottom, size[1]))


def is_sweep(distance: Image.Image) -> bool:
    """True when the frame's border is mostly near-white: a packshot, not a lifestyle shot."""
    width, height = distance.size
    band = max(1, min(width, height) // 50)
    strips = [
        (0, 0, width, band),
        (0, height - band, width, height),
        (0, 0, band, height),
        (width - band, 0, width, height),
    ]
    near_white = total = 0
    for strip in strips:
        histogram = distance.crop(strip).histogram()
        near_white += sum(histogram[: PRODUCT_THRESHOLD + 1])
        total += sum(histogram)
    return near_white >= _SWEEP_SHARE * total


def sweep_mask(image: Image.Image) -> Image.Image:
    """Mask (L) that keeps the product and lets near-white sweep become pure background."""
    return distance_from(image).point(_RAMP)
