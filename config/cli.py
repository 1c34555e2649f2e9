"""The `proofdesk` command: one subcommand per task, each a thin call into core services."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from core.actors import SYSTEM, Actor
from core.errors import ProofdeskError
from core.services import people

from . import slack
from .commands import care, library, mail, operations, orders, review, setup
from .settings import load_settings
from .wiring import open_core

GROUPS = (setup, orders, library, review, mail, operations, care, slack)
EXIT_BAD_INPUT = 2


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 too; keep it to one line plus usage
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"proofdesk: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="proofdesk", description=__doc__.split(":")[1].strip() + ".")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--as", dest="actor", metavar="EMAIL",
                        help="act as this user (default: setting 'as', else the local operator)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for group in GROUPS:
        group.register(commands)
    return parser


class Context:
    """What a command needs: settings, the core, and who is acting."""

    def __init__(self, args: argparse.Namespace):
        self.settings = load_settings()
        self.core = open_core(self.settings)
        self.email = args.actor or self.settings.get("as")

    def actor(self) -> Actor:
        return people.actor_for_email(self.email) if self.email else SYSTEM


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.func(Context(args), args) or 0
    except ProofdeskError as err:
        if args.debug:
            traceback.print_exc()
        print(f"proofdesk: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `proofdesk assets list | head`
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except Exception as err:  # noqa: BLE001 - one line for people, the trace with --debug
        if args.debug:
            raise
        print(f"proofdesk: unexpected {type(err).__name__}: {err} (run with --debug for details)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
