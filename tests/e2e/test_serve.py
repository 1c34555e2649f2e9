"""`proofdesk serve` as a real process: mail in and out, digests on schedule, clean stop."""

from __future__ import annotations

import signal
import smtplib
import subprocess
import sys
import time

from core.actors import SYSTEM
from core.models import Comment
from core.services import brands
from tests.core.conftest import studio  # noqa: F401 - fixture
from tests.fakes.mail_sink import MailSink, free_port


def _serve(env: dict, **extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "config.cli", "serve"], env={**env, **extra},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_line(proc: subprocess.Popen, text: str, timeout: float = 30) -> list[str]:
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"{text!r} not printed; got {lines}")


def test_serve_notifies_takes_a_reply_sends_a_digest_and_stops_cleanly(env, studio):  # noqa: F811
    brands.update_brand(SYSTEM, "acme", digest_cron="* * * * * *")  # every second
    studio.ingest(studio.master("AC-100", "front"))
    smtp_port = free_port()
    with MailSink() as relay:
        proc = _serve(env, PROOFDESK_SMTP_RELAY=relay.relay,
                      PROOFDESK_SMTP_LISTEN=f"127.0.0.1:{smtp_port}")
        try:
            startup = _wait_for_line(proc, "Stop with Ctrl-C")
            assert any(f"mail gateway: SMTP on 127.0.0.1:{smtp_port}" in line for line in startup)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not {"Review", "waiting"} <= {
                    w for m in relay.messages for w in str(m["Subject"]).split()}:
                time.sleep(0.1)
            notice = next(m for m in relay.messages if "Review AC-100 front v1" in m["Subject"])
            digest = next(m for m in relay.messages if "waiting for your review" in m["Subject"])
            assert digest["To"] == "rev@acme.test"
            assert any(p.get_content_type() == "image/jpeg" for p in digest.walk())
            reply_to = notice["Reply-To"]
            with smtplib.SMTP("127.0.0.1", smtp_port) as smtp:
                smtp.sendmail("rev@acme.test", [reply_to],
                              f"From: rev@acme.test\r\nTo: {reply_to}\r\nSubject: Re: review\r\n"
                              "\r\nThe cord should not show.\r\n")
            for _ in range(100):
                if Comment.select().count():
                    break
                time.sleep(0.1)
            assert [c.body for c in Comment.select()] == ["The cord should not show."]
        finally:
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Proofdesk stopped cleanly." in out
    assert "Traceback" not in err


def test_secrets_are_never_printed_or_logged(env, studio):  # noqa: F811
    secrets = {"PROOFDESK_SECRET_KEY": "s3cr3t-signing-key-value",
               "SLACK_BOT_TOKEN": "xoxb-not-for-logs", "SLACK_SIGNING_SECRET": "sig-not-for-logs",
               "PROOFDESK_SMTP_LISTEN": f"127.0.0.1:{free_port()}"}
    studio.ingest(studio.master("AC-100", "front"))
    outputs = []
    for args in (["serve", "--once", "--log-format", "json"], ["status", "--json"],
                 ["audit", "list", "--json"], ["--debug", "users", "list"]):
        proc = subprocess.run([sys.executable, "-m", "config.cli", *args], capture_output=True,
                              text=True, env={**env, **secrets}, timeout=120)
        outputs.append(proc.stdout + proc.stderr)
    for value in secrets.values():
        if "127.0.0.1" not in value:
            assert not any(value in out for out in outputs), value
