"""Captions on review images: one font, and labels shortened to fit instead of overflowing."""

from __future__ import annotations

from functools import cache

from PIL import ImageDraw, ImageFont

CAPTION_SIZE = 14


@cache
def caption_font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled font: no system fonts needed on a headless server."""
    return ImageFont.load_default(CAPTION_SIZE)


def fit_text(draw: ImageDraw.ImageDraw, text: str, width: int) -> str:
    """`text` cut with an ellipsis so that it is at most `width` pixels long."""
    font = caption_font()
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"
