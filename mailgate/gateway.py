"""The inbound SMTP/LMTP gateway: check early, store durably, then answer 250.

Replies arrive at `review+<token>@<reply domain>` (or plain `review@…` with the
token in In-Reply-To/References when a client rewrote the address). A bad token is
refused at RCPT; a message is acknowledged only after `inbound.store` has put it on
disk and in the database; everything else happens later in the processor.
"""

from __future__ import annotations

import asyncio
import email.policy
import logging
import re
from collections.abc import Callable
from email.parser import BytesHeaderParser

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

from core.context import Core
from core.services import inbound
from mailgate.tokens import TokenError, read_token

log = logging.getLogger("proofdesk.mail")
MAILBOX = "review"
ORDERS = "orders"  # orders@ or orders+<brand>@: a brand submits an order by email
_TOKEN_IN_ID = re.compile(r"\.([0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+)@", re.IGNORECASE)
_AIOSMTPD_TEXTS = {  # aiosmtpd's own replies, given RFC 3463 enhanced codes
    "552 Error: Too much mail data": "552 5.3.4 Message too big for this gateway",
    "552 Error: message size exceeds fixed maximum message size":
        "552 5.3.4 Message too big for this gateway",
}


class GatewaySMTP(SMTP):
    def push(self, status: str):
        return super().push(_AIOSMTPD_TEXTS.get(status, status))


class GatewayLMTP(LMTP):
    def push(self, status: str):
        return super().push(_AIOSMTPD_TEXTS.get(status, status))


class ReplyHandler:
    """aiosmtpd handler; `stored(mail_id)` is called for every newly stored message."""

    def __init__(self, core: Core, *, secret: str, reply_domain: str, lmtp: bool = False,
                 stored: Callable[[int], None] = lambda mail_id: None):
        self.core, self.secret, self.domain = core, secret, reply_domain.lower()
        self.lmtp, self.stored = lmtp, stored

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        local, _, domain = address.rpartition("@")
        mailbox, _, token = local.partition("+")
        if domain.lower() == self.domain and mailbox.lower() == ORDERS:
            envelope.rcpt_tos.append(address)
            return "250 2.1.5 Recipient OK"
        if domain.lower() != self.domain or mailbox.lower() != MAILBOX:
            return (f"550 5.1.1 <{address}>: no such mailbox "
                    f"(replies go to {MAILBOX}+TOKEN@{self.domain})")
        if token:
            try:
                read_token(self.secret, token)
            except TokenError as err:
                log.info("rejected at RCPT", extra={"event": "rcpt_rejected", "reason": str(err)})
                return f"550 5.1.1 <{address}>: {err}"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Recipient OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        statuses = [await self._accept(raw, rcpt, envelope.mail_from or "")
                    for rcpt in envelope.rcpt_tos]
        return "\r\n".join(statuses) if self.lmtp else _worst(statuses)

    async def _accept(self, raw: bytes, rcpt: str, sender: str) -> str:
        headers = BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
        mailbox, _, tag = rcpt.rpartition("@")[0].partition("+")
        if mailbox.lower() == ORDERS:
            token = f"{ORDERS}:{tag.lower()}"
        else:
            token = tag or _token_from_thread(headers, self.secret)
        if not token:
            return "550 5.1.1 No review token in the address or In-Reply-To/References"
        message_id = str(headers.get("Message-ID", "")).strip() or None
        try:
            view, new = await asyncio.to_thread(inbound.store, self.core.blobs, raw,
                                                token=token.lower(), sender=sender,
                                                message_id=message_id)
        except Exception:  # noqa: BLE001 - the sender retries; nothing was acknowledged
            log.exception("could not store message", extra={"event": "store_failed"})
            return "451 4.3.0 Cannot store the message right now; please try again later"
        if new:
            self.stored(view.id)
        return f"250 2.0.0 Accepted as mail {view.id}" + ("" if new else " (duplicate)")

    async def handle_exception(self, error: Exception) -> str:
        log.error("SMTP session error: %s", error, extra={"event": "smtp_error"})
        return "451 4.3.0 Temporary problem; please try again later"


def _worst(statuses: list[str]) -> str:
    """SMTP has one answer per message: 5xx over 4xx over 2xx (stored copies dedupe on retry)."""
    return max(statuses, key=lambda status: status[0])


def _token_from_thread(headers, secret: str) -> str | None:
    ids = " ".join(str(headers.get(h, "")) for h in ("In-Reply-To", "References"))
    for candidate in _TOKEN_IN_ID.findall(ids):
        try:
            read_token(secret, candidate)
            return candidate
        except TokenError:
            continue
    return None


async def start_gateway(handler: ReplyHandler, host: str, port: int, *,
                        max_bytes: int = 25_000_000) -> asyncio.Server:
    """Listen on host:port in the running loop (SMTP, or LMTP when the handler says so)."""
    protocol = GatewayLMTP if handler.lmtp else GatewaySMTP
    loop = asyncio.get_running_loop()
    return await loop.create_server(
        lambda: protocol(handler, data_size_limit=max_bytes, hostname="proofdesk",
                         ident="Proofdesk mail gateway"), host, port)
