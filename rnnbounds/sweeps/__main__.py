"""``python -m rnnbounds.sweeps SWEEP.json [--out DIR] [--executor ...]``: run a sweep file.

Writes ``DIR/<name>.sweep.json`` and ``DIR/<name>.rows.jsonl``. Exit 0 when done, 2 on bad input
(one-line message), 130 on Ctrl-C (finished tasks are kept; rerun to resume).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli import add_executor_arguments, executor_from_arguments, progress_from_arguments
from .export import write_results
from .runner import SweepInterrupted, run_sweep
from .spec import Sweep


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rnnbounds.sweeps", description=__doc__.splitlines()[0])
    parser.add_argument("sweep", help="a sweep JSON file: name, function, grid, seeds, fixed")
    parser.add_argument("--out", default=".", help="directory for the spec and rows (default: .)")
    add_executor_arguments(parser)
    arguments = parser.parse_args(argv)
    try:
        sweep = Sweep.from_json(Path(arguments.sweep).read_text())
        sweep.resolve()
        executor = executor_from_arguments(arguments)
    except (OSError, ValueError) as error:
        parser.exit(2, f"{parser.prog}: error: {error}\n")
    try:
        result = run_sweep(sweep, executor=executor, cache=arguments.cache,
                           progress=progress_from_arguments(arguments))
    except SweepInterrupted as stop:
        print(stop, file=sys.stderr)
        return 130
    spec_path, rows_path = write_results(result, arguments.out)
    print(f"{result.total} tasks ({result.reused} reused): {spec_path} {rows_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
