"""The Bolt app of the review desk, and the jobs that apply the requests it holds.

The app answers Slack: requests that change the library (decisions, thread replies) are
held and applied later by `serve` through `jobs` (bot/held.py); reads and what must
happen within Slack's three seconds (opening a modal, a command's answer, the Home tab)
run in lazy listeners on `executor`.
"""

from __future__ import annotations

from concurrent.futures import Executor

from slack_bolt import App
from slack_sdk import WebClient

from core.blobs import BlobStore
from core.context import Core

from . import actions, commands, events, home, orders
from .held import Job, RequestHolder


def build_app(core: Core, client: WebClient, signing_secret: str, holder: RequestHolder,
              executor: Executor | None = None) -> App:
    """The app acknowledges in its ack functions, holding requests that change the library
    in `holder`, and works in lazy listeners on `executor`."""
    app = App(client=client, signing_secret=signing_secret, process_before_response=True,
              listener_executor=executor)
    events.register(app, holder)
    actions.register(app, holder)
    form = orders.OrderForm(core)
    commands.register(app, form)
    orders.register(app, form)
    home.register(app)
    return app


def jobs(blobs: BlobStore) -> dict[str, Job]:
    """What applies each kind of held request."""
    return actions.JOBS | events.jobs(blobs)
