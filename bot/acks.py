"""Acknowledging Slack at once; reads and modals run afterwards in Bolt's lazy listeners.

Those listeners are registered as `ack=acknowledge, lazy=[work]` on an app built with
`process_before_response=True`: Bolt answers the HTTP request as soon as the ack
function returns and hands the work to its thread pool. (With
`process_before_response=False` Bolt polls for the ack every 10 ms, which puts up to
10 ms on every acknowledgement; see docs/benchmarks.md.) What changes the library is
held instead and applied by `serve` (bot/held.py).
"""

from __future__ import annotations

from slack_bolt import Ack


def acknowledge(ack: Ack) -> None:
    ack()
