"""Opening untrusted image bytes safely, and decoding them once, upright, at a chosen scale.

Everything that can be wrong with a file a user uploaded is turned into ImageRejected here,
so the rest of the renderers only ever see a loaded, upright image.
"""

from __future__ import annotations

import io
import math
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from renderers.colour import flatten, to_srgb
from renderers.errors import ImageRejected

# What a studio sends as masters. Other formats Pillow can read (EPS, PSD, ICO...) are refused:
# fewer parsers exposed to uploads, and none that call out to Ghostscript.
SUPPORTED_FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "GIF", "BMP")
_DRAFT_FORMATS = ("JPEG", "MPO")  # MPO: camera JPEGs carrying a second, preview picture
_ORIENTATION = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class Decoded:
    """A master decoded once: upright pixels plus what is needed to judge and convert them."""

    image: Image.Image  # upright, still in the file's own mode and colour space
    format: str
    width: int  # upright full-resolution size of the master
    height: int
    icc_profile: bytes | None

    @property
    def scale(self) -> float:
        """Decoded pixels per master pixel (below 1 when JPEG draft scaling was used)."""
        return self.image.width / self.width


@contextmanager
def _rejecting(what: str) -> Iterator[None]:
    """Turn Pillow's many failure modes into one user-facing error."""
    try:
        yield
    except ImageRejected:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageRejected(f"refused: {what} is too large to be safe to decode ({exc})") from exc
    except UnidentifiedImageError as exc:
        raise ImageRejected(f"refused: {what} is not an image file") from exc
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
        detail = str(exc) or type(exc).__name__
        if "truncated" in detail or isinstance(exc, EOFError):
            raise ImageRejected(f"refused: {what} is truncated or incomplete") from exc
        raise ImageRejected(f"refused: {what} is corrupt ({detail})") from exc


def open_image(data: bytes, max_pixels: int) -> Image.Image:
    """Parse the header only: refuse non-images, unsupported formats and oversized images."""
    with _rejecting("the file"):
        try:
            image = Image.open(io.BytesIO(data), formats=SUPPORTED_FORMATS)
        except UnidentifiedImageError:
            other = _format_name(data)
            if other:
                supported = ", ".join(SUPPORTED_FORMATS)
                raise ImageRejected(
                    f"refused: {other} files are not supported (send {supported})"
                ) from None
            raise
    width, height = image.size
    # Pillow's own bomb limit counts too. Pillow only warns below twice that limit; checking
    # it here, rather than turning warnings into errors (process-wide state), is thread-safe.
    if Image.MAX_IMAGE_PIXELS:
        max_pixels = min(max_pixels, Image.MAX_IMAGE_PIXELS)
    if width * height > max_pixels:
        raise ImageRejected(
            f"refused: {width}x{height} is {width * height / 1e6:.3g} megapixels, "
            f"over the limit of {max_pixels / 1e6:.3g} megapixels"
        )
    return image


def _format_name(data: bytes) -> str | None:
    """Name a format we refuse, so the message can say 'EPS files are not supported'."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.format
    except Exception:  # noqa: BLE001 - any failure here just means "not an image we know"
        return None


def orientation(image: Image.Image) -> int:
    """EXIF orientation 1-8 (1 when absent or nonsense)."""
    try:
        value = image.getexif().get(_ORIENTATION, 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block must not sink a good image
        return 1
    return value if value in range(1, 9) else 1


def upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    return (height, width) if orientation(image) >= 5 else (width, height)


def decode(
    data: bytes, max_pixels: int, min_scale: float = 1.0, *, luma_only: bool = False
) -> Decoded:
    """Decode upright. JPEGs are DCT-scaled while at least `min_scale` of the master's
    resolution is kept (the caller decides how much downscaling must remain), and can be
    decoded as their luma plane alone, which skips the colour planes' work entirely."""
    image = open_image(data, max_pixels)
    width, height = upright_size(image)
    turn = orientation(image)
    with _rejecting("the file"):
        if image.format in _DRAFT_FORMATS and (min_scale < 1 or luma_only):
            # draft() works on the stored (unrotated) size; Pillow keeps at least the request.
            stored_w, stored_h = image.size
            size = (math.ceil(stored_w * min_scale), math.ceil(stored_h * min_scale))
            image.draft("L" if luma_only else None, size)
        image.load()
        icc_profile = image.info.get("icc_profile") or None
        file_format = "JPEG" if image.format == "MPO" else image.format or "unknown"
        if turn in _TRANSPOSE:
            image = image.transpose(_TRANSPOSE[turn])
    return Decoded(image, file_format, width, height, icc_profile)


def decode_fitted(data: bytes, side: int, max_pixels: int) -> Image.Image:
    """A small upright sRGB picture of the master (long side at most `side`) for review aids."""
    width, height = upright_size(open_image(data, max_pixels))
    decoded = decode(data, max_pixels, min(1.0, side / max(width, height)))
    image, alpha = to_srgb(decoded.image, decoded.icc_profile)
    image = flatten(image, alpha, (255, 255, 255))
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    return image
