"""The `rnnbounds` command: list, show, bound, check, report.

Bad input (unknown theorem or bound, malformed key=value, values outside a symbol's domain)
prints one line on stderr and exits with status 2; a claim that fails unexpectedly makes
`check` and `report` exit with status 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from rnnbounds.commands import COMMANDS, add_arguments


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rnnbounds", description="Executable bounds from RNN learning theory.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, (help_text, _) in COMMANDS.items():
        add_arguments(name, sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    try:
        arguments = build_parser().parse_args(argv)
        return COMMANDS[arguments.command][1](arguments)
    except (UsageError, ValueError, KeyError, ArithmeticError) as error:  # ArithmeticError: bound undefined there
        message = error.args[0] if error.args else str(error)
        print(f"rnnbounds: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as stop:  # a sweep says how many tasks it kept
        print(f"rnnbounds: {stop}" if str(stop) else "rnnbounds: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
