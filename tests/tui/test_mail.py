"""Mail quarantine: read a held reply, release it (the comment lands), or discard it."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from config.settings import secret_key
from core.actors import SYSTEM
from core.models import AssetVersion
from core.services import inbound, library
from mailgate.processor import MailConfig, ReplyProcessor
from mailgate.tokens import make_token
from tests.tui.conftest import SIZE, settle


def spoofed_reply(token: str, body: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"] = "mallory@evil.test", f"review+{token}@proofdesk.localhost"
    msg["Subject"], msg["Message-ID"] = "Re: Review", f"<{abs(hash(body))}@evil.test>"
    msg.set_content(body)
    return msg.as_bytes()


@pytest.fixture
def held(lib, settings):
    """Two quarantined replies on the front asset, and the processor that settles replies."""
    processor = ReplyProcessor(lib.studio.core, MailConfig(secret=secret_key(settings)))
    version = AssetVersion.get(AssetVersion.asset == lib.front, AssetVersion.number == 2)
    token = make_token(secret_key(settings), version.id, lib.studio.actors["reviewer"].user_id)
    ids = []
    for body in ("Please warm up the colours", "Spam spam"):
        mail, _ = inbound.store(lib.studio.core.blobs, spoofed_reply(token, body), token=token,
                                sender="mallory@evil.test", message_id=None)
        assert processor.process(mail.id) == "quarantined"
        ids.append(mail.id)
    return processor, ids


async def test_release_applies_the_comment_and_discard_drops_the_other(lib, held):
    processor, (first, second) = held
    app = lib.app(process_mail=processor.process)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one("#mails")
        assert table.row_count == 2
        table.move_cursor(row=table.get_row_index(str(first)))
        await settle(pilot)
        assert "Please warm up the colours" in str(app.screen.query_one("#reply").render())
        assert "mallory@evil.test" in str(app.screen.query_one("#raw").render())
        await pilot.press("l", "y")
        await settle(pilot)
        comments = library.show_asset(SYSTEM, lib.front).comments
        assert comments[-1].body == "Please warm up the colours" and comments[-1].source == "email"
        assert inbound.mail(first).status == "applied"
        assert table.row_count == 1
        await pilot.press("d", "y")
        await settle(pilot)
        assert inbound.mail(second).status == "discarded" and table.row_count == 0
