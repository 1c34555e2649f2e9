"""The gateway and its processor as one service inside `proofdesk serve`."""

from __future__ import annotations

import asyncio
import logging

from core.context import Core
from core.services import inbound
from mailgate.gateway import ReplyHandler, start_gateway
from mailgate.processor import MailConfig, ReplyProcessor

log = logging.getLogger("proofdesk.mail")


class MailService:
    """Accepts replies over SMTP/LMTP and settles them in a worker thread, in arrival order."""

    def __init__(self, core: Core, config: MailConfig, *, reply_domain: str, lmtp: bool = False,
                 max_bytes: int = 25_000_000):
        self.processor = ReplyProcessor(core, config)
        self.queue: asyncio.Queue[int] = asyncio.Queue()
        self.handler = ReplyHandler(core, secret=config.secret, reply_domain=reply_domain,
                                    lmtp=lmtp, stored=self.queue.put_nowait)
        self.max_bytes = max_bytes
        self.server: asyncio.Server | None = None
        self.worker: asyncio.Task | None = None

    async def start(self, host: str, port: int) -> int:
        """Listen, and pick up messages accepted before a crash or restart; returns the port."""
        for mail_id in await asyncio.to_thread(inbound.accepted_ids):
            self.queue.put_nowait(mail_id)
        self.server = await start_gateway(self.handler, host, port, max_bytes=self.max_bytes)
        self.worker = asyncio.create_task(self._work())
        return self.server.sockets[0].getsockname()[1]

    async def _work(self) -> None:
        while True:
            mail_id = await self.queue.get()
            try:
                await asyncio.to_thread(self.processor.process, mail_id)
            except Exception:  # noqa: BLE001 - stays accepted, retried at the next start
                log.exception("processing mail %s failed", mail_id,
                              extra={"event": "mail_process_failed", "mail": mail_id})
            finally:
                self.queue.task_done()

    async def stop(self, drain_seconds: float = 10.0) -> None:
        """Stop accepting, let in-flight sessions and queued processing finish (bounded)."""
        if self.server:
            self.server.close()
            await self.server.wait_closed()
        try:
            await asyncio.wait_for(self.queue.join(), drain_seconds)
        except TimeoutError:
            log.warning("left %d messages for the next start", self.queue.qsize())
        if self.worker:
            self.worker.cancel()
