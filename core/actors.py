"""Who is acting, and what they may do for which brand."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import PermissionDenied
from .permissions import CAPABILITIES, Cap

ALL_BRANDS = None  # returned by `brands_with` when a studio-wide role grants the capability


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    email: str
    name: str
    grants: dict[int | None, frozenset[Cap]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.email

    def can(self, cap: Cap, brand_id: int | None) -> bool:
        studio = self.grants.get(None, frozenset())
        return cap in studio or (brand_id is not None and cap in self.grants.get(brand_id, ()))

    def require(self, cap: Cap, brand_id: int | None, brand_name: str = "") -> None:
        if not self.can(cap, brand_id):
            where = f" for brand {brand_name}" if brand_name else ""
            raise PermissionDenied(f"{self.email} may not {cap.value.replace('_', ' ')}{where}")

    def brands_with(self, cap: Cap) -> frozenset[int] | None:
        """The brand ids where `cap` holds, or ALL_BRANDS for a studio-wide grant."""
        if cap in self.grants.get(None, frozenset()):
            return ALL_BRANDS
        return frozenset(b for b, caps in self.grants.items() if b is not None and cap in caps)


def grants_from(memberships: list[tuple[int | None, str]]) -> dict[int | None, frozenset[Cap]]:
    merged: dict[int | None, set[Cap]] = {}
    for brand_id, role in memberships:
        merged.setdefault(brand_id, set()).update(CAPABILITIES[role])
    return {brand: frozenset(caps) for brand, caps in merged.items()}


SYSTEM = Actor(None, "system", "Proofdesk operator", {None: frozenset(Cap)})
