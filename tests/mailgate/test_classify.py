"""Auto-replies and bounces are recognised so they never become comments or get answered."""

import email
from email.message import Message
from pathlib import Path

import pytest

from mailgate.classify import auto_reply_reason

EML = Path(__file__).parent / "eml"
SENDER = "kim@acme.example"


def load(name: str) -> Message:
    return email.message_from_bytes((EML / name).read_bytes())


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("auto_submitted.eml", "Auto-Submitted: auto-replied (vacation)"),
        ("precedence_bulk.eml", "Precedence: bulk"),
        ("x_autoreply.eml", "X-Autoreply: yes"),
        ("exchange_oof.eml", "automatic subject: Automatic reply: [Acme] Review SKU12345 front v2"),
        ("bounce.eml", "delivery report (multipart/report)"),
    ],
)
def test_auto_replies_in_several_styles(name: str, reason: str) -> None:
    assert auto_reply_reason(load(name), SENDER) == reason


@pytest.mark.parametrize("envelope", ["", "<>", " <> "])
def test_null_sender_is_a_bounce(envelope: str) -> None:
    assert auto_reply_reason(load("gmail.eml"), envelope) == "null sender (a bounce or auto-reply)"


@pytest.mark.parametrize(
    "name", ["gmail.eml", "outlook.eml", "apple_mail.eml", "html_only.eml", "tnef_only.eml"]
)
def test_people_are_not_auto_replies(name: str) -> None:
    assert auto_reply_reason(load(name), SENDER) is None


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ("Auto-Submitted: no\n", None),
        ("Auto-Submitted: auto-generated\n", "Auto-Submitted: auto-generated"),
        ("Precedence: list\n", "Precedence: list"),
        ("Precedence: first-class\n", None),
        ("X-Autoreply: no\n", None),
        ("X-Autorespond: Vacation\n", "X-Autorespond: Vacation"),
        ("Return-Path: <>\n", "null Return-Path (a bounce)"),
        ("From: Mail Delivery System <MAILER-DAEMON@mx.example>\n", "sent by mailer-daemon"),
        ("Subject: Abwesenheitsnotiz: Review\n", "automatic subject: Abwesenheitsnotiz: Review"),
        ("Subject: Re: out of office shots\n", None),
    ],
)
def test_header_rules(headers: str, reason: str | None) -> None:
    msg = email.message_from_string(f"{headers}To: r@x.example\n\nbody\n")
    assert auto_reply_reason(msg, SENDER) == reason
