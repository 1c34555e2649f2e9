"""Whatever arrives over SMTP, parsing never raises: a crash would lose or bounce real mail."""

import email
import email.policy
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailgate.body import ReplyBody, parse_reply
from mailgate.classify import auto_reply_reason
from mailgate.commands import parse_command
from mailgate.trimmer import trim_reply

FIXTURES = [path.read_bytes() for path in sorted((Path(__file__).parent / "eml").glob("*.eml"))]
HEADERS = [
    b"Content-Type",
    b"Content-Transfer-Encoding",
    b"Content-Disposition",
    b"Content-ID",
    b"Auto-Submitted",
    b"Precedence",
    b"From",
    b"Subject",
    b"Return-Path",
    b"X-Autoreply",
]
NASTY = st.sampled_from(
    [
        b"multipart/mixed; boundary=",
        b"multipart/report",
        b'text/plain; charset="\xff\xfe"',
        b"text/html; charset=iso-2022-jp",
        b"base64",
        b"quoted-printable",
        b"x-uuencode",
        b"=?utf-8?b?////?=",
        b"=?bogus?q?=ZZ?=",
        b"attachment; filename*=utf-8''%ff%fe",
        b"<>",
        b"\r\n\t",
        b"--",
        b"=\r\n",
        b"\x00",
        b"message/rfc822",
        b"image/png; name=a.png",
        b"application/ms-tnef",
        b"<cid:x>",
    ]
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(raw: bytes, envelope: str = "sender@example.com") -> None:
    body = parse_reply(raw)
    assert isinstance(body, ReplyBody)
    assert "\x00" not in body.text
    parse_command(body.reply)
    for policy in (email.policy.compat32, email.policy.default):
        auto_reply_reason(email.message_from_bytes(raw, policy=policy), envelope)


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """A real reply with headers rewritten, parts cut, bytes spliced or lines dropped."""
    raw = bytearray(draw(st.sampled_from(FIXTURES)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(raw)))
        kind = draw(st.sampled_from(["header", "splice", "truncate", "drop_line", "binary"]))
        if kind == "header":
            value = draw(NASTY) + draw(st.binary(max_size=20))
            raw[at:at] = b"\r\n" + draw(st.sampled_from(HEADERS)) + b": " + value + b"\r\n"
        elif kind == "splice":
            raw[at:at] = draw(NASTY)
        elif kind == "truncate":
            del raw[at:]
        elif kind == "drop_line":
            end = raw.find(b"\n", at)
            del raw[at : end if end >= 0 else len(raw)]
        else:
            raw[at:at] = draw(st.binary(min_size=1, max_size=40))
    return bytes(raw)


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["", "<>", "a@b.example", "\udcff"]))
def test_arbitrary_bytes_never_raise(raw: bytes, envelope: str) -> None:
    check(raw, envelope)


@SETTINGS
@given(mangled())
def test_mangled_mime_never_raises(raw: bytes) -> None:
    check(raw)


@SETTINGS
@given(st.text(max_size=3000))
def test_trimming_only_removes_lines(text: str) -> None:
    source = {line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")}
    assert set(trim_reply(text).split("\n")) <= source | {""}
