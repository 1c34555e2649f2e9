"""Asset: comment, approve, request changes, archive, diff, paths; only what the role allows."""

from __future__ import annotations

from core.actors import SYSTEM
from core.services import library
from tests.tui.conftest import SIZE, notes, settle


async def open_asset(app, pilot, asset_id: int):
    await settle(pilot)
    app.open_asset(asset_id)
    await settle(pilot)
    return app.screen


def shown_keys(screen) -> set[str]:
    return {active.binding.action for active in screen.active_bindings.values()
            if active.enabled}


async def test_comment_then_approve_changes_the_asset_in_core(lib):
    app = lib.app("reviewer")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_asset(app, pilot, lib.front)
        await pilot.press("c", *"Looks good now", "enter")
        await settle(pilot)
        assert "comment added" in notes(app)
        await pilot.press("a", "y")
        await settle(pilot)
        detail = library.show_asset(SYSTEM, lib.front)
        assert [(c.body, c.source) for c in detail.comments][-1] == ("Looks good now", "tui")
        assert detail.asset.status == "approved"
        assert detail.versions[-1].decision["source"] == "tui"
        assert "approved" in str(screen.query_one("#title").render())
        assert "approve" not in shown_keys(screen)  # nothing open to decide on any more


async def test_request_changes_needs_a_reason(lib):
    app = lib.app("reviewer")
    async with app.run_test(size=SIZE) as pilot:
        await open_asset(app, pilot, lib.back)
        await pilot.press("x", "enter")  # empty reason: the form stays
        await pilot.press(*"Crop tighter", "enter")
        await settle(pilot)
        detail = library.show_asset(SYSTEM, lib.back)
        assert detail.asset.status == "changes_requested"
        assert detail.versions[-1].decision["reason"] == "Crop tighter"


async def test_a_refusal_is_a_notification_not_a_crash(lib):
    app = lib.app("admin")
    async with app.run_test(size=SIZE) as pilot:
        await open_asset(app, pilot, lib.clock)
        library_decide_elsewhere(lib)
        await pilot.press("a", "y")  # the screen still thinks v1 is open
        await settle(pilot)
        assert any("already approved" in n for n in notes(app))
        assert app.is_running


def library_decide_elsewhere(lib) -> None:
    from core.services import review

    review.decide(lib.studio.actors["reviewer"], lib.clock, 1, "approved", "slack")


async def test_archive_and_restore(lib):
    app = lib.app("producer")
    async with app.run_test(size=SIZE) as pilot:
        await open_asset(app, pilot, lib.back)
        await pilot.press("z")
        await settle(pilot)
        assert library.show_asset(SYSTEM, lib.back).asset.state == "archived"
        await pilot.press("z")
        await settle(pilot)
        assert library.show_asset(SYSTEM, lib.back).asset.state == "active"


async def test_preview_diff_and_file_path(lib):
    app = lib.app("admin")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_asset(app, pilot, lib.front)
        assert screen.query_one("#preview").image is not None
        assert str(screen.query_one("#caption").render()) == "v2"
        await pilot.press("d")
        await settle(pilot)
        assert str(screen.query_one("#caption").render()) == "diff v1→v2"
        await pilot.press("o")
        master = screen.version.master_sha256
        assert str(lib.studio.core.blobs.path(master)) in notes(app)


async def test_rerender_replaces_the_renditions(lib):
    app = lib.app("retoucher")
    async with app.run_test(size=SIZE) as pilot:
        await open_asset(app, pilot, lib.clock)
        await pilot.press("R")
        await settle(pilot)
        assert "renditions rendered again" in notes(app)


async def test_actions_follow_the_role(lib):
    app = lib.app("retoucher")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_asset(app, pilot, lib.front)
        actions = shown_keys(screen)
        assert {"comment", "rerender"} <= actions
        assert not {"approve", "request_changes", "archive"} & actions
