"""The Proofdesk admin TUI: `run_tui` is what `proofdesk tui` calls."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from core.actors import SYSTEM
from core.context import Core
from core.services import brands, people

from .commands import DeskCommands
from .messages import BrandsLoaded, Failed
from .screens.activity import ActivityScreen
from .screens.asset import AssetScreen
from .screens.help import HelpScreen
from .screens.insights import InsightsScreen
from .screens.library import LibraryScreen
from .screens.mail import MailScreen
from .screens.orders import OrdersScreen
from .screens.people import PeopleScreen
from .session import Session
from .widgets.preview import detect_graphics
from .worker import Caller


class ProofdeskApp(Caller, App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "Proofdesk"
    COMMANDS = App.COMMANDS | {DeskCommands}
    MODES = {"library": LibraryScreen, "orders": OrdersScreen, "people": PeopleScreen,
             "mail": MailScreen, "activity": ActivityScreen, "insights": InsightsScreen}
    BINDINGS = [
        *(Binding(str(n), f"switch_mode('{name}')", name.title())
          for n, name in enumerate(MODES, start=1)),
        Binding("question_mark", "help", "Help"),
        Binding("colon", "command_palette", "Commands", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, session: Session, *, graphics: bool = False) -> None:
        super().__init__()
        self.session, self.graphics = session, graphics
        self.sub_title = f"acting as {session.actor.email}"

    def on_mount(self) -> None:
        self.call(lambda: brands.list_brands(self.session.actor), BrandsLoaded)
        screens = self.session.screens()
        if not screens:
            self.notify(f"{self.session.actor.email} has no role that opens the desk",
                        severity="error", timeout=30)
            return
        self.switch_mode(screens[0])

    def on_brands_loaded(self, message: BrandsLoaded) -> None:
        self.session.brand_ids = {b.slug: b.id for b in message.brands}
        self.screen.refresh_bindings()

    def on_failed(self, message: Failed) -> None:
        self.notify(message.text, title="Error" if message.unexpected else "Refused",
                    severity="error", timeout=8)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_mode":
            return self.session.may_open(str(parameters[0]))
        return True

    def open_asset(self, asset_id: int) -> None:
        self.push_screen(AssetScreen(asset_id))

    def action_help(self) -> None:
        keys = [(active.binding.key_display or key, active.binding.description)
                for key, active in self.screen.active_bindings.items()
                if active.binding.description]
        self.push_screen(HelpScreen(keys))


def run_tui(core: Core, actor_email: str | None, *,
            process_mail: Callable[[int], str] | None = None) -> None:
    """Resolve the acting admin (unknown or deactivated: ProofdeskError) and run the desk.

    `process_mail` settles a released reply right away (pass the gateway processor's
    `process`); without it a release waits for the next `proofdesk serve` start.
    """
    actor = people.actor_for_email(actor_email) if actor_email else SYSTEM
    graphics = detect_graphics()  # must ask the terminal before Textual takes it over
    ProofdeskApp(Session(core, actor, process_mail), graphics=graphics).run()
