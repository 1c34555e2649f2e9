"""Channel renditions measured on their decoded pixels: background, fill, crop, budget."""

from __future__ import annotations

import dataclasses
import json

import pytest
from PIL import Image, ImageDraw

from renderers import ChannelSpec, ImageRejected, Output, render_master
from tests.renderers.images import MARKER, PRODUCT, PRODUCT_COLOUR, encoded, packshot
from tests.renderers.measure import border_all_white, decoded, near, product_box


@pytest.fixture(scope="module")
def result(packshot_jpeg, channel_specs):
    return render_master(packshot_jpeg, list(channel_specs.values()))


def test_one_rendition_per_spec_with_its_size_and_format(result, channel_specs):
    assert set(result.renditions) == set(channel_specs)
    for name, spec in channel_specs.items():
        output = result.renditions[name]
        image = decoded(output.data)
        assert (output.width, output.height) == image.size == spec.size
        assert output.format == image.format == spec.format
        assert output.extension == "jpg"
        assert image.info.get("icc_profile"), "sRGB must be embedded"


def test_master_facts(result):
    assert (result.width, result.height, result.format) == (1600, 1200, "JPEG")
    assert len(result.phash) == 16 and int(result.phash, 16) >= 0


def test_preview_and_thumbnail_keep_the_whole_frame(result):
    assert (result.preview.width, result.preview.height) == (1024, 768)
    assert (result.thumbnail.width, result.thumbnail.height) == (256, 192)
    assert decoded(result.preview.data).format == "JPEG"
    # The preview shows the master as shot: the sweep is still near-white, not whitened.
    assert max(decoded(result.preview.data).convert("RGB").getpixel((5, 5))) < 255


def test_amazon_background_is_pure_white_after_jpeg_decode(result):
    image = decoded(result.renditions["amazon"].data)
    assert border_all_white(image)
    # Sweep next to the product is whitened too, not only the padding around it.
    left, top, right, bottom = product_box(image)
    assert image.convert("RGB").getpixel((left - 12, (top + bottom) // 2)) == (255, 255, 255)


def test_amazon_product_fills_at_least_85_percent(result):
    image = decoded(result.renditions["amazon"].data)
    left, top, right, bottom = product_box(image)
    assert max(right - left, bottom - top) / 2000 >= 0.85
    centre = ((left + right) / 2, (top + bottom) / 2)
    assert abs(centre[0] - 1000) < 20 and abs(centre[1] - 1000) < 20


def test_compliance_is_measured_and_judged(result):
    amazon = result.renditions["amazon"]
    checks = {check.rule: check for check in amazon.checks}
    # A 1600x1200 master must be enlarged for Amazon's 2000 px: advisory, not a failure.
    assert [c.rule for c in amazon.checks if not c.passed] == ["source_scale"]
    assert amazon.verdict == "advisory"
    assert checks["background_purity"].measured == 1.0
    assert checks["fill_long_side"].measured >= 0.85
    assert checks["fill_long_side"].limit == ">= 0.85"
    assert checks["colour_space"].measured == "sRGB"
    assert checks["format"].measured == "JPEG"
    assert checks["long_side"].measured == 2000
    # What the core stores must be plain JSON.
    json.dumps([dataclasses.asdict(check) for check in amazon.checks])


def test_no_channel_fails_on_a_good_packshot(result):
    for output in result.renditions.values():
        assert output.verdict in ("pass", "advisory"), (output.name, output.checks)


def test_google_fill_between_75_and_90_percent(result):
    check = next(c for c in result.renditions["google"].checks if c.rule == "fill_long_side")
    assert 0.75 <= check.measured <= 0.90 and check.passed


def test_cover_crop_is_centred_on_the_product(channel_specs):
    # Product off to the right of a wide frame: the 2:3 crop must follow it.
    master = encoded(packshot((1800, 1200), (1050, 300, 1350, 1000)), quality=95)
    pin = render_master(master, [channel_specs["pinterest"]]).renditions["pinterest"]
    image = decoded(pin.data)
    left, top, right, bottom = product_box(image)
    assert abs((left + right) / 2 - image.width / 2) < 0.05 * image.width
    assert left > 0 and right < image.width  # nothing cut


def test_cover_falls_back_to_contain_when_the_product_would_be_cut(channel_specs):
    wide = encoded(packshot((1800, 1200), (150, 450, 1650, 800)), quality=95)
    pin = render_master(wide, [channel_specs["pinterest"]]).renditions["pinterest"]
    image = decoded(pin.data)
    left, top, right, bottom = product_box(image)
    assert left > 0 and right < image.width, "the whole product is shown"
    assert border_all_white(image), "contain puts it on the background"


def test_email_fits_its_byte_budget(channel_specs):
    # A busy, noisy product does not fit 200 KB at quality 85: quality is lowered until it does.
    busy = packshot()
    noise = Image.effect_noise(busy.size, 60).convert("RGB")
    busy.paste(Image.blend(busy, noise, 0.3).crop(PRODUCT), PRODUCT[:2])
    email = render_master(encoded(busy, quality=95), [channel_specs["email"]]).renditions["email"]
    assert len(email.data) <= 200_000
    size = {c.rule: c for c in email.checks}["bytes"]
    assert size.passed and size.measured == len(email.data)


def test_budget_out_of_reach_is_a_hard_failure(channel_specs):
    noise = Image.effect_noise((1600, 1200), 120).convert("RGB")
    email = render_master(encoded(noise, quality=95), [channel_specs["email"]]).renditions["email"]
    size = {c.rule: c for c in email.checks}["bytes"]
    assert size.measured > 200_000 and not size.passed
    assert email.verdict == "fail"


def test_lifestyle_shot_is_not_whitened_and_fails_amazon(channel_specs):
    """No sweep: nothing is turned white, and Amazon's hard background rule says so."""
    shade = Image.linear_gradient("L").resize((1600, 1200)).point(lambda v: 90 + v // 3)
    scene = Image.merge(
        "RGB", (shade, shade.point(lambda v: v - 20), shade.point(lambda v: v - 50))
    )
    ImageDraw.Draw(scene).rectangle(PRODUCT, fill=PRODUCT_COLOUR)
    amazon = render_master(encoded(scene, quality=95), [channel_specs["amazon"]]).renditions[
        "amazon"
    ]
    failed = {c.rule for c in amazon.checks if not c.passed}
    assert "background_purity" in failed
    assert amazon.verdict == "fail"


def test_small_master_is_flagged_as_enlarged(channel_specs):
    small = encoded(packshot((400, 300), (140, 60, 260, 255)), quality=95)
    amazon = render_master(small, [channel_specs["amazon"]]).renditions["amazon"]
    scale = {c.rule: c for c in amazon.checks}["source_scale"]
    assert scale.measured > 1 and not scale.passed and scale.severity == "advisory"
    assert amazon.verdict == "advisory"


def test_png_channel_and_custom_background():
    spec = ChannelSpec(
        name="catalogue", width=600, height=600, format="PNG", background=(230, 230, 230)
    )
    master = encoded(packshot(), quality=95)
    output = render_master(master, [spec]).renditions["catalogue"]
    image = decoded(output.data)
    assert (output.format, output.extension, image.format) == ("PNG", "png", "PNG")
    assert image.convert("RGB").getpixel((3, 3)) == (230, 230, 230)
    # The sweep next to the product turns into the background colour too.
    left, top, right, bottom = product_box(image, threshold=60)
    assert near(image.convert("RGB").getpixel((left - 6, (top + bottom) // 2)), (230, 230, 230), 2)


def test_marker_stays_top_left(result):
    image = decoded(result.renditions["amazon"].data).convert("RGB")
    left, top, right, bottom = product_box(image)
    assert near(image.getpixel((left + 15, top + 15)), MARKER, 25)
    assert near(image.getpixel((right - 15, bottom - 15)), PRODUCT_COLOUR, 25)


def test_verdict_rules():
    from renderers import Check

    def output(*checks: Check) -> Output:
        return Output("x", b"", "JPEG", "jpg", 1, 1, checks)

    ok = Check("width", 10, ">= 5", "hard", True)
    soft = Check("bytes", 10, "<= 5", "advisory", False)
    hard = Check("format", "PNG", "= JPEG", "hard", False)
    assert output().verdict == "pass"
    assert output(ok).verdict == "pass"
    assert output(ok, soft).verdict == "advisory"
    assert output(soft, hard).verdict == "fail"


@pytest.fixture(scope="module")
def large_master() -> bytes:
    """A 24 MP-class JPEG: its colour is DCT-scaled and its luma decoded alone (planes)."""
    return encoded(packshot((4800, 3600), tuple(v * 3 for v in PRODUCT)), quality=95)


def test_large_master_decoded_plane_by_plane_matches_a_full_decode(large_master, channel_specs):
    """The rendition composed from planes (in bands of rows, chroma interpolated) must match
    one made from a full-resolution RGB decode."""
    from PIL import ImageChops

    from renderers.decode import decode
    from renderers.pipeline import compose, decode_working, prepare_working
    from renderers.planes import Planes

    specs = [channel_specs["amazon"]]
    working = decode_working(large_master, specs, 10**9)[0]
    assert isinstance(working.pixels, Planes) and working.scale < 1
    full = prepare_working(decode(large_master, 10**9))
    ours, _ = compose(working, specs[0])
    reference, _ = compose(full, specs[0])
    assert ours.mode == "YCbCr", "a JPEG canvas from planes goes to the encoder as it is"
    histogram = ImageChops.difference(ours.convert("L"), reference.convert("L")).histogram()
    mean_error = sum(value * count for value, count in enumerate(histogram)) / (2000 * 2000)
    assert mean_error < 0.5
    assert sum(histogram[3:]) < 0.005 * 2000 * 2000, "no band seams or shifted rows"
    assert border_all_white(ours)


def test_large_master_encoded_from_ycbcr_is_pure_white_and_fills(large_master, channel_specs):
    specs = [channel_specs[name] for name in ("amazon", "pinterest", "email")]
    result = render_master(large_master, specs)
    amazon = decoded(result.renditions["amazon"].data)
    assert amazon.mode == "RGB" and border_all_white(amazon)
    left, top, right, bottom = product_box(amazon)
    assert amazon.getpixel((left - 12, (top + bottom) // 2)) == (255, 255, 255)
    assert max(right - left, bottom - top) / 2000 >= 0.85
    assert near(amazon.getpixel((left + 30, top + 30)), MARKER, 25)
    assert near(amazon.getpixel((right - 30, bottom - 30)), PRODUCT_COLOUR, 25)
    for output in result.renditions.values():
        assert output.verdict in ("pass", "advisory"), (output.name, output.checks)


def test_large_master_png_channel_gets_its_exact_background(large_master):
    spec = ChannelSpec(
        name="catalogue", width=900, height=900, format="PNG", background=(230, 200, 90)
    )
    image = decoded(render_master(large_master, [spec]).renditions["catalogue"].data)
    assert (image.format, image.mode) == ("PNG", "RGB")
    assert image.getpixel((3, 3)) == image.getpixel((896, 896)) == (230, 200, 90)


def test_large_lifestyle_shot_from_planes_is_not_whitened(channel_specs):
    shade = Image.linear_gradient("L").resize((4800, 3600)).point(lambda v: 90 + v // 3)
    scene = Image.merge("RGB", (shade, shade.point(lambda v: v - 20), shade))
    ImageDraw.Draw(scene).rectangle((1700, 700, 3100, 2900), fill=PRODUCT_COLOUR)
    result = render_master(encoded(scene, quality=90), [channel_specs["amazon"]])
    amazon = result.renditions["amazon"]
    assert "background_purity" in {c.rule for c in amazon.checks if not c.passed}
    image = decoded(amazon.data)
    assert near(image.getpixel((1000, 300)), (90, 70, 90), 12), "the scene is kept as shot"


def test_renditions_come_in_the_specs_order(result, channel_specs):
    # Rendered largest canvas first (memory), returned in the order the channel file lists.
    assert list(result.renditions) == list(channel_specs)


def test_pillow_block_size_is_left_as_it_was(packshot_jpeg, channel_specs):
    before = Image.core.get_block_size()
    render_master(packshot_jpeg, [channel_specs["instagram"]])
    assert Image.core.get_block_size() == before
    with pytest.raises(ImageRejected):
        render_master(packshot_jpeg[:5000], [channel_specs["instagram"]])
    assert Image.core.get_block_size() == before


def test_work_on_threads_keeps_order_and_raises():
    from renderers.planes import on_threads

    assert on_threads(lambda n: n * n, range(50)) == [n * n for n in range(50)]
    with pytest.raises(ZeroDivisionError):
        on_threads(lambda n: 1 // (n - 7), range(20))
