"""The audit chain names the first broken link; the outbox delivers in order, once."""

from core import audit, outbox
from core.db import write_transaction
from core.models import AuditEvent
from core.services import review


def test_every_write_is_audited_and_the_chain_verifies(studio):
    [outcome] = studio.ingest(studio.master("AC-100", "front"))
    review.add_comment(studio.actors["reviewer"], outcome.asset_id, "ok", "cli")
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert actions[-2:] == ["version.ingested", "comment.added"]
    report = audit.verify()
    assert report.ok and report.events == len(actions)


def test_tampering_is_found_at_the_changed_event(studio):
    studio.ingest(studio.master("AC-100", "front"))
    victim = AuditEvent.select().order_by(AuditEvent.id).offset(3).first()
    AuditEvent.update(actor="mallory").where(AuditEvent.id == victim.id).execute()
    report = audit.verify()
    assert not report.ok and report.first_broken_id == victim.id
    assert report.problem == "content does not match its hash"


def test_outbox_keeps_order_per_key_and_retries_with_backoff(core):
    with write_transaction():
        outbox.enqueue("slack.version", {"n": 1}, "k1", "asset:1")
        outbox.enqueue("slack.comment", {"n": 2}, "k2", "asset:1")
        outbox.enqueue("slack.version", {"n": 3}, "k3", "asset:2")
        outbox.enqueue("slack.version", {"n": 1}, "k1", "asset:1")  # same key: ignored
    kinds = ("slack.version", "slack.comment")
    first = outbox.claim("a", kinds)
    assert [m.idempotency_key for m in first] == ["k1", "k3"]
    assert outbox.claim("b", kinds) == []  # leased, and k2 waits for k1
    outbox.failed(first[0].id, "a", "HTTP 429", retry_after=0)
    outbox.delivered(first[1].id, "a")
    again = outbox.claim("b", kinds)
    assert [m.idempotency_key for m in again] == ["k1"] and again[0].attempts == 1
    outbox.delivered(again[0].id, "b")
    assert [m.idempotency_key for m in outbox.claim("b", kinds)] == ["k2"]


def test_a_message_that_keeps_failing_is_parked_until_retried(core):
    with write_transaction():
        outbox.enqueue("email.version", {}, "e1")
    for _ in range(outbox.MAX_ATTEMPTS):
        [message] = outbox.claim("w", ("email.version",))
        outbox.failed(message.id, "w", "relay down", retry_after=0)
    assert outbox.claim("w", ("email.version",)) == []
    assert [f["last_error"] for f in outbox.failures()] == ["relay down"]
    assert outbox.retry(None) == 1
    assert len(outbox.claim("w", ("email.version",))) == 1
