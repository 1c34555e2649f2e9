"""Settle each accepted reply: an approval, a change request, a comment, or a refusal.

Runs after the gateway has answered 250; every outcome is recorded with
`inbound.settle`, in the same transaction as what it applies.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
from dataclasses import dataclass
from email.message import Message
from email.utils import parseaddr

from core.context import Core
from core.errors import ProofdeskError
from core.services import inbound, once, people, review
from mailgate.body import Attachment, ReplyBody, parse_reply
from mailgate.classify import auto_reply_reason
from mailgate.commands import DEFAULT_APPROVE_WORDS, ReplyCommand, parse_command
from mailgate.gateway import ORDERS
from mailgate.order_mail import settle_order
from mailgate.tokens import TokenError, read_token

log = logging.getLogger("proofdesk.mail")


@dataclass(frozen=True)
class MailConfig:
    secret: str
    authserv_id: str = ""  # trust Authentication-Results only from this server
    approve_words: tuple[str, ...] = DEFAULT_APPROVE_WORDS


class ReplyProcessor:
    def __init__(self, core: Core, config: MailConfig):
        self.core, self.config = core, config

    def process_pending(self) -> int:
        ids = inbound.accepted_ids()
        for mail_id in ids:
            self.process(mail_id)
        return len(ids)

    def process(self, mail_id: int) -> str:
        """Settle one message; returns its final status."""
        view = inbound.mail(mail_id)
        if view.status != "accepted":
            return view.status
        raw = self.core.blobs.get(view.raw_sha256)
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        status, reason = self._settle(view, msg, raw)
        log.info("mail %s", status, extra={"event": f"mail_{status}", "mail": mail_id,
                                           "reason": reason})
        return status

    def _settle(self, view: inbound.MailView, msg: Message, raw: bytes) -> tuple[str, str]:
        auto = auto_reply_reason(msg, view.sender)
        if auto:
            return self._finish(view, "auto_reply", auto)
        if view.token.startswith(f"{ORDERS}:"):
            return settle_order(self, view, msg, raw)
        try:
            token = read_token(self.config.secret, view.token)
        except TokenError as err:
            return self._finish(view, "refused", str(err))
        target = inbound.reply_target(token.version_id, token.user_id)
        if target is None:
            return self._finish(view, "refused", "the version or the reviewer no longer exists")
        suspicion = None if view.released else self._suspicion(view, msg, target)
        if suspicion:
            return self._finish(view, "quarantined", suspicion)
        body = parse_reply(raw)
        return self._apply(view, msg, body, target)

    def _suspicion(self, view, msg: Message, target: inbound.ReplyTarget) -> str | None:
        allowed = {a.lower() for a in target.user_addresses}
        author = parseaddr(str(msg.get("From", "")))[1].lower()
        if author not in allowed:
            return f"From {author or '(none)'} is not the reviewer this link was sent to"
        if view.sender.lower() not in allowed:
            return f"envelope sender {view.sender} is not the reviewer this link was sent to"
        if self.config.authserv_id and _dmarc_failed(msg, self.config.authserv_id):
            return f"DMARC failed according to {self.config.authserv_id}"
        return None

    def _apply(self, view, msg: Message, body: ReplyBody,
               target: inbound.ReplyTarget) -> tuple[str, str]:
        sender = parseaddr(str(msg.get("From", "")))[1] or view.sender
        if body.refused:
            return self._finish(view, "refused", body.refused, self._notice(msg, sender,
                                                                             body.refused))
        if body.is_empty:
            notice = None
            if once.claim("mail.empty_reply_notice", sender.lower(), dt.date.today().isoformat()):
                notice = self._notice(msg, sender, "Your reply had no text of its own (only the "
                                      "quoted message). Write your comment above the quote, "
                                      "or reply APPROVED to approve.")
            return self._finish(view, "refused", "empty reply", notice)
        actor = people.actor_for_email(target.user_email)
        command = parse_command(body.reply, self.config.approve_words)
        action = self._decision(actor, target, command) if command else \
            self._comment(actor, target, body, view)
        try:
            return self._finish(view, "applied", command.action if command else "comment",
                                apply=action)
        except ProofdeskError as err:
            return self._finish(view, "refused", str(err), self._notice(
                msg, sender, f"Your reply was not applied: {err}."))

    def _decision(self, actor, target: inbound.ReplyTarget, command: ReplyCommand):
        verdict = "approved" if command.action == "approve" else "changes_requested"
        return lambda: review.decide(actor, target.asset_id, target.version, verdict, "email",
                                     command.reason if verdict == "changes_requested" else "")

    def _comment(self, actor, target: inbound.ReplyTarget, body: ReplyBody, view):
        text = body.reply.strip()
        if target.version != target.current_version:
            text = f"[about v{target.version}] {text}"
        stored = tuple(_stored(self.core, image) for image in body.images)
        return lambda: review.add_comment(actor, target.asset_id, text or "(image)", "email",
                                          external_id=f"mail:{view.id}", attachments=stored)

    def _notice(self, msg: Message, to: str, text: str) -> tuple[str, str, str]:
        subject = str(msg.get("Subject", "your reply"))
        return to, subject if subject.lower().startswith("re:") else f"Re: {subject}", text

    @staticmethod
    def _finish(view, status: str, reason: str, notice=None, apply=None) -> tuple[str, str]:
        inbound.settle(view.id, status, reason, apply=apply, notice=notice)
        return status, reason


def _stored(core: Core, image: Attachment) -> tuple[str, str, str, int]:
    return core.blobs.put(image.data), image.filename, image.content_type, len(image.data)


def _dmarc_failed(msg: Message, authserv_id: str) -> bool:
    for header in msg.get_all("Authentication-Results", []):
        server, _, results = str(header).partition(";")
        if server.strip().lower() == authserv_id.lower() and "dmarc=fail" in results.lower():
            return True
    return False
