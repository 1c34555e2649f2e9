"""Roles and the one table of what each may do. Every service checks through `can`."""

from __future__ import annotations

from enum import StrEnum


class Cap(StrEnum):
    VIEW_DRAFTS = "view_drafts"  # versions not yet approved
    VIEW_APPROVED = "view_approved"  # approved, active versions and their renditions
    VIEW_MASTERS = "view_masters"
    UPLOAD = "upload"
    COMMENT = "comment"
    DECIDE = "decide"
    ARCHIVE = "archive"
    EXPORT = "export"
    VIEW_ORDERS = "view_orders"
    MANAGE_ORDERS = "manage_orders"
    SUBMIT_ORDERS = "submit_orders"  # a brand commissions work; the studio accepts it
    VIEW_INVOICES = "view_invoices"
    MANAGE_INVOICES = "manage_invoices"
    MANAGE_USERS = "manage_users"
    MANAGE_BRANDS = "manage_brands"
    VIEW_AUDIT = "view_audit"
    MANAGE_MAIL = "manage_mail"


STUDIO_ROLES = ("studio_admin", "producer", "retoucher")
BRAND_ROLES = ("reviewer", "marketer", "finance")
ROLES = STUDIO_ROLES + BRAND_ROLES

CAPABILITIES: dict[str, frozenset[Cap]] = {
    "studio_admin": frozenset(Cap),
    "producer": frozenset({
        Cap.VIEW_DRAFTS, Cap.VIEW_APPROVED, Cap.VIEW_MASTERS, Cap.UPLOAD, Cap.COMMENT,
        Cap.ARCHIVE, Cap.EXPORT, Cap.VIEW_ORDERS, Cap.MANAGE_ORDERS, Cap.SUBMIT_ORDERS,
        Cap.MANAGE_MAIL,
    }),
    "retoucher": frozenset({
        Cap.VIEW_DRAFTS, Cap.VIEW_APPROVED, Cap.VIEW_MASTERS, Cap.UPLOAD, Cap.COMMENT,
        Cap.VIEW_ORDERS,
    }),
    "reviewer": frozenset({
        Cap.VIEW_DRAFTS, Cap.VIEW_APPROVED, Cap.COMMENT, Cap.DECIDE, Cap.EXPORT,
        Cap.VIEW_ORDERS, Cap.SUBMIT_ORDERS,
    }),
    "marketer": frozenset({Cap.VIEW_APPROVED, Cap.EXPORT, Cap.SUBMIT_ORDERS}),
    "finance": frozenset({Cap.VIEW_ORDERS, Cap.VIEW_INVOICES}),
}


def capabilities(role: str) -> frozenset[Cap]:
    return CAPABILITIES[role]
