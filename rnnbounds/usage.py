"""One-line errors for the command-line tools: a parser that does not print its usage block,
the documented exit codes, and the one line printed for each kind of failure.

Exit codes (``rnnbounds`` and ``python -m rnnbounds.sweeps`` alike):

    0    done
    1    a claim failed unexpectedly (``check`` and ``report``)
    2    bad input: arguments, values, paths, sweep files, an unusable result store
    3    a task raised (every finished task is stored; fix it and rerun to resume)
    4    an internal error (a bug); RNNBOUNDS_TRACEBACK=1 shows its traceback
    130  interrupted (Ctrl-C); finished tasks are stored
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import traceback

EXIT_OK, EXIT_FAILED_CLAIM, EXIT_BAD_INPUT, EXIT_TASK_FAILED, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, with errors raised as UsageError instead of printing the usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def one_line(text: object) -> str:
    """``text`` on one line: newlines folded, at most 400 characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= 400 else flat[:397] + "..."


def error_message(error: BaseException) -> str:
    """The message of an exception (its first argument for KeyError, which repr-quotes)."""
    if isinstance(error, KeyError) and error.args:
        return str(error.args[0])
    return str(error) or type(error).__name__


def print_error(prog: str, message: object) -> None:
    print(f"{prog}: error: {one_line(message)}", file=sys.stderr)


def print_warning(prog: str, message: object) -> None:
    print(f"{prog}: warning: {one_line(message)}", file=sys.stderr)


def internal_error(prog: str, error: BaseException) -> int:
    """One line for an unexpected exception (the traceback only when RNNBOUNDS_TRACEBACK is set)."""
    if os.environ.get("RNNBOUNDS_TRACEBACK"):
        traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
    print_error(prog, f"internal error, please report it: {type(error).__name__}: {error_message(error)} "
                      "(RNNBOUNDS_TRACEBACK=1 shows the traceback)")
    return EXIT_INTERNAL


def interrupted(prog: str, stop: KeyboardInterrupt) -> int:
    """After a Ctrl-C: ignore any further one (a second Ctrl-C, or one that lands while the process
    pool's exit handler joins its threads, would print a traceback), say what was kept in one line,
    and return EXIT_INTERRUPTED."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    print(f"{prog}: {stop}" if str(stop) else f"{prog}: interrupted", file=sys.stderr)
    return EXIT_INTERRUPTED

