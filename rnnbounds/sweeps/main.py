"""What ``python -m rnnbounds.sweeps`` does: check everything, run the sweep, write its files."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from rnnbounds.output_paths import checked_output_folder
from rnnbounds.usage import (EXIT_BAD_INPUT, EXIT_TASK_FAILED, OneLineParser, UsageError, error_message,
                             internal_error, print_error)

from .cli import add_executor_arguments, executor_from_arguments, integer_at_least, progress_from_arguments
from .executors import SweepTaskError
from .export import write_results
from .runner import MAX_TASKS, SweepInterrupted, check_size, run_sweep
from .spec import Sweep
from .store import ResultStore, checked_cache

MAX_SPEC_BYTES = 50_000_000


def build_parser(prog: str) -> argparse.ArgumentParser:
    parser = OneLineParser(prog=prog, description="Run a sweep file; finished tasks are stored and reused.")
    parser.add_argument("sweep", help="a sweep JSON file: name, function, grid, seeds, fixed")
    parser.add_argument("--out", default=".", help="directory for the spec and rows (default: .)")
    parser.add_argument("--max-tasks", type=integer_at_least(1, "expected a positive integer"), default=MAX_TASKS,
                        metavar="N", help=f"refuse a sweep of more tasks than this (default {MAX_TASKS:,})")
    add_executor_arguments(parser)
    return parser


def read_sweep(path: str) -> Sweep:
    """The sweep in file ``path`` (ValueError naming the file or the field)."""
    file = Path(path)
    if not file.is_file():
        raise ValueError(f"{path}: no such file" if not file.exists() else f"{path}: not a regular file")
    if file.stat().st_size > MAX_SPEC_BYTES:
        raise ValueError(f"{path}: larger than {MAX_SPEC_BYTES:,} bytes")
    try:
        text = file.read_text()
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read it ({error})") from None
    return Sweep.from_json(text)


def run(argv: list[str] | None, prog: str) -> int:
    """Parse, validate everything (spec, function, size, --out, cache, executor), then run."""
    try:
        arguments = build_parser(prog).parse_args(argv)
        sweep = read_sweep(arguments.sweep)
        check_size(sweep, arguments.max_tasks)
        sweep.resolve()
        out = checked_output_folder(arguments.out, "--out")
        checked_cache(arguments.cache)
        executor = executor_from_arguments(arguments)
        with (ResultStore.in_memory() if arguments.no_cache else ResultStore(arguments.cache)) as store:
            result = run_sweep(sweep, executor=executor, store=store, max_tasks=arguments.max_tasks,
                               progress=progress_from_arguments(arguments))
        spec_path, rows_path = write_results(result, out)
    except SweepInterrupted:
        raise
    except SweepTaskError as failure:
        print_error(prog, failure)
        return EXIT_TASK_FAILED
    except (UsageError, ValueError, OSError, sqlite3.Error) as error:
        print_error(prog, error_message(error))
        return EXIT_BAD_INPUT
    except Exception as error:  # a bug: still one line
        return internal_error(prog, error)
    print(f"{result.total} tasks ({result.reused} reused): {spec_path} {rows_path}")
    return 0
