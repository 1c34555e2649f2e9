"""A ledger of things that must happen at most once per recipient and period.

Digests, reminders and one-time notices claim a row here in the transaction that
queues them; a second claim for the same (kind, recipient, period) is refused.
"""

from __future__ import annotations

from ..db import write_transaction
from ..models import DigestRun


def claim(kind: str, recipient: str, period_key: str) -> bool:
    """True the first time for this (kind, recipient, period); False ever after."""
    with write_transaction():
        return (DigestRun.insert(kind=kind, recipient=recipient, period_key=period_key)
                .on_conflict_ignore().as_rowcount().execute()) == 1
