"""tui/ talks to core services only: no peewee, no models, no SQL."""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"
FORBIDDEN = ("peewee", "core.models", "core.db")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_tui_imports_no_database_layer():
    offenders = {str(path.relative_to(TUI)): name for path in TUI.rglob("*.py")
                 for name in imported(path) if name.startswith(FORBIDDEN)}
    assert offenders == {}
