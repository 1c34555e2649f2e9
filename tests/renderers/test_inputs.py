"""Every awkward master a studio sends: orientation, colour profiles, depth, transparency."""

from __future__ import annotations

import pytest
from PIL import Image, ImageCms, ImageDraw, ImageFilter

from renderers import ChannelSpec, ImageRejected, probe, render_master
from tests.renderers import icc
from tests.renderers.images import (
    MARKER,
    PRODUCT,
    PRODUCT_COLOUR,
    encoded,
    packshot,
    tiff_rgb16,
)
from tests.renderers.measure import border_all_white, decoded, near, product_box

SQUARE = ChannelSpec(name="square", width=800, height=800, fill=0.88)
# What a stored (unrotated) image must look like so that EXIF orientation N shows it upright.
STORED_FOR = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def with_orientation(upright: Image.Image, orientation: int, **options: object) -> bytes:
    turn = STORED_FOR[orientation]
    stored = upright.transpose(turn) if turn is not None else upright
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encoded(stored, exif=exif.tobytes(), quality=95, **options)


def product_colour_at_centre(output_data: bytes) -> tuple[int, ...]:
    image = decoded(output_data).convert("RGB")
    left, top, right, bottom = product_box(image)
    return image.getpixel(((left + right) // 2, (top + bottom) * 2 // 3))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_honoured(orientation):
    data = with_orientation(packshot(), orientation)
    assert probe(data) == (1600, 1200, "JPEG")
    result = render_master(data, [SQUARE])
    assert (result.width, result.height) == (1600, 1200)
    image = decoded(result.renditions["square"].data).convert("RGB")
    left, top, right, bottom = product_box(image)
    assert near(image.getpixel((left + 10, top + 10)), MARKER, 30), "marker top-left"
    assert near(image.getpixel((right - 10, bottom - 10)), PRODUCT_COLOUR, 30)
    assert bottom - top > right - left, "the product is taller than wide, as shot"


@pytest.mark.parametrize("orientation", [6, 8])
def test_draft_scaling_with_rotated_masters(orientation):
    """A 4800x3600 master for small outputs is DCT-scaled on its stored (unrotated) size."""
    big = packshot((4800, 3600), tuple(v * 3 for v in PRODUCT))
    data = with_orientation(big, orientation)
    result = render_master(data, [ChannelSpec(name="small", width=400, height=400)])
    assert (result.width, result.height) == (4800, 3600)
    image = decoded(result.renditions["small"].data).convert("RGB")
    left, top, right, bottom = product_box(image)
    assert near(image.getpixel((left + 5, top + 5)), MARKER, 30)
    assert (result.preview.width, result.preview.height) == (1024, 768)


def test_progressive_jpeg():
    data = encoded(packshot(), quality=90, progressive=True)
    amazon = render_master(data, [SQUARE]).renditions["square"]
    assert border_all_white(decoded(amazon.data))
    assert near(product_colour_at_centre(amazon.data), PRODUCT_COLOUR, 20)


def test_adobe_rgb_tiff_is_converted_to_srgb():
    # In Adobe RGB (100, 150, 50) is a colour sRGB writes as about (66, 151, 34).
    profile = icc.matrix_profile("Adobe RGB (1998) test", icc.ADOBE_RGB_D50, 563 / 256)
    master = packshot()
    ImageDraw.Draw(master).rectangle(PRODUCT, fill=(100, 150, 50))
    data = encoded(master, "TIFF", icc_profile=profile, compression="tiff_lzw")
    output = render_master(data, [SQUARE]).renditions["square"]
    assert near(product_colour_at_centre(output.data), (66, 151, 34), 6)
    assert {c.rule: c for c in output.checks} == {}  # ad-hoc spec: no rules
    assert decoded(output.data).info["icc_profile"] != profile


def test_prophoto_tiff_is_converted_to_srgb():
    # ProPhoto grey 128 (gamma 1.8) is linear 0.29, which sRGB encodes as about 147.
    profile = icc.matrix_profile("ProPhoto RGB test", icc.PROPHOTO_D50, 1.8)
    master = packshot()
    ImageDraw.Draw(master).rectangle(PRODUCT, fill=(128, 128, 128))
    output = render_master(encoded(master, "TIFF", icc_profile=profile), [SQUARE])
    colour = product_colour_at_centre(output.renditions["square"].data)
    assert near(colour, (147, 147, 147), 5)


def test_cmyk_jpeg_uses_its_profile():
    # The profile says full cyan ink prints as (0, 160, 220); a naive conversion says (0, 255, 255).
    profile = icc.cmyk_profile("Test CMYK", {(1, 0, 0, 0): (0, 160, 220)})
    master = Image.new("CMYK", (1600, 1200), (0, 0, 0, 0))
    ImageDraw.Draw(master).rectangle(PRODUCT, fill=(255, 0, 0, 0))
    result = render_master(encoded(master, quality=95, icc_profile=profile), [SQUARE])
    output = result.renditions["square"]
    assert result.format == "JPEG"
    assert near(product_colour_at_centre(output.data), (0, 160, 220), 12)
    assert border_all_white(decoded(output.data))


def test_cmyk_without_profile_still_renders():
    master = Image.new("CMYK", (1600, 1200), (0, 0, 0, 0))
    ImageDraw.Draw(master).rectangle(PRODUCT, fill=(0, 200, 200, 0))
    output = render_master(encoded(master, quality=95), [SQUARE]).renditions["square"]
    assert near(product_colour_at_centre(output.data), (255, 55, 55), 15)


def test_sixteen_bit_rgb_tiff():
    result = render_master(tiff_rgb16(packshot()), [SQUARE])
    assert result.format == "TIFF"
    output = result.renditions["square"]
    assert near(product_colour_at_centre(output.data), (200, 120, 90), 40) or near(
        product_colour_at_centre(output.data), PRODUCT_COLOUR, 20
    )
    assert border_all_white(decoded(output.data))


def test_sixteen_bit_grey_png_is_scaled_not_clipped():
    grey = packshot().convert("L")
    sixteen = grey.point(lambda v: v * 257, "I").convert("I;16")  # 0-65535, as 16-bit PNG holds
    output = render_master(encoded(sixteen, "PNG"), [SQUARE]).renditions["square"]
    red, green, blue = product_colour_at_centre(output.data)
    expected = grey.getpixel((800, 800))
    assert abs(red - expected) <= 3 and red == green == blue


def transparent_product(hidden: tuple[int, int, int]) -> bytes:
    """A product with soft (partly transparent) edges; fully transparent pixels hold `hidden`."""
    alpha = Image.new("L", (1600, 1200), 0)
    ImageDraw.Draw(alpha).ellipse(PRODUCT, fill=255)
    alpha = alpha.filter(ImageFilter.GaussianBlur(3))
    image = Image.new("RGB", alpha.size, hidden)
    image.paste(PRODUCT_COLOUR, mask=alpha.point(lambda a: 255 if a else 0))
    image.putalpha(alpha)
    return encoded(image, "PNG")


def test_rgba_png_is_flattened_onto_white_not_black():
    on_black = render_master(transparent_product((0, 0, 0)), [SQUARE]).renditions["square"]
    on_white = render_master(transparent_product((255, 255, 255)), [SQUARE]).renditions["square"]
    assert on_black.data == on_white.data, "what hides under transparency must not show"
    image = decoded(on_black.data).convert("RGB")
    assert border_all_white(image)
    left, top, right, bottom = product_box(image)
    assert image.getpixel((left + 2, top + 2)) == (255, 255, 255)  # outside the ellipse
    edge = [image.getpixel((x, (top + bottom) // 2)) for x in range(left - 4, left + 8)]
    assert all(red >= 120 for red, _, _ in edge), "no dark fringe"


def test_palette_gif_with_transparency():
    master = packshot().convert("P", palette=Image.Palette.ADAPTIVE, colors=32)
    result = render_master(encoded(master, "GIF"), [SQUARE])
    assert result.format == "GIF"
    output = result.renditions["square"]
    assert border_all_white(decoded(output.data))
    assert near(product_colour_at_centre(output.data), (200, 120, 90), 40) or near(
        product_colour_at_centre(output.data), PRODUCT_COLOUR, 25
    )


def test_greyscale_jpeg():
    output = render_master(encoded(packshot().convert("L"), quality=95), [SQUARE])
    image = decoded(output.renditions["square"].data)
    assert image.mode == "RGB" and border_all_white(image)


def test_srgb_master_passes_through_unchanged_in_colour():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    master = packshot()
    ImageDraw.Draw(master).rectangle(PRODUCT, fill=(100, 150, 50))
    output = render_master(encoded(master, "PNG", icc_profile=srgb), [SQUARE])
    assert near(product_colour_at_centre(output.renditions["square"].data), (100, 150, 50), 4)


# --- refused files ----------------------------------------------------------------------------


def test_text_file_named_jpg_is_not_an_image():
    with pytest.raises(ImageRejected, match="not an image"):
        render_master(b"Hello, this is a shot list, not a photo.\n", [SQUARE])
    with pytest.raises(ImageRejected, match="not an image"):
        probe(b"")


def test_truncated_jpeg(packshot_jpeg):
    truncated = packshot_jpeg[: len(packshot_jpeg) // 2]
    assert probe(truncated) == (1600, 1200, "JPEG"), "the header alone looks fine"
    with pytest.raises(ImageRejected, match="truncated"):
        render_master(truncated, [SQUARE])


def test_decompression_bomb_over_the_configured_limit():
    data = encoded(packshot((1000, 1000)), quality=80)
    with pytest.raises(
        ImageRejected, match="1000x1000 is 1 megapixels, over the limit of 0.5 megapixels"
    ):
        render_master(data, [SQUARE], max_pixels=500_000)
    with pytest.raises(ImageRejected, match="megapixels"):
        probe(data, max_pixels=500_000)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("size", [(10_000, 9_000), (20_000, 20_000)])
def test_decompression_bomb_over_pillows_limit(size):
    """Pillow warns above ~89 MP and refuses above twice that: both become ImageRejected."""
    from tests.renderers.images import png_header_only

    with pytest.raises(ImageRejected, match="too large|over the limit"):
        probe(png_header_only(*size), max_pixels=10**9)


def test_unsupported_format_is_named():
    icon = encoded(packshot((64, 64)), "ICO")
    with pytest.raises(ImageRejected, match="ICO files are not supported"):
        render_master(icon, [SQUARE])


def test_error_messages_are_one_line(packshot_jpeg):
    for bad in (b"nope", packshot_jpeg[:3000], encoded(packshot((64, 64)), "ICO")):
        with pytest.raises(ImageRejected) as caught:
            render_master(bad, [SQUARE])
        assert "\n" not in str(caught.value) and str(caught.value).startswith("refused: ")
