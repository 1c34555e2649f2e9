"""Content-addressed blob storage: a key is the sha256 of the bytes.

Writes are atomic (temp file, fsync, rename, fsync of the folder) and deduplicated,
so a crash leaves either the whole blob or nothing under its key; a blob is always
written before the database row that names it is committed. Other backends (S3, see
config/storage_s3.py) implement the same small protocol.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from .durable import write_durably
from .errors import StorageError


class BlobStore(Protocol):
    def put(self, data: bytes) -> str: ...
    def get(self, sha256: str) -> bytes: ...
    def exists(self, sha256: str) -> bool: ...
    def keys(self) -> Iterator[str]: ...
    def modified(self, sha256: str) -> float: ...  # epoch seconds
    def delete(self, sha256: str) -> None: ...
    def location(self, sha256: str) -> str: ...  # where a person finds it (path or URL)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_key(sha256: str) -> str:
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a sha256 key: {sha256!r}")
    return sha256


def fanned_out(sha256: str) -> str:
    """`ab/cd/abcdef…`: keeps folders (and S3 prefixes) small."""
    return f"{sha256[:2]}/{sha256[2:4]}/{check_key(sha256)}"


class LocalBlobStore:
    """Blobs in a folder (local disk or a shared network file system)."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        return self.root / fanned_out(sha256)

    def location(self, sha256: str) -> str:
        return str(self.path(sha256))

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def keys(self) -> Iterator[str]:
        """Every stored key; temporary files of unfinished writes are skipped."""
        for path in self.root.glob("??/??/*"):
            if not path.name.startswith(".tmp-"):
                yield path.name

    def modified(self, sha256: str) -> float:
        return self.path(sha256).stat().st_mtime

    def delete(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def stale_temp_files(self, older_than: float) -> list[Path]:
        return [p for p in self.root.glob("??/??/.tmp-*") if p.stat().st_mtime < older_than]

    def put(self, data: bytes) -> str:
        key = sha256_of(data)
        target = self.path(key)
        if target.exists():
            return key
        try:
            write_durably(target, data)
        except OSError as err:
            raise StorageError(f"cannot store blob in {self.root}: {err.strerror}") from err
        return key
