"""Slack's HTTP mode on the standard library: a threading server in front of Bolt.

Bolt's own `App.start()` serves one request at a time and says it is for development;
this serves each request on its own thread, keeps connections alive, and answers only
on the events path (`/slack/events`).
"""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from slack_bolt import App, BoltRequest

log = logging.getLogger("proofdesk.slack")
EVENTS_PATH = "/slack/events"
MAX_BODY = 1024 * 1024  # Slack's payloads are far smaller


def _handler(app: App, events_path: str) -> type[BaseHTTPRequestHandler]:
    class SlackRequests(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            path, _, query = self.path.partition("?")
            length = int(self.headers.get("Content-Length") or 0)
            if path != events_path or length > MAX_BODY:
                self._send(404 if path != events_path else 413, {}, b"")
                return
            body = self.rfile.read(length).decode("utf-8")
            headers = {name.lower(): self.headers.get_all(name) for name in self.headers}
            response = app.dispatch(BoltRequest(body=body, query=query, headers=headers))
            self._send(response.status, response.headers, response.body.encode("utf-8"))

        def _send(self, status: int, headers: dict, body: bytes) -> None:
            self.send_response(status)
            for name, values in headers.items():
                if name.lower() != "content-length":
                    for value in values:
                        self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            log.debug(format, *args)

    return SlackRequests


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 makes a burst of new connections wait for a
    # SYN retransmit (a full second) or be reset; Slack opens many at once.
    request_queue_size = 128


class SlackHTTPServer:
    """Serves a Bolt app on host:port in a background thread until `stop()`."""

    def __init__(self, app: App, host: str, port: int, events_path: str = EVENTS_PATH):
        self.server = _Server((host, port), _handler(app, events_path))
        self.events_path = events_path
        self._thread = threading.Thread(target=self.server.serve_forever, name="slack-http",
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{self.events_path}"

    def start(self) -> SlackHTTPServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()
