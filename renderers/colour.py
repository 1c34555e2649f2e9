"""Bringing any master into 8-bit sRGB (plus alpha), the only colour space channels accept.

Studios shoot and retouch in Adobe RGB, ProPhoto, Display P3 or CMYK; a browser shows
untagged or misconverted files dull or garish. Each distinct embedded profile builds its
LittleCMS transform once (cached), and every output embeds sRGB so nobody has to guess.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageCms

from renderers.errors import ImageRejected

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
SRGB_PROFILE: bytes = _SRGB.tobytes()
SRGB_NAME = "sRGB"
# Photoshop's default for "Convert to Profile": relative colorimetric with black point
# compensation. Matrix profiles (Adobe RGB, ProPhoto, P3) have no perceptual tables anyway.
_INTENT = ImageCms.Intent.RELATIVE_COLORIMETRIC
# NOCACHE: transforms are shared between threads; LittleCMS's one-pixel cache is not.
_FLAGS = ImageCms.Flags.BLACKPOINTCOMPENSATION | ImageCms.Flags.NOCACHE
_PROFILE_MODES = {"RGB": "RGB", "L": "GRAY", "CMYK": "CMYK", "LAB": "LAB"}


def profile_name(icc_profile: bytes | None) -> str:
    """Short colour space name for compliance: "sRGB", a profile's description, or "untagged"."""
    if not icc_profile:
        return "untagged"
    try:
        description = ImageCms.getProfileDescription(
            ImageCms.getOpenProfile(io.BytesIO(icc_profile))
        )
    except (ImageCms.PyCMSError, OSError):
        return "unreadable profile"
    description = description.strip()
    return SRGB_NAME if description.lower().startswith("srgb") else description


@lru_cache(maxsize=32)
def _transform(icc_profile: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """The cached conversion from one embedded profile to sRGB; None when none is needed
    (already sRGB) or possible (unreadable profile, or one that does not match the pixels)."""
    if profile_name(icc_profile) in (SRGB_NAME, "unreadable profile"):
        return None
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if source.profile.xcolor_space.strip().upper() != _PROFILE_MODES[mode]:
            return None
        return ImageCms.buildTransform(source, _SRGB, mode, "RGB", _INTENT, _FLAGS)
    except (ImageCms.PyCMSError, OSError):
        return None


def _eight_bit(image: Image.Image) -> Image.Image:
    """Reduce 16/32-bit, palette and bilevel modes to L, LA, RGB, RGBA, CMYK or LAB."""
    mode = image.mode
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK", "LAB"):
        return image
    if mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        # convert("L") would clip everything above 255 to white; scale 0-65535 instead.
        return image.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    if mode in ("P", "PA"):
        keeps_alpha = mode == "PA" or "transparency" in image.info or image.palette.mode == "RGBA"
        return image.convert("RGBA" if keeps_alpha else "RGB")
    if mode in ("1", "La"):
        return image.convert("LA" if mode == "La" else "L")
    if mode in ("RGBa", "RGBX", "YCbCr"):
        return image.convert("RGBA" if mode == "RGBa" else "RGB")
    raise ImageRejected(f"refused: pixel format {mode} is not supported")


def to_srgb(
    image: Image.Image, icc_profile: bytes | None
) -> tuple[Image.Image, Image.Image | None]:
    """8-bit sRGB pixels (mode RGB) and the alpha channel (L) when the master has one."""
    image = _eight_bit(image)
    alpha = None
    if image.mode in ("RGBA", "LA"):
        alpha = image.getchannel("A")
        image = image.convert(image.mode[:-1])
    if image.mode == "LAB" and not icc_profile:
        icc_profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    transform = _transform(icc_profile, image.mode) if icc_profile else None
    if transform is not None and image.mode == "RGB":
        ImageCms.applyTransform(image, transform, inPlace=True)
    elif transform is not None:
        image = ImageCms.applyTransform(image, transform)
    elif image.mode != "RGB":
        image = image.convert("RGB")
    return image, alpha


def flatten(
    image: Image.Image, alpha: Image.Image | None, background: tuple[int, int, int]
) -> Image.Image:
    """Composite onto a solid background using alpha as coverage (a plain convert("RGB")
    would keep whatever colour hides under transparent pixels, often black)."""
    if alpha is None:
        return image
    flattened = Image.new("RGB", image.size, background)
    flattened.paste(image, mask=alpha)
    return flattened
