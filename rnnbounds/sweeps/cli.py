"""Command-line glue: executor options shared by every command that runs a sweep.

    parser = argparse.ArgumentParser(); add_executor_arguments(parser)
    executor = executor_from_arguments(parser.parse_args())
"""

from __future__ import annotations

import argparse
from typing import Callable

from .executors import CONNECT_SECONDS, Executor, make_executor


def integer_at_least(minimum: int, description: str, maximum: int | None = None) -> Callable[[str], int]:
    """argparse type: an integer in [minimum, maximum]; a bad value gets '<description>, got <text>'."""
    def parse(text: str) -> int:
        try:
            value = int(text) if len(text) <= 40 else None
        except ValueError:
            value = None
        if value is None or value < minimum or (maximum is not None and value > maximum):
            shown = text if len(text) <= 40 else text[:37] + "..."
            raise argparse.ArgumentTypeError(f"{description}, got {shown!r}")
        return value

    return parse


def seconds(text: str) -> float:
    """argparse type: a number of seconds in (0, 1e6)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < 1e6:
        raise argparse.ArgumentTypeError(f"expected a number of seconds in (0, 1e6), got {text!r}")
    return value


MAX_WORKERS = 1024
positive_int = integer_at_least(1, f"expected a positive integer up to {MAX_WORKERS}", MAX_WORKERS)


def add_executor_arguments(parser: argparse.ArgumentParser, progress_option: bool = True) -> None:
    """--executor, --workers, --scheduler, --cache, --no-cache and (with progress_option) --no-progress."""
    group = parser.add_argument_group("execution")
    group.add_argument(
        "--executor", choices=("serial", "process", "dask"), default=None,
        help="where tasks run (default: local processes; dask when --scheduler or --workers is given)",
    )
    group.add_argument(
        "--workers", type=positive_int, default=None, metavar="N",
        help="alone: a local dask cluster of N workers; with --executor process: N processes",
    )
    group.add_argument("--scheduler", default=None, metavar="ADDRESS", help="dask scheduler, e.g. tcp://host:8786")
    group.add_argument("--connect-timeout", type=seconds, default=CONNECT_SECONDS, metavar="SECONDS",
                       help=f"give up connecting to the scheduler after this long (default {CONNECT_SECONDS:g})")
    group.add_argument(
        "--cache", default=None, metavar="DIR",
        help="results store directory (default: $RNNBOUNDS_CACHE or ~/.cache/rnnbounds)",
    )
    group.add_argument("--no-cache", action="store_true",
                       help="run every task again, neither reading nor writing the results store")
    if progress_option:
        group.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def executor_from_arguments(arguments: argparse.Namespace) -> Executor:
    """The executor the parsed options ask for (ValueError on a bad combination or an unreachable
    scheduler, checked now, so that even a run whose results are all cached says so)."""
    executor = make_executor(arguments.executor, arguments.workers, arguments.scheduler,
                             timeout=arguments.connect_timeout)
    check = getattr(executor, "check", None)
    if check is not None:
        check()
    return executor


def progress_from_arguments(arguments: argparse.Namespace) -> bool | None:
    """False when --no-progress, else None (a bar when stderr is a terminal)."""
    return False if arguments.no_progress else None
