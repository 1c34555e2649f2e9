"""What services need besides the database: blob store, renderer, vocabulary, settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from .blobs import BlobStore
from .naming import Vocabulary


class Renderer(Protocol):
    """Turns a master into channel renditions (see renderers.RenderResult)."""

    def render(self, data: bytes, channels: list[str]): ...
    def probe(self, data: bytes) -> tuple[int, int, str]: ...


@dataclass
class Core:
    blobs: BlobStore
    renderer: Renderer
    vocab: Vocabulary
    near_duplicate_distance: int = 10
    options: dict = field(default_factory=dict)
