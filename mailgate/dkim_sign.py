"""DKIM signing of outbound mail (dkimpy), and the DNS records that make it count.

Signed notifications and digests pass DKIM, and with the SPF and DMARC records that
`proofdesk mail dns` prints, land in the inbox instead of the spam folder.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

import dkim
from dkim.crypto import parse_pem_private_key

SIGNED_HEADERS = (b"from", b"to", b"subject", b"date", b"message-id", b"reply-to",
                  b"in-reply-to", b"references", b"auto-submitted")
RSA_ENCRYPTION = bytes.fromhex("2a864886f70d010101")  # OID 1.2.840.113549.1.1.1


@dataclass(frozen=True)
class DkimKey:
    selector: str
    domain: str
    private_pem: bytes


def load_key(selector: str, domain: str, path: str) -> DkimKey | None:
    """The configured key, or None when DKIM is not set up."""
    if not (selector and path):
        return None
    pem = Path(path).expanduser().read_bytes()
    parse_pem_private_key(pem)  # a bad key fails at start, not at the first mail
    return DkimKey(selector, domain, pem)


def sign(raw: bytes, key: DkimKey) -> bytes:
    """The message with a DKIM-Signature header in front (relaxed/relaxed, rsa-sha256)."""
    signature = dkim.sign(raw, key.selector.encode(), key.domain.encode(), key.private_pem,
                          canonicalize=(b"relaxed", b"relaxed"),
                          include_headers=[h for h in SIGNED_HEADERS
                                           if h + b":" in raw.lower()])
    return signature + raw


def _der(tag: int, body: bytes) -> bytes:
    size = len(body)
    if size < 0x80:
        return bytes([tag, size]) + body
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + body


def _integer(value: int) -> bytes:
    return _der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def public_key_record(key: DkimKey) -> str:
    """The `p=` value: the SubjectPublicKeyInfo of the key, base64."""
    rsa = parse_pem_private_key(key.private_pem)
    public = _der(0x30, _integer(rsa["modulus"]) + _integer(rsa["publicExponent"]))
    algorithm = _der(0x30, _der(0x06, RSA_ENCRYPTION) + _der(0x05, b""))
    spki = _der(0x30, algorithm + _der(0x03, b"\x00" + public))
    return base64.b64encode(spki).decode()


def dns_records(key: DkimKey | None, domain: str, spf_include: str = "") -> list[str]:
    """DKIM, SPF and DMARC TXT records for the sending domain, ready to publish."""
    include = f" include:{spf_include}" if spf_include else ""
    records = [f'{domain}. TXT "v=spf1 mx{include} ~all"',
               f'_dmarc.{domain}. TXT "v=DMARC1; p=quarantine; adkim=r; aspf=r; '
               f'rua=mailto:dmarc-reports@{domain}"']
    if key:
        records.insert(0, f'{key.selector}._domainkey.{key.domain}. TXT '
                          f'"v=DKIM1; k=rsa; p={public_key_record(key)}"')
    return records
