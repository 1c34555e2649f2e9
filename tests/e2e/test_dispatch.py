"""Two dispatcher processes on one database never deliver a message twice."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

from core import outbox
from core.db import write_transaction
from core.models import OutboxMessage
from tests.fakes.mail_sink import MailSink

WORKER = """
import time
from config.dispatch import Dispatcher
from config.deliver import EmailDeliverers
from config.settings import load_settings
from config.wiring import open_core
settings = load_settings()
core = open_core(settings)
dispatcher = Dispatcher(EmailDeliverers(core, settings).kinds())
idle_since = time.monotonic()
while time.monotonic() - idle_since < 2:
    if dispatcher.run_once(limit=25):
        idle_since = time.monotonic()
    else:
        time.sleep(0.05)
"""


def test_two_processes_deliver_1000_messages_exactly_once(env, core):
    with write_transaction():
        for n in range(1000):
            outbox.enqueue("email.notice", {"to": f"u{n}@x.test", "subject": f"n{n}",
                                            "body": "hello"}, f"notice:{n}")
    with MailSink() as relay:
        workers = [subprocess.Popen([sys.executable, "-c", WORKER], stderr=subprocess.PIPE,
                                    text=True, env={**env, "PROOFDESK_SMTP_RELAY": relay.relay})
                   for _ in range(2)]
        errors = [w.communicate(timeout=240)[1] for w in workers]
        received = relay.wait_for(1000, timeout=10)
    assert all(w.returncode == 0 for w in workers), errors
    counts = Counter(m["Subject"] for m in received)
    assert len(counts) == 1000 and max(counts.values()) == 1
    assert OutboxMessage.select().where(OutboxMessage.delivered_at.is_null()).count() == 0
    owners = {m.lease_owner for m in OutboxMessage.select(OutboxMessage.lease_owner)}
    assert len(owners) == 2  # both processes took their share


def test_a_relay_that_is_down_delays_mail_and_never_loses_it(env, core, monkeypatch):
    from config.deliver import EmailDeliverers
    from config.dispatch import Dispatcher
    from config.settings import load_settings
    from tests.fakes.mail_sink import free_port

    with write_transaction():
        outbox.enqueue("email.notice", {"to": "a@x.test", "subject": "hi", "body": "b"}, "n1")
    monkeypatch.setenv("PROOFDESK_SMTP_RELAY", f"127.0.0.1:{free_port()}")  # nobody listens
    down = Dispatcher(EmailDeliverers(core, load_settings()).kinds())
    assert down.run_once() == 1
    row = OutboxMessage.get()
    assert row.delivered_at is None and row.attempts == 1 and "Connection refused" in row.last_error
    OutboxMessage.update(next_attempt_at=row.created_at).execute()  # the backoff has passed
    with MailSink() as relay:
        monkeypatch.setenv("PROOFDESK_SMTP_RELAY", relay.relay)
        Dispatcher(EmailDeliverers(core, load_settings()).kinds()).run_once()
        assert [m["Subject"] for m in relay.wait_for(1)] == ["hi"]
    assert OutboxMessage.get().delivered_at is not None
