"""A large YCbCr JPEG rendered plane by plane: sharp luma, half-resolution chroma.

Luma is decoded on its own at the scale the sharpest output needs and at once resampled,
in bands of rows and on two threads (Pillow resamples without the GIL), for every distinct
placement: the full-size plane (24 MB at 24 MP) does not outlive decoding. Chroma comes
from the smaller colour decode and is interpolated per output, which is what the encoder
keeps anyway (4:2:0). A JPEG canvas is composed in YCbCr, the encoder's own input: no
round trip through RGB, whose rounding cost up to 0.8 dB (docs/benchmarks.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from PIL import Image

from renderers.fit import Placement
from renderers.product_box import sweep_mask
from renderers.specs import ChannelSpec

T = TypeVar("T")
R = TypeVar("R")

_LANCZOS = Image.Resampling.LANCZOS
_CHROMA = Image.Resampling.BILINEAR
# JPEG's Cb and Cr from RGB (JFIF): each plane straight from RGB, no full-size YCbCr copy.
_CHROMA_MATRICES = ((-0.168736, -0.331264, 0.5, 128.0), (0.5, -0.418688, -0.081312, 128.0))
_BAND_ROWS = 256  # a region is resampled and composed this many rows at a time
# Threads besides the caller's: one master on two cores. More would cost memory for little
# (two cores are the desk's machine), and batch ingest already runs a process per core.
_HELPERS = min(2, os.cpu_count() or 1) - 1
# Pillow's box pre-reduction before LANCZOS; 3.0 is indistinguishable from plain LANCZOS.
REDUCING_GAP = 3.0

Source = tuple[float, float, float, float]  # a box in source pixels, as Image.resize takes it
# A placement's resampled region: its source box and size (shared by channels that agree).
Region = tuple[Source, tuple[int, int]]


@dataclass(frozen=True)
class Planes:
    luma: dict[Region, list[Image.Image]]  # per distinct placement, its bands (see bands)
    blue: Image.Image
    red: Image.Image


def chroma_planes(image: Image.Image) -> Planes:
    """The colour decode reduced to its Cb and Cr planes; luma is added once decoded."""
    blue, red = (image.convert("L", matrix) for matrix in _CHROMA_MATRICES)
    return Planes({}, blue, red)


def resample_luma(luma: Image.Image, ratio: float,
                  placements: Iterable[Placement]) -> dict[Region, list[Image.Image]]:
    """Each distinct placement's region from the sharp luma plane (`ratio` of its pixels per
    placement pixel), band by band: most of a master's time, spread over threads."""
    distinct = {(p.source, p.size): p for p in placements}
    tasks = [(key, size, source) for key, p in distinct.items() for _, size, source in bands(p)]

    def resample(task: tuple[Region, tuple[int, int], Source]) -> Image.Image:
        _, size, source = task
        box = tuple(edge * ratio for edge in source)
        return luma.resize(size, _LANCZOS, box=box, reducing_gap=REDUCING_GAP)

    regions: dict[Region, list[Image.Image]] = {key: [] for key in distinct}
    for (key, _, _), band in zip(tasks, on_threads(resample, tasks), strict=True):
        regions[key].append(band)
    return regions


def on_threads(work: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """`work` over `items`, the calling thread and _HELPERS others taking them in turn.
    (The caller works too: one thread, and its malloc arena, fewer than a pool's.)"""
    queue = iter(list(enumerate(items)))  # next() on it is atomic: threads share it safely
    results: dict[int, R] = {}

    def drain() -> None:
        for index, item in queue:
            results[index] = work(item)

    with ThreadPoolExecutor(max(1, _HELPERS)) as pool:
        helpers = [pool.submit(drain) for _ in range(_HELPERS)]
        drain()
        for helper in helpers:
            helper.result()
    return [results[index] for index in sorted(results)]


def bands(placement: Placement) -> Iterator[tuple[int, tuple[int, int], Source]]:
    """The region in bands of rows: first row, band size, and the source box it resamples.
    Resampling a band with its own source box gives the rows resampling the whole would."""
    left, top, right, bottom = placement.source
    width, height = placement.size
    step = (bottom - top) / height
    for first in range(0, height, _BAND_ROWS):
        rows = min(_BAND_ROWS, height - first)
        yield first, (width, rows), (left, top + first * step, right, top + (first + rows) * step)


def compose_planes(planes: Planes, placement: Placement, spec: ChannelSpec,
                   sweep: bool) -> Image.Image:
    """The canvas from planes, band by band so temporaries stay small next to the canvas;
    on a sweep, near-white becomes the background through the mask."""
    mode = "YCbCr" if spec.format == "JPEG" else "RGB"
    canvas = Image.new(mode, spec.size, colour_in(mode, spec.background))
    left, top = placement.offset
    luma = planes.luma[placement.source, placement.size]
    for band_luma, (first, size, source) in zip(luma, bands(placement), strict=True):
        chroma = [plane.resize(size, _CHROMA, box=source) for plane in (planes.blue, planes.red)]
        band = Image.merge("YCbCr", (band_luma, *chroma))
        mask = sweep_mask(band.convert("RGB")) if sweep else None
        canvas.paste(band, (left, top + first), mask)  # converted if the canvas is RGB
    return canvas


def colour_in(mode: str, colour: tuple[int, int, int]) -> tuple[int, ...]:
    """An RGB colour in `mode`; white in YCbCr is 255,128,128, exactly 255 again once decoded."""
    return Image.new("RGB", (1, 1), colour).convert(mode).getpixel((0, 0))
