"""Digests and reminders with an injected clock: once per period, nothing when nothing waits."""

import datetime as dt

from config.schedule import UTC, period_of, previous_fire, run_digest
from core.actors import SYSTEM
from core.models import OutboxMessage
from core.services import brands, digests, ingest, orders, people, review

GRACE = dt.timedelta(hours=3)


def _brand():
    return next(b for b in brands.list_brands(SYSTEM) if b.slug == "acme")


def _queued(kind="email.digest"):
    return [m.payload for m in OutboxMessage.select().where(OutboxMessage.kind == kind)]


def test_previous_fire_respects_the_brands_timezone():
    now = dt.datetime(2026, 11, 24, 9, 30, tzinfo=UTC)  # a Tuesday, 10:30 in Berlin
    fire = previous_fire("0 9 * * mon-fri", "Europe/Berlin", now)
    assert fire.isoformat() == "2026-11-24T09:00:00+01:00"
    saturday = dt.datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert previous_fire("0 9 * * mon-fri", "UTC", saturday).day == 27


def test_each_reviewer_gets_one_digest_per_period_however_often_it_runs(studio):
    studio.ingest(studio.master("AC-100", "front", 1), studio.master("AC-200", "front", 2))
    now = dt.datetime(2026, 11, 24, 9, 5, tzinfo=UTC)
    first = run_digest(_brand(), now, GRACE)
    again = run_digest(_brand(), now + dt.timedelta(minutes=30), GRACE)
    assert [d.email for d in first] == ["rev@acme.test"] and again == []
    assert [len(d.items) for d in first] == [2]
    assert _queued() == [{"brand": "acme", "period": "2026-11-24T09:00:00+0000",
                          "user_id": studio.actors["reviewer"].user_id}]
    tomorrow = run_digest(_brand(), now + dt.timedelta(days=1), GRACE)
    assert len(tomorrow) == 1


def test_nothing_is_sent_when_nothing_waits(studio):
    [outcome] = studio.ingest(studio.master("AC-100", "front"))
    review.decide(studio.actors["reviewer"], outcome.asset_id, 1, "approved", "cli")
    assert run_digest(_brand(), dt.datetime(2026, 11, 24, 9, 1, tzinfo=UTC), GRACE) == []
    assert _queued() == []


def test_a_run_missed_beyond_the_grace_period_is_skipped(studio):
    studio.ingest(studio.master("AC-100", "front"))
    late = dt.datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
    assert run_digest(_brand(), late, GRACE) == []
    assert run_digest(_brand(), late, dt.timedelta(hours=5))  # within a longer grace


def test_items_are_grouped_by_order_nearest_deadline_first(studio, tmp_path):
    brief = tmp_path / "urgent.toml"
    brief.write_text('title = "Urgent"\ndeadline = "2026-11-26"\nangles = ["side"]\n'
                     'channels = ["amazon"]\n[[products]]\nsku = "AC-100"\n')
    urgent = orders.create_order(studio.core, SYSTEM, "acme", brief).order.id
    studio.ingest(studio.master("AC-200", "front", 3))
    path = studio.folder / "AC-100_2025-10_side_master.jpg"
    path.write_bytes(studio.master("AC-100", "front", 4).read_bytes())
    ingest.ingest_paths(studio.core, studio.actors["retoucher"], urgent, [path])
    [digest] = digests.digests_for("acme", "p")
    assert [title for title, _ in digest.by_order()] == ["Urgent", "Hero shots"]


def test_reviewers_who_opt_out_get_no_digest(studio):
    studio.ingest(studio.master("AC-100", "front"))
    people.update_user(SYSTEM, "rev@acme.test", notify_digest=False)
    assert digests.digests_for("acme", "p") == []


def test_deadline_reminders_to_reviewers_and_overdue_orders_to_admins(studio):
    studio.ingest(studio.master("AC-100", "front"))
    soon = digests.queue_reminders(dt.date(2026, 11, 29), within_days=3)  # due 2026-12-01
    assert [(r.overdue, r.recipients) for r in soon] == [(False, ["rev@acme.test"])]
    assert digests.queue_reminders(dt.date(2026, 11, 29), within_days=3) == []
    late = digests.queue_reminders(dt.date(2026, 12, 2), within_days=3)
    assert [(r.overdue, r.recipients) for r in late] == [(True, ["admin@studio.test"])]


def test_period_key_is_the_scheduled_time():
    fire = dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert period_of(fire) == "2026-11-24T09:00:00+0000"
