"""The command palette: every action of the current screen, every screen, and `asset N`."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .app import ProofdeskApp

ASSET = re.compile(r"^\s*(?:asset\s*|#)(\d+)\s*$", re.IGNORECASE)
Command = tuple[str, str, Callable[[], object]]


class DeskCommands(Provider):
    """Commands are read from the live bindings, so the palette and the footer never disagree."""

    app: ProofdeskApp

    def commands(self) -> list[Command]:
        app = self.app
        found: list[Command] = [
            (f"Go to {name.title()}", f"key {number}", partial(app.switch_mode, name))
            for number, name in enumerate(app.MODES, start=1) if app.session.may_open(name)]
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if active.enabled and binding.description and not binding.action.startswith("switch"):
                found.append((binding.description, f"key {binding.key_display or key}",
                              partial(app.run_action, binding.action, active.node)))
        return found

    async def discover(self) -> Hits:
        for label, help_text, run in self.commands():
            yield DiscoveryHit(label, run, help=help_text)

    async def search(self, query: str) -> Hits:
        if match := ASSET.match(query):
            asset_id = int(match.group(1))
            yield Hit(1.0, f"Open asset {asset_id}", partial(self.app.open_asset, asset_id))
        matcher = self.matcher(query)
        for label, help_text, run in self.commands():
            if score := matcher.match(label):
                yield Hit(score, matcher.highlight(label), run, help=help_text)
