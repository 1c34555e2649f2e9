"""The renderer core uses: renderers' pure functions bound to the configured channel specs."""

from __future__ import annotations

from collections.abc import Mapping

import renderers
from renderers import ChannelSpec, ImageRejected, RenderResult

from .errors import InvalidInput


class SpecRenderer:
    """Renders masters for channels named by the brief, turning image errors into input errors."""

    def __init__(self, specs: Mapping[str, ChannelSpec], max_pixels: int):
        self.specs, self.max_pixels = dict(specs), max_pixels

    def render(self, data: bytes, channels: list[str]) -> RenderResult:
        unknown = [c for c in channels if c not in self.specs]
        if unknown:
            raise InvalidInput(f"no channel spec for {', '.join(unknown)} in channels.toml")
        try:
            return renderers.render_master(data, [self.specs[c] for c in channels],
                                           max_pixels=self.max_pixels)
        except ImageRejected as err:
            raise InvalidInput(str(err)) from None

    def probe(self, data: bytes) -> tuple[int, int, str]:
        try:
            return renderers.probe(data, max_pixels=self.max_pixels)
        except ImageRejected as err:
            raise InvalidInput(str(err)) from None
