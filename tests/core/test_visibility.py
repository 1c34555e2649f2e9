"""Each role against each listing and export: nobody sees more than their role allows."""

import csv

import pytest

from core.errors import NotFound, PermissionDenied
from core.services import export, invoices, library, orders, review


@pytest.fixture
def library_state(studio):
    """AC-100 front approved, AC-100 back in review, AC-200 front with changes requested."""
    outcomes = studio.ingest(studio.master("AC-100", "front", 1),
                             studio.master("AC-100", "back", 2),
                             studio.master("AC-200", "front", 3))
    ids = {o.file.split("_")[0] + "/" + o.file.split("_")[2]: o.asset_id for o in outcomes}
    rev = studio.actors["reviewer"]
    review.decide(rev, ids["AC-100/front"], 1, "approved", "cli")
    review.decide(rev, ids["AC-200/front"], 1, "changes_requested", "cli", "too dark")
    invoices.add_invoice(studio.actors["admin"], studio.order_id, "INV-1", "100.00")
    return ids


def _listed(actor):
    return {(r.sku, r.angle, r.status) for r in library.list_assets(actor).rows}


def test_studio_roles_and_reviewers_see_every_draft(studio, library_state):
    for role in ("admin", "producer", "retoucher", "reviewer"):
        assert len(_listed(studio.actors[role])) == 3, role


def test_marketer_sees_only_approved_active_assets(studio, library_state):
    assert _listed(studio.actors["marketer"]) == {("AC-100", "front", "approved")}
    with pytest.raises(NotFound, match="not visible"):
        library.show_asset(studio.actors["marketer"], library_state["AC-100/back"])
    detail = library.show_asset(studio.actors["marketer"], library_state["AC-100/front"])
    assert [v.number for v in detail.versions] == [1]
    assert detail.versions[0].master_sha256 is None and detail.comments == []


def test_finance_sees_orders_and_invoices_not_drafts(studio, library_state):
    fin = studio.actors["finance"]
    assert _listed(fin) == set()
    assert [o.id for o in orders.list_orders(fin)] == [studio.order_id]
    assert [i.number for i in invoices.list_invoices(fin)] == ["INV-1"]


def test_retoucher_sees_masters_and_briefs_not_invoices(studio, library_state):
    ret = studio.actors["retoucher"]
    assert orders.show_order(ret, studio.order_id).rows
    assert invoices.list_invoices(ret) == []
    detail = library.show_asset(ret, library_state["AC-100/front"])
    assert detail.versions[0].master_sha256


def test_another_brand_sees_nothing(studio, library_state):
    rival = studio.actors["rival"]
    assert _listed(rival) == set()
    assert orders.list_orders(rival) == [] and invoices.list_invoices(rival) == []
    with pytest.raises(PermissionDenied):
        orders.show_order(rival, studio.order_id)
    with pytest.raises(NotFound):
        library.show_asset(rival, library_state["AC-100/front"])
    with pytest.raises(PermissionDenied):
        export.export_library(studio.core, rival, "acme", studio.folder / "x")


@pytest.mark.parametrize("role, expect_master", [("admin", True), ("marketer", False),
                                                 ("reviewer", False)])
def test_export_writes_only_what_the_role_may_see(studio, library_state, tmp_path, role,
                                                 expect_master):
    dest = tmp_path / f"export-{role}"
    report = export.export_library(studio.core, studio.actors[role], "acme", dest,
                                   include_archive=True, allow_noncompliant=True)
    files = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
    assert "manifest.csv" in files
    assert all("AC-100" in f for f in files if f != "manifest.csv")  # only the approved asset
    assert any("/master/" in f for f in files) == expect_master
    rows = list(csv.DictReader((dest / "manifest.csv").open()))
    assert len(rows) == report.files
    assert {r["approved_by"] for r in rows} == {"rev@acme.test"}


@pytest.mark.parametrize("role", ["finance", "retoucher", "rival"])
def test_roles_without_export_are_refused(studio, library_state, tmp_path, role):
    with pytest.raises(PermissionDenied):
        export.export_library(studio.core, studio.actors[role], "acme", tmp_path / "x")


@pytest.mark.parametrize("season", ["../../etc", "AW25/evil", "..", "\\\\server\\share"])
def test_names_that_would_escape_the_export_folder_are_refused(studio, season):
    from core.actors import SYSTEM
    from core.errors import InvalidInput
    from core.services import catalog

    with pytest.raises(InvalidInput, match="season name"):
        catalog.add_product(SYSTEM, "acme", "AC-900", "Vase", season=season)


def test_export_refuses_a_path_outside_its_folder(studio, tmp_path):
    from core.errors import InvalidInput
    from core.services.export import _FolderWriter

    with _FolderWriter(tmp_path / "out") as writer, pytest.raises(InvalidInput, match="unsafe"):
        writer.write("acme/../../escaped.jpg", b"x")
    assert not (tmp_path / "escaped.jpg").exists()


def test_zip_export_holds_the_layout_and_manifest(studio, library_state, tmp_path):
    import zipfile

    report = export.export_library(studio.core, studio.actors["admin"], "acme",
                                   tmp_path / "acme", as_zip=True, allow_noncompliant=True)
    names = zipfile.ZipFile(tmp_path / "acme.zip").namelist()
    assert "manifest.csv" in names and len(names) == report.files + 1
    assert any(n.startswith("acme/AW25/AC-100/channels/amazon/") for n in names)
