"""Direct messages: the bot's own conversation with one person (the app's Messages tab)."""

from __future__ import annotations

from slack_sdk import WebClient


def dm_channel(client: WebClient, user: str) -> str:
    """The D… channel of the bot and `user`.

    Posting to a user id works too, but `post_once` must look its key up again after a
    crash, and conversations.history takes only a real channel id.
    """
    return client.conversations_open(users=user)["channel"]["id"]
