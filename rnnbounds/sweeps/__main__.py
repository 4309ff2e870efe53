"""``python -m rnnbounds.sweeps SWEEP.json [--out DIR] [--max-tasks N] [--executor ...]``: run a sweep file.

Writes ``DIR/<name>.sweep.json`` and ``DIR/<name>.rows.jsonl``. Every error is one line on
stderr. Exit 0 when done, 2 on bad input (arguments, the sweep file, --out, the store), 3 when
a task raised (the others finish and are stored; the line names the first failed
configuration), 4 on an internal error, 130 on Ctrl-C (finished tasks are kept; rerun to resume).
"""

from __future__ import annotations

import sys

PROG = "python -m rnnbounds.sweeps"


def main(argv: list[str] | None = None) -> int:
    try:  # nothing but sys is imported before this line
        from rnnbounds.usage import interrupts_kept

        with interrupts_kept():  # a Ctrl-C that lands in a weakref callback while modules import is not lost
            from .main import run

            return run(argv, PROG)
    except KeyboardInterrupt as stop:  # also during start-up, while importing
        from rnnbounds.usage import interrupted

        return interrupted(PROG, stop)


if __name__ == "__main__":
    sys.exit(main())
