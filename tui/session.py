"""Who is at the desk and what the desk is wired to: shared by every screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.actors import ALL_BRANDS, Actor
from core.context import Core
from core.permissions import Cap

# Which capability opens which screen; a screen the actor cannot use is not offered at all.
SCREEN_CAPS: dict[str, tuple[Cap, ...]] = {
    "library": (Cap.VIEW_DRAFTS, Cap.VIEW_APPROVED),
    "orders": (Cap.VIEW_ORDERS, Cap.VIEW_INVOICES),
    "people": (Cap.MANAGE_USERS,),
    "mail": (Cap.MANAGE_MAIL,),
    "activity": (Cap.VIEW_AUDIT,),
    "insights": (Cap.EXPORT,),
}
STUDIO_ONLY = {"mail"}  # the quarantine is studio-wide: a brand grant does not open it


@dataclass
class Session:
    """The core, the acting user, and the brand ids needed to ask `Actor.can` per brand.

    `process_mail` settles a released reply (the mail gateway's processor); without it a
    released reply waits for the next start of `proofdesk serve`.
    """

    core: Core
    actor: Actor
    process_mail: Callable[[int], str] | None = None
    brand_ids: dict[str, int] = field(default_factory=dict)

    def has(self, cap: Cap) -> bool:
        """True when the actor holds `cap` for at least one brand (or studio-wide)."""
        brands = self.actor.brands_with(cap)
        return brands is ALL_BRANDS or bool(brands)

    def may_open(self, screen: str) -> bool:
        if screen in STUDIO_ONLY:
            return all(self.actor.can(cap, None) for cap in SCREEN_CAPS[screen])
        return any(self.has(cap) for cap in SCREEN_CAPS.get(screen, ()))

    def may(self, cap: Cap, brand_slug: str) -> bool:
        """`cap` for one brand; unknown brand ids (still loading) fall back to any grant."""
        brand_id = self.brand_ids.get(brand_slug)
        return self.actor.can(cap, brand_id) if brand_id else self.has(cap)

    def screens(self) -> list[str]:
        return [name for name in SCREEN_CAPS if self.may_open(name)]
