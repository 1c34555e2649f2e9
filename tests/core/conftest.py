"""A small studio: one brand (and a rival), a user per role, an order with a brief."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from config.demo import master_image
from core.actors import SYSTEM, Actor
from core.services import brands, ingest, orders, people

ROLES = {
    "admin": ("admin@studio.test", "studio_admin", None),
    "producer": ("producer@studio.test", "producer", None),
    "retoucher": ("retoucher@studio.test", "retoucher", None),
    "reviewer": ("rev@acme.test", "reviewer", "acme"),
    "marketer": ("mkt@acme.test", "marketer", "acme"),
    "finance": ("fin@acme.test", "finance", "acme"),
    "rival": ("rev@globex.test", "reviewer", "globex"),
}

BRIEF = """
title = "Hero shots"
deadline = "2026-12-01"
notes = "White sweep"
angles = ["front", "back"]
channels = ["amazon", "instagram"]

[[products]]
sku = "AC-100"
name = "Desk lamp"
season = "AW25"
collection = "Lighting"

[[products]]
sku = "AC-200"
name = "Wall clock"
season = "SS26"
angles = ["front"]
channels = ["shopify"]
"""


@dataclass
class Studio:
    core: object
    order_id: int
    folder: Path
    actors: dict[str, Actor]

    def master(self, sku: str, angle: str, seed: int = 0, shift: int = 0,
               size: tuple[int, int] = (1200, 900)) -> Path:
        path = self.folder / f"{sku}_2025-10_{angle}_master.jpg"
        path.write_bytes(master_image(seed, size, shift))
        return path

    def ingest(self, *paths: Path, who: str = "retoucher") -> list[ingest.IngestOutcome]:
        return ingest.ingest_paths(self.core, self.actors[who], self.order_id, paths)


@pytest.fixture
def studio(core, tmp_path) -> Studio:
    return make_studio(core, tmp_path)


def make_studio(core, tmp_path: Path) -> Studio:
    """The studio over an already opened core (for tests that wire their own)."""
    brands.add_brand(SYSTEM, "acme", "Acme Home")
    brands.add_brand(SYSTEM, "globex", "Globex")
    for email, role, brand in ROLES.values():
        people.add_user(SYSTEM, email, email.split("@")[0].title(), role, brand)
    brief = tmp_path / "brief.toml"
    brief.write_text(BRIEF)
    order = orders.create_order(core, SYSTEM, "acme", brief).order
    folder = tmp_path / "masters"
    folder.mkdir()
    actors = {name: people.actor_for_email(email) for name, (email, _, _) in ROLES.items()}
    return Studio(core, order.id, folder, actors)
