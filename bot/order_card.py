"""A submitted order as a summary card: who asked for what by when, and its coverage matrix.

The matrix is a monospace table (SKU × angle rows, one column per channel) inside one
section; Block Kit caps a section's text at 3,000 characters, so a large brief is cut at
a whole line and says how many lines were left out.
"""

from __future__ import annotations

from core.services.orders import CoverageRow, OrderDetail

TEXT_LIMIT = 3000
HEADER_LIMIT = 150
NOTES_LIMIT = 1000
PRODUCT_WIDTH = 20
CELL_WORDS = {"missing": "to do", "in_review": "review", "changes_requested": "changes",
              "approved": "ok", "non_compliant": "fails", "-": "·"}
LEGEND = "_to do_: not shot yet · _·_: not ordered for that channel"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def matrix_lines(channels: list[str], rows: list[CoverageRow]) -> list[str]:
    """Header line first, then one aligned line per SKU and angle."""
    table = [["SKU", "Product", "Angle", *channels]]
    for row in rows:
        table.append([row.sku, _clip(row.product, PRODUCT_WIDTH), row.angle,
                      *(CELL_WORDS.get(row.cells.get(c, "-"), row.cells.get(c, "-"))
                        for c in channels)])
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
            for line in table]


def matrix_text(channels: list[str], rows: list[CoverageRow], limit: int = TEXT_LIMIT) -> str:
    """The table in a code block, cut at a whole line to fit `limit`."""
    header, *body = matrix_lines(channels, rows)
    fence = "```"
    whole = f"{fence}\n" + "\n".join([header, *body]) + f"\n{fence}"
    if len(whole) <= limit:
        return whole
    reserve = len(f"\n…and {len(body)} more lines")
    used, shown = len(whole) - sum(len(line) + 1 for line in body), 0
    while shown < len(body) and used + len(body[shown]) + 1 + reserve <= limit:
        used += len(body[shown]) + 1
        shown += 1
    more = len(body) - shown
    return (f"{fence}\n" + "\n".join([header, *body[:shown]]) + f"\n{fence}"
            f"\n…and {more} more line{'s' if more != 1 else ''}")


def order_text(detail: OrderDetail, brand_name: str, submitter: str) -> str:
    order = detail.order
    due = f"due {order.deadline}" if order.deadline else "no deadline"
    return (f"Order {order.id} for {brand_name} from {submitter}: {order.title} "
            f"({order.lines} line(s), {due})")


def order_blocks(detail: OrderDetail, brand_name: str, submitter: str) -> list[dict]:
    order = detail.order
    fields = [("Brand", brand_name), ("Deadline", order.deadline or "none"),
              ("Submitted by", submitter), ("Status", order.status.replace("_", " "))]
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "emoji": True,
                                    "text": _clip(f"Order {order.id}: {order.title}",
                                                  HEADER_LIMIT)}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f"*{name}*\n{value}"}
                                       for name, value in fields]}]
    if detail.notes.strip():
        blocks.append({"type": "section", "text": {
            "type": "mrkdwn", "text": "*Notes*\n" + _clip(detail.notes.strip(), NOTES_LIMIT)}})
    links = [g for g in detail.guidelines.splitlines() if g.strip()]
    if links:
        blocks.append({"type": "section", "text": {
            "type": "mrkdwn", "text": _clip("*Guidelines*\n" + "\n".join(links), NOTES_LIMIT)}})
    blocks.append({"type": "section", "text": {
        "type": "mrkdwn", "text": matrix_text(detail.channels, detail.rows)}})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": LEGEND}]})
    return blocks
