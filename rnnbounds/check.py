"""Run the claims of theorems, with progress, and collect their verdicts.

Every instance of every claim (and each claim's negative control) is one task; the tasks of a
theorem run in order and are then assembled into one verdict per claim.
"""

from __future__ import annotations

import sys
from typing import Iterable, Sequence

from tqdm import tqdm

from rnnbounds.theorems.core import ClaimResult, Level, Theorem, Verdict
from rnnbounds.theorems.core.runner import assemble, run_instance, tasks_for


def run_checks(theorems: Sequence[Theorem], level: Level = "quick", seed: int = 0,
               progress: bool | None = None) -> dict[str, list[ClaimResult]]:
    """Verdicts per theorem id. progress: a tqdm bar on stderr (None: only on a terminal)."""
    tasks = [task for theorem in theorems for task in tasks_for(theorem, level, seed)]
    show = sys.stderr.isatty() if progress is None else progress
    by_id = {theorem.id: theorem for theorem in theorems}
    done: dict[str, list] = {theorem.id: [] for theorem in theorems}
    with tqdm(total=len(tasks), desc="checking", unit="task", disable=not show, file=sys.stderr) as bar:
        for task in tasks:
            claim = by_id[task.theorem_id].claim(task.claim_id)
            bar.set_postfix_str(f"{task.theorem_id}:{task.claim_id}", refresh=False)
            done[task.theorem_id].append((task, run_instance(claim, task.theorem_id, task.index, level, seed)))
            bar.update()
    return {tid: assemble(by_id[tid], pairs, level, seed) for tid, pairs in done.items()}


def unexpected_failures(results: dict[str, list[ClaimResult]]) -> list[ClaimResult]:
    """The claims whose verdict is FAILS (a bug or a real problem, not an expected finding)."""
    return [r for verdicts in results.values() for r in verdicts if r.verdict is Verdict.FAILS]


def select(theorems: Iterable[Theorem], ids: Sequence[str]) -> list[Theorem]:
    """The theorems named by ``ids`` (all when empty), in registry order; unknown ids raise."""
    theorems = list(theorems)
    known = {t.id for t in theorems}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ValueError(f"unknown theorem {unknown[0]!r}; known: {', '.join(t.id for t in theorems)}")
    return [t for t in theorems if not ids or t.id in ids]
