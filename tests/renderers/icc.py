"""Small ICC v2 profiles built in the tests: Adobe RGB and ProPhoto-like matrix/TRC profiles
and a CMYK printer profile with a tiny lookup table, so no system profile files are needed."""

from __future__ import annotations

import struct

D50 = (0.9642, 1.0, 0.8249)
# sRGB primaries adapted to D50, as ICC profiles store them (and LittleCMS builds them).
SRGB_D50 = (
    (0.4360747, 0.3850649, 0.1430804),
    (0.2225045, 0.7168786, 0.0606169),
    (0.0139322, 0.0971045, 0.7141733),
)
ADOBE_RGB_D50 = (
    (0.6097559, 0.2052401, 0.1492240),
    (0.3111242, 0.6256560, 0.0632197),
    (0.0194811, 0.0608902, 0.7448387),
)
PROPHOTO_D50 = (
    (0.7976749, 0.1351917, 0.0313534),
    (0.2880402, 0.7118741, 0.0000857),
    (0.0, 0.0, 0.8252100),
)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(values: tuple[float, float, float]) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in values)


def _text_description(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + b"\0" * 8
        + b"\0" * 3
        + b"\0" * 67
    )


def _profile(kind: bytes, colour_space: bytes, pcs: bytes, tags: dict[bytes, bytes]) -> bytes:
    offset = 128 + 4 + 12 * len(tags)
    table, blobs = b"", b""
    for signature, blob in tags.items():
        blob += b"\0" * (-len(blob) % 4)
        table += signature + struct.pack(">II", offset + len(blobs), len(blob))
        blobs += blob
    body = struct.pack(">I", len(tags)) + table + blobs
    header = (
        struct.pack(">I", 128 + len(body))
        + b"lcms"
        + bytes([2, 0x10, 0, 0])
        + kind
        + colour_space
        + pcs
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + b"".join(_s15(v) for v in D50)
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + body


def matrix_profile(name: str, matrix: tuple[tuple[float, ...], ...], gamma: float) -> bytes:
    """An RGB profile: columns of `matrix` are the D50 XYZ of the red, green and blue primaries."""
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256))
    columns = [tuple(matrix[row][column] for row in range(3)) for column in range(3)]
    return _profile(
        b"mntr",
        b"RGB ",
        b"XYZ ",
        {
            b"desc": _text_description(name),
            b"wtpt": _xyz(D50),
            b"rXYZ": _xyz(columns[0]),
            b"gXYZ": _xyz(columns[1]),
            b"bXYZ": _xyz(columns[2]),
            b"rTRC": curve,
            b"gTRC": curve,
            b"bTRC": curve,
            b"cprt": b"text\0\0\0\0test profile\0",
        },
    )


def srgb_to_lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    def linear(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    lin = [linear(v) for v in rgb]
    xyz = [sum(SRGB_D50[row][k] * lin[k] for k in range(3)) / D50[row] for row in range(3)]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = (f(v) for v in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def cmyk_profile(
    name: str, corners: dict[tuple[int, int, int, int], tuple[int, int, int]]
) -> bytes:
    """A CMYK profile whose ink corners (0/1 per ink) map to the given sRGB colours; in between
    LittleCMS interpolates. Unlisted corners get a simple subtractive colour."""
    clut = b""
    for c in (0, 1):
        for m in (0, 1):
            for y in (0, 1):
                for k in (0, 1):
                    default = tuple(round(255 * (1 - ink) * (1 - k)) for ink in (c, m, y))
                    lab = srgb_to_lab(corners.get((c, m, y, k), default))
                    clut += bytes(
                        [round(lab[0] * 255 / 100), round(lab[1] + 128), round(lab[2] + 128)]
                    )
    identity = bytes(range(256))
    lut = (
        b"mft1\0\0\0\0"
        + bytes([4, 3, 2, 0])
        + b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
        + identity * 4
        + clut
        + identity * 3
    )
    return _profile(
        b"prtr",
        b"CMYK",
        b"Lab ",
        {
            b"desc": _text_description(name),
            b"wtpt": _xyz(D50),
            b"A2B0": lut,
            b"cprt": b"text\0\0\0\0test profile\0",
        },
    )
