"""The `rnnbounds` command: list, show, bound, check, report; symbols, cache, new, selftest.

Every error is one line on stderr, never a traceback. Exit status (rnnbounds.usage): 0 done;
1 a claim failed unexpectedly (`check`, `report`; for `selftest`, a battery test failed);
2 bad input (unknown theorem or bound, malformed key=value, a value outside a symbol's domain,
an output path or result store that cannot be used); 3 a claim task raised; 4 an internal error
(RNNBOUNDS_TRACEBACK=1 shows it); 130 interrupted. Output paths and the cache are checked before
any claim runs. A plugin that cannot be loaded is named in one warning line and left out; the
other theorems work as usual.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import argparse

PROG = "rnnbounds"

# Only sys is imported before main() is entered, so that a Ctrl-C at start-up meets main's handling
# (past the interpreter's own start-up); everything else is imported inside it.


def build_parser() -> argparse.ArgumentParser:
    from rnnbounds import __version__
    from rnnbounds.commands import COMMANDS, add_arguments
    from rnnbounds.usage import OneLineParser

    parser = OneLineParser(prog=PROG, description="Executable bounds from RNN learning theory.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    for name, (help_text, _) in COMMANDS.items():
        add_arguments(name, sub.add_parser(name, help=help_text, description=help_text))
    return parser


def _run(argv: Sequence[str] | None) -> int:
    import sqlite3

    from rnnbounds.commands import COMMANDS
    from rnnbounds.sweeps import SweepTaskError
    from rnnbounds.usage import EXIT_BAD_INPUT, EXIT_TASK_FAILED, UsageError, error_message, print_error

    try:
        arguments = build_parser().parse_args(argv)
        return COMMANDS[arguments.command][1](arguments)
    except SweepTaskError as failure:
        print_error(PROG, failure)
        return EXIT_TASK_FAILED
    except (UsageError, ValueError, KeyError, ArithmeticError, OSError, sqlite3.Error) as error:
        # ArithmeticError: a bound undefined there; OSError, sqlite3.Error: files and the store
        print_error(PROG, error_message(error))
        return EXIT_BAD_INPUT


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    try:
        from rnnbounds.usage import interrupts_kept

        with interrupts_kept():  # a Ctrl-C that lands in a weakref callback while modules import is not lost
            return _run(argv)
    except KeyboardInterrupt as stop:  # a sweep says how many tasks it kept; also during imports
        from rnnbounds.usage import interrupted

        return interrupted(PROG, stop)
    except SystemExit:  # --help, --version
        raise
    except Exception as error:  # a bug: still one line
        from rnnbounds.usage import internal_error

        return internal_error(PROG, error)


if __name__ == "__main__":
    sys.exit(main())
