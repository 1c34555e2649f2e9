"""kill -9 at random points of real processes; after restart nothing is lost or doubled."""

from __future__ import annotations

import random
import signal
import smtplib
import subprocess
import sys
import threading
import time
from collections import Counter

from config.settings import secret_key
from core.actors import SYSTEM
from core.models import AssetVersion, Comment, DigestRun, OutboxMessage
from core.services import brands, people
from mailgate.tokens import make_token
from tests.core.conftest import studio  # noqa: F401 - fixture
from tests.fakes.mail_sink import MailSink, free_port

DOMAIN = "proofdesk.localhost"


def _serve(env: dict, **extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "config.cli", "serve"], env={**env, **extra},
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _ready(proc: subprocess.Popen) -> None:
    for line in proc.stdout:
        if "Stop with Ctrl-C" in line:
            return
    raise AssertionError("serve did not start")


def _until(predicate, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_every_mail_answered_250_is_applied_exactly_once_across_kills(env, studio, settings):  # noqa: F811
    [outcome] = studio.ingest(studio.master("AC-100", "front"))
    version = AssetVersion.get(AssetVersion.asset == outcome.asset_id).id
    token = make_token(secret_key(settings), version, studio.actors["reviewer"].user_id)
    port, accepted, rng = free_port(), [], random.Random(3)
    listen = {"PROOFDESK_SMTP_LISTEN": f"127.0.0.1:{port}"}
    for round_ in range(4):
        proc = _serve(env, **listen)
        _ready(proc)
        stop = threading.Event()

        def send(round_=round_, stop=stop) -> None:
            n = 0
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
                    while not stop.is_set():
                        body = f"round {round_} reply {n}"
                        smtp.sendmail("rev@acme.test", [f"review+{token}@{DOMAIN}"],
                                      f"From: rev@acme.test\r\nMessage-ID: <{round_}.{n}@c>\r\n"
                                      f"Subject: Re\r\n\r\n{body}\r\n")
                        accepted.append(body)  # only after the 250
                        n += 1
            except (smtplib.SMTPException, OSError):
                pass  # the server died under us: that message was not acknowledged

        sender = threading.Thread(target=send)
        sender.start()
        time.sleep(rng.uniform(0.5, 1.5))
        proc.kill()
        proc.wait()
        stop.set()
        sender.join(10)
    proc = _serve(env, **listen)
    _ready(proc)
    try:
        _until(lambda: Comment.select().count() >= len(accepted))
        time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    bodies = Counter(c.body for c in Comment.select())
    assert len(accepted) > 20
    assert set(accepted) <= set(bodies)  # nothing acknowledged was lost
    assert max(bodies.values()) == 1  # nothing applied twice


def test_digest_run_killed_midway_sends_each_recipient_once(env, studio):  # noqa: F811
    for n in range(40):
        people.add_user(SYSTEM, f"rev{n}@acme.test", f"Reviewer {n}", "reviewer", "acme")
    studio.ingest(studio.master("AC-100", "front"))
    brands.update_brand(SYSTEM, "acme", digest_cron="0 0 * * *")  # midnight UTC: within grace
    rng = random.Random(5)
    grace = {"PROOFDESK_DIGEST_GRACE_MINUTES": str(24 * 60), "PROOFDESK_SMTP_LISTEN": ""}
    for _ in range(3):
        proc = _serve(env, **grace)
        time.sleep(rng.uniform(0.3, 1.2))
        proc.kill()
        proc.wait()
    proc = _serve(env, **grace)
    _ready(proc)
    proc.send_signal(signal.SIGTERM)
    proc.wait(30)
    runs = Counter(r.recipient for r in DigestRun.select().where(DigestRun.kind == "digest"))
    assert len(runs) == 41 and set(runs.values()) == {1}  # 41 reviewers, once each
    queued = Counter(m.payload["user_id"] for m in OutboxMessage.select().where(
        OutboxMessage.kind == "email.digest"))
    assert set(queued.values()) == {1} and len(queued) == 41


def test_outbox_delivery_killed_midway_loses_nothing(env, studio):  # noqa: F811
    from core import outbox
    from core.db import write_transaction

    with write_transaction():
        for n in range(300):
            outbox.enqueue("email.notice", {"to": f"u{n}@x.test", "subject": f"n{n}",
                                            "body": "hi"}, f"notice:{n}")
    rng, kills = random.Random(9), 3
    with MailSink() as relay:
        extra = {"PROOFDESK_SMTP_RELAY": relay.relay, "PROOFDESK_SMTP_LISTEN": "",
                 "PROOFDESK_OUTBOX_LEASE_SECONDS": "2"}
        for _ in range(kills):
            proc = _serve(env, **extra)
            _ready(proc)
            time.sleep(rng.uniform(0.05, 0.4))
            proc.kill()
            proc.wait()
        proc = _serve(env, **extra)
        _ready(proc)
        _until(lambda: not OutboxMessage.select().where(
            OutboxMessage.delivered_at.is_null()).exists())
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        received = Counter(m["Message-ID"] for m in relay.messages)
    assert len(received) == 300  # every message arrived
    # at-least-once: a kill between the relay's 250 and the database's "delivered" can
    # resend one message; it carries the same Message-ID, so mail clients show it once
    assert sum(received.values()) - 300 <= kills
