"""Users, their addresses and roles, and resolving who is acting."""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from .. import audit
from ..actors import Actor, grants_from
from ..db import write_transaction
from ..errors import Conflict, InvalidInput, NotFound
from ..models import Brand, Membership, User, UserAddress
from ..permissions import BRAND_ROLES, ROLES, Cap
from .brands import brand_by_slug


@dataclass(frozen=True)
class UserView:
    id: int
    email: str
    name: str
    slack_user_id: str | None
    active: bool
    notify: list[str]  # email, slack, digest: how the user wants to hear from Proofdesk
    roles: list[str]  # "role@brand" or "role" for studio-wide
    addresses: list[str]


def _actor_from(user: User) -> Actor:
    if not user.active:
        raise InvalidInput(f"user {user.email} is deactivated")
    rows = Membership.select(Membership.brand, Membership.role).where(Membership.user == user)
    grants = grants_from([(m.brand_id, m.role) for m in rows])
    return Actor(user.id, user.email, user.name, grants)


def actor_for_email(email: str) -> Actor:
    """The actor for an address: the user's own or one of their registered extra addresses."""
    address = email.strip().lower()
    user = User.get_or_none(User.email == address)
    if user is None:
        extra = UserAddress.get_or_none(UserAddress.email == address)
        user = extra.user if extra else None
    if user is None:
        raise NotFound(f"no user with address {email!r} (see: proofdesk users list)")
    return _actor_from(user)


def actor_for_slack(slack_user_id: str) -> Actor:
    user = User.get_or_none(User.slack_user_id == slack_user_id)
    if user is None:
        raise NotFound(f"Slack user {slack_user_id} is not linked to a Proofdesk user")
    return _actor_from(user)


def _view(user: User) -> UserView:
    roles = [f"{m.role}@{m.brand.slug}" if m.brand_id else m.role
             for m in Membership.select(Membership, Brand)
             .join(Brand, pw.JOIN.LEFT_OUTER, on=Membership.brand == Brand.id)
             .where(Membership.user == user).order_by(Membership.id)]
    addresses = [a.email for a in user.addresses.order_by(UserAddress.email)]
    notify = [m for m in ("email", "slack", "digest") if getattr(user, f"notify_{m}")]
    return UserView(user.id, user.email, user.name, user.slack_user_id, user.active, notify,
                    roles, addresses)


def _check_role(role: str, brand_slug: str | None) -> None:
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    if role in BRAND_ROLES and not brand_slug:
        raise InvalidInput(f"role {role} belongs to a brand: add --brand SLUG")


def add_user(actor: Actor, email: str, name: str, role: str, brand_slug: str | None = None,
             slack_user_id: str | None = None) -> UserView:
    """Create a user with a first role (or add the role to an existing user)."""
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidInput(f"{email!r} is not an email address")
    _check_role(role, brand_slug)
    brand = brand_by_slug(brand_slug) if brand_slug else None
    actor.require(Cap.MANAGE_USERS, brand.id if brand else None, brand_slug or "")
    with write_transaction():
        user = User.get_or_none(User.email == email)
        if user is None:
            if slack_user_id and User.get_or_none(User.slack_user_id == slack_user_id):
                raise Conflict(f"Slack id {slack_user_id} already belongs to another user")
            user = User.create(email=email, name=name, slack_user_id=slack_user_id)
        Membership.insert(user=user, brand=brand, role=role).on_conflict_ignore().execute()
        audit.record(actor.label, "user.role_granted", brand_id=brand.id if brand else None,
                     subject=f"user:{user.id}", data={"email": email, "role": role})
    return _view(user)


def update_user(actor: Actor, email: str, *, name: str | None = None,
                slack_user_id: str | None = None, active: bool | None = None,
                add_address: str | None = None, notify_email: bool | None = None,
                notify_slack: bool | None = None, notify_digest: bool | None = None
                ) -> UserView:
    """Change a user; None leaves a field as it is."""
    actor.require(Cap.MANAGE_USERS, None)
    with write_transaction():
        user = _user(email)
        changes = {k: v for k, v in (("name", name), ("slack_user_id", slack_user_id),
                                     ("active", active), ("notify_email", notify_email),
                                     ("notify_slack", notify_slack),
                                     ("notify_digest", notify_digest)) if v is not None}
        for field_name, value in changes.items():
            setattr(user, field_name, value)
        user.save()
        if add_address:
            UserAddress.insert(user=user, email=add_address.lower()).on_conflict_ignore().execute()
            changes["address"] = add_address.lower()
        audit.record(actor.label, "user.updated", subject=f"user:{user.id}", data=changes)
    return _view(user)


def revoke_role(actor: Actor, email: str, role: str, brand_slug: str | None = None) -> UserView:
    brand = brand_by_slug(brand_slug) if brand_slug else None
    actor.require(Cap.MANAGE_USERS, brand.id if brand else None, brand_slug or "")
    with write_transaction():
        user = _user(email)
        gone = Membership.delete().where((Membership.user == user) & (Membership.role == role) & (
            Membership.brand.is_null() if brand is None else Membership.brand == brand)).execute()
        if not gone:
            raise NotFound(f"{email} has no role {role}" + (f"@{brand_slug}" if brand_slug else ""))
        audit.record(actor.label, "user.role_revoked", brand_id=brand.id if brand else None,
                     subject=f"user:{user.id}", data={"role": role})
    return _view(user)


def _user(email: str) -> User:
    user = User.get_or_none(User.email == email.strip().lower())
    if user is None:
        raise NotFound(f"no user {email!r} (see: proofdesk users list)")
    return user


def list_users(actor: Actor) -> list[UserView]:
    """Studio managers see everyone; a brand's manager sees the people of their brands."""
    brands = actor.brands_with(Cap.MANAGE_USERS)
    query = User.select().order_by(User.email)
    if brands is not None:
        members = Membership.select(Membership.user).where(Membership.brand.in_(list(brands)))
        query = query.where(User.id.in_(members))
    return [_view(u) for u in query]


def user_roles(actor: Actor, email: str) -> UserView:
    actor.require(Cap.MANAGE_USERS, None)
    return _view(_user(email))


def user_email(user_id: int | str) -> str:
    user = User.get_or_none(User.id == int(user_id))
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user.email


def addresses(user_id: int) -> tuple[str, ...]:
    """Every address the user sends mail from: their own first."""
    user = User.get_by_id(user_id)
    return (user.email, *(a.email for a in user.addresses.order_by(UserAddress.email)))


def user_slack_id(user_id: int) -> str | None:
    user = User.get_or_none(User.id == int(user_id))
    return user.slack_user_id if user and user.active else None


def reviewers_of(brand_id: int) -> list[User]:
    """Active users who may decide for the brand through a brand role (for notifications)."""
    return list(User.select().join(Membership)
                .where((Membership.brand == brand_id) & (Membership.role == "reviewer")
                       & User.active).order_by(User.id).distinct())
