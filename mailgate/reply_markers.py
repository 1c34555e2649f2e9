"""What mail clients put between a reply and the message it answers, in many languages.

Line-level recognisers used by the trimmer. Each one says whether a line (or a short run of
lines) is a marker a mail client wrote, never something a person typed; when in doubt they
say no, because losing a reviewer's words is worse than keeping some quoted noise.
"""

import re

_QUOTE_MARK = r"(?:>|[A-Z]{1,3}>|\|(?=\s|$))"
_QUOTE = re.compile(rf"^ {{0,3}}{_QUOTE_MARK}")
_UNQUOTE = re.compile(rf"^(?:\s*{_QUOTE_MARK})+\s?")

# "wrote" in the attribution line ("On <date>, <name> wrote:") of the clients we have seen.
_WROTE = re.compile(
    r"\b(?:wrote|writes|a\s+écrit|escribió|escreveu|ha\s+scritto|schrieb|schreef|geschreven"
    r"|skrev|skrivit|kirjoitti|napisał|napisal|napsal|írta|yazdı|έγραψε|написал|написала"
    r"|написав|пише|писал)|写道|寫道|작성",
    re.IGNORECASE,
)
# How an attribution starts: a lead word and a date, a date, "weekday, date", or "Name <".
_LEADS = r"on|le|am|el|em|il|op|den|dnia|w\s+dniu|at|in|på|dne|kl|在"
_ATTRIBUTION_START = re.compile(
    rf"^(?:(?:{_LEADS})\b.*\d|\d|[^\W\d_]+\.?,\s*\d|[^<>:;!?]{{1,80}}<)", re.IGNORECASE
)
_NUMERIC_DATE = re.compile(r"^\d{1,4}(?:[-/.]|年)\d{1,2}(?:[-/.]|月)\d{1,4}")
_GMT_OFFSET = re.compile(r"\bGMT[+-]\d")
_ENDS_WITH_COLON = re.compile(r"(?:[:：]\s*-*|-{2,})\s*$")
_ENDS_WITH_ADDRESS = re.compile(r"@[^\s<>]+>?\s*[:：]?\s*$")
_ENDS_ADDRESS_COLON = re.compile(r"@[^\s<>]+>\)?\s*[:：]\s*$")
_DATED_START = re.compile(r"^(?:\d|[^\W\d_]+\.?,\s*\d)")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_LEADING_DASHES = re.compile(r"^[-*\s]+")
ATTRIBUTION_MAX_LINES = 6
_ATTRIBUTION_MAX_CHARS = 400

# "-----Original Message-----", "---------- Forwarded message ---------", and translations.
_DASHED_MARKER = re.compile(
    r"^[\s*_]*-{2,}\s*[^-]{0,30}(?:original|message|nachricht|mensaje|messaggio|bericht"
    r"|meddelande|melding|besked|wiadomo|сообщени|邮件|郵件|mail)[^-]{0,30}-{2,}[\s*_]*$",
    re.IGNORECASE,
)
_FORWARD_INTRO = re.compile(
    r"^(?:begin forwarded message|anfang der weitergeleiteten nachricht"
    r"|début du message (?:réexpédié|transféré)|inicio del mensaje reenviado"
    r"|início da mensagem reencaminhada|inizio messaggio inoltrato"
    r"|begin doorgestuurd bericht|vidarebefordrat brev)\s*[:：]\s*$",
    re.IGNORECASE,
)

# Outlook-style header blocks: "From: ... / Sent: ... / To: ... / Subject: ...".
_HEADER_KEY = re.compile(r"^[*_\s]*([^\W\d_][^:：*]{0,24}?)[*_\s]*[:：]")
_FROM_KEYS = frozenset(
    "from von de da från fra van od от 发件人 寄件者 差出人 lähettäjä feladó kimden".split()
)
_OTHER_KEYS = frozenset(
    "sent to cc bcc subject date reply-to gesendet an betreff datum kopie enviado para asunto"
    " fecha envoyé à objet inviato a oggetto data risposta skickat till ämne kopia sendt til"
    " emne verzonden aan onderwerp wysłano wysłane do temat отправлено кому тема дата копия"
    " 收件人 主题 日期 发送时间 抄送 寄件日期 收件者 主旨 副本 送信日時 宛先 件名 lähetetty"
    " vastaanottaja aihe odesláno komu předmět gönderildi kime konu elküldve címzett tárgy".split()
) | {"enviado el", "enviada em", "enviado em", "assunto"}
_HEADER_BLOCK_MIN_KEYS = 2
_HEADER_BLOCK_MAX_LINES = 12

# Lines that end what a person wrote: "-- ", underscore rules, "Sent from my iPhone"...
_RULE = re.compile(r"^(?:--|_{5,})$")
_DEVICE = (
    r"my|mon|ma|min|mijn|meinem|mi|meu|mio|il mio|mój|mojego|моего|iphone|ipad|ipod|android"
    r"|mobile|phone|smartphone|handy|tablet|blackberry|galaxy|samsung|outlook|mail|airmail"
    r"|mailbox|windows|yahoo|gmail|huawei|pixel|cell|móvil|celular|device"
)
_SENT_FROM = re.compile(
    r"^[(<\s]*(?:sent (?:from|via|with|using)|envoyé (?:depuis|de|avec)"
    r"|(?:verzonden|verstuurd) (?:met|vanaf|van)|sendt fra|skickat från|enviado (?:desde|do|de)"
    r"|inviato da|wysłane z|отправлено с|gesendet (?:von|mit))\s+(?:\S+\s+){0,3}?"
    rf"(?:{_DEVICE})\b.{{0,80}}$",
    re.IGNORECASE,
)
_SENT_FROM_TRAILING = re.compile(
    r"^(?:get \[?outlook for .{1,80}|von meinem .{1,40} gesendet"
    r"|diese nachricht wurde von meinem .{1,80} gesendet"
    r"|[從从]我的 ?.{1,20}(?:傳送|发送)|发自我的.{1,20}|.{1,20}から送信)\W*$",
    re.IGNORECASE,
)
# Rules and decorations left behind once a signature or quote is gone ("ᐧ" is a tracker mark).
_JUNK = re.compile(r"^[-_=*~#+—–ᐧ\s]*$")
_FENCE = re.compile(r"^\s*(?:```|~~~)")


def is_quote(line: str) -> bool:
    """'> text', '| text' or Supercite initials 'JD> text' (not a Markdown table row)."""
    if not _QUOTE.match(line):
        return False
    stripped = line.strip()
    return not (stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") > 2)


def unquote(line: str) -> str:
    return _UNQUOTE.sub("", line)


def is_fence(line: str) -> bool:
    return bool(_FENCE.match(line))


def is_junk(line: str) -> bool:
    return bool(_JUNK.match(line)) and not is_fence(line)


def starts_signature(line: str) -> bool:
    text = line.strip()
    return any(pattern.match(text) for pattern in (_RULE, _SENT_FROM, _SENT_FROM_TRAILING))


def is_separator(line: str) -> bool:
    """A one-line marker that opens an original or forwarded message."""
    text = unquote(line).strip()
    return bool(_DASHED_MARKER.match(text) or _FORWARD_INTRO.match(text))


def starts_attribution(line: str) -> bool:
    """Whether an "On …, … wrote:" attribution could begin on this (unquoted) line."""
    return bool(_ATTRIBUTION_START.match(_LEADING_DASHES.sub("", line)))


def closes_attribution(first: str, joined: str) -> bool:
    """Whether `joined`, the lines from `first` on, make a whole attribution."""
    first = _LEADING_DASHES.sub("", first)
    if len(joined) > _ATTRIBUTION_MAX_CHARS:
        return False
    if not any(c.isdigit() or c == "@" for c in joined):
        return False
    if _WROTE.search(joined) and _ENDS_WITH_COLON.search(joined):
        return True
    if _NUMERIC_DATE.match(first):  # Gmail in some locales: "<date> <time> Name <address>:"
        return bool(_ENDS_WITH_ADDRESS.search(joined))
    dated = _DATED_START.match(first) and _TIME.search(joined)
    return bool(dated and _ENDS_ADDRESS_COLON.search(joined))


def is_dated_attribution(line: str) -> bool:
    """Gmail's numeric form, sometimes cut short: '2016-03-03 17:21 GMT+01:00 Some One'."""
    return bool(_NUMERIC_DATE.match(line) and _GMT_OFFSET.search(line))


def header_key(line: str) -> str | None:
    match = _HEADER_KEY.match(unquote(line))
    return match.group(1).strip().casefold() if match else None


def header_block_end(lines: list[str], start: int) -> int | None:
    """End of an Outlook-style 'From:/Sent:/To:/Subject:' block starting at `start`, if any."""
    if header_key(lines[start]) not in _FROM_KEYS:
        return None
    keys, end = 0, start + 1
    limit = min(len(lines), start + _HEADER_BLOCK_MAX_LINES)
    while end < limit:
        if unquote(lines[end]).strip():
            keys += header_key(lines[end]) in _OTHER_KEYS
        elif not _next_is_key(lines, end + 1, limit):
            break
        end += 1
    return end if keys >= _HEADER_BLOCK_MIN_KEYS else None


def _next_is_key(lines: list[str], index: int, limit: int) -> bool:
    """Some clients leave a blank line between header fields."""
    return index < limit and header_key(lines[index]) in _OTHER_KEYS
