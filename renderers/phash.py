"""Perceptual hash: the same picture re-exported, resized or lightly retouched hashes alike,
so ingest can warn "this looks like SKU123 front" before a duplicate shoot is paid for."""

from __future__ import annotations

import math
from functools import cache

from PIL import Image

_SIDE = 32  # the image is reduced to 32x32 grey...
_KEEP = 8  # ...and the 8x8 lowest DCT frequencies give the 64 bits


@cache
def _cosines() -> tuple[tuple[float, ...], ...]:
    """DCT-II basis: _cosines()[u][x] = cos((2x + 1) u pi / 64)."""
    return tuple(
        tuple(math.cos((2 * x + 1) * u * math.pi / (2 * _SIDE)) for x in range(_SIDE))
        for u in range(_KEEP)
    )


def phash(image: Image.Image) -> str:
    """64-bit DCT hash as 16 lowercase hex characters."""
    grey = image.convert("L").resize((_SIDE, _SIDE), Image.Resampling.BOX)
    pixels = grey.tobytes()
    rows = [pixels[y * _SIDE : (y + 1) * _SIDE] for y in range(_SIDE)]
    basis = _cosines()
    # Separable DCT, low frequencies only: along each row, then down each column.
    row_terms = [
        [sum(c * p for c, p in zip(basis[u], row, strict=True)) for u in range(_KEEP)]
        for row in rows
    ]
    coefficients = [
        sum(basis[v][y] * row_terms[y][u] for y in range(_SIDE))
        for v in range(_KEEP)
        for u in range(_KEEP)
    ]
    # The DC term is overall brightness; leaving it out of the median keeps the split balanced.
    median = sorted(coefficients[1:])[len(coefficients[1:]) // 2]
    bits = 0
    for value in coefficients:
        bits = (bits << 1) | (value > median)
    return f"{bits:016x}"


def phash_distance(a: str, b: str) -> int:
    """Hamming distance of two phash hex strings (0 = same picture, 64 = opposite)."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
