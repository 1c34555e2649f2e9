"""`proofdesk serve`: the long-running process delivering what core has to say."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import sys

from core.context import Core
from mailgate.processor import MailConfig, ReplyProcessor
from mailgate.service import MailService

from .deliver import EmailDeliverers
from .dispatch import Dispatcher
from .schedule import DigestScheduler
from .settings import Settings, secret_key
from .slack import slack_configured, slack_deliverers, slack_spool, start_slack

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None)))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        return json.dumps({"at": self.formatTime(record), "level": record.levelname,
                           "logger": record.name, "msg": record.getMessage(), **extra},
                          default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra = " ".join(f"{k}={v}" for k, v in vars(record).items() if k not in _STANDARD)
        return f"{self.formatTime(record)} {record.levelname:7} {record.getMessage()} {extra}"


def setup_logging(fmt: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    for chatty in ("mail.log", "apscheduler", "slack_bolt", "slack_sdk"):  # per-session noise
        logging.getLogger(chatty).setLevel(logging.WARNING)


def mail_config(settings: Settings) -> MailConfig:
    return MailConfig(secret=secret_key(settings), authserv_id=settings["authserv_id"])


def mail_processor(core: Core, settings: Settings) -> ReplyProcessor:
    """What settles replies (for `mail release` and the TUI's quarantine screen)."""
    return ReplyProcessor(core, mail_config(settings))


def mail_service(core: Core, settings: Settings) -> MailService:
    return MailService(core, mail_config(settings), reply_domain=settings["reply_domain"],
                       lmtp=bool(settings["lmtp"]), max_bytes=int(settings["mail_max_bytes"]))


async def serve(core: Core, settings: Settings, *, once: bool = False,
                log_format: str = "text") -> None:
    deliverers = EmailDeliverers(core, settings).kinds()
    slack_on = slack_configured(settings)
    if slack_on:
        deliverers |= slack_deliverers(core, settings)
    dispatcher = Dispatcher(deliverers, lease_seconds=float(settings["outbox_lease_seconds"]),
                            intake=slack_spool(settings).take_in)
    scheduler = DigestScheduler(settings)
    mail = mail_service(core, settings) if settings["smtp_listen"] else None
    relay = settings["smtp_relay"] or f"drop folder {settings.home / 'mail-drop'}"
    say(f"Proofdesk serving from {settings.home} ({settings.database_url.split('?')[0]})")
    if mail:
        host, _, port = settings["smtp_listen"].rpartition(":")
        port = await mail.start(host, int(port))
        protocol = "LMTP" if settings["lmtp"] else "SMTP"
        say(f"  mail gateway: {protocol} on {host}:{port}, replies to "
            f"review+<token>@{settings['reply_domain']}")
    say(f"  outbox dispatcher: {', '.join(deliverers)} (mail via {relay})")
    brands_scheduled = await scheduler.start()
    say(f"  scheduler: digests for {brands_scheduled} brand(s) on their own schedules, "
        f"reminders at '{settings['reminder_cron']}' UTC")
    if not slack_on:
        say("  Slack: not configured (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET); "
            "Slack messages wait in the outbox")
    stop_slack = None
    if slack_on and not once:
        stop_slack = await asyncio.to_thread(start_slack, settings, dispatcher.wake, log_format)
    if once:
        await asyncio.to_thread(dispatcher.run_once, 1000)
    else:
        say("Stop with Ctrl-C; undelivered messages stay queued for the next start.")
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await dispatcher.run(stop)
    scheduler.stop()
    if stop_slack:
        await asyncio.to_thread(stop_slack)
    if mail:
        await mail.stop()
    say("Proofdesk stopped cleanly.")


def say(line: str) -> None:
    print(line, flush=True)


def run(core: Core, settings: Settings, log_format: str = "text", once: bool = False) -> None:
    setup_logging(log_format)
    asyncio.run(serve(core, settings, once=once, log_format=log_format))
