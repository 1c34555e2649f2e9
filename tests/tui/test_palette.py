"""Discoverability: the command palette offers every action and `asset N`; `?` lists the keys."""

from __future__ import annotations

from tests.tui.conftest import SIZE, settle
from tui.commands import DeskCommands


async def test_the_palette_lists_screen_actions_and_opens_an_asset(lib):
    app = lib.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_asset(lib.front)
        await settle(pilot)
        provider = DeskCommands(app.screen)
        labels = {label for label, _, _ in provider.commands()}
        assert {"Comment", "Approve", "Request changes", "Go to People"} <= labels
        hits = [hit async for hit in provider.search("asset 3")]
        assert hits[0].text == "Open asset 3"
        await pilot.press("colon", *"asset 3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.asset_id == 3


async def test_question_mark_shows_the_keys_of_the_screen(lib):
    app = lib.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        keys = app.screen.query_one("DataTable")
        described = {keys.get_row_at(i)[1] for i in range(keys.row_count)}
        assert {"Search", "Failing", "Library", "Help"} <= described
        await pilot.press("escape")
        assert type(app.screen).__name__ == "LibraryScreen"
