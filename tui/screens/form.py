"""A small modal form (comment, reason, new user…): fields in, a dict of answers out."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    value: str = ""
    choices: tuple[str, ...] = ()  # a Select instead of an Input
    required: bool = False


class FormScreen(ModalScreen[dict[str, str] | None]):
    """Enter in the last field (or ctrl+s) submits; escape cancels with None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Save")]

    def __init__(self, title: str, fields: list[Field]) -> None:
        super().__init__()
        self.title_text, self.fields = title, fields

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            for field in self.fields:
                yield Label(field.label + (" *" if field.required else ""))
                if field.choices:
                    yield Select([(c, c) for c in field.choices], id=f"f-{field.name}",
                                 value=field.value or Select.NULL, allow_blank=not field.value)
                else:
                    yield Input(field.value, id=f"f-{field.name}")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def answers(self) -> dict[str, str]:
        values = {}
        for field in self.fields:
            value = self.query_one(f"#f-{field.name}").value
            values[field.name] = "" if value in (None, Select.NULL) else str(value).strip()
        return values

    def on_input_submitted(self) -> None:
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_submit() if event.button.id == "save" else self.action_cancel()

    def action_submit(self) -> None:
        values = self.answers()
        missing = [f.label for f in self.fields if f.required and not values[f.name]]
        if missing:
            self.notify(f"{', '.join(missing)} needed", severity="warning")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
