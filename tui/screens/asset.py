"""Asset: versions and decisions, renditions and their compliance, the comment timeline,
the preview and the version diff; and what the admin does to it."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

import renderers
from core.permissions import Cap
from core.services import ingest, library, review
from core.services.library import AssetDetail, RenditionView, VersionView

from ..format import size, source, status, when
from ..messages import AssetLoaded, ImageLoaded
from ..widgets.preview import image_widget
from .base import DeskScreen
from .form import Field

PREVIEW = "preview"
HIDDEN_CHANNELS = (PREVIEW, "thumbnail")
# action -> (capability, needs an open version to decide on)
RIGHTS = {"comment": (Cap.COMMENT, False), "approve": (Cap.DECIDE, True),
          "request_changes": (Cap.DECIDE, True), "archive": (Cap.ARCHIVE, False),
          "rerender": (Cap.UPLOAD, False)}


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.draft("RGB", (400, 400))  # JPEG: decode at a fraction of the size, enough for cells
    return image.convert("RGB")


class AssetScreen(DeskScreen):
    CSS_PATH = Path(__file__).with_name("asset.tcss")  # absolute: subclasses live elsewhere
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("c", "comment", "Comment"),
        Binding("a", "approve", "Approve"),
        Binding("x", "request_changes", "Request changes"),
        Binding("d", "diff", "Diff"),
        Binding("z", "archive", "Archive/restore"),
        Binding("R", "rerender", "Re-render"),
        Binding("o", "path", "File path"),
        Binding("r", "reload", "Reload", show=False),
    ]

    def __init__(self, asset_id: int) -> None:
        super().__init__()
        self.asset_id = asset_id
        self.detail: AssetDetail | None = None
        self.version: VersionView | None = None
        self.showing = ""  # key of the image last asked for; late answers are dropped

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("loading…", id="title")
        with Horizontal():
            with Vertical(id="facts"):
                yield DataTable(id="versions", cursor_type="row")
                yield DataTable(id="renditions", cursor_type="row")
                yield DataTable(id="checks", cursor_type="none")
            with Vertical(id="look"):
                yield image_widget(self.app.graphics, id="preview")
                yield Static(id="caption")
                with VerticalScroll(id="timeline"):
                    yield Static(id="comments")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#versions", DataTable).add_columns(
            "Ver", "Status", "File", "Pixels", "Uploaded", "By", "Decision")
        self.query_one("#renditions", DataTable).add_columns(
            "Channel", "File", "Pixels", "Size", "Compliance")
        self.query_one("#checks", DataTable).add_columns(
            "Rule", "Measured", "Limit", "Severity", "Result")

    def reload(self) -> None:
        self.call(lambda: library.show_asset(self.session.actor, self.asset_id), AssetLoaded)

    def on_asset_loaded(self, message: AssetLoaded) -> None:
        message.stop()  # the library underneath refreshes its own row when we leave
        self.detail = detail = message.detail
        row = detail.asset
        order = f" · order {detail.order_id}" if detail.order_id else ""
        title = Text.assemble((f"{row.sku} ", "bold"), f"{escape(row.product)} · {row.angle} · "
                              f"{row.period} · v{row.version} ", status(row.status),
                              f" · {row.state} · {row.brand}{order}")
        self.query_one("#title", Static).update(title)
        self._fill_versions(detail.versions)
        self._fill_timeline(detail)
        self.refresh_bindings()

    def _fill_versions(self, versions: list[VersionView]) -> None:
        table = self.query_one("#versions", DataTable)
        table.clear()
        for v in versions:
            decided = v.decision
            verdict = (f"{decided['verdict'].replace('_', ' ')} by {decided['by']} "
                       f"{when(decided['at'])} ({decided['source']})") if decided else "-"
            table.add_row(f"v{v.number}", status(v.status), v.original_name,
                          f"{v.width}×{v.height}", when(v.uploaded_at), v.uploaded_by or "-",
                          verdict, key=str(v.number))
        if versions:
            table.move_cursor(row=len(versions) - 1)
            self._show_version(versions[-1])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.detail is None or event.row_key is None:
            return
        if event.data_table.id == "versions":
            number = int(event.row_key.value)
            self._show_version(next(v for v in self.detail.versions if v.number == number))
        elif event.data_table.id == "renditions" and self.version:
            channel = event.row_key.value
            self._show_checks(next(r for r in self.version.renditions if r.channel == channel))

    def _show_version(self, version: VersionView) -> None:
        self.version = version
        table = self.query_one("#renditions", DataTable)
        table.clear()
        for r in version.renditions:
            if r.channel not in HIDDEN_CHANNELS:
                table.add_row(r.channel, r.file_name, f"{r.width}×{r.height}", size(r.size_bytes),
                              status(r.verdict), key=r.channel)
        self.query_one("#checks", DataTable).clear()
        self._load_preview(version)

    def _show_checks(self, rendition: RenditionView) -> None:
        table = self.query_one("#checks", DataTable)
        table.clear()
        for check in rendition.checks:
            table.add_row(check.get("rule", "?"), str(check.get("measured", "")),
                          str(check.get("limit", "")), check.get("severity", ""),
                          status("pass" if check.get("passed") else "fail"))

    def _fill_timeline(self, detail: AssetDetail) -> None:
        entries = [(c.created_at, self._comment_line(c)) for c in detail.comments]
        entries += [(v.decision["at"], Text.assemble(
            (f"{when(v.decision['at'])} ", "dim"), source(v.decision["source"]),
            f" {v.decision['by']} ", status(v.decision["verdict"]), f" v{v.number}\n"))
            for v in detail.versions if v.decision]
        lines = [line for _, line in sorted(entries, key=lambda e: e[0] or "")]
        text = Text("\n").join(lines) if lines else Text("No comments yet.", style="dim")
        self.query_one("#comments", Static).update(text)

    @staticmethod
    def _comment_line(c) -> Text:
        about = f" on v{c.version}" if c.version else ""
        mark = "" if c.verified else " (unverified)"
        body = "(deleted)" if c.deleted else c.body + (" (edited)" if c.edited else "")
        return Text.assemble((f"{when(c.created_at)} ", "dim"), source(c.source),
                             (f" {c.author}{mark}{about}\n", "bold"), f"  {body}")

    # the picture
    def _load_preview(self, version: VersionView) -> None:
        sha = self._preview_sha(version)
        if sha is None:
            self._caption("no preview for this version")
            return
        blobs = self.session.core.blobs
        key = self.showing = f"v{version.number}"
        self.call(lambda: decode(blobs.get(sha)), lambda image: ImageLoaded(key, image))

    def action_diff(self) -> None:
        pair = self._diff_pair()
        if pair is None:
            self.notify("no earlier version to compare with", severity="warning")
            return
        (old, old_sha), (new, new_sha) = pair
        blobs = self.session.core.blobs
        key = self.showing = f"diff v{old}→v{new}"
        self.call(lambda: decode(renderers.version_diff(blobs.get(old_sha), blobs.get(new_sha))),
                  lambda image: ImageLoaded(key, image))

    def _diff_pair(self):
        if self.detail is None or self.version is None:
            return None
        older = [v for v in self.detail.versions if v.number < self.version.number]
        if not older or not self._preview_sha(older[-1]):
            return None
        return ((older[-1].number, self._preview_sha(older[-1])),
                (self.version.number, self._preview_sha(self.version)))

    @staticmethod
    def _preview_sha(version: VersionView) -> str | None:
        return next((r.sha256 for r in version.renditions if r.channel == PREVIEW), None)

    def on_image_loaded(self, message: ImageLoaded) -> None:
        if message.key != self.showing:
            return  # an image the admin has already moved on from
        self.query_one("#preview").image = message.image
        self._caption(message.key)

    def _caption(self, text: str) -> None:
        self.query_one("#caption", Static).update(Text(text, style="dim"))

    # actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in RIGHTS or self.detail is None:
            return True
        cap, needs_open = RIGHTS[action]
        row = self.detail.asset
        if not self.session.may(cap, row.brand):
            return False  # not this admin's to do: not offered at all
        if needs_open and (row.state != "active" or row.status != "in_review"):
            return None  # shown dimmed: nothing open to decide on
        return True

    def action_comment(self) -> None:
        self.ask("Comment", [Field("text", "Comment", required=True)],
                  lambda a: self.act(lambda: review.add_comment(
                      self.session.actor, self.asset_id, a["text"], "tui"), "comment added"))

    def action_approve(self) -> None:
        version = self._open_version()
        self.confirm(f"Approve v{version}?", lambda: self.act(
            lambda: review.decide(self.session.actor, self.asset_id, version, "approved", "tui"),
            f"v{version} approved"))

    def action_request_changes(self) -> None:
        version = self._open_version()
        self.ask(f"Request changes on v{version}", [Field("reason", "Reason", required=True)],
                  lambda a: self.act(lambda: review.decide(
                      self.session.actor, self.asset_id, version, "changes_requested", "tui",
                      a["reason"]), f"changes requested on v{version}"))

    def action_archive(self) -> None:
        state = "active" if self.detail and self.detail.asset.state == "archived" else "archived"
        self.act(lambda: review.set_state(self.session.actor, self.asset_id, state),
                 "restored" if state == "active" else "archived")

    def action_rerender(self) -> None:
        core, actor = self.session.core, self.session.actor
        self.notify("re-rendering…")
        self.act(lambda: ingest.rerender(core, actor, self.asset_id), "renditions rendered again")

    def action_path(self) -> None:
        sha = self._selected_file()
        if sha is None:
            self.notify("no file you may open here", severity="warning")
            return
        path = str(self.session.core.blobs.path(sha))
        self.app.copy_to_clipboard(path)
        self.notify(path, title="File path (copied)")

    def _selected_file(self) -> str | None:
        """The highlighted rendition's blob, else the version's master (if visible)."""
        table = self.query_one("#renditions", DataTable)
        if self.version is None:
            return None
        if table.row_count and table.has_focus:
            channel = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            return next(r.sha256 for r in self.version.renditions if r.channel == channel)
        return self.version.master_sha256

    def _open_version(self) -> int:
        return self.detail.asset.version if self.detail else 0
