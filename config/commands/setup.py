"""init, brands and users."""

from __future__ import annotations

from core.permissions import ROLES
from core.services import brands, people

from ..output import emit_json, listing
from . import command, group

USER_COLUMNS = ("email", "name", "slack_user_id", "active", "notify", "roles")


def register(commands) -> None:
    command(commands, "init", init, "create the home folder, database and secret key (idempotent)")

    sub = group(commands, "brands", "add, change and list brands")
    p = command(sub, "add", brands_add, "add a brand")
    p.add_argument("slug")
    p.add_argument("--name", required=True)
    p.add_argument("--slack-channel", help="Slack review channel id (C…)")
    p.add_argument("--timezone", default="UTC")
    p = command(sub, "update", brands_update, "change a brand")
    p.add_argument("slug")
    for flag in ("--name", "--slack-channel", "--digest-cron", "--timezone"):
        p.add_argument(flag)
    command(sub, "list", brands_list, "list brands", listing=True)

    sub = group(commands, "users", "people and their roles")
    p = command(sub, "add", users_add, "add a user, or a role to an existing user")
    p.add_argument("email")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--brand", help="brand slug (required for brand roles)")
    p.add_argument("--slack-id", help="Slack user id (U…)")
    p = command(sub, "update", users_update, "change a user")
    p.add_argument("email")
    p.add_argument("--name")
    p.add_argument("--slack-id")
    p.add_argument("--add-address", help="another address this user sends mail from")
    p.add_argument("--deactivate", action="store_true")
    p.add_argument("--activate", action="store_true")
    for medium in ("email", "slack", "digest"):
        p.add_argument(f"--notify-{medium}", choices=("on", "off"),
                       help=f"{medium} notifications on or off")
    p = command(sub, "revoke", users_revoke, "remove a role from a user")
    p.add_argument("email")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--brand")
    command(sub, "list", users_list, "list users and their roles", listing=True)
    p = command(sub, "roles", users_roles, "show one user's roles", listing=True)
    p.add_argument("email")


def init(ctx, args) -> None:
    print(f"Proofdesk home: {ctx.settings.home}")
    print(f"database: {ctx.settings.database_url}")


def brands_add(ctx, args) -> None:
    brand = brands.add_brand(ctx.actor(), args.slug, args.name, args.slack_channel, args.timezone)
    print(f"added brand {brand.slug} ({brand.name})")


def brands_update(ctx, args) -> None:
    brand = brands.update_brand(ctx.actor(), args.slug, name=args.name,
                                slack_channel=args.slack_channel,
                                digest_cron=args.digest_cron, timezone=args.timezone)
    print(f"updated brand {brand.slug}")


def brands_list(ctx, args) -> None:
    listing(args, brands.list_brands(ctx.actor()),
            ("slug", "name", "slack_channel", "timezone", "digest_cron"), "no brands yet")


def users_add(ctx, args) -> None:
    user = people.add_user(ctx.actor(), args.email, args.name, args.role, args.brand, args.slack_id)
    print(f"{user.email}: {', '.join(user.roles)}")


def users_update(ctx, args) -> None:
    active = True if args.activate else False if args.deactivate else None
    notify = {f"notify_{m}": None if getattr(args, f"notify_{m}") is None
              else getattr(args, f"notify_{m}") == "on" for m in ("email", "slack", "digest")}
    user = people.update_user(ctx.actor(), args.email, name=args.name, slack_user_id=args.slack_id,
                              active=active, add_address=args.add_address, **notify)
    print(f"updated {user.email} ({'active' if user.active else 'deactivated'})")


def users_revoke(ctx, args) -> None:
    user = people.revoke_role(ctx.actor(), args.email, args.role, args.brand)
    print(f"{user.email}: {', '.join(user.roles) or 'no roles'}")


def users_list(ctx, args) -> None:
    listing(args, people.list_users(ctx.actor()), USER_COLUMNS, "no users yet")


def users_roles(ctx, args) -> None:
    user = people.user_roles(ctx.actor(), args.email)
    if args.json:
        emit_json(user)
    else:
        print(f"{user.email} ({user.name}): {', '.join(user.roles) or 'no roles'}")
