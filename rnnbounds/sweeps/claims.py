"""Claim instances as sweep tasks: ``rnnbounds check`` and ``report`` run through the sweep layer.

Each (theorem, claim, instance index, level, seed) is one task of a sweep whose configurations
are ``{"theorem", "claim", "index", "level"}`` (plus ``"code"``, the digest of a plugin
theorem's package sources: see rnnbounds.sweeps.version) and whose seed list is ``[seed]``. A task calls
the core's picklable ``evaluate_instance`` and stores the InstanceResult as JSON, so a rerun of
``rnnbounds check`` with unchanged code reuses every finished instance, and a killed run resumes; ``use_cache=False``
runs every task afresh in a store that lives in memory.
Theorems that are not in the registry (built by hand in a session) cannot be found by a worker;
their tasks run here, serially, and are not stored.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any, Sequence

from rnnbounds.theorems.core import Measurement, Theorem
from rnnbounds.theorems.core.result import InstanceResult
from rnnbounds.theorems.core.runner import Task as ClaimTask
from rnnbounds.theorems.core.runner import evaluate_instance, run_instance

from .executors import Executor, SerialExecutor
from .runner import run_sweep
from .spec import Sweep
from .spec_schema import check_name
from .store import ResultStore
from .version import source_digest

CLAIM_TASK = "rnnbounds.sweeps.claims:claim_task"


def claim_task(config: dict[str, Any], seed: int) -> dict[str, Any]:
    """Sweep task: evaluate one claim instance; the row holds the InstanceResult as JSON."""
    task = ClaimTask(config["theorem"], config["claim"], int(config["index"]), config["level"], seed)
    return {"result": evaluate_instance(task).to_json()}


def instance_result(data: dict[str, Any]) -> InstanceResult:
    """Rebuild an InstanceResult from its JSON form (the inverse of ``to_json``)."""
    measurement = data.get("measurement")
    return InstanceResult(
        index=int(data["index"]),
        instance=data["instance"],
        measurement=None if measurement is None else Measurement(**measurement),
        held=data["held"],
        seed=int(data["seed"]),
        error=data.get("error", ""),
    )


def theorem_code(theorem_id: str) -> str:
    """16 hex digits of the sources of the package a registered theorem comes from ('' when the
    theorem is part of rnnbounds, whose sources every task's code version covers already, or is
    not registered: such tasks run here and are never stored, see run_claim_tasks)."""
    from rnnbounds.theorems.registry import theorem_module

    try:
        module = theorem_module(theorem_id)
    except ValueError:
        return ""
    return source_digest(module)[:16]


def claim_configuration(task: ClaimTask, code: str) -> dict[str, Any]:
    """The sweep configuration of one claim task; ``code`` (a plugin's digest) is part of its key."""
    config: dict[str, Any] = {"theorem": task.theorem_id, "claim": task.claim_id, "index": task.index, "level": task.level}
    if code:
        config["code"] = code
    return config


def claim_sweep(tasks: Sequence[ClaimTask], seed: int) -> Sweep:
    """The sweep of claim tasks (all with one seed), named after its theorems and level."""
    theorem_ids = list(dict.fromkeys(task.theorem_id for task in tasks))
    level = tasks[0].level
    codes = {theorem_id: theorem_code(theorem_id) for theorem_id in theorem_ids}
    grid = [claim_configuration(t, codes[t.theorem_id]) for t in tasks]
    name = f"check:{'+'.join(theorem_ids)}:{level}:seed{seed}"
    try:
        check_name(name)
    except ValueError:  # many theorems, or ids that are not file-name safe: name them by a digest
        digest = hashlib.sha256("\0".join(theorem_ids).encode()).hexdigest()[:16]
        name = f"check:{digest}:{level}:seed{seed}"
    return Sweep(name=name, function=CLAIM_TASK, grid=grid, seeds=[seed])


def run_claim_tasks(
    tasks: Sequence[ClaimTask],
    theorems: dict[str, Theorem],
    *,
    executor: Executor | None = None,
    cache: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    use_cache: bool = True,
) -> list[tuple[ClaimTask, InstanceResult]]:
    """Run claim tasks through the sweep layer and pair each task with its result, in order.

    theorems: id -> Theorem for every task; those not in the registry run here, unstored.
    use_cache: False runs every task again and stores nothing on disk (``--no-cache``).
    """
    registered, local = _split_by_registration(tasks, theorems)
    results: dict[ClaimTask, InstanceResult] = {}
    if registered:
        seeds = {task.seed for task in registered}
        for seed in sorted(seeds):
            chunk = [task for task in registered if task.seed == seed]
            store = None if use_cache else ResultStore.in_memory()
            try:
                swept = run_sweep(claim_sweep(chunk, seed), executor=executor or SerialExecutor(),
                                  cache=cache, store=store, progress=progress)
            finally:
                if store is not None:
                    store.close()
            for task, row in zip(chunk, swept.rows):
                results[task] = instance_result(row["result"])
    for task in local:
        claim = theorems[task.theorem_id].claim(task.claim_id)
        results[task] = run_instance(claim, task.theorem_id, task.index, task.level, task.seed)
    return [(task, results[task]) for task in tasks]


def _split_by_registration(
    tasks: Sequence[ClaimTask], theorems: dict[str, Theorem]
) -> tuple[list[ClaimTask], list[ClaimTask]]:
    """Tasks whose theorem is the registry's own object, and the others."""
    from rnnbounds.theorems.registry import all_theorems

    known = {theorem.id: theorem for theorem in all_theorems()}
    registered = [t for t in tasks if known.get(t.theorem_id) is theorems[t.theorem_id]]
    local = [t for t in tasks if known.get(t.theorem_id) is not theorems[t.theorem_id]]
    return registered, local
