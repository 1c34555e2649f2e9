"""Files between Slack and the blob store: reply attachments in, previews and diffs out."""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit

from slack_sdk import WebClient

from core.blobs import BlobStore

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
Attachment = tuple[str, str, str, int]  # (sha256, filename, content type, size) as core wants


class AttachmentRefused(Exception):
    """A file of a reply that the bot will not fetch (too big, or not on Slack's hosts)."""


def _trusted(url: str, api_url: str) -> bool:
    """Send the bot token only to Slack (or to the host the Web API is configured at)."""
    host = urlsplit(url).hostname or ""
    return urlsplit(url).scheme in ("https", "http") and (
        host == urlsplit(api_url).hostname or host == "slack.com" or host.endswith(".slack.com"))


def download(url: str, token: str, api_url: str) -> bytes:
    if not _trusted(url, api_url):
        raise AttachmentRefused(f"not fetching a file from {urlsplit(url).hostname}")
    # http(s) on Slack's hosts only, checked by _trusted above
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        data = response.read(MAX_ATTACHMENT_BYTES + 1)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRefused(f"file larger than {MAX_ATTACHMENT_BYTES // 2**20} MB")
    return data


def store_reply_files(blobs: BlobStore, files: list[dict], token: str, api_url: str
                      ) -> tuple[Attachment, ...]:
    """Fetch each file of a Slack message with the bot token and keep it as a blob."""
    stored = []
    for item in files:
        url = item.get("url_private_download") or item.get("url_private")
        if not url:
            continue  # a file the bot may not see (e.g. from another workspace)
        data = download(url, token, api_url)
        stored.append((blobs.put(data), item.get("name") or item.get("id", "file"),
                       item.get("mimetype") or "application/octet-stream", len(data)))
    return tuple(stored)


def upload_to_thread(client: WebClient, channel: str, thread_ts: str, data: bytes,
                     filename: str, comment: str) -> None:
    """files_upload_v2: get an upload URL, send the bytes, complete it into the thread."""
    client.files_upload_v2(channel=channel, thread_ts=thread_ts, content=data,
                           filename=filename, title=filename, initial_comment=comment)
