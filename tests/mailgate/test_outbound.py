"""Notification emails as a relay receives them: headers, parts, inline images, tokens."""

from __future__ import annotations

import email.policy

import pytest

from config.deliver import EmailDeliverers
from config.dispatch import Dispatcher
from config.settings import load_settings
from core.models import OutboxMessage
from mailgate.gateway import _token_from_thread
from mailgate.tokens import read_token
from tests.fakes.mail_sink import MailSink


@pytest.fixture
def relay(gateway, monkeypatch):
    with MailSink() as sink:
        monkeypatch.setenv("PROOFDESK_SMTP_RELAY", sink.relay)
        yield sink


def _deliver(core) -> None:
    dispatcher = Dispatcher(EmailDeliverers(core, load_settings()).kinds())
    while dispatcher.run_once(limit=100):
        pass


def test_version_email_has_both_parts_inline_preview_and_a_working_reply_token(
        gateway, relay, studio):
    _deliver(studio.core)
    [msg] = relay.wait_for(1)
    assert msg["Subject"] == "[Acme Home] Review AC-100 front v1 · order 1"
    assert msg["To"] == "rev@acme.test"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert "List-Unsubscribe" not in msg
    text = msg.get_body(("plain",)).get_content()
    assert "reply APPROVED to approve this version" in text and "Compliance: amazon" in text
    html = msg.get_body(("html",)).get_content()
    images = [p for p in msg.walk() if p.get_content_type() == "image/jpeg"]
    assert len(images) == 1 and f"cid:{images[0]['Content-ID'].strip('<>')}" in html
    token = msg["Reply-To"].split("+", 1)[1].split("@")[0]
    assert read_token(gateway.secret, token).version_id == gateway.version_id
    assert _token_from_thread(email.message_from_string(f"In-Reply-To: {msg['Message-ID']}\n\n"),
                              gateway.secret) == token
    assert gateway.send("Lovely", to=msg["Reply-To"]).startswith("250")


def test_second_version_email_carries_the_version_diff(gateway, relay, studio):
    studio.ingest(studio.master("AC-100", "front", seed=8, shift=60))
    _deliver(studio.core)
    latest = [m for m in relay.wait_for(1) if "v2" in m["Subject"]]
    assert len(latest) == 1
    images = [p for p in latest[0].walk() if p.get_content_type() == "image/jpeg"]
    assert len(images) == 2  # the preview and what changed since v1
    assert "changes since the last version" in latest[0].get_body(("html",)).get_content()


def test_superseded_version_is_not_mailed(gateway, relay, studio):
    studio.ingest(studio.master("AC-100", "front", seed=8, shift=60))
    _deliver(studio.core)
    subjects = [m["Subject"] for m in relay.wait_for(1)]
    assert subjects == ["[Acme Home] Review AC-100 front v2 · order 1"]
    skipped = OutboxMessage.get(OutboxMessage.idempotency_key.startswith("email.version:1:"))
    assert skipped.delivered_at is not None


def test_a_long_digest_lists_the_first_items_and_counts_every_one():
    from core.services.digests import Digest, DigestItem
    from mailgate.outbound import digest_email

    items = [DigestItem(n, 100 + n, f"SKU-{n}", "Lamp", "front", 1, "2026-11-01T10:00:00", 1,
                        "Hero shots", "2026-12-01", None) for n in range(3)]
    digest = Digest("acme", "Acme", 7, "rev@acme.test", "Rev", None, "p", items,
                    {"Hero shots": 250})
    msg = digest_email(digest, mail_from="pd@x.test", domain="x.test", key="k",
                       tokens={100 + n: f"t{n}" for n in range(3)}, sheet=None)
    text = msg.get_body(("plain",)).get_content()
    assert msg["Subject"] == "[Acme] 250 versions waiting for your review"
    assert "(the first 3 listed)" in text
    assert "Hero shots (deadline 2026-12-01, 250 waiting)" in text
    assert "reply to review+t2@x.test" in text
