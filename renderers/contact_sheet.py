"""Contact sheet: a grid of labelled thumbnails, for digests and order overviews."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image, ImageDraw

from renderers.decode import decode_fitted
from renderers.encode import encode
from renderers.errors import ImageRejected
from renderers.text import CAPTION_SIZE, caption_font, fit_text

CELL_SIDE = 256
_PAD = 12
_LINES = 2  # label lines under each thumbnail; more are dropped
_LINE_HEIGHT = CAPTION_SIZE + 4
_MAX_PIXELS = 100_000_000
_PLACEHOLDER = (225, 225, 225)


def contact_sheet(items: Sequence[tuple[bytes, str]], *, columns: int = 5) -> bytes:
    """JPEG grid of (image bytes, label) items; a label may hold two lines ("SKU1 front\\nv2").

    An unreadable image becomes a grey "unreadable" tile rather than sinking the whole sheet.
    """
    columns = max(1, min(columns, len(items) or 1))
    rows = max(1, -(-len(items) // columns))
    cell_w, cell_h = CELL_SIDE + _PAD, CELL_SIDE + _PAD + _LINES * _LINE_HEIGHT
    sheet = Image.new("RGB", (columns * cell_w + _PAD, rows * cell_h + _PAD), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    font = caption_font()
    if not items:
        draw.text((_PAD, _PAD), "no images", fill=(90, 90, 90), font=font)
    for index, (data, label) in enumerate(items):
        left = _PAD + (index % columns) * cell_w
        top = _PAD + (index // columns) * cell_h
        lines = label.splitlines()[:_LINES]
        try:
            thumbnail = decode_fitted(data, CELL_SIDE, _MAX_PIXELS)
        except ImageRejected:
            draw.rectangle(
                (left, top, left + CELL_SIDE - 1, top + CELL_SIDE - 1), fill=_PLACEHOLDER
            )
            draw.text(
                (left + CELL_SIDE // 2, top + CELL_SIDE // 2),
                "unreadable image",
                fill=(90, 90, 90),
                font=font,
                anchor="mm",
            )
        else:
            sheet.paste(
                thumbnail,
                (
                    left + (CELL_SIDE - thumbnail.width) // 2,
                    top + (CELL_SIDE - thumbnail.height) // 2,
                ),
            )
        for number, line in enumerate(lines):
            draw.text(
                (left, top + CELL_SIDE + 4 + number * _LINE_HEIGHT),
                fit_text(draw, line, CELL_SIDE),
                fill=(30, 30, 30),
                font=font,
            )
    return encode(sheet, "JPEG", 85)
