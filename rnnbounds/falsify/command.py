"""``rnnbounds falsify ID [BOUND_OR_CLAIM] [--budget SECONDS] [--seed S] [--out DIR]``.

Searches, for every bound that a claim of theorem ID measures (or the one named), the instance
the hypotheses admit that comes closest to breaking it; ID ``all`` searches every registered
theorem. Each (bound, family) search is one task of a sweep (cached, resumable, on local
processes or dask with --workers / --scheduler). Writes DIR/<id>/falsify.json, falsify.md and a
JSON witness plus a Python reproducer per counterexample, and prints one row per bound.

Exit status (rnnbounds.usage): 0 done (a counterexample is a finding, not an error); 2 bad input
(unknown theorem, bound or claim, a bad budget, an unusable --out or store, an unreachable
scheduler), checked before any search runs; 3 a search task raised; 4 an internal error.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from rnnbounds.format import number, text_table
from rnnbounds.output_paths import checked_output_folder, write_text_atomically
from rnnbounds.sweeps.cli import add_executor_arguments, executor_from_arguments, integer_at_least, progress_from_arguments
from rnnbounds.sweeps.spec_schema import MAX_SEED
from rnnbounds.usage import EXIT_BAD_INPUT, EXIT_OK, EXIT_TASK_FAILED, UsageError, error_message, internal_error, print_error

PROG = "rnnbounds falsify"
DEFAULT_BUDGET = 8.0
DEFAULT_OUT = str(Path("reports") / "quick" / "falsify")
MAX_BUDGET = 86400.0


def budget_seconds(text: str) -> float:
    """argparse type: seconds per bound in [0.1, 86400]."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.1 <= value <= MAX_BUDGET:
        raise argparse.ArgumentTypeError(f"expected seconds per bound in [0.1, {MAX_BUDGET:g}], got {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``falsify``."""
    parser.add_argument("theorem", metavar="ID", help="theorem id, or 'all'")
    parser.add_argument("target", nargs="?", default=None, metavar="BOUND_OR_CLAIM",
                        help="one bound name or claim id (default: every bound a claim measures)")
    parser.add_argument("--budget", type=budget_seconds, default=DEFAULT_BUDGET, metavar="SECONDS",
                        help=f"search seconds per bound, shared among its families (default {DEFAULT_BUDGET:g})")
    parser.add_argument("--seed", type=integer_at_least(0, "seed must be an integer in [0, 2^63 - 1]", MAX_SEED),
                        default=0, help="seed of the search (default 0)")
    parser.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help=f"output folder (default {DEFAULT_OUT})")
    add_executor_arguments(parser)


def _selection(arguments: argparse.Namespace) -> list[tuple[Any, tuple]]:
    from rnnbounds.falsify.registry import select_targets
    from rnnbounds.theorems.registry import all_theorems, get_theorem

    if arguments.theorem == "all":
        if arguments.target is not None:
            raise ValueError("BOUND_OR_CLAIM names one theorem's bound; give a theorem id with it, not 'all'")
        theorems = list(all_theorems())
    else:
        theorems = [get_theorem(arguments.theorem)]
    return [(theorem, select_targets(theorem, arguments.target)) for theorem in theorems]


def _search(selection: list, arguments: argparse.Namespace, executor: Any) -> list[dict[str, Any]]:
    from rnnbounds.falsify.task import configurations, falsify_sweep
    from rnnbounds.sweeps.runner import run_sweep

    grid = [config for theorem, targets in selection for config in configurations(theorem, targets, arguments.budget)]
    swept = run_sweep(falsify_sweep(grid, arguments.seed, arguments.budget), executor=executor,
                      cache=arguments.cache, progress=progress_from_arguments(arguments))
    return [row["result"] for row in swept.rows]


def _write(theorem: Any, targets: tuple, rows: list[dict[str, Any]], out: Path, arguments: argparse.Namespace) -> list:
    from rnnbounds.falsify.report_section import render
    from rnnbounds.falsify.summary import summarize, witness_stem, write_reproducers

    folder = out / theorem.id
    folder.mkdir(parents=True, exist_ok=True)
    summaries = summarize(targets, rows)
    reproducers = write_reproducers(folder / "counterexamples", theorem.id, targets, summaries)
    for row in rows:
        if row["violation"]:
            stem = witness_stem(row["target"], row["claim_id"], row["family"])
            row["reproducer"] = f"counterexamples/{stem}.py"
    payload = {"theorem": theorem.id, "budget": arguments.budget, "seed": arguments.seed,
               "targets": [s.to_json() for s in summaries], "searches": rows}
    write_text_atomically(folder / "falsify.json", json.dumps(payload, indent=1, sort_keys=True) + "\n")
    write_text_atomically(folder / "falsify.md", render(payload))
    return summaries + [len(reproducers)]


def _print(theorem_id: str, summaries: list) -> None:
    rows = [[s.name, s.claim_id, s.direction, str(s.evaluations), number(s.to_json()["best_ratio"], 6),
             number(s.to_json()["known_tightness"]), ", ".join(s.to_json()["counterexamples"]) or "-"]
            for s in summaries]
    print(f"\n{theorem_id}")
    print(text_table(("bound", "claim", "direction", "evaluations", "best ratio", "known", "counterexample in"), rows))


def run(arguments: argparse.Namespace) -> int:
    """Validate everything (theorem, bound, out, store, executor), search, write, print; the exit status."""
    from rnnbounds.sweeps.executors import SweepTaskError
    from rnnbounds.sweeps.runner import SweepInterrupted
    from rnnbounds.sweeps.store import checked_cache

    try:
        selection = _selection(arguments)
        out = checked_output_folder(arguments.out, "--out")
        checked_cache(arguments.cache)
        executor = executor_from_arguments(arguments)
        started = time.perf_counter()
        rows = _search(selection, arguments, executor)
        for theorem, targets in selection:
            own = [r for r in rows if r["theorem_id"] == theorem.id]
            *summaries, reproducers = _write(theorem, targets, own, Path(out), arguments)
            _print(theorem.id, summaries)
        print(f"\nsearched in {time.perf_counter() - started:.1f} s; results in {out}", file=sys.stderr)
    except SweepInterrupted:
        raise
    except SweepTaskError as failure:
        print_error(PROG, failure)
        return EXIT_TASK_FAILED
    except (UsageError, ValueError, KeyError, OSError, sqlite3.Error) as error:
        print_error(PROG, error_message(error))
        return EXIT_BAD_INPUT
    except Exception as error:  # a bug: still one line
        return internal_error(PROG, error)
    return EXIT_OK
