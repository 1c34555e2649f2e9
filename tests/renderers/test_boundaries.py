"""renderers/ stays pure: Pillow and the standard library, no other layer of Proofdesk."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

RENDERERS = Path(__file__).resolve().parents[2] / "renderers"
ALLOWED = {"PIL", "renderers", "__future__"}


def test_renderers_import_only_pillow_and_the_standard_library():
    for path in RENDERERS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in ALLOWED or top in sys.stdlib_module_names, f"{path.name}: {name}"
