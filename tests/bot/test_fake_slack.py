"""The fake answers like Slack, so a test passing against it means something."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


@pytest.fixture
def client(slack):
    return WebClient(token=slack.token, base_url=slack.api_url)


@pytest.mark.parametrize(("method", "args", "error"), [
    ("chat.postMessage", {"text": "hi"}, "channel_not_found"),
    ("chat.postMessage", {"channel": "C1"}, "no_text"),
    ("chat.update", {"channel": "C1", "ts": "1.2", "text": "x"}, "message_not_found"),
    ("chat.postEphemeral", {"channel": "C1", "text": "x"}, "user_not_found"),
    ("views.open", {"view": {"type": "modal"}}, "invalid_arguments"),
    ("views.open", {"trigger_id": "made-up", "view": {"type": "modal"}}, "invalid_trigger_id"),
    ("users.info", {"user": "U0NOBODY"}, "user_not_found"),
])
def test_missing_or_bad_arguments_are_refused_like_slack(client, method, args, error):
    with pytest.raises(SlackApiError) as caught:
        client.api_call(method, json=args)
    assert caught.value.response["ok"] is False
    assert caught.value.response["error"] == error


def test_a_wrong_token_is_invalid_auth(slack):
    with pytest.raises(SlackApiError, match="invalid_auth"):
        WebClient(token="xoxb-wrong", base_url=slack.api_url).auth_test()


def test_rate_limited_calls_answer_429_with_retry_after(slack, client):
    slack.rate_limit("chat.postMessage", times=1, retry_after=7)
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C1", text="hi")
    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["Retry-After"] == "7"
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]


def test_files_upload_v2_speaks_the_three_step_protocol(slack, client):
    posted = client.chat_postMessage(channel="C1", text="card")
    client.files_upload_v2(channel="C1", thread_ts=posted["ts"], content=b"\xff\xd8jpeg",
                           filename="a.jpg", initial_comment="v1")
    assert [c.method for c in slack.calls][-2:] == ["files.getUploadURLExternal",
                                                    "files.completeUploadExternal"]
    shared, = slack.thread("C1", posted["ts"])
    assert shared["text"] == "v1"
    assert slack.files[shared["files"][0]["id"]]["data"] == b"\xff\xd8jpeg"


def test_an_expired_trigger_is_refused(slack, client, monkeypatch):
    import tests.fakes.slack_api as fake_module

    trigger = slack.trigger()
    monkeypatch.setattr(fake_module, "TRIGGER_LIFETIME", -1)
    with pytest.raises(SlackApiError, match="expired_trigger_id"):
        client.views_open(trigger_id=trigger, view={"type": "modal", "blocks": []})
