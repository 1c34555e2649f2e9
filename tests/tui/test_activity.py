"""Activity: the audit log newest first, filtered by action, with the chain's verdict."""

from __future__ import annotations

from tests.tui.conftest import SIZE, settle


async def test_the_audit_log_filters_and_the_chain_verifies(lib):
    app = lib.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert "hash chain intact" in str(app.screen.query_one("#chain").render())
        table = app.screen.query_one("#events")
        actions = [table.get_row_at(i)[3] for i in range(table.row_count)]
        assert actions[0] == "comment.added" and "version.ingested" in actions
        await pilot.press("slash", *"version.", "enter")
        await settle(pilot)
        actions = {table.get_row_at(i)[3] for i in range(table.row_count)}
        assert actions == {"version.ingested"}
