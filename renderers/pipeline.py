"""From one master's bytes to every channel rendition, a preview and a thumbnail.

The master is decoded once (for a large JPEG: colour and luma planes each once, each at the
smallest DCT scale its outputs allow), brought to sRGB, and every output is resampled from
that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageChops

from renderers.colour import SRGB_NAME, flatten, profile_name, to_srgb
from renderers.compliance import Check, judge, measure
from renderers.decode import Decoded, decode, open_image, upright_size
from renderers.encode import encode, encode_within
from renderers.fit import Placement, clip_to, place
from renderers.phash import phash
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
# Pillow's box pre-reduction before LANCZOS; 3.0 is indistinguishable from plain LANCZOS.
_REDUCING_GAP = 3.0
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

    image: Image.Image  # RGB, sRGB, transparency flattened onto white
    alpha: Image.Image | None  # the master's transparency, when it has any
    sweep: bool  # shot on a near-white sweep: the background may become pure white
    box: Box | None  # product box in `image` pixels
    decoded: Decoded
    # A YCbCr JPEG whose outputs need more luma than colour: its luma plane, decoded on its own
    # at a higher scale, and `image`'s chroma planes; outputs are assembled from these three.
    planes: tuple[Image.Image, Image.Image, Image.Image] | None = None


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
    working = decode_working(data, specs, max_pixels)
    preview_image = _fit_within(working.image, PREVIEW_SIDE)
    thumbnail_image = _fit_within(preview_image, THUMBNAIL_SIDE)
    renditions = {spec.name: _render(working, spec) for spec in specs}
    return RenderResult(
        width=working.decoded.width,
        height=working.decoded.height,
        format=working.decoded.format,
        phash=phash(thumbnail_image),
        renditions=renditions,
        preview=_plain_output("preview", preview_image),
        thumbnail=_plain_output("thumbnail", thumbnail_image),
    )


def decode_working(data: bytes, specs: Sequence[ChannelSpec], max_pixels: int) -> Working:
    """Decode the master once at the scale its outputs need, plane by plane.

    The colour decode comes first, DCT-scaled so no output has to enlarge it; it is enough to
    find the product. The product box then says how sharp luma must be: a YCbCr JPEG has its
    luma plane decoded on its own at that scale (a quarter of the memory of RGB at full
    size); other files whose draft was too small are decoded again at the scale needed."""
    frame = upright_size(open_image(data, max_pixels))
    colour_scale = _decode_scale(specs, frame, None) * COLOUR_SHARE
    working = prepare_working(decode(data, max_pixels, max(colour_scale, _preview_scale(frame))))
    decoded = working.decoded
    if decoded.scale == 1:
        return working
    needed = _decode_scale(specs, frame, _scaled(working.box, 1 / decoded.scale))
    luma_scale = min(1.0, max(needed * LUMA_HEADROOM, _preview_scale(frame)))
    if luma_scale <= decoded.scale:
        return working
    if decoded.image.mode == "RGB" and profile_name(decoded.icc_profile) in (SRGB_NAME, "untagged"):
        luma = decode(data, max_pixels, luma_scale, luma_only=True).image
        _, blue, red = working.image.convert("YCbCr").split()
        return dataclasses.replace(working, planes=(luma, blue, red))
    return prepare_working(decode(data, max_pixels, luma_scale))


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
    return Working(image, alpha, is_sweep(distance), box, decoded)


def compose(
    working: Working, spec: ChannelSpec, reducing_gap: float | None = _REDUCING_GAP
) -> tuple[Image.Image, Placement]:
    """The channel's canvas before encoding (benchmarks/render.py builds its reference here).

    On a packshot the sweep becomes pure background: the product is resampled, then blended
    onto the background through a mask that is 0 on near-white and 255 on the product."""
    placement = place(spec, working.image.size, working.box)
    masked = working.sweep or working.alpha is not None
    if masked and placement.fit == "contain" and working.box is not None:
        placement = clip_to(placement, working.box, _BOX_MARGIN)
    if working.planes is None:
        region = working.image.resize(
            placement.size, _LANCZOS, box=placement.source, reducing_gap=reducing_gap
        )
    else:
        region = _from_planes(working, placement, reducing_gap)
    if not masked and region.size == spec.size:
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


def _from_planes(working: Working, placement: Placement, reducing_gap: float | None) -> Image.Image:
    """The region resampled plane by plane: luma from its sharp plane, chroma from colour."""
    planes = []
    for plane in working.planes:
        ratio = plane.width / working.image.width
        box = tuple(edge * ratio for edge in placement.source)
        planes.append(plane.resize(placement.size, _LANCZOS, box=box, reducing_gap=reducing_gap))
    merged = Image.merge("YCbCr", planes)
    del planes  # peak memory: at most two region-sized images at any time
    return merged.convert("RGB")


def _render(working: Working, spec: ChannelSpec) -> Output:
    canvas, placement = compose(working, spec)
    data, quality = encode_within(
        canvas, spec.format, spec.quality, max_bytes=spec.max_bytes, min_quality=spec.min_quality
    )
    size = canvas.size
    del canvas  # measuring decodes the file again: not both in memory at once
    source_scale = placement.scale * working.decoded.scale
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
