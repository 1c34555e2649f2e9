"""Each insight figure, computed from recorded events."""

import datetime as dt

import pytest

from core.models import AssetVersion, Decision, Rendition
from core.services import export, insights, review


@pytest.fixture
def worked(studio, tmp_path):
    """front: approved after a change request (2 versions); back: approved; AC-200: waiting."""
    [front, back, other] = studio.ingest(studio.master("AC-100", "front", 1),
                                         studio.master("AC-100", "back", 2),
                                         studio.master("AC-200", "front", 3))
    rev = studio.actors["reviewer"]
    review.decide(rev, front.asset_id, 1, "changes_requested", "cli", "darker")
    studio.ingest(studio.master("AC-100", "front", 4, shift=70))
    review.decide(rev, front.asset_id, 2, "approved", "slack")
    review.decide(rev, back.asset_id, 1, "approved", "email")
    for decision in Decision.select().where(Decision.verdict == "approved"):  # known durations
        uploaded = AssetVersion.get_by_id(decision.version_id).uploaded_at
        hours = 4 if decision.version.asset_id == front.asset_id else 10
        Decision.update(at=uploaded + dt.timedelta(hours=hours)).where(
            Decision.id == decision.id).execute()
    return studio, {"front": front.asset_id, "back": back.asset_id, "other": other.asset_id}


def test_approved_assets_never_exported_until_someone_exports_them(worked, tmp_path):
    studio, ids = worked
    found = insights.insights(studio.actors["admin"], "acme")
    assert {r["asset"] for r in found.approved_never_exported} == {ids["front"], ids["back"]}
    export.export_library(studio.core, studio.actors["marketer"], "acme", tmp_path / "x",
                          channel="amazon", allow_noncompliant=True)
    found = insights.insights(studio.actors["admin"], "acme")
    assert found.approved_never_exported == []
    assert found.exports_per_channel == {"amazon": 2}


def test_time_to_approval_by_brand_and_reviewer(worked):
    studio, _ = worked
    found = insights.insights(studio.actors["admin"])
    assert found.hours_to_approval_by_brand == {"acme": {"median_hours": 7.0, "approvals": 2}}
    assert found.hours_to_approval_by_reviewer == {
        "rev@acme.test": {"median_hours": 7.0, "approvals": 2}}


def test_revision_rounds(worked):
    studio, _ = worked
    assert insights.insights(studio.actors["admin"]).revision_rounds == {
        "assets": 3, "mean": 1.33, "max": 2}


def test_compliance_failures_per_channel(worked):
    studio, _ = worked
    Rendition.update(verdict="fail").where(Rendition.channel == "instagram").execute()
    failing = Rendition.select().where(Rendition.channel == "instagram").count()
    found = insights.insights(studio.actors["admin"])
    assert found.compliance_failures_per_channel == {"instagram": failing}


def test_another_brand_sees_none_of_it(worked):
    studio, _ = worked
    found = insights.insights(studio.actors["rival"])
    assert found.approved_never_exported == [] and found.hours_to_approval_by_brand == {}
