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
from contextlib import contextmanager
from typing import Any, Callable, Iterator

RESEND_DELAY_S = 0.01  # a Ctrl-C that Python dropped is sent again this long after

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
    pool's exit handler joins its threads, would print a traceback), drop any later KeyboardInterrupt
    that could only be printed as "Exception ignored", clear the interpreter's mark of an unhandled
    KeyboardInterrupt, say what was kept in one line, and return EXIT_INTERRUPTED."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    drop_later_interrupts()
    clear_unhandled_interrupt_mark()
    print(f"{prog}: {stop}" if str(stop) else f"{prog}: interrupted", file=sys.stderr)
    return EXIT_INTERRUPTED


def drop_later_interrupts() -> None:
    """Once a Ctrl-C is handled, a KeyboardInterrupt that reaches ``sys.unraisablehook`` is the same stop:
    drop it instead of printing "Exception ignored in ..." with its traceback.

    Seen: after "interrupted: 4 of 24 tasks are saved", a KeyboardInterrupt raised in the process
    pool's exit handler (concurrent.futures' ``_python_exit``, joining its thread while the interpreter
    shuts down) printed 16 lines more, in 1 of 15 runs of the suite and in 1 of 10 before; the exit
    status was 130 all the same. What raises it so late was not found (90 direct tries under load did
    not reproduce it). The same handler's other late traceback, from ``wakeup()`` racing the pool's
    manager thread, is prevented where it starts: ``ProcessExecutor.abort`` joins that thread. Other
    unraisable exceptions still go to the hook that was there. Installed once.
    """
    if getattr(sys.unraisablehook, "drops_interrupts", False):
        return
    drop_interrupt = _interrupt_hook(sys.unraisablehook, lambda: None)
    drop_interrupt.drops_interrupts = True  # type: ignore[attr-defined]
    sys.unraisablehook = drop_interrupt


def _interrupt_hook(previous: Callable[[Any], object], on_interrupt: Callable[[], object]) -> Callable[[Any], None]:
    """An unraisable hook that calls ``on_interrupt()`` for a KeyboardInterrupt (printing nothing) and
    hands every other unraisable exception to ``previous``."""

    def hook(unraisable: Any) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            on_interrupt()
        else:
            previous(unraisable)

    return hook


def clear_unhandled_interrupt_mark() -> None:
    """Tell the interpreter that the KeyboardInterrupt was handled.

    CPython marks a KeyboardInterrupt that leaves an ``exec`` of source text as unhandled, even when
    a caller catches it (dataclasses and namedtuple build methods with such an ``exec`` while modules
    import). A process with that mark can end killed by SIGINT (status -2) after returning 130: seen
    for ``python -m rnnbounds.sweeps`` on 6 of 150 Ctrl-Cs sent 30-100 ms into start-up, the mark set
    in each. The interpreter clears the mark each time it starts to execute source text, so an empty
    ``exec`` clears it (0 of 300 Ctrl-Cs sent 30-200 ms into start-up went wrong with it).
    """
    exec("")


@contextmanager
def interrupts_kept() -> Iterator[None]:
    """Keep a Ctrl-C that CPython would drop, for the length of the block.

    SIGINT's handler raises KeyboardInterrupt in whatever Python code runs when the signal arrives.
    When that code is a weakref callback or a ``__del__`` (the import system's module-lock callback,
    say, while modules import), the exception cannot propagate: CPython prints "Exception ignored
    in ..." through ``sys.unraisablehook`` and goes on as if no key had been pressed. Inside this
    block such a KeyboardInterrupt is not printed, and SIGINT is sent again RESEND_DELAY_S later, so
    that it is raised where it propagates. Any other unraisable exception goes to the hook that was
    there before. The previous hook is back when the block ends, with ``drop_later_interrupts`` over it
    if a Ctrl-C was handled inside the block.
    """
    def resend() -> None:
        timer = threading.Timer(RESEND_DELAY_S, os.kill, (os.getpid(), signal.SIGINT))
        timer.daemon = True
        timer.start()

    previous = sys.unraisablehook
    sys.unraisablehook = _interrupt_hook(previous, resend)
    try:
        yield
    finally:
        dropping = getattr(sys.unraisablehook, "drops_interrupts", False)
        sys.unraisablehook = previous
        if dropping:
            drop_later_interrupts()
