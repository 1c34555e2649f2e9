import pytest

from core.naming import NamingError, Vocabulary, format_name, parse_name

VOCAB = Vocabulary(("front", "back", "detail"), ("amazon", "shopify", "instagram_portrait"))


def test_valid_master_name_parses_into_its_parts():
    parsed = parse_name("SKU12345_2025-10_front_master.jpg", VOCAB)
    assert (parsed.sku, parsed.period, parsed.angle, parsed.channel, parsed.ext) == (
        "SKU12345", "2025-10", "front", "master", "jpg")


def test_channel_names_with_underscores_and_archive_versions_round_trip():
    name = format_name("AB-1", "2025-10", "back", "instagram_portrait", "jpg", version=3)
    assert name == "AB-1_2025-10_back_instagram_portrait_v3.jpg"
    parsed = parse_name(name, VOCAB, master=False)
    assert (parsed.channel, parsed.version) == ("instagram_portrait", 3)


@pytest.mark.parametrize("bad, problem, suggestion", [
    ("sku12345-2025-10-front.jpg", "need 4", "SKU12345_2025-10_front_master.jpg"),
    ("SKU12345_2025-10_frnt_master.jpg", "unknown angle 'frnt'",
     "SKU12345_2025-10_front_master.jpg"),
    ("SKU12345_202510_front.tif", "need 4", "SKU12345_2025-10_front_master.tif"),
    ("SKU12345_2025-10_front_amazon.jpg", "masters use channel 'master'",
     "SKU12345_2025-10_front_master.jpg"),
    ("SKU12345_2025-10_front_master.gif", "not a master image",
     "SKU12345_2025-10_front_master.jpg"),
    ("SKU12345_2025-13_front_master.jpg", "month 13", None),
])
def test_bad_names_show_pattern_problem_and_nearest_valid_name(bad, problem, suggestion):
    with pytest.raises(NamingError) as caught:
        parse_name(bad, VOCAB)
    message = str(caught.value)
    assert "{SKU}_{YYYY-MM}_{angle}_{channel}.{ext}" in message
    assert problem in message
    assert caught.value.suggestion == suggestion


def test_suggestion_prefers_a_sku_of_the_order():
    with pytest.raises(NamingError) as caught:
        parse_name("SKU1234_2025-10_front.jpg", VOCAB, skus=("SKU12345", "XYZ-9"))
    assert caught.value.suggestion == "SKU12345_2025-10_front_master.jpg"
