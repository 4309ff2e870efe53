"""Running claims: one task per (theorem, claim, instance), then a verdict per claim.

``evaluate_instance`` is a module-level function of plain arguments, so any executor (serial,
process pool, dask) can run it; ``run_theorem`` is the plain serial driver.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from rnnbounds.theorems.core.claim import Claim, Level
from rnnbounds.theorems.core.result import ClaimResult, InstanceResult, decide
from rnnbounds.theorems.core.seeding import control_index, control_number, instance_rng
from rnnbounds.theorems.core.theorem import Theorem


@dataclass(frozen=True)
class Task:
    """One unit of work: instance ``index`` of a claim (``control_index(k)`` for its control k)."""

    theorem_id: str
    claim_id: str
    index: int
    level: Level
    seed: int


def _instance(claim: Claim, index: int, level: Level):
    number = control_number(index)
    if number is not None:
        return claim.controls[number].instance(level)
    return claim.instances(level)[index]


def run_instance(claim: Claim, theorem_id: str, index: int, level: Level, seed: int) -> InstanceResult:
    """Measure and judge one instance; an exception becomes an error result, never a lost one."""
    instance = dict(_instance(claim, index, level))
    try:
        measurement = claim.measure(instance, instance_rng(seed, theorem_id, claim.id, index))
        held = bool(claim.judge(instance, measurement))
    except Exception as exc:  # recorded, shown in the verdict table, and makes the claim FAIL
        last = traceback.extract_tb(exc.__traceback__)[-1]
        where = f" ({last.filename.rsplit('/', 1)[-1]}:{last.lineno})"
        return InstanceResult(index, instance, None, None, seed, f"{type(exc).__name__}: {exc}{where}")
    return InstanceResult(index, instance, measurement, held, seed)


def evaluate_instance(task: Task) -> InstanceResult:
    """Run one task, finding its theorem in the registry (picklable entry point for executors)."""
    from rnnbounds.theorems.registry import get_theorem

    claim = get_theorem(task.theorem_id).claim(task.claim_id)
    return run_instance(claim, task.theorem_id, task.index, task.level, task.seed)


def tasks_for(theorem: Theorem, level: Level, seed: int, claim_ids: Iterable[str] | None = None) -> list[Task]:
    """Every task of a theorem at a level: each claim's instances, then its negative controls."""
    wanted = set(claim_ids) if claim_ids is not None else None
    tasks = []
    for claim in theorem.claims:
        if not claim.runs_at(level) or (wanted is not None and claim.id not in wanted):
            continue
        indices = list(range(len(claim.instances(level)))) + [control_index(k) for k in range(len(claim.controls))]
        tasks += [Task(theorem.id, claim.id, i, level, seed) for i in indices]
    return tasks


def assemble(theorem: Theorem, results: Iterable[tuple[Task, InstanceResult]], level: Level, seed: int) -> list[ClaimResult]:
    """Group task results by claim and decide each claim's verdict, in the theorem's claim order."""
    by_claim: dict[str, list[tuple[Task, InstanceResult]]] = {}
    for task, result in results:
        by_claim.setdefault(task.claim_id, []).append((task, result))
    verdicts = []
    for claim in theorem.claims:
        if claim.id not in by_claim:
            continue
        pairs = sorted(by_claim[claim.id], key=lambda p: p[0].index)
        controls = tuple(r for t, r in sorted(pairs, key=lambda p: -p[0].index) if control_number(t.index) is not None)
        instances = tuple(r for t, r in pairs if control_number(t.index) is None)
        decision = decide(claim.expect, instances, controls, claim.design_at(level), claim.known_failure)
        verdicts.append(ClaimResult(theorem.id, claim.id, level, seed, decision.verdict, decision.reason, instances,
                                    controls[0] if controls else None, decision.witness, controls=controls,
                                    finding=decision.finding))
    return verdicts


def run_theorem(theorem: Theorem, level: Level = "quick", seed: int = 0,
                on_result: Callable[[Task, InstanceResult], None] | None = None,
                claim_ids: Iterable[str] | None = None) -> list[ClaimResult]:
    """Run every claim of ``theorem`` serially in this process and return the verdicts."""
    def results() -> Iterator[tuple[Task, InstanceResult]]:
        for task in tasks_for(theorem, level, seed, claim_ids):
            claim = theorem.claim(task.claim_id)
            result = run_instance(claim, theorem.id, task.index, level, seed)
            if on_result is not None:
                on_result(task, result)
            yield task, result

    return assemble(theorem, list(results()), level, seed)
