"""From one master's bytes to every channel rendition, a preview and a thumbnail.

The master is decoded once (for a large JPEG: colour and luma planes each once, each at the
smallest DCT scale its outputs allow), brought to sRGB, and every output is resampled from
that. Resampling full-resolution luma is most of the time: it runs on two threads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageChops

from renderers.colour import SRGB_NAME, flatten, profile_name, to_srgb
from renderers.compliance import Check, judge, measure
from renderers.decode import Decoded, decode, open_image, upright_size
from renderers.encode import encode, encode_within
from renderers.fit import Placement, clip_to, place
from renderers.phash import phash
from renderers.planes import (
    REDUCING_GAP,
    Planes,
    chroma_planes,
    compose_planes,
    resample_luma,
)
from renderers.product_box import (
    PRODUCT_THRESHOLD,
    WHITE,
    Box,
    analysis_factor,
    box_of,
    distance_from,
    is_sweep,
    sweep_mask,
)
from renderers.specs import ChannelSpec

__all__ = ["Check", "Output", "RenderResult", "probe", "render_master"]

PREVIEW_SIDE = 1024
THUMBNAIL_SIDE = 256
PREVIEW_QUALITY = 85
# After DCT scaling, the pixels that carry luma must still be downscaled by at least this
# factor: below about 3, DCT scaling costs over 0.5 dB luma PSNR against a full-resolution
# LANCZOS render (docs/benchmarks.md).
LUMA_HEADROOM = 3.0
# Colour needs half the resolution of the output: a 4:2:0 JPEG stores its chroma that way.
COLOUR_SHARE = 0.5
_LANCZOS = Image.Resampling.LANCZOS
_BLOCK_SIZE = 1 << 20  # bytes: Pillow's image memory blocks while rendering (_small_blocks)
_BOX_MARGIN = 0.03  # resample a little around the product box: soft shadows, anti-aliasing
_PREVIEW_REDUCING_GAP = 2.0  # "very close to fair resampling": enough for review images


@dataclass(frozen=True)
class Output:
    """One encoded file: a channel rendition, the preview or the thumbnail."""

    name: str
    data: bytes
    format: str
    extension: str
    width: int
    height: int
    checks: tuple[Check, ...] = ()

    @property
    def verdict(self) -> str:
        """ "fail" if any hard rule failed, "advisory" if only advisory ones did, else "pass"."""
        failed = {check.severity for check in self.checks if not check.passed}
        return "fail" if "hard" in failed else "advisory" if failed else "pass"


@dataclass(frozen=True)
class RenderResult:
    width: int  # master, upright (after EXIF orientation)
    height: int
    format: str  # master's format, e.g. "JPEG", "TIFF"
    phash: str
    renditions: dict[str, Output]
    preview: Output
    thumbnail: Output


@dataclass(frozen=True)
class Working:
    """The decoded master every output is derived from."""

    pixels: Image.Image | Planes  # RGB, sRGB, transparency flattened onto white; or planes
    size: tuple[int, int]  # the colour decode's grid: `box` and every placement refer to it
    scale: float  # that grid's pixels per master pixel (below 1 after JPEG draft scaling)
    alpha: Image.Image | None  # the master's transparency, when it has any
    sweep: bool  # shot on a near-white sweep: the background may become pure white
    box: Box | None  # product box on the grid


def probe(data: bytes, *, max_pixels: int = 100_000_000) -> tuple[int, int, str]:
    """Cheap validation from the header alone: upright width, height and format.

    It does not decode pixels, so a truncated file passes here and is refused by render_master.
    """
    image = open_image(data, max_pixels)
    width, height = upright_size(image)
    return width, height, "JPEG" if image.format == "MPO" else str(image.format)


def render_master(
    data: bytes, specs: Sequence[ChannelSpec], *, max_pixels: int = 100_000_000
) -> RenderResult:
    """Every rendition, the preview and the thumbnail of one master; raises ImageRejected."""
    width, height, file_format = probe(data, max_pixels=max_pixels)
    with _small_blocks():
        working, preview, thumbnail = decode_working(data, specs, max_pixels)
        renditions = _renditions(working, specs)
    return RenderResult(
        width=width,
        height=height,
        format=file_format,
        phash=phash(thumbnail),
        renditions=renditions,
        preview=preview,
        thumbnail=_plain_output("thumbnail", thumbnail),
    )


@contextmanager
def _small_blocks() -> Iterator[None]:
    """Pillow allocates images in blocks of up to 16 MiB (its PILLOW_BLOCK_SIZE setting).
    Freed, they leave holes in the C heap that later, differently sized blocks do not fit,
    and rendering master after master in one process peaks up to a fifth higher
    (docs/benchmarks.md); small blocks fit each other's holes. The setting is process-wide:
    it is restored on the way out."""
    previous = Image.core.get_block_size()
    Image.core.set_block_size(min(previous, _BLOCK_SIZE))
    try:
        yield
    finally:
        Image.core.set_block_size(previous)


def decode_working(
    data: bytes, specs: Sequence[ChannelSpec], max_pixels: int
) -> tuple[Working, Output, Image.Image]:
    """Decode the master once at the scale its outputs need, plane by plane; also the preview
    and the thumbnail image, made from the colour decode on a helper thread meanwhile.

    The colour decode comes first, DCT-scaled so no output has to enlarge it; it is enough to
    find the product. The product box then says how sharp luma must be: a YCbCr JPEG has its
    luma plane decoded on its own at that scale (a quarter of the memory of RGB at full
    size); other files whose draft was too small are decoded again at the scale needed."""
    header = open_image(data, max_pixels)
    frame = upright_size(header)
    colour_scale = _decode_scale(specs, frame, None) * COLOUR_SHARE
    working = prepare_working(decode(data, max_pixels, max(colour_scale, _preview_scale(frame))))
    needed = _decode_scale(specs, frame, _scaled(working.box, 1 / working.scale))
    luma_scale = min(1.0, max(needed * LUMA_HEADROOM, _preview_scale(frame)))
    luma = None
    with ThreadPoolExecutor(1) as helper:  # the review images are made alongside decoding
        review = helper.submit(_preview_and_thumbnail, working.pixels)
        if luma_scale > working.scale and _luma_apart(header):
            # the colour image goes once the review has it
            working = dataclasses.replace(working, pixels=chroma_planes(working.pixels))
            luma = decode(data, max_pixels, luma_scale, luma_only=True).image
        elif luma_scale > working.scale:
            working = prepare_working(decode(data, max_pixels, luma_scale))
        preview, thumbnail = review.result()
    if luma is not None:  # the helper is gone: its memory serves the threads resampling luma
        ratio = luma.width / working.size[0]
        regions = resample_luma(luma, ratio, (_placement(working, spec) for spec in specs))
        planes = dataclasses.replace(working.pixels, luma=regions)
        working = dataclasses.replace(working, pixels=planes)
    return working, preview, thumbnail


def _luma_apart(header: Image.Image) -> bool:
    """A YCbCr JPEG already in sRGB: its luma is decoded alone, no colour conversion needed."""
    return header.mode == "RGB" and profile_name(header.info.get("icc_profile")) in (
        SRGB_NAME,
        "untagged",
    )


def _preview_and_thumbnail(image: Image.Image) -> tuple[Output, Image.Image]:
    preview = _fit_within(image, PREVIEW_SIDE)
    return _plain_output("preview", preview), _fit_within(preview, THUMBNAIL_SIDE)


def _decode_scale(specs: Sequence[ChannelSpec], frame: tuple[int, int], box: Box | None) -> float:
    """The smallest share of the master's resolution from which no output is enlarged."""
    return min(1.0, max((place(spec, frame, box).scale for spec in specs), default=0.0))


def _preview_scale(frame: tuple[int, int]) -> float:
    """The preview is made from the colour decode alone, which must not be enlarged."""
    return min(1.0, PREVIEW_SIDE / max(frame))


def _scaled(box: Box | None, factor: float) -> Box | None:
    if box is None:
        return None
    left, top, right, bottom = box
    return (int(left * factor), int(top * factor), round(right * factor), round(bottom * factor))


def prepare_working(decoded: Decoded) -> Working:
    """sRGB pixels, transparency flattened onto white; is it a packshot, where is the product."""
    image, alpha = to_srgb(decoded.image, decoded.icc_profile)
    if alpha is not None and alpha.getextrema()[0] == 255:
        alpha = None  # an alpha channel that is opaque everywhere says nothing
    image = flatten(image, alpha, WHITE)
    factor = max(1, round(analysis_factor(max(decoded.width, decoded.height)) * decoded.scale))
    small = image.reduce(factor) if factor > 1 else image
    distance = distance_from(small)
    if alpha is not None:
        small_alpha = alpha.reduce(factor) if factor > 1 else alpha
        box = box_of(small_alpha, 127, factor, image.size)
    else:
        box = box_of(distance, PRODUCT_THRESHOLD, factor, image.size)
    return Working(image, image.size, decoded.scale, alpha, is_sweep(distance), box)


def _placement(working: Working, spec: ChannelSpec) -> Placement:
    """Where the spec puts the frame; on a whitened packshot only the product is resampled."""
    placement = place(spec, working.size, working.box)
    if _masked(working) and placement.fit == "contain" and working.box is not None:
        placement = clip_to(placement, working.box, _BOX_MARGIN)
    return placement


def _masked(working: Working) -> bool:
    return working.sweep or working.alpha is not None


def compose(
    working: Working, spec: ChannelSpec, reducing_gap: float | None = REDUCING_GAP
) -> tuple[Image.Image, Placement]:
    """The channel's canvas before encoding (benchmarks/render.py builds its reference here).

    On a packshot the sweep becomes pure background: the product is resampled, then blended
    onto the background through a mask that is 0 on near-white and 255 on the product.
    From planes, a JPEG channel's canvas stays YCbCr, what the encoder takes in: no round
    trip through RGB. `reducing_gap` applies to RGB pixels (planes were resampled at decoding)."""
    placement = _placement(working, spec)
    if isinstance(working.pixels, Planes):
        return compose_planes(working.pixels, placement, spec, working.sweep), placement
    region = working.pixels.resize(
        placement.size, _LANCZOS, box=placement.source, reducing_gap=reducing_gap
    )
    if not _masked(working) and region.size == spec.size:
        return region, placement
    mask = sweep_mask(region) if working.sweep else None  # before the canvas: lower peak memory
    if working.alpha is not None:
        alpha = working.alpha.resize(
            placement.size, _LANCZOS, box=placement.source, reducing_gap=reducing_gap
        )
        mask = alpha if mask is None else ImageChops.multiply(mask, alpha)
    canvas = Image.new("RGB", spec.size, spec.background)
    canvas.paste(region, placement.offset, mask)
    return canvas, placement


def _render(working: Working, spec: ChannelSpec) -> Output:
    canvas, placement = compose(working, spec)
    data, quality = encode_within(
        canvas, spec.format, spec.quality, max_bytes=spec.max_bytes, min_quality=spec.min_quality
    )
    size = canvas.size
    del canvas  # measuring decodes the file again: not both in memory at once
    source_scale = placement.scale * working.scale
    checks = judge(measure(data, spec, quality=quality, source_scale=source_scale), spec.rules)
    return Output(spec.name, data, spec.format, spec.extension, *size, checks)


def _fit_within(image: Image.Image, side: int) -> Image.Image:
    """The whole frame with its long side at most `side` (never enlarged); always a new image."""
    scale = side / max(image.size)
    if scale >= 1:
        return image.copy()
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, _LANCZOS, reducing_gap=_PREVIEW_REDUCING_GAP)


def _plain_output(name: str, image: Image.Image) -> Output:
    data = encode(image, "JPEG", PREVIEW_QUALITY)
    return Output(name, data, "JPEG", "jpg", image.width, image.height)


def _renditions(working: Working, specs: Sequence[ChannelSpec]) -> dict[str, Output]:
    """Largest canvas first, so each later canvas fits in memory an earlier one gave back."""
    rendered = {
        spec.name: _render(working, spec)
        for spec in sorted(specs, key=lambda spec: spec.width * spec.height, reverse=True)
    }
    return {spec.name: rendered[spec.name] for spec in specs}
