"""Real images of awkward kinds, generated: studio packshots on a near-white sweep,
16-bit TIFFs, and headers of decompression bombs."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageDraw

SIZE = (1600, 1200)
PRODUCT = (560, 240, 1040, 1020)  # left, top, right, bottom of the product in SIZE
PRODUCT_COLOUR = (170, 60, 40)
MARKER = (20, 40, 220)  # blue marker in the product's top-left corner: shows which way is up


def packshot(
    size: tuple[int, int] = SIZE, product: tuple[int, int, int, int] = PRODUCT, sweep: int = 252
) -> Image.Image:
    """A product on a near-white sweep (sweep-2 .. sweep+2, like a real one, never 255), with
    a soft shadow under it and a marker in the product's top-left corner."""
    image = Image.linear_gradient("L").resize(size).point(lambda v: sweep + 2 - v * 4 // 255)
    image = Image.merge("RGB", (image, image, image))
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = product
    draw.ellipse((left, bottom - 30, right, bottom + 10), fill=(236, 236, 236))  # shadow
    draw.rectangle(product, fill=PRODUCT_COLOUR)
    width, height = right - left, bottom - top
    draw.rectangle((left, top, left + width // 4, top + height // 4), fill=MARKER)
    for x in range(left + 40, right - 40, 24):  # some texture, like stitching
        draw.line((x, top + height // 3, x, bottom - 40), fill=(200, 120, 90), width=3)
    return image


def encoded(image: Image.Image, file_format: str = "JPEG", **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, file_format, **options)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size without carrying the pixels: how decompression bombs look."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def tiff_rgb16(image: Image.Image) -> bytes:
    """An uncompressed 16-bit-per-channel RGB TIFF, as Capture One or Lightroom export."""
    width, height = image.size
    raw = image.convert("RGB").tobytes()
    pixels = struct.pack(f"<{len(raw)}H", *(value * 257 for value in raw))
    entries = [
        (256, 4, 1, width),
        (257, 4, 1, height),
        (258, 3, 3, 8 + 12 * 11 + 4 + 2 * 0),
        (259, 3, 1, 1),
        (262, 3, 1, 2),
        (273, 4, 1, 0),
        (277, 3, 1, 3),
        (278, 4, 1, height),
        (279, 4, 1, len(pixels)),
        (284, 3, 1, 1),
        (339, 3, 3, 0),
    ]
    ifd_size = 2 + 12 * len(entries) + 4
    bits_offset = 8 + ifd_size
    format_offset = bits_offset + 6
    pixel_offset = format_offset + 6
    out = b"II*\0" + struct.pack("<I", 8) + struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        if tag == 258:
            value = bits_offset
        elif tag == 273:
            value = pixel_offset
        elif tag == 339:
            value = format_offset
        packed = (
            struct.pack("<HH", value, 0) if kind == 3 and count == 1 else struct.pack("<I", value)
        )
        out += struct.pack("<HHI", tag, kind, count) + packed
    out += struct.pack("<I", 0) + struct.pack("<HHH", 16, 16, 16) + struct.pack("<HHH", 1, 1, 1)
    return out + pixels
