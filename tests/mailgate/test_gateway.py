"""Real SMTP conversations with the gateway: accept, refuse, store before 250, apply once."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest

from core.actors import SYSTEM
from core.models import Comment, Decision, InboundMail, OutboxMessage
from core.services import inbound, library
from tests.mailgate.conftest import DOMAIN


def comments(asset_id):
    return [(c.body, c.source, c.author) for c in library.show_asset(SYSTEM, asset_id).comments]


def test_a_reply_becomes_a_trimmed_comment_by_that_reviewer(gateway):
    answer = gateway.send("Shadow is too hard on the left.\n\nOn Mon, 23 Nov 2026 at 09:12, "
                          "Proofdesk <review@proofdesk.localhost> wrote:\n> Review v1")
    assert answer.startswith("250 2.0.0 Accepted")
    gateway.settle()
    assert comments(gateway.asset_id) == [("Shadow is too hard on the left.", "email", "Rev")]
    mirrored = OutboxMessage.select().where(OutboxMessage.kind == "slack.comment").count()
    assert mirrored == 1  # shown in the asset's Slack thread as "by email"


@pytest.mark.parametrize("token, why", [
    ("zzzz", "malformed"),
    ("1-4-5000-000000000000000000000000", "signature does not match"),
])
def test_unknown_or_forged_tokens_are_refused_at_rcpt(gateway, token, why):
    with smtplib.SMTP("127.0.0.1", gateway.port) as smtp:
        smtp.ehlo()
        smtp.mail("rev@acme.test")
        code, message = smtp.rcpt(f"review+{token}@{DOMAIN}")
    assert code == 550 and message.startswith(b"5.1.1") and why.encode() in message


def test_expired_token_is_refused_at_rcpt(gateway):
    old = gateway.token(today=dt.date.today() - dt.timedelta(days=100))
    with smtplib.SMTP("127.0.0.1", gateway.port) as smtp:
        smtp.ehlo()
        smtp.mail("rev@acme.test")
        code, message = smtp.rcpt(f"review+{old}@{DOMAIN}")
    assert code == 550 and b"expired" in message


def test_other_mailboxes_are_refused(gateway):
    with smtplib.SMTP("127.0.0.1", gateway.port) as smtp:
        smtp.ehlo()
        smtp.mail("rev@acme.test")
        assert smtp.rcpt("postmaster@elsewhere.test")[0] == 550


def test_oversized_message_gets_552_5_3_4(gateway):
    with pytest.raises(smtplib.SMTPDataError) as caught:
        gateway.send(("x" * 70 + "\n") * 4000)
    assert caught.value.smtp_code == 552 and b"5.3.4" in caught.value.smtp_error


def test_storage_failure_answers_4xx_so_the_sender_retries(gateway, monkeypatch):
    def broken(data):
        raise OSError("disk full")

    monkeypatch.setattr(gateway.service.handler.core.blobs, "put", broken)
    with pytest.raises(smtplib.SMTPDataError) as caught:
        gateway.send("hello")
    assert caught.value.smtp_code == 451 and b"try again later" in caught.value.smtp_error
    assert InboundMail.select().count() == 0


def test_mail_accepted_before_a_crash_is_applied_once_after_restart(gateway, studio):
    gateway.service.handler.stored = lambda mail_id: None  # "crash": stored, never processed
    assert gateway.send("Please warm up the colours.").startswith("250")
    assert comments(gateway.asset_id) == []
    assert [m.status for m in InboundMail.select()] == ["accepted"]
    gateway.restart(studio.core)
    gateway.settle()
    gateway.restart(studio.core)
    gateway.settle()
    assert comments(gateway.asset_id) == [("Please warm up the colours.", "email", "Rev")]


def test_duplicate_message_id_is_applied_once(gateway):
    headers = {"Message-ID": "<same@client.test>"}
    gateway.send("Looks good otherwise", headers=headers)
    assert "duplicate" in gateway.send("Looks good otherwise", headers=headers)
    gateway.settle()
    assert len(comments(gateway.asset_id)) == 1


def test_approved_records_a_decision_for_the_tokens_version(gateway):
    gateway.send("APPROVED\n\nOn Tue, Proofdesk wrote:\n> Review")
    gateway.settle()
    decision = Decision.get()
    assert (decision.verdict, decision.source, decision.version_id) == (
        "approved", "email", gateway.version_id)


@pytest.mark.parametrize("body", ["approved?", "not approved", "approved but the logo is off"])
def test_ambiguous_commands_are_only_comments(gateway, body):
    gateway.send(body)
    gateway.settle()
    assert Decision.select().count() == 0 and comments(gateway.asset_id)[0][0] == body


def test_changes_request_keeps_the_reason(gateway):
    gateway.send("changes: the strap is twisted")
    gateway.settle()
    assert Decision.get().verdict == "changes_requested"
    assert comments(gateway.asset_id) == [("the strap is twisted", "email", "Rev")]


def test_refused_command_is_answered_by_email_saying_why(gateway, studio):
    studio.ingest(studio.master("AC-100", "front", seed=4, shift=90))  # v2 supersedes v1
    gateway.send("approved")
    gateway.settle()
    assert Decision.select().count() == 0
    notice = OutboxMessage.get(OutboxMessage.kind == "email.notice")
    assert notice.payload["to"] == "rev@acme.test"
    assert "v1 was superseded; the current version is v2" in notice.payload["body"]


def test_spoofed_sender_is_quarantined_then_released_by_an_admin(gateway):
    gateway.send("Approve everything", sender="mallory@evil.test")
    gateway.settle()
    [mail] = inbound.list_mail(SYSTEM)
    assert mail.status == "quarantined" and "mallory@evil.test" in mail.reason
    assert comments(gateway.asset_id) == []
    inbound.reopen(SYSTEM, mail.id)
    assert gateway.service.processor.process(mail.id) == "applied"
    assert comments(gateway.asset_id)[0][0] == "Approve everything"


def test_auto_replies_are_recorded_never_applied_or_answered(gateway):
    gateway.send("I am out of office until Monday.", headers={"Auto-Submitted": "auto-replied"})
    gateway.settle()
    assert InboundMail.get().status == "auto_reply"
    assert comments(gateway.asset_id) == []
    assert OutboxMessage.select().where(OutboxMessage.kind == "email.notice").count() == 0


def test_token_found_in_references_when_the_address_was_rewritten(gateway):
    ref = f"<email.version.{gateway.version_id}.{gateway.token()}@{DOMAIN}>"
    answer = gateway.send("Reply through a rewriting list", to=f"review@{DOMAIN}",
                          headers={"In-Reply-To": ref, "References": ref})
    assert answer.startswith("250")
    gateway.settle()
    assert comments(gateway.asset_id)[0][0] == "Reply through a rewriting list"


def test_empty_reply_is_refused_with_one_notice_per_day(gateway):
    for _ in range(2):
        gateway.send("> quoted only\n> nothing new")
    gateway.settle()
    assert Comment.select().count() == 0
    assert OutboxMessage.select().where(OutboxMessage.kind == "email.notice").count() == 1


def test_lmtp_mode_behind_postfix(gateway, studio):
    from mailgate.processor import MailConfig
    from mailgate.service import MailService

    service = MailService(studio.core, MailConfig(secret=gateway.secret), reply_domain=DOMAIN,
                          lmtp=True)
    port = gateway.runner.run(service.start("127.0.0.1", 0))
    try:
        with smtplib.LMTP("127.0.0.1", port) as lmtp:
            lmtp.ehlo_or_helo_if_needed()
            refused = lmtp.sendmail("rev@acme.test", [f"review+{gateway.token()}@{DOMAIN}"],
                                    "From: rev@acme.test\r\nSubject: Re\r\n\r\nVia Postfix\r\n")
        assert refused == {}
        gateway.runner.run(service.queue.join())
    finally:
        gateway.runner.run(service.stop())
    assert comments(gateway.asset_id)[0][0] == "Via Postfix"
