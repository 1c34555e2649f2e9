"""Reading the library: listings with keyset pagination, one asset's history, pending work.

Visibility is decided here once for every front-end: roles that view drafts see all
of a brand's assets; roles that only view approved work see approved, active assets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee as pw

from ..actors import ALL_BRANDS, Actor
from ..errors import NotFound
from ..models import (
    NO_DEADLINE,
    Asset,
    AssetVersion,
    Brand,
    Collection,
    Comment,
    CommentAttachment,
    Decision,
    OrderLine,
    Product,
    Rendition,
    Season,
    User,
)
from ..permissions import Cap
from .brands import brand_by_slug
from .review import asset_by_id


@dataclass(frozen=True)
class AssetRow:
    id: int
    brand: str
    sku: str
    product: str
    season: str | None
    angle: str
    period: str
    version: int
    status: str
    state: str
    compliance: str
    waiting_since: str
    updated_at: str
    deadline: str | None = None
    brand_id: int | None = None
    version_id: int | None = None  # the current version (for reply tokens, buttons)


@dataclass(frozen=True)
class AssetFilter:
    brand: str | None = None
    season: str | None = None
    collection: str | None = None
    sku: str | None = None
    status: str | None = None
    state: str | None = "active"
    channel: str | None = None
    noncompliant: bool = False
    text: str | None = None  # SKU, product name or comment text


@dataclass(frozen=True)
class Page:
    rows: list[AssetRow]
    next_cursor: str | None  # pass back as `after` for the next page


def visible(actor: Actor) -> pw.Expression:
    """The assets the actor may see at all."""
    drafts = actor.brands_with(Cap.VIEW_DRAFTS)
    if drafts is ALL_BRANDS:
        return pw.SQL("1 = 1")
    approved = actor.brands_with(Cap.VIEW_APPROVED)
    approved_only = (Asset.status == "approved") & (Asset.state == "active")
    approved_cond = approved_only if approved is ALL_BRANDS else (
        Asset.brand.in_(list(approved)) & approved_only)
    return Asset.brand.in_(list(drafts)) | approved_cond


def _base_query(actor: Actor) -> pw.ModelSelect:
    return (Asset.select(Asset, Product, Brand, Season)
            .join_from(Asset, Product).join_from(Asset, Brand)
            .join_from(Product, Season, pw.JOIN.LEFT_OUTER)
            .where(visible(actor)))


def _apply(query: pw.ModelSelect, f: AssetFilter) -> pw.ModelSelect:
    conds = []
    brand_id = brand_by_slug(f.brand).id if f.brand else None
    if brand_id:
        conds.append(Asset.brand == brand_id)
    if f.season:  # ids first, so the planner walks the (season, sku) index
        seasons = Season.select(Season.id).where(Season.name == f.season)
        if brand_id:
            seasons = seasons.where(Season.brand == brand_id)
        conds.append(Product.season.in_([row.id for row in seasons]))
    if f.collection:
        conds.append(Product.collection.in_(Collection.select(Collection.id)
                                            .where(Collection.name == f.collection)))
    if f.sku:
        conds.append(Product.sku == f.sku)
    if f.status:
        conds.append(Asset.status == f.status)
    if f.state:
        conds.append(Asset.state == f.state)
    if f.noncompliant:
        conds.append(Asset.verdict == "fail")
    if f.channel:
        lines = OrderLine.select(OrderLine.id).where(OrderLine.channels.contains(f.channel))
        conds.append(Asset.order_line.in_(lines))
    if f.text:
        like = f"%{f.text.lower()}%"
        talk = Comment.select(Comment.asset).where(pw.fn.LOWER(Comment.body) ** like)
        conds.append((pw.fn.LOWER(Product.sku) ** like) | (pw.fn.LOWER(Product.name) ** like)
                     | Asset.id.in_(talk))
    return query.where(*conds) if conds else query


def _row(a: Asset) -> AssetRow:
    return AssetRow(
        a.id, a.brand.slug, a.product.sku, a.product.name,
        a.product.season.name if a.product.season_id else None, a.angle, a.period,
        a.current_number, a.status, a.state, a.verdict, _iso(a.waiting_since), _iso(a.updated_at),
        None if a.due == NO_DEADLINE else _iso(a.due), a.brand_id, a.current_version_id)


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value else None


def list_assets(actor: Actor, flt: AssetFilter | None = None, *, after: str | None = None,
                limit: int = 100) -> Page:
    """One page ordered by SKU, angle, asset id; `after` is the previous page's cursor."""
    query = _apply(_base_query(actor), flt or AssetFilter())
    if after:
        sku, angle, asset_id = after.rsplit("|", 2)
        query = query.where((Product.sku >= sku) & (pw.Tuple(Product.sku, Asset.angle, Asset.id)
                                                    > pw.Tuple(sku, angle, int(asset_id))))
    rows = [_row(a) for a in query.order_by(Product.sku, Asset.angle, Asset.id).limit(limit + 1)]
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = f"{rows[-1].sku}|{rows[-1].angle}|{rows[-1].id}" if more else None
    return Page(rows, cursor)


def pending_for(actor: Actor, limit: int = 200) -> list[AssetRow]:
    """Versions waiting for the actor's decision: nearest deadline, then longest waiting."""
    brands = actor.brands_with(Cap.DECIDE)
    query = (_base_query(actor)
             .where((Asset.status == "in_review") & (Asset.state == "active"))
             .order_by(Asset.due, Asset.waiting_since, Asset.id).limit(limit))
    if brands is not ALL_BRANDS:
        query = query.where(Asset.brand.in_(list(brands)))
    return [_row(asset) for asset in query]


@dataclass(frozen=True)
class RenditionView:
    channel: str
    file_name: str
    width: int
    height: int
    size_bytes: int
    verdict: str
    checks: list[dict]
    sha256: str


@dataclass(frozen=True)
class VersionView:
    number: int
    status: str
    original_name: str
    width: int
    height: int
    size_bytes: int
    uploaded_by: str | None
    uploaded_at: str
    master_sha256: str | None  # None when the actor may not see masters
    decision: dict | None
    renditions: list[RenditionView] = field(default_factory=list)


@dataclass(frozen=True)
class CommentView:
    id: int
    version: int | None
    author: str
    verified: bool
    source: str
    body: str
    created_at: str
    edited: bool
    deleted: bool
    attachments: list[dict] = field(default_factory=list)  # filename, content_type, sha256


@dataclass(frozen=True)
class AssetDetail:
    asset: AssetRow
    order_id: int | None
    versions: list[VersionView]
    comments: list[CommentView]


def show_asset(actor: Actor, asset_id: int, *, history: bool = True) -> AssetDetail:
    """The asset with its versions and comments; without `history`, its current version
    alone and no comments (what a review card shows)."""
    query = _base_query(actor).where(Asset.id == asset_id)
    asset = query.first()
    if asset is None:
        asset_by_id(asset_id)  # raises NotFound for a missing asset
        raise NotFound(f"asset {asset_id} is not visible to {actor.email}")
    drafts = actor.can(Cap.VIEW_DRAFTS, asset.brand_id)
    masters = actor.can(Cap.VIEW_MASTERS, asset.brand_id)
    versions = AssetVersion.select().where(AssetVersion.asset == asset)
    if not drafts or not history:
        versions = versions.where(AssetVersion.id == asset.current_version_id)
    views = [_version_view(v, masters) for v in versions.order_by(AssetVersion.number)]
    comments = _comments(asset) if drafts and history else []
    order_id = asset.order_line.order_id if asset.order_line_id else None
    return AssetDetail(_row(asset), order_id, views, comments)


def _version_view(v: AssetVersion, masters: bool) -> VersionView:
    decision = (Decision.select(Decision, User).join(User).where(Decision.version == v).first())
    renditions = [RenditionView(r.channel, r.file_name, r.width, r.height, r.size_bytes,
                                r.verdict, r.checks, r.sha256)
                  for r in v.renditions.order_by(Rendition.channel)]
    uploader = User.get_or_none(User.id == v.uploaded_by_id)
    return VersionView(
        v.number, v.status, v.original_name, v.width, v.height, v.size_bytes,
        uploader.email if uploader else None, _iso(v.uploaded_at),
        v.master_sha256 if masters else None,
        {"verdict": decision.verdict, "by": decision.user.email, "at": _iso(decision.at),
         "reason": decision.reason, "source": decision.source} if decision else None,
        renditions)


def _comments(asset: Asset) -> list[CommentView]:
    numbers = dict(AssetVersion.select(AssetVersion.id, AssetVersion.number)
                   .where(AssetVersion.asset == asset).tuples())
    rows = list(Comment.select().where(Comment.asset == asset)
                .order_by(Comment.created_at, Comment.id))
    files: dict[int, list[dict]] = {}
    for a in CommentAttachment.select().where(CommentAttachment.comment.in_([c.id for c in rows])):
        files.setdefault(a.comment_id, []).append(
            {"filename": a.filename, "content_type": a.content_type, "sha256": a.sha256})
    return [CommentView(c.id, numbers.get(c.version_id), c.author_label or "unknown", c.verified,
                        c.source, "" if c.deleted_at else c.body, _iso(c.created_at),
                        c.edited_at is not None, c.deleted_at is not None, files.get(c.id, []))
            for c in rows]
