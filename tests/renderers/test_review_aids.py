"""Version diff, contact sheet and perceptual hash, judged on their pixels."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageOps

from renderers import contact_sheet, phash_distance, render_master, version_diff
from renderers.diff import changed_regions
from tests.renderers.images import PRODUCT, encoded, packshot
from tests.renderers.measure import decoded

NO_CHANNELS: list = []


def red_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How many pixels in `box` have the outline's red (230, 30, 30), give or take JPEG."""
    red, green, blue = image.convert("RGB").crop(box).split()
    masks = [red.point(lambda v: 255 if v > 205 else 0)]  # the product is a darker red
    masks += [band.point(lambda v: 255 if v < 70 else 0) for band in (green, blue)]
    return ImageChops.multiply(ImageChops.multiply(masks[0], masks[1]), masks[2]).histogram()[255]


def test_version_diff_outlines_only_what_changed():
    before = packshot()
    after = packshot()
    ImageDraw.Draw(after).rectangle((900, 700, 1000, 800), fill=(240, 220, 30))  # a retouched label
    sheet = decoded(version_diff(encoded(before, quality=92), encoded(after, quality=92)))
    panel = 1024  # both panels 1024x768, 16 px gaps, 40 px header
    assert sheet.size == (2 * panel + 48, 768 + 56)
    scale = panel / 1600
    changed = (int(900 * scale), int(700 * scale), int(1000 * scale), int(800 * scale))
    for left in (16, 16 + panel + 16):  # the outline is drawn on both panels
        around = (
            left + changed[0] - 20,
            40 + changed[1] - 20,
            left + changed[2] + 20,
            40 + changed[3] + 20,
        )
        assert red_pixels(sheet, around) > 100
        assert red_pixels(sheet, (left, 40, left + 300, 40 + 700)) == 0, "unchanged area untouched"


def test_diff_aligns_versions_of_different_size():
    before = encoded(packshot().resize((800, 600)), quality=92)
    after = encoded(packshot(), quality=92)
    assert (
        changed_regions(
            decoded(before).resize((1024, 768), Image.Resampling.LANCZOS).convert("RGB"),
            decoded(after).resize((1024, 768), Image.Resampling.LANCZOS).convert("RGB"),
        )
        == []
    )
    sheet = decoded(version_diff(before, after))
    assert red_pixels(sheet, (0, 40, sheet.width, sheet.height)) == 0


def test_contact_sheet_grid_and_labels(packshot_jpeg):
    items = [(packshot_jpeg, f"SKU{n} front\nv{n}") for n in range(7)]
    items.append((b"not an image", "SKU9 back\nv1"))
    sheet = decoded(contact_sheet(items, columns=4))
    assert sheet.format == "JPEG"
    cell_w, cell_h = 256 + 12, 256 + 12 + 2 * 18
    assert sheet.size == (4 * cell_w + 12, 2 * cell_h + 12)
    first = sheet.convert("RGB").crop((12, 12, 12 + 256, 12 + 256))
    assert first.getextrema()[0][0] < 200, "a thumbnail is drawn"
    label = sheet.convert("L").crop((12, 12 + 256, 12 + 256, 12 + 256 + 36))
    assert label.getextrema()[0] < 100, "label text is drawn"
    placeholder = sheet.convert("RGB").getpixel((12 + 3 * cell_w + 5, 12 + cell_h + 5))
    assert placeholder == pytest.approx((225, 225, 225), abs=3)


def test_empty_contact_sheet():
    assert decoded(contact_sheet([])).size[0] > 0


def phash_of(image: Image.Image) -> str:
    return render_master(encoded(image, quality=90), NO_CHANNELS).phash


def test_phash_matches_the_same_picture_and_tells_others_apart():
    original = packshot()
    same = [
        original.resize((800, 600)),  # a smaller export
        ImageOps.autocontrast(original, cutoff=1),  # a levels tweak
        original.crop((20, 15, 1580, 1185)),  # a slight crop
    ]
    reference = phash_of(original)
    for variant in same:
        assert phash_distance(reference, phash_of(variant)) <= 6
    other = packshot(product=(300, 500, 1300, 900))  # another product: wide, not tall
    assert phash_distance(reference, phash_of(other)) > 12
    shifted = Image.new("RGB", original.size, (252, 252, 252))
    ImageDraw.Draw(shifted).ellipse(PRODUCT, fill=(40, 40, 40))
    assert phash_distance(reference, phash_of(shifted)) > 6


def test_phash_distance():
    assert phash_distance("0" * 16, "f" * 16) == 64
    assert phash_distance("00000000000000ff", "0000000000000000") == 8
