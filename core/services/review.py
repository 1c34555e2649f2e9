"""Review: comments, decisions bound to one version, archive and restore."""

from __future__ import annotations

from dataclasses import dataclass

from .. import audit
from ..actors import Actor
from ..db import locking, write_transaction
from ..errors import Conflict, InvalidInput, NotFound
from ..models import (
    Asset,
    AssetVersion,
    Brand,
    Comment,
    CommentAttachment,
    Decision,
    User,
    utcnow,
)
from ..permissions import Cap
from . import notify

SOURCES = ("slack", "email", "tui", "cli")
VERDICTS = ("approved", "changes_requested")


@dataclass(frozen=True)
class CommentResult:
    id: int
    asset_id: int
    version: int | None
    created: bool  # False when the same external message was already applied


@dataclass(frozen=True)
class DecisionResult:
    asset_id: int
    version: int
    verdict: str
    by: str
    at: str


def asset_by_id(asset_id: int) -> Asset:
    """The asset with its brand (one query: every caller checks the brand's rights)."""
    asset = Asset.select(Asset, Brand).join(Brand).where(Asset.id == asset_id).first()
    if asset is None:
        raise NotFound(f"no asset {asset_id} (see: proofdesk assets list)")
    return asset


def add_comment(actor: Actor | None, asset_id: int, body: str, source: str, *,
                external_id: str | None = None, author_label: str = "",
                attachments: tuple[tuple[str, str, str, int], ...] = ()) -> CommentResult:
    """Comment on the asset's current version; applied once per (source, external_id).

    `actor` None records an unverified comment (e.g. an unmapped Slack user) under
    `author_label`; attachments are (sha256, filename, content type, size) of stored blobs.
    """
    body = body.strip()
    if not body and not attachments:
        raise InvalidInput("a comment needs some text")
    if source not in SOURCES:
        raise InvalidInput(f"unknown comment source {source!r}")
    asset = asset_by_id(asset_id)
    if actor is not None:
        actor.require(Cap.COMMENT, asset.brand_id, asset.brand.slug)
    with write_transaction():
        if external_id and (done := Comment.get_or_none(source=source, external_id=external_id)):
            return CommentResult(done.id, asset.id, asset.current_number, False)
        comment = Comment.create(
            asset=asset, version=asset.current_version_id, body=body, source=source,
            external_id=external_id, author=actor.user_id if actor else None,
            author_label=actor.name if actor else author_label, verified=actor is not None)
        for sha, filename, content_type, size in attachments:
            CommentAttachment.create(comment=comment, sha256=sha, filename=filename,
                                     content_type=content_type, size_bytes=size)
        Asset.update(updated_at=utcnow()).where(Asset.id == asset.id).execute()
        audit.record(actor.label if actor else f"unverified:{author_label}", "comment.added",
                     brand_id=asset.brand_id, subject=f"asset:{asset.id}",
                     data={"comment": comment.id, "source": source, "body": body[:500]})
        notify.comment_added(asset, comment, asset.brand)
    return CommentResult(comment.id, asset.id, asset.current_number, True)


def edit_comment(actor: Actor | None, source: str, external_id: str, body: str | None) -> bool:
    """Change (or with body None, delete) a comment made in another medium; False if unknown."""
    with write_transaction():
        comment = Comment.get_or_none(source=source, external_id=external_id)
        if comment is None:
            return False
        if actor is not None and comment.author_id not in (None, actor.user_id):
            raise Conflict("only the author may change a comment")
        before = comment.body
        if body is None:
            comment.deleted_at = utcnow()
        else:
            comment.body, comment.edited_at = body.strip(), utcnow()
        comment.save()
        audit.record(actor.label if actor else "unverified", "comment.deleted" if body is None
                     else "comment.edited", brand_id=comment.asset.brand_id,
                     subject=f"asset:{comment.asset_id}",
                     data={"comment": comment.id, "before": before[:500], "after": body})
    return True


def decide(actor: Actor, asset_id: int, version: int, verdict: str, source: str,
           reason: str = "") -> DecisionResult:
    """Approve or request changes on exactly `version`; refused if it is not the open one."""
    if verdict not in VERDICTS:
        raise InvalidInput(f"verdict must be one of {', '.join(VERDICTS)}")
    if verdict == "changes_requested" and not reason.strip():
        raise InvalidInput("requesting changes needs a reason")
    asset = asset_by_id(asset_id)
    actor.require(Cap.DECIDE, asset.brand_id, asset.brand.slug)
    with write_transaction():
        asset = locking(Asset.select().where(Asset.id == asset_id)).get()
        target = AssetVersion.get_or_none(asset=asset, number=version)
        _check_open(asset, target, version)
        decision = Decision.create(version=target, user=actor.user_id, verdict=verdict,
                                   reason=reason.strip(), source=source)
        target.status = verdict
        target.save()
        asset.status, asset.updated_at = verdict, utcnow()
        asset.save()
        if reason.strip():
            Comment.create(asset=asset, version=target, author=actor.user_id,
                           author_label=actor.name, body=reason.strip(), source=source)
        audit.record(actor.label, f"decision.{verdict}", brand_id=asset.brand_id,
                     subject=f"asset:{asset.id}",
                     data={"version": version, "source": source, "reason": reason[:500]})
        notify.decision_recorded(asset, decision, asset.brand)
    return DecisionResult(asset.id, version, verdict, actor.email, decision.at.isoformat())


def _check_open(asset: Asset, target: AssetVersion | None, number: int) -> None:
    if target is None:
        raise NotFound(f"asset {asset.id} has no version {number} "
                       f"(current: v{asset.current_number})")
    if asset.state != "active":
        raise Conflict(f"asset {asset.id} is archived; restore it before deciding")
    if target.id != asset.current_version_id:
        raise Conflict(f"v{number} was superseded; the current version is v{asset.current_number}")
    done = Decision.get_or_none(Decision.version == target)
    if done is not None:
        who = User.get_by_id(done.user_id).name
        raise Conflict(f"v{number} was already {done.verdict.replace('_', ' ')} by {who} "
                       f"at {done.at:%Y-%m-%d %H:%M} UTC")


def set_state(actor: Actor, asset_id: int, state: str) -> str:
    """Archive or restore an asset (`state` archived | active); returns the new state."""
    if state not in ("active", "archived"):
        raise InvalidInput("state must be active or archived")
    asset = asset_by_id(asset_id)
    actor.require(Cap.ARCHIVE, asset.brand_id, asset.brand.slug)
    with write_transaction():
        if asset.state == state:
            raise Conflict(f"asset {asset_id} is already {state}")
        asset.state, asset.updated_at = state, utcnow()
        asset.save()
        audit.record(actor.label, "asset.archived" if state == "archived" else "asset.restored",
                     brand_id=asset.brand_id, subject=f"asset:{asset.id}")
    return state
