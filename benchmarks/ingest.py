"""Batch ingest on one core and on all cores, in the same run.

    .venv/bin/python benchmarks/ingest.py [--masters 100] [--size 4000x3000]

Ingests the same set of generated studio masters twice into fresh homes: with one
worker, then with `os.cpu_count()` workers (rendering in processes, committing in order).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def run(folder: Path, count: int, workers: int) -> float:
    from config.settings import load_settings
    from config.wiring import open_core
    from core.actors import SYSTEM
    from core.services import brands, ingest, orders

    core = open_core(load_settings())
    brands.add_brand(SYSTEM, "acme", "Acme")
    brief = Path(os.environ["PROOFDESK_HOME"]) / "brief.toml"
    products = "".join(f'[[products]]\nsku = "B-{n:04d}"\nname = "P{n}"\n' for n in range(count))
    brief.write_text('angles = ["front"]\nchannels = ["amazon", "shopify", "instagram"]\n'
                     + products)
    order = orders.create_order(core, SYSTEM, "acme", brief).order.id
    started = time.perf_counter()
    outcomes = ingest.ingest_paths(core, SYSTEM, order, [folder], workers=workers)
    elapsed = time.perf_counter() - started
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    return elapsed


def main() -> None:
    from config.demo import master_image

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--masters", type=int, default=100)
    parser.add_argument("--size", default="4000x3000")
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "masters"
        folder.mkdir()
        for n in range(args.masters):
            (folder / f"B-{n:04d}_2026-01_front_master.jpg").write_bytes(master_image(n, size))
        result = {"masters": args.masters, "size": args.size}
        for workers in (1, cores):
            os.environ["PROOFDESK_HOME"] = f"{tmp}/home{workers}"
            elapsed = run(folder, args.masters, workers)
            result[f"{workers}_workers_masters_per_s"] = round(args.masters / elapsed, 2)
        result["speedup"] = round(result[f"{cores}_workers_masters_per_s"]
                                  / result["1_workers_masters_per_s"], 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
