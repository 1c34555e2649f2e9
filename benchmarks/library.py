"""Library query latency on a 1,000,000-version library (200 brands), SQLite and PostgreSQL.

    .venv/bin/python benchmarks/library.py [--versions 1000000] [--postgres URL]

Builds the library with bulk inserts (a realistic, skewed spread: a few big brands,
many small ones; 1-6 angles per product; 1-5 versions per asset), then times the
queries front-ends make, through the core services, against two baselines measured in
the same run: a primary-key lookup (the floor of one query) and OFFSET pagination (the
naive way to page a season).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import latencies, progress  # noqa: E402
from core.actors import SYSTEM  # noqa: E402
from core.db import database, open_database  # noqa: E402
from core.models import (  # noqa: E402
    Asset,
    AssetVersion,
    Brand,
    Membership,
    Order,
    OrderLine,
    Product,
    Season,
    User,
)
from core.schema import ensure_schema  # noqa: E402
from core.services import library, people  # noqa: E402
from core.services.library import AssetFilter  # noqa: E402

ANGLES = ("front", "back", "side", "detail", "lifestyle", "top")
STATUSES = ("in_review", "approved", "changes_requested")
BATCH = 2000


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        model.insert_many(rows[start:start + BATCH]).execute()


def build(versions_wanted: int, brands: int = 200, seed: int = 1) -> dict:
    """Bulk-load the library; returns ids the queries use."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(brands)]  # a few big brands, a long tail
    share = [w / sum(weights) for w in weights]
    now = dt.datetime(2026, 11, 1)
    made = 0
    with database.atomic():
        _insert(Brand, [{"slug": f"brand-{b}", "name": f"Brand {b}"} for b in range(brands)])
        _insert(Season, [{"brand": b + 1, "name": s} for b in range(brands)
                         for s in ("AW25", "SS26", "AW26")])
        _insert(User, [{"email": f"rev{b}@brand.test", "name": f"Reviewer {b}"}
                       for b in range(brands)])
        _insert(Membership, [{"user": b + 1, "brand": b + 1, "role": "reviewer"}
                             for b in range(brands)])
        deadlines = [now.date() + dt.timedelta(days=rng.randrange(-10, 60)) for _ in range(brands)]
        _insert(Order, [{"brand": b + 1, "title": f"Order {b}", "brief": {},
                         "deadline": deadlines[b]} for b in range(brands)])
    product_id = asset_id = version_id = 0
    for b in range(brands):
        target = int(versions_wanted * share[b])
        products, lines, assets, versions = [], [], [], []
        brand_versions = 0
        while brand_versions < target:
            product_id += 1
            season = b * 3 + 1 + rng.randrange(3)
            products.append({"id": product_id, "brand": b + 1, "sku": f"B{b}-{product_id:07d}",
                             "name": f"Product {product_id}", "season": season})
            for angle in rng.sample(ANGLES, rng.randint(1, 6)):
                asset_id += 1
                lines.append({"id": asset_id, "order": b + 1, "product": product_id,
                              "angle": angle, "channels": "amazon,shopify"})
                count = min(5, 1 + int(rng.expovariate(1.2)))
                waiting = now - dt.timedelta(hours=rng.randrange(1, 2000))
                status = rng.choice(STATUSES)
                for number in range(1, count + 1):
                    version_id += 1
                    versions.append({
                        "id": version_id, "asset": asset_id, "number": number,
                        "master_sha256": f"{version_id:064x}", "master_ext": "tif",
                        "original_name": "x.tif", "size_bytes": 90_000_000, "width": 6000,
                        "height": 4000, "uploaded_at": waiting,
                        "status": status if number == count else "superseded"})
                assets.append({"id": asset_id, "brand": b + 1, "product": product_id,
                               "due": deadlines[b],
                               "order_line": asset_id, "angle": angle, "period": "2025-10",
                               "current_version_id": version_id, "current_number": count,
                               "status": status, "waiting_since": waiting, "updated_at": waiting})
                brand_versions += count
        with database.atomic():
            for model, rows in ((Product, products), (OrderLine, lines), (Asset, assets),
                                (AssetVersion, versions)):
                _insert(model, rows)
        made += brand_versions
        progress("building", b + 1, brands)
    _fix_sequences()
    return {"versions": made, "assets": asset_id, "products": product_id, "brands": brands}


def _fix_sequences() -> None:
    if not isinstance(database.obj, __import__("peewee").PostgresqlDatabase):
        return
    for model in (Product, OrderLine, Asset, AssetVersion):
        table = model._meta.table_name
        database.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                             f"(SELECT MAX(id) FROM \"{table}\"))")
    database.execute_sql("ANALYZE")


def measure(shape: dict, repeat: int = 200) -> dict:
    rng = random.Random(2)
    skus = [p.sku for p in Product.select(Product.sku).where(
        Product.id.in_([rng.randrange(1, shape["products"]) for _ in range(repeat)]))]
    asset_ids = [rng.randrange(1, shape["assets"]) for _ in range(repeat)]
    reviewer = people.actor_for_email("rev0@brand.test")  # the biggest brand
    results = {
        "baseline: primary-key lookup": latencies(
            lambda i: Asset.get_by_id(asset_ids[i]), repeat),
        "SKU lookup": latencies(
            lambda i: library.list_assets(SYSTEM, AssetFilter(sku=skus[i % len(skus)])), repeat),
        "asset full history": latencies(
            lambda i: library.show_asset(SYSTEM, asset_ids[i]), repeat),
        "reviewer pending list (biggest brand)": latencies(
            lambda i: library.pending_for(reviewer), max(20, repeat // 10)),
    }
    results["free-text search (SKU or product name words), biggest brand"] = latencies(
        lambda i: library.list_assets(SYSTEM, AssetFilter(brand="brand-0",
                                                          text=f"product {i + 11}")),
        max(20, repeat // 10))
    season = AssetFilter(brand="brand-0", season="SS26")
    cursors = [None]
    for _ in range(50):
        cursors.append(library.list_assets(SYSTEM, season, after=cursors[-1]).next_cursor)
    results["season page of 100, keyset (pages 1-50)"] = latencies(
        lambda i: library.list_assets(SYSTEM, season, after=cursors[i % 50]), repeat)
    query = library._apply(library._base_query(SYSTEM), season).order_by(
        Product.sku, Asset.angle, Asset.id)
    results["baseline: season page 50 by OFFSET"] = latencies(
        lambda i: list(query.offset(49 * 100).limit(100)), max(20, repeat // 10))
    return results


def run(url: str, versions: int) -> dict:
    db = open_database(url)
    ensure_schema(db)
    shape = build(versions)
    db.execute_sql("ANALYZE")
    return {"database": url.split("://")[0], **shape, "queries": measure(shape)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="postgresql://... to measure PostgreSQL too "
                        "(the benchmark creates and drops its own schema)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(f"sqlite:///{tmp}/bench.db", args.versions), indent=2), flush=True)
        database.obj.close()
    if args.postgres:
        print(json.dumps(_run_postgres(args.postgres, args.versions), indent=2))


def _run_postgres(url: str, versions: int) -> dict:
    import psycopg2

    schema = "bench_library"
    conn = psycopg2.connect(url)
    conn.autocommit = True
    conn.cursor().execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
    try:
        return run(f"{url}?options=-csearch_path%3D{schema}", versions)
    finally:
        database.obj.close()
        conn.cursor().execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.close()


if __name__ == "__main__":
    main()
