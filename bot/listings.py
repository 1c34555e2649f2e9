"""Assets and orders as short mrkdwn lines, for slash command answers and the Home tab."""

from __future__ import annotations

from core.services.library import AssetRow
from core.services.orders import OrderView

from .cards import STATUS_WORDS

MAX_LINES = 20  # a Block Kit text holds 3,000 characters; keep answers readable anyway


def asset_line(row: AssetRow) -> str:
    status = STATUS_WORDS.get(row.status, row.status)
    return f"*{row.sku}* {row.product} · {row.angle} — v{row.version} {status} (asset {row.id})"


def pending_line(row: AssetRow) -> str:
    due = f"due {row.deadline}" if row.deadline else "no deadline"
    return f"{asset_line(row)} · {due} · waiting since {row.waiting_since[:10]}"


def order_line(order: OrderView) -> str:
    due = f"due {order.deadline}" if order.deadline else "no deadline"
    return (f"*{order.title}* ({order.brand}, order {order.id}) · {due} · "
            f"{order.approved}/{order.lines} approved")


def section(lines: list[str], empty: str, more: str = "") -> dict:
    text = "\n".join(lines[:MAX_LINES]) if lines else empty
    if len(lines) > MAX_LINES or more:
        text += f"\n_{more or f'and {len(lines) - MAX_LINES} more'}_"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}
