"""`proofdesk slack setup`: the Slack app created or updated from the manifest in one step.

Slack's manifest API takes an app configuration token (xoxe-…, from api.slack.com/apps),
not the bot token. The first run creates the app and keeps its id and the credentials
Slack returns only then in HOME/slack-app.json (mode 0600); later runs update that same
app, so changing the manifest never leaves a second Proofdesk app in the workspace.
Nothing here prints a secret: the credentials stay in that file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from core.errors import InvalidInput

STATE_FILE = "slack-app.json"
INSTALL_URL = "https://api.slack.com/apps/{app_id}/install-on-team"
APPS_URL = "https://api.slack.com/apps"
TOKEN_HELP = (f"make an app configuration token at {APPS_URL} (Your App Configuration "
              "Tokens → Generate Token); it lasts 12 hours")


@dataclass(frozen=True)
class AppSetup:
    app_id: str
    created: bool
    install_url: str
    state_path: Path


def parse_manifest(text: str) -> dict:
    """The YAML manifest as the JSON object Slack's API takes."""
    try:
        import yaml  # only this command needs it
    except ImportError:
        raise InvalidInput("`slack setup` reads the YAML manifest with PyYAML: "
                           "pip install pyyaml") from None

    try:
        manifest = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise InvalidInput(f"the Slack manifest is not valid YAML: {err}") from None
    if not isinstance(manifest, dict):
        raise InvalidInput("the Slack manifest must be a mapping (display_information, …)")
    return manifest


def _refusal(method: str, err: SlackApiError) -> InvalidInput:
    """Slack's answer as one message that says what to do."""
    data = err.response.data if isinstance(err.response.data, dict) else {}
    error = data.get("error", "unknown_error")
    if error == "invalid_manifest":
        problems = [f"  {e.get('pointer', '/')}: {e.get('message', '')}"
                    for e in data.get("errors", [])]
        return InvalidInput("Slack found problems in the manifest "
                            "(config/slack-manifest.yaml):\n" + "\n".join(problems))
    if error in ("invalid_auth", "not_authed", "token_expired", "not_allowed_token_type"):
        return InvalidInput(f"Slack refused the configuration token ({error}): {TOKEN_HELP}")
    if error == "app_not_found":
        return InvalidInput("the app in slack-app.json no longer exists in Slack: delete that "
                            "file to create a new app")
    return InvalidInput(f"Slack answered {method} with {error}")


def _call(method: str, call: Callable[[], SlackResponse]) -> dict:
    try:
        return call().data
    except SlackApiError as err:
        raise _refusal(method, err) from None


def load_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except ValueError:
        raise InvalidInput(f"{path} is not valid JSON: fix or delete it") from None


def save_state(path: Path, state: dict) -> None:
    """Write the app's id and credentials readable by the owner alone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(state, out, indent=2)
    os.chmod(path, 0o600)  # an older file may have been wider


def setup_app(client: WebClient, manifest: dict, home: Path) -> AppSetup:
    """Validate, then create the app the first time or update the one created before."""
    path = home / STATE_FILE
    state = load_state(path)
    app_id = state.get("app_id")
    _call("apps.manifest.validate",
          lambda: client.apps_manifest_validate(manifest=manifest, app_id=app_id))
    if app_id:
        _call("apps.manifest.update",
              lambda: client.apps_manifest_update(app_id=app_id, manifest=manifest))
    else:
        answer = _call("apps.manifest.create", lambda: client.apps_manifest_create(
            manifest=manifest))
        state = {"app_id": answer["app_id"], "credentials": answer.get("credentials", {}),
                 "oauth_authorize_url": answer.get("oauth_authorize_url")}
        save_state(path, state)
    install = state.get("oauth_authorize_url") or INSTALL_URL.format(app_id=state["app_id"])
    return AppSetup(state["app_id"], app_id is None, install, path)


def _token_steps(http_mode: bool, kept_in: Path | None = None) -> list[str]:
    also = f" (also kept in {kept_in} as signing_secret)" if kept_in else ""
    steps = ["Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into "
             "SLACK_BOT_TOKEN.",
             "Set SLACK_SIGNING_SECRET to the Signing Secret under Basic Information → App "
             f"Credentials{also}."]
    if http_mode:
        steps.append("Slack sends events to the request URL: run `proofdesk serve` where that "
                     "URL reaches PROOFDESK_HTTP_LISTEN (default 127.0.0.1:3000).")
    else:
        steps.append("Socket Mode: under Basic Information → App-Level Tokens, generate a "
                     "token with connections:write and set SLACK_APP_TOKEN (xapp-…).")
    steps.append("Run `proofdesk serve`, invite the bot to each brand's review channel and "
                 "set it with `proofdesk brands update SLUG --slack-channel C…`.")
    return steps


def _numbered(steps: list[str]) -> str:
    return "\n".join(f"  {n}. {step}" for n, step in enumerate(steps, start=1))


def report(result: AppSetup, http_mode: bool) -> str:
    """What was done and what is left to do, with no secret in it."""
    done = "Created" if result.created else "Updated"
    steps = [f"Install it to your workspace: {result.install_url}",
             *_token_steps(http_mode, result.state_path)]
    return (f"{done} Slack app {result.app_id} from config/slack-manifest.yaml.\n"
            f"Its id and credentials are kept in {result.state_path} (readable by you only).\n"
            f"Next:\n{_numbered(steps)}\n")


def manual_steps(http_mode: bool) -> str:
    """Without a configuration token: how to create the app by hand from the manifest."""
    steps = [f"At {APPS_URL}: Create New App → From a manifest, pick the workspace and paste "
             "the manifest above.",
             "Install it to your workspace (Install App).", *_token_steps(http_mode)]
    return (f"\nNo configuration token given, so nothing was sent to Slack. To set the app up "
            f"by hand:\n{_numbered(steps)}\nOr let Proofdesk do it: {TOKEN_HELP}, then run "
            "`proofdesk slack setup --config-token xoxe-…`.\n")
