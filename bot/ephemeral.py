"""Telling one person something in a channel, seen by them alone."""

from __future__ import annotations

from slack_sdk import WebClient


def tell(client: WebClient, channel: str, user: str, text: str,
         thread_ts: str | None = None) -> None:
    client.chat_postEphemeral(channel=channel, user=user, text=text, thread_ts=thread_ts)
