"""How values look on screen: times, sizes, and one colour per status everywhere."""

from __future__ import annotations

from rich.text import Text

# Status words -> style: the same colour for a status in the table, the matrix and the asset.
STYLES = {
    "approved": "bold green",
    "in_review": "yellow",
    "changes_requested": "bold magenta",
    "superseded": "dim",
    "missing": "red",
    "non_compliant": "bold white on red",
    "fail": "bold red",
    "advisory": "yellow",
    "pass": "green",
    "archived": "dim",
    "quarantined": "yellow",
    "-": "dim",
}
LABELS = {"changes_requested": "changes", "non_compliant": "non-compliant", "in_review": "review"}
SOURCES = {"slack": "#", "email": "@", "tui": ">", "cli": "$"}


def status(word: str | None) -> Text:
    word = word or "-"
    return Text(LABELS.get(word, word), style=STYLES.get(word, ""))


def when(iso: str | None) -> str:
    """ISO timestamp -> `YYYY-MM-DD HH:MM` (UTC, as stored)."""
    return iso[:16].replace("T", " ") if iso else "-"


def size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n:.0f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def source(name: str) -> Text:
    """A comment's medium, marked so a timeline across media reads at a glance."""
    return Text(f"{SOURCES.get(name, '?')}{name}", style="bold cyan")
