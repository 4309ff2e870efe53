"""Run the claims of theorems, with progress, and collect their verdicts.

Every instance of every claim (and each claim's negative control) is one task of a sweep
(rnnbounds.sweeps); the results are then assembled into one verdict per claim.
"""

from __future__ import annotations

import os
from typing import Iterable, Sequence

from rnnbounds.sweeps.claims import run_claim_tasks
from rnnbounds.sweeps.executors import Executor
from rnnbounds.theorems.core import ClaimResult, Level, Theorem
from rnnbounds.theorems.core.runner import assemble, tasks_for


def run_checks(theorems: Sequence[Theorem], level: Level = "quick", seed: int = 0,
               progress: bool | None = None, executor: Executor | None = None,
               cache: str | os.PathLike[str] | None = None, use_cache: bool = True) -> dict[str, list[ClaimResult]]:
    """Verdicts per theorem id. progress: a tqdm bar on stderr (None: only on a terminal).

    The tasks run through the sweep layer (rnnbounds.sweeps): on ``executor`` (default: serial,
    in this process), with each finished instance stored under ``cache`` and reused on a rerun
    (``use_cache=False``: every instance runs again and nothing is stored).
    """
    tasks = [task for theorem in theorems for task in tasks_for(theorem, level, seed)]
    by_id = {theorem.id: theorem for theorem in theorems}
    done: dict[str, list] = {theorem.id: [] for theorem in theorems}
    if tasks:
        for task, result in run_claim_tasks(tasks, by_id, executor=executor, cache=cache,
                                             progress=progress, use_cache=use_cache):
            done[task.theorem_id].append((task, result))
    return {tid: assemble(by_id[tid], pairs, level, seed) for tid, pairs in done.items()}


def unexpected_failures(results: dict[str, list[ClaimResult]]) -> list[ClaimResult]:
    """The claims whose verdict is FAILS and not a declared finding (a bug or a new problem)."""
    return [r for verdicts in results.values() for r in verdicts if r.unexpected]


def select(theorems: Iterable[Theorem], ids: Sequence[str]) -> list[Theorem]:
    """The theorems named by ``ids`` (all when empty), in registry order; unknown ids raise."""
    theorems = list(theorems)
    known = {t.id for t in theorems}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ValueError(f"unknown theorem {unknown[0]!r}; known: {', '.join(t.id for t in theorems)}")
    return [t for t in theorems if not ids or t.id in ids]
