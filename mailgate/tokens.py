"""Reply tokens: which version and recipient a reply belongs to, signed and expiring.

`<version hex>-<user hex>-<expiry day hex>-<signature>`, all lowercase hex so a mail
system that changes the case of the address does not break it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

SIGNATURE_CHARS = 24
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class ReplyToken:
    version_id: int
    user_id: int
    expires: dt.date


class TokenError(ValueError):
    pass


def _sign(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()[:SIGNATURE_CHARS]


def make_token(secret: str, version_id: int, user_id: int, *, days: int = 90,
               today: dt.date | None = None) -> str:
    expires = (today or dt.date.today()) + dt.timedelta(days=days)
    payload = f"{version_id:x}-{user_id:x}-{(expires - EPOCH).days:x}"
    return f"{payload}-{_sign(secret, payload)}"


def read_token(secret: str, token: str, *, today: dt.date | None = None) -> ReplyToken:
    """Check and decode a token; TokenError says whether it is malformed, forged or expired."""
    parts = token.strip().lower().split("-")
    if len(parts) != 4:
        raise TokenError("malformed reply token")
    payload, signature = "-".join(parts[:3]), parts[3]
    if not hmac.compare_digest(_sign(secret, payload), signature):
        raise TokenError("reply token signature does not match")
    try:
        version_id, user_id, day = (int(p, 16) for p in parts[:3])
    except ValueError:
        raise TokenError("malformed reply token") from None
    expires = EPOCH + dt.timedelta(days=day)
    if expires < (today or dt.date.today()):
        raise TokenError(f"reply token expired on {expires}")
    return ReplyToken(version_id, user_id, expires)
