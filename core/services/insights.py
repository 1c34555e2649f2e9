"""Usage insights, each figure computed from recorded events (decisions, versions,
renditions, downloads), never estimated."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

import peewee as pw

from ..actors import ALL_BRANDS, Actor
from ..models import (
    Asset,
    AssetVersion,
    Brand,
    Decision,
    Download,
    Product,
    Rendition,
    Season,
    User,
)
from ..permissions import Cap


@dataclass(frozen=True)
class Insights:
    approved_never_exported: list[dict] = field(default_factory=list)  # asset, sku, angle
    exports_per_channel: dict[str, int] = field(default_factory=dict)  # distinct assets
    hours_to_approval_by_brand: dict[str, dict] = field(default_factory=dict)  # median, n
    hours_to_approval_by_reviewer: dict[str, dict] = field(default_factory=dict)
    revision_rounds: dict[str, float] = field(default_factory=dict)  # mean, max, assets
    compliance_failures_per_channel: dict[str, int] = field(default_factory=dict)


def _scope(actor: Actor, brand_slug: str | None, season: str | None) -> pw.Expression:
    """Assets of brands the actor may export from (insights are about the brand's own work)."""
    brands = actor.brands_with(Cap.EXPORT)
    cond = pw.SQL("1 = 1") if brands is ALL_BRANDS else Asset.brand.in_(list(brands))
    if brand_slug:
        cond &= Asset.brand == Brand.select(Brand.id).where(Brand.slug == brand_slug)
    if season:
        cond &= Asset.product.in_(Product.select(Product.id).join(Season)
                                  .where(Season.name == season))
    return cond


def insights(actor: Actor, brand_slug: str | None = None, season: str | None = None) -> Insights:
    scope = _scope(actor, brand_slug, season)
    return Insights(_never_exported(scope), _exports(scope), *_approval_times(scope),
                    _rounds(scope), _failures(scope))


def _never_exported(scope) -> list[dict]:
    taken = Download.select(Download.version_id)
    rows = (Asset.select(Asset.id, Product.sku, Asset.angle).join(Product)
            .where(scope & (Asset.status == "approved") & (Asset.state == "active")
                   & Asset.current_version_id.not_in(taken))
            .order_by(Product.sku, Asset.angle).tuples())
    return [{"asset": a, "sku": sku, "angle": angle} for a, sku, angle in rows]


def _exports(scope) -> dict[str, int]:
    rows = (Download.select(Download.channel, pw.fn.COUNT(Download.asset_id.distinct()))
            .where(Download.asset_id.in_(Asset.select(Asset.id).where(scope)))
            .group_by(Download.channel).order_by(Download.channel).tuples())
    return dict(rows)


def _summary(hours: list[float]) -> dict:
    return {"median_hours": round(statistics.median(hours), 2), "approvals": len(hours)}


def _approval_times(scope) -> tuple[dict[str, dict], dict[str, dict]]:
    rows = (Decision.select(Brand.slug, User.email, Decision.at, AssetVersion.uploaded_at)
            .join(User).switch(Decision).join(AssetVersion).join(Asset).join(Brand)
            .where(scope & (Decision.verdict == "approved")).tuples())
    by_brand: dict[str, list[float]] = {}
    by_reviewer: dict[str, list[float]] = {}
    for brand, reviewer, decided, uploaded in rows:
        hours = (decided - uploaded).total_seconds() / 3600
        by_brand.setdefault(brand, []).append(hours)
        by_reviewer.setdefault(reviewer, []).append(hours)
    return ({k: _summary(v) for k, v in sorted(by_brand.items())},
            {k: _summary(v) for k, v in sorted(by_reviewer.items())})


def _rounds(scope) -> dict[str, float]:
    counts = [n for (n,) in Asset.select(Asset.current_number).where(scope).tuples()]
    if not counts:
        return {"assets": 0, "mean": 0.0, "max": 0}
    return {"assets": len(counts), "mean": round(statistics.mean(counts), 2), "max": max(counts)}


def _failures(scope) -> dict[str, int]:
    rows = (Rendition.select(Rendition.channel, pw.fn.COUNT(Rendition.id))
            .join(AssetVersion).join(Asset)
            .where(scope & (Rendition.verdict == "fail"))
            .group_by(Rendition.channel).order_by(Rendition.channel).tuples())
    return dict(rows)
