"""People: add a user with a role, change them, revoke a role, deactivate."""

from __future__ import annotations

from core.actors import SYSTEM
from core.services import people
from tests.tui.conftest import SIZE, desk, settle


async def open_people(app, pilot):
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    return app.screen.query_one("#users")


def select(app, email: str) -> None:
    table = app.screen.query_one("#users")
    table.move_cursor(row=table.get_row_index(email))


async def test_add_a_reviewer_then_deactivate_them(studio):
    app = desk(studio)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_people(app, pilot)
        before = table.row_count
        await pilot.press("n")
        form = app.screen
        form.query_one("#f-email").value = "new@acme.test"
        form.query_one("#f-name").value = "Nora New"
        form.query_one("#f-role").value = "reviewer"
        form.query_one("#f-brand").value = "acme"
        form.query_one("#f-slack").value = "U0NEW"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert table.row_count == before + 1
        [user] = [u for u in people.list_users(SYSTEM) if u.email == "new@acme.test"]
        assert user.roles == ["reviewer@acme"] and user.slack_user_id == "U0NEW"
        select(app, "new@acme.test")
        await pilot.press("D", "y")
        await settle(pilot)
        assert not people.user_roles(SYSTEM, "new@acme.test").active


async def test_edit_adds_an_address_and_revoke_drops_a_role(studio):
    app = desk(studio)
    async with app.run_test(size=SIZE) as pilot:
        await open_people(app, pilot)
        select(app, "rev@acme.test")
        await pilot.press("e")
        app.screen.query_one("#f-address").value = "rev@home.test"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert people.user_roles(SYSTEM, "rev@acme.test").addresses == ["rev@home.test"]
        select(app, "rev@acme.test")
        await pilot.press("v")
        app.screen.query_one("#f-role").value = "reviewer@acme"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert people.user_roles(SYSTEM, "rev@acme.test").roles == []


async def test_people_is_not_offered_without_the_right(studio):
    app = desk(studio, "producer")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert type(app.screen).__name__ == "LibraryScreen"
