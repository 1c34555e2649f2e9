"""Ingest: masters named by the convention become new versions of their assets.

Each file is its own unit: blobs are written first (content-addressed, atomic), then
one transaction creates the version, its renditions, the audit event and the
notifications. A crash leaves the whole version or nothing; blobs without a row are
invisible to users (and `fsck` reports them).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import audit
from ..actors import Actor
from ..context import Core
from ..db import locking, write_transaction
from ..errors import InvalidInput, ProofdeskError
from ..models import (
    NO_DEADLINE,
    Asset,
    AssetVersion,
    Order,
    OrderLine,
    Product,
    Rendition,
    utcnow,
)
from ..naming import ParsedName, format_name, parse_name
from ..permissions import Cap
from . import notify
from .orders import order_by_id

VERDICT_RANK = {"pass": 0, "advisory": 1, "fail": 2}


@dataclass(frozen=True)
class IngestOutcome:
    file: str
    ok: bool
    asset_id: int | None = None
    version: int | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders walked in name order; hidden files skipped."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*")
                            if p.is_file() and not any(part.startswith(".") for part in
                                                       p.relative_to(path).parts))
        else:
            files.append(path)
    return files


def ingest_paths(core: Core, actor: Actor, order_id: int, paths: Iterable[Path],
                 progress: Callable[[int, int, IngestOutcome], None] | None = None,
                 workers: int = 1) -> list[IngestOutcome]:
    """Ingest files in name order; with `workers` > 1, masters render on that many cores
    while this process commits the finished ones, one transaction each, in order."""
    order = order_by_id(order_id)
    actor.require(Cap.UPLOAD, order.brand_id, order.brand.slug)
    files = expand(paths)
    skus = tuple(p.sku for p in Product.select(Product.sku).join(OrderLine)
                 .where(OrderLine.order == order).distinct())
    outcomes: list[IngestOutcome] = []
    pending: deque = deque()

    def finish_oldest() -> None:
        path, job, work = pending.popleft()
        outcomes.append(_finish(core, actor, path, job, work))
        if progress:
            progress(len(outcomes), len(files), outcomes[-1])

    with _render_pool(workers if len(files) > 2 else 1) as pool:
        for path in files:
            try:
                job = _prepare(core, order, skus, path)
                pending.append((path, job, pool.submit(core.renderer.render, job.data,
                                                       job.line.channels.split(","))))
            except ProofdeskError as err:
                pending.append((path, None, err))
            while len(pending) > 2 * max(workers, 1):  # bounded: masters can be 200 MB
                finish_oldest()
        while pending:
            finish_oldest()
    return outcomes


def _render_pool(workers: int) -> Executor:
    """Processes (from a fork server: no inherited database connections) for several
    cores; otherwise one thread, which still overlaps rendering with committing."""
    if workers > 1:
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"))
    return ThreadPoolExecutor(1)


@dataclass(frozen=True)
class _Job:
    parsed: ParsedName
    line: OrderLine
    data: bytes


def _prepare(core: Core, order: Order, skus: tuple[str, ...], path: Path) -> _Job:
    parsed = parse_name(path.name, core.vocab, skus=skus)
    line = _line_for(order, parsed, path.name)
    try:
        return _Job(parsed, line, path.read_bytes())
    except OSError as err:
        raise InvalidInput(f"cannot read {path}: {err.strerror}") from None


def _finish(core: Core, actor: Actor, path: Path, job: _Job | None, work) -> IngestOutcome:
    """One file's outcome: its rendering's result committed, or the problem it met."""
    try:
        if job is None:
            raise work
        return _commit(core, actor, path, job, work.result())
    except ProofdeskError as err:
        return IngestOutcome(path.name, False, error=str(err))


def _line_for(order: Order, parsed: ParsedName, name: str) -> OrderLine:
    line = (OrderLine.select(OrderLine, Product).join(Product)
            .where((OrderLine.order == order) & (Product.sku == parsed.sku)
                   & (OrderLine.angle == parsed.angle)).first())
    if line is None:
        wanted = ", ".join(f"{line.product.sku}/{line.angle}" for line in
                           OrderLine.select(OrderLine, Product).join(Product)
                           .where(OrderLine.order == order).limit(12))
        raise InvalidInput(f"{name}: {parsed.sku} {parsed.angle} is not in order {order.id} "
                           f"(it asks for {wanted})")
    return line


def _commit(core: Core, actor: Actor, path: Path, job: _Job, result) -> IngestOutcome:
    parsed, line, data = job.parsed, job.line, job.data
    master_sha = core.blobs.put(data)
    stored = _store_outputs(core, result)
    warnings = _near_duplicates(core, line, parsed, result.phash)
    with write_transaction():
        asset = _lock_asset(line, parsed)
        same = AssetVersion.get_or_none(asset=asset, master_sha256=master_sha)
        if same:  # a re-run after an interruption, or the same file twice
            return IngestOutcome(path.name, True, asset.id, same.number,
                                 warnings=(f"identical to v{same.number}; no new version",))
        current = AssetVersion.get_or_none(AssetVersion.id == asset.current_version_id)
        version = _new_version(actor, asset, current, path.name, data, master_sha, result)
        _add_renditions(version, parsed, stored)
        _make_current(asset, version, line, stored)
        audit.record(actor.label, "version.ingested", brand_id=asset.brand_id,
                     subject=f"asset:{asset.id}",
                     data={"version": version.number, "file": path.name, "sha256": master_sha})
        notify.version_ready(asset, version, asset.brand)
    return IngestOutcome(path.name, True, asset.id, version.number, warnings=tuple(warnings))


def _store_outputs(core: Core, result) -> list:
    """Every rendition, the preview and the thumbnail as blobs: [(output, sha256)]."""
    outputs = [*result.renditions.values(), result.preview, result.thumbnail]
    return [(out, core.blobs.put(out.data)) for out in outputs]


def _lock_asset(line: OrderLine, parsed: ParsedName) -> Asset:
    key = (Asset.product == line.product_id) & (Asset.angle == parsed.angle) & (
        Asset.period == parsed.period)
    (Asset.insert(brand=line.product.brand_id, product=line.product_id, order_line=line.id,
                  angle=parsed.angle, period=parsed.period, current_number=0)
     .on_conflict_ignore().execute())
    return locking(Asset.select().where(key)).get()


def _new_version(actor: Actor, asset: Asset, current: AssetVersion | None, name: str,
                 data: bytes, sha: str, result) -> AssetVersion:
    if current is not None:
        current.status = "superseded"
        current.save()
    return AssetVersion.create(
        asset=asset, number=asset.current_number + 1, master_sha256=sha,
        master_ext=name.rsplit(".", 1)[-1].lower(), original_name=name, size_bytes=len(data),
        width=result.width, height=result.height, phash=result.phash,
        uploaded_by=actor.user_id)


def _add_renditions(version: AssetVersion, parsed: ParsedName, stored: list) -> None:
    Rendition.insert_many([{
        "version": version.id, "channel": out.name, "sha256": sha, "ext": out.extension,
        "width": out.width, "height": out.height, "size_bytes": len(out.data),
        "file_name": format_name(parsed.sku, parsed.period, parsed.angle, out.name,
                                 out.extension),
        "verdict": out.verdict, "checks": [asdict(c) for c in out.checks],
    } for out, sha in stored]).execute()


def worst_verdict(stored: list) -> str:
    verdicts = [out.verdict for out, _ in stored if out.name not in ("preview", "thumbnail")]
    return max(verdicts or ["pass"], key=VERDICT_RANK.__getitem__)


def _make_current(asset: Asset, version: AssetVersion, line: OrderLine, stored: list) -> None:
    now = utcnow()
    asset.current_version_id, asset.current_number = version.id, version.number
    asset.status, asset.state, asset.order_line = "in_review", "active", line.id
    asset.due = line.order.deadline or NO_DEADLINE
    asset.verdict = worst_verdict(stored)
    asset.waiting_since = asset.updated_at = now
    asset.save()


def _near_duplicates(core: Core, line: OrderLine, parsed: ParsedName, phash: str) -> list[str]:
    """Other assets of the brand whose current master looks the same (commissioned twice?)."""
    rows = (AssetVersion.select(AssetVersion.phash, Product.sku, Asset.angle, Asset.id)
            .join(Asset, on=(Asset.current_version_id == AssetVersion.id)).join(Product)
            .where((Asset.brand == line.product.brand_id)
                   & ~((Asset.product == line.product_id) & (Asset.angle == parsed.angle)))
            .tuples())
    target = int(phash, 16)
    return [f"looks like {sku} {angle} (asset {asset_id}): already photographed?"
            for other, sku, angle, asset_id in rows
            if other and bin(int(other, 16) ^ target).count("1") <= core.near_duplicate_distance]


def rerender(core: Core, actor: Actor, asset_id: int) -> IngestOutcome:
    """Render the current master again (after a channel spec changed), replacing its renditions."""
    asset = Asset.get_or_none(Asset.id == asset_id)
    if asset is None or asset.current_version_id is None:
        raise InvalidInput(f"asset {asset_id} has no version to render")
    actor.require(Cap.UPLOAD, asset.brand_id, asset.brand.slug)
    version = AssetVersion.get_by_id(asset.current_version_id)
    line = asset.order_line
    channels = line.channels.split(",") if line else []
    result = core.renderer.render(core.blobs.get(version.master_sha256), channels)
    stored = _store_outputs(core, result)
    parsed = ParsedName(asset.product.sku, asset.period, asset.angle, "master", version.master_ext)
    with write_transaction():
        Rendition.delete().where(Rendition.version == version).execute()
        _add_renditions(version, parsed, stored)
        asset.verdict = worst_verdict(stored)
        asset.save()
        audit.record(actor.label, "version.rerendered", brand_id=asset.brand_id,
                     subject=f"asset:{asset.id}", data={"version": version.number})
    return IngestOutcome(version.original_name, True, asset.id, version.number)
