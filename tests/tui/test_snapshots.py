"""SVG snapshots of the Library, Asset and Orders screens at 140x40 over fixed data.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the SVGs in __snapshots__/ before committing them.
"""

from __future__ import annotations

import pytest

from core.actors import SYSTEM
from core.services import invoices
from tests.tui.conftest import SIZE, freeze_times, settle


@pytest.fixture
def fixed(lib):
    invoices.add_invoice(SYSTEM, lib.studio.order_id, "INV-7", "1250.00", issued_on="2026-11-01")
    freeze_times()
    return lib


def test_library_screen(fixed, snap_compare):
    assert snap_compare(fixed.app(), terminal_size=SIZE, run_before=settle)


def test_asset_screen(fixed, snap_compare):
    async def open_front(pilot):
        await settle(pilot)
        pilot.app.open_asset(fixed.front)
        await settle(pilot)

    assert snap_compare(fixed.app(), terminal_size=SIZE, run_before=open_front)


def test_orders_screen(fixed, snap_compare):
    async def orders(pilot):
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(fixed.app(), terminal_size=SIZE, run_before=orders)


def test_coverage_matrix_screen(fixed, snap_compare):
    async def matrix(pilot):
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(fixed.app(), terminal_size=SIZE, run_before=matrix)
