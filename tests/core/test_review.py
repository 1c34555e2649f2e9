"""Decisions are bound to one version; refusals change nothing and say why."""

import pytest

from core.errors import Conflict, InvalidInput, PermissionDenied
from core.models import AuditEvent, Decision, OutboxMessage
from core.services import library, review


@pytest.fixture
def asset(studio):
    [outcome] = studio.ingest(studio.master("AC-100", "front"))
    assert outcome.ok, outcome.error
    return outcome.asset_id


def _state(asset_id):
    return (Decision.select().count(), AuditEvent.select().count(),
            OutboxMessage.select().count(), library.show_asset(_admin(), asset_id).asset.status)


def _admin():
    from core.actors import SYSTEM

    return SYSTEM


def test_reviewer_approves_the_current_version(studio, asset):
    result = review.decide(studio.actors["reviewer"], asset, 1, "approved", "cli")
    assert (result.version, result.verdict, result.by) == (1, "approved", "rev@acme.test")
    detail = library.show_asset(studio.actors["reviewer"], asset)
    assert detail.asset.status == "approved"
    assert detail.versions[0].decision["by"] == "rev@acme.test"


def test_deciding_twice_is_refused_naming_who_decided(studio, asset):
    review.decide(studio.actors["reviewer"], asset, 1, "approved", "cli")
    before = _state(asset)
    with pytest.raises(Conflict, match=r"v1 was already approved by Rev at \d{4}-\d\d-\d\d"):
        review.decide(studio.actors["reviewer"], asset, 1, "changes_requested", "cli", "no")
    assert _state(asset) == before


def test_deciding_on_a_superseded_version_names_the_current_one(studio, asset):
    studio.ingest(studio.master("AC-100", "front", seed=9, shift=80))
    before = _state(asset)
    with pytest.raises(Conflict, match="v1 was superseded; the current version is v2"):
        review.decide(studio.actors["reviewer"], asset, 1, "approved", "slack")
    assert _state(asset) == before
    review.decide(studio.actors["reviewer"], asset, 2, "approved", "slack")


@pytest.mark.parametrize("role", ["marketer", "finance", "retoucher", "rival"])
def test_roles_without_the_right_to_decide_are_refused(studio, asset, role):
    before = _state(asset)
    with pytest.raises(PermissionDenied, match="may not decide"):
        review.decide(studio.actors[role], asset, 1, "approved", "cli")
    assert _state(asset) == before


def test_request_changes_needs_a_reason_and_keeps_it_as_a_comment(studio, asset):
    with pytest.raises(InvalidInput, match="needs a reason"):
        review.decide(studio.actors["reviewer"], asset, 1, "changes_requested", "cli", " ")
    review.decide(studio.actors["reviewer"], asset, 1, "changes_requested", "email",
                  "Lamp shade is dented")
    detail = library.show_asset(studio.actors["producer"], asset)
    assert detail.asset.status == "changes_requested"
    assert [(c.body, c.source) for c in detail.comments] == [("Lamp shade is dented", "email")]


def test_a_comment_from_one_external_message_is_applied_once(studio, asset):
    first = review.add_comment(studio.actors["reviewer"], asset, "Brighter please", "email",
                               external_id="<m1@example>")
    again = review.add_comment(studio.actors["reviewer"], asset, "Brighter please", "email",
                               external_id="<m1@example>")
    assert first.created and not again.created and first.id == again.id
    assert len(library.show_asset(studio.actors["reviewer"], asset).comments) == 1


def test_unverified_comment_is_kept_and_marked(studio, asset):
    review.add_comment(None, asset, "who am I", "slack", external_id="1.2",
                       author_label="U999 (unverified Slack user)")
    [comment] = library.show_asset(studio.actors["admin"], asset).comments
    assert not comment.verified and comment.author.startswith("U999")


def test_edits_and_deletions_keep_the_history_in_the_audit_log(studio, asset):
    review.add_comment(studio.actors["reviewer"], asset, "typo hre", "slack", external_id="9.1")
    assert review.edit_comment(studio.actors["reviewer"], "slack", "9.1", "typo here")
    assert review.edit_comment(studio.actors["reviewer"], "slack", "9.1", None)
    [comment] = library.show_asset(studio.actors["admin"], asset).comments
    assert comment.deleted and comment.body == ""
    edits = [e.data for e in AuditEvent.select().where(AuditEvent.action.startswith("comment."))]
    assert edits[1]["before"] == "typo hre" and edits[1]["after"] == "typo here"


def test_archived_assets_cannot_be_decided_and_restore_brings_them_back(studio, asset):
    with pytest.raises(PermissionDenied):
        review.set_state(studio.actors["reviewer"], asset, "archived")
    review.set_state(studio.actors["producer"], asset, "archived")
    with pytest.raises(Conflict, match="archived"):
        review.decide(studio.actors["reviewer"], asset, 1, "approved", "cli")
    review.set_state(studio.actors["producer"], asset, "active")
    review.decide(studio.actors["reviewer"], asset, 1, "approved", "cli")
