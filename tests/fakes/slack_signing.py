"""Requests to the bot as Slack sends them: signed, over HTTP, shaped like Slack's payloads.

Signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing
secret, in X-Slack-Signature, the timestamp in X-Slack-Request-Timestamp.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import itertools
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from .slack_api import FakeSlack

TEAM = {"id": "T0STUDIO", "domain": "studio"}


def signature_headers(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Answer:
    status: int
    body: str

    def json(self) -> dict:
        return json.loads(self.body)


class SlackSender:
    """One keep-alive connection to the bot's /slack/events, sending what Slack would."""

    def __init__(self, url: str, secret: str, fake: FakeSlack, first_number: int = 1):
        """`first_number` keeps message timestamps of several senders apart."""
        parts = urlsplit(url)
        self.host, self.port, self.path = parts.hostname, parts.port, parts.path
        self.secret, self.fake = secret, fake
        self._numbers = itertools.count(first_number)
        self._conn = http.client.HTTPConnection(self.host, self.port, timeout=10)

    def close(self) -> None:
        self._conn.close()

    def send(self, body: str, content_type: str, *, headers: dict | None = None,
             timestamp: int | None = None, secret: str | None = None) -> Answer:
        signed = signature_headers(secret or self.secret, body, timestamp)
        all_headers = {"Content-Type": content_type, **signed, **(headers or {})}
        self._conn.request("POST", self.path, body.encode(), all_headers)
        response = self._conn.getresponse()
        return Answer(response.status, response.read().decode())

    def _form(self, fields: dict, **kw) -> Answer:
        return self.send(urlencode(fields), "application/x-www-form-urlencoded", **kw)

    def _interaction(self, payload: dict) -> Answer:
        return self._form({"payload": json.dumps(payload)})

    # -- Events API ----------------------------------------------------------------------
    def event(self, event: dict, *, event_id: str | None = None, retry_num: int | None = None
              ) -> Answer:
        event_id = event_id or f"Ev{next(self._numbers):08d}"
        body = json.dumps({
            "token": "legacy", "team_id": TEAM["id"], "api_app_id": "A0PROOF",
            "event": event, "type": "event_callback", "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM["id"], "user_id": self.fake.bot_user_id,
                                "is_bot": True}]})
        headers = {"X-Slack-Retry-Num": str(retry_num),
                   "X-Slack-Retry-Reason": "http_timeout"} if retry_num else {}
        return self.send(body, "application/json", headers=headers)

    def reply(self, channel: str, thread_ts: str, user: str, text: str,
              files: list[dict] | None = None, **kw) -> tuple[Answer, str]:
        """A person's reply in a thread; returns the answer and the reply's ts."""
        ts = f"1700001000.{next(self._numbers):06d}"
        event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
                 "thread_ts": thread_ts, "event_ts": ts, "channel_type": "channel"}
        if files:
            event.update(subtype="file_share", files=files)
        return self.event(event, **kw), ts

    def edit(self, channel: str, thread_ts: str, user: str, ts: str, before: str, after: str
             ) -> Answer:
        message = {"type": "message", "user": user, "ts": ts, "thread_ts": thread_ts}
        return self.event({
            "type": "message", "subtype": "message_changed", "hidden": True,
            "channel": channel, "ts": f"1700002000.{next(self._numbers):06d}",
            "message": {**message, "text": after, "edited": {"user": user, "ts": ts}},
            "previous_message": {**message, "text": before}})

    def delete(self, channel: str, thread_ts: str, user: str, ts: str, text: str) -> Answer:
        return self.event({
            "type": "message", "subtype": "message_deleted", "hidden": True,
            "channel": channel, "ts": f"1700003000.{next(self._numbers):06d}", "deleted_ts": ts,
            "previous_message": {"type": "message", "user": user, "ts": ts,
                                 "thread_ts": thread_ts, "text": text}})

    def home_opened(self, user: str) -> Answer:
        return self.event({"type": "app_home_opened", "user": user, "channel": "D0HOME",
                           "tab": "home", "event_ts": str(time.time())})

    # -- interactivity -------------------------------------------------------------------
    def click(self, channel: str, message_ts: str, user: str, action_id: str,
              value: str | None = None) -> Answer:
        """A block_actions payload for a button of a message the bot posted at the fake."""
        message = self.fake.message(channel, message_ts)
        button = next(e for b in message.get("blocks", []) if b["type"] == "actions"
                      for e in b["elements"] if e["action_id"] == action_id) \
            if value is None else {"action_id": action_id, "value": value, "type": "button",
                                   "text": {"type": "plain_text", "text": action_id}}
        return self._interaction({
            "type": "block_actions", "team": TEAM, "api_app_id": "A0PROOF", "token": "legacy",
            "user": {"id": user, "username": user.lower(), "team_id": TEAM["id"]},
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                          "is_ephemeral": False},
            "trigger_id": self.fake.trigger(), "channel": {"id": channel, "name": "review"},
            "message": message, "response_url": self.fake.response_url(f"action-{user}"),
            "actions": [{**button, "block_id": "decide", "action_ts": str(time.time())}]})

    def submit(self, view: dict, user: str, values: dict) -> Answer:
        """A view_submission of a modal the bot opened, with the user's input values."""
        return self._interaction({
            "type": "view_submission", "team": TEAM, "api_app_id": "A0PROOF",
            "user": {"id": user, "username": user.lower(), "team_id": TEAM["id"]},
            "trigger_id": self.fake.trigger(),
            "view": {**view, "id": "V0MODAL", "state": {"values": values}},
            "response_urls": []})

    def command(self, user: str, text: str, channel: str = "C0ANY") -> Answer:
        return self._form({
            "token": "legacy", "team_id": TEAM["id"], "team_domain": TEAM["domain"],
            "channel_id": channel, "channel_name": "general", "user_id": user,
            "user_name": user.lower(), "command": "/proofdesk", "text": text,
            "api_app_id": "A0PROOF", "response_url": self.fake.response_url(f"command-{user}"),
            "trigger_id": self.fake.trigger()})
