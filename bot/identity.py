"""Who a Slack user is in Proofdesk, and what to tell them when they are nobody yet."""

from __future__ import annotations

from core.actors import Actor
from core.errors import InvalidInput, NotFound
from core.services import people


def how_to_link(slack_user_id: str) -> str:
    return (f"Your Slack account ({slack_user_id}) is not linked to a Proofdesk user. Ask the "
            f"studio to run `proofdesk users update YOUR-EMAIL --slack-id {slack_user_id}` "
            "(or `users add … --slack-id`) so your comments and decisions count as yours.")


def linked_actor(slack_user_id: str) -> Actor:
    """The linked, active Proofdesk user; otherwise a core error whose text says what to do."""
    try:
        return people.actor_for_slack(slack_user_id)
    except NotFound:
        raise NotFound(how_to_link(slack_user_id)) from None
    except InvalidInput as err:
        raise InvalidInput(f"{err}: ask the studio to reactivate your account.") from None
