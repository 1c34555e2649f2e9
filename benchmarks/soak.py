"""Soak: everything at once against a real `proofdesk serve`, bounded, loopback only.

    .venv/bin/python benchmarks/soak.py [--seconds 120] [--database-url postgresql://...]

For the given time: SMTP clients reply to review emails, signed Slack thread replies and
Approve clicks hit the bot (HTTP mode, Web API at a local fake), two `proofdesk ingest`
processes add versions, and the desk's queries run in a loop. Then it checks that every
reply answered 250 or 200 became exactly one comment, that nothing failed with
"database is locked", and how serve's memory moved. Stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import smtplib
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import temporary_home  # noqa: E402

CHANNEL, REVIEWER = "C0SOAK", "U0SOAK"
SECRET = "soak-signing-secret"
SKUS = ("SK-1", "SK-2", "SK-3", "SK-4")
DOMAIN = "proofdesk.localhost"
PACE = 0.02  # seconds between one Slack client's requests: a busy team, not a flood


def _p99(values: list[float]) -> float:
    values = sorted(values)
    return round(values[max(0, int(len(values) * 0.99) - 1)] * 1000, 1) if values else 0.0


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {}
        self.errors: Counter = Counter()
        self.sent: dict[str, list[str]] = {"email": [], "slack": []}

    def timed(self, kind: str, started: float) -> None:
        with self.lock:
            self.latency.setdefault(kind, []).append(time.perf_counter() - started)

    def error(self, kind: str, what: str) -> None:
        with self.lock:
            self.errors[f"{kind}: {what}"[:120]] += 1


def _setup(home: Path):
    """A brand with a Slack channel, a reviewer, an order of four SKUs x two angles."""
    from config.demo import master_image
    from config.settings import load_settings
    from config.wiring import open_core
    from core.actors import SYSTEM
    from core.services import brands, ingest, orders, people

    core = open_core(load_settings())
    brands.add_brand(SYSTEM, "acme", "Acme", slack_channel=CHANNEL)
    people.add_user(SYSTEM, "rev@acme.test", "Rev", "reviewer", "acme", REVIEWER)
    people.add_user(SYSTEM, "ret@studio.test", "Ret", "retoucher")
    brief = home / "brief.toml"
    brief.write_text('angles = ["front", "back"]\nchannels = ["instagram"]\n' + "".join(
        f'[[products]]\nsku = "{s}"\nname = "Item {s}"\n' for s in SKUS))
    order = orders.create_order(core, SYSTEM, "acme", brief).order.id
    masters = home / "first"
    masters.mkdir()
    for n, sku in enumerate(SKUS):
        (masters / f"{sku}_2026-01_front_master.jpg").write_bytes(master_image(n, (900, 700)))
    ingest.ingest_paths(core, SYSTEM, order, [masters])
    return core, order


def _tokens() -> list[str]:
    """Reply tokens for what waits for the reviewer (as the notification emails carry)."""
    from config.settings import load_settings, secret_key
    from core.services import library, people
    from mailgate.tokens import make_token

    reviewer = people.actor_for_email("rev@acme.test")
    secret = secret_key(load_settings())
    return [make_token(secret, row.version_id, reviewer.user_id)
            for row in library.pending_for(reviewer)]


def _serve(env: dict, log: Path) -> tuple[subprocess.Popen, list[str]]:
    """serve with its log in a file: a pipe nobody reads would stall it when full."""
    proc = subprocess.Popen([sys.executable, "-m", "config.cli", "serve"], env=env,
                            stdout=subprocess.PIPE, stderr=log.open("w"), text=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if "Stop with Ctrl-C" in line:
            return proc, lines
    raise RuntimeError(f"serve did not start: {lines} {log.read_text()}")


def _mailer(port: int, tokens: list[str], tally: Tally, stop: threading.Event, n: int) -> None:
    rng, count = random.Random(n), 0
    while not stop.is_set():
        body = f"soak mail {n}.{count}"
        started = time.perf_counter()
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=20) as smtp:
                smtp.sendmail("rev@acme.test", [f"review+{rng.choice(tokens)}@{DOMAIN}"],
                              f"From: rev@acme.test\r\nSubject: Re\r\n"
                              f"Message-ID: <{n}.{count}@soak>\r\n\r\n{body}\r\n")
            tally.timed("smtp reply", started)
            with tally.lock:
                tally.sent["email"].append(body)
        except (smtplib.SMTPException, OSError) as err:
            tally.error("smtp", str(err))
        count += 1


def _slacker(url: str, fake, tally: Tally, stop: threading.Event, n: int) -> None:
    from core.services import threads
    from tests.fakes.slack_signing import SlackSender

    sender, count = SlackSender(url, SECRET, fake, first_number=n * 100_000 + 1), 0
    cards = [c for c in (threads.card_of(a) for a in range(1, len(SKUS) + 1)) if c]
    while not stop.is_set() and cards:
        channel, ts = cards[count % len(cards)]
        text = f"soak slack {n}.{count}"
        started = time.perf_counter()
        answer, _ = sender.reply(channel, ts, REVIEWER, text)
        tally.timed("slack thread reply", started)
        if answer.status == 200:
            with tally.lock:
                tally.sent["slack"].append(text)
        else:
            tally.error("slack", f"HTTP {answer.status}")
        stop.wait(PACE)
        if count % 5 == 0:
            started = time.perf_counter()
            answer = sender.click(channel, ts, REVIEWER, "approve", value=f"{count % 4 + 1}:1")
            tally.timed("slack approve click", started)
            if answer.status != 200:
                tally.error("slack click", f"HTTP {answer.status}")
        count += 1
    sender.close()


def _ingester(env: dict, order: int, home: Path, tally: Tally, stop: threading.Event,
              n: int) -> None:
    from config.demo import master_image

    folder, rounds = home / f"ingest{n}", 0
    while not stop.is_set():
        batch = folder / str(rounds)
        batch.mkdir(parents=True)
        for sku in SKUS[n * 2: n * 2 + 2]:
            (batch / f"{sku}_2026-01_back_master.jpg").write_bytes(
                master_image(1000 * n + rounds, (900, 700), shift=rounds % 50))
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "config.cli", "--debug", "ingest", "--order",
                               str(order), str(batch)], env=env, capture_output=True, text=True)
        tally.timed("ingest of 2 masters", started)
        if proc.returncode or "locked" in proc.stderr:
            tally.error("ingest", proc.stderr.strip().splitlines()[-1] if proc.stderr else "")
        rounds += 1


def _reader(tally: Tally, stop: threading.Event) -> None:
    from core.actors import SYSTEM
    from core.services import library
    from core.services.library import AssetFilter

    while not stop.is_set():
        started = time.perf_counter()
        try:
            page = library.list_assets(SYSTEM, AssetFilter(brand="acme"))
            for row in page.rows[:3]:
                library.show_asset(SYSTEM, row.id)
            library.pending_for(SYSTEM)
        except Exception as err:  # noqa: BLE001 - counted, the soak goes on
            tally.error("desk queries", str(err))
        tally.timed("desk query round", started)


def run(seconds: float, clients: int = 3, parts: str = "mail,slack,ingest,desk") -> dict:
    """Run the soak in the current PROOFDESK_HOME / PROOFDESK_DATABASE_URL."""
    from core.models import Comment
    from tests.fakes.mail_sink import free_port
    from tests.fakes.slack_api import FakeSlack

    home = Path(os.environ["PROOFDESK_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    core, order = _setup(home)
    fake = FakeSlack().start()
    fake.add_user(REVIEWER, "rev")
    smtp_port, http_port = free_port(), free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": fake.token, "SLACK_SIGNING_SECRET": SECRET,
           "PROOFDESK_SLACK_API_URL": fake.api_url,
           "PROOFDESK_HTTP_LISTEN": f"127.0.0.1:{http_port}",
           "PROOFDESK_SMTP_LISTEN": f"127.0.0.1:{smtp_port}"}
    serve_log = home / "serve.log"
    serve, _ = _serve(env, serve_log)
    tally, stop = Tally(), threading.Event()
    try:
        deadline = time.monotonic() + 30
        while len(fake.top_level(CHANNEL)) < len(SKUS) and time.monotonic() < deadline:
            time.sleep(0.1)  # the cards are posted by serve's dispatcher
        rss_start, tokens = _rss_kb(serve.pid), _tokens()
        workers = [threading.Thread(target=_mailer, args=(smtp_port, tokens, tally, stop, n))
                   for n in range(clients) if "mail" in parts]
        workers += [threading.Thread(target=_slacker, args=(
            f"http://127.0.0.1:{http_port}/slack/events", fake, tally, stop, n))
            for n in range(2) if "slack" in parts]
        workers += [threading.Thread(target=_ingester, args=(env, order, home, tally, stop, n))
                    for n in range(2) if "ingest" in parts]
        workers += [threading.Thread(target=_reader, args=(tally, stop))] if "desk" in parts \
            else []
        for worker in workers:
            worker.start()
        rss = [rss_start]
        for _ in range(3):  # memory over the run: it should level off, not climb
            time.sleep(seconds / 3)
            rss.append(_rss_kb(serve.pid))
        stop.set()
        for worker in workers:
            worker.join(120)
        expected = len(tally.sent["email"]) + len(tally.sent["slack"])
        deadline = time.monotonic() + 60
        while Comment.select().count() < expected and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.communicate(timeout=60)
        serve_err = serve_log.read_text()
        fake.stop()
    bodies = Counter(c.body.split("] ", 1)[-1] for c in Comment.select())
    sent = tally.sent["email"] + tally.sent["slack"]
    return {
        "seconds": seconds,
        "database": os.environ.get("PROOFDESK_DATABASE_URL", "sqlite").split("://")[0],
        "throughput_per_s": {k: round(len(v) / seconds, 1) for k, v in tally.latency.items()},
        "p99_ms": {k: _p99(v) for k, v in tally.latency.items()},
        "errors": dict(tally.errors),
        "database_locked": serve_err.count("database is locked"),
        "serve_tracebacks": serve_err.count("Traceback"),
        "lost": sum(1 for body in sent if bodies[body] == 0),
        "duplicated": sum(1 for body in sent if bodies[body] > 1),
        "serve_rss_mb_at_thirds": [round(kb / 1024, 1) for kb in rss],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--clients", type=int, default=3, help="SMTP clients")
    parser.add_argument("--database-url", help="default: SQLite in a temporary home")
    parser.add_argument("--parts", default="mail,slack,ingest,desk",
                        help="which loads to run (to find who slows whom)")
    args = parser.parse_args()
    with temporary_home(args.database_url):
        print(json.dumps(run(args.seconds, args.clients, args.parts), indent=2))


if __name__ == "__main__":
    main()
