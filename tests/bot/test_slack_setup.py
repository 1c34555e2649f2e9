"""`proofdesk slack setup`: the app created, then updated, through the fake manifest API."""

from __future__ import annotations

import json
import stat

import pytest

from tests.fakes.slack_api import FakeSlack


@pytest.fixture
def manifest_api(monkeypatch):
    with FakeSlack().start() as fake:
        monkeypatch.setenv("PROOFDESK_SLACK_API_URL", fake.api_url)
        monkeypatch.delenv("SLACK_CONFIG_TOKEN", raising=False)
        yield fake


def _state(settings) -> dict:
    return json.loads((settings.home / "slack-app.json").read_text())


def test_setup_creates_the_app_then_updates_the_same_one(manifest_api, cli, settings):
    code, out, err = cli("slack", "setup", "--config-token", manifest_api.config_token)
    assert (code, err) == (0, "")
    app_id, = manifest_api.apps
    assert out.startswith(f"Created Slack app {app_id}")
    assert "https://slack.com/oauth/v2/authorize?client_id=" in out
    for where in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        assert where in out
    path = settings.home / "slack-app.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    state = _state(settings)
    assert state["app_id"] == app_id
    secrets = [v for k, v in state["credentials"].items() if k != "client_id"]
    assert len(secrets) == 3 and not any(s in out + err for s in secrets)
    manifest = manifest_api.apps[app_id]
    assert manifest["display_information"]["name"] == "Proofdesk"
    command, = manifest["features"]["slash_commands"]
    assert "order" in command["description"] and manifest["settings"]["socket_mode_enabled"]

    code, out, _ = cli("slack", "setup", "--config-token", manifest_api.config_token,
                       "--request-url", "https://desk.example.com")
    assert code == 0 and out.startswith(f"Updated Slack app {app_id}")
    assert list(manifest_api.apps) == [app_id]  # no second app
    assert manifest_api.calls_to("apps.manifest.update")[-1]["app_id"] == app_id
    assert manifest_api.apps[app_id]["settings"]["socket_mode_enabled"] is False
    assert "SLACK_APP_TOKEN" not in out and _state(settings) == state


def test_an_invalid_manifest_is_reported_and_nothing_is_created(manifest_api, cli,
                                                                monkeypatch, tmp_path):
    import config.slack

    broken = tmp_path / "manifest.yaml"
    broken.write_text("display_information:\n  description: no name\n")
    monkeypatch.setattr(config.slack, "MANIFEST", broken)
    code, out, err = cli("slack", "setup", "--config-token", manifest_api.config_token)
    assert (code, out) == (2, "")
    assert "Slack found problems in the manifest" in err
    assert "/display_information/name: must have required property 'name'" in err
    assert manifest_api.apps == {} and not manifest_api.calls_to("apps.manifest.create")


def test_a_refused_token_says_how_to_get_one(manifest_api, cli):
    code, _, err = cli("slack", "setup", "--config-token", manifest_api.token)
    assert code == 2
    assert "refused the configuration token (not_allowed_token_type)" in err
    assert "App Configuration Tokens" in err


def test_without_a_token_it_prints_the_manifest_and_the_manual_steps(manifest_api, cli):
    code, out, _ = cli("slack", "setup")
    assert code == 0
    assert out.startswith("# Slack app manifest for Proofdesk")
    assert "No configuration token given, so nothing was sent to Slack" in out
    assert "Create New App → From a manifest" in out and "SLACK_SIGNING_SECRET" in out
    assert manifest_api.calls == []


def test_the_fake_wants_a_manifest_and_the_configuration_token(manifest_api):
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    client = WebClient(token=manifest_api.config_token, base_url=manifest_api.api_url)
    with pytest.raises(SlackApiError) as missing:
        client.api_call("apps.manifest.validate", params={})
    assert missing.value.response["error"] == "invalid_arguments"
    with pytest.raises(SlackApiError) as no_app:
        client.apps_manifest_update(app_id="A0NONE", manifest={"display_information": {
            "name": "X"}})
    assert no_app.value.response["error"] == "app_not_found"
    with pytest.raises(SlackApiError) as wrong:  # the configuration token is no bot token
        client.chat_postMessage(channel="C1", text="hi")
    assert wrong.value.response["error"] == "not_allowed_token_type"
