"""Acknowledge latency of the Slack bot under load, against a bare Bolt app in the same run.

    .venv/bin/python benchmarks/slack.py [--requests 2000] [--clients 20] [--postgres URL]

Proofdesk's bot is a real `proofdesk serve` (mail gateway off, Slack in HTTP mode); the
bare app is a Bolt app on the same HTTP server whose handler only acks, in a process of
its own. 20 clients on keep-alive connections send signed `block_actions` Approve clicks
as Slack would; the local fake Slack Web API runs in another process. Every asset gets
two clicks from two reviewers in random order, so the run also proves each decision is
applied exactly once: one approval per asset, one "already approved" refusal per asset.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.actors import SYSTEM  # noqa: E402
from core.db import database  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402
from tests.fakes.slack_signing import TEAM, signature_headers  # noqa: E402

SECRET = "benchmark-signing-secret"
TOKEN = "xoxb-bench"
CHANNEL = "C0BENCH"
REVIEWERS = ("U0REV1", "U0REV2")


# -- child processes: the apps under test, and the fake Slack Web API ----------------------
def fake_slack() -> None:
    """Serve the fake Web API until SIGTERM, then print what it was asked to do."""
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    with FakeSlack(token=TOKEN).start() as fake:
        print(f"ready {fake.base}", flush=True)
        stopped.wait()
        refused = [t for t in fake.ephemerals_to(REVIEWERS[0]) + fake.ephemerals_to(REVIEWERS[1])
                   if "was already approved by" in t]
        print(json.dumps({"card_updates": len(fake.calls_to("chat.update")),
                          "already_approved_refusals": len(refused)}), flush=True)



def bare_app() -> None:
    """A Bolt app whose handler only acks, on the bot's HTTP server, until SIGTERM."""
    from slack_bolt import App

    from bot.http import SlackHTTPServer
    from config.settings import load_settings
    from config.slack import _listen_address, slack_client

    settings = load_settings()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    app = App(client=slack_client(settings), signing_secret=SECRET, process_before_response=True)

    @app.action("approve")
    def only_ack(ack):
        ack()

    stop = SlackHTTPServer(app, *_listen_address(settings)).start().stop
    print("ready", flush=True)
    stopped.wait()
    stop()


# -- the library and the cards -----------------------------------------------------------
def build_library(api_url: str, assets: int, folder: Path) -> list[tuple[int, str]]:
    """A brand, two linked reviewers and `assets` assets in review, each with its card."""
    from slack_sdk import WebClient

    from config.settings import load_settings
    from config.wiring import open_core
    from core.models import Asset, AssetVersion, OrderLine
    from core.services import brands, orders, people, threads

    core = open_core(load_settings())
    brands.add_brand(SYSTEM, "bench", "Bench", slack_channel=CHANNEL)
    for number, slack_id in enumerate(REVIEWERS, start=1):
        people.add_user(SYSTEM, f"rev{number}@bench.test", f"Reviewer {number}", "reviewer",
                        "bench", slack_user_id=slack_id)
    brief = folder / "brief.toml"
    products = "".join(f'[[products]]\nsku = "B-{i:05d}"\nname = "Product {i}"\n'
                       for i in range(assets))
    brief.write_text(f'title = "Bench"\nangles = ["front"]\nchannels = ["shopify"]\n{products}')
    order = orders.create_order(core, SYSTEM, "bench", brief).order
    lines = list(OrderLine.select().where(OrderLine.order == order.id).order_by(OrderLine.id))
    with database.atomic():
        for start in range(0, len(lines), 500):
            chunk = list(enumerate(lines[start:start + 500], start=start + 1))
            Asset.insert_many([{"id": i, "brand": line.order.brand_id, "product": line.product_id,
                                "order_line": line.id, "angle": "front", "period": "2025-10",
                                "current_version_id": i, "current_number": 1}
                               for i, line in chunk]).execute()
            AssetVersion.insert_many([{"id": i, "asset": i, "number": 1, "master_sha256": "0" * 64,
                                       "master_ext": "jpg", "original_name": "m.jpg",
                                       "size_bytes": 1, "width": 1, "height": 1}
                                      for i, _ in chunk]).execute()
    client = WebClient(token=TOKEN, base_url=api_url)
    cards = []
    for asset_id in range(1, assets + 1):
        ts = client.chat_postMessage(channel=CHANNEL, text=f"card {asset_id}")["ts"]
        threads.record_card(asset_id, CHANNEL, ts)
        cards.append((asset_id, ts))
    database.obj.close()
    return cards


def clicks(cards: list[tuple[int, str]], fake_base: str, seed: int = 5) -> list[str]:
    """Form bodies of block_actions: each card's Approve v1 by both reviewers, shuffled."""
    bodies = []
    for asset_id, ts in cards:
        for user in REVIEWERS:
            payload = {
                "type": "block_actions", "team": TEAM, "api_app_id": "A0PROOF",
                "user": {"id": user, "username": user.lower(), "team_id": TEAM["id"]},
                "container": {"type": "message", "message_ts": ts, "channel_id": CHANNEL},
                "trigger_id": f"{asset_id}.{user}",
                "channel": {"id": CHANNEL, "name": "bench"},
                "message": {"ts": ts, "text": f"card {asset_id}"},
                "response_url": f"{fake_base}/respond/bench",
                "actions": [{"action_id": "approve", "block_id": "decide", "type": "button",
                             "value": f"{asset_id}:1", "action_ts": str(time.time())}]}
            bodies.append("payload=" + _quote(json.dumps(payload)))
    random.Random(seed).shuffle(bodies)
    return bodies


def _quote(text: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(text)


# -- load --------------------------------------------------------------------------------
def load(port: int, bodies: list[str], clients: int) -> list[float]:
    """Send every body once over `clients` keep-alive connections; latencies in ms."""
    import http.client

    work: queue.Queue[str] = queue.Queue()
    for body in bodies:
        work.put(body)
    times: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while True:
            try:
                body = work.get_nowait()
            except queue.Empty:
                break
            headers = {"Content-Type": "application/x-www-form-urlencoded",
                       **signature_headers(SECRET, body)}
            start = time.perf_counter()
            conn.request("POST", "/slack/events", body.encode(), headers)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            assert response.status == 200, response.status
        conn.close()
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"requests": len(ordered), "p50_ms": round(statistics.median(ordered), 2),
            "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1], 2),
            "max_ms": round(ordered[-1], 2)}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _child(env: dict, command: list[str], ready: str) -> tuple[subprocess.Popen, str]:
    """Start a child; returns it and the rest of its first output line starting `ready`."""
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    for line in proc.stdout:
        if line.strip().startswith(ready):
            return proc, line.strip().removeprefix(ready).strip()
    raise RuntimeError(f"{' '.join(command)} did not start")


def _script(*args: str) -> list[str]:
    return [sys.executable, __file__, *args]


SERVE = [sys.executable, "-m", "config.cli", "serve"]


def _drained() -> float:
    """Seconds until the outbox holds nothing undelivered: every click applied, every
    card redrawn, every refusal said."""
    from config.settings import load_settings
    from core.db import open_database
    from core.models import OutboxMessage

    open_database(load_settings().database_url)
    start = time.perf_counter()
    while (OutboxMessage.select().where(OutboxMessage.delivered_at.is_null()
                                        & OutboxMessage.failed_at.is_null()).count()):
        time.sleep(0.05)
    database.obj.close()
    return round(time.perf_counter() - start, 2)


def measure(kind: str, env: dict, bodies: list[str], clients: int, warmup: int) -> dict:
    port = _free_port()
    env = {**env, "PROOFDESK_HTTP_LISTEN": f"127.0.0.1:{port}", "PROOFDESK_SMTP_LISTEN": ""}
    if kind == "desk":
        proc, _ = _child(env, SERVE, "Slack: HTTP mode at")
    else:
        proc, _ = _child(env, _script("--bare"), "ready")
    try:
        load(port, bodies[:warmup], clients)
        result = summary(load(port, bodies[warmup:], clients))
        drain = _drained() if kind == "desk" else 0.0
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=600)
    return {**result, "drain_s_after_last_ack": drain}


def check_exactly_once(fake: dict, assets: int) -> dict:
    """One approval per asset, every other click refused as already approved."""
    from core.models import Asset, Decision

    decisions = Decision.select().count()
    approved = Asset.select().where(Asset.status == "approved").count()
    ok = (decisions == approved == assets == fake["already_approved_refusals"]
          == fake["card_updates"])
    return {"decisions": decisions, "assets_approved": approved, **fake, "exactly_once": ok}


def run(env: dict, requests: int, clients: int, warmup: int) -> dict:
    from config.settings import load_settings
    from core.db import open_database

    assets = (requests + warmup) // 2
    fake, fake_base = _child(env, _script("--fake"), "ready")
    env = {**env, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET,
           "PROOFDESK_SLACK_API_URL": f"{fake_base}/api/"}
    os.environ.update(env)
    with tempfile.TemporaryDirectory() as folder:
        cards = build_library(f"{fake_base}/api/", assets, Path(folder))
    bodies = clicks(cards, fake_base)
    try:
        bare = measure("bare", env, bodies, clients, warmup)
        desk = measure("desk", env, bodies, clients, warmup)
    finally:
        fake.send_signal(signal.SIGTERM)
        said = json.loads(fake.stdout.read())
        fake.wait()
    open_database(load_settings().database_url)
    check = check_exactly_once(said, assets)
    database.obj.close()
    return {"database": load_settings().database_url.split(":")[0], "clients": clients,
            "cpus": os.cpu_count(), "bare_bolt_only_acks": bare, "proofdesk_bot": desk,
            "p99_ratio": round(desk["p99_ms"] / bare["p99_ms"], 2), **check}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--postgres", help="postgresql://... to run on PostgreSQL "
                        "(creates and drops its own schema)")
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--fake", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare or args.fake:
        bare_app() if args.bare else fake_slack()
        return
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PROOFDESK_HOME": home}
        env.pop("PROOFDESK_CONFIG", None)
        if args.postgres:
            env["PROOFDESK_DATABASE_URL"] = _postgres_schema(args.postgres)
        try:
            print(json.dumps(run(env, args.requests, args.clients, args.warmup), indent=2))
        finally:
            if args.postgres:
                _drop_postgres_schema(args.postgres)


SCHEMA = "bench_slack"


def _postgres_schema(url: str) -> str:
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    conn.cursor().execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
    conn.close()
    return f"{url}?options=-csearch_path%3D{SCHEMA}"


def _drop_postgres_schema(url: str) -> None:
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    conn.cursor().execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    conn.close()


if __name__ == "__main__":
    main()
