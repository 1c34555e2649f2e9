"""Wiring the Slack bot from the settings: Web API client, deliverers, the running app.

`proofdesk serve` calls `slack_configured`, `slack_deliverers` and `start_slack`; the
`proofdesk slack manifest` command prints the app manifest to paste into Slack, and
`proofdesk slack setup` creates or updates the app from it through Slack's manifest API. Slack's
libraries are imported inside the functions that need them: every `proofdesk` command
imports this module, and Bolt alone would add a tenth of a second to each.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from core.context import Core
from core.errors import InvalidInput
from core.services.inbox import Spool

from .commands import command, group
from .dispatch import Deliverer
from .settings import CONFIG_DIR, Settings

if TYPE_CHECKING:
    from slack_bolt import App
    from slack_sdk import WebClient

MANIFEST = CONFIG_DIR / "slack-manifest.yaml"


def slack_configured(settings: Settings) -> bool:
    return bool(settings["slack_bot_token"] and settings["slack_signing_secret"])


def slack_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client for `slack_api_url` (the tests point it at a local fake).

    The bot token unless another is given (the manifest API takes a configuration token).
    """
    from slack_sdk import WebClient

    base_url = settings["slack_api_url"]
    return WebClient(token=token or settings["slack_bot_token"],
                     base_url=base_url if base_url.endswith("/") else base_url + "/")


def slack_spool(settings: Settings) -> Spool:
    """Where the Slack front holds requests until serve applies them (core.services.inbox)."""
    return Spool(settings.home / "inbox" / "slack")


def slack_deliverers(core: Core, settings: Settings) -> dict[str, Deliverer]:
    """Deliverers for the slack.* outbox kinds, held Slack requests included."""
    from bot.app import jobs
    from bot.deliver import SlackDelivery
    from bot.digest import SlackDigests
    from bot.held import HeldRequests
    from bot.order_delivery import OrderDelivery

    client = slack_client(settings)
    return (SlackDelivery(core.blobs, client).deliverers() | SlackDigests(client).deliverers()
            | OrderDelivery(client).deliverers()
            | HeldRequests(client, jobs(core.blobs)).deliverers())


def _listen_address(settings: Settings) -> tuple[str, int]:
    host, _, port = settings["http_listen"].rpartition(":")
    if not host or not port.isdigit():
        raise InvalidInput(f"http_listen {settings['http_listen']!r} is not HOST:PORT")
    return host, int(port)


def listen(app: App, settings: Settings) -> tuple[Callable[[], None], str]:
    """Answer Slack with `app`: Socket Mode when `slack_app_token` is set, else HTTP mode on
    `http_listen` at /slack/events. Returns the function that stops it, and what runs where."""
    from bot.http import SlackHTTPServer

    if settings["slack_app_token"]:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        handler = SocketModeHandler(app, settings["slack_app_token"])
        handler.connect()
        return handler.close, "Socket Mode"
    server = SlackHTTPServer(app, *_listen_address(settings)).start()
    return server.stop, f"HTTP mode at {server.url}"


def start_slack(settings: Settings, on_held: Callable[[], None],
                log_format: str = "text") -> Callable[[], None]:
    """Start the bot's front end in its own process and return the function that stops it.

    The front answers Slack and holds what changes the library; `on_held` is called each
    time, so the caller's dispatcher (with `slack_deliverers`) applies it at once.
    Stopping closes the connection or server after the requests it has taken.
    """
    from .slack_front import SlackFront

    front = SlackFront(settings, on_held, log_format)
    print(f"  Slack: {front.start()}", flush=True)
    return front.stop


def manifest(request_url: str | None = None) -> str:
    """The manifest: Socket Mode as written, or HTTP mode with every request URL set."""
    from bot.http import EVENTS_PATH

    text = MANIFEST.read_text(encoding="utf-8")
    if not request_url:
        return text
    parts = urlsplit(request_url)
    if parts.scheme != "https" or not parts.hostname:
        raise InvalidInput(f"request URL {request_url!r} must be https://HOST[/slack/events]")
    url = request_url if parts.path not in ("", "/") else request_url.rstrip("/") + EVENTS_PATH
    text = text.replace("# request_url: REQUEST_URL", f"request_url: {url}")
    text = text.replace("# url: REQUEST_URL", f"url: {url}")
    return text.replace("socket_mode_enabled: true", "socket_mode_enabled: false")


def register(commands) -> None:
    sub = group(commands, "slack", "the Slack bot")
    p = command(sub, "manifest", manifest_cmd,
                "print the Slack app manifest to paste when creating the app")
    p.add_argument("--request-url", metavar="URL",
                   help="HTTP mode: the public https URL of /slack/events (default: Socket Mode)")
    p = command(sub, "setup", setup_cmd,
                "create or update the Slack app from the manifest through Slack's manifest API")
    p.add_argument("--config-token", metavar="xoxe-…",
                   help="an app configuration token from api.slack.com/apps (default: "
                        "$SLACK_CONFIG_TOKEN); without one, print the manual steps")
    p.add_argument("--request-url", metavar="URL",
                   help="HTTP mode: the public https URL of /slack/events (default: Socket Mode)")


def manifest_cmd(ctx, args) -> None:
    print(manifest(args.request_url), end="")


def setup_cmd(ctx, args) -> None:
    """Create or update the app; with no configuration token, say how to do it by hand."""
    from bot import setup

    text, http_mode = manifest(args.request_url), bool(args.request_url)
    token = args.config_token or os.environ.get("SLACK_CONFIG_TOKEN")
    if not token:
        print(text, end="")
        print(setup.manual_steps(http_mode), end="")
        return
    client = slack_client(ctx.settings, token)
    result = setup.setup_app(client, setup.parse_manifest(text), ctx.settings.home)
    print(setup.report(result, http_mode), end="")
