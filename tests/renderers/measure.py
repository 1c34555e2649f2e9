"""Independent pixel measurements for assertions (deliberately not the renderers' own code)."""

from __future__ import annotations

import io

from PIL import Image, ImageChops


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def pixel(data: bytes, x: int, y: int) -> tuple[int, ...]:
    return decoded(data).convert("RGB").getpixel((x, y))


def border_all_white(image: Image.Image) -> bool:
    """Every pixel of the outermost 1% ring is exactly 255,255,255."""
    rgb = image.convert("RGB")
    band = max(1, min(rgb.size) // 100)
    inner = Image.new("RGB", (rgb.width - 2 * band, rgb.height - 2 * band), (255, 255, 255))
    ring = rgb.copy()
    ring.paste(inner, (band, band))
    return ring.getextrema() == ((255, 255), (255, 255), (255, 255))


def product_box(image: Image.Image, threshold: int = 40) -> tuple[int, int, int, int] | None:
    grey = ImageChops.invert(image.convert("L"))
    return grey.point(lambda v: 255 if v > threshold else 0).getbbox()


def near(colour: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))
