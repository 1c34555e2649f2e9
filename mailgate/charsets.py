"""Decode a text part whatever charset it claims, because clients often claim the wrong one."""

import codecs

# Charsets that mail clients declare while actually sending a superset of them.
_SUPERSETS = {
    "ascii": ("cp1252",),
    "iso8859-1": ("cp1252",),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "big5": ("big5hkscs", "cp950"),
    "shift_jis": ("cp932",),
    "euc_kr": ("cp949",),
    "iso2022_jp": ("iso2022_jp_2", "iso2022_jp_ext"),
}
_WIDE = ("utf-16", "utf-32")
_FALLBACK = "cp1252"  # the commonest undeclared legacy charset in mail


def decode_text(data: bytes, declared: str | None) -> str:
    """Text of `data`; never raises, never drops the part for a bad or unknown charset."""
    codec = _lookup(declared)
    if codec and codec.startswith(_WIDE):
        return data.decode(codec, "replace")
    if not data.isascii():
        try:  # valid UTF-8 with non-ASCII bytes is almost never another charset
            return data.decode("utf-8")
        except UnicodeDecodeError:
            if codec in (None, "utf-8") and _mostly_utf8(data):
                return data.decode("utf-8", "replace")
    candidates = (*_SUPERSETS.get(codec or "", ()), codec, _FALLBACK)
    for candidate in filter(None, candidates):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _lookup(declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        return codecs.lookup(declared.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken bytes (a truncated or spliced message), not a legacy charset."""
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    return sum(not ch.isascii() for ch in text) - broken > broken
