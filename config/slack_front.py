"""The process that answers Slack: `proofdesk serve` runs the bot's front end in a child.

Acknowledging a request takes little (a signature check, one insert); applying a decision or
a comment takes milliseconds of CPU that, in the same interpreter, hold the lock the
acknowledging threads need, so under load acknowledgements queued behind the work
(docs/benchmarks.md). The front therefore runs in a process of its own: it holds each
request that changes the library (bot/held.py), acknowledges it, and tells its parent over a
pipe, whose outbox dispatcher applies it at once. Reads, modals and command answers run in
the front itself, within Slack's three seconds.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection

from core.errors import ProofdeskError

from .settings import Settings

log = logging.getLogger("proofdesk.slack")
LISTENER_THREADS = 8  # lazy listeners: mostly waiting on Slack and the database
START_TIMEOUT = 60.0
RESTART_PAUSE = 1.0  # before starting a front that died again, so a crash loop stays slow
_PARENT_POLL = 0.5  # seconds between checks that the parent is still there


class SlackFront:
    """Runs the front in a child process; calls `on_held` whenever it held a request."""

    def __init__(self, settings: Settings, on_held: Callable[[], None], log_format: str):
        self.settings, self.on_held, self.log_format = settings, on_held, log_format
        self._stopping = threading.Event()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._reader: threading.Thread | None = None

    def start(self) -> str:
        """Start the child and wait until it listens; returns where. A front that cannot
        start (the port is taken, say) raises ProofdeskError saying why."""
        described = self._spawn()
        self._reader = threading.Thread(target=self._watch, name="slack-front", daemon=True)
        self._reader.start()
        return described

    def _spawn(self) -> str:
        context = multiprocessing.get_context("spawn")  # no inherited threads or connections
        self._pipe, child_end = context.Pipe(duplex=False)
        self._process = context.Process(target=run_front, name="proofdesk-slack", daemon=True,
                                        args=(self.settings, child_end, self.log_format))
        self._process.start()
        child_end.close()
        if not self._pipe.poll(START_TIMEOUT):
            raise ProofdeskError(f"the Slack bot did not start within {START_TIMEOUT:g} s")
        kind, text = self._pipe.recv()
        if kind != "ready":
            raise ProofdeskError(text)
        return text

    def _watch(self) -> None:
        """Wake the dispatcher per held request; start the front again if it dies."""
        while not self._stopping.is_set():
            try:
                self._pipe.recv()
                self.on_held()
            except (EOFError, OSError):
                if self._stopping.is_set():
                    return
                log.error("the Slack front stopped unexpectedly; starting it again",
                          extra={"event": "slack_front_restart"})
                time.sleep(RESTART_PAUSE)
                self._spawn_until_ready()

    def _spawn_until_ready(self) -> None:
        while not self._stopping.is_set():
            try:
                self._spawn()
                return
            except (ProofdeskError, OSError) as err:
                log.error("the Slack front failed to start", extra={"error": str(err)})
                time.sleep(RESTART_PAUSE)

    def stop(self) -> None:
        """SIGTERM: the front stops listening and finishes the requests it has taken."""
        self._stopping.set()
        if self._process is not None:
            self._process.terminate()
            self._process.join(30)
        if self._reader is not None:
            self._reader.join(5)


def run_front(settings: Settings, pipe: Connection, log_format: str) -> None:
    """The child: answer Slack until SIGTERM, or until the parent is gone."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.app import build_app
    from bot.held import RequestHolder

    from .serve import setup_logging
    from .slack import listen, slack_client, slack_spool
    from .wiring import open_core

    setup_logging(log_format)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    parent, lock = os.getppid(), threading.Lock()

    def tell_parent() -> None:
        """Best effort: the request is on disk already, and serve looks every second."""
        try:
            with lock:
                pipe.send(("held", ""))
        except OSError:
            pass  # the parent is gone; we exit at the next check

    try:
        core = open_core(settings, pool_size=int(settings["db_pool_size"]))
        executor = ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="slack-work")
        app = build_app(core, slack_client(settings), settings["slack_signing_secret"],
                        RequestHolder(slack_spool(settings), tell_parent), executor)
        close, described = listen(app, settings)
    except Exception as err:  # noqa: BLE001 - the parent reports it and refuses to start
        pipe.send(("failed", f"the Slack bot could not start: {err}"))
        return
    pipe.send(("ready", described))
    while not stopped.wait(_PARENT_POLL) and os.getppid() == parent:
        pass
    close()
    executor.shutdown(wait=True)
