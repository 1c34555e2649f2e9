"""Fixtures shared by the renderer tests: the shipped channel specs and a studio packshot."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderers import ChannelSpec, load_channel_specs
from tests.renderers.images import encoded, packshot

CHANNELS_FILE = Path(__file__).resolve().parents[2] / "config" / "channels.toml"


@pytest.fixture(scope="session")
def channel_specs() -> dict[str, ChannelSpec]:
    return load_channel_specs(CHANNELS_FILE)


@pytest.fixture(scope="session")
def packshot_jpeg() -> bytes:
    return encoded(packshot(), quality=95)
