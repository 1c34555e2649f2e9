"""What every desk screen shares: the session, core calls in workers, reload on return."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

from ..messages import Done
from ..session import Session
from ..worker import Caller
from .confirm import ConfirmScreen
from .form import Field, FormScreen

if TYPE_CHECKING:
    from ..app import ProofdeskApp


class DeskScreen(Caller, Screen[None]):
    """A screen whose data comes from core calls; `reload` fetches it again."""

    app: ProofdeskApp

    @property
    def session(self) -> Session:
        return self.app.session

    def on_done(self, message: Done) -> None:
        self.notify(message.text)
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Fetch what the screen shows (on first show, on return, after a write)."""

    def action_reload(self) -> None:
        self.reload()

    def ask(self, title: str, fields: list[Field], then: Callable[[dict[str, str]], None]) -> None:
        """Show a form; `then(answers)` unless the admin cancels."""
        self.app.push_screen(FormScreen(title, fields), lambda answers: answers and then(answers))

    def confirm(self, question: str, then: Callable[[], None]) -> None:
        self.app.push_screen(ConfirmScreen(question), lambda yes: yes and then())
