"""A review desk wired to a fake Slack: the studio, the bot over HTTP, the outbox dispatcher."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from bot.app import build_app
from bot.held import RequestHolder
from bot.http import SlackHTTPServer
from config.dispatch import Dispatcher
from config.settings import load_settings
from config.slack import slack_client, slack_deliverers, slack_spool
from core.actors import SYSTEM
from core.services import brands, library, people, threads
from tests.core.conftest import Studio, studio  # noqa: F401 - the studio fixture
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_signing import SlackSender

CHANNEL = "C0ACME"
SECRET = "signing-secret-for-tests"
SLACK_IDS = {"reviewer": "U0REV", "admin": "U0ADMIN", "retoucher": "U0RET",
             "marketer": "U0MKT", "rival": "U0RIVAL"}
UNLINKED = "U0STRANGER"


class TrackedExecutor(ThreadPoolExecutor):
    """Bolt's lazy listeners run here; tests wait until none is left running."""

    def __init__(self):
        super().__init__(8, thread_name_prefix="slack-work")
        self._pending: set[Future] = set()
        self._lock = threading.Lock()
        self.errors: list[BaseException] = []

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)
        if future.exception():
            self.errors.append(future.exception())

    def settle(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if not self._pending:
                    return
            assert time.monotonic() < deadline, "lazy listeners still running"
            time.sleep(0.005)


@dataclass
class Desk:
    studio: Studio
    slack: FakeSlack
    sender: SlackSender
    dispatcher: Dispatcher
    work: TrackedExecutor

    def deliver(self) -> int:
        """Run the outbox dispatcher until nothing Slack-bound is due; return how many ran."""
        total = 0
        while attempted := self.dispatcher.run_once():
            total += attempted
        return total

    def settle(self) -> None:
        """Wait for the lazy listeners, then apply what the bot held and deliver the rest."""
        self.work.settle()
        self.deliver()

    def ingest(self, sku: str = "AC-100", angle: str = "front", seed: int = 0,
               shift: int = 0) -> int:
        outcome, = self.studio.ingest(self.studio.master(sku, angle, seed, shift))
        return outcome.asset_id

    def card(self, asset_id: int) -> dict:
        channel, ts = threads.card_of(asset_id)
        return self.slack.message(channel, ts)

    def card_ts(self, asset_id: int) -> str:
        return threads.card_of(asset_id)[1]

    def decision(self, asset_id: int, version: int = 1) -> dict | None:
        return library.show_asset(SYSTEM, asset_id).versions[version - 1].decision

    def comments(self, asset_id: int) -> list:
        return library.show_asset(SYSTEM, asset_id).comments


def block_texts(message: dict) -> str:
    """Everything a reader sees in a message's blocks, as one string."""
    parts = []
    for block in message.get("blocks", []):
        for item in [block.get("text") or {}, *block.get("fields", []),
                     *block.get("elements", [])]:
            parts.append((item.get("text") or {}).get("text", "") if isinstance(
                item.get("text"), dict) else item.get("text", ""))
    return "\n".join(p for p in parts if p)


def buttons(message: dict) -> list[str]:
    return [e["text"]["text"] for b in message.get("blocks", []) if b["type"] == "actions"
            for e in b["elements"]]


@pytest.fixture
def slack():
    fake = FakeSlack().start()
    for name, user_id in SLACK_IDS.items():
        fake.add_user(user_id, name)
    fake.add_user(UNLINKED, "dana", "Dana Visitor")
    yield fake
    fake.stop()


@pytest.fixture
def slack_settings(env, slack):
    return load_settings({**env, "SLACK_BOT_TOKEN": slack.token,
                          "SLACK_SIGNING_SECRET": SECRET,
                          "PROOFDESK_SLACK_API_URL": slack.api_url,
                          "PROOFDESK_HTTP_LISTEN": "127.0.0.1:0"})


@pytest.fixture
def desk(studio, slack, slack_settings):  # noqa: F811 - the imported fixture
    brands.update_brand(SYSTEM, "acme", slack_channel=CHANNEL)
    for role, user_id in SLACK_IDS.items():
        email = {"reviewer": "rev@acme.test", "admin": "admin@studio.test",
                 "retoucher": "retoucher@studio.test", "marketer": "mkt@acme.test",
                 "rival": "rev@globex.test"}[role]
        people.update_user(SYSTEM, email, slack_user_id=user_id)
    work = TrackedExecutor()
    spool = slack_spool(slack_settings)
    app = build_app(studio.core, slack_client(slack_settings), SECRET, RequestHolder(spool), work)
    server = SlackHTTPServer(app, "127.0.0.1", 0).start()
    sender = SlackSender(server.url, SECRET, slack)
    dispatcher = Dispatcher(slack_deliverers(studio.core, slack_settings), intake=spool.take_in)
    desk = Desk(studio, slack, sender, dispatcher, work)
    yield desk
    sender.close()
    server.stop()
    work.shutdown(wait=True)
    assert not work.errors, work.errors
