"""A running mail gateway on a free loopback port, over a studio with one ingested asset."""

from __future__ import annotations

import asyncio
import smtplib
import threading
from dataclasses import dataclass
from email.message import EmailMessage

import pytest

from config.settings import secret_key
from core.actors import SYSTEM
from core.models import AssetVersion
from core.services import brands
from mailgate.processor import MailConfig
from mailgate.service import MailService
from mailgate.tokens import make_token
from tests.core.conftest import studio  # noqa: F401 - fixture

DOMAIN = "proofdesk.localhost"


class LoopThread:
    """An asyncio loop in a thread, like `proofdesk serve` runs one."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@dataclass
class Gateway:
    service: MailService
    port: int
    secret: str
    asset_id: int
    version_id: int
    reviewer_id: int
    runner: LoopThread

    def token(self, version_id: int | None = None, user_id: int | None = None, **kw) -> str:
        return make_token(self.secret, version_id or self.version_id,
                          user_id or self.reviewer_id, **kw)

    def send(self, body: str, *, token: str | None = None, sender: str = "rev@acme.test",
             headers: dict | None = None, to: str | None = None, raw: bytes | None = None) -> str:
        """Send a reply over real SMTP; returns the final server answer to DATA."""
        to = to or f"review+{token or self.token()}@{DOMAIN}"
        if raw is None:
            msg = EmailMessage()
            msg["From"], msg["To"], msg["Subject"] = sender, to, "Re: Review AC-100 front v1"
            for key, value in (headers or {}).items():
                msg[key] = value
            msg.set_content(body)
            raw = msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
        with smtplib.SMTP("127.0.0.1", self.port, timeout=10) as smtp:
            smtp.ehlo()
            smtp.mail(sender)
            code, _ = smtp.rcpt(to)
            if code != 250:
                raise smtplib.SMTPRecipientsRefused({to: (code, b"")})
            code, answer = smtp.data(raw)
            if code != 250:
                raise smtplib.SMTPDataError(code, answer)
            return f"{code} {answer.decode()}"

    def settle(self) -> None:
        """Wait until every accepted message has been processed."""
        self.runner.run(self.service.queue.join())

    def restart(self, core) -> None:
        self.runner.run(self.service.stop())
        self.service = make_service(core, self.secret)
        self.port = self.runner.run(self.service.start("127.0.0.1", 0))


def make_service(core, secret: str, **kw) -> MailService:
    return MailService(core, MailConfig(secret=secret, **kw), reply_domain=DOMAIN,
                       max_bytes=200_000)


@pytest.fixture
def gateway(studio, settings):  # noqa: F811
    brands.update_brand(SYSTEM, "acme", slack_channel="C0REVIEW")
    [outcome] = studio.ingest(studio.master("AC-100", "front"))
    version = AssetVersion.get(AssetVersion.asset == outcome.asset_id)
    secret = secret_key(settings)
    runner = LoopThread()
    service = make_service(studio.core, secret)
    port = runner.run(service.start("127.0.0.1", 0))
    gw = Gateway(service, port, secret, outcome.asset_id, version.id,
                 studio.actors["reviewer"].user_id, runner)
    yield gw
    runner.run(gw.service.stop())
    runner.close()
