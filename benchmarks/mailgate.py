"""Mail gateway throughput: replies applied per second vs a bare aiosmtpd server.

    .venv/bin/python benchmarks/mailgate.py [--replies 2000] [--clients 8]

8 concurrent SMTP clients on loopback send valid review replies; the clock runs from the
first byte sent to the last comment applied in the database. The baseline is aiosmtpd
with a handler that only appends to a list, measured in the same run. Zero lost: the
number of comments must equal the number of 250 answers.
"""

from __future__ import annotations

import argparse
import json
import os
import smtplib
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiosmtpd.controller import Controller  # noqa: E402

from benchmarks.common import progress, temporary_home  # noqa: E402

DOMAIN = "proofdesk.localhost"


def _send_all(port: int, recipient: str, count: int, clients: int, tag: str) -> int:
    """Send `count` replies over `clients` connections; returns how many got 250."""
    accepted = []

    def client(number: int) -> None:
        ok = 0
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
            for i in range(number, count, clients):
                body = (f"From: rev@acme.test\r\nTo: {recipient}\r\nSubject: Re: review\r\n"
                        f"Message-ID: <{tag}-{i}@client.test>\r\n\r\nComment number {i}.\r\n"
                        "\r\nOn Mon, 23 Nov 2026 at 09:00, Proofdesk wrote:\r\n> Review\r\n")
                smtp.sendmail("rev@acme.test", [recipient], body)
                ok += 1
        accepted.append(ok)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(accepted)


class _Bare:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content)
        return "250 OK"


def bare(count: int, clients: int) -> float:
    from tests.fakes.mail_sink import free_port

    handler, port = _Bare(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        start = time.perf_counter()
        _send_all(port, f"review+x@{DOMAIN}", count, clients, "bare")
        return count / (time.perf_counter() - start)
    finally:
        controller.stop()


def proofdesk(count: int, clients: int) -> dict:
    from config.settings import load_settings, secret_key
    from config.wiring import open_core
    from core.actors import SYSTEM
    from core.services import brands, orders, people
    from core.services.ingest import ingest_paths
    from core.services.library import list_assets
    from core.services.notices import version_notice
    from mailgate.processor import MailConfig
    from mailgate.service import MailService
    from mailgate.tokens import make_token
    from tests.mailgate.conftest import LoopThread

    core = open_core(load_settings())
    settings = load_settings()
    brands.add_brand(SYSTEM, "acme", "Acme")
    people.add_user(SYSTEM, "rev@acme.test", "Rev", "reviewer", "acme")
    brief = Path(os.environ["PROOFDESK_HOME"]) / "brief.toml"
    brief.write_text('angles = ["front"]\nchannels = ["instagram"]\n[[products]]\n'
                     'sku = "AC-1"\nname = "Lamp"\n')
    order = orders.create_order(core, SYSTEM, "acme", brief).order
    from config.demo import master_image

    master = brief.parent / "AC-1_2025-10_front_master.jpg"
    master.write_bytes(master_image(1, (1200, 900)))
    ingest_paths(core, SYSTEM, order.id, [master])
    asset = list_assets(SYSTEM).rows[0]
    version_id = [v for v in [version_notice(1)] if v.asset_id == asset.id][0].version_id
    secret = secret_key(settings)
    token = make_token(secret, version_id, people.actor_for_email("rev@acme.test").user_id)
    runner = LoopThread()
    service = MailService(core, MailConfig(secret=secret), reply_domain=DOMAIN)
    port = runner.run(service.start("127.0.0.1", 0))
    start = time.perf_counter()
    accepted = _send_all(port, f"review+{token}@{DOMAIN}", count, clients, "pd")
    received = time.perf_counter()
    from core.models import Comment

    while (done := Comment.select().count()) < accepted:
        progress("applied", done, accepted)
        time.sleep(0.2)
    progress("applied", accepted, accepted)
    elapsed = time.perf_counter() - start
    runner.run(service.stop())
    runner.close()
    return {"accepted_250": accepted, "comments_applied": Comment.select().count(),
            "accept_rate_per_s": round(accepted / (received - start), 1),
            "applied_rate_per_s": round(accepted / elapsed, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database-url", help="default: SQLite in a temporary home")
    args = parser.parse_args()
    with temporary_home(args.database_url):
        result = proofdesk(args.replies, args.clients)
    result["bare_aiosmtpd_per_s"] = round(bare(args.replies, args.clients), 1)
    result["applied_vs_bare"] = round(result["applied_rate_per_s"] / result["bare_aiosmtpd_per_s"],
                                      3)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
