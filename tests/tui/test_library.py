"""Library: open an asset, filter and search, the tree, pagination, what a role may see."""

from __future__ import annotations

from pathlib import Path

from core.actors import SYSTEM
from core.services import orders, review
from tests.tui.conftest import SIZE, desk, settle


def table(app):
    return app.screen.query_one("#assets")


def skus(app) -> list[tuple[str, str]]:
    t = table(app)
    return [(t.get_row_at(i)[0], t.get_row_at(i)[2]) for i in range(t.row_count)]


async def test_the_library_lists_assets_and_enter_opens_one(lib):
    app = lib.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert skus(app) == [("AC-100", "back"), ("AC-100", "front"), ("AC-200", "front")]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "AssetScreen"
        assert app.screen.asset_id == lib.front
        assert "Lift the shadow" in str(app.screen.query_one("#comments").render())


async def test_search_by_text_and_keys_narrows_the_table(lib):
    review.decide(lib.studio.actors["reviewer"], lib.clock, 1, "approved", "cli")
    app = lib.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"clock", "enter")
        await settle(pilot)
        assert skus(app) == [("AC-200", "front")]
        app.screen.set_search("status:in_review shadow")  # comment text
        await settle(pilot)
        assert skus(app) == [("AC-100", "front")]
        await pilot.press("escape")  # clears the filter
        await settle(pilot)
        assert len(skus(app)) == 3


async def test_failing_and_archived_flags(lib):
    review.set_state(SYSTEM, lib.back, "archived")
    app = lib.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ("AC-100", "back") not in skus(app)
        await pilot.press("A")
        await settle(pilot)
        assert skus(app) == [("AC-100", "back")]
        assert "archived" in app.screen.query_one("#search").value


async def test_tree_brand_season_product_sets_the_filter(lib):
    app = lib.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = app.screen.query_one("#tree")
        acme = next(n for n in tree.root.children if n.data.brand == "acme")
        acme.expand()
        await settle(pilot)
        season = next(n for n in acme.children if n.data.season == "SS26")
        tree.select_node(season)
        await settle(pilot)
        assert app.screen.query_one("#search").value == "brand:acme season:SS26"
        assert skus(app) == [("AC-200", "front")]


async def test_the_table_pages_in_as_you_scroll(studio, tmp_path):
    """250 assets: the first page is 100 rows, the next pages come as the cursor nears the end."""
    skus_wanted = [f"PG-{n:03d}" for n in range(250)]
    brief = tmp_path / "many.toml"
    brief.write_text('angles = ["front"]\nchannels = ["amazon"]\n' + "".join(
        f'[[products]]\nsku = "{sku}"\nname = "Item {sku}"\n' for sku in skus_wanted))
    order = orders.create_order(studio.core, SYSTEM, "acme", brief).order
    data = Path(studio.master("AC-100", "front", seed=5)).read_bytes()
    for sku in skus_wanted:
        (studio.folder / f"{sku}_2025-10_front_master.jpg").write_bytes(data)
    studio.order_id = order.id
    studio.core.renderer = Memo(studio.core.renderer)
    studio.ingest(*sorted(studio.folder.glob("PG-*")))
    app = desk(studio)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert table(app).row_count == 100 and app.screen.cursor
        await pilot.press("G")  # the cursor to the last row
        await settle(pilot)
        assert table(app).row_count == 200
        table(app).scroll_end(animate=False, immediate=True)  # as a mouse wheel would
        await settle(pilot)
        assert table(app).row_count == 250 and app.screen.cursor is None
        rows = skus(app)
        assert [s for s, _ in rows if s.startswith("PG-")] == skus_wanted  # in order, no repeats


class Memo:
    """The real renderer, run once per distinct master (the 250 masters are one image)."""

    def __init__(self, renderer):
        self.renderer, self.seen = renderer, {}

    def render(self, data, channels):
        key = (hash(data), tuple(channels))
        if key not in self.seen:
            self.seen[key] = self.renderer.render(data, channels)
        return self.seen[key]

    def probe(self, data):
        return self.renderer.probe(data)


async def test_a_marketer_sees_only_approved_assets(lib):
    review.decide(lib.studio.actors["reviewer"], lib.clock, 1, "approved", "cli")
    app = lib.app("marketer")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert skus(app) == [("AC-200", "front")]
        for hidden in ("people", "mail", "activity"):
            assert app.check_action("switch_mode", (hidden,)) is False
