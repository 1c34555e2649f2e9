"""Encoding renditions: sRGB embedded, no camera metadata, and a byte budget honoured."""

from __future__ import annotations

import io

from PIL import Image

from renderers.colour import SRGB_PROFILE


def encode(image: Image.Image, file_format: str, quality: int) -> bytes:
    """One encode; EXIF (GPS, serial numbers) is left behind on purpose."""
    buffer = io.BytesIO()
    if file_format == "JPEG":
        image.save(buffer, "JPEG", quality=quality, icc_profile=SRGB_PROFILE)
    else:
        image.save(buffer, file_format, icc_profile=SRGB_PROFILE)
    return buffer.getvalue()


def encode_within(
    image: Image.Image,
    file_format: str,
    quality: int,
    *,
    max_bytes: int | None = None,
    min_quality: int = 1,
) -> tuple[bytes, int | None]:
    """Encode at `quality`, lowering JPEG quality (binary search, never below min_quality)
    until the file fits max_bytes. Returns the bytes and the quality used (None for PNG).
    If even min_quality is too big the smallest file is returned: compliance reports it."""
    if file_format != "JPEG":
        return encode(image, file_format, quality), None
    data = encode(image, file_format, quality)
    if max_bytes is None or len(data) <= max_bytes:
        return data, quality
    best, best_quality = encode(image, file_format, min_quality), min_quality
    if len(best) > max_bytes:
        return best, best_quality
    low, high = min_quality + 1, quality - 1
    while low <= high:
        middle = (low + high) // 2
        candidate = encode(image, file_format, middle)
        if len(candidate) <= max_bytes:
            best, best_quality, low = candidate, middle, middle + 1
        else:
            high = middle - 1
    return best, best_quality
