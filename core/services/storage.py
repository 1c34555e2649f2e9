"""Moving the blob store (e.g. from the local folder to S3): copy, verify, resumable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..actors import Actor
from ..blobs import BlobStore, sha256_of
from ..permissions import Cap


@dataclass
class MigrationReport:
    copied: int = 0
    already_there: int = 0
    bad: list[str] = field(default_factory=list)  # keys whose copy did not verify


def migrate(actor: Actor, source: BlobStore, target: BlobStore,
            progress: Callable[[int, int], None] | None = None) -> MigrationReport:
    """Copy every blob that is not yet in the target; check every target copy's hash.

    Run it again after an interruption: what is there is verified and kept.
    """
    actor.require(Cap.MANAGE_BRANDS, None)
    report = MigrationReport()
    keys = list(source.keys())
    for done, sha in enumerate(keys, start=1):
        if target.exists(sha):
            report.already_there += 1
        else:
            target.put(source.get(sha))
            report.copied += 1
        if sha256_of(target.get(sha)) != sha:
            report.bad.append(sha)
        if progress:
            progress(done, len(keys))
    return report
