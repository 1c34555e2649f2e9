"""Insights screen: the figures of recorded events, for those who may export."""

from __future__ import annotations

from core.services import export, review
from tests.tui.conftest import SIZE, desk, settle


async def test_insights_show_exports_approval_times_and_unused_approved_work(studio, tmp_path):
    [front, back] = studio.ingest(studio.master("AC-100", "front", 1),
                                  studio.master("AC-100", "back", 2))
    for outcome in (front, back):
        review.decide(studio.actors["reviewer"], outcome.asset_id, 1, "approved", "cli")
    export.export_library(studio.core, studio.actors["marketer"], "acme", tmp_path / "x",
                          channel="instagram", allow_noncompliant=True)
    app = desk(studio, "admin")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        exports = screen.query_one("#exports")
        assert [exports.get_row_at(i) for i in range(exports.row_count)] == [["instagram", "2"]]
        brands = screen.query_one("#brands")
        assert brands.get_row_at(0)[0] == "acme" and brands.get_row_at(0)[2] == "2"
        assert "over 2 assets" in str(screen.query_one("#rounds").render())
