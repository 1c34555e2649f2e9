"""The Bolt app of the review desk: listeners for events, buttons, the modal and the command."""

from __future__ import annotations

from concurrent.futures import Executor

from slack_bolt import App
from slack_sdk import WebClient

from core.context import Core

from . import actions, commands, events, home, orders
from .dedupe import RecentEvents, skip_retried_events


def build_app(core: Core, client: WebClient, signing_secret: str,
              executor: Executor | None = None) -> App:
    """The app acknowledges in its ack functions and works in lazy listeners on `executor`."""
    app = App(client=client, signing_secret=signing_secret, process_before_response=True,
              listener_executor=executor)
    app.middleware(skip_retried_events(RecentEvents()))
    events.register(app, core.blobs)
    actions.register(app)
    form = orders.OrderForm(core)
    commands.register(app, form)
    orders.register(app, form)
    home.register(app)
    return app
