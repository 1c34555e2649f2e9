"""People: users, their Slack ids, addresses and roles per brand; add, change, deactivate."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

from core.permissions import BRAND_ROLES, ROLES
from core.services import people
from core.services.people import UserView

from ..messages import UsersLoaded
from .base import DeskScreen
from .form import Field


class PeopleScreen(DeskScreen):
    BINDINGS = [
        Binding("n", "add", "Add user/role"),
        Binding("e", "edit", "Edit"),
        Binding("g", "grant", "Grant role"),
        Binding("v", "revoke", "Revoke role"),
        Binding("D", "toggle_active", "(De)activate"),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.users: dict[str, UserView] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="users", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            "Email", "Name", "Slack", "Active", "Roles", "Other addresses")

    def reload(self) -> None:
        self.call(lambda: people.list_users(self.session.actor), UsersLoaded)

    def on_users_loaded(self, message: UsersLoaded) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        self.users = {u.email: u for u in message.users}
        for u in message.users:
            table.add_row(u.email, u.name, u.slack_user_id or "-",
                          Text("yes", "green") if u.active else Text("no", "dim"),
                          ", ".join(u.roles) or "-", ", ".join(u.addresses) or "-", key=u.email)
        table.move_cursor(row=row)

    def selected(self) -> UserView | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return self.users.get(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _role_fields(self) -> list[Field]:
        brands = tuple(sorted(self.session.brand_ids))
        return [Field("role", "Role", choices=ROLES, required=True),
                Field("brand", f"Brand (needed for {', '.join(BRAND_ROLES)})", choices=brands)]

    def action_add(self) -> None:
        fields = [Field("email", "Email", required=True), Field("name", "Name", required=True),
                  *self._role_fields(), Field("slack", "Slack user id (U…)")]
        self.ask("Add a user (or a role to an existing one)", fields, lambda a: self.act(
            lambda: people.add_user(self.session.actor, a["email"], a["name"], a["role"],
                                    a["brand"] or None, a["slack"] or None),
            f"{a['email']} has role {a['role']}"))

    def action_grant(self) -> None:
        if user := self._need_user():
            self.ask(f"Grant a role to {user.email}", self._role_fields(), lambda a: self.act(
                lambda: people.add_user(self.session.actor, user.email, user.name, a["role"],
                                        a["brand"] or None), f"{user.email} has role {a['role']}"))

    def action_edit(self) -> None:
        if user := self._need_user():
            fields = [Field("name", "Name", user.name), Field("slack", "Slack user id",
                                                              user.slack_user_id or ""),
                      Field("address", "Add another email address")]
            self.ask(f"Change {user.email}", fields, lambda a: self.act(
                lambda: people.update_user(self.session.actor, user.email, name=a["name"] or None,
                                           slack_user_id=a["slack"] or None,
                                           add_address=a["address"] or None),
                f"{user.email} updated"))

    def action_revoke(self) -> None:
        if (user := self._need_user()) and user.roles:
            self.ask(f"Revoke a role of {user.email}",
                       [Field("role", "Role", choices=tuple(user.roles), required=True)],
                       lambda a: self._revoke(user, a["role"]))

    def _revoke(self, user: UserView, granted: str) -> None:
        role, _, brand = granted.partition("@")
        self.act(lambda: people.revoke_role(self.session.actor, user.email, role, brand or None),
                 f"{user.email} no longer has {granted}")

    def action_toggle_active(self) -> None:
        if user := self._need_user():
            verb = "Deactivate" if user.active else "Reactivate"
            self.confirm(f"{verb} {user.email}?", lambda: self.act(
                lambda: people.update_user(self.session.actor, user.email, active=not user.active),
                f"{user.email} {verb.lower()}d"))

    def _need_user(self) -> UserView | None:
        user = self.selected()
        if user is None:
            self.notify("no user selected", severity="warning")
        return user
