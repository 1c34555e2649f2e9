"""Version diff: what changed between version N and N+1, for the Slack thread, email and TUI.

Both versions are shown side by side at the same size, and regions that differ are outlined
on both, so a reviewer sees at a glance that only the label was retouched.
"""

from __future__ import annotations

from collections import deque

from PIL import Image, ImageChops, ImageDraw

from renderers.decode import decode_fitted
from renderers.encode import encode
from renderers.text import caption_font

PANEL_SIDE = 1024
_CELL = 8  # changes are found on a grid of cells this many pixels wide
_CHANGED = 16  # a cell changed when its average colour moved by more than this
_GAP = 16
_HEADER = 40
_OUTLINE = (230, 30, 30)
_MAX_PIXELS = 100_000_000

Rect = tuple[int, int, int, int]


def version_diff(old: bytes, new: bytes) -> bytes:
    """JPEG: old and new side by side, aligned to the same size, changed regions outlined."""
    after = decode_fitted(new, PANEL_SIDE, _MAX_PIXELS)
    before = _aligned(decode_fitted(old, PANEL_SIDE, _MAX_PIXELS), after.size)
    regions = changed_regions(before, after)
    width, height = after.size
    sheet = Image.new("RGB", (2 * width + 3 * _GAP, height + _HEADER + _GAP), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    font = caption_font()
    summary = f"{len(regions)} changed region(s)" if regions else "no visible change"
    for index, (panel, title) in enumerate(((before, "before"), (after, f"after: {summary}"))):
        left = _GAP + index * (width + _GAP)
        sheet.paste(panel, (left, _HEADER))
        draw.text((left, _HEADER // 2), title, fill=(40, 40, 40), font=font, anchor="lm")
        for x0, y0, x1, y1 in regions:
            draw.rectangle(
                (left + x0, _HEADER + y0, left + x1, _HEADER + y1), outline=_OUTLINE, width=3
            )
    return encode(sheet, "JPEG", 85)


def _aligned(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The old version scaled into the new one's frame, centred on white if shapes differ."""
    if image.size == size:
        return image
    scale = min(size[0] / image.width, size[1] / image.height)
    fitted = image.resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
        Image.Resampling.LANCZOS,
    )
    canvas = Image.new("RGB", size, (255, 255, 255))
    canvas.paste(fitted, ((size[0] - fitted.width) // 2, (size[1] - fitted.height) // 2))
    return canvas


def changed_regions(before: Image.Image, after: Image.Image) -> list[Rect]:
    """Outlines (in pixels) around groups of changed cells; both images have the same size.

    Cells are compared by their average colour, so resampling and JPEG noise along sharp
    edges (a re-export at another size) do not count as change; a retouched label does."""
    cells_before, cells_after = before.reduce(_CELL), after.reduce(_CELL)
    red, green, blue = ImageChops.difference(cells_before, cells_after).split()
    distance = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    columns, rows = distance.size
    values = distance.tobytes()
    hot = {(i % columns, i // columns) for i, value in enumerate(values) if value > _CHANGED}
    regions = []
    while hot:
        seed = hot.pop()
        queue, cells = deque([seed]), [seed]
        while queue:  # flood fill, diagonals included: one outline per changed object
            x, y = queue.popleft()
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    neighbour = (x + dx, y + dy)
                    if neighbour in hot:
                        hot.remove(neighbour)
                        queue.append(neighbour)
                        cells.append(neighbour)
        xs, ys = [c[0] for c in cells], [c[1] for c in cells]
        regions.append(
            (
                min(xs) * _CELL,
                min(ys) * _CELL,
                min(before.width, (max(xs) + 1) * _CELL) - 1,
                min(before.height, (max(ys) + 1) * _CELL) - 1,
            )
        )
    return sorted(regions)
