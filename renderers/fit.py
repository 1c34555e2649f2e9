"""Where the master goes on a channel's canvas: pure geometry, no pixels.

"contain" scales the product box so its longest side covers the spec's fill of the canvas
and centres it; "cover" crops the frame to the canvas shape around the product and falls
back to contain when that crop would cut the product.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from renderers.product_box import Box
from renderers.specs import ChannelSpec

# A product box this close to every frame edge means a lifestyle shot, not a packshot:
# contain then shows the whole frame instead of zooming in on "the product".
_FULL_FRAME = 0.98


@dataclass(frozen=True)
class Placement:
    """Resample `source` (a float box in frame pixels) to `size` and put it at `offset`."""

    source: tuple[float, float, float, float]
    size: tuple[int, int]
    offset: tuple[int, int]
    scale: float  # canvas pixels per frame pixel
    fit: str  # the fit actually used: "cover" may have fallen back to "contain"


def place(spec: ChannelSpec, frame: tuple[int, int], box: Box | None) -> Placement:
    """Placement of a frame of size `frame` with product `box` on the spec's canvas."""
    if spec.fit == "cover":
        covered = _cover(spec, frame, box)
        if covered is not None:
            return covered
    return _contain(spec, frame, box)


def _contain(spec: ChannelSpec, frame: tuple[int, int], box: Box | None) -> Placement:
    frame_w, frame_h = frame
    left, top, right, bottom = box or (0, 0, frame_w, frame_h)
    box_w, box_h = max(1, right - left), max(1, bottom - top)
    if box_w >= _FULL_FRAME * frame_w and box_h >= _FULL_FRAME * frame_h:
        left, top, right, bottom = 0, 0, frame_w, frame_h
        scale = min(spec.width / frame_w, spec.height / frame_h)
    else:
        scale = spec.fill * min(spec.width / box_w, spec.height / box_h)
    # The canvas mapped back onto the frame, centred on the product: canvas pixel d shows
    # frame position view + d / scale. Only whole canvas pixels inside the frame are drawn.
    view_left = (left + right) / 2 - spec.width / (2 * scale)
    view_top = (top + bottom) / 2 - spec.height / (2 * scale)
    x0, y0 = max(0, math.ceil(-view_left * scale)), max(0, math.ceil(-view_top * scale))
    x1 = min(spec.width, math.floor((frame_w - view_left) * scale))
    y1 = min(spec.height, math.floor((frame_h - view_top) * scale))
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
    source = (
        view_left + x0 / scale,
        view_top + y0 / scale,
        view_left + x1 / scale,
        view_top + y1 / scale,
    )
    return Placement(source, (x1 - x0, y1 - y0), (x0, y0), scale, "contain")


def _cover(spec: ChannelSpec, frame: tuple[int, int], box: Box | None) -> Placement | None:
    frame_w, frame_h = frame
    aspect = spec.width / spec.height
    crop_w, crop_h = (frame_h * aspect, float(frame_h))
    if crop_w > frame_w:
        crop_w, crop_h = float(frame_w), frame_w / aspect
    left, top, right, bottom = box or (0, 0, frame_w, frame_h)
    if right - left > crop_w + 0.5 or bottom - top > crop_h + 0.5:
        return None  # the product would be cut: contain shows all of it instead
    crop_left = min(max(0.0, (left + right - crop_w) / 2), frame_w - crop_w)
    crop_top = min(max(0.0, (top + bottom - crop_h) / 2), frame_h - crop_h)
    source = (crop_left, crop_top, crop_left + crop_w, crop_top + crop_h)
    return Placement(source, spec.size, (0, 0), spec.width / crop_w, "cover")


def clip_to(placement: Placement, box: Box, margin: float) -> Placement:
    """The same placement, resampling only `box` (grown by `margin` of its size): on a
    whitened sweep everything else is background anyway. The mapping is unchanged, so the
    pixels drawn are the ones resampling the whole view would give."""
    left, top, right, bottom = box
    grow_x, grow_y = margin * (right - left), margin * (bottom - top)
    src_left, src_top, src_right, src_bottom = placement.source
    scale = placement.scale
    x0, y0 = placement.offset

    def edge(start: float, value: float, origin: int, rounding: Callable[[float], int]) -> int:
        return origin + rounding((value - start) * scale)

    dest = (
        max(x0, edge(src_left, left - grow_x, x0, math.floor)),
        max(y0, edge(src_top, top - grow_y, y0, math.floor)),
        min(x0 + placement.size[0], edge(src_left, right + grow_x, x0, math.ceil)),
        min(y0 + placement.size[1], edge(src_top, bottom + grow_y, y0, math.ceil)),
    )
    if dest[2] <= dest[0] or dest[3] <= dest[1]:
        return placement
    source = (
        src_left + (dest[0] - x0) / scale,
        src_top + (dest[1] - y0) / scale,
        src_left + (dest[2] - x0) / scale,
        src_top + (dest[3] - y0) / scale,
    )
    return Placement(source, (dest[2] - dest[0], dest[3] - dest[1]), dest[:2], scale, placement.fit)
