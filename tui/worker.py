"""The one way the TUI reaches the database: a thread worker that posts a message back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import work
from textual.message import Message

from core.errors import ProofdeskError

from .messages import Done, Failed

T = TypeVar("T")


class Caller:
    """Mixin for screens and the app: core calls off the UI thread, answers as messages."""

    post_message: Callable[[Message], bool]

    @work(thread=True)
    def call(self, fn: Callable[[], T], reply: Callable[[T], Message]) -> None:
        """Run `fn` in a thread; post `reply(result)`, or `Failed` with the error's message."""
        try:
            message = reply(fn())
        except ProofdeskError as err:
            message = Failed(str(err))
        except Exception as err:  # noqa: BLE001 - the desk stays up; the admin sees why
            message = Failed(f"unexpected {type(err).__name__}: {err}", unexpected=True)
        self.post_message(message)

    def act(self, fn: Callable[[], Any], text: str) -> None:
        """Run a write; on success post `Done(text)`, on which the screen reloads."""
        self.call(fn, lambda _result: Done(text))
