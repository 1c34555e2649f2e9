"""A local stand-in for Slack's Web API: real HTTP, Slack's wire format, every call recorded.

Serves the methods the bot uses (auth.test, chat.postMessage, chat.update,
chat.postEphemeral, files.getUploadURLExternal, the upload URL,
files.completeUploadExternal, views.open, views.publish, users.info,
conversations.history, conversations.replies, conversations.open), file downloads for
`url_private`, and `response_url` posts. Like Slack it answers HTTP 200 with
{"ok": false, "error": ...} for a bad token or a missing argument, and can be told to
answer 429 with Retry-After.

The manifest API (apps.manifest.validate, .create, .update) takes the app configuration
token, not the bot token, and checks a manifest the way Slack does for the one mistake
that matters most: an app without `display_information.name`.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

JSON_ARGS = ("blocks", "view", "metadata", "files", "attachments")
TRIGGER_LIFETIME = 3.0  # seconds a trigger_id stays valid, as on Slack


class SlackError(Exception):
    def __init__(self, error: str, detail: str = "", **extra: object):
        super().__init__(error)
        self.error, self.detail, self.extra = error, detail, extra


@dataclass
class Call:
    method: str
    args: dict
    at: float = field(default_factory=time.monotonic)


def _need(args: dict, name: str, error: str = "invalid_arguments") -> object:
    if args.get(name) in (None, "", []):
        raise SlackError(error, f"[ERROR] missing required field: {name}")
    return args[name]


def _need_text(args: dict) -> None:
    if not (args.get("text") or args.get("blocks") or args.get("attachments")):
        raise SlackError("no_text")


def _check_blocks(blocks: list[dict]) -> None:
    """The limits of Block Kit that a careless builder breaks first."""
    if len(blocks) > 50:
        raise SlackError("invalid_blocks", "more than 50 blocks")
    for block in blocks:
        text = (block.get("text") or {}).get("text", "")
        limit = 150 if block.get("type") == "header" else 3000
        if "type" not in block or len(text) > limit:
            raise SlackError("invalid_blocks", f"bad block {block.get('type')}")
        for element in block.get("elements", []):
            if element.get("type") == "button" and len(element["text"]["text"]) > 75:
                raise SlackError("invalid_blocks", "button text over 75 characters")


class FakeSlack:
    """Start it, point a WebClient at `api_url`, then read `calls`, `messages`, `files`."""

    def __init__(self, token: str = "xoxb-proofdesk-test", bot_user_id: str = "UBOT",
                 bot_id: str = "BBOT", config_token: str = "xoxe-proofdesk-config-test"):
        self.token, self.bot_user_id, self.bot_id = token, bot_user_id, bot_id
        self.config_token = config_token
        self.apps: dict[str, dict] = {}  # app id -> manifest, as created or updated
        self.calls: list[Call] = []
        self.messages: dict[str, list[dict]] = {}  # channel -> messages in posting order
        self.files: dict[str, dict] = {}
        self.users: dict[str, dict] = {}
        self.responses: dict[str, list[dict]] = {}  # response_url name -> posted bodies
        self._limits: dict[str, list] = {}  # method -> [retry_after, times left]
        self._triggers: dict[str, float] = {}
        self._numbers = itertools.count(1)
        self._lock = threading.RLock()
        self.down = False  # answer every API call 503, as during an outage
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True

    # -- running -------------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def start(self) -> FakeSlack:
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeSlack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- arranging -----------------------------------------------------------------------
    def add_user(self, user_id: str, name: str, real_name: str = "") -> None:
        self.users[user_id] = {"id": user_id, "name": name, "real_name": real_name or name,
                               "is_bot": False}

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 30) -> None:
        """Answer the next `times` calls of `method` with 429 and Retry-After."""
        self._limits[method] = [retry_after, times]

    def trigger(self) -> str:
        """A trigger_id as Slack puts in an interaction payload, valid for three seconds."""
        trigger_id = f"{next(self._numbers)}.1.trigger"
        self._triggers[trigger_id] = time.monotonic()
        return trigger_id

    def response_url(self, name: str) -> str:
        return f"{self.base}/respond/{name}"

    def add_file(self, name: str, data: bytes, mimetype: str) -> dict:
        """A file a person shared in Slack, as it appears in a message event."""
        file_id = f"F{next(self._numbers):06d}"
        self.files[file_id] = {"id": file_id, "name": name, "data": data, "mimetype": mimetype}
        url = f"{self.base}/files/{file_id}/{name}"
        return {"id": file_id, "name": name, "mimetype": mimetype, "size": len(data),
                "url_private": url, "url_private_download": url + "?download=1"}

    # -- reading -------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[dict]:
        return [c.args for c in self.calls if c.method == method]

    def message(self, channel: str, ts: str) -> dict:
        return next(m for m in self.messages.get(channel, []) if m["ts"] == ts)

    def thread(self, channel: str, ts: str) -> list[dict]:
        """The replies under a message, oldest first (the parent itself not included)."""
        return [m for m in self.messages.get(channel, [])
                if m.get("thread_ts") == ts and m["ts"] != ts]

    def top_level(self, channel: str) -> list[dict]:
        return [m for m in self.messages.get(channel, []) if m.get("thread_ts") in (None, m["ts"])]

    def dm(self, user: str) -> list[dict]:
        """The messages the bot sent a person in their direct message channel."""
        return self.messages.get(dm_channel_of(user), [])

    def ephemerals_to(self, user: str) -> list[str]:
        return [a["text"] for a in self.calls_to("chat.postEphemeral") if a["user"] == user]

    # -- the Web API ---------------------------------------------------------------------
    def _ts(self) -> str:
        return f"1700000000.{next(self._numbers):06d}"

    def _post(self, channel: str, message: dict) -> dict:
        message = {"type": "message", "user": self.bot_user_id, "bot_id": self.bot_id,
                   "ts": self._ts(), **message}
        self.messages.setdefault(channel, []).append(message)
        return message

    def auth_test(self, args: dict) -> dict:
        return {"url": "https://studio.slack.com/", "team": "Studio", "user": "proofdesk",
                "team_id": "T0STUDIO", "user_id": self.bot_user_id, "bot_id": self.bot_id}

    def chat_postMessage(self, args: dict) -> dict:
        channel = _need(args, "channel", "channel_not_found")
        _need_text(args)
        _check_blocks(args.get("blocks") or [])
        fields = {k: args[k] for k in ("text", "blocks", "thread_ts", "metadata") if args.get(k)}
        message = self._post(channel, fields)
        return {"channel": channel, "ts": message["ts"], "message": message}

    def chat_getPermalink(self, args: dict) -> dict:
        channel, ts = _need(args, "channel", "channel_not_found"), _need(args, "message_ts")
        try:
            self.message(channel, ts)
        except StopIteration:
            raise SlackError("message_not_found") from None
        return {"channel": channel,
                "permalink": f"https://studio.slack.com/archives/{channel}/p{ts.replace('.', '')}"}

    def chat_update(self, args: dict) -> dict:
        channel, ts = _need(args, "channel", "channel_not_found"), _need(args, "ts")
        _need_text(args)
        _check_blocks(args.get("blocks") or [])
        try:
            message = self.message(channel, ts)
        except StopIteration:
            raise SlackError("message_not_found") from None
        if message.get("bot_id") != self.bot_id:
            raise SlackError("cant_update_message")
        message.update({k: args[k] for k in ("text", "blocks") if k in args})
        return {"channel": channel, "ts": ts, "text": message.get("text", "")}

    def chat_postEphemeral(self, args: dict) -> dict:
        _need(args, "channel", "channel_not_found")
        _need(args, "user", "user_not_found")
        _need_text(args)
        return {"message_ts": self._ts()}

    def files_getUploadURLExternal(self, args: dict) -> dict:
        filename, length = _need(args, "filename"), int(_need(args, "length"))
        file_id = f"F{next(self._numbers):06d}"
        self.files[file_id] = {"id": file_id, "name": filename, "length": length, "data": None}
        return {"upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}

    def upload(self, file_id: str, data: bytes) -> tuple[int, str]:
        item = self.files.get(file_id)
        if item is None or item["length"] != len(data):
            return 400, "bad upload"
        item["data"] = data
        return 200, f"OK - {len(data)}"

    def files_completeUploadExternal(self, args: dict) -> dict:
        items = _need(args, "files")
        if args.get("thread_ts") and not args.get("channel_id"):
            raise SlackError("invalid_arguments", "thread_ts needs channel_id")
        shared = []
        for item in items:
            stored = self.files.get(item.get("id"))
            if stored is None or stored["data"] is None:
                raise SlackError("file_not_found")
            stored["title"] = item.get("title") or stored["name"]
            shared.append({k: v for k, v in stored.items() if k != "data"})
        if args.get("channel_id"):
            self._post(args["channel_id"], {"text": args.get("initial_comment", ""),
                                            "thread_ts": args.get("thread_ts"), "files": shared})
        return {"files": shared}

    def views_open(self, args: dict) -> dict:
        trigger_id, view = _need(args, "trigger_id"), _need(args, "view")
        issued = self._triggers.pop(trigger_id, None)
        if issued is None:
            raise SlackError("invalid_trigger_id")
        if time.monotonic() - issued > TRIGGER_LIFETIME:
            raise SlackError("expired_trigger_id")
        _check_blocks(view.get("blocks", []))
        return {"view": {"id": f"V{next(self._numbers)}", **view}}

    def views_publish(self, args: dict) -> dict:
        _need(args, "user_id")
        view = _need(args, "view")
        _check_blocks(view.get("blocks", []))
        return {"view": {"id": f"V{next(self._numbers)}", **view}}

    def users_info(self, args: dict) -> dict:
        user = self.users.get(args.get("user"))
        if user is None:
            raise SlackError("user_not_found")
        return {"user": user}

    def conversations_open(self, args: dict) -> dict:
        user = str(_need(args, "users", "users_list_not_supplied"))
        if "," in user:
            raise SlackError("not_allowed", "multi-person DMs are not opened by the bot")
        if user not in self.users:
            raise SlackError("user_not_found")
        return {"channel": {"id": dm_channel_of(user), "is_im": True, "user": user}}

    # -- the manifest API (configuration token) -------------------------------------------
    def _manifest(self, args: dict) -> dict:
        raw = _need(args, "manifest")
        try:
            manifest = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            raise SlackError("invalid_manifest", errors=[
                {"message": "manifest is not valid JSON", "pointer": "/"}]) from None
        name = (manifest.get("display_information") or {}).get("name") \
            if isinstance(manifest, dict) else None
        if not name:
            raise SlackError("invalid_manifest", errors=[
                {"message": "must have required property 'name'",
                 "pointer": "/display_information/name"}])
        return manifest

    def apps_manifest_validate(self, args: dict) -> dict:
        self._manifest(args)
        return {}

    def apps_manifest_create(self, args: dict) -> dict:
        manifest = self._manifest(args)
        number = next(self._numbers)
        app_id = f"A0APP{number:04d}"
        self.apps[app_id] = manifest
        client_id = f"1000.{number}"
        return {"app_id": app_id,
                "credentials": {"client_id": client_id, "client_secret": f"client-secret-{number}",
                                "verification_token": f"verification-{number}",
                                "signing_secret": f"signing-secret-{number}"},
                "oauth_authorize_url": "https://slack.com/oauth/v2/authorize?client_id="
                                       f"{client_id}&scope=chat:write"}

    def apps_manifest_update(self, args: dict) -> dict:
        app_id = str(_need(args, "app_id"))
        manifest = self._manifest(args)
        if app_id not in self.apps:
            raise SlackError("app_not_found")
        self.apps[app_id] = manifest
        return {"app_id": app_id, "permissions_updated": False}

    def _listing(self, messages: list[dict], args: dict) -> dict:
        keep_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        limit = int(args.get("limit") or 100)
        shown = [{k: v for k, v in m.items() if k != "metadata" or keep_metadata}
                 for m in messages[:limit]]
        return {"messages": shown, "has_more": len(messages) > limit}

    def conversations_history(self, args: dict) -> dict:
        channel = _need(args, "channel", "channel_not_found")
        return self._listing(list(reversed(self.top_level(channel))), args)

    def conversations_replies(self, args: dict) -> dict:
        channel, ts = _need(args, "channel", "channel_not_found"), _need(args, "ts")
        try:
            parent = self.message(channel, ts)
        except StopIteration:
            raise SlackError("thread_not_found") from None
        return self._listing([parent, *self.thread(channel, ts)], args)

    def call(self, method: str, args: dict, token: str | None) -> tuple[int, dict, dict]:
        """One Web API call: (HTTP status, headers, JSON body)."""
        with self._lock:
            self.calls.append(Call(method, args))
            limit = self._limits.get(method)
            if limit and limit[1] > 0:
                limit[1] -= 1
                return 429, {"Retry-After": str(limit[0])}, {"ok": False, "error": "ratelimited"}
            handler = getattr(self, method.replace(".", "_"), None)
            if handler is None:
                return 200, {}, {"ok": False, "error": "unknown_method"}
            if not token:
                return 200, {}, {"ok": False, "error": "not_authed"}
            if token not in (self.token, self.config_token):
                return 200, {}, {"ok": False, "error": "invalid_auth"}
            if (token == self.config_token) != method.startswith("apps.manifest."):
                return 200, {}, {"ok": False, "error": "not_allowed_token_type"}
            try:
                return 200, {}, {"ok": True, **handler(args)}
            except SlackError as err:
                body = {"ok": False, "error": err.error, **err.extra}
                if err.detail:
                    body["response_metadata"] = {"messages": [err.detail]}
                return 200, {}, body


def dm_channel_of(user: str) -> str:
    return "D" + user.removeprefix("U")


def _arguments(query: str, body: bytes, content_type: str) -> dict:
    args: dict = dict(parse_qsl(query))
    if content_type.startswith("application/json"):
        args.update(json.loads(body or b"{}"))
    elif body:
        args.update(parse_qsl(body.decode("utf-8")))
    for name in JSON_ARGS:
        if isinstance(args.get(name), str):
            args[name] = json.loads(args[name])
    return args


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class SlackWebAPI(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _reply(self, status: int, body: bytes, headers: dict | None = None,
                   content_type: str = "application/json; charset=utf-8") -> None:
            self.send_response(status)
            for name, value in {"Content-Type": content_type, **(headers or {})}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _token(self, args: dict) -> str | None:
            auth = self.headers.get("Authorization", "")
            return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else \
                args.pop("token", None)

        def _route(self) -> None:
            parts = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            kind, _, rest = parts.path.lstrip("/").partition("/")
            if kind == "api" and fake.down:
                self._reply(503, b"Service Unavailable", content_type="text/plain")
            elif kind == "api":
                args = _arguments(parts.query, body, self.headers.get("Content-Type", ""))
                status, headers, answer = fake.call(rest, args, self._token(args))
                self._reply(status, json.dumps(answer).encode(), headers)
            elif kind == "upload":
                status, text = fake.upload(rest, body)
                self._reply(status, text.encode(), content_type="text/plain")
            elif kind == "respond":
                fake.responses.setdefault(rest, []).append(json.loads(body))
                self._reply(200, b"ok", content_type="text/plain")
            elif kind == "files":
                self._download(rest.split("/")[0])
            else:
                self._reply(404, b"")

        def _download(self, file_id: str) -> None:
            item = fake.files.get(file_id)
            if item is None or self.headers.get("Authorization") != f"Bearer {fake.token}":
                self._reply(403, b"<html>sign in</html>", content_type="text/html")
            else:
                self._reply(200, item["data"], content_type=item["mimetype"])

        do_GET = do_POST = _route

        def log_message(self, format: str, *args: object) -> None:
            pass

    return SlackWebAPI
