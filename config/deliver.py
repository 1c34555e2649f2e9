"""Email deliverers for outbox messages, built from the settings."""

from __future__ import annotations

import functools
from email.message import EmailMessage
from email.utils import parseaddr

from core import outbox
from core.actors import SYSTEM
from core.context import Core
from core.services import digests, orders, people
from core.services.notices import version_notice
from mailgate.dkim_sign import DkimKey, load_key
from mailgate.outbound import (
    digest_email,
    notice_email,
    reminder_email,
    send,
    version_email,
)
from mailgate.tokens import make_token
from renderers import contact_sheet, version_diff

from .dispatch import Deliverer
from .settings import Settings, secret_key

SHEET_ITEMS = 60  # thumbnails on a digest's contact sheet


def dkim_key(settings: Settings) -> DkimKey | None:
    domain = settings["dkim_domain"] or parseaddr(settings["mail_from"])[1].rpartition("@")[2]
    return load_key(settings["dkim_selector"], domain, settings["dkim_private_key"])


class EmailDeliverers:
    """Turns email.* outbox messages into mail through the relay (or the drop folder)."""

    def __init__(self, core: Core, settings: Settings):
        self.core, self.settings = core, settings
        self.secret, self.domain = secret_key(settings), settings["reply_domain"]
        self.mail_from = settings["mail_from"]
        self.dkim_key = dkim_key(settings)

    def kinds(self) -> dict[str, Deliverer]:
        return {"email.version": self.version_ready, "email.notice": self.explain,
                "email.digest": self.digest, "email.reminder": self.reminder,
                "email.overdue": self.reminder}

    def _send(self, msg: EmailMessage) -> str:
        return send(msg, self.settings["smtp_relay"], self.settings.home / "mail-drop",
                    self.dkim_key)

    def _token(self, version_id: int, user_id: int) -> str:
        return make_token(self.secret, version_id, user_id,
                          days=int(self.settings["reply_token_days"]))

    def version_ready(self, message: outbox.Message) -> str:
        notice = version_notice(message.payload["version_id"], message.payload["user_id"])
        if notice.number != notice.current_number:
            return f"skipped: v{notice.number} already superseded"
        blobs = self.core.blobs
        preview = blobs.get(notice.preview_sha256) if notice.preview_sha256 else None
        diff = None
        if preview and notice.previous_preview_sha256:
            diff = version_diff(blobs.get(notice.previous_preview_sha256), preview)
        return self._send(version_email(
            notice, mail_from=self.mail_from, domain=self.domain, key=message.idempotency_key,
            token=self._token(notice.version_id, message.payload["user_id"]), preview=preview,
            diff=diff))

    def explain(self, message: outbox.Message) -> str:
        return self._send(notice_email(message.payload, mail_from=self.mail_from,
                                       domain=self.domain, key=message.idempotency_key))

    def digest(self, message: outbox.Message) -> str:
        p = message.payload
        current = digests.digest_of(p["brand"], p["user_id"], p["period"])
        if not current.items:
            return "skipped: nothing waits any more"
        return self._send(self.compose_digest(current, message.idempotency_key))

    def compose_digest(self, current: digests.Digest, key: str) -> EmailMessage:
        tokens = {i.version_id: self._token(i.version_id, current.user_id) for i in current.items}
        shown = tuple((i.thumbnail_sha256, f"{i.sku} {i.angle}\nv{i.version}")
                      for i in current.items[:SHEET_ITEMS] if i.thumbnail_sha256)
        return digest_email(current, mail_from=self.mail_from, domain=self.domain, key=key,
                            tokens=tokens, sheet=self._sheet(shown) if shown else None)

    @functools.lru_cache(maxsize=32)  # noqa: B019 - one deliverer per serve; reviewers share
    def _sheet(self, shown: tuple[tuple[str, str], ...]) -> bytes:
        """The contact sheet, made once for all reviewers of a brand who get the same items."""
        return contact_sheet([(self.core.blobs.get(sha), label) for sha, label in shown])

    def reminder(self, message: outbox.Message) -> str:
        order = orders.show_order(SYSTEM, message.payload["order_id"]).order
        return self._send(reminder_email(
            order, overdue=message.payload["overdue"], mail_from=self.mail_from,
            to=people.user_email(message.payload["user_id"]), domain=self.domain,
            key=message.idempotency_key))
