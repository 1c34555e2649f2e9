"""Deliverers for outbox messages, built from the settings."""

from __future__ import annotations

from core import outbox
from core.context import Core
from core.services.notices import version_notice
from mailgate.outbound import notice_email, send, version_email
from mailgate.tokens import make_token
from renderers import version_diff

from .dispatch import Deliverer
from .settings import Settings, secret_key


def email_deliverers(core: Core, settings: Settings) -> dict[str, Deliverer]:
    secret = secret_key(settings)
    domain = settings["reply_domain"]
    drop = settings.home / "mail-drop"

    def version_ready(message: outbox.Message) -> str:
        notice = version_notice(message.payload["version_id"], message.payload["user_id"])
        if notice.number != notice.current_number:
            return f"skipped: v{notice.number} already superseded"
        token = make_token(secret, notice.version_id, message.payload["user_id"],
                           days=int(settings["reply_token_days"]))
        preview = core.blobs.get(notice.preview_sha256) if notice.preview_sha256 else None
        diff = None
        if preview and notice.previous_preview_sha256:
            diff = version_diff(core.blobs.get(notice.previous_preview_sha256), preview)
        msg = version_email(notice, mail_from=settings["mail_from"], token=token, domain=domain,
                            key=message.idempotency_key, preview=preview, diff=diff)
        return send(msg, settings["smtp_relay"], drop)

    def explain(message: outbox.Message) -> str:
        msg = notice_email(message.payload, mail_from=settings["mail_from"], domain=domain,
                           key=message.idempotency_key)
        return send(msg, settings["smtp_relay"], drop)

    return {"email.version": version_ready, "email.notice": explain}
