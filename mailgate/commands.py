"""Commands a reviewer can give by replying: approve the version, or request changes.

A decision is binding, so only an unmistakable first line counts; anything that merely
mentions approval ("not approved", "approved?", "approved but…") stays a comment.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from mailgate.reply_markers import is_quote

DEFAULT_APPROVE_WORDS: tuple[str, ...] = (
    "approved",
    "approve",
    "lgtm",
    "ok to publish",
    "freigegeben",
    "genehmigt",
    "goedgekeurd",
    "approuvé",
    "validé",
    "aprobado",
    "approvato",
    "aprovado",
    "godkänd",
    "godkjent",
    "godkendt",
    "hyväksytty",
    "zatwierdzone",
    "schváleno",
    "одобрено",
    "批准",
    "承認",
    "승인",
)
CHANGES_PREFIX = "changes:"
_TRAILING = ".!。！"  # "Approved." and "APPROVED!" are still exactly the word
_EMPHASIS = "*_"  # "*Approved*" from a client that marks bold text


@dataclass(frozen=True)
class ReplyCommand:
    action: str  # "approve" | "request_changes"
    reason: str  # request_changes: the rest after "changes:"; approve: any text after the word


def parse_command(
    reply: str, approve_words: Iterable[str] = DEFAULT_APPROVE_WORDS
) -> ReplyCommand | None:
    """The command in a trimmed reply, if its first own (unquoted) line is exactly one."""
    lines = reply.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip() and not is_quote(line)), None)
    if first is None:
        return None
    command = lines[first].strip().strip(_EMPHASIS).strip()
    rest = "\n".join(lines[first + 1 :]).strip()
    if _fold(command[: len(CHANGES_PREFIX)]) == CHANGES_PREFIX:
        reason = "\n".join(filter(None, (command[len(CHANGES_PREFIX) :].strip(), rest)))
        return ReplyCommand("request_changes", reason) if reason else None
    if _fold(command.rstrip(_TRAILING)) in {_fold(word) for word in approve_words}:
        return ReplyCommand("approve", rest)
    return None


def _fold(text: str) -> str:
    """Case-, width- and accent-insensitive form: 'APPROUVE' matches 'approuvé'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
