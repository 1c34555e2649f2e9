"""Blobs in S3-compatible object storage (AWS S3, MinIO, Ceph, R2), through boto3.

Optional: `pip install proofdesk[s3]`. Keys are `<prefix>/ab/cd/<sha256>` like the
local folder; an upload is finished (and its checksum verified by the server) before
the database row that names it is committed, as with the local store.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from urllib.parse import urlsplit

from core.blobs import check_key, fanned_out, sha256_of
from core.errors import InvalidInput, StorageError


class S3BlobStore:
    def __init__(self, url: str, endpoint_url: str | None = None, client=None):
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise InvalidInput(f"blob store URL {url!r} must look like s3://bucket/prefix")
        self.bucket, self.prefix = parts.netloc, parts.path.strip("/")
        if client is None:
            try:
                import boto3
            except ImportError:
                raise InvalidInput("S3 storage needs boto3: pip install 'proofdesk[s3]'") from None
            client = boto3.client("s3", endpoint_url=endpoint_url or None)
        self.client = client

    def _key(self, sha256: str) -> str:
        return f"{self.prefix}/{fanned_out(sha256)}" if self.prefix else fanned_out(sha256)

    def location(self, sha256: str) -> str:
        return f"s3://{self.bucket}/{self._key(sha256)}"

    def exists(self, sha256: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(sha256))
            return True
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise

    def put(self, data: bytes) -> str:
        key = sha256_of(data)
        try:
            if not self.exists(key):
                checksum = base64.b64encode(hashlib.sha256(data).digest()).decode()
                self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data,
                                       ChecksumSHA256=checksum)
        except Exception as err:  # noqa: BLE001 - any failure means: not stored
            raise StorageError(f"cannot store blob in {self.location(key)}: {err}") from err
        return key

    def get(self, sha256: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self._key(sha256))["Body"].read()

    def keys(self) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=f"{self.prefix}/" if self.prefix else "")
        for page in pages:
            for item in page.get("Contents", []):
                name = item["Key"].rsplit("/", 1)[-1]
                try:
                    yield check_key(name)
                except ValueError:
                    continue  # not ours

    def modified(self, sha256: str) -> float:
        head = self.client.head_object(Bucket=self.bucket, Key=self._key(sha256))
        return head["LastModified"].timestamp()

    def delete(self, sha256: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(sha256))
