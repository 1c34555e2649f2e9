"""Only Slack may talk to the bot; the wiring of settings, serve and the manifest."""

from __future__ import annotations

import argparse
import socket
import time

import pytest

from config.settings import load_settings
from config.slack import manifest, register, slack_configured, start_slack
from core.errors import InvalidInput
from tests.bot.conftest import SECRET, SLACK_IDS
from tests.fakes.slack_signing import SlackSender


def test_a_bad_signature_or_an_old_timestamp_is_rejected(desk):
    body = "command=/proofdesk&text=help&user_id=U0REV"
    form = "application/x-www-form-urlencoded"
    assert desk.sender.send(body, form, secret="not-the-secret").status == 401
    assert desk.sender.send(body, form, timestamp=int(time.time()) - 6 * 60).status == 401
    desk.settle()
    assert desk.slack.responses == {}


def test_url_verification_answers_the_challenge(desk):
    answer = desk.sender.send('{"type": "url_verification", "challenge": "c-42"}',
                              "application/json")
    assert answer.status == 200 and answer.json() == {"challenge": "c-42"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_start_slack_serves_http_mode_until_stopped(core, env, slack, capsys):
    port = _free_port()
    settings = load_settings({**env, "SLACK_BOT_TOKEN": slack.token, "SLACK_SIGNING_SECRET": SECRET,
                              "PROOFDESK_SLACK_API_URL": slack.api_url,
                              "PROOFDESK_HTTP_LISTEN": f"127.0.0.1:{port}"})
    assert slack_configured(settings)
    stop = start_slack(settings, lambda: None)
    assert f"HTTP mode at http://127.0.0.1:{port}/slack/events" in capsys.readouterr().out
    sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET, slack)
    assert sender.command(SLACK_IDS["reviewer"], "help").status == 200
    sender.close()
    stop()  # waits for the acknowledged work
    assert "*/proofdesk pending*" in str(slack.responses[f"command-{SLACK_IDS['reviewer']}"])
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1)


def test_slack_is_off_without_both_token_and_secret(env):
    assert not slack_configured(load_settings({**env, "SLACK_BOT_TOKEN": "xoxb-1"}))


def _run_manifest(capsys, *args: str) -> str:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    parsed = parser.parse_args(["slack", "manifest", *args])
    parsed.func(None, parsed)
    return capsys.readouterr().out


def test_manifest_is_socket_mode_by_default(capsys):
    text = _run_manifest(capsys)
    assert "socket_mode_enabled: true" in text and "\n    request_url:" not in text
    for needed in ("- message.channels", "- message.groups", "- app_home_opened",
                   "command: /proofdesk", "- chat:write", "- files:write", "- files:read",
                   "- channels:history", "- groups:history", "- users:read", "- commands",
                   "is_enabled: true", "home_tab_enabled: true"):
        assert needed in text


def test_manifest_with_a_request_url_is_http_mode_everywhere(capsys):
    text = _run_manifest(capsys, "--request-url", "https://desk.example.com")
    assert "socket_mode_enabled: false" in text
    assert text.count("request_url: https://desk.example.com/slack/events") == 2
    assert "      url: https://desk.example.com/slack/events" in text
    assert "REQUEST_URL" not in text


def test_manifest_refuses_a_plain_http_url():
    with pytest.raises(InvalidInput, match="must be https"):
        manifest("http://desk.example.com/slack/events")
