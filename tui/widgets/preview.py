"""The image itself in the terminal: a graphics protocol when there is one, else half blocks.

Half blocks (`▀`, top pixel as foreground, bottom as background) work in any terminal
with true colour, and render the same in tests and SVG snapshots.
"""

from __future__ import annotations

from PIL import Image as PILImage
from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from textual.widget import Widget
from textual.widgets import Static


class HalfBlocks:
    """A Rich renderable: the image fitted into width x height cells, two pixels per cell."""

    def __init__(self, image: PILImage.Image, width: int, height: int):
        fitted = image.copy()
        fitted.thumbnail((max(width, 1), max(height * 2, 2)), PILImage.Resampling.BILINEAR)
        self.image = fitted.convert("RGB")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width, height = self.image.size
        pixels = self.image.load()
        for y in range(0, height - 1, 2):
            for x in range(width):
                top, bottom = Color.from_rgb(*pixels[x, y]), Color.from_rgb(*pixels[x, y + 1])
                yield Segment("▀", Style(color=top, bgcolor=bottom))
            yield Segment.line()


class HalfBlockImage(Static):
    """Shows `image` (a PIL image) fitted to the widget's size; redraws on resize."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._image: PILImage.Image | None = None

    @property
    def image(self) -> PILImage.Image | None:
        return self._image

    @image.setter
    def image(self, value: PILImage.Image | None) -> None:
        self._image = value
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        size = self.content_size
        if self._image is None or not size.width:
            self.update("")
            return
        self.update(HalfBlocks(self._image, size.width, size.height))


def image_widget(graphics: bool, **kwargs) -> Widget:
    """textual-image's widget when the terminal speaks a graphics protocol, else half blocks.

    textual-image asks the terminal about itself when imported, which only works before
    the app starts: `detect_graphics` (called by `run_tui`) does that import.
    """
    if graphics:
        from textual_image.widget import Image

        return Image(**kwargs)
    return HalfBlockImage(**kwargs)


def detect_graphics() -> bool:
    """True when textual-image is installed and found Kitty graphics or Sixel support."""
    try:
        import textual_image.widget  # noqa: F401 - measures the terminal's cells, pre-app
        from textual_image.renderable import Image, sixel, tgp
    except Exception:  # not installed, or the terminal did not answer: half blocks it is
        return False
    return Image in (sixel.Image, tgp.Image)
