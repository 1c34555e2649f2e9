"""What a notification says: read models for the deliverers of outbox messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import NotFound
from ..models import (
    Asset,
    AssetVersion,
    Comment,
    Decision,
    Order,
    OrderLine,
    Product,
    Rendition,
    User,
)


@dataclass(frozen=True)
class VersionNotice:
    version_id: int
    asset_id: int
    brand: str
    brand_name: str
    sku: str
    product: str
    angle: str
    number: int
    current_number: int
    status: str
    order_id: int | None
    order_title: str | None
    deadline: str | None
    uploaded_by: str | None
    brief_notes: str
    compliance: dict[str, str]  # channel -> pass | advisory | fail
    preview_sha256: str | None
    previous_preview_sha256: str | None
    comments: list[tuple[str, str, str]] = field(default_factory=list)  # (author, source, body)
    recipient_email: str | None = None
    recipient_name: str | None = None


def version_notice(version_id: int, user_id: int | None = None, comments: int = 5
                   ) -> VersionNotice:
    version = AssetVersion.get_or_none(AssetVersion.id == version_id)
    if version is None:
        raise NotFound(f"no version {version_id}")
    asset: Asset = version.asset
    product: Product = asset.product
    line: OrderLine | None = asset.order_line
    order: Order | None = line.order if line else None
    renditions = {r.channel: r for r in version.renditions}
    previous = AssetVersion.get_or_none(asset=asset, number=version.number - 1)
    recent = (Comment.select().where((Comment.asset == asset) & Comment.deleted_at.is_null())
              .order_by(Comment.id.desc()).limit(comments))
    recipient = User.get_or_none(User.id == user_id) if user_id else None
    uploader = User.get_or_none(User.id == version.uploaded_by_id)
    return VersionNotice(
        version.id, asset.id, asset.brand.slug, asset.brand.name, product.sku, product.name,
        asset.angle, version.number, asset.current_number, version.status,
        order.id if order else None, order.title if order else None,
        order.deadline.isoformat() if order and order.deadline else None,
        uploader.name if uploader else None, (line.notes or order.notes) if line else "",
        {c: r.verdict for c, r in sorted(renditions.items()) if c not in ("preview", "thumbnail")},
        renditions["preview"].sha256 if "preview" in renditions else None,
        _preview_of(previous),
        [(c.author_label or "unknown", c.source, c.body) for c in reversed(list(recent))],
        recipient.email if recipient else None, recipient.name if recipient else None)


def _preview_of(version: AssetVersion | None) -> str | None:
    if version is None:
        return None
    row = Rendition.get_or_none(version=version, channel="preview")
    return row.sha256 if row else None


@dataclass(frozen=True)
class CommentNotice:
    comment_id: int
    asset_id: int
    version: int | None
    author: str
    source: str
    body: str
    verified: bool


def comment_notice(comment_id: int) -> CommentNotice:
    comment = Comment.get_or_none(Comment.id == comment_id)
    if comment is None:
        raise NotFound(f"no comment {comment_id}")
    number = comment.version.number if comment.version_id else None
    return CommentNotice(comment.id, comment.asset_id, number, comment.author_label or "unknown",
                         comment.source, "" if comment.deleted_at else comment.body,
                         comment.verified)


@dataclass(frozen=True)
class DecisionNotice:
    decision_id: int
    asset_id: int
    version: int
    version_id: int
    verdict: str
    by_name: str
    by_email: str
    by_slack_id: str | None
    reason: str
    source: str
    at: str


def decision_notice(decision_id: int) -> DecisionNotice:
    decision = Decision.get_or_none(Decision.id == decision_id)
    if decision is None:
        raise NotFound(f"no decision {decision_id}")
    user, version = decision.user, decision.version
    return DecisionNotice(decision.id, version.asset_id, version.number, version.id,
                          decision.verdict,
                          user.name, user.email, user.slack_user_id, decision.reason,
                          decision.source, decision.at.isoformat())
