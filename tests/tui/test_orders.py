"""Orders: progress, the coverage matrix coloured by status, invoices for those who may see them."""

from __future__ import annotations

import io

from PIL import Image

from core.actors import SYSTEM
from core.services import invoices, orders, review
from tests.tui.conftest import SIZE, desk, settle
from tui.format import STYLES

BRIEF = """
title = "Matrix"
angles = ["front"]
channels = ["amazon", "instagram"]
""" + "".join(f'[[products]]\nsku = "MX-{n}"\nname = "Item {n}"\n' for n in range(1, 6))


def grey_master() -> bytes:
    """A master on a grey sweep: Amazon's white-background rule fails (hard), Instagram passes."""
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (128, 128, 128)).save(out, "JPEG")
    return out.getvalue()


def prepare(studio) -> int:
    brief = studio.folder.parent / "matrix.toml"
    brief.write_text(BRIEF)
    studio.order_id = orders.create_order(studio.core, SYSTEM, "acme", brief).order.id
    reviewer = studio.actors["reviewer"]
    ids = {}
    for n, seed in ((1, 1), (2, 2), (3, 3)):
        ids[n] = studio.ingest(studio.master(f"MX-{n}", "front", seed=seed))[0].asset_id
    (studio.folder / "MX-4_2025-10_front_master.jpg").write_bytes(grey_master())
    studio.ingest(studio.folder / "MX-4_2025-10_front_master.jpg")
    review.decide(reviewer, ids[1], 1, "approved", "cli")
    review.decide(reviewer, ids[2], 1, "changes_requested", "cli", "too dark")
    return studio.order_id  # MX-3 in review, MX-4 non-compliant on amazon, MX-5 missing


def matrix(screen) -> dict[str, tuple[tuple[str, str], ...]]:
    table = screen.query_one("#coverage")
    rows = {}
    for i in range(table.row_count):
        sku, _, _, _, *cells = table.get_row_at(i)
        rows[sku] = tuple((cell.plain.lstrip("■ "), str(cell.spans[0].style)) for cell in cells)
    return rows


async def test_the_coverage_matrix_colours_each_cell_by_status(studio):
    order_id = prepare(studio)
    app = desk(studio, "producer")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one("#orders")
        assert table.get_row_at(1)[2] == "Matrix" and table.get_row_at(1)[5].plain.endswith("1/5")
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen.order_id == order_id
        green, yellow = STYLES["approved"], STYLES["in_review"]
        assert matrix(app.screen) == {
            "MX-1": (("approved", green), ("approved", green)),
            "MX-2": (("changes", STYLES["changes_requested"]),) * 2,
            "MX-3": (("review", yellow), ("review", yellow)),
            "MX-4": (("non-compliant", STYLES["non_compliant"]), ("review", yellow)),
            "MX-5": (("missing", STYLES["missing"]),) * 2,
        }
        await pilot.press("down", "enter")  # MX-2 -> its asset
        await settle(pilot)
        assert app.screen.asset_id and "MX-2" in str(app.screen.query_one("#title").render())


async def test_invoices_show_only_for_finance(studio):
    invoices.add_invoice(SYSTEM, studio.order_id, "INV-7", "1250.00", issued_on="2026-11-01")
    for who, visible in (("finance", True), ("reviewer", False)):
        app = desk(studio, who)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            bills = app.screen.query_one("#invoices")
            assert bills.display is visible
            assert bills.row_count == (1 if visible else 0)


async def test_a_submitted_order_is_queried_then_accepted_from_the_desk(studio):
    from core.models import OutboxMessage
    from core.services.people import actor_for_email

    brief = {"products": [{"sku": "AC-100", "angles": ["side"], "channels": ["amazon"]}]}
    submitted = orders.submit_order(studio.core, actor_for_email("rev@acme.test"), "acme", brief,
                                    {"via": "email", "address": "rev@acme.test"}).order
    app = desk(studio, "producer")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.query_one("#orders")
        row = next(i for i in range(table.row_count) if table.get_row_at(i)[0] == str(submitted.id))
        table.move_cursor(row=row)
        await pilot.press("k")
        await settle(pilot)
        await pilot.press(*"White or grey sweep?", "enter")
        await settle(pilot)
        table.move_cursor(row=row)  # the table reloaded after the write
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert orders.show_order(SYSTEM, submitted.id).order.status == "open"
    bodies = [m.payload["body"] for m in OutboxMessage.select().where(
        OutboxMessage.kind == "email.notice").order_by(OutboxMessage.id)]
    assert any("White or grey sweep?" in b for b in bodies) and "was accepted" in bodies[-1]
