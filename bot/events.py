"""Thread replies under a review card become comments; edits and deletions follow them.

A reply is applied once per Slack message (its channel and ts are the comment's
external id), so a retried or replayed event changes nothing the second time.
"""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from core.actors import Actor
from core.blobs import BlobStore
from core.errors import Conflict, ProofdeskError
from core.services import once, review, threads

from .ephemeral import tell
from .files import AttachmentRefused, store_reply_files
from .held import HeldRequest, Job, RequestHolder
from .identity import linked_actor

NEW_REPLY_SUBTYPES = (None, "file_share", "thread_broadcast")


def external_id(channel: str, ts: str) -> str:
    """Slack's ts is unique within a channel; the pair names one message."""
    return f"{channel}:{ts}"


def from_a_person(message: dict, bot_user_id: str | None) -> bool:
    return bool(message.get("user")) and not message.get("bot_id") \
        and message.get("subtype") != "bot_message" and message.get("user") != bot_user_id


def _actor_or_why(user: str) -> tuple[Actor | None, str]:
    try:
        return linked_actor(user), ""
    except ProofdeskError as err:
        return None, str(err)


def _label(client: WebClient, user: str) -> str:
    profile = client.users_info(user=user)["user"]
    name = profile.get("real_name") or profile.get("name") or user
    return f"{name} (unverified Slack user)"


class ThreadReplies:
    def __init__(self, blobs: BlobStore):
        self.blobs = blobs

    def handle(self, event: dict, client: WebClient, bot_user_id: str | None) -> None:
        subtype = event.get("subtype")
        if subtype == "message_changed":
            self.edited(event, client, bot_user_id)
        elif subtype == "message_deleted":
            self.deleted(event)
        elif subtype in NEW_REPLY_SUBTYPES and from_a_person(event, bot_user_id):
            self.replied(event, client)

    def replied(self, event: dict, client: WebClient) -> None:
        channel, thread_ts, user = event["channel"], event.get("thread_ts"), event["user"]
        if not thread_ts or thread_ts == event["ts"]:
            return  # a top-level message, not a reply
        asset_id = threads.asset_of_thread(channel, thread_ts)
        if asset_id is None:
            return  # a thread that is not a review card's
        actor, why = _actor_or_why(user)
        try:
            files = store_reply_files(self.blobs, event.get("files", []), client.token,
                                      client.base_url)
            result = review.add_comment(
                actor, asset_id, event.get("text", ""), "slack",
                external_id=external_id(channel, event["ts"]),
                author_label="" if actor else _label(client, user), attachments=files)
        except (ProofdeskError, AttachmentRefused) as err:
            tell(client, channel, user, f"Your reply was not recorded: {err}", thread_ts)
            return
        if actor is None and result.created and once.claim("slack.unlinked", user, "told"):
            tell(client, channel, user, "Your reply was kept as a comment from an unverified "
                 f"Slack user. {why}", thread_ts)

    def edited(self, event: dict, client: WebClient, bot_user_id: str | None) -> None:
        message, before = event["message"], event.get("previous_message") or {}
        if not from_a_person(message, bot_user_id) or message.get("text") == before.get("text"):
            return  # a bot's message, or only unfurls / reply counts changed
        actor, _ = _actor_or_why(message["user"])
        try:
            review.edit_comment(actor, "slack", external_id(event["channel"], message["ts"]),
                                message.get("text", ""))
        except Conflict as err:
            tell(client, event["channel"], message["user"], f"Your edit was not recorded: {err}",
                 message.get("thread_ts"))

    def deleted(self, event: dict) -> None:
        """Gone from Slack means gone from the thread: the comment is marked deleted (audited)."""
        author = (event.get("previous_message") or {}).get("user")
        actor = _actor_or_why(author)[0] if author else None
        review.edit_comment(actor, "slack", external_id(event["channel"], event["deleted_ts"]),
                            None)


def in_a_thread(body: dict) -> bool:
    """Only thread replies (new, edited or deleted) can be comments; the rest is chatter."""
    event = body["event"]
    message = event.get("message") or event.get("previous_message") or event
    return bool(message.get("thread_ts")) and message.get("thread_ts") != message.get("ts")


def jobs(blobs: BlobStore) -> dict[str, Job]:
    replies = ThreadReplies(blobs)

    def reply(request: HeldRequest, client: WebClient) -> None:
        replies.handle(request.body["event"], client, request.bot_user_id)

    return {"reply": reply}


def register(app: App, holder: RequestHolder) -> None:
    app.event("message")(holder.ack("reply", wanted=in_a_thread))
