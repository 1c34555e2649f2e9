"""The digest and reminder schedule inside `serve` (APScheduler 3, AsyncIOScheduler).

Each brand's digest fires on its cron expression in its own timezone. The period of
a run is the scheduled fire time, so a run missed while serve was down is sent once
at start when still within the grace period, and skipped (and logged) otherwise.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from core.actors import SYSTEM
from core.services import brands, digests

from .settings import Settings

log = logging.getLogger("proofdesk.digest")
UTC = ZoneInfo("UTC")


SPANS = tuple(dt.timedelta(seconds=s) for s in (2, 120, 7200, 2 * 86400, 8 * 86400))


def trigger(cron: str, timezone: str) -> CronTrigger:
    """Standard 5-field crontab, or 6 fields with seconds first ("*/10 * * * * *")."""
    fields = cron.split()
    if len(fields) == 6:
        names = ("second", "minute", "hour", "day", "month", "day_of_week")
        return CronTrigger(timezone=timezone, **dict(zip(names, fields, strict=True)))
    return CronTrigger.from_crontab(cron, timezone=timezone)


def previous_fire(cron: str, timezone: str, now: dt.datetime) -> dt.datetime | None:
    """The latest scheduled time at or before `now` (within the last 8 days).

    Looks back over growing spans so that a per-second schedule costs a few steps and a
    weekly one a handful, instead of walking every fire time of the week.
    """
    schedule = trigger(cron, timezone)
    for span in SPANS:
        fire, last = schedule.get_next_fire_time(None, now - span), None
        while fire is not None and fire <= now:
            last, fire = fire, schedule.get_next_fire_time(fire, fire + dt.timedelta(seconds=1))
        if last is not None:
            return last
    return None


def period_of(fire: dt.datetime) -> str:
    return fire.strftime("%Y-%m-%dT%H:%M:%S%z")


def run_digest(brand: brands.BrandView, now: dt.datetime, grace: dt.timedelta
               ) -> list[digests.Digest]:
    """Queue the brand's digests for its latest scheduled time, if still within grace."""
    fire = previous_fire(brand.digest_cron, brand.timezone, now)
    if fire is None:
        return []
    if now - fire > grace:
        log.info("digest skipped", extra={"event": "digest_skipped", "brand": brand.slug,
                                          "scheduled": fire.isoformat()})
        return []
    queued = digests.queue_digests(brand.slug, period_of(fire))
    for digest in queued:
        log.info("digest queued", extra={"event": "digest_queued", "brand": brand.slug,
                                         "recipient": digest.email, "items": len(digest.items)})
    return queued


class DigestScheduler:
    def __init__(self, settings: Settings):
        self.grace = dt.timedelta(minutes=int(settings["digest_grace_minutes"]))
        self.reminder_days = int(settings["reminder_days"])
        self.reminder_cron = settings["reminder_cron"]
        self.scheduler = AsyncIOScheduler(timezone=UTC)

    async def start(self) -> int:
        """Schedule every brand (and catch up on missed runs); returns the number of brands."""
        count = await self._schedule_brands(catch_up=True)
        self.scheduler.add_job(self._reminders, trigger(self.reminder_cron, "UTC"),
                               id="reminders", coalesce=True, replace_existing=True)
        self.scheduler.add_job(self._schedule_brands, "interval", minutes=10, id="brands",
                               kwargs={"catch_up": False})
        self.scheduler.start()
        return count

    async def _schedule_brands(self, catch_up: bool) -> int:
        """(Re)schedule each brand's digest, picking up new brands and changed schedules."""
        known = await asyncio.to_thread(brands.list_brands, SYSTEM)
        for brand in known:
            self.scheduler.add_job(self._digest, trigger(brand.digest_cron, brand.timezone),
                                   args=[brand], id=f"digest:{brand.slug}", coalesce=True,
                                   misfire_grace_time=int(self.grace.total_seconds()),
                                   replace_existing=True)
            if catch_up:
                await self._digest(brand)
        return len(known)

    async def _digest(self, brand: brands.BrandView) -> None:
        await asyncio.to_thread(run_digest, brand, dt.datetime.now(UTC), self.grace)

    async def _reminders(self) -> None:
        sent = await asyncio.to_thread(digests.queue_reminders, dt.date.today(),
                                       self.reminder_days)
        for reminder in sent:
            log.info("reminder queued", extra={"event": "reminder_queued",
                                               "order": reminder.order_id,
                                               "overdue": reminder.overdue})

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
