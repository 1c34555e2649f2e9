"""What changes the library is held before Slack hears 200, then applied by serve: once."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time

import pytest

from bot.app import build_app
from bot.held import RequestHolder
from bot.http import SlackHTTPServer
from config.dispatch import Dispatcher
from config.settings import load_settings
from config.slack import slack_client, slack_deliverers, slack_spool, start_slack
from core.models import OutboxMessage
from core.outbox import utcnow
from core.services.inbox import Held
from tests.bot.conftest import CHANNEL, SECRET, SLACK_IDS, UNLINKED, buttons
from tests.fakes.slack_signing import SlackSender

REVIEWER = SLACK_IDS["reviewer"]
HELD = "slack.inbound"


@pytest.fixture
def posted(desk):
    asset_id = desk.ingest()
    desk.deliver()
    return asset_id, desk.card_ts(asset_id)


def _held() -> list[OutboxMessage]:
    return list(OutboxMessage.select().where(OutboxMessage.kind == HELD))


def _spooled(settings) -> list[str]:
    return sorted(path.name for path in slack_spool(settings).folder.glob("*"))


def test_an_acknowledged_click_is_on_disk_and_applied_by_a_later_process(desk, posted, slack,
                                                                         slack_settings):
    asset_id, ts = posted
    assert desk.sender.click(CHANNEL, ts, REVIEWER, "approve").status == 200
    assert len(_spooled(slack_settings)) == 1  # on disk before Slack heard 200
    assert desk.decision(asset_id) is None and _held() == []

    # the process that acknowledged it is gone; another serve's dispatcher applies it
    later = Dispatcher(slack_deliverers(desk.studio.core, slack_settings),
                       intake=slack_spool(slack_settings).take_in)
    later.run_once()
    held, = _held()
    assert (held.payload["job"], held.ordering_key) == ("approve", f"{CHANNEL}:{ts}")
    assert held.delivered_at is not None and _spooled(slack_settings) == []
    later.run_once()  # the decision's own message: the card redrawn, the thread told
    assert desk.decision(asset_id)["verdict"] == "approved"
    assert buttons(desk.card(asset_id)) == []
    assert len(slack.calls_to("chat.update")) == 1


def test_chatter_in_the_channel_is_not_held(desk, posted, slack_settings):
    desk.sender.event({"type": "message", "channel": CHANNEL, "user": REVIEWER,
                       "text": "lunch?", "ts": "1700009000.000001"})
    assert _spooled(slack_settings) == []


def test_a_retry_reaching_another_front_is_held_once(desk, posted, studio, slack,
                                                    slack_settings):
    """Two serve processes: Slack's retry of an event lands on the other one."""
    asset_id, ts = posted
    other = build_app(studio.core, slack_client(slack_settings), SECRET,
                      RequestHolder(slack_spool(slack_settings)))
    server = SlackHTTPServer(other, "127.0.0.1", 0).start()
    second = SlackSender(server.url, SECRET, slack, first_number=500)
    try:
        answer, reply_ts = desk.sender.reply(CHANNEL, ts, REVIEWER, "Warmer", event_id="Ev0TWICE")
        retry = second.event({"type": "message", "channel": CHANNEL, "user": REVIEWER,
                              "text": "Warmer", "ts": reply_ts, "thread_ts": ts},
                             event_id="Ev0TWICE", retry_num=1)
    finally:
        second.close()
        server.stop()
    assert (answer.status, retry.status) == (200, 200)
    assert len(_spooled(slack_settings)) == 2
    desk.settle()
    assert len(_held()) == 1
    assert [c.body for c in desk.comments(asset_id)] == ["Warmer"]


def test_a_failure_while_applying_is_retried_and_applied_once(desk, posted, slack):
    asset_id, ts = posted
    slack.rate_limit("users.info", times=1, retry_after=20)  # naming the unlinked author
    desk.sender.reply(CHANNEL, ts, UNLINKED, "Too dark")
    desk.settle()
    held, = _held()
    assert held.delivered_at is None and "rate-limited users.info" in held.last_error
    assert 18 < (held.next_attempt_at - utcnow()).total_seconds() <= 20
    assert desk.comments(asset_id) == []

    OutboxMessage.update(next_attempt_at=utcnow()).execute()
    desk.settle()
    assert [c.body for c in desk.comments(asset_id)] == ["Too dark"]
    assert len(slack.ephemerals_to(UNLINKED)) == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_front_runs_in_its_own_process_and_wakes_the_dispatcher(desk, posted, env, slack):
    asset_id, ts = posted
    port = _free_port()
    settings = load_settings({**env, "SLACK_BOT_TOKEN": slack.token, "SLACK_SIGNING_SECRET": SECRET,
                              "PROOFDESK_SLACK_API_URL": slack.api_url,
                              "PROOFDESK_HTTP_LISTEN": f"127.0.0.1:{port}"})
    woken = threading.Event()
    stop = start_slack(settings, woken.set)
    sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET, slack)
    try:
        assert sender.click(CHANNEL, ts, REVIEWER, "approve").status == 200
        assert woken.wait(10)
        desk.deliver()
        assert desk.decision(asset_id)["verdict"] == "approved"
    finally:
        sender.close()
        stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1)


def test_a_front_that_dies_is_started_again(env, slack, studio):
    port = _free_port()
    settings = load_settings({**env, "SLACK_BOT_TOKEN": slack.token, "SLACK_SIGNING_SECRET": SECRET,
                              "PROOFDESK_SLACK_API_URL": slack.api_url,
                              "PROOFDESK_HTTP_LISTEN": f"127.0.0.1:{port}"})
    stop = start_slack(settings, lambda: None)
    try:
        pids = _children()
        assert pids
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        _wait(lambda: _children() - pids)
        _wait(lambda: _answers(f"http://127.0.0.1:{port}/slack/events", slack))
    finally:
        stop()


def _children() -> set[int]:
    import multiprocessing

    return {child.pid for child in multiprocessing.active_children()}


def _answers(url: str, slack) -> bool:
    sender = SlackSender(url, SECRET, slack)
    try:
        return sender.command(REVIEWER, "help").status == 200
    except OSError:
        return False
    finally:
        sender.close()


def test_status_counts_requests_spooled_while_serve_is_down(cli, env, slack_settings):
    import json

    slack_spool(slack_settings).hold(Held(HELD, {"job": "approve"}, "slack:Ev9"))
    code, out, _ = cli("status", "--json")
    assert code == 0 and json.loads(out)["slack_spooled"] == 1
    assert "1 Slack request(s) spooled for serve" in cli("status")[1]


def test_a_click_that_cannot_be_stored_is_not_acknowledged(desk, posted, monkeypatch):
    """Slack shows the person an error (and resends events) rather than losing the click."""
    from core.services.inbox import Spool

    def disk_full(self, held):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Spool, "hold", disk_full)
    asset_id, ts = posted
    assert desk.sender.click(CHANNEL, ts, REVIEWER, "approve").status == 500
    desk.settle()
    assert desk.decision(asset_id) is None


def test_a_taken_port_is_one_clear_error(env, slack, studio):
    from core.errors import ProofdeskError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = load_settings({**env, "SLACK_BOT_TOKEN": slack.token,
                                  "SLACK_SIGNING_SECRET": SECRET,
                                  "PROOFDESK_SLACK_API_URL": slack.api_url,
                                  "PROOFDESK_HTTP_LISTEN": f"127.0.0.1:{port}"})
        with pytest.raises(ProofdeskError, match="the Slack bot could not start: .*in use"):
            start_slack(settings, lambda: None)
