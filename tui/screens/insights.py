"""Insights: what the studio's work is used for, computed from recorded events."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Static

from core.services import insights
from core.services.insights import Insights

from ..messages import InsightsLoaded
from .base import DeskScreen

TABLES = (("exports", "Assets exported per channel", ("Channel", "Assets")),
          ("brands", "Upload to approval by brand", ("Brand", "Median hours", "Approvals")),
          ("reviewers", "Upload to approval by reviewer", ("Reviewer", "Median hours",
                                                           "Approvals")),
          ("failures", "Compliance failures per channel", ("Channel", "Failing renditions")),
          ("unused", "Approved but never exported", ("Asset", "SKU", "Angle")))


def _timing(figures: dict[str, dict]) -> list[tuple]:
    return [(k, str(v["median_hours"]), str(v["approvals"])) for k, v in figures.items()]


def _rows(found: Insights) -> dict[str, list[tuple]]:
    return {
        "exports": [(c, str(n)) for c, n in found.exports_per_channel.items()],
        "brands": _timing(found.hours_to_approval_by_brand),
        "reviewers": _timing(found.hours_to_approval_by_reviewer),
        "failures": [(c, str(n)) for c, n in found.compliance_failures_per_channel.items()],
        "unused": [(str(r["asset"]), r["sku"], r["angle"]) for r in found.approved_never_exported],
    }


class InsightsScreen(DeskScreen):
    BINDINGS = [Binding("r", "reload", "Reload")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("", id="rounds")
            for name, title, _ in TABLES:
                yield Label(title, classes="section")
                yield DataTable(id=name, cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        for name, _, columns in TABLES:
            self.query_one(f"#{name}", DataTable).add_columns(*columns)

    def reload(self) -> None:
        self.call(lambda: insights.insights(self.session.actor), InsightsLoaded)

    def on_insights_loaded(self, message: InsightsLoaded) -> None:
        rounds = message.insights.revision_rounds
        self.query_one("#rounds", Static).update(
            f"Revision rounds: {rounds['mean']} versions per asset on average, at most "
            f"{rounds['max']}, over {rounds['assets']} assets")
        for name, rows in _rows(message.insights).items():
            table = self.query_one(f"#{name}", DataTable)
            table.clear()
            table.add_rows(rows)
