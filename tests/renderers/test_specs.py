"""The channel file: the shipped channels, and clear errors for a mistyped one."""

from __future__ import annotations

import pytest

from renderers import load_channel_specs
from renderers.specs import MEASURES


def test_shipped_channels(channel_specs):
    assert set(channel_specs) >= {
        "amazon", "shopify", "instagram", "instagram_portrait",
        "pinterest", "email", "ebay", "google",
    }  # fmt: skip
    amazon = channel_specs["amazon"]
    assert (amazon.size, amazon.fit, amazon.format, amazon.background) == (
        (2000, 2000),
        "contain",
        "JPEG",
        (255, 255, 255),
    )
    rules = {rule.measure: rule for rule in amazon.rules}
    assert rules["fill_long_side"].min == 0.85 and rules["fill_long_side"].severity == "hard"
    assert rules["long_side"].min == 1000 and rules["background_purity"].severity == "hard"
    assert channel_specs["instagram_portrait"].size == (1080, 1350)
    assert channel_specs["pinterest"].fit == "cover"
    assert channel_specs["email"].max_bytes == 200_000
    assert {r.measure: r.min for r in channel_specs["ebay"].rules}["quality"] == 90
    google = {r.measure: r for r in channel_specs["google"].rules}
    assert (google["fill_long_side"].min, google["fill_long_side"].max) == (0.75, 0.90)


def test_limits_read_like_a_person_wrote_them(channel_specs):
    limits = {
        (name, rule.measure): rule.limit
        for name, spec in channel_specs.items()
        for rule in spec.rules
    }
    assert limits[("amazon", "long_side")] == ">= 1000"
    assert limits[("email", "bytes")] == "<= 200000"
    assert limits[("google", "fill_long_side")] == "0.75–0.9"
    assert limits[("instagram_portrait", "aspect_ratio")] == "= 0.8"
    assert limits[("amazon", "format")] == "= JPEG"


def write(tmp_path, text: str):
    path = tmp_path / "channels.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[channels.x]\nwidth = 10\nheight = 100", "'width' must be between 16 and 20000"),
        ("[channels.x]\nwidth = 100", "missing 'height'"),
        ("[channels.x]\nwidth = 100\nheight = 100\nfit = 'stretch'", "'fit' must be one of"),
        ("[channels.x]\nwidth = 100\nheight = 100\nsise = 3", "unknown key 'sise'"),
        ("[channels.x]\nwidth = 100\nheight = 100\nformat = 'GIF'", "'format' must be one of"),
        ("[channels.x]\nwidth = 100\nheight = 100\nbackground = '#FFF'", "'background' must be"),
        ("[channels.x]\nwidth = 100\nheight = 100\nfill = 1.5", "'fill' must be a number"),
        (
            "[channels.x]\nwidth = 100\nheight = 100\nquality = 80\nmin_quality = 90",
            "above quality",
        ),
        (
            "[channels.x]\nwidth = 100\nheight = 100\n[channels.x.rules]\nsharpness = { min = 1 }",
            "unknown measure",
        ),
        (
            "[channels.x]\nwidth = 100\nheight = 100\n[channels.x.rules]\n"
            "bytes = { severity = 'hard' }",
            "needs min and/or max",
        ),
        (
            "[channels.x]\nwidth = 100\nheight = 100\n[channels.x.rules]\n"
            "bytes = { max = 5, severity = 'soft' }",
            "severity must be",
        ),
        (
            "[channels.x]\nwidth = 100\nheight = 100\n[channels.x.rules]\nformat = { min = 1 }",
            "needs exactly equals",
        ),
        ("[channels.x]\nwidth = true\nheight = 100", "'width' must be int"),
        ("channels = 3", "no [channels.NAME] tables"),
        ("[channels.x\nwidth = 1", "cannot read channel specs"),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path, text, message):
    with pytest.raises(ValueError, match="channels.toml") as caught:
        load_channel_specs(write(tmp_path, text))
    assert message in str(caught.value)
    if "[channels.x]" in text:
        assert "channel 'x'" in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        load_channel_specs(tmp_path / "nope.toml")


def test_adding_a_channel_is_only_an_edit(tmp_path):
    specs = load_channel_specs(
        write(
            tmp_path,
            """
[channels.zalando]
width = 1800
height = 2600
fit = "cover"
background = [250, 250, 250]
[channels.zalando.rules]
aspect_ratio = { min = 0.69, max = 0.7, severity = "advisory" }
""",
        )
    )
    zalando = specs["zalando"]
    assert (zalando.size, zalando.background, zalando.extension) == (
        (1800, 2600),
        (250, 250, 250),
        "jpg",
    )
    assert zalando.rules[0].measure == "aspect_ratio"


def test_every_measure_is_measured(packshot_jpeg):
    from renderers import ChannelSpec
    from renderers.compliance import measure

    measured = measure(
        packshot_jpeg, ChannelSpec(name="x", width=16, height=16), quality=90, source_scale=1
    )
    assert set(measured) == set(MEASURES)
