"""Raw replies from real clients become the reviewer's words and images."""

from pathlib import Path

import pytest

from mailgate.body import (
    ENCRYPTED_REFUSAL,
    TNEF_REFUSAL,
    UNREADABLE_REFUSAL,
    Attachment,
    ReplyBody,
    parse_reply,
)
from mailgate.charsets import decode_text
from mailgate.html_text import html_to_text

EML = Path(__file__).parent / "eml"


def parse(name: str) -> ReplyBody:
    return parse_reply((EML / name).read_bytes())


@pytest.mark.parametrize(
    ("name", "reply"),
    [
        ("gmail.eml", "The background still looks a bit grey — can we get it to pure white?"),
        ("base64.eml", "Bitte den Schatten links etwas aufhellen, sonst passt es."),
        ("quoted_printable.eml", "Le fond est trop jaune, merci de corriger. Très bien sinon."),
        ("iso_2022_jp.eml", "背景をもう少し明るくしてください。"),
        ("big5.eml", "請把陰影調淡一點。"),
        ("windows_1252.eml", "The “front” shot is fine – approved for the €19 listing."),
        ("koi8_r.eml", "Фон слишком тёмный, переделайте, пожалуйста."),
        ("misdeclared_charset.eml", "Zu dunkel – bitte heller. Grüße, Jörg"),
        ("unknown_charset.eml", "Schön, aber der Schatten – bitte weich\ufffdr."),
        ("outlook.eml", "Please crop closer to the shoe.\n\nKind regards,\nRobin"),
        ("apple_mail.eml", "Here is what I mean — see the marked area."),
        ("tnef_with_text.eml", "Approved"),
    ],
)
def test_reply_text_in_every_encoding(name: str, reply: str) -> None:
    body = parse(name)
    assert body.reply == reply
    assert body.refused is None
    assert "\r" not in body.text


def test_plain_text_is_preferred_and_keeps_the_quote_in_text() -> None:
    body = parse("gmail.eml")
    assert "> Reply with your comments" in body.text
    assert "<div" not in body.text


def test_html_only_reply_keeps_inline_answers_and_drops_signature() -> None:
    body = parse("html_only.eml")
    assert body.reply == "Two things:\n> Is the crop right?\nNo — tighter on the left, please."
    assert "p{margin:0}" not in body.text


def test_outlook_html_becomes_a_header_block_the_trimmer_cuts() -> None:
    html = (
        "<html><head><style>.x{}</style></head><body><p>Crop closer.</p>"
        '<div id="Signature">Robin<img src="cid:image001.png@01DA"></div><hr>'
        '<div id="divRplyFwdMsg"><b>From:</b> Proofdesk<br><b>Sent:</b> Tuesday<br>'
        "<b>To:</b> Robin<br><b>Subject:</b> Review</div><div>Acme has a new version.</div>"
        "</body></html>"
    )
    text = html_to_text(html)
    assert text.splitlines()[:3] == ["Crop closer.", "", "-- "]
    assert "From: Proofdesk" in text


def test_html_lists_entities_and_preformatted_text() -> None:
    text = html_to_text(
        "<ul><li>crop&nbsp;tighter</li><li>warmer &amp; brighter</li></ul>"
        "<pre>  a\n  b</pre><script>alert(1)</script>"
    )
    assert text == "- crop tighter\n- warmer & brighter\n  a\n  b"


def test_real_image_attachments_but_not_signature_logos() -> None:
    images = parse("image_attachment.eml").images
    assert [(i.filename, i.content_type) for i in images] == [
        ("SKU12345_markup.jpg", "image/jpeg"),
        ("détail.png", "image/png"),
    ]
    assert images[0].data.startswith(b"\xff\xd8")


def test_outlook_inline_logo_is_not_an_image() -> None:
    assert parse("outlook.eml").images == ()


def test_apple_mail_inline_photo_is_an_image() -> None:
    (image,) = parse("apple_mail.eml").images
    assert (image.filename, image.content_type) == ("IMG_0042.jpeg", "image/jpeg")


def test_winmail_dat_only_is_refused_clearly() -> None:
    body = parse("tnef_only.eml")
    assert body.refused == TNEF_REFUSAL
    assert "winmail.dat" in TNEF_REFUSAL and "plain text or HTML" in TNEF_REFUSAL


def test_encrypted_reply_is_refused() -> None:
    assert parse("encrypted.eml").refused == ENCRYPTED_REFUSAL


@pytest.mark.parametrize(
    ("reply", "empty"),
    [("> Reply APPROVED to approve.", True), ("", True), ("> q\nNo.", False)],
)
def test_quote_only_reply_is_empty(reply: str, empty: bool) -> None:
    assert ReplyBody(reply, reply, (), None).is_empty is empty


def test_control_characters_never_reach_the_database() -> None:
    assert parse_reply(b"\x00ok\x07\xff" * 3).reply == "okÿ" * 3


def test_malformed_parameters_cost_only_the_parameter() -> None:
    raw = (
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\n"
        b"Content-Type: text/plain; charset*=a\x00b''x\n\nLooks good\n--b\n"
        b"Content-Type: image/png\nContent-Disposition: attachment; filename*=a\x00b''x\n\n"
        b"PNG\n--b--\n"
    )
    body = parse_reply(raw)
    assert (body.reply, body.images) == ("Looks good", (Attachment("", "image/png", b"PNG"),))


def test_what_is_not_a_message_is_refused_not_raised() -> None:
    assert parse_reply("not bytes").refused == UNREADABLE_REFUSAL  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "declared", "text"),
    [
        ("Grüße".encode(), "us-ascii", "Grüße"),
        ("Grüße".encode("cp1252"), "utf-8", "Grüße"),
        ("„Zitat“".encode("cp1252"), "iso-8859-1", "„Zitat“"),
        ("中文".encode("gb18030"), "gb2312", "中文"),
        ("한국어".encode("cp949"), "ks_c_5601-1987", "한국어"),
        (b"caf\x81", "windows-1252", "caf\x81"),
        ("ok".encode("utf-16"), "utf-16", "ok"),
        (b"plain", None, "plain"),
        ("naïve".encode(), '"bogus"', "naïve"),
    ],
)
def test_charset_fallbacks(data: bytes, declared: str | None, text: str) -> None:
    assert decode_text(data, declared) == text
