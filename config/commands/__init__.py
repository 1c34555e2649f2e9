"""Subcommand groups of `proofdesk`; each module's `register` adds its parsers."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def command(commands, name: str, func: Callable, help: str, *, listing: bool = False
            ) -> argparse.ArgumentParser:
    """Add a subcommand; listings get `--json`."""
    parser = commands.add_parser(name, help=help, description=help)
    parser.set_defaults(func=func)
    if listing:
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def group(commands, name: str, help: str):
    parser = commands.add_parser(name, help=help, description=help)
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True,
                                 parser_class=type(parser))
