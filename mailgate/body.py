"""Turn a received reply (raw bytes) into the words and images a reviewer sent.

Input is whatever a mail server accepted, so nothing here may raise: a message we cannot read
comes back with `refused` set to a sentence the sender can act on.
"""

import email
import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.message import Message
from urllib.parse import unquote as url_unquote

from mailgate.charsets import decode_text
from mailgate.html_text import html_to_text
from mailgate.reply_markers import is_quote
from mailgate.trimmer import trim_reply

TNEF_REFUSAL = (
    "Outlook sent this reply in its rich-text (winmail.dat) format; "
    "please reply in plain text or HTML"
)
ENCRYPTED_REFUSAL = "This reply is encrypted, so it cannot be read; please reply without encryption"
UNREADABLE_REFUSAL = "This message could not be read as an email; please reply again"

_TNEF_TYPES = frozenset({"application/ms-tnef", "application/vnd.ms-tnef"})
_ENCRYPTED_TYPES = frozenset(
    {"multipart/encrypted", "application/pkcs7-mime", "application/x-pkcs7-mime"}
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # NUL and friends break databases
_CID = re.compile(r"""cid:([^"'\s>)]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ReplyBody:
    text: str  # full decoded text (text/plain preferred, else HTML converted to text)
    reply: str  # trim_reply(text)
    images: tuple[Attachment, ...]  # real image attachments, not logos or inline layout images
    refused: str | None  # why the message cannot be processed, else None

    @property
    def is_empty(self) -> bool:
        """Nothing of the sender's own: no image and no line outside a quote."""
        own = (line for line in self.reply.splitlines() if line.strip() and not is_quote(line))
        return not self.images and next(own, None) is None


@dataclass(frozen=True)
class _Part:
    message: Message
    content_type: str
    in_related: bool  # part of an HTML layout (multipart/related)

    @property
    def is_attachment(self) -> bool:
        return self.message.get_content_disposition() == "attachment"


def parse_reply(raw: bytes) -> ReplyBody:
    """Text, trimmed reply and images of a raw message; never raises on any input."""
    try:
        return _parse(email.message_from_bytes(raw))
    except Exception:  # hostile or broken input must never take the gateway down
        return ReplyBody("", "", (), UNREADABLE_REFUSAL)


def _parse(message: Message) -> ReplyBody:
    parts = list(_leaves(message, in_related=False))
    html = [_decoded(p) for p in parts if p.content_type == "text/html" and not p.is_attachment]
    text = _join(_decoded(p) for p in parts if _is_body(p, "text/plain"))
    if not text.strip():
        text = _join(html_to_text(h) for h in html)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    images = tuple(_images(parts, _cids(html)))
    refused = None if text.strip() or images else _refusal(message, parts)
    return ReplyBody(text, trim_reply(text), images, refused)


def _leaves(part: Message, in_related: bool) -> Iterator[_Part]:
    """Leaf parts in order; attached messages (forwards, bounces) are leaves, not opened."""
    content_type = part.get_content_type()
    payload = part.get_payload()
    if part.get_content_maintype() == "multipart" and isinstance(payload, list):
        for child in payload:
            if isinstance(child, Message):
                yield from _leaves(child, in_related or content_type == "multipart/related")
    else:
        yield _Part(part, content_type, in_related)


def _is_body(part: _Part, content_type: str) -> bool:
    return part.content_type == content_type and not part.is_attachment


def _decoded(part: _Part) -> str:
    data = part.message.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    return decode_text(data, _charset(part.message))


def _join(texts: Iterator[str]) -> str:
    return "\n".join(t for t in texts if t.strip())


def _cids(html: list[str]) -> set[str]:
    """Content-IDs the HTML shows in place: logos and layout, not attachments."""
    return {url_unquote(cid).strip("<>").casefold() for h in html for cid in _CID.findall(h)}


def _images(parts: list[_Part], shown_inline: set[str]) -> Iterator[Attachment]:
    for part in parts:
        filename = _filename(part.message)
        content_type = _image_type(part.content_type, filename)
        if content_type is None:
            continue
        cid = str(part.message.get("Content-ID", "")).strip().strip("<>").casefold()
        if cid and (cid in shown_inline or (part.in_related and not part.is_attachment)):
            continue
        data = part.message.get_payload(decode=True)
        if isinstance(data, bytes) and data:
            yield Attachment(filename, content_type, data)


def _image_type(content_type: str, filename: str) -> str | None:
    """The image type, trusting the file name when a client sent application/octet-stream."""
    if content_type.startswith("image/"):
        return content_type
    guessed, _ = mimetypes.guess_type(filename)
    if content_type == "application/octet-stream" and guessed and guessed.startswith("image/"):
        return guessed
    return None


def _filename(part: Message) -> str:
    try:
        return str(make_header(decode_header(part.get_filename() or "")))
    except (ValueError, LookupError):  # a malformed RFC 2231 or 2047 name: keep the image
        return ""


def _charset(part: Message) -> str | None:
    try:
        return part.get_content_charset()
    except (ValueError, LookupError):  # a malformed RFC 2231 charset: guess from the bytes
        return None


def _refusal(message: Message, parts: list[_Part]) -> str | None:
    if any(_is_tnef(p) for p in parts):
        return TNEF_REFUSAL
    if message.get_content_type() in _ENCRYPTED_TYPES:
        return ENCRYPTED_REFUSAL
    return None


def _is_tnef(part: _Part) -> bool:
    return part.content_type in _TNEF_TYPES or _filename(part.message).lower() == "winmail.dat"
