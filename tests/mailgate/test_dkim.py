"""Outbound mail is DKIM-signed; the signature verifies against the record we print."""

from __future__ import annotations

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from config.deliver import EmailDeliverers
from config.dispatch import Dispatcher
from config.settings import load_settings
from tests.fakes.mail_sink import MailSink


@pytest.fixture
def dkim_pem(tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path / "dkim.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.TraditionalOpenSSL,
                                       serialization.NoEncryption()))
    return path


def _record(cli) -> bytes:
    code, out, _ = cli("mail", "dns")
    assert code == 0
    dkim_line = next(line for line in out.splitlines() if "._domainkey." in line)
    assert dkim_line.startswith("mail2026._domainkey.proofdesk.localhost. TXT")
    assert any(line.startswith("_dmarc.proofdesk.localhost. TXT") for line in out.splitlines())
    return dkim_line.split(" TXT ", 1)[1].strip('"').encode()


def test_notifications_are_signed_and_verify_with_the_published_key(
        gateway, studio, dkim_pem, monkeypatch, cli):
    monkeypatch.setenv("PROOFDESK_DKIM_SELECTOR", "mail2026")
    monkeypatch.setenv("PROOFDESK_DKIM_PRIVATE_KEY", str(dkim_pem))
    record = _record(cli)
    with MailSink() as relay:
        monkeypatch.setenv("PROOFDESK_SMTP_RELAY", relay.relay)
        Dispatcher(EmailDeliverers(studio.core, load_settings()).kinds()).run_once()
        [msg] = relay.wait_for(1)
        [raw] = relay.collector.raw
    assert msg["DKIM-Signature"] and "s=mail2026" in msg["DKIM-Signature"]
    lookups = []

    def dns(name, timeout=5):
        lookups.append(name)
        return record

    assert dkim.verify(raw, dnsfunc=dns)
    assert lookups == [b"mail2026._domainkey.proofdesk.localhost."]
    tampered = raw.replace(b"waiting for your review", b"approved already, ignore")
    assert not dkim.verify(tampered, dnsfunc=dns)


def test_without_a_key_mail_is_unsigned_and_dns_says_how(cli, gateway, studio, monkeypatch):
    code, out, _ = cli("mail", "dns")
    assert "DKIM is not configured" in out and "v=spf1 mx ~all" in out
